"""A network diagram: neurons as circles lit by their activation, edges coloured by weight.

Layers wider than ``max_shown`` show their first and last neurons with a "⋮" between and a
brace labelled with the true width. Edges are blue for positive and red for negative
weights, wider and more opaque for larger ones (relative to the largest in their layer).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    LEFT,
    RIGHT,
    WHITE,
    YELLOW,
    Animation,
    AnimationGroup,
    Brace,
    Circle,
    Line,
    ManimColor,
    MathTex,
    ShowPassingFlash,
    Succession,
    VGroup,
)

from nnviz.network import MLP
from nnviz_kit.style import sign_color

__all__ = ["NetworkDiagram", "Restyle", "shown_indices"]

MAX_EDGE_WIDTH = 4.0


def shown_indices(n: int, max_shown: int = 16) -> list[int]:
    """Which neurons of a layer of ``n`` are drawn: all, or the first and last ``max_shown/2``.

    >>> shown_indices(5), shown_indices(64)[:3], shown_indices(64)[-3:], len(shown_indices(64))
    ([0, 1, 2, 3, 4], [0, 1, 2], [61, 62, 63], 16)
    """
    if n <= max_shown:
        return list(range(n))
    half = max_shown // 2
    return list(range(half)) + list(range(n - (max_shown - half), n))


class Restyle(Animation):
    """Each submobject's stroke (colour, width, opacity) from its current style to ``styles``.

    Unlike ``group.animate.become(target)``, nothing is copied: a layer has hundreds of edges,
    and Manim's Transform copies them twice at every play, even a skipped one (``-s``).
    """

    def __init__(self, group: VGroup, styles: Sequence[tuple], **kwargs) -> None:
        self.styles = [(ManimColor(c), float(w), float(o)) for c, w, o in styles]
        if len(self.styles) != len(group):
            raise ValueError(f"{len(self.styles)} styles for {len(group)} submobjects")
        self.before: list[tuple] = []
        super().__init__(group, **kwargs)

    def begin(self) -> None:
        # the style the edges have when the animation starts, not when it was made
        self.before = [
            (m.get_stroke_color(), m.get_stroke_width(), m.get_stroke_opacity())
            for m in self.mobject
        ]
        # Animation.begin would also interpolate(0): restyling every edge to the style it
        # already has, which for a few hundred edges is most of a skipped play's cost.
        self.starting_mobject = self.create_starting_mobject()
        if self.suspend_mobject_updating:
            self.mobject.suspend_updating()

    def create_starting_mobject(self) -> VGroup:
        return self.mobject  # the start is kept in ``before``: no copy needed

    def interpolate_mobject(self, alpha: float) -> None:
        a = self.rate_func(alpha)
        for m, (c0, w0, o0), (c1, w1, o1) in zip(
            self.mobject, self.before, self.styles, strict=True
        ):
            m.set_stroke(c0.interpolate(c1, a), w0 + (w1 - w0) * a, o0 + (o1 - o0) * a)


class NetworkDiagram(VGroup):
    """Neurons and edges of a fully connected net, ``width`` × ``height`` scene units.

    Parameters
    ----------
    net : an :class:`nnviz.network.MLP` (edges take its weights) or a list of layer sizes
        (edges are grey until :meth:`set_weights`).
    max_shown : the most neurons drawn per layer (16 by the design notes).

    Examples
    --------
    >>> d = NetworkDiagram([64, 16, 10], width=6, height=5)
    >>> len(d.layers[0]), d.neuron(0, 63) is d.layers[0][-1], d.neuron(0, 30) is None
    (16, True, True)
    """

    def __init__(
        self,
        net: MLP | Sequence[int],
        width: float = 6.0,
        height: float = 4.5,
        max_shown: int = 16,
        radius: float | None = None,
    ) -> None:
        super().__init__()
        self.net = net if isinstance(net, MLP) else None
        self.sizes = tuple(net.sizes) if isinstance(net, MLP) else tuple(int(s) for s in net)
        self.shown = [shown_indices(n, max_shown) for n in self.sizes]
        most = max(len(s) for s in self.shown) + (1 if max(self.sizes) > max_shown else 0)
        gap = height / max(most - 1, 1)
        self.radius = radius if radius is not None else min(0.3, 0.38 * gap)
        xs = np.linspace(-width / 2, width / 2, len(self.sizes)) if len(self.sizes) > 1 else [0.0]

        self.layers: list[VGroup] = []
        self.dots = VGroup()
        self.braces = VGroup()
        for l, (n, shown) in enumerate(zip(self.sizes, self.shown, strict=True)):
            cut = len(shown) < n
            slots = len(shown) + (1 if cut else 0)
            ys = (np.arange(slots) - (slots - 1) / 2) * -gap
            if cut:  # leave the middle slot for the dots
                half = len(shown) // 2
                ys = np.r_[ys[:half], ys[half + 1 :]]
                self.dots.add(MathTex(r"\vdots", font_size=28).move_to([xs[l], 0, 0]))
            layer = VGroup(
                *(
                    Circle(self.radius, stroke_color=WHITE, stroke_width=1.5)
                    .set_fill(WHITE, 0.0)
                    .move_to([xs[l], y, 0])
                    for y in ys
                )
            )
            self.layers.append(layer)
            if cut:
                side = LEFT if l == 0 else RIGHT
                brace = Brace(layer, side, buff=0.08)
                label = brace.get_tex(str(n)).scale(0.8)
                self.braces.add(VGroup(brace, label))

        self.edges: list[VGroup] = []
        for l in range(len(self.sizes) - 1):
            group = VGroup()
            for j, _ in enumerate(self.shown[l + 1]):
                for i, _ in enumerate(self.shown[l]):
                    a, b = self.layers[l][i], self.layers[l + 1][j]
                    line = Line(a.get_right(), b.get_left(), stroke_width=1, stroke_color=WHITE)
                    line.set_stroke(opacity=0.35)
                    group.add(line)
            self.edges.append(group)
        self.add(*self.edges, *self.layers, self.dots, self.braces)
        if self.net is not None:
            self.set_weights(self.net.W)

    # --- lookup -------------------------------------------------------------------------
    def neuron(self, l: int, i: int) -> Circle | None:
        """The circle of neuron ``i`` in layer ``l`` (``None`` if that neuron is not drawn)."""
        shown = self.shown[l]
        return self.layers[l][shown.index(i)] if i in shown else None

    def edge(self, l: int, j: int, i: int) -> Line | None:
        """The edge of weight ``W[l][j, i]`` (input i of layer l to neuron j of layer l+1)."""
        if i not in self.shown[l] or j not in self.shown[l + 1]:
            return None
        return self.edges[l][
            self.shown[l + 1].index(j) * len(self.shown[l]) + self.shown[l].index(i)
        ]

    # --- styling ------------------------------------------------------------------------
    def _edge_styles(self, l: int, values: np.ndarray) -> list[tuple]:
        """(colour, width, opacity) of each drawn edge of layer ``l`` for the weights ``values``."""
        shown_in, shown_out = self.shown[l], self.shown[l + 1]
        sub = np.asarray(values, dtype=float)[np.ix_(shown_out, shown_in)]
        peak = float(np.max(np.abs(sub))) or 1.0
        return [
            (sign_color(v), 0.4 + MAX_EDGE_WIDTH * abs(v) / peak, 0.25 + 0.75 * abs(v) / peak)
            for v in sub.ravel()
        ]

    def set_weights(self, Ws: Sequence[np.ndarray]) -> NetworkDiagram:
        """Colour every drawn edge by its weight: sign → colour, |w| → width and opacity."""
        for l, w in enumerate(Ws):
            for edge, style in zip(self.edges[l], self._edge_styles(l, w), strict=True):
                edge.set_stroke(*style)
        return self

    def weight_animations(self, Ws: Sequence[np.ndarray]) -> list[Animation]:
        """Animations recolouring the edges to the weights ``Ws`` (e.g. a later snapshot)."""
        return [Restyle(self.edges[l], self._edge_styles(l, w)) for l, w in enumerate(Ws)]

    @staticmethod
    def activation_style(value: float, signed: bool = False) -> tuple:
        """(colour, fill opacity) of a neuron showing ``value``.

        Unsigned: white, opacity = value clipped to [0, 1]. Signed (tanh, z values): blue or
        red by sign, opacity = |value| clipped to [0, 1].
        """
        if signed:
            return sign_color(value), float(np.clip(abs(value), 0.0, 1.0))
        return WHITE, float(np.clip(value, 0.0, 1.0))

    def set_activations(self, l: int, values: Sequence[float], signed: bool = False) -> None:
        """Light layer ``l``'s drawn neurons by ``values`` (the layer's full vector) at once."""
        for i, circle in zip(self.shown[l], self.layers[l], strict=True):
            color, opacity = self.activation_style(float(values[i]), signed)
            circle.set_fill(color, opacity)

    def light_layer(
        self, l: int, values: Sequence[float], signed: bool = False, run_time: float = 1.0
    ) -> Animation:
        """An animation lighting layer ``l`` by ``values``."""
        anims = []
        for i, circle in zip(self.shown[l], self.layers[l], strict=True):
            color, opacity = self.activation_style(float(values[i]), signed)
            anims.append(circle.animate.set_fill(color, opacity))
        return AnimationGroup(*anims, run_time=run_time)

    def forward_pass(
        self, activations: Sequence[Sequence[float]], signed: bool = False, run_time: float = 1.0
    ) -> Succession:
        """Layer by layer: the input lights, a pulse runs along the edges, the next layer lights.

        ``activations`` is a trace's ``a`` (length L + 1, ``a[0]`` the input).
        """
        steps: list[Animation] = [self.light_layer(0, activations[0], signed, run_time=run_time)]
        for l in range(1, len(self.sizes)):
            pulse = self.edges[l - 1].copy().set_stroke(YELLOW, 2, 1.0)
            steps.append(ShowPassingFlash(pulse, time_width=0.6, run_time=run_time * 0.8))
            steps.append(self.light_layer(l, activations[l], signed, run_time=run_time))
        return Succession(*steps)

    def gradient_animations(
        self, l: int, delta: Sequence[float], grad_W: np.ndarray, run_time: float = 1.0
    ) -> Animation:
        """Layer ``l`` of the backward pass: neurons of layer l+1 ring with δ (colour by sign,
        ring width by size) and the edges into them glow by ∂C/∂W."""
        d = np.asarray(delta, dtype=float)
        peak = float(np.max(np.abs(d))) or 1.0
        rings = []
        for i, circle in zip(self.shown[l + 1], self.layers[l + 1], strict=True):
            rel = abs(d[i]) / peak
            rings.append(circle.animate.set_stroke(sign_color(d[i]), 1.5 + 5 * rel, 1.0))
        glow = Restyle(self.edges[l], self._edge_styles(l, grad_W))
        return AnimationGroup(*rings, glow, run_time=run_time)

    def backward_pass(self, grads: object, run_time: float = 1.0) -> Succession:
        """Right to left: each layer's δ on its neurons, then ∂C/∂W on the edges into them.

        ``grads`` is a :class:`nnviz.backprop.Gradients` for one example.
        """
        L = len(self.sizes) - 1
        return Succession(
            *(
                self.gradient_animations(l, grads.delta[l], grads.grad_W[l], run_time)
                for l in range(L - 1, -1, -1)
            )
        )
