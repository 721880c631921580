"""Lecture 3: the SVD plays any 2×2 matrix as three moves, rotate, scale, rotate.

Every number comes from :func:`nnviz.eigen.svd`; the scene places and animates it.
"""

from __future__ import annotations

import numpy as np
from manim import (
    Create,
    Dot,
    FadeIn,
    GrowArrow,
    Line,
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
    named_matrix,
    panel,
    place_label,
    rotation_path,
    stretch_path,
)
from nnviz_kit.equations import Num, equation
from nnviz_kit.framing import frame_region
from nnviz_kit.labels import tex_number, with_background
from nnviz_kit.params import Array
from nnviz_kit.style import AXIS, I_HAT, J_HAT, SMALL_SIZE, VECTOR

__all__ = ["SVDSteps"]

PANEL_WIDTH = 3.9


class SVDSteps(NNVizScene):
    """A = U·Σ·Vᵀ as three moves: rotate by Vᵀ, scale by Σ, rotate by U.

    The unit circle (yellow) rides along and ends as the ellipse with semi-axes σ₁u₁ and σ₂u₂.
    When det A < 0 the scaling step also flips the y axis: A contains a reflection.

    Parameters
    ----------
    matrix : 2×2, default [[1, 3], [-2, 1]] (f(x, y) = (x + 3y, y - 2x), seed 001)

    Example
    -------
    ``nnviz render SVDSteps --set 'matrix=[[1,2],[3,1]]' --format png``
    """

    TITLE = "SVD: rotate, scale, rotate"
    CAPTION = "Every matrix is a rotation, a stretch along the axes, and another rotation."
    PARAMS = (
        Array("matrix", (2, 2), default=[[1, 3], [-2, 1]], max_abs=10, help="the linear map"),
    )

    def construct(self) -> None:
        self.work_out()
        self.show_circle()
        for step in range(3):
            self.play_move(step)
        self.show_semi_axes()
        self.give_verdict()
        self.wait(2)

    def work_out(self) -> None:
        """The SVD, and a view that holds the unit circle and the ellipse."""
        m = self.params["matrix"]
        self.r = r = eig.svd(m)
        self.sigma = np.abs(r.s)
        tips = [r.U[:, i] * r.s[i] for i in range(2)]  # where A sends v₁, v₂: ±σᵢuᵢ
        self.record(
            U=r.U,
            singular_values=self.sigma,
            signed_s=r.s,
            Vt=r.Vt,
            angle_u_degrees=np.degrees(r.angle_u),
            angle_vt_degrees=np.degrees(r.angle_vt),
            reflection=r.reflection,
            determinant=linalg.determinant(m),
            axis_tips=tips,
        )
        turn = np.linspace(0, 2 * np.pi, 16)
        circle_pts = np.column_stack([np.cos(turn), np.sin(turn)])
        key = np.vstack([circle_pts * max(1.0, self.sigma[0]), tips])
        region = frame_region(left=PANEL_WIDTH, bottom=0.8, margin=0.45)
        self.view = fit_view(key, region=region, max_unit=2.0)
        self.record(pixels_per_unit=self.view.unit * config.pixel_width / config.frame_width)

    def show_circle(self) -> None:
        """The unit circle (it rides with the plane) and the right singular vectors v₁, v₂."""
        r = self.r
        self.plane = TransformablePlane(self.view, extent=3.0, show_basis=False)
        circle = circle_image(self.view, np.eye(2), color=VECTOR)
        self.plane.riders.add(circle)
        self.plane.freeze()
        self.v1 = self.plane.add_vector(r.Vt[0], I_HAT)
        self.v2 = self.plane.add_vector(r.Vt[1], J_HAT)
        self.box = svd_panel(self.params["matrix"], r)
        self.play(*self.plane.draw(), Create(circle), FadeIn(self.box[0], self.box[1][0]))
        self.play(GrowArrow(self.v1), GrowArrow(self.v2))
        self.caption("Start with the unit circle and the right singular vectors v₁, v₂.")
        self.wait(0.5)

    def play_move(self, step: int) -> None:
        """Move ``step`` (0: rotate by Vᵀ, 1: scale by Σ, 2: rotate by U), with its panel line."""
        r = self.r
        if step == 0:
            path = rotation_path(np.eye(2), r.angle_vt)
            words = "Rotate by Vᵀ: v₁ and v₂ turn onto the axes."
        elif step == 1:
            path, words = stretch_path(r.Vt, r.s), self.scale_words(r)
        else:
            path = rotation_path(np.diag(r.s) @ r.Vt, r.angle_u)
            words = "Rotate by U: the axes turn to u₁ and u₂."
        self.play(FadeIn(self.box[1][step + 1]), run_time=0.5)
        self.caption(words, duration=2.5)
        self.play(follow_maps(self.plane, path), run_time=2.5)
        self.wait(0.3)

    def show_semi_axes(self) -> None:
        """σ₁u₁ and σ₂u₂ drawn from the origin, each named beside its tip."""
        r, view = self.r, self.view
        axes, self.dots = VGroup(), VGroup()
        for i in range(2):
            start, end = view.origin_point, view.to_scene(r.U[:, i] * self.sigma[i])
            axes.add(Line(start, end, color=AXIS, stroke_width=5))
            self.dots.add(Dot(end, color=AXIS, radius=0.08))
        labels = []
        avoid = [self.box]
        for i in range(2):
            u = r.U[:, i]
            lab = tex_number(rf"\sigma_{i + 1} =", self.sigma[i], color=AXIS)
            perp = np.array([-u[1], u[0]])
            place_label(lab, self.dots[i].get_center(), [u, perp, -perp], avoid, buff=0.2)
            avoid.append(lab)
            labels.append(with_background(lab))
        self.play(Create(axes), FadeIn(self.dots), *(FadeIn(lab) for lab in labels))
        self.bring_to_front(self.v1, self.v2, self.dots)  # arrows over the axes, tip dots on top

    def give_verdict(self) -> None:
        words = "The circle became the ellipse with semi-axes σ₁u₁ and σ₂u₂."
        if self.r.reflection:
            words = "det A < 0: the ellipse comes with a flip, and v₂ lands on −σ₂u₂."
        self.play(FadeIn(self.note(words)))
        self.caption(words, duration=3)
        self.anchor("origin", self.view.origin_point)
        for i in range(2):
            self.anchor(f"sigma{i + 1}_tip", self.dots[i])
        self.anchor("v1_tip", self.v1.get_end)
        self.anchor("v2_tip", self.v2.get_end)

    @staticmethod
    def scale_words(r: eig.SVD) -> str:
        words = f"Scale by Σ: x by {fmt(abs(r.s[0]))}, y by {fmt(abs(r.s[1]))}."
        if r.reflection:
            words += " det < 0, so y also flips: a reflection."
        return words


def svd_panel(m: np.ndarray, r: eig.SVD) -> VGroup:
    """A = [..] and one line per move, top left; the lines appear one by one."""
    flip = [r"\ \text{(flip } y)"] if r.reflection else []
    size = SMALL_SIZE + 4
    return panel(
        named_matrix("A =", m, compact=False),
        equation(r"1.\ V^T:\ \text{rotate }", Num(np.degrees(r.angle_vt), 1), r"^\circ",
                  font_size=size),
        equation(r"2.\ \Sigma:\ \times", Num(abs(r.s[0])), r",\ \times", Num(abs(r.s[1])), *flip,
                  font_size=size),
        equation(r"3.\ U:\ \text{rotate }", Num(np.degrees(r.angle_u), 1), r"^\circ",
                  font_size=size),
        width=PANEL_WIDTH,
        spacing=0.3,
    )  # fmt: skip
