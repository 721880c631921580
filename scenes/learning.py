"""Lecture 5, "How networks learn": a cost, its slope, descent on a surface, the chain rule,
local linearity, backpropagation's four equations, and a digits network in training.

Every number comes from :mod:`nnviz`; the scenes only place and animate it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UL,
    UP,
    UR,
    WHITE,
    YELLOW,
    Arrow,
    Axes,
    Create,
    Dot,
    FadeIn,
    FadeOut,
    Line,
    MathTex,
    Rectangle,
    Text,
    Transform,
    ValueTracker,
    VGroup,
    VMobject,
    Write,
    always_redraw,
    config,
)

from nnviz.backprop import backward, gradient_check, loss_value
from nnviz.calculus import PLANE_MAPS, linearize, plane_map
from nnviz.data import digits
from nnviz.network import MLP, loss
from nnviz.optimize import (
    SURFACES,
    Surface,
    gradient_descent,
    momentum,
    noisy_gradient,
    sgd,
    surface,
    train,
)
from nnviz_kit import NNVizScene, fmt, mark_background
from nnviz_kit.charts import chart_axes, chart_segment, line_chart, plot_values
from nnviz_kit.equations import Num, equation, matrix_row
from nnviz_kit.framing import View, fit_view, frame_region
from nnviz_kit.glyphs import glyph_number
from nnviz_kit.labels import tex_number
from nnviz_kit.levelsets import LevelSets
from nnviz_kit.network import NetworkDiagram
from nnviz_kit.panels import fit_width, named_matrix
from nnviz_kit.params import Array, Choice, Number, ParamError
from nnviz_kit.style import GRID, I_HAT, J_HAT, LABEL_SIZE, NEGATIVE, POSITIVE, VECTOR
from nnviz_kit.trained import DIGITS_SETTINGS

__all__ = [
    "CostFunction",
    "GradientDescent",
    "ChainRule",
    "LocalLinearity",
    "Backpropagation",
    "TrainingProgress",
]

METHOD_COLORS = {"gd": VECTOR, "sgd": I_HAT, "momentum": J_HAT}
METHOD_NAMES = {"gd": "gradient descent", "sgd": "SGD", "momentum": "momentum"}
#: A descent path from :mod:`nnviz.optimize` (``points`` (k, 2), ``losses`` (k,), ``diverged``).
Trajectory = Any


def _cost_and_slope(x: float, b: float, y: float):
    """C(w) and dC/dw for one sigmoid neuron; a plain closure, so that the updaters that call
    it never hold the scene (manim deep-copies updaters with their mobjects)."""

    def at(w: float) -> tuple[float, float]:
        net = MLP.from_weights([[[w]]], [[b]], output="sigmoid")
        return loss_value(net, [x], [y]), float(
            backward(net, net.forward([x]), [y]).grad_W[0][0, 0]
        )

    return at


def _tangent(axes: Axes, tracker: ValueTracker, at, span: float) -> Line:
    """The tangent at the tracked w, drawn as a fixed length in screen units whatever the slope."""
    w = tracker.get_value()
    c, s = at(w)
    p = axes.c2p(w, c)
    q = axes.c2p(w + span, c + s * span)
    d = (q - p) / (np.linalg.norm(q - p) or 1)
    return Line(p - 1.0 * d, p + 1.0 * d, color=POSITIVE if s >= 0 else NEGATIVE, stroke_width=4)


def _cost_readout(at, w: float) -> VGroup:
    """w, C and dC/dw at one stop (rebuilt at each stop; numbers are glyphs, so no LaTeX run)."""
    c, s = at(w)
    parts = ("w = ", Num(w), r",\ C = ", Num(c, 3), r",\ \tfrac{dC}{dw} = ", Num(s, 3))
    tex = equation(*parts, font_size=30)
    return tex.to_corner(UR, buff=0.4)


class CostFunction(NNVizScene):
    """The squared-error cost of one example as a function of one weight, and its slope.

    One sigmoid neuron a = σ(w·x + b) with input x, bias b and target y; the cost is
    C(w) = ½(a − y)². A point slides along the curve with its tangent line.

    Parameters
    ----------
    w_range : [w_min, w_max], default [-4, 4]
    x, b, y : input, bias and target, defaults 1.5, -1, 0.2

    Example
    -------
    ``nnviz render CostFunction --set 'w_range=[-2,6] y=0.9' --format png``
    """

    TITLE = "The cost of one weight"
    CAPTION = (
        "The cost as a function of one weight; the tangent's slope says which way is downhill."
    )
    PARAMS = (
        Array("w_range", (2,), default=[-4, 4], max_abs=20),
        Number("x", default=1.5, minimum=-5, maximum=5),
        Number("b", default=-1.0, minimum=-5, maximum=5),
        Number("y", default=0.2, minimum=0, maximum=1),
    )

    @classmethod
    def check_params(cls, p: dict) -> None:
        lo, hi = p["w_range"]
        if not hi - lo >= 0.5:
            raise ParamError(
                f"w_range: must be [w_min, w_max] with w_max - w_min >= 0.5, got {[lo, hi]}"
            )

    def construct(self) -> None:
        self.work_out()
        self.show_curve()
        self.slide_tangent()
        self.finish()

    def work_out(self) -> None:
        """The cost along w (200 samples), its slope at four stops, and the axes framing it."""
        lo, hi = (float(v) for v in self.params["w_range"])
        self.at = _cost_and_slope(self.params["x"], self.params["b"], self.params["y"])
        self.ws = np.linspace(lo, hi, 200)
        self.cs = np.array([self.at(w)[0] for w in self.ws])
        self.stops = np.linspace(lo + 0.15 * (hi - lo), hi - 0.15 * (hi - lo), 4)
        samples = [dict(w=w, cost=c, slope=s) for w in self.stops for c, s in [self.at(w)]]
        self.record(samples=samples, curve_min_w=float(self.ws[np.argmin(self.cs)]))
        self.axes = self.cost_axes(lo, hi, float(self.cs.max()))
        self.span = (hi - lo) * 0.12

    def cost_axes(self, lo: float, hi: float, top: float) -> Axes:
        """Axes for w in [lo, hi] and C up to 1.15·top, at the bottom left."""
        top = top * 1.15 or 1.0
        axes = chart_axes([lo, hi, max(0.5, round((hi - lo) / 8, 1))], [0, top, top / 2], 9.5, 5.2)
        return axes.to_edge(DOWN, buff=0.6).to_edge(LEFT, buff=0.8)

    def show_curve(self) -> None:
        """The axes, the formula for C(w) with its given x, b, y, then the curve."""
        axes, p = self.axes, self.params
        curve = plot_values(axes, self.ws, self.cs, VECTOR, stroke_width=4)
        w_label = MathTex("w", font_size=LABEL_SIZE).next_to(axes.x_axis, RIGHT, buff=0.15)
        c_label = MathTex(r"C(w) = \tfrac12(\sigma(wx + b) - y)^2", font_size=30)
        c_label.to_corner(UL, buff=0.4)
        given = equation(
            "x = ", Num(p["x"]), r",\ b = ", Num(p["b"]), r",\ y = ", Num(p["y"]), font_size=28
        ).next_to(c_label, DOWN, aligned_edge=LEFT)
        self.play(Create(axes), Write(w_label), Write(c_label), Write(given))
        self.caption(self.CAPTION, duration=3)
        self.play(Create(curve), run_time=1.5)

    def slide_tangent(self) -> None:
        """The tangent and a readout of w, C and dC/dw move from stop to stop."""
        # locals, so that the updaters below never hold the scene
        axes, at, stops, span = self.axes, self.at, self.stops, self.span
        tracker = ValueTracker(stops[0])
        line = always_redraw(lambda: _tangent(axes, tracker, at, span))
        dot = always_redraw(
            lambda: Dot(axes.c2p(tracker.get_value(), at(tracker.get_value())[0]), radius=0.08)
        )
        text = _cost_readout(at, stops[0])
        self.play(FadeIn(line), FadeIn(dot), FadeIn(text))
        self.caption(
            "Where the slope is positive, decreasing w lowers the cost; where negative, increasing it does.",
            duration=4,
        )
        for w in stops[1:]:
            self.play(tracker.animate.set_value(w), FadeOut(text, run_time=0.3), run_time=1.5)
            text = _cost_readout(at, w)
            self.play(FadeIn(text), run_time=0.4)
            self.wait(0.4)
        self.remove(tracker)  # not drawn; keeps the layout check to drawn objects
        self.dot = dot

    def finish(self) -> None:
        """Anchor the point on the curve, then hold."""
        self.anchor("point", self.dot.get_center)
        self.wait(1)


class GradientDescent(NNVizScene):
    """Level sets of a 2-D loss with gradient-descent, SGD and momentum paths, step by step.

    Parameters
    ----------
    function : quadratic, rosenbrock, himmelblau or saddle (nnviz.optimize.surface); default quadratic
    start : [x, y] inside the function's plotting box; default [-1.6, 1], the quadratic's own
        start, which lies inside every function's box
    lr : learning rate (0.0001-5); too large diverges, and the scene says so; default 0.08.
        The steep functions want smaller steps: about 0.0015 for rosenbrock, 0.01 for himmelblau
    method : gd, sgd, momentum or all; default all
    steps : number of steps (1-60), default 25

    Example
    -------
    ``nnviz render GradientDescent --set 'function=rosenbrock lr=0.0015' --format png``
    """

    TITLE = "Gradient descent"
    CAPTION = "Each step moves against the gradient, downhill across the level sets."
    PARAMS = (
        Choice("function", default="quadratic", choices=tuple(sorted(SURFACES))),
        Array(
            "start", (2,), default=[-1.6, 1.0], max_abs=5,
            help="where descent starts, inside the function's box",
        ),
        Number(
            "lr", default=0.08, minimum=1e-4, maximum=5,
            help="learning rate (rosenbrock wants about 0.0015, himmelblau 0.01)",
        ),
        Choice("method", default="all", choices=("all", "gd", "sgd", "momentum")),
        Number("steps", default=25, minimum=1, maximum=60, integer=True),
    )  # fmt: skip

    @classmethod
    def check_params(cls, values: dict[str, Any]) -> None:
        """The start must lie inside the chosen function's box (where the contours are drawn)."""
        p = values
        (x0, x1), (y0, y1) = surface(p["function"]).box
        if not (x0 <= p["start"][0] <= x1 and y0 <= p["start"][1] <= y1):
            raise ParamError(
                f"start: must lie inside the {p['function']} function's box "
                f"[{fmt(x0)}, {fmt(x1)}] × [{fmt(y0)}, {fmt(y1)}], got {p['start'].tolist()}"
            )

    def paths(self, s: Surface) -> dict[str, Trajectory]:
        p = self.params
        start, lr, steps = p["start"], p["lr"], p["steps"]
        methods = ("gd", "sgd", "momentum") if p["method"] == "all" else (p["method"],)
        scale = 0.1 * float(np.linalg.norm(s.grad(np.asarray(start)))) + 0.1
        run = {
            "gd": lambda: gradient_descent(s.f, s.grad, start, lr, steps),
            "sgd": lambda: sgd(s.f, noisy_gradient(s.grad, scale), start, lr, steps, seed=0),
            "momentum": lambda: momentum(s.f, s.grad, start, lr, steps, beta=0.5),
        }
        return {m: run[m]() for m in methods}

    def construct(self) -> None:
        self.work_out()
        self.landscape()
        self.loss_chart()
        self.descend()
        self.verdict()
        self.finish()

    def work_out(self) -> None:
        """The loss surface and each method's descent path."""
        s = self.surface = surface(self.params["function"])
        self.trajectories = self.paths(s)
        self.record(
            paths={
                m: {"points": p.points, "losses": p.losses, "diverged": p.diverged}
                for m, p in self.trajectories.items()
            },
            minima=s.minima,
        )

    def landscape(self) -> None:
        """Level sets of the loss over its box (contourpy), the box and the known minima."""
        s = self.surface
        (bx0, bx1), (by0, by1) = s.box
        view = fit_view(
            [[bx0, by0], [bx1, by1]],
            region=frame_region(right=5.2, margin=0.5),
            include_origin=False,
            min_half_extent=0.1,
            max_unit=5,
        )
        contours = LevelSets(s.f, (bx0, bx1, by0, by1), view)
        lo, hi = view.to_scene([bx0, by0]), view.to_scene([bx1, by1])
        box = Rectangle(width=hi[0] - lo[0], height=hi[1] - lo[1]).move_to((lo + hi) / 2)
        box.set_stroke(WHITE, 1, 0.4)
        minima = VGroup(*(Dot(view.to_scene(m), radius=0.07, color=WHITE) for m in s.minima))
        self.play(Create(contours), FadeIn(box), FadeIn(minima), run_time=1.5)
        self.view = view

    def loss_chart(self) -> None:
        """Empty loss-per-step axes (drawn step by step later) and the methods' legend."""
        paths = self.trajectories
        every = np.concatenate([p.losses for p in paths.values()])
        steps = np.zeros(max(len(p.points) for p in paths.values()))
        chart = line_chart(
            steps, 4.2, 2.6, WHITE, r"C \text{ vs. step}", top=float(every.max()),
            bottom=min(0.0, float(every.min())), draw_line=False,
        )  # fmt: skip
        chart.to_corner(UR, buff=0.55).shift(DOWN * 0.3)
        legend = (
            VGroup(*(Text(METHOD_NAMES[m], font_size=20, color=METHOD_COLORS[m]) for m in paths))
            .arrange(DOWN, aligned_edge=LEFT, buff=0.12)
            .next_to(chart, DOWN, buff=0.4)
            .align_to(chart, LEFT)
        )
        self.play(Create(chart[0]), FadeIn(chart[2]), FadeIn(legend))
        self.caption(self.CAPTION, duration=3)
        self.chart, self.legend = chart, legend

    def descend(self) -> None:
        """All methods step together; the first one shows its step −lr·∇C as an arrow."""
        s, view, paths, chart = self.surface, self.view, self.trajectories, self.chart
        heads = {
            m: Dot(view.to_scene(p.points[0]), radius=0.07, color=METHOD_COLORS[m])
            for m, p in paths.items()
        }
        self.add(*heads.values())
        self.caption("The arrow is one step of −lr·∇C.", duration=3)
        arrow = None
        first = next(iter(paths))
        for k in range(1, max(len(p.points) for p in paths.values())):
            anims = []
            for m, p in paths.items():
                if k < len(p.points):
                    anims += self.step(view, chart, m, p, k, heads[m])
            arrow, more = self.step_arrow(s, view, paths[first], k, arrow)
            if anims or more:
                self.play(*anims, *more, run_time=0.4 if k > 3 else 0.8)
        if arrow is not None:
            self.play(FadeOut(arrow), run_time=0.3)
        self.heads = heads

    @staticmethod
    def step(view: View, chart: VGroup, m: str, p: Trajectory, k: int, head: Dot) -> list:
        """Step ``k`` of method ``m``: a trail segment (or the head leaving the view) and the
        matching stretch of the loss chart."""
        color = METHOD_COLORS[m]
        # the chart spans every method's losses, so every segment fits
        anims: list = [Create(chart_segment(chart[0], p.losses, k - 1, k, color, stroke_width=2.5))]
        if view.contains(p.points[k - 1], pad=0.05) and view.contains(p.points[k], pad=0.05):
            a, b = view.to_scene(p.points[k - 1]), view.to_scene(p.points[k])
            anims += [Create(Line(a, b, color=color, stroke_width=3)), head.animate.move_to(b)]
        else:
            anims.append(FadeOut(head))
        return anims

    def step_arrow(
        self, s: Surface, view: View, p: Trajectory, k: int, arrow: Arrow | None
    ) -> tuple[Arrow | None, list]:
        """The arrow −lr·∇C from point k−1 of ``p``, while it stays in view and visible."""
        if k >= len(p.points):
            return arrow, []
        tail = p.points[k - 1]
        tip = tail - self.params["lr"] * s.grad(tail)
        a, b = view.to_scene(tail), view.to_scene(tip)
        if (
            view.contains(tail, pad=0.05)
            and view.contains(tip, pad=0.05)
            and np.linalg.norm(b - a) > 0.05
        ):
            new = Arrow(
                a, b, buff=0, color=WHITE, stroke_width=3, max_tip_length_to_length_ratio=0.3
            )
            return (new, [FadeIn(new)]) if arrow is None else (arrow, [Transform(arrow, new)])
        return None, ([] if arrow is None else [FadeOut(arrow)])

    def verdict(self) -> None:
        """The divergence note, or each method's final cost beside the legend."""
        paths, legend = self.trajectories, self.legend
        lr = self.params["lr"]
        diverged = [METHOD_NAMES[m] for m, p in paths.items() if p.diverged]
        if diverged:
            self.caption(
                f"With learning rate {fmt(lr, 4)} the steps overshoot and the cost blows up.",
                duration=3,
            )
            verb = "diverges" if len(diverged) == 1 else "diverge"
            note = (
                f"lr = {fmt(lr, 4)} is too large: {', '.join(diverged)} {verb} (the cost blows up)."
            )
            self.play(FadeIn(self.note(note)))
            return
        final = VGroup(
            *(
                tex_number("C =", p.losses[-1], 4, font_size=24, color=METHOD_COLORS[m])
                for m, p in paths.items()
            )
        )
        final.arrange(DOWN, aligned_edge=LEFT, buff=0.12).next_to(legend, RIGHT, buff=0.4)
        self.play(FadeIn(final.align_to(legend, UP)))

    def finish(self) -> None:
        """Anchor each method's last drawn point, then hold."""
        for m in self.trajectories:
            self.anchor(f"{m}_head", self.heads[m].get_center)
        self.wait(1.5)


