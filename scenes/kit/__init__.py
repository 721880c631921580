"""Reusable visual building blocks for nnviz scenes.

A new scene should need only this kit and :mod:`nnviz`: subclass :class:`NNVizScene`, declare
``PARAMS``, draw with the planes, labels and framing helpers, and ``record`` what it shows.
"""

from scenes.kit.base import NNVizScene
from scenes.kit.framing import View, fit_view, frame_region
from scenes.kit.hyperplane import Hyperplane, half_plane
from scenes.kit.labels import (
    coord_label,
    fmt,
    matrix_label,
    matrix_tex,
    place_beside,
    place_clear,
    with_background,
)
from scenes.kit.layout import layout_problems, mark_background
from scenes.kit.numberline import ProjectionLine, line_through
from scenes.kit.panels import named_matrix, panel, side_axes, tex_lines
from scenes.kit.planes import TransformablePlane
from scenes.kit.style import PALETTE
from scenes.kit.vectors import LabeledVector, arrow_to, vector_label

__all__ = [
    "NNVizScene",
    "View",
    "fit_view",
    "coord_label",
    "fmt",
    "matrix_label",
    "matrix_tex",
    "TransformablePlane",
    "layout_problems",
    "mark_background",
    "PALETTE",
    "LabeledVector",
    "arrow_to",
    "vector_label",
    "place_clear",
    "ProjectionLine",
    "line_through",
    "Hyperplane",
    "half_plane",
    "panel",
    "side_axes",
    "tex_lines",
    "named_matrix",
    "frame_region",
    "place_beside",
    "with_background",
]
