"""A scene whose render stops midway until a signal ends it (see tests/delivery/interrupting.py)."""

from manim import Square

from nnviz_kit import NNVizScene
from tests.delivery.interrupting import hold

__all__ = ["Held"]


class Held(NNVizScene):
    """A square, then the render holds: interruption tests signal it while it waits."""

    TITLE = "Held"
    CAPTION = "A square, held."
    PARAMS = ()

    def construct(self) -> None:
        self.add(Square())
        hold()
