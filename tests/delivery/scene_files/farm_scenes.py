"""Scenes for the render-farm tests (tests/delivery/test_farm.py); each test copies this file.

``HeldOnce`` holds its first render (a test kills that render's worker) and lets later ones
finish; ``Broken`` is a scene with a bug.
"""

import os
import time
from pathlib import Path

from manim import Square

from nnviz.atomic import write_text
from nnviz_kit import NNVizScene

__all__ = ["HeldOnce", "Broken"]

HOLD = 300  # seconds; a hang guard only: the test kills the worker long before


class HeldOnce(NNVizScene):
    """A square; the first render announces its worker's pid in ``held/`` and holds."""

    TITLE = "Held once"
    CAPTION = "A square, held once."
    PARAMS = ()

    def construct(self) -> None:
        self.add(Square())
        self.wait(0.2)
        here = Path(__file__).parent
        if not (here / "started").exists():
            write_text(here / "started", "")  # first: the retry must not hold again
            write_text(here / "held" / str(os.getppid()), f"{os.getpid()}\n")  # ppid: the worker
            time.sleep(HOLD)


class Broken(NNVizScene):
    """A scene whose construct raises."""

    TITLE = "Broken"
    CAPTION = "Never drawn."
    PARAMS = ()

    def construct(self) -> None:
        raise ValueError("a bug in the farm test's scene")
