"""Restyling a diagram's edges: from the style they have when the animation begins to the
weights' style, linearly, without copying the edges."""

import numpy as np
import pytest
from manim import Line, VGroup

from nnviz.network import MLP
from nnviz_kit.network import MAX_EDGE_WIDTH, NetworkDiagram, Restyle
from nnviz_kit.style import NEGATIVE, POSITIVE


def stroke(m) -> tuple:
    return m.get_stroke_color().to_hex(), m.get_stroke_width(), m.get_stroke_opacity()


def test_weight_animation_ends_at_the_weights_style_from_the_current_one():
    net = MLP.from_weights([[[1.0, -2.0], [0.5, 0.0]]], [[0.0, 0.0]])
    diagram = NetworkDiagram(net)
    new_W = [np.array([[-4.0, 2.0], [1.0, 0.0]])]
    (anim,) = diagram.weight_animations(new_W)
    before = [stroke(e) for e in diagram.edges[0]]
    anim.begin()
    anim.interpolate(0.5)
    mid = [stroke(e) for e in diagram.edges[0]]
    anim.finish()
    # edge order: neuron j of the next layer, then input i: W[j, i]; peak |w| is 4
    for edge, w in zip(diagram.edges[0], new_W[0].ravel(), strict=True):
        color, width, opacity = stroke(edge)
        assert color == (POSITIVE if w >= 0 else NEGATIVE).to_hex()
        assert width == pytest.approx(0.4 + MAX_EDGE_WIDTH * abs(w) / 4)
        assert opacity == pytest.approx(0.25 + 0.75 * abs(w) / 4)
    # half-way (smooth rate function: 0.5 at 0.5) widths are the means of start and end
    ends = [stroke(e) for e in diagram.edges[0]]
    for (_, w0, _), (_, w_mid, _), (_, w1, _) in zip(before, mid, ends, strict=True):
        assert w_mid == pytest.approx((w0 + w1) / 2)
    assert before != ends  # control: the style did change


def test_restyle_copies_nothing_and_checks_its_length():
    group = VGroup(Line(), Line())
    anim = Restyle(group, [(POSITIVE, 3.0, 1.0), (NEGATIVE, 1.0, 0.5)])
    anim.begin()
    assert anim.starting_mobject is group
    with pytest.raises(ValueError, match="1 styles for 2 submobjects"):
        Restyle(group, [(POSITIVE, 3.0, 1.0)])
