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

# Lectures 4 and 5: network diagrams, heatmaps, shared trained nets
from scenes.kit.heatmap import Heatmap  # noqa: E402
from scenes.kit.network import NetworkDiagram  # noqa: E402

__all__ += ["NetworkDiagram", "Heatmap"]
