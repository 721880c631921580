"""Reusable visual building blocks for nnviz scenes.

A new scene should need only this kit and :mod:`nnviz`: subclass :class:`NNVizScene`, declare
``PARAMS``, draw with the planes, labels and framing helpers, and ``record`` what it shows.

The names below are imported on first use (PEP 562), so the light modules
(:mod:`nnviz_kit.params`, :mod:`nnviz_kit.workspace`) load without Manim: a command that
only validates parameters or finds folders starts in a fraction of a second.
"""

from __future__ import annotations

import importlib
from typing import Any

#: Each public name and the module that defines it.
_HOMES = {
    "BarChart": "bars",
    "NNVizScene": "base",
    "chart_axes": "charts",
    "chart_segment": "charts",
    "line_chart": "charts",
    "plot_values": "charts",
    "circle_image": "ellipses",
    "View": "framing",
    "fit_view": "framing",
    "frame_region": "framing",
    "Heatmap": "heatmap",
    "Hyperplane": "hyperplane",
    "half_plane": "hyperplane",
    "coord_label": "labels",
    "fmt": "labels",
    "matrix_label": "labels",
    "matrix_tex": "labels",
    "with_background": "labels",
    "layout_problems": "layout",
    "mark_background": "layout",
    "LevelSets": "levelsets",
    "level_lines": "levelsets",
    "line_extent": "lines",
    "line_through": "lines",
    "span_line": "lines",
    "follow_maps": "motion",
    "rotation_path": "motion",
    "stretch_path": "motion",
    "NetworkDiagram": "network",
    "ProjectionLine": "numberline",
    "guide_line": "numberline",
    "named_matrix": "panels",
    "panel": "panels",
    "side_axes": "panels",
    "tex_lines": "panels",
    "around": "placement",
    "place_label": "placement",
    "TransformablePlane": "planes",
    "PALETTE": "style",
    "LabeledVector": "vectors",
    "arrow_to": "vectors",
    "vector_label": "vectors",
}

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


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'nnviz_kit' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"nnviz_kit.{home}"), name)
    globals()[name] = value  # the next look-up is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOMES])
