"""Lecture 6, "Seeing in three dimensions": 3×3 maps, planes in space, PCA in 3-D, lifting
layers and the Hessian.

Scenes: LinearMap3D, RotationAxis3D, PlaneProjection3D, ConditionalEdit3D, PCA3D,
LiftingLayer, HessianSurface. Every number comes from :mod:`nnviz.space3d`; the scenes only
place it. Numbers stay fixed in the frame while the camera turns.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from manim import (
    DEGREES,
    GREY,
    RIGHT,
    UR,
    WHITE,
    Create,
    DashedLine,
    FadeIn,
    GrowFromCenter,
    ManimColor,
    MathTex,
    ParametricFunction,
    Surface,
    Transform,
    ValueTracker,
    VGroup,
    interpolate_color,
)

from nnviz import space3d as s3
from nnviz_kit.bars import BarChart
from nnviz_kit.equations import Num, equation, glyph_matrix
from nnviz_kit.labels import fmt
from nnviz_kit.layout import mark_background
from nnviz_kit.params import MATRIX_MAX_ABS, Array, Choice, Number, at_most_items, nonzero
from nnviz_kit.space3d import (
    K_HAT,
    NNVizScene3D,
    arrow3d,
    basis_arrows,
    dots3d,
    edge_on_theta,
    floor_grid,
    lattice,
    named_matrix3,
    parallelepiped,
    plane_patch,
    segment,
)
from nnviz_kit.style import (
    CONDITION,
    FEATURE,
    I_HAT,
    J_HAT,
    LABEL_SIZE,
    NEGATIVE,
    OTHER,
    POSITIVE,
    SMALL_SIZE,
    SPAN,
    VECTOR,
    sign_color,
)
from nnviz_kit.trained import toy_network

__all__ = [
    "LinearMap3D",
    "RotationAxis3D",
    "PlaneProjection3D",
    "ConditionalEdit3D",
    "PCA3D",
    "LiftingLayer",
    "HessianSurface",
]

AXIS = "#FF862F"  # principal axes, as in the 2-D PCA scene (manim ORANGE)
POINT = WHITE  # the point of interest on a surface, and feet on a plane
RIDER = 1.35  # length of the vector riding on each eigen-line (longer than î, ĵ, k̂)


def map3_param(default: list, help: str) -> Array:
    """A 3×3 matrix parameter with entries small enough to draw."""
    return Array("matrix", (3, 3), default=default, max_abs=MATRIX_MAX_ABS, help=help)


def vec3_param(name: str, default: list, help: str, check=None) -> Array:
    return Array(name, (3,), default=default, max_abs=MATRIX_MAX_ABS, help=help, check=check)


def tex(text: str, color=None, size: float = LABEL_SIZE) -> MathTex:
    return MathTex(text, font_size=size, **({"color": color} if color is not None else {}))


def eq(*parts: str | Num, color=None, size: float = LABEL_SIZE) -> VGroup:
    """Fixed TeX and glyph numbers in one line: no LaTeX run when the numbers change."""
    return equation(*parts, font_size=size, color=color)


def with_column(text: str, v: object, color=WHITE, size: float = LABEL_SIZE) -> VGroup:
    """Fixed TeX ``text`` then the column vector ``v`` in glyph numbers."""
    column = glyph_matrix(np.reshape(v, (-1, 1)), size, color)
    return VGroup(tex(text, color, size), column).arrange(RIGHT, buff=0.15)


def num_list(lead: str, values) -> list:
    """Equation parts ``lead v1, v2, ...``; a complex value reads ``re + im i``."""
    parts: list = []
    for k, z in enumerate(complex(v) for v in values):
        parts += [lead if k == 0 else r",\ ", Num(z.real)]
        if abs(z.imag) >= 1e-9:
            parts += ["+" if z.imag > 0 else "-", Num(abs(z.imag)), "i"]
    return parts


def basis_legend() -> MathTex:
    """î ĵ k̂ in their colours, so the coloured columns of a matrix read at once."""
    m = MathTex(r"\hat\imath", r"\;\hat\jmath", r"\;\hat k", font_size=LABEL_SIZE)
    for part, c in zip(m, (I_HAT, J_HAT, K_HAT), strict=True):
        part.set_color(c)
    return m


# ============================================================================================
class LinearMap3D(NNVizScene3D):
    """Space moves by a 3×3 matrix: î, ĵ, k̂ land on its columns and the unit cube becomes the
    parallelepiped they span; its signed volume is det A. A singular A flattens space onto a
    plane, a line or a point, and the scene says which.

    Parameters
    ----------
    matrix : 3×3, default [[1, 1, -0.5], [0, 2, 0.5], [1, 0, 1]] (det 3.5)

    Example
    -------
    ``nnviz render LinearMap3D --set 'matrix=[[1,0,0],[0,1,0],[0,0,-1]]' --format png``
    """

    TITLE = "Matrices move space"
    CAPTION = (
        "The cube spanned by î, ĵ, k̂ becomes the box spanned by the columns: det A is its volume."
    )
    PARAMS = (map3_param([[1, 1, -0.5], [0, 2, 0.5], [1, 0, 1]], "the linear map of space"),)

    def construct(self) -> None:
        self.compute()
        self.show_space()
        self.show_matrix()
        self.apply_map()
        self.show_volume()
        self.turn_camera()
        self.mark_anchors()

    def compute(self) -> None:
        self.m = s3.linear_map_3d(self.params["matrix"])
        self.record(basis_images=self.m.basis_images, determinant=self.m.determinant,
                    rank=self.m.rank, image_kind=self.m.image_kind,
                    orientation=self.m.orientation, cube_corners=self.m.cube)  # fmt: skip
        box = np.vstack([s3.unit_cube(), self.m.cube, -np.ones(3), np.ones(3)])
        self.frame_space(box, swing=40 * DEGREES)

    def show_space(self) -> None:
        sp = self.space
        self.grid, self.floor = lattice(sp, 1, opacity=0.35), floor_grid(sp, 2)
        self.cube = parallelepiped(sp, s3.unit_cube())
        self.arrows = basis_arrows(sp)
        self.play(FadeIn(self.floor), Create(self.grid), run_time=1.5)
        self.play(FadeIn(self.cube), *(FadeIn(a) for a in self.arrows), run_time=1.2)

    def show_matrix(self) -> None:
        self.box = self.fixed_panel(named_matrix3("A =", self.m.matrix), basis_legend())
        self.play(FadeIn(self.box))
        self.caption(self.CAPTION, duration=3)

    def apply_map(self) -> None:
        a = self.m.matrix
        targets = basis_arrows(self.space, a)
        self.play(
            self.grid.animate.apply_matrix(a, about_point=self.space.origin),
            self.cube.animate.apply_matrix(a, about_point=self.space.origin),
            *(Transform(arr, t) for arr, t in zip(self.arrows, targets, strict=True)),
            run_time=3,
        )

    def show_volume(self) -> None:
        m = self.m
        lines = [eq(r"\det A = ", Num(m.determinant))]
        if m.orientation == "flipped":
            lines.append(tex(r"\det A < 0:\ \text{orientation flips}", NEGATIVE, SMALL_SIZE))
            lines.append(tex(r"\text{(right hand} \to \text{left hand)}", NEGATIVE, SMALL_SIZE))
        elif m.orientation == "kept":
            lines.append(eq(r"\text{volume} \times ", Num(abs(m.determinant)), size=SMALL_SIZE))
        self.play(FadeIn(self.fixed_panel(*lines, corner=UR)))
        if m.image_kind != "space":
            where = {"plane": "a plane", "line": "a line", "point": "a single point"}[m.image_kind]
            self.caption(f"det A = 0: space is flattened onto {where}.", duration=3)
            self.play(
                FadeIn(self.fixed_note(f"det A = 0: all of space is flattened onto {where}."))
            )

    def turn_camera(self) -> None:
        self.move_camera(theta=self.camera.get_theta() + 40 * DEGREES, run_time=3)

    def mark_anchors(self) -> None:
        for name, v in zip(("i_hat_tip", "j_hat_tip", "k_hat_tip"), self.m.basis_images,
                           strict=True):  # fmt: skip
            self.anchor(name, self.space.to_scene(v))
        self.anchor("origin", self.space.to_scene(np.zeros(3)))
        self.wait(1.5)


# ============================================================================================
class RotationAxis3D(NNVizScene3D):
    """The real eigenvector lines of a 3×3 map stay on their own span. For a rotation
    (orthogonal, det 1) one of them is the axis, eigenvalue 1, and the angle is the argument
    of the complex pair. Every eigen case is stated plainly.

    Parameters
    ----------
    matrix : 3×3, default [[0, 0, 1], [1, 0, 0], [0, 1, 0]] (120° about (1, 1, 1))

    Example
    -------
    ``nnviz render RotationAxis3D --set 'matrix=[[1,0,0],[0,-1,0],[0,0,-1]]' --format png``
    """

    TITLE = "Eigenvectors in space: the rotation axis"
    CAPTION = "Vectors on an eigen-line stay on it; for a rotation that line is the axis."
    PARAMS = (map3_param([[0, 0, 1], [1, 0, 0], [0, 1, 0]], "the linear map of space"),)

    def construct(self) -> None:
        self.compute()
        self.show_space()
        self.show_eigen_case()
        self.show_lines()
        self.apply_map()
        self.name_rotation()
        self.finish()

    def compute(self) -> None:
        a = self.params["matrix"]
        self.e = s3.eigen_lines(a)
        self.rot = s3.rotation_of(a) if s3.is_rotation(a) else None
        self.record(eigenvalues=[complex(v) for v in self.e.values], eigen_lines=self.e.lines.T,
                    line_eigenvalues=self.e.line_values, eigen_case=self.e.statement,
                    is_rotation=self.rot is not None)  # fmt: skip
        if self.rot is not None:
            self.record(
                axis=self.rot.axis, angle=self.rot.angle, angle_degrees=np.degrees(self.rot.angle)
            )
        on_lines = self.e.lines * np.maximum(np.abs(self.e.line_values) * RIDER, 1.6)
        # a's columns are where î, ĵ, k̂ land.
        self.frame_space(np.vstack([np.eye(3), a.T, on_lines.T, -on_lines.T, -np.eye(3)]))

    def show_space(self) -> None:
        sp = self.space
        self.grid, self.arrows = lattice(sp, 1, opacity=0.3), basis_arrows(sp)
        self.play(FadeIn(floor_grid(sp, 2)), Create(self.grid), *map(FadeIn, self.arrows))

    def show_eigen_case(self) -> None:
        items = [
            named_matrix3("A =", self.params["matrix"]),
            eq(*num_list(r"\lambda = ", self.e.values), size=SMALL_SIZE),
        ]
        self.play(FadeIn(self.fixed_panel(*items)))
        self.caption(f"This map has {self.e.statement}.", duration=3)
        self.play(FadeIn(self.fixed_note(f"Eigen case: {self.e.statement}.")))

    def show_lines(self) -> None:
        sp, reach = self.space, 1.6
        self.lines, self.riders = VGroup(), VGroup()
        for v in self.e.lines.T:
            self.lines.add(segment(sp, -reach * v, reach * v, SPAN, 4))
            self.riders.add(arrow3d(sp, RIDER * v, VECTOR))
        self.play(*map(Create, self.lines), *map(FadeIn, self.riders), run_time=1.5)
        self.bring_to_front(self.arrows)  # î, ĵ, k̂ stay visible along an eigen-line

    def apply_map(self) -> None:
        a, sp = self.params["matrix"], self.space
        targets = [arrow3d(sp, RIDER * lam * v, VECTOR) for v, lam in
                   zip(self.e.lines.T, self.e.line_values, strict=True)]  # fmt: skip
        self.play(
            self.grid.animate.apply_matrix(a, about_point=self.space.origin),
            *(Transform(b, t) for b, t in zip(self.arrows, basis_arrows(sp, a), strict=True)),
            *(Transform(r, t) for r, t in zip(self.riders, targets, strict=True)),
            run_time=3,
        )

    def name_rotation(self) -> None:
        if self.rot is None:
            text = [tex(r"\text{not a rotation}", size=SMALL_SIZE),
                    tex(r"(A^{\mathsf T}A \ne I \text{ or } \det A \ne 1)", size=SMALL_SIZE)]  # fmt: skip
        elif self.rot.axis is None:
            text = [tex(r"\text{the identity: no turn}", size=SMALL_SIZE)]
        else:
            deg = np.degrees(self.rot.angle)
            text = [tex(r"\text{rotation}", size=SMALL_SIZE),
                    with_column(r"\text{axis} =", np.round(self.rot.axis, 3), SPAN, SMALL_SIZE),
                    eq(r"\theta = ", Num(deg, 1), r"{}^\circ", size=SMALL_SIZE),
                    tex(r"(\lambda = 1,\ e^{\pm i\theta})", size=SMALL_SIZE)]  # fmt: skip
        self.play(FadeIn(self.fixed_panel(*text, corner=UR)))

    def finish(self) -> None:
        for i, (v, lam) in enumerate(zip(self.e.lines.T, self.e.line_values, strict=True)):
            self.anchor(f"eigen_tip_{i}", self.space.to_scene(RIDER * lam * v))
        self.wait(2)


# ============================================================================================
class PlaneProjection3D(NNVizScene3D):
    """The plane n·x + b = 0 in space; each point's signed score is its distance, the points are
    coloured by side and dropped orthogonally onto the plane.

    Parameters
    ----------
    normal : 3, default [1, 1, 2]
    offset : default -1
    points : k×3 (k <= 6), default four points on both sides

    Example
    -------
    ``nnviz render PlaneProjection3D --set 'normal=[0,0,1] offset=0' --format png``
    """

    TITLE = "Planes in space score points"
    CAPTION = "A point's score is its signed distance to the plane: blue on the normal's side, red behind."
    PARAMS = (
        vec3_param("normal", [1, 1, 2], "the plane's normal n", check=nonzero),
        Number("offset", default=-1.0, minimum=-20, maximum=20, help="the plane's offset b"),
        Array(
            "points",
            (None, 3),
            default=[[1.5, 0.5, 1.5], [-1, 0.5, 0.2], [0.5, -1.5, -0.5], [1, 1.2, -0.8]],
            max_abs=MATRIX_MAX_ABS,
            check=at_most_items(6),
            help="points to score",
        ),  # fmt: skip
    )

    def construct(self) -> None:
        self.compute()
        self.show_plane()
        self.show_points()
        self.drop_points()
        self.show_scores()
        self.finish()

    def compute(self) -> None:
        p = self.params
        self.s = s3.plane_scores(p["points"], p["normal"], p["offset"])
        self.origin, self.uv = s3.plane_basis(p["normal"], p["offset"])
        self.n_hat = p["normal"] / np.linalg.norm(p["normal"])
        self.centre = self.s.feet.mean(axis=0)
        self.half = float(np.max(np.abs((self.s.feet - self.centre) @ self.uv.T))) + 0.8
        self.record(scores=self.s.scores, feet=self.s.feet, sides=self.s.sides,
                    unit_normal=self.n_hat, plane_point=self.origin)  # fmt: skip
        corners = [self.centre + self.half * (a * self.uv[0] + b * self.uv[1])
                   for a in (-1, 1) for b in (-1, 1)]  # fmt: skip
        self.frame_space(np.vstack([p["points"], corners, self.centre + self.n_hat]),
                         swing=30 * DEGREES)  # fmt: skip

    def show_plane(self) -> None:
        sp = self.space
        patch = plane_patch(sp, self.origin, self.uv, self.half, GREY, 0.3, centre=self.centre)
        normal = arrow3d(sp, self.centre + self.n_hat, POSITIVE, start=self.centre)
        n, b = self.params["normal"], self.params["offset"]
        sign = "-" if b < 0 else "+"
        plane = VGroup(
            glyph_matrix(np.reshape(n, (-1, 1))), eq(rf"\cdot x {sign}", Num(abs(b)), "= 0")
        )
        plane.arrange(RIGHT, buff=0.2)
        self.play(FadeIn(patch), FadeIn(normal), FadeIn(self.fixed_panel(plane)), run_time=1.5)
        self.caption(self.CAPTION, duration=3)

    def show_points(self) -> None:
        colors = [{1: POSITIVE, -1: NEGATIVE, 0: OTHER}[int(s)] for s in self.s.sides]
        self.dots = dots3d(self.space, self.params["points"], colors, radius=0.09)
        # Each point named as in the score panel, up-left of it on screen.
        names = [self.pin_label(tex(f"x_{i + 1}", c, SMALL_SIZE), d, (-0.28, 0.2))
                 for i, (d, c) in enumerate(zip(self.dots, colors, strict=True))]  # fmt: skip
        self.face_camera(*self.dots)
        self.play(*map(GrowFromCenter, self.dots), *map(FadeIn, names))

    def drop_points(self) -> None:
        sp, drops, feet = self.space, VGroup(), dots3d(self.space, self.s.feet, POINT, 0.05)
        for x, f in zip(self.params["points"], self.s.feet, strict=True):
            if np.linalg.norm(x - f) > 1e-9:
                drops.add(DashedLine(sp.to_scene(x), sp.to_scene(f), color=WHITE, stroke_width=2))
        self.face_camera(*feet)
        self.play(*map(Create, drops), *map(FadeIn, feet), run_time=1.5)

    def show_scores(self) -> None:
        rows = [eq(rf"x_{i + 1}:\ ", Num(d), color=sign_color(d) if s else OTHER, size=SMALL_SIZE)
                for i, (d, s) in enumerate(zip(self.s.scores, self.s.sides, strict=True))]  # fmt: skip
        head = tex(r"\text{score} = \frac{n\cdot x + b}{\lVert n\rVert}", size=SMALL_SIZE)
        self.play(FadeIn(self.fixed_panel(head, *rows, corner=UR)))
        if np.any(self.s.sides == 0):
            self.play(FadeIn(self.fixed_note("A point on the plane scores 0: it is its own foot.")))

    def finish(self) -> None:
        self.move_camera(theta=self.camera.get_theta() + 30 * DEGREES, run_time=2.5)
        for i, (x, f) in enumerate(zip(self.params["points"], self.s.feet, strict=True)):
            self.anchor(f"point_{i}", self.space.to_scene(x))
            self.anchor(f"foot_{i}", self.space.to_scene(f))
        self.wait(1.5)


# ============================================================================================
class ConditionalEdit3D(NNVizScene3D):
    """InterFaceGAN's conditioned edit in 3-D: n' = normalise(n − (n·ĉ)ĉ). Moving z along n'
    changes the edit score linearly and leaves the condition score fixed; moving along n
    itself drags the condition score along.

    Parameters
    ----------
    direction : 3, default [1, 1, 0] (the edit feature's normal n)
    condition : 3, default [0, 1, 0.4] (the condition feature's normal c)
    z : 3, default [0.3, -0.6, 0.4]
    alpha : default 1.5

    Example
    -------
    ``nnviz render ConditionalEdit3D --set 'alpha=-1' --format png``
    """

    TITLE = "Editing one feature, holding another"
    CAPTION = "Along n' the condition's score stays fixed; along n itself it drifts."
    PARAMS = (
        vec3_param("direction", [1, 1, 0], "the edit feature's normal n", check=nonzero),
        vec3_param("condition", [0, 1, 0.4], "the condition feature's normal c", check=nonzero),
        vec3_param("z", [0.3, -0.6, 0.4], "the latent point to edit"),
        Number("alpha", default=1.5, minimum=-3, maximum=3, help="how far to move"),
    )

    @classmethod
    def check_params(cls, values: dict[str, Any]) -> None:
        p = values
        s3.conditional_edit(p["direction"], p["condition"], p["z"], [p["alpha"]])

    def construct(self) -> None:
        self.compute()
        self.show_planes()
        self.show_directions()
        self.show_scores()
        self.move("conditioned")
        self.move("plain")
        self.finish()

    def compute(self) -> None:
        p = self.params
        a = p["alpha"]
        self.e = s3.conditional_edit(p["direction"], p["condition"], p["z"], np.linspace(0, a, 7))
        self.record(n_unit=self.e.n, c_unit=self.e.c, n_prime=self.e.n_prime, alphas=self.e.alphas,
                    edit_scores_conditioned=self.e.edit_conditioned,
                    condition_scores_conditioned=self.e.condition_conditioned,
                    edit_scores_plain=self.e.edit_plain,
                    condition_scores_plain=self.e.condition_plain)  # fmt: skip
        ends = np.vstack([self.e.along_conditioned, self.e.along_plain])
        self.half = max(1.5, float(np.abs(ends).max()) + 0.3)
        corners = [self.half * (a * uv[0] + b * uv[1]) for n in (self.e.n, self.e.c)
                   for uv in [s3.plane_basis(n)[1]] for a in (-1, 1) for b in (-1, 1)]  # fmt: skip
        # Look along the bisector of the two normals' horizontal parts, so neither plane is
        # seen edge-on.
        look = self.e.n + self.e.c
        theta = float(np.arctan2(look[1], look[0])) - np.pi if np.hypot(*look[:2]) > 1e-6 else -1.3
        self.frame_space(np.vstack([ends, corners]), phi=65 * DEGREES, theta=theta)
        self.t = ValueTracker(0.0)
        self.path = "conditioned"

    def show_planes(self) -> None:
        sp, e = self.space, self.e
        for normal, color in ((e.n, FEATURE), (e.c, CONDITION)):
            _, uv = s3.plane_basis(normal)
            self.play(FadeIn(plane_patch(sp, np.zeros(3), uv, self.half, color, 0.18)),
                      run_time=0.8)  # fmt: skip

    def show_directions(self) -> None:
        sp, e = self.space, self.e
        arrows = [
            arrow3d(sp, e.n, FEATURE),
            arrow3d(sp, e.c, CONDITION),
            arrow3d(sp, e.n_prime, VECTOR),
        ]
        legend = [tex(r"n\ \text{edit}", FEATURE, SMALL_SIZE),
                  tex(r"c\ \text{condition}", CONDITION, SMALL_SIZE),
                  tex(r"n' = \frac{n - (n\cdot\hat c)\,\hat c}{\lVert\cdot\rVert}", VECTOR, SMALL_SIZE)]  # fmt: skip
        self.play(*map(FadeIn, arrows), FadeIn(self.fixed_panel(*legend)), run_time=1.5)
        self.caption(self.CAPTION, duration=3)

    def _now(self) -> tuple[np.ndarray, float, float]:
        """z after the current move so far, with its edit and condition scores (from the core)."""
        p = self.params
        e = s3.conditional_edit(p["direction"], p["condition"], p["z"], [self.t.get_value()])
        if self.path == "conditioned":
            return e.along_conditioned[0], e.edit_conditioned[0], e.condition_conditioned[0]
        return e.along_plain[0], e.edit_plain[0], e.condition_plain[0]

    def show_scores(self) -> None:
        sp = self.space
        self.dot = dots3d(sp, self._now()[0], VECTOR, 0.09)[0]
        self.dot.add_updater(lambda d: d.move_to(sp.to_scene(self._now()[0])))
        self.face_camera(self.dot)
        edit = self.live_number(lambda: float(self._now()[1]), font_size=LABEL_SIZE, color=FEATURE)
        cond = self.live_number(
            lambda: float(self._now()[2]), font_size=LABEL_SIZE, color=CONDITION
        )
        rows = [VGroup(tex(r"n\cdot z =", FEATURE), edit).arrange(RIGHT),
                VGroup(tex(r"c\cdot z =", CONDITION), cond).arrange(RIGHT)]  # fmt: skip
        self.scores = self.fixed_panel(*rows, corner=UR)
        self.play(FadeIn(self.dot), FadeIn(self.scores))

    def move(self, path: str) -> None:
        self.path, sp = path, self.space
        self.t.set_value(0.0)
        ends = self.e.along_conditioned if path == "conditioned" else self.e.along_plain
        color = VECTOR if path == "conditioned" else FEATURE
        words = "along n': the condition score holds" if path == "conditioned" else \
            "along n itself: the condition score drifts"  # fmt: skip
        self.caption(f"Moving z {words}.", duration=2.5)
        trail = segment(sp, ends[0], ends[-1], color, 4)
        self.play(Create(trail), self.t.animate.set_value(self.params["alpha"]), run_time=2.5)
        self.anchor(f"z_end_{path}", sp.to_scene(ends[-1]))

    def finish(self) -> None:
        e = self.e
        drift = e.condition_plain[-1] - e.condition_plain[0]
        self.play(FadeIn(self.fixed_note(f"Along n the condition score moved by {fmt(drift)}; "
                                         "along n' by 0.")))  # fmt: skip
        self.wait(1.5)


# ============================================================================================
class PCA3D(NNVizScene3D):
    """A 3-D cloud, its covariance ellipsoid (1 σ) and principal axes √λ·v, then the points
    projected onto the plane of the top two components, with the variance kept and lost.

    Parameters
    ----------
    dataset : pancake | cigar | ball | points (default pancake)
    points : k×3, used when dataset = points
    n : number of points drawn for a named cloud (default 60)
    seed : default 0

    Example
    -------
    ``nnviz render PCA3D --set 'dataset=cigar seed=2' --format png``
    """

    TITLE = "PCA in three dimensions"
    CAPTION = "Keep the top two principal components: the cloud is flattened onto their plane."
    PARAMS = (
        Choice("dataset", default="pancake", choices=(*s3.CLOUDS, "points"), help="the cloud"),
        Array(
            "points",
            (None, 3),
            default=[[0, 0, 0], [2, 1, 0], [1, 2, 1], [3, 2, 2]],
            max_abs=MATRIX_MAX_ABS,
            check=at_most_items(200),
            help="your own points",
            only_when=("dataset", "points"),
        ),  # fmt: skip
        Number(
            "n",
            default=60,
            minimum=10,
            maximum=150,
            integer=True,
            help="points to draw",
            only_when=("dataset", tuple(s3.CLOUDS)),
        ),
        Number(
            "seed",
            default=0,
            minimum=0,
            maximum=10_000,
            integer=True,
            help="random seed",
            only_when=("dataset", tuple(s3.CLOUDS)),
        ),  # fmt: skip
    )

    @classmethod
    def check_params(cls, values: dict[str, Any]) -> None:
        s3.pca_3d(cls.points_of(values))

    @staticmethod
    def points_of(p: dict[str, Any]) -> np.ndarray:
        """The cloud: the given points, or a sampled named cloud."""
        if p["dataset"] == "points":
            return p["points"]
        return s3.cloud(p["dataset"], p["n"], seed=p["seed"])

    def construct(self) -> None:
        self.compute()
        self.show_cloud()
        self.show_axes()
        self.project()
        self.show_variance()
        self.finish()

    def compute(self) -> None:
        self.pts = self.points_of(self.params)
        self.r = s3.pca_3d(self.pts)
        r = self.r
        self.record(points=self.pts, mean=r.mean, components=r.components, eigenvalues=r.variances,
                    semi_axes=r.semi_axes, variance_kept=r.kept, variance_lost=r.lost,
                    kept_ratio=r.kept_ratio, collinear=r.collinear)  # fmt: skip
        uv = r.components[:2]  # the plane of the top two components
        self.half = tuple(np.abs((self.pts - r.mean) @ uv.T).max(axis=0) + 0.3)
        corners = [r.mean + a * self.half[0] * uv[0] + b * self.half[1] * uv[1]
                   for a in (-1, 1) for b in (-1, 1)]  # fmt: skip
        self.frame_space(np.vstack([self.pts, r.mean + r.semi_axes, r.mean - r.semi_axes, corners]),
                         swing=35 * DEGREES)  # fmt: skip

    def show_cloud(self) -> None:
        self.dots = dots3d(self.space, self.pts, POSITIVE, 0.05)
        self.face_camera(*self.dots)
        self.play(FadeIn(floor_grid(self.space, 2)), *map(FadeIn, self.dots), run_time=1.5)

    def show_axes(self) -> None:
        sp, r = self.space, self.r
        axes = VGroup(*(segment(sp, r.mean - s, r.mean + s, AXIS, 5 - i)
                        for i, s in enumerate(r.semi_axes)))  # fmt: skip
        shapes = [axes]
        if np.all(r.variances > 1e-6 * r.variances[0]):
            shapes.append(self._ellipsoid())
        legend = [eq(*num_list(r"\lambda = ", r.variances), size=SMALL_SIZE),
                  tex(r"\text{axes } \sqrt{\lambda}\,v,\ \text{ellipsoid } 1\sigma", AXIS,
                      SMALL_SIZE)]  # fmt: skip
        self.play(*map(FadeIn, shapes), FadeIn(self.fixed_panel(*legend)), run_time=1.5)

    def _ellipsoid(self) -> Surface:
        r, sp = self.r, self.space
        axes = r.semi_axes

        def point(u: float, v: float) -> np.ndarray:
            d = (
                np.cos(u) * np.cos(v) * axes[0]
                + np.cos(u) * np.sin(v) * axes[1]
                + np.sin(u) * axes[2]
            )
            return sp.to_scene(r.mean + d)

        surf = Surface(point, u_range=[-np.pi / 2, np.pi / 2], v_range=[0, 2 * np.pi],
                       resolution=(8, 14), fill_color=AXIS, fill_opacity=0.12,
                       stroke_color=AXIS, stroke_width=0.3, checkerboard_colors=False)  # fmt: skip
        return surf

    def project(self) -> None:
        r, sp = self.r, self.space
        patch = plane_patch(sp, r.mean, r.components[:2], self.half, AXIS, 0.15)
        self.caption(self.CAPTION, duration=3)
        self.play(FadeIn(patch), run_time=1)
        self.play(*(d.animate.move_to(sp.to_scene(q)) for d, q in
                    zip(self.dots, r.projected, strict=True)), run_time=2)  # fmt: skip

    def show_variance(self) -> None:
        r = self.r
        chart = BarChart([r.kept, r.lost], [r"\text{kept}", r"\text{lost}"], height=1.6,
                         colors=[POSITIVE, NEGATIVE])  # fmt: skip
        share = eq(r"\text{kept} = ", Num(100 * r.kept_ratio, 1), r"\%", size=SMALL_SIZE)
        self.play(FadeIn(self.fixed_panel(chart, share, corner=UR)))
        if r.collinear:
            self.play(FadeIn(self.fixed_note(
                "The points are collinear: all variance lies on one axis, so the plane is not unique.")))  # fmt: skip

    def finish(self) -> None:
        self.move_camera(theta=self.camera.get_theta() + 35 * DEGREES, run_time=2.5)
        self.anchor("mean", self.space.to_scene(self.r.mean))
        self.wait(1.5)


# ============================================================================================
class LiftingLayer(NNVizScene3D):
    """A tanh network [2, 3, 1] lifts tangled 2-D data into 3-D, where the output unit's
    decision boundary is a plane. Shown in stages: the inputs, W₁x + b₁, then tanh.
    Each stage is scaled to fit the view (the scales are shown).

    Parameters
    ----------
    dataset : circle | spiral | xor (default circle)
    seed : the net's initial weights (default 0)

    Example
    -------
    ``nnviz render LiftingLayer --set 'dataset=xor' --format png``
    """

    TITLE = "A hidden layer lifts data into 3-D"
    CAPTION = "Three tanh units lift the circle into space, where a plane separates the classes."
    PARAMS = (
        Choice("dataset", default="circle", choices=("circle", "spiral", "xor"), help="the data"),
        Number("seed", default=0, minimum=0, maximum=10_000, integer=True, help="initial weights"),
    )

    def construct(self) -> None:
        self.compute()
        self.show_inputs()
        self.show_stage("pre", r"W_1 x + b_1")
        self.show_stage("hidden", r"\tanh(W_1 x + b_1)")
        self.show_plane()
        self.finish()

    def compute(self) -> None:
        net, X, y = toy_network(self.params["dataset"], [3], self.params["seed"])
        self.lift, self.y = s3.lifting(net, X, y), np.asarray(y)
        lf = self.lift
        self.scales = {"input": float(np.abs(X).max()), "pre": float(np.abs(lf.pre).max()),
                       "hidden": 1.0}  # fmt: skip
        self.stages = {"input": np.column_stack([X, np.zeros(len(X))]) / self.scales["input"],
                       "pre": lf.pre / self.scales["pre"], "hidden": lf.hidden}  # fmt: skip
        self.record(W1=net.W[0], b1=net.b[0], plane_normal=lf.normal, plane_offset=lf.offset,
                    accuracy=lf.accuracy, stage_scales=self.scales)  # fmt: skip
        # The swing ends 15° short of seeing the decision plane edge-on, where the split shows.
        edge = edge_on_theta(lf.normal, 70 * DEGREES)
        theta = -50 * DEGREES if edge is None else edge - 55 * DEGREES
        self.frame_space(np.vstack([np.ones(3) * 1.15, -np.ones(3) * 1.15]), theta=theta,
                         swing=40 * DEGREES)  # fmt: skip

    def show_inputs(self) -> None:
        colors = [POSITIVE if c == 1 else NEGATIVE for c in self.y]
        self.dots = dots3d(self.space, self.stages["input"], colors, 0.045)
        self.face_camera(*self.dots)
        self.label = self.fixed_panel(tex(r"x \in \mathbb{R}^2"), self._scale_tex("input"))
        self.play(FadeIn(floor_grid(self.space, 1)), *map(FadeIn, self.dots), FadeIn(self.label))

    def _scale_tex(self, stage: str) -> MathTex:
        if self.scales[stage] == 1.0:
            return tex(r"\text{true scale}", GREY, SMALL_SIZE)
        return eq(r"\text{shown} \div ", Num(self.scales[stage], 1), color=GREY, size=SMALL_SIZE)

    def show_stage(self, stage: str, formula: str) -> None:
        sp = self.space
        new = self.fixed_panel(tex(formula), self._scale_tex(stage))
        self.play(*(d.animate.move_to(sp.to_scene(q)) for d, q in
                    zip(self.dots, self.stages[stage], strict=True)),
                  FadeIn(new), self.label.animate.set_opacity(0), run_time=2.5)  # fmt: skip
        self.remove(self.label)
        self.label = new
        if stage == "hidden":
            cube = parallelepiped(sp, 2 * s3.unit_cube() - 1).set_fill(opacity=0.05)
            self.play(FadeIn(cube), run_time=0.8)

    def show_plane(self) -> None:
        lf = self.lift
        point, uv = s3.plane_basis(lf.normal, lf.offset)
        # Centre the patch at the foot of the lifted data's mean, where the classes meet.
        centre = s3.plane_scores(lf.hidden.mean(axis=0)[None, :], lf.normal, lf.offset).feet[0]
        patch = plane_patch(self.space, point, uv, 1.0, VECTOR, 0.22, centre=centre)
        acc = eq(r"\text{accuracy} = ", Num(100 * lf.accuracy, 1), r"\%", size=SMALL_SIZE)
        self.caption(self.CAPTION, duration=3)
        self.play(FadeIn(patch), FadeIn(self.fixed_panel(acc, corner=UR)), run_time=1.5)
        if lf.accuracy < 0.9:
            self.play(FadeIn(self.fixed_note(
                "Three hidden units are not enough to untangle this set: no plane separates it.")))  # fmt: skip

    def finish(self) -> None:
        self.move_camera(theta=self.camera.get_theta() + 40 * DEGREES, run_time=3)
        self.wait(1)


# ============================================================================================
_DOMAINS = {"bowl": 1.5, "dome": 1.5, "saddle": 1.5, "monkey_saddle": 1.2, "double_well": 1.6}
SURFACE_COLORS = tuple(ManimColor(c) for c in ("#1C758A", "#29ABCA", "#C4E8F2"))  # low to high


class HessianSurface(NNVizScene3D):
    """The surface z = f(w₁, w₂) with the gradient at a point and the Hessian's eigenvectors
    drawn on the surface as the principal curvature directions; the verdict (minimum,
    maximum, saddle, inconclusive, or not stationary) follows from the eigenvalue signs.

    Parameters
    ----------
    function : bowl | dome | saddle | monkey_saddle | double_well (default saddle)
    point : 2, default [0, 0]

    Example
    -------
    ``nnviz render HessianSurface --set 'function=double_well point=[1,0]' --format png``
    """

    TITLE = "The Hessian decides"
    CAPTION = (
        "At a stationary point the Hessian's eigenvalue signs say: minimum, maximum or saddle."
    )
    PARAMS = (
        Choice("function", default="saddle", choices=tuple(s3.HESSIAN_FUNCTIONS), help="f(w1, w2)"),
        Array("point", (2,), default=[0, 0], max_abs=1.5, help="where to test"),
    )

    def construct(self) -> None:
        self.compute()
        self.show_surface()
        self.show_point()
        self.show_gradient()
        self.show_curvatures()
        self.show_verdict()
        self.finish()

    def compute(self) -> None:
        name = self.params["function"]
        self.f = s3.HESSIAN_FUNCTIONS[name].f
        self.h = s3.hessian_at(name, self.params["point"])
        # The drawn square always holds the point, with a margin.
        self.L = max(_DOMAINS[name], float(np.abs(self.h.point).max()) + 0.3)
        grid = np.linspace(-self.L, self.L, 25)
        zs = np.array([[self.f(x, y) for x in grid] for y in grid])
        self.zscale = min(1.0, 2.4 / max(float(np.ptp(zs)), 1e-9))
        h = self.h
        self.record(value=h.value, gradient=h.gradient, hessian=h.hessian, eigenvalues=h.eigenvalues,
                    eigenvectors=h.eigenvectors.T, verdict=h.verdict, z_scale=self.zscale)  # fmt: skip
        box = [[a * self.L, b * self.L, z * self.zscale] for a in (-1, 1) for b in (-1, 1)
               for z in (zs.min(), zs.max())]  # fmt: skip
        self.grad_end = self._gradient_end()
        if self.grad_end is not None:
            box.append(self.grad_end)
        self.frame_space(np.array(box), phi=62 * DEGREES, theta=-75 * DEGREES, swing=40 * DEGREES)

    def _gradient_end(self) -> np.ndarray | None:
        """The gradient arrow's tip: 0.8 along ∇f, up the tangent plane (None if ∇f = 0)."""
        h = self.h
        if h.stationary:
            return None
        step = 0.8 * h.gradient / np.linalg.norm(h.gradient)
        return self.lift(h.point) + np.array([step[0], step[1], self.zscale * h.gradient @ step])

    def _span(self, v: np.ndarray, reach: float = 0.9) -> list[float]:
        """The t range of point + t·v (|t| <= reach) that stays on the drawn square."""
        ts = np.linspace(-reach, reach, 37)
        inside = np.all(np.abs(self.h.point + np.outer(ts, v)) <= self.L + 1e-9, axis=1)
        return [float(ts[inside].min()), float(ts[inside].max())]

    def lift(self, w: object) -> np.ndarray:
        """The surface point above (w₁, w₂), in math units with the vertical scale applied."""
        x, y = np.asarray(w, dtype=float)
        return np.array([x, y, self.zscale * self.f(x, y)])

    def show_surface(self) -> None:
        sp, L = self.space, self.L
        surf = Surface(lambda u, v: sp.to_scene(self.lift([u, v])), u_range=[-L, L],
                       v_range=[-L, L], resolution=(16, 16), fill_opacity=0.75,
                       stroke_width=0.4, stroke_color=WHITE, checkerboard_colors=False)  # fmt: skip
        zs = [face.get_center()[2] for face in surf]
        lo, hi = min(zs), max(zs)
        for face, z in zip(surf, zs, strict=True):
            t = (z - lo) / (hi - lo) if hi > lo else 0.5
            c = interpolate_color(SURFACE_COLORS[0], SURFACE_COLORS[1], min(2 * t, 1)) if t < 0.5 \
                else interpolate_color(SURFACE_COLORS[1], SURFACE_COLORS[2], 2 * t - 1)  # fmt: skip
            face.set_fill(c, 0.75)
        mark_background(surf)
        formula = s3.HESSIAN_FUNCTIONS[self.params["function"]].formula
        lines = [tex(rf"f = {formula}", size=SMALL_SIZE)]
        if self.zscale < 1:
            lines.append(
                eq(r"\text{height} \times ", Num(self.zscale), color=GREY, size=SMALL_SIZE)
            )
        self.play(Create(surf), FadeIn(self.fixed_panel(*lines)), run_time=2)

    def show_point(self) -> None:
        self.dot = dots3d(self.space, self.lift(self.h.point), POINT, 0.1)[0]
        self.face_camera(self.dot)
        self.play(GrowFromCenter(self.dot))

    def show_gradient(self) -> None:
        h = self.h
        if self.grad_end is None:
            self.grad_line = tex(r"\nabla f = 0", size=SMALL_SIZE)
            return
        start = self.lift(h.point)
        self.play(FadeIn(arrow3d(self.space, self.grad_end, VECTOR, start=start)))
        self.grad_line = with_column(r"\nabla f =", h.gradient, VECTOR, SMALL_SIZE)

    def show_curvatures(self) -> None:
        h = self.h
        curves = []
        for lam, v in zip(h.eigenvalues, h.eigenvectors.T, strict=True):
            color = OTHER if abs(lam) < 1e-9 else sign_color(lam)
            curves.append(ParametricFunction(
                lambda t, v=v: self.space.to_scene(self.lift(h.point + t * v)),
                t_range=self._span(v), color=color, stroke_width=5))  # fmt: skip
        self.caption("The Hessian's eigenvectors: the directions of greatest and least curvature.")
        self.play(*map(Create, curves), run_time=1.5)
        self.bring_to_front(self.dot)

    def show_verdict(self) -> None:
        h = self.h
        words = {
            "minimum": "minimum",
            "maximum": "maximum",
            "saddle": "saddle point",
            "inconclusive": "test inconclusive",
            "not stationary": "not a stationary point",
        }
        items = [self.grad_line, named_matrix3("H =", h.hessian, None), eq(*num_list(r"\lambda = ", h.eigenvalues), size=SMALL_SIZE),
                 tex(rf"\text{{{words[h.verdict]}}}", size=LABEL_SIZE)]  # fmt: skip
        self.play(FadeIn(self.fixed_panel(*items, corner=UR)))
        if h.verdict in ("inconclusive", "not stationary"):
            why = "a zero eigenvalue: the second-derivative test cannot decide" \
                if h.verdict == "inconclusive" else "the gradient is not zero, so this is no optimum"  # fmt: skip
            self.play(FadeIn(self.fixed_note(f"At this point: {why}.")))

    def finish(self) -> None:
        self.move_camera(theta=self.camera.get_theta() + 40 * DEGREES, run_time=3)
        self.anchor("point", self.space.to_scene(self.lift(self.h.point)))
        self.wait(1)
