"""Lecture 1, "Matrices are functions": a matrix moves the basis vectors, and with them the plane.

Scenes: LinearMap, MatrixTimesVector, Composition, Determinant, Inverse, ChangeOfBasis.
(DotProduct and CatClassifier are in :mod:`scenes.dot_products`.)
Every number comes from :mod:`nnviz.linalg`; the scenes only place and animate it.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    DR,
    LEFT,
    UL,
    Arc,
    Create,
    DashedVMobject,
    Dot,
    FadeIn,
    FadeOut,
    GrowArrow,
    MathTex,
    Transform,
    VGroup,
)

from nnviz import linalg
from nnviz_kit import (
    LabeledVector,
    NNVizScene,
    TransformablePlane,
    arrow_to,
    fit_view,
    fmt,
    frame_region,
    named_matrix,
    panel,
    vector_label,
)
from nnviz_kit.equations import Num, equation
from nnviz_kit.labels import tex_number, with_background
from nnviz_kit.params import MATRIX_MAX_ABS, Array, invertible
from nnviz_kit.style import (
    I_HAT,
    J_HAT,
    LABEL_SIZE,
    NEGATIVE,
    TEXT,
    VECTOR,
)

__all__ = [
    "LinearMap",
    "MatrixTimesVector",
    "Composition",
    "Determinant",
    "Inverse",
    "ChangeOfBasis",
]

#: Scene-units kept free on the left for the matrix and equations.
PANEL_WIDTH = 3.4
#: Kept free at the bottom when a note may appear there.
NOTE_HEIGHT = 0.8
ORIGIN2 = np.zeros(2)


def map_param(name: str, default: list, help: str) -> Array:
    """A 2×2 matrix parameter with entries small enough to draw (see ``MATRIX_MAX_ABS``)."""
    return Array(name, (2, 2), default=default, max_abs=MATRIX_MAX_ABS, help=help)


def vector_param(name: str, default: list, help: str) -> Array:
    return Array(name, (2,), default=default, max_abs=MATRIX_MAX_ABS, help=help)


def plane_view(points: object, bottom: float = NOTE_HEIGHT, left: float = PANEL_WIDTH):
    """A view fitting ``points`` (k, 2) right of the panel and above the note strip."""
    return fit_view(
        np.vstack([np.eye(2), np.reshape(points, (-1, 2))]),
        region=frame_region(left=left, bottom=bottom, margin=0.6),
    )


def collapse_note(scene: NNVizScene, matrix: np.ndarray, extra: str = "") -> None:
    """Say plainly that a singular map squashes the plane (a line or a point)."""
    kind = linalg.image_kind(matrix)
    if kind != "plane":
        where = "a line" if kind == "line" else "a single point"
        scene.caption(f"The determinant is zero: the plane collapses onto {where}.")
        scene.play(FadeIn(scene.note(f"det = 0: the whole plane collapses onto {where}.{extra}")))


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
    ``nnviz render LinearMap --set 'matrix=[[2,1],[1,3]]' --format png``
    """

    TITLE = "A matrix is a function"
    CAPTION = "The matrix moves the grid: î lands on its first column, ĵ on its second."
    PARAMS = (
        Array("matrix", (2, 2), default=[[1, 3], [-2, 1]], help="the linear map"),
        Array("vector", (2,), default=[7, 8], help="a vector that rides along"),
    )

    def construct(self) -> None:
        self.work_out()
        self.show_plane()
        self.apply_matrix()
        self.show_result()
        self.wait(2)

    def work_out(self) -> None:
        """The map's numbers, and a view that frames the vector before and after."""
        m, v = self.params["matrix"], self.params["vector"]
        images = linalg.basis_images(m)
        self.image = linalg.apply(m, v)
        det = linalg.determinant(m)
        kind = linalg.image_kind(m)
        self.record(basis_images=images, image=self.image, determinant=det, image_kind=kind)
        bottom = 0 if kind == "plane" else 0.8
        self.view = plane_view(np.vstack([v, images, self.image]), bottom=bottom)

    def show_plane(self) -> None:
        """The grid, î, ĵ and the vector with its coordinates, then the matrix."""
        self.plane = TransformablePlane(self.view, extent=3.0)
        self.arrow = self.plane.add_vector(self.params["vector"], VECTOR)
        self.v_label = vector_label(self.view, self.params["vector"])
        self.box = panel(named_matrix("A =", self.params["matrix"]), width=PANEL_WIDTH)
        self.play(*self.plane.draw(), run_time=1.5)
        self.play(*self.plane.grow_basis(), GrowArrow(self.arrow), FadeIn(self.v_label))
        self.play(FadeIn(self.box))

    def apply_matrix(self) -> None:
        self.caption(self.CAPTION, duration=3)
        self.play(*self.plane.transform(self.params["matrix"]), FadeOut(self.v_label), run_time=3)

    def show_result(self) -> None:
        """Where the vector landed, det A, and a note if the plane collapsed."""
        m = self.params["matrix"]
        end_label = vector_label(self.view, self.image)
        det_text = with_background(tex_number(r"\det A =", linalg.determinant(m)))
        det_text.next_to(self.box, DOWN, aligned_edge=LEFT)
        self.play(FadeIn(end_label), FadeIn(det_text))
        collapse_note(self, m)
        self.anchor("i_hat_tip", self.plane.i_hat.get_end)
        self.anchor("j_hat_tip", self.plane.j_hat.get_end)
        self.anchor("vector_tip", self.arrow.get_end)
        self.anchor("vector_head", self.arrow.tip.get_center)
        # The label's box, so a test can check that it keeps off the arrow it names.
        self.anchor("vector_label_ul", lambda: end_label.get_corner(UL))
        self.anchor("vector_label_dr", lambda: end_label.get_corner(DR))