def _factor_lines(values: VGroup, n: dict) -> tuple[MathTex, MathTex, MathTex, MathTex]:
    """The chain rule for ∂C/∂w, its factors, their values (coloured alike) and the finite
    difference, centred below ``values``; ``n`` holds ChainRule's recorded numbers."""
    chain = MathTex(
        r"\frac{\partial C}{\partial w}", "=", r"\frac{\partial z}{\partial w}", r"\cdot",
        r"\frac{\partial a}{\partial z}", r"\cdot", r"\frac{\partial C}{\partial a}",
        font_size=40,
    ).next_to(values, DOWN, buff=0.7).set_x(0)  # fmt: skip
    factors = MathTex(
        "=", r"a^{(L-1)}", r"\cdot", r"\sigma'(z)", r"\cdot", r"(a - y)", font_size=34
    ).next_to(chain, DOWN, buff=0.3)
    numbers = equation(
        "=", Num(n["dz_dw"], 4), r"\cdot", Num(n["da_dz"], 4), r"\cdot", Num(n["dC_da"], 4),
        "=", Num(n["dC_dw"], 5), font_size=34,
    ).next_to(factors, DOWN, buff=0.3)  # fmt: skip
    fd = equation(
        r"\text{finite difference: } \frac{C(w+\varepsilon) - C(w-\varepsilon)}{2\varepsilon} = ",
        Num(n["finite_difference"], 5),
        font_size=30,
    ).next_to(numbers, DOWN, buff=0.45)
    for m in (chain, factors, numbers, fd):
        fit_width(m, 13)
    for row in (factors, numbers):
        for piece, color in ((row[1], I_HAT), (row[3], J_HAT), (row[5], POSITIVE)):
            piece.set_color(color)
    return chain, factors, numbers, fd


