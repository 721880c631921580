"""Lecture 4, "Neurons and layers": a neuron is a dot product, a bias and a squash; a layer is a
matrix; a network bends space until one straight line separates the classes.

Every number comes from :mod:`nnviz`; the scenes only place and animate it.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    DR,
    LEFT,
    RIGHT,
    UL,
    UP,
    UR,
    WHITE,
    YELLOW,
    Axes,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    Line,
    MathTex,
    ReplacementTransform,
    SurroundingRectangle,
    Text,
    Transform,
    VGroup,
    VMobject,
    Write,
)

from nnviz import linalg
from nnviz.data import DATASETS, digits
from nnviz.network import ACTIVATIONS, MLP, activation, layer_stages, neuron_terms
from nnviz_kit import NNVizScene, fmt, mark_background
from nnviz_kit.charts import chart_axes, plot_values
from nnviz_kit.equations import Num, equation, glyph_matrix, matrix_row
from nnviz_kit.framing import View, fit_view, frame_region
from nnviz_kit.glyphs import glyph_number
from nnviz_kit.heatmap import Heatmap
from nnviz_kit.images import PixelImage
from nnviz_kit.labels import matrix_tex, tex_number, with_background
from nnviz_kit.network import NetworkDiagram
from nnviz_kit.panels import fit_width
from nnviz_kit.params import Array, Choice, Names, Number, ParamError, at_most_items
from nnviz_kit.style import LABEL_SIZE, NEGATIVE, POSITIVE, SMALL_SIZE, VECTOR, sign_color
from nnviz_kit.trained import digits_network, toy_network

__all__ = [
    "Neuron",
    "LayerAsMatrix",
    "ActivationFunctions",
    "Broadcasting",
    "BendingSpace",
    "DigitNetwork",
]

SEED_X = [2, 5, 7, 3]
SEED_W = [[2, 1, 1, -1], [1, 1, 1, 1]]
SEED_B = [-9, -7]
ELEMENTWISE = tuple(n for n in ACTIVATIONS if n != "softmax")


def _tex_name(name: str) -> str:
    return name.replace("_", r"\_")


def _terms(lead: str, ws, xs) -> list:
    """Equation parts ``lead(w0)(x0) + (w1)(x1) + ...`` (see :func:`equation`)."""
    parts: list = []
    for k, (w, x) in enumerate(zip(ws, xs, strict=True)):
        parts += [lead + "(" if k == 0 else ") + (", Num(w), ")(", Num(x)]
    return parts


def activation_axes(name: str, z_max: float, width: float, height: float) -> tuple[Axes, VMobject]:
    """Axes with the graph of activation ``name`` over [−z_max, z_max] (y range from the graph)."""
    act = activation(name)
    zs = np.linspace(-z_max, z_max, 200)
    ys = act.f(zs)
    y0, y1 = min(0.0, float(ys.min())), max(1.0, float(ys.max()))
    axes = chart_axes(
        [-z_max, z_max, max(1, round(z_max / 3))], [y0, y1, (y1 - y0) / 2], width, height
    )
    return axes, plot_values(axes, zs, ys, VECTOR)


def _neuron_diagram(x: np.ndarray, w: np.ndarray, b: float) -> VGroup:
    """VGroup(inputs, x labels, neuron, edges, w labels, b label): inputs at the left feeding
    one neuron, each edge coloured by its weight's sign and as thick as its size."""
    n = len(x)
    ys = (np.arange(n) - (n - 1) / 2) * -min(1.1, 5.0 / max(n - 1, 1))
    inputs = VGroup(
        *(Dot([-5.6, y, 0], radius=0.22, color=WHITE).set_fill(WHITE, 0.15) for y in ys)
    )
    x_labels = VGroup(
        *(
            glyph_number(fmt(v), SMALL_SIZE).next_to(d, LEFT, buff=0.12)
            for v, d in zip(x, inputs, strict=True)
        )
    )
    neuron = Dot([-2.6, ys.mean(), 0], radius=0.4, color=WHITE).set_stroke(WHITE, 2)
    neuron.set_fill(WHITE, 0.0)
    peak = float(np.max(np.abs(w))) or 1.0
    edges = VGroup(
        *(
            Line(d.get_center(), neuron.get_center(), buff=0.4).set_stroke(
                sign_color(v), 1 + 5 * abs(v) / peak, 0.4 + 0.6 * abs(v) / peak
            )
            for v, d in zip(w, inputs, strict=True)
        )
    )
    w_labels = VGroup(
        *(
            glyph_number(fmt(v), 22, sign_color(v)).move_to(
                e.point_from_proportion(0.35) + UP * 0.2
            )
            for v, e in zip(w, edges, strict=True)
        )
    )
    b_label = tex_number("b =", b, font_size=SMALL_SIZE).next_to(neuron, DOWN, buff=0.2)
    return VGroup(inputs, x_labels, neuron, edges, w_labels, b_label)