class MatrixTimesVector(NNVizScene):
    """A matrix times a vector, column by column: x·(column 1) + y·(column 2).

    The vector is x·î + y·ĵ. The map carries î to column 1 and ĵ to column 2, so it carries
    the vector to x·(column 1) + y·(column 2); the arithmetic is shown in TeX beside it.

    Parameters
    ----------
    matrix : 2×2, default [[1, 3], [-2, 1]]
    vector : 2, default [7, 8] (so the image is (31, -6))

    Example
    -------
    ``nnviz render MatrixTimesVector --set 'matrix=[[2,-1],[1,1]] vector=[3,-2]' --format png``
    """

    TITLE = "Matrix times vector"
    CAPTION = "A matrix times a vector is x times column 1 plus y times column 2."
    PARAMS = (
        map_param("matrix", [[1, 3], [-2, 1]], "the linear map"),
        vector_param("vector", [7, 8], "the input vector (x, y)"),
    )

    def construct(self) -> None:
        self.work_out()
        self.show_plane()
        self.split_vector()
        self.apply_matrix()
        self.show_arithmetic()
        self.wait(2)

    def work_out(self) -> None:
        m, v = self.params["matrix"], self.params["vector"]
        self.parts = linalg.column_combination(m, v)  # rows: x·column 1, y·column 2
        self.image = linalg.apply(m, v)
        self.record(
            basis_images=linalg.basis_images(m), scaled_columns=self.parts, image=self.image
        )
        self.view = plane_view(np.vstack([v, [v[0], 0], self.parts, self.image, m.T]))

    def show_plane(self) -> None:
        v = self.params["vector"]
        self.plane = TransformablePlane(self.view, extent=3.0)
        self.arrow = self.plane.add_vector(v, VECTOR)
        self.arrow.set_z_index(2)
        self.label = vector_label(self.view, v)
        self.play(*self.plane.draw(), run_time=1.5)
        self.play(*self.plane.grow_basis(), GrowArrow(self.arrow), FadeIn(self.label))

    def split_vector(self) -> None:
        """x·î from the origin, then y·ĵ from its tip: the vector rebuilt from the basis."""
        v = self.params["vector"]
        x, y = (fmt(c) for c in v)
        self.xi = arrow_to(self.view, [v[0], 0], I_HAT, 4)
        self.yj = arrow_to(self.view, v, J_HAT, 4, start=[v[0], 0])
        start = equation(
            "v =", Num(v[0]), r"\hat\imath", "+", Num(v[1]), r"\hat\jmath",
            colors=((2, I_HAT), (5, J_HAT)),
        )  # fmt: skip
        self.mat = named_matrix("A =", self.params["matrix"])
        self.box = panel(self.mat, start, width=PANEL_WIDTH)
        self.caption(f"The vector ({x}, {y}) is {x} î plus {y} ĵ.")
        self.play(FadeIn(self.box), GrowArrow(self.xi), GrowArrow(self.yj), run_time=1.5)
        self.wait(0.5)

    def apply_matrix(self) -> None:
        self.caption("Follow î and ĵ: they land on the columns of the matrix.", duration=3)
        self.play(
            *self.plane.transform(self.params["matrix"]),
            Transform(self.xi, arrow_to(self.view, self.parts[0], I_HAT, 4)),
            Transform(self.yj, arrow_to(self.view, self.image, J_HAT, 4, start=self.parts[0])),
            FadeOut(self.label),
            run_time=3,
        )

    def show_arithmetic(self) -> None:
        """Av = x·column 1 + y·column 2, worked out in the panel."""
        m, parts, y = self.params["matrix"], self.parts, self.params["vector"][1]
        x = self.params["vector"][0]
        lines = [
            equation("Av =", Num(x), m[:, 0], "+", Num(y, factor=True), m[:, 1],
                      colors=((2, I_HAT), (5, J_HAT))),
            equation("=", parts[0], "+", parts[1], colors=((1, I_HAT), (3, J_HAT))),
            equation("=", self.image, colors=((1, VECTOR),)),
        ]  # fmt: skip
        result = panel(self.mat.copy(), *lines, width=PANEL_WIDTH)
        self.caption(self.CAPTION, duration=3)
        end_label = vector_label(self.view, self.image)
        self.play(FadeOut(self.box), FadeIn(result), FadeIn(end_label), run_time=1.5)
        self.anchor("vector_tip", self.arrow.get_end)
        self.anchor("i_hat_tip", self.plane.i_hat.get_end)
        self.anchor("j_hat_tip", self.plane.j_hat.get_end)
        collapse_note(self, m)


