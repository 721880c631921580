"""Ellipses as images of the unit circle: a covariance ellipse, or where a matrix sends the circle."""

from __future__ import annotations

import numpy as np
from manim import Circle, VMobject

from nnviz_kit.framing import View
from nnviz_kit.style import VECTOR

__all__ = ["circle_image"]


def circle_image(
    view: View,
    matrix: object,
    center: object = (0.0, 0.0),
    color=VECTOR,
    stroke_width: float = 4,
) -> VMobject:
    """The curve ``center + M·(cos θ, sin θ)`` for a (2, 2) ``matrix`` M, in the view.

    With M = U·diag(σ) this is the ellipse with semi-axes σ₁u₁ and σ₂u₂; for a covariance
    Σ = V·diag(λ)·Vᵀ, M = V·diag(√λ) gives the one-standard-deviation ellipse.
    """
    m = np.asarray(matrix, dtype=float)
    c = view.to_scene(np.asarray(center, dtype=float))
    circle = Circle(radius=view.unit, color=color, stroke_width=stroke_width, num_components=64)
    circle.move_to(c)
    return circle.apply_matrix(m, about_point=c)