def _sum_lines(x: np.ndarray, w: np.ndarray, b: float, t, name: str) -> VGroup:
    """The sum term by term, the products, the total plus the bias, and the activation."""
    products: list = []
    for k, p in enumerate(t.products):
        products += ["= (" if k == 0 else ") + (", Num(p)]
    lines = VGroup(
        equation(*_terms("z = ", w, x), ") + (", Num(b), ")", font_size=30),
        equation(*products, ") + (", Num(b), ")", font_size=30),
        equation("= ", Num(t.total), " + (", Num(b), ") = ", Num(t.z), font_size=30),
        equation(
            r"a = \mathrm{" + _tex_name(name) + "}(",
            Num(t.z),
            ") = ",
            Num(t.a, 3),
            font_size=30,
            color=VECTOR,
        ),
    )
    lines.arrange(DOWN, aligned_edge=LEFT, buff=0.22)
    return fit_width(lines, 7.4).to_corner(UR, buff=0.4)


def _activation_point(name: str, z: float, a: float) -> VGroup:
    """VGroup(axes, graph, label, point, guides): the activation's graph with (z, a) marked."""
    z_max = max(5.0, abs(z) * 1.15)
    axes, graph = activation_axes(name, z_max, 6.0, 2.6)
    VGroup(axes, graph).to_corner(DR, buff=0.6).shift(UP * 0.1)
    point = Dot(axes.c2p(z, a), color=YELLOW, radius=0.09)
    guides = VGroup(
        DashedLine(axes.c2p(z, 0), point.get_center(), stroke_width=2),
        DashedLine(point.get_center(), axes.c2p(0, a), stroke_width=2),
    )
    label = MathTex(r"\sigma(z)", font_size=24).next_to(axes, UP, buff=0.05).align_to(axes, LEFT)
    return VGroup(axes, graph, label, point, guides)


def _row_lines(x: np.ndarray, W: np.ndarray, b: np.ndarray, z: np.ndarray) -> VGroup:
    """One line per row j of W: its sum term by term, plus b_j, equals z_j; at the bottom left."""
    lines = VGroup(
        *(
            equation(
                *_terms(rf"\text{{row {j + 1}: }}", W[j], x),
                ") + (",
                Num(b[j]),
                ") = ",
                Num(z[j]),
                font_size=28,
            )
            for j in range(W.shape[0])
        )
    ).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
    return fit_width(lines, 13.0).to_edge(DOWN, buff=0.5).to_edge(LEFT, buff=0.5)


def _activation_panel(name: str) -> VGroup:
    """VGroup(axes, graph, derivative, title, legend) for activation ``name`` over [−4, 4]."""
    axes, graph = activation_axes(name, 4.0, 3.6, 2.6)
    grid = np.linspace(-4, 4, 161)
    deriv = plot_values(axes, grid, activation(name).df(grid), POSITIVE)
    title = MathTex(r"\mathrm{" + _tex_name(name) + "}", font_size=30, color=VECTOR)
    title.next_to(axes, UP, buff=0.1)
    legend = MathTex(r"\sigma'", font_size=26, color=POSITIVE).next_to(title, RIGHT, buff=0.3)
    return VGroup(axes, graph, deriv, title, legend)


def _planes(v: np.ndarray) -> None:
    if not (1 <= len(v) <= 3 and np.all(v == 2)):
        raise ValueError(
            "1 to 3 hidden layers, each of width 2 so that its plane can be drawn, like [2, 2]"
        )


def _check_same_length(params: dict, a: str, b: str, what: str) -> None:
    if len(params[a]) != len(params[b]):
        raise ParamError(
            f"{a} and {b} must have the same length ({what}), got {len(params[a])} and {len(params[b])}"
        )