class Composition(NNVizScene):
    """Apply ``first`` (h), then ``second`` (f); the single product F·H lands in the same place.

    Then the other order, H·F, for comparison: matrix products do not commute in general.

    Parameters
    ----------
    first : 2×2, default [[0, -3], [4, 1]] (h(x, y) = (-3y, 4x + y), seed 001)
    second : 2×2, default [[1, 3], [-2, 1]] (f)

    Example
    -------
    ``nnviz render Composition --set 'first=[[0,-1],[1,0]] second=[[1,1],[0,1]]' --format png``
    """

    TITLE = "Composition is multiplication"
    CAPTION = "Applying h and then f is the same as applying the one matrix F·H."
    PARAMS = (
        map_param("first", [[0, -3], [4, 1]], "H, applied first"),
        map_param("second", [[1, 3], [-2, 1]], "F, applied second"),
    )

    def construct(self) -> None:
        self.work_out()
        self.show_plane()
        self.apply_in_two_steps()
        self.apply_the_product()
        self.apply_the_other_order()
        self.say_whether_they_commute()
        self.wait(2)

    def work_out(self) -> None:
        h, f = self.params["first"], self.params["second"]
        self.fh, self.hf = linalg.compose(f, h), linalg.compose(h, f)
        self.commute = bool(np.allclose(self.fh, self.hf))
        self.record(product=self.fh, other_order=self.hf, commute=self.commute,
                    basis_images_first=linalg.basis_images(h),
                    basis_images_product=linalg.basis_images(self.fh),
                    basis_images_other_order=linalg.basis_images(self.hf))  # fmt: skip
        corners = [
            linalg.apply(x, [1, 1]) for x in (h, self.fh, self.hf)
        ]  # the square's far corners
        key = np.vstack([h.T, self.fh.T, self.hf.T, f.T, *corners])
        self.view = plane_view(key, bottom=NOTE_HEIGHT)

    def show_plane(self) -> None:
        self.plane = TransformablePlane(self.view, extent=4.0)
        self.plane.unit_square()
        self.steps = [named_matrix("H =", self.params["first"]),
                      named_matrix("F =", self.params["second"])]  # fmt: skip
        self.box = panel(*self.steps, width=PANEL_WIDTH)
        self.play(*self.plane.draw(), FadeIn(self.plane.riders), run_time=1.5)
        self.play(*self.plane.grow_basis(), FadeIn(self.box))

    def apply_in_two_steps(self) -> None:
        """h, then f; ghosts keep where î, ĵ and the square landed."""
        plane = self.plane
        self.caption("First h, then f.")
        self.play(*plane.transform(self.params["first"]), run_time=2)
        self.play(*plane.transform(self.fh), run_time=2)
        self.ghost = VGroup(
            DashedVMobject(plane.riders[0].copy().set_fill(opacity=0), num_dashes=40),
            Dot(plane.i_hat.get_end(), color=I_HAT, radius=0.09),
            Dot(plane.j_hat.get_end(), color=J_HAT, radius=0.09),
        )
        self.add(self.ghost)
        self.play(*plane.transform(np.eye(2)), run_time=1.5)

    def apply_the_product(self) -> None:
        """The one matrix F·H lands on the ghosts."""
        named = named_matrix("FH =", self.fh)
        self.product = panel(*[s.copy() for s in self.steps], named, width=PANEL_WIDTH)
        self.caption(self.CAPTION, duration=3)
        self.box = self.swap(self.box, self.product)
        self.play(*self.plane.transform(self.fh), run_time=2)
        self.wait(0.5)
        # Where the one-step product put î (a snapshot: the plane moves on afterwards).
        self.anchor("i_hat_tip_product", self.plane.i_hat.get_end().copy())
        self.anchor("i_hat_tip_two_steps", self.ghost[1])

    def apply_the_other_order(self) -> None:
        self.play(*self.plane.transform(np.eye(2)), run_time=1.5)
        verdict = r"HF = FH" if self.commute else r"HF \neq FH"
        other = panel(
            *[s.copy() for s in self.product[1][:3]],
            named_matrix("HF =", self.hf),
            MathTex(verdict, font_size=LABEL_SIZE),
            width=PANEL_WIDTH,
        )
        self.caption("The other order, f first and then h, is the matrix H·F.", duration=3)
        self.box = self.swap(self.box, other)
        self.play(*self.plane.transform(self.hf), run_time=2)
        self.anchor("i_hat_tip_other_order", self.plane.i_hat.get_end)

    def say_whether_they_commute(self) -> None:
        if self.commute:
            self.caption("These two maps commute: both orders land in the same place.")
            self.play(FadeIn(self.note("These two maps commute: both orders agree.")))
        else:
            self.caption("It lands somewhere else: the order matters.")
            self.play(FadeIn(self.note("Other order, other place: F·H and H·F differ.")))


