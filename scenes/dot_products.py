"""Lecture 1, continued: the dot product as a projection, and a layer of detectors.

Scenes: DotProduct (u·v = ‖u‖ × signed projection length; a 1×2 matrix is a dot product) and
CatClassifier (a weight matrix whose rows detect "face" and "body", seed 000 §1.1-1.3).
"""

from __future__ import annotations

import numpy as np
from manim import (
    DL,
    DOWN,
    DR,
    RIGHT,
    UL,
    UP,
    UR,
    Create,
    Dot,
    FadeIn,
    FadeOut,
    GrowArrow,
    Line,
    MathTex,
    Text,
    VGroup,
)

from nnviz import linalg, projection
from nnviz_kit import (
    LabeledVector,
    NNVizScene,
    ProjectionLine,
    TransformablePlane,
    fit_view,
    fmt,
    frame_region,
    mark_background,
    named_matrix,
    panel,
    place_label,
    vector_label,
    with_background,
)
from nnviz_kit.equations import Num, equation
from nnviz_kit.labels import tex_number
from nnviz_kit.params import MATRIX_MAX_ABS, Array, at_most_items, nonzero
from nnviz_kit.style import (
    FEATURE,
    I_HAT,
    J_HAT,
    LABEL_SIZE,
    NEGATIVE,
    OTHER,
    POSITIVE,
    SMALL_SIZE,
    VECTOR,
    sign_color,
)
from nnviz_kit.vectors import arrow_outline

__all__ = ["DotProduct", "CatClassifier"]

PANEL_WIDTH = 3.6
#: An animal's colour by its verdict: both detectors fire, neither does, or undecided.
VERDICT_COLORS = {"cat": POSITIVE, "dog": NEGATIVE, "?": OTHER}


class DotProduct(NNVizScene):
    """u·v is ‖u‖ times the signed length of v's projection onto the line of u.

    Then the duality: the 1×2 matrix [u₁ u₂] squashes the whole plane onto a number line,
    and v lands exactly at u·v.

    Parameters
    ----------
    u : 2, default [3, 1] (non-zero)
    v : 2, default [2, 3]

    Example
    -------
    ``nnviz render DotProduct --set 'u=[1,2] v=[3,-2]' --format png``
    """

    TITLE = "The dot product"
    CAPTION = "u·v is the length of u times the signed length of v's shadow on u's line."
    PARAMS = (
        Array("u", (2,), default=[3, 1], max_abs=MATRIX_MAX_ABS, check=nonzero,
              help="the vector whose line v is projected onto"),
        Array("v", (2,), default=[2, 3], max_abs=MATRIX_MAX_ABS, help="the projected vector"),
    )  # fmt: skip

    def construct(self) -> None:
        self.work_out()
        self.show_vectors()
        self.project_v()
        self.write_the_product()
        self.squash_onto_a_line()
        self.wait(2)

    def work_out(self) -> None:
        u, v = self.params["u"], self.params["v"]
        self.d, self.nu = projection.dot(u, v), projection.norm(u)
        self.s = projection.dot_as_projection(u, v)
        self.foot = projection.project(v, u)
        self.row = np.vstack([u, np.zeros(2)])  # the 1×2 matrix [u₁ u₂], as a map onto the x-axis
        self.landed = linalg.apply(self.row, v)
        self.record(dot=self.d, norm_u=self.nu, projection_length=self.s, projection=self.foot,
                    row_matrix=u[None, :], number_line_image=self.landed[0],
                    basis_images_on_line=u)  # fmt: skip
        key = np.vstack([u, v, self.foot, [[self.d, 0], [u[0], 0], [u[1], 0]]])
        self.view = fit_view(key, region=frame_region(left=PANEL_WIDTH, bottom=0.8, margin=0.7))
        bounds = self.view.frame_bounds()
        self.reach = float(np.hypot(bounds[1] - bounds[0], bounds[3] - bounds[2]))

    def show_vectors(self) -> None:
        """The grid, the line of u, u and v."""
        u, v, view = self.params["u"], self.params["v"], self.view
        self.plane = TransformablePlane(view, extent=4.0)
        self.line = ProjectionLine(view, u, self.reach)
        self.uvec = LabeledVector(view, u, FEATURE, name="u")
        self.vvec = self.plane.add_vector(v, VECTOR)
        self.vvec.set_z_index(2)
        self.vlab = vector_label(view, v, name="v")
        self.play(*self.plane.draw(), run_time=1.5)
        self.play(Create(self.line), GrowArrow(self.uvec.arrow), FadeIn(self.uvec.label))
        self.play(GrowArrow(self.vvec), FadeIn(self.vlab))

    def project_v(self) -> None:
        """v's shadow on the line of u, signed: blue along u, red against it."""
        self.drop = self.line.drop(self.params["v"], self.foot)
        self.shadow = Line(self.view.origin_point, self.view.to_scene(self.foot))
        self.shadow.set_stroke(sign_color(self.s), 9)
        self.caption("Project v onto the line of u.")
        self.play(Create(self.drop), Create(self.shadow), run_time=1.5)

    def write_the_product(self) -> None:
        self.box = panel(
            MathTex(r"u \cdot v = \|u\| \times s", font_size=LABEL_SIZE),
            equation("=", Num(self.nu), r"\times", Num(self.s)),
            equation("=", Num(self.d)).set_color(sign_color(self.d)),
            Text("s: signed length of the shadow", font_size=SMALL_SIZE * 0.8),
            width=PANEL_WIDTH,
        )
        self.caption(self.CAPTION, duration=3)
        self.play(FadeIn(self.box))
        self.anchor("projection_foot", lambda: self.view.to_scene(self.foot))
        self.wait(1.5)

    def squash_onto_a_line(self) -> None:
        """Duality: the same number from a 1×2 matrix that squashes the plane onto a line."""
        u, v, view, landed = self.params["u"], self.params["v"], self.view, self.landed
        numbers = ProjectionLine(view, [1, 0], self.reach, color=VECTOR)
        sums = (
            "=",
            Num(u[0], factor=True),
            r"\cdot",
            Num(v[0], factor=True),
            "+",
            Num(u[1], factor=True),
            r"\cdot",
            Num(v[1], factor=True),
        )
        box2 = panel(
            MathTex(r"\text{a } 1\times 2 \text{ matrix}", font_size=LABEL_SIZE),
            VGroup(named_matrix("", u[None, :]), equation(v)).arrange(RIGHT),
            equation(*sums),
            equation("=", Num(landed[0]), r"= u\cdot v"),
            width=PANEL_WIDTH,
        )  # fmt: skip
        self.caption("A 1×2 matrix maps the whole plane onto a number line.", duration=3)
        self.play(FadeOut(VGroup(self.line, self.uvec, self.drop, self.shadow, self.vlab)),
                  FadeOut(self.box))  # fmt: skip
        self.play(*self.plane.grow_basis(), Create(numbers), FadeIn(box2))
        self.play(*self.plane.transform(self.row), run_time=3)
        mark = with_background(tex_number(r"u\cdot v =", landed[0]))
        # Above or below the number line, clear of v's arrow head.
        head = arrow_outline(view.origin_point, view.to_scene(landed))
        place_label(mark, view.to_scene(landed), [UP, UR, UL, DOWN, DR, DL], [box2], buff=0.12,
                    gap=0.04, rings=6, keep_off=head)  # fmt: skip
        words = f"î lands on {fmt(u[0])}, ĵ on {fmt(u[1])}, and v on u·v = {fmt(self.d)}."
        self.caption(words, 3)
        self.play(FadeIn(mark))
        self.anchor("v_on_line", self.vvec.get_end)
        self.anchor("origin", view.origin_point)