class Neuron(NNVizScene):
    """One neuron: each input times its weight, the sum plus the bias, then the activation.

    Parameters
    ----------
    inputs : vector of 1-6 numbers, default [2, 5, 7, 3] (seed 003)
    weights : vector of the same length, default [2, 1, 1, -1]
    bias : number, default -9
    activation : relu, leaky_relu, sigmoid, tanh or identity; default sigmoid

    Example
    -------
    ``nnviz render Neuron --set 'inputs=[1,-2] weights=[0.5,0.5] bias=0 activation=tanh' --format png``
    """

    TITLE = "A neuron"
    CAPTION = "A neuron multiplies each input by its weight, adds them and the bias, and squashes the sum."
    PARAMS = (
        Array(
            "inputs",
            (None,),
            default=SEED_X,
            max_abs=10,
            help="the inputs x",
            check=at_most_items(6),
        ),
        Array("weights", (None,), default=SEED_W[0], max_abs=10, help="one weight per input"),
        Number("bias", default=SEED_B[0], minimum=-50, maximum=50),
        Choice("activation", default="sigmoid", choices=ELEMENTWISE),
    )

    @classmethod
    def check_params(cls, p: dict) -> None:
        _check_same_length(p, "inputs", "weights", "one weight per input")

    def construct(self) -> None:
        self.work_out()
        self.wire()
        self.add_up()
        self.squash()
        self.mark_parts()
        self.wait(2)

    def work_out(self) -> None:
        """The products, their total, z = total + b and a = σ(z), recorded as ``self.terms``."""
        p = self.params
        self.terms = t = neuron_terms(p["inputs"], p["weights"], p["bias"], p["activation"])
        self.record(products=t.products, total=t.total, z=t.z, a=t.a)

    def wire(self) -> None:
        """The inputs with their values, then the weighted edges into the neuron and its bias."""
        p = self.params
        self.diagram = _neuron_diagram(p["inputs"], p["weights"], p["bias"])
        inputs, x_labels, neuron, edges, w_labels, b_label = self.diagram
        self.play(FadeIn(inputs), Write(x_labels))
        self.caption(self.CAPTION, duration=3)
        self.play(Create(edges), FadeIn(neuron), Write(w_labels), Write(b_label), run_time=1.5)

    def add_up(self) -> None:
        """The sum term by term, then its products, then the total plus the bias."""
        p = self.params
        self.sums = sums = _sum_lines(
            p["inputs"], p["weights"], p["bias"], self.terms, p["activation"]
        )
        self.play(Write(sums[0]))
        self.caption("Each input times its weight: the terms of a dot product.", duration=2)
        self.play(ReplacementTransform(sums[0].copy(), sums[1]))
        self.play(ReplacementTransform(sums[1].copy(), sums[2]))
        self.wait(0.5)

    def squash(self) -> None:
        """z lands on the activation's graph, a = σ(z) is written and fills the neuron."""
        t = self.terms
        axes, graph, label, point, guides = _activation_point(self.params["activation"], t.z, t.a)
        self.caption("The sum plus the bias lands on the activation's graph.", duration=3)
        self.play(Create(axes), Create(graph), FadeIn(label))
        self.play(FadeIn(point, scale=2), Create(guides), Write(self.sums[3]))
        self.play(self.diagram[2].animate.set_fill(WHITE, float(np.clip(t.a, 0, 1))))
        self.anchor("graph_point", point)

    def mark_parts(self) -> None:
        """Anchors on the neuron and on the middle of each edge."""
        self.anchor("neuron", self.diagram[2])
        for k, edge in enumerate(self.diagram[3]):
            self.anchor(f"edge_{k}", edge.get_center())