class ChainRule(NNVizScene):
    """The simplest network, one neuron per layer: ∂C/∂w as a chain of three factors.

    z = w·a_prev + b, a = σ(z), C = ½(a − y)², so ∂C/∂w = ∂z/∂w · ∂a/∂z · ∂C/∂a, each
    factor with its value, checked against a finite difference.

    Parameters
    ----------
    w, b : weight and bias, defaults 0.8 and -0.5
    a_prev : the previous neuron's activation, default 0.9
    y : the target, default 1

    Example
    -------
    ``nnviz render ChainRule --set 'w=-1.2 b=0.3 a_prev=0.4 y=0' --format png``
    """

    TITLE = "The chain rule"
    CAPTION = "How the cost changes with a weight is a product of three local rates of change."
    PARAMS = (
        Number("w", default=0.8, minimum=-10, maximum=10),
        Number("b", default=-0.5, minimum=-10, maximum=10),
        Number("a_prev", default=0.9, minimum=-10, maximum=10),
        Number("y", default=1.0, minimum=-10, maximum=10),
    )

    def construct(self) -> None:
        self.work_out()
        self.show_chain()
        self.show_factors()
        self.finish()

    def work_out(self) -> None:
        """z, a, the cost, the three factors of ∂C/∂w, backprop's ∂C/∂w and a finite difference."""
        p = self.params
        net = MLP.from_weights([[[p["w"]]]], [[p["b"]]], output="sigmoid")
        trace = net.forward([p["a_prev"]])
        z, a = float(trace.z[0][0]), float(trace.a[1][0])
        dz_dw = float(trace.a[0][0])  # z = w·a_prev + b, so ∂z/∂w is the input a_prev
        da_dz = float(net.output.df(trace.z[0])[0])
        dC_da = float(loss("mse").grad(trace.a[1], np.array([p["y"]]))[0])
        grads = backward(net, trace, [p["y"]])
        check = gradient_check(net, [p["a_prev"]], [p["y"]])
        cost = loss_value(net, [p["a_prev"]], [p["y"]])
        self.record(
            z=z, a=a, cost=cost, dz_dw=dz_dw, da_dz=da_dz, dC_da=dC_da,
            dC_dw=float(grads.grad_W[0][0, 0]), finite_difference=float(check.grad_W[0][0, 0]),
        )  # fmt: skip
        self.activations, self.cost = [p["a_prev"], z, a], cost

    def show_chain(self) -> None:
        """The chain a → z → a → C, with w and b feeding z, and each node's value below it."""
        activations, cost = self.activations, self.cost
        nodes = VGroup(
            *(MathTex(t, font_size=40) for t in (r"a^{(L-1)}", r"z^{(L)}", r"a^{(L)}", r"C"))
        )
        nodes.arrange(RIGHT, buff=1.6).to_edge(UP, buff=0.8)
        w_node = MathTex("w", font_size=40, color=VECTOR).next_to(nodes[1], UP + LEFT, buff=0.5)
        b_node = MathTex("b", font_size=40).next_to(nodes[1], UP + RIGHT, buff=0.5)
        arrows = VGroup(
            *(
                Arrow(nodes[i].get_right(), nodes[i + 1].get_left(), buff=0.15, stroke_width=3)
                for i in range(3)
            ),
            *(
                Arrow(n.get_bottom(), nodes[1].get_top(), buff=0.1, stroke_width=3)
                for n in (w_node, b_node)
            ),
        )
        shown = [(v, 3) for v in activations] + [(cost, 4)]
        values = VGroup(
            *(
                tex_number("=", v, d, font_size=26).next_to(n, DOWN)
                for (v, d), n in zip(shown, nodes, strict=True)
            )
        )
        self.play(FadeIn(nodes), FadeIn(w_node), FadeIn(b_node), Create(arrows))
        self.caption(
            "One neuron per layer: the weight w feeds z, z feeds a, a feeds the cost.", duration=3
        )
        self.play(Write(values))
        self.values = values

    def show_factors(self) -> None:
        """∂C/∂w as three factors, their values, and a finite difference that agrees."""
        chain, factors, numbers, fd = _factor_lines(self.values, self.numbers)
        self.caption(self.CAPTION, duration=3)
        self.play(Write(chain))
        self.play(Write(factors))
        self.play(Write(numbers))
        self.caption("A finite difference agrees with the chain rule.", duration=2)
        self.play(Write(fd))
        self.gradient = numbers[7]

    def finish(self) -> None:
        """Anchor the chain rule's value of ∂C/∂w, then hold."""
        self.anchor("gradient", self.gradient)
        self.wait(2)