def turn_arrow(view, matrix: np.ndarray) -> Arc:
    """A small curved arrow turning from A·î to A·ĵ the short way: clockwise after a flip."""
    i, j = linalg.basis_images(matrix)
    a, b = np.arctan2(i[1], i[0]), np.arctan2(j[1], j[0])
    turn = (b - a + np.pi) % (2 * np.pi) - np.pi
    shortest = min(np.linalg.norm(i), np.linalg.norm(j))
    radius = max(0.35 * shortest * view.unit, 0.2)
    arc = Arc(radius=radius, start_angle=a + 0.12 * turn, angle=0.76 * turn,
              arc_center=view.origin_point)  # fmt: skip
    return arc.add_tip(tip_length=0.14, tip_width=0.14).set_stroke(TEXT, 3).set_fill(TEXT, 1)


class Determinant(NNVizScene):
    """The unit square's area is scaled by det A; a negative det flips orientation.

    A zero determinant collapses the plane (area 0), and the scene says so.

    Parameters
    ----------
    matrix : 2×2, default [[3, 1], [1, 2]]

    Example
    -------
    ``nnviz render Determinant --set 'matrix=[[1,2],[3,1]]' --format png``
    """

    TITLE = "The determinant"
    CAPTION = "The determinant is the factor by which the map scales areas."
    PARAMS = (map_param("matrix", [[3, 1], [1, 2]], "the linear map"),)

    def construct(self) -> None:
        self.work_out()
        self.show_unit_square()
        self.apply_matrix()
        self.show_area()
        self.wait(2)

    def work_out(self) -> None:
        m = self.params["matrix"]
        self.det = linalg.determinant(m)
        self.centre = linalg.apply(m, [0.5, 0.5])
        self.record(determinant=self.det, area=abs(self.det), orientation_flipped=bool(self.det < 0),
                    image_kind=linalg.image_kind(m), square_image_center=self.centre,
                    square_image=linalg.apply(m, [[0, 0], [1, 0], [1, 1], [0, 1]]))  # fmt: skip
        self.view = plane_view(np.vstack([m.T, linalg.apply(m, [1, 1])]))

    def show_unit_square(self) -> None:
        """The unit square and a turn arrow from î to ĵ."""
        self.plane = TransformablePlane(self.view, extent=4.0)
        self.plane.unit_square()
        self.turn = turn_arrow(self.view, np.eye(2))
        self.box = panel(
            named_matrix("A =", self.params["matrix"]),
            MathTex(r"\text{area} = 1", font_size=LABEL_SIZE),
            width=PANEL_WIDTH,
        )
        self.play(*self.plane.draw(), run_time=1.5)
        self.play(*self.plane.grow_basis(), FadeIn(self.plane.riders), FadeIn(self.box))
        self.play(Create(self.turn))
        self.caption("The unit square has area 1; the arrow turns from î to ĵ.")
        self.wait(0.5)

    def apply_matrix(self) -> None:
        m = self.params["matrix"]
        self.caption(self.CAPTION, duration=3)
        flat = linalg.is_singular(m)  # no turn left to show: the square is flat
        turn_move = FadeOut(self.turn) if flat else Transform(self.turn, turn_arrow(self.view, m))
        self.play(*self.plane.transform(m), turn_move, run_time=3)

    def show_area(self) -> None:
        """det A and the new area in the panel; a flip or a collapse is said plainly."""
        m, det = self.params["matrix"], self.det
        lines = [
            named_matrix("A =", m),
            tex_number(r"\det A =", det),
            equation(r"\text{area} = 1 \times", Num(abs(det)), "=", Num(abs(det))),
        ]
        if det < 0:
            lines.append(
                MathTex(r"\det A < 0:\ \text{flipped}", font_size=LABEL_SIZE, color=NEGATIVE)
            )
        self.box = self.swap(self.box, panel(*lines, width=PANEL_WIDTH))
        if det < 0:
            self.caption("A negative determinant flips the plane over: ĵ is now clockwise from î.")
            self.play(self.turn.animate.set_color(NEGATIVE), run_time=1)
        collapse_note(self, m, " Its area is 0.")
        self.anchor("square_center", lambda: self.view.to_scene(self.centre))
        self.anchor("origin", self.view.origin_point)
        self.anchor("i_hat_tip", self.plane.i_hat.get_end)
        self.anchor("j_hat_tip", self.plane.j_hat.get_end)