class LayerAsMatrix(NNVizScene):
    """A layer is a matrix: each row of W is one neuron's weights; W·x + b row by row, then at once.

    Parameters
    ----------
    x : input vector (1-6 entries), default [2, 5, 7, 3] (seed 003)
    W : weight matrix (1-4 rows, one column per input), default [[2, 1, 1, -1], [1, 1, 1, 1]]
    b : one bias per row, default [-9, -7]; the defaults give W·x + b = [4, 10]

    Example
    -------
    ``nnviz render LayerAsMatrix --set 'x=[1,2] W=[[1,0],[2,-1],[0.5,3]] b=[0,1,-1]' --format png``
    """

    TITLE = "A layer is a matrix"
    CAPTION = "Each row of W is one neuron; W·x + b computes the whole layer at once."
    PARAMS = (
        Array("x", (None,), default=SEED_X, max_abs=100),
        Array("W", (None, None), default=SEED_W, max_abs=100),
        Array("b", (None,), default=SEED_B, max_abs=100),
    )

    @classmethod
    def check_params(cls, p: dict) -> None:
        W, x, b = p["W"], p["x"], p["b"]
        if W.shape[1] != len(x) or W.shape[0] != len(b):
            raise ParamError(
                f"W must have one column per entry of x and one row per entry of b, got W {W.shape}, x ({len(x)}), b ({len(b)})"
            )
        if W.shape[0] > 4 or W.shape[1] > 6:
            raise ParamError(f"W: at most 4 rows and 6 columns fit on screen, got {W.shape}")

    def construct(self) -> None:
        self.work_out()
        self.show_layer()
        self.row_by_row()
        self.all_at_once()
        self.wait(2)

    def work_out(self) -> None:
        """The layer as a one-layer net, its output z = W·x + b and each row's products."""
        x, W, b = self.params["x"], self.params["W"], self.params["b"]
        self.net = MLP.from_weights([W], [b], output="identity")
        self.z = self.net.forward(x).z[0]
        rows = [neuron_terms(x, W[j], b[j], "identity") for j in range(W.shape[0])]
        self.record(z=self.z, row_products=[r.products for r in rows])

    def show_layer(self) -> None:
        """The layer's diagram with the inputs lit, then W, x and b written."""
        x, W, b = self.params["x"], self.params["W"], self.params["b"]
        self.diagram = NetworkDiagram(self.net, width=3.2, height=3.2).to_corner(UL, buff=0.6)
        self.diagram.shift(DOWN * 0.3)
        self.diagram.set_activations(0, np.clip(x / (np.max(np.abs(x)) or 1), 0, 1))
        self.eq = matrix_row(W, x[:, None], "+", b[:, None], "=", self.z[:, None], font_size=32)
        fit_width(self.eq, 8.6).to_corner(UR, buff=0.5)
        self.play(FadeIn(self.diagram))
        self.caption("Every edge into a neuron holds one weight: one row of W.", duration=2)
        self.play(Write(self.eq[:4]))
        self.caption(self.CAPTION, duration=3)

    def row_by_row(self) -> None:
        """Each row of W boxed, its neuron lit, and that row's sum written out."""
        x, W, b = self.params["x"], self.params["W"], self.params["b"]
        diagram, matrix, lines = self.diagram, self.eq[0], _row_lines(x, W, b, self.z)
        rows = len(lines)
        for j, line in enumerate(lines):
            box = SurroundingRectangle(matrix, color=YELLOW, buff=0.05)
            box.stretch_to_fit_height(matrix.height / (rows + 0.6))
            top = matrix.get_top()[1] - matrix.height * (j + 0.8) / (rows + 0.6)
            box.move_to([matrix.get_center()[0], top, 0])
            neuron = diagram.neuron(1, j)
            self.play(Create(box), neuron.animate.set_stroke(YELLOW, 4), run_time=0.6)
            self.play(Write(line), run_time=1.2)
            self.play(FadeOut(box), neuron.animate.set_stroke(WHITE, 1.5), run_time=0.4)

    def all_at_once(self) -> None:
        """The whole product W·x + b = z written at once, and the layer's neurons lit by z."""
        self.caption("All rows at once: one matrix product.", duration=2)
        self.play(Write(self.eq[4:]))
        self.diagram.set_activations(1, np.clip(self.z / (np.max(np.abs(self.z)) or 1), 0, 1))
        self.anchor("result", self.eq[5])


