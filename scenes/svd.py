"""Lecture 3: the SVD plays any 2×2 matrix as three moves, rotate, scale, rotate.

Every number comes from :func:`nnviz.eigen.svd`; the scene places and animates it.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UL,
    Create,
    Dot,
    FadeIn,
    GrowArrow,
    Line,
    MathTex,
    VGroup,
    config,
)

from nnviz import eigen as eig
from nnviz import linalg
from nnviz_kit import (
    NNVizScene,
    TransformablePlane,
    circle_image,
    fit_view,
    fmt,
    follow_maps,
    matrix_label,
    place_label,
    rotation_path,
    stretch_path,
)
from nnviz_kit.framing import frame_region
from nnviz_kit.labels import with_background
from nnviz_kit.params import Array
from nnviz_kit.style import I_HAT, J_HAT, LABEL_SIZE, SMALL_SIZE, VECTOR

__all__ = ["SVDSteps"]

PANEL_WIDTH = 3.9
#: Colour of the ellipse's semi-axes σ₁u₁ and σ₂u₂.
AXIS = "#FF862F"  # manim ORANGE


class SVDSteps(NNVizScene):
    """A = U·Σ·Vᵀ as three moves: rotate by Vᵀ, scale by Σ, rotate by U.

    The unit circle (yellow) rides along and ends as the ellipse with semi-axes σ₁u₁ and σ₂u₂.
    When det A < 0 the scaling step also flips the y axis: A contains a reflection.

    Parameters
    ----------
    matrix : 2×2, default [[1, 3], [-2, 1]] (f(x, y) = (x + 3y, y - 2x), seed 001)

    Example
    -------
    ``python -m scenes render SVDSteps --set 'matrix=[[1,2],[3,1]]' --format png``
    """

    TITLE = "SVD: rotate, scale, rotate"
    CAPTION = "Every matrix is a rotation, a stretch along the axes, and another rotation."
    PARAMS = (
        Array("matrix", (2, 2), default=[[1, 3], [-2, 1]], max_abs=10, help="the linear map"),
    )

    def construct(self) -> None:
        m = self.params["matrix"]
        r = eig.svd(m)
        sigma = np.abs(r.s)
        tips = [r.U[:, i] * r.s[i] for i in range(2)]  # where A sends v₁, v₂: ±σᵢuᵢ
        self.record(
            U=r.U,
            singular_values=sigma,
            signed_s=r.s,
            Vt=r.Vt,
            angle_u_degrees=np.degrees(r.angle_u),
            angle_vt_degrees=np.degrees(r.angle_vt),
            reflection=r.reflection,
            determinant=linalg.determinant(m),
            axis_tips=tips,
        )

        circle_pts = np.column_stack(
            [np.cos(np.linspace(0, 2 * np.pi, 16)), np.sin(np.linspace(0, 2 * np.pi, 16))]
        )
        key = np.vstack([circle_pts * max(1.0, sigma[0]), tips])
        view = fit_view(
            key, region=frame_region(left=PANEL_WIDTH, bottom=0.8, margin=0.45), max_unit=2.0
        )
        self.record(pixels_per_unit=view.unit * config.pixel_width / config.frame_width)
        plane = TransformablePlane(view, extent=3.0, show_basis=False)
        circle = circle_image(view, np.eye(2), color=VECTOR)
        plane.riders.add(circle)
        plane.freeze()
        v1 = plane.add_vector(r.Vt[0], I_HAT)
        v2 = plane.add_vector(r.Vt[1], J_HAT)

        panel = self.panel(m, r)
        self.play(FadeIn(plane.background), Create(plane.grid), Create(circle), FadeIn(panel[0]))
        self.play(GrowArrow(v1), GrowArrow(v2))
        self.caption("Start with the unit circle and the right singular vectors v₁, v₂.")
        self.wait(0.5)

        vt, s_mat = r.Vt, np.diag(r.s)
        steps = [
            (
                rotation_path(np.eye(2), r.angle_vt),
                panel[1],
                "Rotate by Vᵀ: v₁ and v₂ turn onto the axes.",
            ),
            (stretch_path(vt, r.s), panel[2], self.scale_words(r)),
            (
                rotation_path(s_mat @ vt, r.angle_u),
                panel[3],
                "Rotate by U: the axes turn to u₁ and u₂.",
            ),
        ]
        for path, line, words in steps:
            self.play(FadeIn(line), run_time=0.5)
            self.caption(words, duration=2.5)
            self.play(follow_maps(plane, path), run_time=2.5)
            self.wait(0.3)

        axes = VGroup()
        dots = VGroup()
        for i in range(2):
            start, end = view.origin_point, view.to_scene(r.U[:, i] * sigma[i])
            axes.add(Line(start, end, color=AXIS, stroke_width=5))
            dots.add(Dot(end, color=AXIS, radius=0.08))
        labels = []
        avoid = list(panel)
        for i in range(2):
            u = r.U[:, i]
            lab = MathTex(rf"\sigma_{i + 1} = {fmt(sigma[i])}", font_size=LABEL_SIZE, color=AXIS)
            place_label(
                lab,
                dots[i].get_center(),
                [u, np.array([-u[1], u[0]]), -np.array([-u[1], u[0]])],
                avoid,
                buff=0.2,
            )
            avoid.append(lab)
            labels.append(with_background(lab))
        self.play(Create(axes), FadeIn(dots), *(FadeIn(lab) for lab in labels))
        self.bring_to_front(v1, v2, dots)  # arrows over the axes, the tip dots over both
        words = "The circle became the ellipse with semi-axes σ₁u₁ and σ₂u₂."
        if r.reflection:
            words = "det A < 0: the ellipse comes with a flip, and v₂ lands on −σ₂u₂."
        self.play(FadeIn(self.note(words)))
        self.caption(words, duration=3)
        self.anchor("origin", view.origin_point)
        for i in range(2):
            self.anchor(f"sigma{i + 1}_tip", dots[i])
        self.anchor("v1_tip", v1.get_end)
        self.anchor("v2_tip", v2.get_end)
        self.wait(2)

    @staticmethod
    def scale_words(r: eig.SVD) -> str:
        words = f"Scale by Σ: x by {fmt(abs(r.s[0]))}, y by {fmt(abs(r.s[1]))}."
        if r.reflection:
            words += " det < 0, so y also flips: a reflection."
        return words

    def panel(self, m: np.ndarray, r: eig.SVD) -> VGroup:
        """A = UΣVᵀ and one line per move, top left."""
        a = VGroup(MathTex("A =", font_size=LABEL_SIZE), matrix_label(m)).arrange(RIGHT)
        flip = r"\ \text{(flip } y)" if r.reflection else ""
        lines = [
            MathTex(
                rf"1.\ V^T:\ \text{{rotate }} {{{fmt(np.degrees(r.angle_vt), 1)}}}^\circ",
                font_size=SMALL_SIZE + 4,
            ),
            MathTex(
                rf"2.\ \Sigma:\ \times {fmt(abs(r.s[0]))},\ \times {fmt(abs(r.s[1]))}{flip}",
                font_size=SMALL_SIZE + 4,
            ),
            MathTex(
                rf"3.\ U:\ \text{{rotate }} {{{fmt(np.degrees(r.angle_u), 1)}}}^\circ",
                font_size=SMALL_SIZE + 4,
            ),
        ]
        group = VGroup(a, *lines).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        out = VGroup(*(with_background(g) for g in group))
        out.to_corner(UL, buff=0.3)
        return out
