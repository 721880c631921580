"""A tiny two-section test scene (about 3 s): used by the lecture fixture and the watch test."""

from manim import BLUE, Create, Rotate, Square

from nnviz_kit import NNVizScene
from nnviz_kit.params import Number

__all__ = ["TwoSteps"]

COLOR = BLUE


class TwoSteps(NNVizScene):
    """A square is drawn, then turns (a section that loops in the player).

    Parameters
    ----------
    side : number, default 2

    Example
    -------
    ``nnviz render tests/delivery/scene_files/two_steps.py:TwoSteps --format png``
    """

    TITLE = "Two steps"
    CAPTION = "A square is drawn, then it turns."
    PARAMS = (Number("side", default=2.0, minimum=0.5, maximum=6, help="side length"),)

    def construct(self) -> None:
        square = Square(side_length=self.params["side"], color=COLOR, fill_opacity=0.6)
        starts = []
        self.next_section("Draw")
        starts.append(("Draw", "default.normal", self.renderer.time))
        self.caption(self.CAPTION, duration=2)
        self.play(Create(square), run_time=1)
        self.wait(0.5)
        self.next_section("Turn", section_type="presentation.loop")
        starts.append(("Turn", "presentation.loop", self.renderer.time))
        self.play(Rotate(square, angle=1.5708), run_time=1)
        self.wait(0.5)
        self.record(side=self.params["side"])
        self.numbers["sections"] = [{"name": n, "type": t, "start": float(s)} for n, t, s in starts]
        self.anchor("square", square)