class ActivationFunctions(NNVizScene):
    """ReLU, sigmoid and tanh with their derivatives, and why a nonlinearity matters.

    Parameters
    ----------
    names : 1-3 of relu, leaky_relu, sigmoid, tanh, identity; default relu,sigmoid,tanh

    Example
    -------
    ``nnviz render ActivationFunctions --set 'names=tanh,leaky_relu' --format png``
    """

    TITLE = "Activation functions"
    CAPTION = "Activations bend the line; without them, two layers collapse into one matrix."
    PARAMS = (Names("names", default=["relu", "sigmoid", "tanh"], choices=ELEMENTWISE),)

    # two fixed 2×2 layers for the collapse argument
    W1 = np.array([[1.0, -1.0], [2.0, 0.5]])
    W2 = np.array([[0.5, 1.0], [-1.0, 1.0]])
    PROBE = np.array([1.0, 1.0])

    def construct(self) -> None:
        self.work_out()
        self.show_panels()
        self.collapse()
        self.bend()
        self.wait(2)

    def work_out(self) -> None:
        """Each activation at z = −2, 0, 2; W₂W₁; and the tanh net's g(1,1), g(2,2)."""
        zs = np.array([-2.0, 0.0, 2.0])
        for name in self.params["names"]:
            act = activation(name)
            self.record(**{f"{name}_at": {"z": zs, "f": act.f(zs), "df": act.df(zs)}})
        self.M = M = linalg.compose(self.W2, self.W1)
        tanh_net = MLP.from_weights(
            [self.W1, self.W2], [[0, 0], [0, 0]], activation="tanh", output="identity"
        )
        self.g1, self.g2 = g1, g2 = tanh_net.predict(self.PROBE), tanh_net.predict(2 * self.PROBE)
        lin = MLP.from_weights([M], [[0, 0]], output="identity")
        self.record(collapsed=M, tanh_g_x=g1, tanh_g_2x=g2, linear_2x=lin.predict(2 * self.PROBE))

    def show_panels(self) -> None:
        """Each activation (yellow) with its derivative (blue), side by side at the top."""
        panels = VGroup(*(_activation_panel(name) for name in self.params["names"]))
        fit_width(panels.arrange(RIGHT, buff=0.7).to_edge(UP, buff=0.4), 13.4)
        # placed before the panels animate, against the panels as laid out
        self.collapse_eq, self.bend_eq = pair = self.collapse_equations()
        VGroup(*pair).arrange(DOWN, buff=0.35).next_to(panels, DOWN, buff=0.6)
        fit_width(self.collapse_eq, 13.0)
        fit_width(self.bend_eq, 13.0)
        self.caption("Each activation (yellow) with its derivative (blue).", duration=3)
        for axes, graph, deriv, title, legend in panels:
            self.play(Create(axes), Create(graph), Write(title), run_time=1.0)
            self.play(Create(deriv), FadeIn(legend), run_time=0.8)

    def collapse(self) -> None:
        """Two linear layers are one matrix: W₂(W₁x) = (W₂W₁)x."""
        self.caption("Two linear layers are one matrix: the product W₂W₁.", duration=3)
        self.play(Write(self.collapse_eq), run_time=1.5)
        self.wait(1)

    def bend(self) -> None:
        """With tanh between the layers, g(2x) ≠ 2g(x)."""
        self.caption(
            "With tanh between them, doubling the input no longer doubles the output.", duration=3
        )
        self.play(Write(self.bend_eq), run_time=1.5)
        self.anchor("collapse", self.collapse_eq)

    def collapse_equations(self) -> tuple[MathTex, MathTex]:
        """W₂(W₁x) = (W₂W₁)x, and with tanh between the layers g(2x) ≠ 2g(x)."""
        g1, g2 = self.g1, self.g2
        collapse = MathTex(
            r"W_2 (W_1 x) = ", matrix_tex(self.W2), matrix_tex(self.W1), "x", "=",
            matrix_tex(self.M), "x", font_size=30,
        )  # fmt: skip
        bend = MathTex(
            r"W_2\,\tanh(W_1 x):\ g(1,1) = ", matrix_tex(g1[:, None]), r",\ g(2,2) = ",
            matrix_tex(g2[:, None]), r"\neq 2\,g(1,1)", font_size=30,
        )  # fmt: skip
        return collapse, bend


class Broadcasting(NNVizScene):
    """A batch of inputs times the weight matrix, plus a bias broadcast to every row (seed 001).

    Parameters
    ----------
    batch : k×4 inputs (1-5 rows), default three rows starting with [2, 5, 7, 3]
    bias : 2 numbers, default [-9, -7]; W is the seed's [[2, 1, 1, -1], [1, 1, 1, 1]]

    Example
    -------
    ``nnviz render Broadcasting --set 'batch=[[1,0,0,1],[0,2,1,0]] bias=[1,-1]' --format png``
    """

    TITLE = "Broadcasting a bias"
    CAPTION = "A whole batch at once: X·Wᵀ, then the bias is copied onto every row."
    PARAMS = (
        Array(
            "batch",
            (None, 4),
            default=[[2, 5, 7, 3], [1, 0, 2, 1], [0, 1, -1, 2]],
            max_abs=100,
            check=at_most_items(5),
        ),
        Array("bias", (2,), default=SEED_B, max_abs=100),
    )

    def construct(self) -> None:
        self.work_out()
        self.multiply()
        self.broadcast_bias()
        self.add_bias()
        self.wait(2)

    def work_out(self) -> None:
        """The seed's W, the product X·Wᵀ (k×2) and the output X·Wᵀ + b (k×2)."""
        X, b = self.params["batch"], self.params["bias"]
        self.W = W = np.array(SEED_W, dtype=float)
        self.stage = stage = layer_stages(MLP.from_weights([W], [b], output="identity"), X)[0]
        self.record(weights=W, product=stage.linear, output=stage.shifted)

    def multiply(self) -> None:
        """X·Wᵀ written at the top with its product."""
        self.lhs = matrix_row(
            self.params["batch"], r"\cdot", self.W.T, "=", self.stage.linear, font_size=30
        )
        fit_width(self.lhs, 13).to_edge(UP, buff=0.5)
        self.caption(self.CAPTION, duration=3)
        self.play(Write(self.lhs), run_time=2)

    def broadcast_bias(self) -> None:
        """The product carried down, + b, and the bias row copied onto every row."""
        b, out = self.params["bias"], self.stage.shifted
        k = len(out)
        self.plus = plus = matrix_row(self.stage.linear, "+", b[None, :], "=", out, font_size=30)
        fit_width(plus, 13).next_to(self.lhs, DOWN, buff=0.6)
        copies = glyph_matrix(np.repeat(b[None, :], k, axis=0), font_size=30)
        copies.set_color(VECTOR).move_to(plus[2]).match_height(plus[0])
        self.play(
            ReplacementTransform(self.lhs[4].copy(), plus[0]),
            Write(plus[1]),
            Write(plus[2].set_color(VECTOR)),
        )
        self.caption("The bias row is broadcast: copied down to every example.", duration=3)
        self.play(Transform(plus[2], copies), run_time=1.5)

    def add_bias(self) -> None:
        """The sum X·Wᵀ + b written, with the shapes of the broadcast below."""
        k = len(self.stage.shifted)
        shape_note = Text(
            f"({k}×4)·(4×2) = ({k}×2);  + (1×2) is broadcast to ({k}×2)", font_size=SMALL_SIZE
        )
        fit_width(shape_note, 13).to_edge(DOWN, buff=0.5)
        self.play(Write(self.plus[3:]), FadeIn(shape_note))
        self.anchor("output", self.plus[4])


