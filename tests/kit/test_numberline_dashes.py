"""dashed_line draws manim's DashedLine dashes (the oracle) without a sub-curve copy per dash."""

import numpy as np
import pytest
from manim import DashedLine

from nnviz_kit.numberline import dashed_line


def _ends(pieces) -> np.ndarray:
    return np.array([[p[0], p[-1]] for p in pieces])


@pytest.mark.parametrize(
    ("a", "b", "dash"),
    [
        ((-7, -2, 0), (6, 3, 0), 0.05),
        ((0, 0, 0), (0.3, -0.1, 0), 0.08),
        ((1, 1, 0), (4, 1, 0), 0.5),
    ],
)
def test_dashed_line_has_the_dashes_of_manims(a, b, dash) -> None:
    theirs = _ends([d.points for d in DashedLine(a, b, dash_length=dash).submobjects])
    mine = _ends(dashed_line(a, b, dash_length=dash).get_subpaths())
    assert mine.shape == theirs.shape
    np.testing.assert_allclose(mine, theirs, atol=1e-6)


def test_negative_control_other_dash_length_differs() -> None:
    theirs = _ends([d.points for d in DashedLine((0, 0, 0), (3, 0, 0)).submobjects])
    mine = _ends(dashed_line((0, 0, 0), (3, 0, 0), dash_length=0.06).get_subpaths())
    assert mine.shape != theirs.shape or np.abs(mine - theirs).max() > 1e-3
