"""Lecture 1, "Matrices are functions": a matrix moves the basis vectors, and with them the plane.

Scenes: LinearMap, MatrixTimesVector, Composition, Determinant, Inverse, ChangeOfBasis.
(DotProduct and CatClassifier are in :mod:`scenes.dot_products`.)
Every number comes from :mod:`nnviz.linalg`; the scenes only place and animate it.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
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
from nnviz_kit.labels import matrix_tex, tex_number, with_background
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


def col(v: object) -> str:
    """TeX for a column vector."""
    return matrix_tex(np.reshape(v, (-1, 1)))


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

        view = plane_view(np.vstack([v, images, image]), bottom=0 if kind == "plane" else 0.8)
        plane = TransformablePlane(view, extent=3.0)
        arrow = plane.add_vector(v, VECTOR)
        v_label = vector_label(view, v)
        label = named_matrix("A =", m)
        box = panel(label, width=PANEL_WIDTH)

        self.play(FadeIn(plane.background), Create(plane.grid), run_time=1.5)
        self.play(GrowArrow(plane.i_hat), GrowArrow(plane.j_hat), GrowArrow(arrow), FadeIn(v_label))
        self.play(FadeIn(box))
        self.caption(self.CAPTION, duration=3)
        self.play(*plane.transform(m), FadeOut(v_label), run_time=3)

        end_label = vector_label(view, image)
        det_text = with_background(tex_number(r"\det A =", det))
        det_text.next_to(box, DOWN, aligned_edge=LEFT)
        self.play(FadeIn(end_label), FadeIn(det_text))
        collapse_note(self, m)
        self.anchor("i_hat_tip", plane.i_hat.get_end)
        self.anchor("j_hat_tip", plane.j_hat.get_end)
        self.anchor("vector_tip", arrow.get_end)
        self.wait(2)


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
    ``python -m scenes render MatrixTimesVector --set 'matrix=[[2,-1],[1,1]] vector=[3,-2]' --format png``
    """

    TITLE = "Matrix times vector"
    CAPTION = "A matrix times a vector is x times column 1 plus y times column 2."
    PARAMS = (
        map_param("matrix", [[1, 3], [-2, 1]], "the linear map"),
        vector_param("vector", [7, 8], "the input vector (x, y)"),
    )

    def construct(self) -> None:
        m, v = self.params["matrix"], self.params["vector"]
        parts = linalg.column_combination(m, v)  # rows: x·column 1, y·column 2
        image = linalg.apply(m, v)
        self.record(basis_images=linalg.basis_images(m), scaled_columns=parts, image=image)
        x, y = (fmt(c) for c in v)

        view = plane_view(np.vstack([v, [v[0], 0], parts, image, m.T]))
        plane = TransformablePlane(view, extent=3.0)
        arrow = plane.add_vector(v, VECTOR)
        arrow.set_z_index(2)
        # x·î from the origin, then y·ĵ from its tip: the vector rebuilt from the basis.
        xi = arrow_to(view, [v[0], 0], I_HAT, 4)
        yj = arrow_to(view, v, J_HAT, 4, start=[v[0], 0])
        label = vector_label(view, v)

        def tex(*parts: str, colors: tuple = ()) -> MathTex:
            mob = MathTex(*parts, font_size=LABEL_SIZE)
            for i, c in colors:
                mob[i].set_color(c)
            return mob

        start = tex(
            rf"v = {x}", r"\hat\imath", "+", y, r"\hat\jmath", colors=((1, I_HAT), (4, J_HAT))
        )
        mat = named_matrix("A =", m)
        box = panel(mat, start, width=PANEL_WIDTH)

        self.play(FadeIn(plane.background), Create(plane.grid), run_time=1.5)
        self.play(GrowArrow(plane.i_hat), GrowArrow(plane.j_hat), GrowArrow(arrow), FadeIn(label))
        self.caption(f"The vector ({x}, {y}) is {x} î plus {y} ĵ.")
        self.play(FadeIn(box), GrowArrow(xi), GrowArrow(yj), run_time=1.5)
        self.wait(0.5)
        self.caption("Follow î and ĵ: they land on the columns of the matrix.", duration=3)
        self.play(
            *plane.transform(m),
            Transform(xi, arrow_to(view, parts[0], I_HAT, 4)),
            Transform(yj, arrow_to(view, image, J_HAT, 4, start=parts[0])),
            FadeOut(label),
            run_time=3,
        )
        c1, c2 = col(m[:, 0]), col(m[:, 1])
        lines = [
            tex(
                r"Av = ",
                x,
                c1,
                "+",
                f"({y})" if y.startswith("-") else y,
                c2,
                colors=((2, I_HAT), (5, J_HAT)),
            ),  # fmt: skip
            tex("=", col(parts[0]), "+", col(parts[1]), colors=((1, I_HAT), (3, J_HAT))),
            tex("=", col(image), colors=((1, VECTOR),)),
        ]
        result = panel(mat.copy(), *lines, width=PANEL_WIDTH)
        self.caption(self.CAPTION, duration=3)
        self.play(FadeOut(box), FadeIn(result), FadeIn(vector_label(view, image)), run_time=1.5)
        self.anchor("vector_tip", arrow.get_end)
        self.anchor("i_hat_tip", plane.i_hat.get_end)
        self.anchor("j_hat_tip", plane.j_hat.get_end)
        collapse_note(self, m)
        self.wait(2)