def _view_options(region: tuple) -> dict:
    """How BendingSpace frames each stage's points: auto-zoom into ``region``, no origin."""
    return dict(region=region, min_half_extent=0.2, include_origin=False, max_unit=5.0)


def _padded_box(X: np.ndarray) -> tuple[float, float, float, float]:
    """The data's bounding box (x0, x1, y0, y1), grown by a tenth on each side."""
    lo, hi = X.min(axis=0), X.max(axis=0)
    pad = 0.1 * (hi - lo)
    return (lo[0] - pad[0], hi[0] + pad[0], lo[1] - pad[1], hi[1] + pad[1])


def _grid_lines(box: tuple, ticks: int, samples: int) -> np.ndarray:
    """``ticks`` vertical then ``ticks`` horizontal lines across ``box``, each ``samples``
    points long, stacked: shape (2 · ticks · samples, 2)."""
    x0, x1, y0, y1 = box
    ys, xs = np.linspace(y0, y1, samples), np.linspace(x0, x1, samples)
    lines = [np.column_stack([np.full(samples, gx), ys]) for gx in np.linspace(x0, x1, ticks)]
    lines += [np.column_stack([xs, np.full(samples, gy)]) for gy in np.linspace(y0, y1, ticks)]
    return np.vstack(lines)


def _line_in_region(view: View, w: np.ndarray, b: float, region: tuple) -> tuple | None:
    """Scene end points of the part of the line w·h + b = 0 inside ``region``, or None."""
    normal = w / (np.linalg.norm(w) or 1.0)
    foot = -b * normal / (np.linalg.norm(w) or 1.0)
    along = np.array([-normal[1], normal[0]])
    pts = view.to_scene(foot + np.linspace(-20, 20, 2001)[:, None] * along)
    x0, x1, y0, y1 = region
    inside = pts[(pts[:, 0] >= x0) & (pts[:, 0] <= x1) & (pts[:, 1] >= y0) & (pts[:, 1] <= y1)]
    return (inside[0], inside[-1]) if len(inside) >= 2 else None


def _clearest_point(view: View, data: np.ndarray, y: np.ndarray, c: int, w, b: float) -> int:
    """Index of the class-``c`` point of ``data`` (k, 2) whose dot lies farthest (in scene
    units) from every dot of the other class and from the line w·h + b = 0, so that a picture
    shows its colour plainly."""
    pts = view.to_scene(data)[:, :2]
    mine, other = np.flatnonzero(y == c), np.flatnonzero(y != c)
    gap = np.abs(data[mine] @ w + b) / (np.linalg.norm(w) or 1.0) * view.unit
    if len(other):
        near = np.linalg.norm(pts[mine, None] - pts[None, other], axis=-1).min(axis=1)
        gap = np.minimum(gap, near)
    return int(mine[np.argmax(gap)])