class CatClassifier(NNVizScene):
    """Matrix multiplication as a layer of detectors: the rows of W score "face" and "body".

    Each animal is a point of feature space (x₁ = how pointy its ears are, x₂ = how big its
    body is). Its scores are dot products with the rows of W, i.e. W·x. Applying W moves every
    animal to its (face, body) scores: cats land where both detectors fire, dogs where neither does.

    Parameters
    ----------
    weights : 2×2, default [[1, -0.3], [0.2, -1]] (rows: the face and body detectors)
    features : k×2 (k <= 8), default three cats and three dogs

    Example
    -------
    ``nnviz render CatClassifier --set 'weights=[[1,0],[0,-1]]' --format png``
    """

    TITLE = "A layer of detectors"
    CAPTION = "Each row of W detects a feature; W·x gives every detector's score at once."
    PARAMS = (
        Array("weights", (2, 2), default=[[1, -0.3], [0.2, -1]], max_abs=MATRIX_MAX_ABS,
              check=nonzero, help="rows: the face detector and the body detector"),
        Array("features", (None, 2), max_abs=MATRIX_MAX_ABS, check=at_most_items(8),
              default=[[2, -1.5], [1.5, -0.5], [2.5, -2], [-1.5, 1.5], [-0.5, 2.5], [-2, 0.5]],
              help="one animal per row: (ear pointiness, body size)"),
    )  # fmt: skip

    def construct(self) -> None:
        self.work_out()
        self.show_animals()
        self.show_detectors()
        self.apply_the_layer()
        self.label_the_scores()
        self.wait(2.5)

    def work_out(self) -> None:
        w, x = self.params["weights"], self.params["features"]
        self.scores = linalg.apply(w, x)  # (k, 2): (face score, body score) per animal
        self.verdicts = [
            "cat" if a > 0 and b > 0 else "dog" if a < 0 and b < 0 else "?" for a, b in self.scores
        ]
        self.record(scores=self.scores, verdicts=self.verdicts, detectors=w)
        key = np.vstack([x, self.scores, w])
        self.view = fit_view(key, region=frame_region(left=PANEL_WIDTH, bottom=0.2, margin=0.7))

    def show_animals(self) -> None:
        """Each animal is a dot in feature space, coloured by its verdict."""
        w, view = self.params["weights"], self.view
        self.plane = TransformablePlane(view, extent=4.0, show_basis=False)
        self.dots = [
            Dot(view.to_scene(p), radius=0.09, color=VERDICT_COLORS[k]).set_z_index(3)
            for p, k in zip(self.params["features"], self.verdicts, strict=True)
        ]
        self.intro = panel(
            named_matrix("W =", w),
            Text("row 1: face detector", font_size=SMALL_SIZE, color=I_HAT),
            Text("row 2: body detector", font_size=SMALL_SIZE, color=J_HAT),
            Text("x₁ ears, x₂ body size", font_size=SMALL_SIZE),
            width=PANEL_WIDTH,
        )
        self.play(*self.plane.draw(), run_time=1.5)
        self.caption("Each animal is a point in feature space.")
        self.play(*[FadeIn(d, scale=0.5) for d in self.dots], FadeIn(self.intro))

    def show_detectors(self) -> None:
        """The rows of W, drawn as directions in feature space."""
        w = self.params["weights"]
        face = LabeledVector(self.view, w[0], I_HAT, name=r"\text{face}", show_coords=False)
        body = LabeledVector(self.view, w[1], J_HAT, name=r"\text{body}", show_coords=False)
        self.caption("Each row of W is a detector, a direction in feature space.")
        self.play(
            GrowArrow(face.arrow), GrowArrow(body.arrow), FadeIn(face.label), FadeIn(body.label)
        )
        self.wait(1)
        self.caption(self.CAPTION, duration=3)
        self.play(FadeOut(face), FadeOut(body))

    def apply_the_layer(self) -> None:
        """W moves every animal to its scores; the score axes are face across, body up."""
        view = self.view
        moves = [
            d.animate.move_to(view.to_scene(p)) for d, p in zip(self.dots, self.scores, strict=True)
        ]
        self.play(*self.plane.transform(self.params["weights"]), *moves, run_time=3)
        x0, x1, y0, y1 = view.frame_bounds()
        axes = VGroup(
            Line(view.to_scene([x0, 0]), view.to_scene([x1, 0])).set_stroke(I_HAT, 3),
            Line(view.to_scene([0, y0]), view.to_scene([0, y1])).set_stroke(J_HAT, 3),
        )
        mark_background(axes)
        self.play(self.plane.grid.animate.set_stroke(opacity=0.35), Create(axes))

    def label_the_scores(self) -> None:
        """A table of scores and verdicts, the axes named, and each animal numbered."""
        rows = [named_matrix("W =", self.params["weights"])]
        for i, ((a, b), k) in enumerate(zip(self.scores, self.verdicts, strict=True), start=1):
            row = equation(rf"{i}:\ \text{{{k}}}\ (", Num(a, 1), r",\ ", Num(b, 1), ")",
                            font_size=SMALL_SIZE)  # fmt: skip
            rows.append(row.set_color(VERDICT_COLORS[k]))
        table = panel(*rows, width=PANEL_WIDTH)
        axis_names = self.axis_names()
        taken = [table, *axis_names]
        numbers = []
        for i, dot in enumerate(self.dots, start=1):
            tag = MathTex(str(i), font_size=LABEL_SIZE * 0.9, color=dot.get_color())
            numbers.append(
                place_label(tag, dot.get_center(), avoid=taken, buff=0.06, gap=0.04, rings=6)
            )
            taken.append(tag)
            self.anchor(f"animal_{i}", dot)
        self.caption("Cats land where both detectors fire; dogs where neither does.", 3)
        self.play(FadeOut(self.intro), FadeIn(table), FadeIn(VGroup(*axis_names, *numbers)))

    def axis_names(self) -> list[MathTex]:
        """The axes named: "face →" at the right end of x, "body ↑" at the top of y."""
        view = self.view
        axis_x = MathTex(r"\text{face} \to", font_size=SMALL_SIZE, color=I_HAT)
        axis_y = MathTex(r"\text{body} \uparrow", font_size=SMALL_SIZE, color=J_HAT)
        x1, y1 = view.region[1], view.region[3]
        axis_x.move_to([x1 - axis_x.width / 2, view.origin[1], 0]).shift(DOWN * 0.25)
        axis_y.move_to([view.origin[0], y1 - axis_y.height / 2, 0]).shift(
            RIGHT * (axis_y.width / 2 + 0.15)
        )
        return [axis_x, axis_y]