class Composition(NNVizScene):
    """Apply ``first`` (h), then ``second`` (f); the single product F·H lands in the same place.

    Then the other order, H·F, for comparison: matrix products do not commute in general.

    Parameters
    ----------
    first : 2×2, default [[0, -3], [4, 1]] (h(x, y) = (-3y, 4x + y), seed 001)
    second : 2×2, default [[1, 3], [-2, 1]] (f)

    Example
    -------
    ``python -m scenes render Composition --set 'first=[[0,-1],[1,0]] second=[[1,1],[0,1]]' --format png``
    """

    TITLE = "Composition is multiplication"
    CAPTION = "Applying h and then f is the same as applying the one matrix F·H."
    PARAMS = (
        map_param("first", [[0, -3], [4, 1]], "H, applied first"),
        map_param("second", [[1, 3], [-2, 1]], "F, applied second"),
    )

    def construct(self) -> None:
        h, f = self.params["first"], self.params["second"]
        fh, hf = linalg.compose(f, h), linalg.compose(h, f)
        commute = bool(np.allclose(fh, hf))
        self.record(product=fh, other_order=hf, commute=commute,
                    basis_images_first=linalg.basis_images(h),
                    basis_images_product=linalg.basis_images(fh),
                    basis_images_other_order=linalg.basis_images(hf))  # fmt: skip

        corners = [linalg.apply(x, [1, 1]) for x in (h, fh, hf)]  # far corners of the square
        view = plane_view(np.vstack([h.T, fh.T, hf.T, f.T, *corners]), bottom=NOTE_HEIGHT)
        plane = TransformablePlane(view, extent=4.0)
        plane.unit_square()

        steps = [named_matrix("H =", h), named_matrix("F =", f)]
        box = panel(*steps, width=PANEL_WIDTH)
        self.play(FadeIn(plane.background), Create(plane.grid), FadeIn(plane.riders), run_time=1.5)
        self.play(GrowArrow(plane.i_hat), GrowArrow(plane.j_hat), FadeIn(box))
        self.caption("First h, then f.")
        self.play(*plane.transform(h), run_time=2)
        self.play(*plane.transform(fh), run_time=2)
        # Ghosts of where î, ĵ and the square landed, to compare with the one-step product.
        ghost = VGroup(
            DashedVMobject(plane.riders[0].copy().set_fill(opacity=0), num_dashes=40),
            Dot(plane.i_hat.get_end(), color=I_HAT, radius=0.09),
            Dot(plane.j_hat.get_end(), color=J_HAT, radius=0.09),
        )
        self.add(ghost)
        self.play(*plane.transform(np.eye(2)), run_time=1.5)
        product = panel(*[s.copy() for s in steps], named_matrix("FH =", fh), width=PANEL_WIDTH)
        self.caption(self.CAPTION, duration=3)
        box = self.swap(box, product)
        self.play(*plane.transform(fh), run_time=2)
        self.wait(0.5)
        # Where the one-step product put î (a snapshot: the plane moves on afterwards).
        self.anchor("i_hat_tip_product", plane.i_hat.get_end().copy())
        self.anchor("i_hat_tip_two_steps", ghost[1])

        self.play(*plane.transform(np.eye(2)), run_time=1.5)
        other = panel(
            *[s.copy() for s in product[1][:3]],
            named_matrix("HF =", hf),
            MathTex(r"HF = FH" if commute else r"HF \neq FH", font_size=LABEL_SIZE),
            width=PANEL_WIDTH,
        )
        self.caption("The other order, f first and then h, is the matrix H·F.", duration=3)
        box = self.swap(box, other)
        self.play(*plane.transform(hf), run_time=2)
        self.anchor("i_hat_tip_other_order", plane.i_hat.get_end)
        if commute:
            self.caption("These two maps commute: both orders land in the same place.")
            self.play(FadeIn(self.note("These two maps commute: both orders agree.")))
        else:
            self.caption("It lands somewhere else: the order matters.")
            self.play(FadeIn(self.note("Other order, other place: F·H and H·F differ.")))
        self.wait(2)


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
    ``python -m scenes render Determinant --set 'matrix=[[1,2],[3,1]]' --format png``
    """

    TITLE = "The determinant"
    CAPTION = "The determinant is the factor by which the map scales areas."
    PARAMS = (map_param("matrix", [[3, 1], [1, 2]], "the linear map"),)

    def construct(self) -> None:
        m = self.params["matrix"]
        det = linalg.determinant(m)
        centre = linalg.apply(m, [0.5, 0.5])
        self.record(determinant=det, area=abs(det), orientation_flipped=bool(det < 0),
                    image_kind=linalg.image_kind(m), square_image_center=centre,
                    square_image=linalg.apply(m, [[0, 0], [1, 0], [1, 1], [0, 1]]))  # fmt: skip

        view = plane_view(np.vstack([m.T, linalg.apply(m, [1, 1])]))
        plane = TransformablePlane(view, extent=4.0)
        plane.unit_square()
        turn = turn_arrow(view, np.eye(2))
        box = panel(
            named_matrix("A =", m),
            MathTex(r"\text{area} = 1", font_size=LABEL_SIZE),
            width=PANEL_WIDTH,
        )
        self.play(FadeIn(plane.background), Create(plane.grid), run_time=1.5)
        self.play(GrowArrow(plane.i_hat), GrowArrow(plane.j_hat), FadeIn(plane.riders), FadeIn(box))
        self.play(Create(turn))
        self.caption("The unit square has area 1; the arrow turns from î to ĵ.")
        self.wait(0.5)
        self.caption(self.CAPTION, duration=3)
        flat = linalg.is_singular(m)  # no turn left to show: the square is flat
        turn_move = FadeOut(turn) if flat else Transform(turn, turn_arrow(view, m))
        self.play(*plane.transform(m), turn_move, run_time=3)
        lines = [
            named_matrix("A =", m),
            MathTex(rf"\det A = {fmt(det)}", font_size=LABEL_SIZE),
            MathTex(rf"\text{{area}} = 1 \times {fmt(abs(det))} = {fmt(abs(det))}",
                    font_size=LABEL_SIZE),
        ]  # fmt: skip
        if det < 0:
            lines.append(
                MathTex(r"\det A < 0:\ \text{flipped}", font_size=LABEL_SIZE, color=NEGATIVE)
            )
        box = self.swap(box, panel(*lines, width=PANEL_WIDTH))
        if det < 0:
            self.caption("A negative determinant flips the plane over: ĵ is now clockwise from î.")
            self.play(turn.animate.set_color(NEGATIVE), run_time=1)
        collapse_note(self, m, " Its area is 0.")
        self.anchor("square_center", lambda: view.to_scene(centre))
        self.anchor("origin", view.origin_point)
        self.anchor("i_hat_tip", plane.i_hat.get_end)
        self.anchor("j_hat_tip", plane.j_hat.get_end)
        self.wait(2)


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
    ``python -m scenes render Inverse --set 'matrix=[[1,2],[2,4]]' --format png``
    """

    TITLE = "The inverse undoes the map"
    CAPTION = "The inverse matrix plays the map backwards, back to the identity."
    PARAMS = (
        map_param("matrix", [[2, 1], [1, 1]], "the linear map"),
        vector_param("vector", [1, 2], "a vector that rides along"),
    )

    def construct(self) -> None:
        m, v = self.params["matrix"], self.params["vector"]
        singular = linalg.is_singular(m)
        inv = None if singular else linalg.inverse(m)
        image = linalg.apply(m, v)
        self.record(determinant=linalg.determinant(m), singular=singular, inverse=inv, image=image,
                    round_trip=None if inv is None else linalg.compose(inv, m),
                    back=None if inv is None else linalg.apply(inv, image))  # fmt: skip

        view = plane_view(np.vstack([v, image, m.T, linalg.apply(m, [1, 1])]))
        plane = TransformablePlane(view, extent=4.0)
        plane.unit_square()
        arrow = plane.add_vector(v, VECTOR)
        a = named_matrix("A =", m)
        box = panel(a, width=PANEL_WIDTH)

        self.play(FadeIn(plane.background), Create(plane.grid), FadeIn(plane.riders), run_time=1.5)
        self.play(GrowArrow(plane.i_hat), GrowArrow(plane.j_hat), GrowArrow(arrow), FadeIn(box))
        self.caption("First the map A.")
        self.play(*plane.transform(m), run_time=2.5)
        self.anchor("vector_tip", arrow.get_end)
        if singular:
            self.caption("det A = 0: many points land on the same point, so nothing can undo A.", 4)
            extra = MathTex(r"\det A = 0", font_size=LABEL_SIZE)
            box = self.swap(box, panel(a.copy(), extra, width=PANEL_WIDTH))
            collapse_note(self, m, " Many points land on each point, so A has no inverse.")
            self.wait(2.5)
            return
        lines = [
            a.copy(),
            named_matrix("A^{-1} =", inv),
            MathTex(r"A^{-1}A = I", font_size=LABEL_SIZE),
        ]
        box = self.swap(box, panel(*lines, width=PANEL_WIDTH))
        self.caption(self.CAPTION, duration=3)
        self.play(*plane.transform(np.eye(2)), run_time=2.5)
        self.caption("Every point is back where it started: A⁻¹ A is the identity.")
        self.play(FadeIn(vector_label(view, v)))
        self.wait(2)


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
    ``python -m scenes render ChangeOfBasis --set 'basis=[[1,1],[0,1]] vector=[2,1]' --format png``
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
        b, v, m = self.params["basis"], self.params["vector"], self.params["matrix"]
        c = linalg.to_basis(v, b)
        parts = linalg.column_combination(b, c)
        mb = linalg.compose(m, b)
        m_in_b = linalg.change_of_basis(m, b)
        self.record(coords_in_basis=c, scaled_basis=parts, basis_vectors=b.T,
                    moved_basis=mb.T, matrix_in_basis=m_in_b)  # fmt: skip

        view = plane_view(np.vstack([v, parts, b.T, mb.T]))
        plane = TransformablePlane(view, extent=4.0)
        vec = LabeledVector(view, v, VECTOR, name="v =")
        vec.arrow.set_z_index(2)
        box = panel(MathTex(rf"v = {col(v)}", font_size=LABEL_SIZE), width=PANEL_WIDTH)

        self.play(FadeIn(plane.background), Create(plane.grid), run_time=1.5)
        self.play(GrowArrow(plane.i_hat), GrowArrow(plane.j_hat), GrowArrow(vec.arrow),
                  FadeIn(vec.label), FadeIn(box))  # fmt: skip
        self.caption("In standard coordinates v = x î + y ĵ.")
        self.wait(0.5)
        self.caption("Another basis: b₁ and b₂. Its grid is the plane moved by B.", 3)
        self.play(*plane.transform(b), run_time=2.5)
        p1 = arrow_to(view, parts[0], I_HAT, 4)
        p2 = arrow_to(view, v, J_HAT, 4, start=parts[0])
        basis_line = named_matrix("B =", b)
        coords = MathTex(rf"B^{{-1}}v = {col(c)}", font_size=LABEL_SIZE)
        in_b = MathTex(rf"v = {fmt(c[0])}\,b_1 + {fmt(c[1])}\,b_2", font_size=LABEL_SIZE)
        box2 = panel(box[1][0].copy(), basis_line, coords, in_b, width=PANEL_WIDTH)
        self.caption(self.CAPTION, duration=3)
        self.play(GrowArrow(p1), GrowArrow(p2), run_time=1.5)
        box = self.swap(box, box2)
        self.wait(1)

        self.play(FadeOut(p1), FadeOut(p2), FadeOut(vec))
        m_line = named_matrix("M =", m)
        mb_line = named_matrix("B^{-1}MB =", m_in_b)
        box3 = panel(basis_line.copy(), m_line, mb_line, width=PANEL_WIDTH)
        self.caption("Now a map M. Written in the b-basis it is B⁻¹ M B.", 3)
        box = self.swap(box, box3)
        self.play(*plane.transform(mb), run_time=2.5)
        self.caption("Its columns say where b₁ and b₂ land, in b-coordinates.")
        self.anchor("b1_tip", plane.i_hat.get_end)
        self.anchor("b2_tip", plane.j_hat.get_end)
        self.wait(2)