class BendingSpace(NNVizScene):
    """A small tanh net bends the plane, layer by layer, until one line separates the classes.

    Each layer plays as a linear map (W·a), a shift (+b) and a squash (tanh); the data points
    ride along. At the end the output neuron's line w·h + b = 0 splits the last plane.

    Parameters
    ----------
    dataset : circle, gauss, moons, spiral or xor (nnviz.data, Playground units); default moons
    hidden : widths of the hidden layers, each 2 so the plane can be drawn; 1-3 layers, default [2, 2]
    seed : initialisation seed of the net (0-99), default 1

    Example
    -------
    ``nnviz render BendingSpace --set 'dataset=xor hidden=[2] seed=0' --format png``
    """

    TITLE = "Networks bend space"
    CAPTION = (
        "Layer by layer, the network bends the plane until a straight line splits the classes."
    )
    PARAMS = (
        Choice("dataset", default="moons", choices=tuple(sorted(DATASETS))),
        Array("hidden", (None,), default=[2, 2], max_abs=10, check=_planes),
        Number("seed", default=1, minimum=0, maximum=99, integer=True),
    )

    #: Grid lines per direction, and points per grid line.
    TICKS = 11
    SAMPLES = 40

    def construct(self) -> None:
        self.work_out()
        self.input_plane()
        self.show_answer()
        self.bend()
        self.split()
        self.mark_points()
        self.wait(2)

    def work_out(self) -> None:
        """The trained net, its accuracy and output line w·h + b = 0, and the grid's points."""
        p = self.params
        self.net, self.X, self.y = net, X, y = toy_network(
            p["dataset"], list(p["hidden"]), p["seed"]
        )
        self.accuracy = accuracy = float(np.mean(net.classify(X) == y))
        self.w_out, self.b_out = w_out, b_out = net.W[-1][0], float(net.b[-1][0])
        self.record(weights=net.W, biases=net.b, accuracy=accuracy, decision=[*w_out, b_out])
        self.region = frame_region(right=4.2, margin=0.6)
        self.box = _padded_box(X)
        self.grid_pts = _grid_lines(self.box, self.TICKS, self.SAMPLES)
        # the last hidden layer's activations (k, 2): the plane the output line splits
        self.last = layer_stages(net, X)[-2].activated

    def plane_state(self, data: np.ndarray, grid: np.ndarray) -> tuple:
        """View, grid polylines and class-coloured dots for one stage's data (k, 2)."""
        y, region = self.y, self.region
        view = fit_view(data, **_view_options(region))
        n = self.SAMPLES
        g = VGroup(
            *(
                VMobject().set_points_as_corners(view.to_scene(grid[i * n : (i + 1) * n]))
                for i in range(len(grid) // n)
            )
        )
        g.set_stroke(POSITIVE, 1.5, 0.6)
        mark_background(g)
        dots = VGroup(
            *(
                Dot(p, radius=0.045, color=POSITIVE if c else NEGATIVE)
                for p, c in zip(view.to_scene(data), y, strict=True)
            )
        )
        return view, g, dots

    def input_plane(self) -> None:
        """The input plane: the grid, the data coloured by class, and its title."""
        _, self.grid, self.dots = self.plane_state(self.X, self.grid_pts)
        self.plane_title = Text("input plane", font_size=SMALL_SIZE).to_corner(UR, buff=0.5)
        self.add(self.grid)
        self.play(FadeIn(self.dots), FadeIn(self.plane_title))
        self.caption(self.CAPTION, duration=3)

    def show_answer(self) -> None:
        """The trained net's output over the input plane, as a heatmap, for a moment."""
        net, view = self.net, fit_view(self.X, **_view_options(self.region))
        heat = Heatmap(
            lambda P: net.predict(P)[:, 0], self.box, view, resolution=80, center=0.5, limit=0.5,
            opacity=0.6,
        )  # fmt: skip
        self.play(FadeIn(heat))
        self.caption(
            "What the trained network answers at every input: blue for one class, red for the other.",
            duration=3,
        )
        self.wait(1)
        self.play(FadeOut(heat))

    def bend(self) -> None:
        """Each hidden layer as three moves, W·a, + b and tanh, with grid and data riding along."""
        net, grid, dots, title = self.net, self.grid, self.dots, self.plane_title
        stages, grid_stages = layer_stages(net, self.X), layer_stages(net, self.grid_pts)
        hidden = len(net.W) - 1
        for l in range(hidden):
            s, gs = stages[l], grid_stages[l]
            moves = (
                (s.linear, gs.linear, rf"\text{{layer {l + 1}: }} W_{l + 1} a"),
                (s.shifted, gs.shifted, rf"+\, b_{l + 1}"),
                (s.activated, gs.activated, r"\tanh"),
            )
            for step, (data, g, label) in enumerate(moves):
                _, new_grid, new_dots = self.plane_state(data, g)
                text = MathTex(label, font_size=LABEL_SIZE)
                text.next_to(title, DOWN, buff=0.3 + 0.55 * step).align_to(title, RIGHT)
                self.play(
                    Transform(grid, new_grid), Transform(dots, new_dots), FadeIn(text), run_time=1.6
                )
            new_title = Text(f"after layer {l + 1}", font_size=SMALL_SIZE)
            self.play(Transform(title, new_title.move_to(title, aligned_edge=RIGHT)), run_time=0.5)
            self.wait(0.5)
            if l < hidden - 1:
                self.play(
                    *(FadeOut(m) for m in self.mobjects if isinstance(m, MathTex)), run_time=0.4
                )

    def split(self) -> None:
        """The output neuron's line w·h + b = 0 across the last plane, and the accuracy."""
        self.last_view = fit_view(self.last, **_view_options(self.region))
        self.caption(
            "In the last layer's plane one straight line separates the classes.", duration=3
        )
        ends = _line_in_region(self.last_view, self.w_out, self.b_out, self.region)
        if ends is not None:
            boundary = Line(*ends, color=YELLOW, stroke_width=5)
            self.play(Create(boundary))
            self.anchor("boundary_mid", boundary)
        else:
            self.play(FadeIn(self.note("The output neuron's line falls outside the plane shown.")))
        result = equation(
            r"\text{accuracy: }", Num(100 * self.accuracy, 1), r"\%", font_size=LABEL_SIZE
        )
        self.play(Write(with_background(result.to_corner(DR, buff=0.5))))

    def mark_points(self) -> None:
        """Anchors on the clearest point of each class in the last plane."""
        for c in (0, 1):
            idx = _clearest_point(self.last_view, self.last, self.y, c, self.w_out, self.b_out)
            self.anchor(f"class{c}_point", lambda i=idx: self.dots[i].get_center())


class DigitNetwork(NNVizScene):
    """A [64, 16, 16, 10] network, trained on scikit-learn's digits, reads one test digit.

    Parameters
    ----------
    digit : index into the 360 test images (0-359), default 0

    Example
    -------
    ``nnviz render DigitNetwork --set 'digit=17' --format png``
    """

    TITLE = "A network reads a digit"
    CAPTION = "An 8×8 digit enters as 64 numbers; activations light up layer by layer."
    PARAMS = (
        Number("digit", default=0, minimum=0, maximum=359, integer=True, help="test image index"),
    )

    def construct(self) -> None:
        self.work_out()
        self.show_network()
        self.forward_pass()
        self.answer()
        self.mark_parts()
        self.wait(2)

    def work_out(self) -> None:
        """The test digit (64 pixels), every layer's activations, the 10 outputs and the verdict."""
        self.net = net = digits_network()
        _, test = digits()
        i = self.params["digit"]
        self.pixels, self.label = x, label = test.X[i], int(test.y[i])
        self.trace = trace = net.forward(x)
        out = trace.output
        self.predicted = predicted = int(np.argmax(out))
        self.record(pixels=x, activations=trace.a, outputs=out, predicted=predicted, true=label)

    def show_network(self) -> None:
        """The 8×8 image at the left and the network's diagram beside it."""
        self.image = PixelImage(self.pixels.reshape(8, 8), size=2.6)
        self.image.to_edge(LEFT, buff=0.5).shift(UP * 0.4)
        self.diagram = NetworkDiagram(self.net, width=6.6, height=6.4).move_to([0.9, 0.1, 0])
        self.play(FadeIn(self.image), FadeIn(self.diagram))
        self.caption(self.CAPTION, duration=3)

    def forward_pass(self) -> None:
        """Activations light up layer by layer."""
        self.play(self.diagram.forward_pass(self.trace.a, run_time=0.9))

    def answer(self) -> None:
        """Each output's digit and probability, the brightest boxed, and the verdict."""
        outputs, out = self.diagram.layers[-1], self.trace.output
        image, label, predicted = self.image, self.label, self.predicted
        digits_ = VGroup(
            *(
                MathTex(str(k), font_size=26).next_to(c, RIGHT, buff=0.15)
                for k, c in enumerate(outputs)
            )
        )
        probs = VGroup(
            *(
                glyph_number(fmt(p, 2), 22, VECTOR).next_to(d, RIGHT, buff=0.25)
                for p, d in zip(out, digits_, strict=True)
            )
        )
        verdict = MathTex(
            rf"\text{{predicted }} {predicted},\ \text{{true }} {label}",
            font_size=LABEL_SIZE,
            color=POSITIVE if predicted == label else NEGATIVE,
        ).next_to(image, DOWN, buff=0.5)
        fit_width(verdict, 3.6)
        self.caption("The brightest output is the network's answer.", duration=2)
        self.play(FadeIn(digits_), FadeIn(probs))
        best = SurroundingRectangle(
            VGroup(digits_[predicted], probs[predicted]), color=YELLOW, buff=0.06
        )
        self.play(Create(best), Write(verdict))
        self.anchor("predicted_neuron", outputs[predicted])

    def mark_parts(self) -> None:
        """Anchors on the image and on each output neuron."""
        self.anchor("image", self.image)
        for k in range(10):
            self.anchor(f"output_{k}", self.diagram.layers[-1][k])