class Inverse(NNVizScene):
    """Play the map, then its inverse back to the identity; a singular map has no inverse.

    For a singular matrix the plane collapses, and the scene says why there is no way back:
    many points land on the same point.

    Parameters
    ----------
    matrix : 2×2, default [[2, 1], [1, 1]]
    vector : 2, default [1, 2] (rides along: A⁻¹(Av) = v)

    Example
    -------
    ``nnviz render Inverse --set 'matrix=[[1,2],[2,4]]' --format png``
    """

    TITLE = "The inverse undoes the map"
    CAPTION = "The inverse matrix plays the map backwards, back to the identity."
    PARAMS = (
        map_param("matrix", [[2, 1], [1, 1]], "the linear map"),
        vector_param("vector", [1, 2], "a vector that rides along"),
    )

    def construct(self) -> None:
        self.work_out()
        self.show_plane()
        self.apply_matrix()
        if self.inv is None:
            self.explain_no_inverse()
            self.wait(2.5)
        else:
            self.apply_inverse()
            self.wait(2)

    def work_out(self) -> None:
        m, v = self.params["matrix"], self.params["vector"]
        singular = linalg.is_singular(m)
        self.inv = inv = None if singular else linalg.inverse(m)
        image = linalg.apply(m, v)
        self.record(determinant=linalg.determinant(m), singular=singular, inverse=inv, image=image,
                    round_trip=None if inv is None else linalg.compose(inv, m),
                    back=None if inv is None else linalg.apply(inv, image))  # fmt: skip
        self.view = plane_view(np.vstack([v, image, m.T, linalg.apply(m, [1, 1])]))

    def show_plane(self) -> None:
        self.plane = TransformablePlane(self.view, extent=4.0)
        self.plane.unit_square()
        self.arrow = self.plane.add_vector(self.params["vector"], VECTOR)
        self.named_a = named_matrix("A =", self.params["matrix"])
        self.box = panel(self.named_a, width=PANEL_WIDTH)
        self.play(*self.plane.draw(), FadeIn(self.plane.riders), run_time=1.5)
        self.play(*self.plane.grow_basis(), GrowArrow(self.arrow), FadeIn(self.box))

    def apply_matrix(self) -> None:
        self.caption("First the map A.")
        self.play(*self.plane.transform(self.params["matrix"]), run_time=2.5)
        self.anchor("vector_tip", self.arrow.get_end)

    def explain_no_inverse(self) -> None:
        """det A = 0: the plane collapsed, so there is no way back."""
        self.caption("det A = 0: many points land on the same point, so nothing can undo A.", 4)
        extra = MathTex(r"\det A = 0", font_size=LABEL_SIZE)
        self.box = self.swap(self.box, panel(self.named_a.copy(), extra, width=PANEL_WIDTH))
        note = " Many points land on each point, so A has no inverse."
        collapse_note(self, self.params["matrix"], note)

    def apply_inverse(self) -> None:
        """A⁻¹ plays the map backwards; the vector is back where it started."""
        lines = [
            self.named_a.copy(),
            named_matrix("A^{-1} =", self.inv),
            MathTex(r"A^{-1}A = I", font_size=LABEL_SIZE),
        ]
        self.box = self.swap(self.box, panel(*lines, width=PANEL_WIDTH))
        self.caption(self.CAPTION, duration=3)
        self.play(*self.plane.transform(np.eye(2)), run_time=2.5)
        self.caption("Every point is back where it started: A⁻¹ A is the identity.")
        self.play(FadeIn(vector_label(self.view, self.params["vector"])))