class LocalLinearity(NNVizScene):
    """Zoom into a smooth map of the plane: up close, the grid moves like its Jacobian matrix.

    Parameters
    ----------
    map : wave, square or tanh_layer (nnviz.calculus); default wave
    point : where to zoom in, [x, y] within ±3; default [1, 0.5]

    Example
    -------
    ``nnviz render LocalLinearity --set 'map=square point=[1.5,-1]' --format png``
    """

    TITLE = "Locally linear"
    CAPTION = "A smooth map bends the grid, but zoomed in far enough it moves like a matrix: its Jacobian."
    PARAMS = (
        Choice("map", default="wave", choices=tuple(sorted(PLANE_MAPS))),
        Array("point", (2,), default=[1.0, 0.5], max_abs=3),
    )
    ZOOM_RADIUS = 0.15

    @staticmethod
    def _grid(center: np.ndarray, radius: float, f, view: View, n: int = 9) -> VGroup:
        """Images under ``f`` of the n + n grid lines of a square of half-side ``radius``."""
        ticks = np.linspace(-radius, radius, n)
        t = np.linspace(-radius, radius, 30)
        lines = VGroup()
        for g in ticks:
            for pts in (np.column_stack([np.full(30, g), t]), np.column_stack([t, np.full(30, g)])):
                lines.add(VMobject().set_points_as_corners(view.to_scene(f(center + pts))))
        return lines

    def construct(self) -> None:
        self.work_out()
        self.bend_wide()
        self.zoom_in()
        self.finish()

    def work_out(self) -> None:
        """The Jacobian at p, the small square around p and the largest gap on a ring around p."""
        m = plane_map(self.params["map"])
        p = self.params["point"]
        J = m.jacobian(p)
        r = self.ZOOM_RADIUS
        square = p + r * np.array([[-1, -1], [1, -1], [1, 1], [-1, 1]], dtype=float)
        ring = p + r * np.column_stack(
            [np.cos(np.linspace(0, 2 * np.pi, 64)), np.sin(np.linspace(0, 2 * np.pi, 64))]
        )
        gap = float(np.max(np.linalg.norm(m(ring) - linearize(m, p, ring), axis=1)))
        self.record(jacobian=J, point=p, image=m(p), zoom_radius=r, max_gap=gap, square_image=m(square),
                    square_linear=linearize(m, p, square))  # fmt: skip
        self.smooth_map, self.point, self.jacobian, self.square, self.gap = m, p, J, square, gap

    def bend_wide(self) -> None:
        """The whole grid (radius 3 around the origin) bends into curves under the map."""
        m, p = self.smooth_map, self.point
        left = frame_region(right=5.0, margin=0.5)
        wide_pts = np.vstack(
            [m(np.array([[x, y]])) for x in np.linspace(-3, 3, 7) for y in np.linspace(-3, 3, 7)]
        )
        wide = fit_view(np.vstack([wide_pts, [[-3, -3], [3, 3]]]), region=left, max_unit=2)
        grid0 = self._grid(np.zeros(2), 3.0, lambda q: q, wide, n=13).set_stroke(GRID, 1.5, 0.7)
        grid1 = self._grid(np.zeros(2), 3.0, m, wide, n=13).set_stroke(GRID, 1.5, 0.7)
        mark_background(grid0, grid1)
        marker = Dot(wide.to_scene(p), color=YELLOW, radius=0.08)
        self.play(Create(grid0), FadeIn(marker))
        self.caption("The map bends straight grid lines into curves.", duration=3)
        self.play(Transform(grid0, grid1), marker.animate.move_to(wide.to_scene(m(p))), run_time=2)
        self.wait(0.5)
        self.play(FadeOut(grid0), FadeOut(marker))

    def zoom_grids(
        self, m, p: np.ndarray, square: np.ndarray
    ) -> tuple[VGroup, VGroup, VGroup, View]:
        """The small square's grid, its true image and its linear image, and the zoomed view.

        Offsets from p and from f(p) are framed: fit_view's minimum box is centred on the
        origin, so framing the points themselves would keep the origin in view and undo the
        zoom. The true and the linear images can bulge past the corners' images: frame both.
        """
        r = self.ZOOM_RADIUS
        fp, t = m(p), np.linspace(-r, r, 30)
        dense = p + np.column_stack([a.ravel() for a in np.meshgrid(t, t)])
        offsets = np.vstack([m(dense), linearize(m, p, dense)]) - fp
        region = frame_region(right=5.0, top=0.7, margin=0.5)  # below the zoom note
        zoom = fit_view(offsets, region=region, min_half_extent=1e-6, max_unit=1e4)
        zoom_src = fit_view(square - p, region=region, min_half_extent=1e-6, max_unit=1e4)
        small0 = self._grid(p, r, lambda q: q - p, zoom_src).set_stroke(GRID, 2, 0.8)
        true_img = self._grid(p, r, lambda q: m(q) - fp, zoom).set_stroke(GRID, 2.5, 0.9)
        lin_img = self._grid(p, r, lambda q: linearize(m, p, q) - fp, zoom)
        lin_img.set_stroke(YELLOW, 1.5, 0.9)
        mark_background(small0, true_img, lin_img)
        return small0, true_img, lin_img, zoom

    def zoom_in(self) -> None:
        """Around f(p): the true image (blue) and the linear approximation (yellow) nearly agree."""
        m, p, square, gap = self.smooth_map, self.point, self.square, self.gap
        J_tex = named_matrix("J =", self.jacobian).to_corner(UR, buff=0.5)  # columns as î, ĵ
        r = self.ZOOM_RADIUS
        small0, true_img, lin_img, zoom = self.zoom_grids(m, p, square)
        zoom_note = Text(
            f"zoomed in: a square of side {fmt(2 * r)} around ({fmt(p[0])}, {fmt(p[1])})",
            font_size=22,
        ).to_corner(UL, buff=0.4)
        legend = VGroup(
            Text("true image f(q)", font_size=22, color=GRID),
            MathTex(r"f(p) + J\,(q - p)", font_size=28, color=YELLOW),
            tex_number(r"\max\ \text{gap} =", gap, 5, font_size=28),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        legend.next_to(J_tex, DOWN, buff=0.5).align_to(J_tex, LEFT)
        self.play(Create(small0), FadeIn(zoom_note))
        self.caption(self.CAPTION, duration=4)
        self.play(Write(J_tex))
        self.play(Transform(small0, true_img), run_time=2)
        self.play(Create(lin_img), FadeIn(legend[:2]), run_time=1.5)
        self.caption("The linear approximation and the true image almost coincide.", duration=3)
        self.play(FadeIn(legend[2]))
        self.zoom = zoom

    def finish(self) -> None:
        """Anchor where f(p) is drawn in the zoomed view, then hold."""
        zoom = self.zoom
        self.anchor("zoom_center", lambda: zoom.to_scene(np.zeros(2)))
        self.wait(2)


def _col(v: np.ndarray) -> np.ndarray:
    return np.asarray(v)[:, None]


def _backprop_equations(g) -> list[tuple[list, str]]:
    """(:func:`matrix_row` items, caption) for δ of the output layer, δ of each earlier layer,
    ∂C/∂b and ∂C/∂W^L; the numbers are arrays (glyphs), the formulas fixed TeX."""
    L = len(g.delta)
    eqs = [
        (
            [r"\delta^L = (a^L - y) \odot \sigma'(z^L) =", _col(g.delta[L - 1])],
            "δ of the output layer: how wrong, times how sensitive.",
        )
    ]
    eqs += [
        (
            [
                rf"\delta^{{{l + 1}}} = (W^{{{l + 2}}})^T \delta^{{{l + 2}}} \odot \sigma'(z^{{{l + 1}}}) =",
                _col(g.delta[l]),
            ],
            "Each earlier layer's δ: the next layer's δ sent back through the weights.",
        )
        for l in range(L - 2, -1, -1)
    ]
    biases: list = [r"\frac{\partial C}{\partial b^{l}} = \delta^{l}:"]
    for k, gb in enumerate(g.grad_b):
        biases += [_col(gb)] if k == 0 else [",", _col(gb)]
    eqs.append((biases, "The bias gradient is δ itself."))
    eqs.append(
        (
            [r"\frac{\partial C}{\partial W^{L}} = \delta^{L} (a^{L-1})^T =", g.grad_W[L - 1]],
            "The weight gradient: δ times the activation feeding that weight.",
        )
    )
    return eqs


class Backpropagation(NNVizScene):
    """A small network's forward pass, then the four equations of backpropagation with numbers.

    Parameters
    ----------
    sizes : layer widths, 2-4 layers of 1-4 neurons, default [2, 3, 2]
    seed : initialisation seed, default 0
    x : the input (one entry per input neuron), default [0.5, -1]
    y : the target (one entry per output neuron), default [1, 0]
    lr : learning rate of the one update, default 1

    Example
    -------
    ``nnviz render Backpropagation --set 'sizes=[3,2,1] x=[1,0,-1] y=[1] seed=2' --format png``
    """

    TITLE = "Backpropagation"
    CAPTION = "The error flows backwards: four equations give every weight's share of the blame."
    PARAMS = (
        Array("sizes", (None,), default=[2, 3, 2], max_abs=4),
        Number("seed", default=0, minimum=0, maximum=999, integer=True),
        Array("x", (None,), default=[0.5, -1.0], max_abs=10),
        Array("y", (None,), default=[1.0, 0.0], max_abs=10),
        Number("lr", default=1.0, minimum=1e-3, maximum=10),
    )

    @classmethod
    def check_params(cls, p: dict) -> None:
        sizes, x, y = p["sizes"], p["x"], p["y"]
        if not (2 <= len(sizes) <= 4 and np.all(sizes >= 1) and np.all(sizes == np.round(sizes))):
            raise ParamError(
                f"sizes: 2 to 4 layers of 1 to 4 neurons each, like [2, 3, 2], got {sizes.tolist()}"
            )
        if len(x) != sizes[0] or len(y) != sizes[-1]:
            raise ParamError(
                f"x must have {int(sizes[0])} entries (the input layer) and y {int(sizes[-1])} (the output layer), got {len(x)} and {len(y)}"
            )

    def construct(self) -> None:
        self.work_out()
        self.forward()
        self.backward()
        self.one_step()
        self.finish()

    def work_out(self) -> None:
        """The forward pass, backprop's δ and gradients, and the cost before and after one step."""
        p = self.params
        sizes = [int(s) for s in p["sizes"]]
        net = MLP(sizes, activation="sigmoid", output="sigmoid", seed=p["seed"])
        trace = net.forward(p["x"])
        g = backward(net, trace, p["y"])
        after = net.step(g, p["lr"])
        before_cost, after_cost = loss_value(net, p["x"], p["y"]), loss_value(after, p["x"], p["y"])
        self.record(
            weights=net.W, biases=net.b, z=trace.z, a=trace.a, delta=g.delta, grad_W=g.grad_W,
            grad_b=g.grad_b, cost_before=before_cost, cost_after=after_cost,
        )  # fmt: skip
        self.sizes, self.net, self.trace, self.grads, self.after = sizes, net, trace, g, after
        self.cost_before, self.cost_after = before_cost, after_cost

    def forward(self) -> None:
        """Each neuron's z and a appear under it, then the cost."""
        trace, cost = self.trace, self.cost_before
        diagram = self.diagram = (
            NetworkDiagram(self.net, width=5.2, height=3.6, radius=0.28)
            .to_corner(UL, buff=0.7)
            .shift(DOWN * 0.4)
        )
        labels = VGroup()
        for l, layer in enumerate(diagram.layers):
            for i, circle in enumerate(layer):
                if l == 0:
                    label = glyph_number(fmt(trace.a[l][i]), 16)
                else:  # two lines, right-aligned as TeX's align* sets "z=..\\a=.."
                    z_line = tex_number("z=", trace.z[l - 1][i], font_size=16)
                    a_line = tex_number("a=", trace.a[l][i], font_size=16)
                    label = VGroup(z_line, a_line).arrange(DOWN, aligned_edge=RIGHT, buff=0.07)
                labels.add(label.move_to(circle.get_center() + DOWN * 0.5))
        cost_tex = tex_number(r"C = \tfrac12\|a^L - y\|^2 =", cost, 4, font_size=28)
        cost_tex.next_to(diagram, DOWN, buff=0.6).align_to(diagram, LEFT)
        self.play(FadeIn(diagram))
        self.caption("Forward pass: each neuron's z and activation a.", duration=3)
        self.play(diagram.forward_pass(trace.a, run_time=0.6), FadeIn(labels, run_time=2.0))
        self.play(Write(cost_tex))
        self.cost_tex = cost_tex

    def backward(self) -> None:
        """The four equations with their numbers, the diagram's edges lighting up layer by layer."""
        diagram, g = self.diagram, self.grads
        L = len(g.delta)
        eqs = _backprop_equations(g)
        tex_eqs = VGroup(*(matrix_row(*items, font_size=26, digits=3) for items, _ in eqs))
        tex_eqs.arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        # the right of the frame beside the diagram, at most 5.2 high
        fit_width(tex_eqs, config.frame_width / 2 - diagram.get_right()[0] - 0.7)
        if tex_eqs.height > 5.2:
            tex_eqs.scale_to_fit_height(5.2)
        tex_eqs.to_corner(UR, buff=0.4)
        self.caption(self.CAPTION, duration=3)
        for l, (tex, (_, words)) in enumerate(zip(tex_eqs, eqs, strict=True)):
            self.caption(words, duration=2)
            anims = [Write(tex)]
            if l < L:
                layer = L - 1 - l
                anims.append(diagram.gradient_animations(layer, g.delta[layer], g.grad_W[layer]))
            self.play(*anims, run_time=1.5)
            self.wait(0.5)

    def one_step(self) -> None:
        """One step against the gradient: new weights, and the cost before and after."""
        before, now, cost_tex = self.cost_before, self.cost_after, self.cost_tex
        after_tex = equation(
            r"\text{one step, lr} = ", Num(self.params["lr"]), r":\ C = ", Num(before, 4),
            r"\to", Num(now, 4), font_size=28, color=POSITIVE if now < before else NEGATIVE,
        )  # fmt: skip
        fit_width(after_tex.next_to(cost_tex, DOWN, buff=0.3).align_to(cost_tex, LEFT), 7.0)
        self.caption("One step against the gradient lowers the cost.", duration=3)
        self.play(*self.diagram.weight_animations(self.after.W), Write(after_tex), run_time=1.5)

    def finish(self) -> None:
        """Anchor every neuron, then hold."""
        for l, size in enumerate(self.sizes):
            for i in range(size):
                self.anchor(f"neuron_{l}_{i}", self.diagram.neuron(l, i))
        self.wait(2)


class TrainingProgress(NNVizScene):
    """The digits network in training: the loss falls, the accuracy climbs, the edges change.

    Parameters
    ----------
    epochs : how many epochs to train and show (1-30), default 12

    Example
    -------
    ``nnviz render TrainingProgress --set 'epochs=4' --format png``
    """

    TITLE = "Training"
    CAPTION = "Over the epochs the loss falls, the accuracy climbs, and the weights take shape."
    PARAMS = (Number("epochs", default=12, minimum=1, maximum=30, integer=True),)

    def construct(self) -> None:
        self.work_out()
        self.show_network_and_charts()
        self.train_epochs()
        self.final_readout()

    def work_out(self) -> None:
        """Train the digits network from its seed, keeping each epoch's weights."""
        s = DIGITS_SETTINGS
        tr, te = digits()
        net0 = MLP(s["sizes"], activation=s["activation"], output=s["output"], seed=s["init_seed"])
        h = train(
            net0, tr.X, tr.y, epochs=self.params["epochs"], batch_size=s["batch_size"], lr=s["lr"],
            seed=s["shuffle_seed"], eval_data=(te.X, te.y), snapshots=True,
        )  # fmt: skip
        self.record(
            loss=h.loss,
            accuracy=h.accuracy,
            first_layer_change=float(np.abs(h.net.W[0] - net0.W[0]).mean()),
        )
        self.net0, self.history = net0, h

    def charts(self, h) -> VGroup:
        """Empty loss and accuracy charts, one above the other at the right."""
        charts = VGroup(
            line_chart(h.loss, 4.4, 2.2, VECTOR, r"\text{loss (train)}", draw_line=False),
            line_chart(h.accuracy, 4.4, 2.2, POSITIVE, r"\text{accuracy (test)}", draw_line=False),
        )
        return charts.arrange(DOWN, buff=0.7).to_edge(RIGHT, buff=0.5)

    def show_network_and_charts(self) -> None:
        """The untrained network at the left, the empty charts at the right."""
        diagram = NetworkDiagram(self.net0, width=6.0, height=6.2).to_edge(LEFT, buff=0.9)
        charts = self.charts(self.history)
        self.play(FadeIn(diagram), *(Create(c[0]) for c in charts), *(FadeIn(c[2]) for c in charts))
        self.caption(self.CAPTION, duration=3)
        self.diagram, self.chart_pair = diagram, charts

    def train_epochs(self) -> None:
        """The edges take each shown epoch's weights while both charts grow to that epoch."""
        diagram, h = self.diagram, self.history
        loss_chart, acc_chart = self.chart_pair
        n = len(h.snapshots)
        shown = sorted(set(np.linspace(1, n - 1, min(n - 1, 6)).round().astype(int)))
        done = 0
        for e in shown:
            self.play(
                *diagram.weight_animations(h.snapshots[e].W),
                Create(chart_segment(loss_chart[0], h.loss, done, e, VECTOR)),
                Create(chart_segment(acc_chart[0], h.accuracy, done, e, POSITIVE)),
                run_time=1.2,
            )
            done = e

    def final_readout(self) -> None:
        """The last epoch's loss and accuracy, under the charts."""
        charts, h = self.chart_pair, self.history
        readout = equation(
            r"\text{epoch }", Num(self.params["epochs"], 0), r"\text{: loss }", Num(h.loss[-1], 3),
            r",\ \text{accuracy }", Num(100 * h.accuracy[-1], 1), r"\%", font_size=26,
        )  # fmt: skip
        fit_width(readout, 6.5).to_edge(DOWN, buff=0.3).align_to(charts[0], RIGHT)
        self.play(Write(readout))
        n = len(h.loss)
        self.anchor("loss_end", lambda: charts[0][0].c2p(n - 1, h.loss[-1]))
        self.anchor("accuracy_end", lambda: charts[1][0].c2p(n - 1, h.accuracy[-1]))
        self.wait(2)
