"""Reusable visual building blocks for nnviz scenes.

A new scene should need only this kit and :mod:`nnviz`: subclass :class:`NNVizScene`, declare
``PARAMS``, draw with the planes, labels and framing helpers, and ``record`` what it shows.
"""

from nnviz_kit.bars import BarChart
from nnviz_kit.base import NNVizScene
from nnviz_kit.charts import chart_axes, chart_segment, line_chart, plot_values
from nnviz_kit.ellipses import circle_image
from nnviz_kit.framing import View, fit_view, frame_region
from nnviz_kit.heatmap import Heatmap
from nnviz_kit.hyperplane import Hyperplane, half_plane
from nnviz_kit.labels import coord_label, fmt, matrix_label, matrix_tex, with_background
from nnviz_kit.layout import layout_problems, mark_background
from nnviz_kit.levelsets import LevelSets, level_lines
from nnviz_kit.lines import line_extent, line_through, span_line
from nnviz_kit.motion import follow_maps, rotation_path, stretch_path
from nnviz_kit.network import NetworkDiagram
from nnviz_kit.numberline import ProjectionLine, guide_line
from nnviz_kit.panels import named_matrix, panel, side_axes, tex_lines
from nnviz_kit.placement import around, place_label
from nnviz_kit.planes import TransformablePlane
from nnviz_kit.style import PALETTE
from nnviz_kit.vectors import LabeledVector, arrow_to, vector_label

__all__ = [
    # scenes, framing and placement
    "NNVizScene",
    "View",
    "fit_view",
    "frame_region",
    "layout_problems",
    "mark_background",
    "around",
    "place_label",
    "PALETTE",
    # labels and panels
    "coord_label",
    "fmt",
    "matrix_label",
    "matrix_tex",
    "with_background",
    "named_matrix",
    "panel",
    "side_axes",
    "tex_lines",
    # planes, vectors, lines, ellipses and motion
    "TransformablePlane",
    "LabeledVector",
    "arrow_to",
    "vector_label",
    "ProjectionLine",
    "guide_line",
    "line_extent",
    "line_through",
    "span_line",
    "Hyperplane",
    "half_plane",
    "circle_image",
    "follow_maps",
    "rotation_path",
    "stretch_path",
    # charts and networks
    "BarChart",
    "chart_axes",
    "chart_segment",
    "line_chart",
    "plot_values",
    "Heatmap",
    "LevelSets",
    "level_lines",
    "NetworkDiagram",
]
