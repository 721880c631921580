"""The layout check that every render test relies on: it must catch what it claims to catch."""

from manim import RIGHT, Circle, MathTex, Text, ValueTracker, VGroup

from nnviz_kit.layout import layout_problems, mark_background


def test_off_frame_shapes_are_reported_and_background_is_not():
    inside, outside = Circle(), Circle().shift(9 * RIGHT)
    assert layout_problems([inside]) == []
    assert len(layout_problems([outside])) == 1
    mark_background(outside)
    assert layout_problems([VGroup(inside, outside)]) == []


def test_overlapping_text_is_reported():
    a, b = Text("score 0.5"), MathTex(r"\lambda = 3")
    assert layout_problems([a, b]) != []
    b.next_to(a, RIGHT)
    assert layout_problems([a, b]) == []


def test_invisible_helpers_are_ignored():
    assert layout_problems([ValueTracker(3.0)]) == []