class ChangeOfBasis(NNVizScene):
    """One vector, two coordinate systems; then a map written in the other basis, B⁻¹MB.

    The basis vectors b₁, b₂ are the columns of ``basis``. The vector's coordinates in that
    basis are B⁻¹v. The map M moves b₁ and b₂; the columns of B⁻¹MB say where, in b-coordinates.

    Parameters
    ----------
    basis : 2×2, default [[2, -1], [1, 1]] (b₁ = (2, 1), b₂ = (-1, 1); must be invertible)
    vector : 2, default [3, 3] (= 2·b₁ + 1·b₂)
    matrix : 2×2, default [[0, -1], [1, 0]] (a quarter turn)

    Example
    -------
    ``nnviz render ChangeOfBasis --set 'basis=[[1,1],[0,1]] vector=[2,1]' --format png``
    """

    TITLE = "Change of basis"
    CAPTION = "The same vector has different coordinates in a different basis."
    PARAMS = (
        Array("basis", (2, 2), default=[[2, -1], [1, 1]], max_abs=MATRIX_MAX_ABS,
              check=invertible, help="the other basis, as columns"),
        vector_param("vector", [3, 3], "the vector, in standard coordinates"),
        map_param("matrix", [[0, -1], [1, 0]], "a map, in standard coordinates"),
    )  # fmt: skip

    def construct(self) -> None:
        self.work_out()
        self.show_vector()
        self.move_to_the_other_basis()
        self.show_coordinates_in_it()
        self.apply_map_in_it()
        self.wait(2)

    def work_out(self) -> None:
        b, v, m = self.params["basis"], self.params["vector"], self.params["matrix"]
        self.c = linalg.to_basis(v, b)
        self.parts = linalg.column_combination(b, self.c)
        self.mb = linalg.compose(m, b)
        self.m_in_b = linalg.change_of_basis(m, b)
        self.record(coords_in_basis=self.c, scaled_basis=self.parts, basis_vectors=b.T,
                    moved_basis=self.mb.T, matrix_in_basis=self.m_in_b)  # fmt: skip
        self.view = plane_view(np.vstack([v, self.parts, b.T, self.mb.T]))

    def show_vector(self) -> None:
        v = self.params["vector"]
        self.plane = TransformablePlane(self.view, extent=4.0)
        self.vec = LabeledVector(self.view, v, VECTOR, name="v =")
        self.vec.arrow.set_z_index(2)
        self.box = panel(equation("v =", v), width=PANEL_WIDTH)
        self.play(*self.plane.draw(), run_time=1.5)
        self.play(*self.plane.grow_basis(), GrowArrow(self.vec.arrow),
                  FadeIn(self.vec.label), FadeIn(self.box))  # fmt: skip
        self.caption("In standard coordinates v = x î + y ĵ.")
        self.wait(0.5)

    def move_to_the_other_basis(self) -> None:
        self.caption("Another basis: b₁ and b₂. Its grid is the plane moved by B.", 3)
        self.play(*self.plane.transform(self.params["basis"]), run_time=2.5)

    def show_coordinates_in_it(self) -> None:
        """v = c₁b₁ + c₂b₂, drawn tip to tail and written in the panel."""
        c, v = self.c, self.params["vector"]
        self.p1 = arrow_to(self.view, self.parts[0], I_HAT, 4)
        self.p2 = arrow_to(self.view, v, J_HAT, 4, start=self.parts[0])
        self.basis_line = named_matrix("B =", self.params["basis"])
        coords = equation(r"B^{-1}v =", c)
        in_b = equation("v =", Num(c[0]), r"\,b_1 +", Num(c[1]), r"\,b_2")
        box2 = panel(self.box[1][0].copy(), self.basis_line, coords, in_b, width=PANEL_WIDTH)
        self.caption(self.CAPTION, duration=3)
        self.play(GrowArrow(self.p1), GrowArrow(self.p2), run_time=1.5)
        self.box = self.swap(self.box, box2)
        self.wait(1)

    def apply_map_in_it(self) -> None:
        """The map M moves b₁ and b₂; in b-coordinates it is B⁻¹MB."""
        self.play(FadeOut(self.p1), FadeOut(self.p2), FadeOut(self.vec))
        m_line = named_matrix("M =", self.params["matrix"])
        mb_line = named_matrix("B^{-1}MB =", self.m_in_b)
        box3 = panel(self.basis_line.copy(), m_line, mb_line, width=PANEL_WIDTH)
        self.caption("Now a map M. Written in the b-basis it is B⁻¹ M B.", 3)
        self.box = self.swap(self.box, box3)
        self.play(*self.plane.transform(self.mb), run_time=2.5)
        self.caption("Its columns say where b₁ and b₂ land, in b-coordinates.")
        self.anchor("b1_tip", self.plane.i_hat.get_end)
        self.anchor("b2_tip", self.plane.j_hat.get_end)
