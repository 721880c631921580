"""Lecture 1, "Matrices are functions": a matrix moves the basis vectors, and with them the plane.

Every number comes from :mod:`nnviz.linalg`; the scenes only place and animate it.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, UL, Create, FadeIn, GrowArrow, MathTex, VGroup, Write

from nnviz import linalg
from scenes.kit import NNVizScene, TransformablePlane, coord_label, fit_view, fmt, matrix_label
from scenes.kit.framing import frame_region
from scenes.kit.labels import place_beside, with_background
from scenes.kit.style import LABEL_SIZE, VECTOR
from scenes.params import Array

__all__ = ["LinearMap"]

#: Scene-units kept free on the left for the matrix and equations.
PANEL_WIDTH = 3.4


class LinearMap(NNVizScene):
    """The plane moves from the identity to ``matrix``; î, ĵ and ``vector`` ride along.

    At the end î sits on column 1, ĵ on column 2 and the vector on matrix·vector.
    A singular matrix collapses the plane onto a line or a point, and the scene says so.

    Parameters
    ----------
    matrix : 2×2, default [[1, 3], [-2, 1]] (f(x, y) = (x + 3y, y - 2x), seed 001)
    vector : 2, default [7, 8]

    Example
    -------
    ``python -m scenes render LinearMap --set 'matrix=[[2,1],[1,3]]' --format png``
    """

    TITLE = "A matrix is a function"
    CAPTION = "The matrix moves the grid: î lands on its first column, ĵ on its second."
    PARAMS = (
        Array("matrix", (2, 2), default=[[1, 3], [-2, 1]], help="the linear map"),
        Array("vector", (2,), default=[7, 8], help="a vector that rides along"),
    )

    def construct(self) -> None:
        m, v = self.params["matrix"], self.params["vector"]
        images = linalg.basis_images(m)
        image = linalg.apply(m, v)
        det = linalg.determinant(m)
        kind = linalg.image_kind(m)
        self.record(basis_images=images, image=image, determinant=det, image_kind=kind)

        key_points = np.vstack([np.eye(2), v, images, image])
        # A collapsed plane gets a message along the bottom: keep the drawing above it.
        bottom = 0.0 if kind == "plane" else 0.8
        view = fit_view(
            key_points, region=frame_region(left=PANEL_WIDTH, bottom=bottom, margin=0.9)
        )
        plane = TransformablePlane(view, extent=3.0)
        arrow = plane.add_vector(v, VECTOR)
        v_label = place_beside(coord_label(v), arrow.get_end(), arrow.get_end() - view.origin_point)

        label = VGroup(MathTex("A =", font_size=LABEL_SIZE), matrix_label(m)).arrange(RIGHT)
        panel = with_background(label).to_corner(UL, buff=0.3)

        self.play(FadeIn(plane.background), Create(plane.grid), run_time=1.5)
        self.play(GrowArrow(plane.i_hat), GrowArrow(plane.j_hat), GrowArrow(arrow), Write(v_label))
        self.play(FadeIn(panel))
        self.caption(self.CAPTION, duration=3)
        self.play(*plane.transform(m), v_label.animate.set_opacity(0), run_time=3)

        end_label = place_beside(
            coord_label(image), arrow.get_end(), arrow.get_end() - view.origin_point
        )
        det_text = MathTex(rf"\det A = {fmt(det)}", font_size=LABEL_SIZE)
        det_text.next_to(panel, DOWN, aligned_edge=LEFT)
        self.play(Write(end_label), Write(with_background(det_text)))
        if kind != "plane":
            where = "a line" if kind == "line" else "a single point"
            self.play(FadeIn(self.note(f"det A = 0: the whole plane collapses onto {where}.")))
        self.anchor("i_hat_tip", plane.i_hat.get_end)
        self.anchor("j_hat_tip", plane.j_hat.get_end)
        self.anchor("vector_tip", arrow.get_end)
        self.wait(2)
