"""The nnviz palette and type sizes (3Blue1Brown conventions, as in Manim's LinearTransformationScene).

Every scene takes its colours from here so that î is always green, ĵ always red, and so on.
"""

from __future__ import annotations

from types import MappingProxyType

from manim import (
    BLUE_C,
    BLUE_D,
    GREEN_C,
    GREY,
    MAROON_B,
    ORANGE,
    PURPLE_B,
    RED_C,
    TEAL_C,
    WHITE,
    YELLOW,
    ManimColor,
)

__all__ = [
    "BACKGROUND",
    "I_HAT",
    "J_HAT",
    "VECTOR",
    "SPAN",
    "GRID",
    "BACKGROUND_GRID",
    "UNIT_SQUARE",
    "UNIT_SQUARE_OPACITY",
    "POSITIVE",
    "NEGATIVE",
    "TEXT",
    "PALETTE",
    "TITLE_SIZE",
    "LABEL_SIZE",
    "SMALL_SIZE",
    "sign_color",
    "PROJECTION",
    "REJECTION",
    "FEATURE",
    "CONDITION",
    "OTHER",
    "OFF_SPAN",
    "AXIS",
    "DATA_POINT",
]

BACKGROUND = ManimColor("#000000")
I_HAT = GREEN_C  # #83C167
J_HAT = RED_C  # #FC6255
VECTOR = YELLOW  # a general vector
SPAN = MAROON_B  # spans and eigen-lines
GRID = BLUE_D  # the transformed grid
BACKGROUND_GRID = GREY
UNIT_SQUARE = YELLOW
UNIT_SQUARE_OPACITY = 0.3
POSITIVE = BLUE_D
NEGATIVE = RED_C
TEXT = WHITE
PROJECTION = TEAL_C  # the part of a vector along a line
REJECTION = ORANGE  # the part orthogonal to it
FEATURE = ORANGE  # a feature direction being edited (e.g. "age")
CONDITION = PURPLE_B  # a feature held fixed (e.g. "glasses")
OTHER = GREY  # neither side, undecided
OFF_SPAN = TEAL_C  # a vector that is not an eigenvector: the map knocks it off its span
AXIS = ORANGE  # an ellipse's semi-axes: principal axes √λ·v, singular axes σ·u
DATA_POINT = BLUE_C  # the points of a data cloud

PALETTE = MappingProxyType(
    {
        "i_hat": I_HAT,
        "j_hat": J_HAT,
        "vector": VECTOR,
        "span": SPAN,
        "grid": GRID,
        "background_grid": BACKGROUND_GRID,
        "unit_square": UNIT_SQUARE,
        "positive": POSITIVE,
        "negative": NEGATIVE,
        "text": TEXT,
        "projection": PROJECTION,
        "rejection": REJECTION,
        "feature": FEATURE,
        "condition": CONDITION,
        "other": OTHER,
        "off_span": OFF_SPAN,
        "axis": AXIS,
        "data_point": DATA_POINT,
    }
)

TITLE_SIZE = 40
LABEL_SIZE = 34
SMALL_SIZE = 26


def sign_color(value: float) -> ManimColor:
    """Blue for positive (and zero) values, red for negative ones."""
    return POSITIVE if value >= 0 else NEGATIVE
