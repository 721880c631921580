"""Reusable visual building blocks for nnviz scenes.

A new scene should need only this kit and :mod:`nnviz`: subclass :class:`NNVizScene`, declare
``PARAMS``, draw with the planes, labels and framing helpers, and ``record`` what it shows.
"""

from scenes.kit.base import NNVizScene
from scenes.kit.framing import View, fit_view
from scenes.kit.labels import coord_label, fmt, matrix_label, matrix_tex
from scenes.kit.layout import layout_problems, mark_background
from scenes.kit.planes import TransformablePlane
from scenes.kit.style import PALETTE

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
]

# Lecture 3 kit pieces: spans and eigen-lines, ellipses, paths of maps, bar charts.
from scenes.kit.bars import BarChart  # noqa: E402
from scenes.kit.ellipses import circle_image  # noqa: E402
from scenes.kit.lines import line_extent, line_through, span_line  # noqa: E402
from scenes.kit.motion import follow_maps, rotation_path, stretch_path  # noqa: E402

__all__ += [
    "BarChart",
    "circle_image",
    "line_extent",
    "line_through",
    "span_line",
    "follow_maps",
    "rotation_path",
    "stretch_path",
]
from scenes.kit.placement import place_free  # noqa: E402

__all__ += ["place_free"]
