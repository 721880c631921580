"""Reusable visual building blocks for nnviz scenes.

A new scene should need only this kit and :mod:`nnviz`: subclass :class:`NNVizScene`, declare
``PARAMS``, draw with the planes, labels and framing helpers, and ``record`` what it shows.
"""

from scenes.kit.bars import BarChart
from scenes.kit.base import NNVizScene
from scenes.kit.ellipses import circle_image
from scenes.kit.framing import View, fit_view
from scenes.kit.heatmap import Heatmap
from scenes.kit.labels import coord_label, fmt, matrix_label, matrix_tex
from scenes.kit.layout import layout_problems, mark_background
from scenes.kit.lines import line_extent, line_through, span_line
from scenes.kit.motion import follow_maps, rotation_path, stretch_path
from scenes.kit.network import NetworkDiagram
from scenes.kit.placement import place_free
from scenes.kit.planes import TransformablePlane
from scenes.kit.style import PALETTE

__all__ = [
    # scenes and framing
    "NNVizScene",
    "View",
    "fit_view",
    "layout_problems",
    "mark_background",
    "place_free",
    "PALETTE",
    # labels
    "coord_label",
    "fmt",
    "matrix_label",
    "matrix_tex",
    # planes, lines, ellipses and motion
    "TransformablePlane",
    "line_extent",
    "line_through",
    "span_line",
    "circle_image",
    "follow_maps",
    "rotation_path",
    "stretch_path",
    # charts and networks
    "BarChart",
    "Heatmap",
    "NetworkDiagram",
]
