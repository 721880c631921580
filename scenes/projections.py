"""Lecture 2, "Projections steer features" (InterFaceGAN, seed 000 chapter 2).

Scenes: FeatureEdit (z + αn moves a feature score linearly), HyperplaneScore (signed distance
n·x + b scores points), OrthogonalProjection (projection + rejection = v) and ConditionalEdit
(n' = n - (n·c)c edits one feature without changing another).
Every number comes from :mod:`nnviz.projection`; the scenes only place and animate it.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    RIGHT,
    UR,
    Circle,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    GrowArrow,
    Line,
    MathTex,
    RightAngle,
    VGroup,
)

from nnviz import projection
from nnviz_kit import (
    Hyperplane,
    LabeledVector,
    NNVizScene,
    TransformablePlane,
    arrow_to,
    fit_view,
    frame_region,
    guide_line,
    panel,
    place_label,
    side_axes,
    with_background,
)
from nnviz_kit.equations import Num, equation
from nnviz_kit.labels import tex_number
from nnviz_kit.params import MATRIX_MAX_ABS, Array, Number, at_most_items, nonzero
from nnviz_kit.style import (
    CONDITION,
    FEATURE,
    LABEL_SIZE,
    PROJECTION,
    REJECTION,
    SMALL_SIZE,
    TEXT,
    VECTOR,
    sign_color,
)

__all__ = ["FeatureEdit", "HyperplaneScore", "OrthogonalProjection", "ConditionalEdit"]

PANEL_WIDTH = 3.6
LIMIT = MATRIX_MAX_ABS


def vec(name: str, default: list, help: str, direction: bool = False) -> Array:
    return Array(name, (2,), default=default, max_abs=LIMIT, help=help,
                 check=nonzero if direction else None)  # fmt: skip


def hyperplane_foot(normal: np.ndarray, offset: float) -> np.ndarray:
    """The hyperplane's point nearest the origin, so that framing can include it."""
    return projection.move_along(np.zeros(2), normal, [-offset / projection.norm(normal)])[0]


def static_plane(points: object, left: float = PANEL_WIDTH, right: float = 0.0, bottom=0.8):
    """A still grid (no basis vectors) framing ``points`` (k, 2) beside the panels."""
    view = fit_view(
        np.reshape(points, (-1, 2)),
        region=frame_region(left=left, right=right, bottom=bottom, margin=0.7),
    )
    return view, TransformablePlane(view, extent=1.0, show_basis=False)


class HyperplaneScore(NNVizScene):
    """A hyperplane n·x + b = 0 scores every point by its signed distance (n·x + b)/‖n‖.

    The side n points to is shaded blue (positive scores), the other red (negative).

    Parameters
    ----------
    normal : 2, default [1, 1] (non-zero)
    offset : number, default -1
    points : k×2 (k <= 8), default five points on both sides

    Example
    -------
    ``nnviz render HyperplaneScore --set 'normal=[0,2] offset=1' --format png``
    """

    TITLE = "A hyperplane scores a feature"
    CAPTION = "The signed distance to the hyperplane scores each point: blue side positive."
    PARAMS = (
        vec("normal", [1, 1], "the hyperplane's normal n", direction=True),
        Number("offset", default=-1.0, minimum=-LIMIT, maximum=LIMIT, help="b in n·x + b = 0"),
        Array("points", (None, 2), max_abs=LIMIT, check=at_most_items(8),
              default=[[2, 1.5], [-1, 2.5], [1, -1.5], [-2, -1], [3, -0.5]],
              help="the points to score"),
    )  # fmt: skip

    def construct(self) -> None:
        self.work_out()
        self.show_hyperplane()
        self.shade_the_sides()
        self.score_the_points()
        self.wait(2)

    def work_out(self) -> None:
        n, b, pts = self.params["normal"], self.params["offset"], self.params["points"]
        self.scores = projection.signed_distance(pts, n, b)
        foot = hyperplane_foot(n, b)
        unit = n / projection.norm(n)
        self.record(scores=self.scores, unit_normal=unit, hyperplane_point=foot,
                    raw_scores=self.scores * projection.norm(n))  # fmt: skip
        self.view, self.plane = static_plane(np.vstack([pts, foot, foot + unit]))

    def show_hyperplane(self) -> None:
        n, b = self.params["normal"], self.params["offset"]
        self.hyper = Hyperplane(self.view, n, b)
        self.box = panel(
            MathTex(r"s(x) = \frac{n\cdot x + b}{\|n\|}", font_size=LABEL_SIZE),
            equation(
                "n = (", Num(n[0]), r",\ ", Num(n[1]), r"),\ b =", Num(b), font_size=SMALL_SIZE
            ),
            width=PANEL_WIDTH,
        )
        self.play(FadeIn(self.plane.background), FadeIn(self.box))
        self.caption("A hyperplane: the points where n·x + b = 0.")
        self.play(Create(self.hyper.boundary), GrowArrow(self.hyper.normal_arrow))

    def shade_the_sides(self) -> None:
        self.caption("The side n points to is positive, the other side negative.")
        self.play(FadeIn(self.hyper.positive), FadeIn(self.hyper.negative))

    def score_the_points(self) -> None:
        """Hollow rings at the points (the shading shows through), each with its signed score."""
        rings = [
            Circle(radius=0.13, color=TEXT, stroke_width=3).move_to(self.view.to_scene(p)).set_z_index(3)
            for p in self.params["points"]
        ]  # fmt: skip
        self.play(*[Create(r) for r in rings])
        taken = [self.box]
        labels = []
        for i, (ring, s) in enumerate(zip(rings, self.scores, strict=True)):
            sign = ["+"] if s > 0 else []
            tag = with_background(
                equation(*sign, Num(s), font_size=SMALL_SIZE).set_color(sign_color(s))
            )
            place_label(tag, ring.get_center(), avoid=taken + rings, buff=0.08, gap=0.04, rings=6)
            taken.append(tag)
            labels.append(tag)
            self.anchor(f"point_{i}", ring)
        self.caption(self.CAPTION, duration=3)
        self.play(*[FadeIn(t) for t in labels])


class FeatureEdit(NNVizScene):
    """Edit a latent point along a feature direction: z + α·n̂, and watch its score.

    The feature's hyperplane passes through the origin with unit normal n̂; each step of α
    changes the score by exactly α, so the score is a straight line in α (right panel).

    Parameters
    ----------
    z : 2, default [-2, -1] (the latent code)
    direction : 2, default [1, 0.6] (the feature's normal n; non-zero)
    steps : up to 9 values of α, default [-1, 0, 1, 2, 3, 4]

    Example
    -------
    ``nnviz render FeatureEdit --set 'z=[1,2] direction=[0,1] steps=[-2,-1,0,1]' --format png``
    """

    TITLE = "Editing a feature"
    CAPTION = "Moving z along the feature direction changes its score by exactly α."
    PARAMS = (
        vec("z", [-2, -1], "the latent point"),
        vec("direction", [1, 0.6], "the feature direction n", direction=True),
        Array("steps", (None,), default=[-1, 0, 1, 2, 3, 4], max_abs=LIMIT,
              check=at_most_items(9), help="the values of α"),
    )  # fmt: skip

    #: Scene units kept free on the right for the chart.
    CHART_WIDTH = 4.0

    def construct(self) -> None:
        self.work_out()
        self.show_hyperplane()
        self.show_point_and_chart()
        self.edit_step_by_step()
        self.draw_the_line()
        self.wait(2)

    def work_out(self) -> None:
        z, n, alphas = self.params["z"], self.params["direction"], self.params["steps"]
        self.edits = projection.move_along(z, n, alphas)
        self.scores = projection.signed_distance(self.edits, n)
        self.start = projection.signed_distance(z, n)
        unit = n / projection.norm(n)
        self.record(edits=self.edits, scores=self.scores, start_score=self.start,
                    unit_direction=unit)  # fmt: skip
        key = np.vstack([z, self.edits, unit])
        self.view, self.plane = static_plane(key, left=0.2, right=self.CHART_WIDTH + 0.2)

    def show_hyperplane(self) -> None:
        hyper = Hyperplane(self.view, self.params["direction"], 0.0)
        self.play(FadeIn(self.plane.background), FadeIn(hyper.positive), FadeIn(hyper.negative),
                  Create(hyper.boundary), GrowArrow(hyper.normal_arrow))  # fmt: skip
        self.caption("The feature's hyperplane: its normal n points towards more of the feature.")

    def show_point_and_chart(self) -> None:
        zdot = Dot(self.view.to_scene(self.params["z"]), color=VECTOR, radius=0.1).set_z_index(3)
        zlab = with_background(MathTex("z", font_size=LABEL_SIZE, color=VECTOR))
        place_label(zlab, zdot.get_center(), buff=0.1, gap=0.04, rings=6)
        self.chart_box = self.score_chart()
        self.play(FadeIn(zdot), FadeIn(zlab), FadeIn(self.chart_box))

    def score_chart(self) -> VGroup:
        """Axes of score against α, top right; their range holds every score and the line."""
        alphas, start, scores = self.params["steps"], self.start, self.scores
        self.lo = lo = float(min(alphas.min(), 0.0)) - 0.5
        self.hi = hi = float(max(alphas.max(), 0.0)) + 0.5
        ys = [scores.min(), scores.max(), 0.0, start + lo, start + hi]
        slo, shi = float(min(ys)) - 0.5, float(max(ys)) + 0.5
        chart = side_axes([lo, hi, max(1.0, np.ceil((hi - lo) / 6))],
                          [slo, shi, max(1.0, np.ceil((shi - slo) / 6))],
                          width=self.CHART_WIDTH - 0.6, height=3.0, x_label=r"\alpha",
                          y_label=r"\text{score}")  # fmt: skip
        self.axes = chart[0]
        title = MathTex(r"\text{score}(z + \alpha\hat n)", font_size=SMALL_SIZE)
        return with_background(VGroup(title, chart).arrange(DOWN, buff=0.25)).to_corner(
            UR, buff=0.3
        )

    def edit_step_by_step(self) -> None:
        """One dot per α in the plane, and its score in the chart."""
        self.caption(self.CAPTION, duration=3)
        self.trail = VGroup()
        for i, (p, a, s) in enumerate(
            zip(self.edits, self.params["steps"], self.scores, strict=True)
        ):
            dot = Dot(self.view.to_scene(p), radius=0.07, color=sign_color(s)).set_z_index(2)
            mark = Dot(self.axes.c2p(a, s), radius=0.06, color=sign_color(s))
            self.trail.add(dot)
            self.play(FadeIn(dot), FadeIn(mark), run_time=0.5)
            self.anchor(f"edit_{i}", dot)

    def draw_the_line(self) -> None:
        """score = start + α: a line of slope 1 through the marks, and the path in the plane."""
        axes, lo, hi, start, trail = self.axes, self.lo, self.hi, self.start, self.trail
        fit = Line(axes.c2p(lo, start + lo), axes.c2p(hi, start + hi)).set_stroke(VECTOR, 2)
        path = DashedLine(trail[0].get_center(), trail[-1].get_center()).set_stroke(VECTOR, 2)
        if len(trail) < 2 or np.ptp(self.params["steps"]) == 0:
            path = VGroup()
        label = equation(r"\text{score} =", Num(start), r"+ \alpha", font_size=SMALL_SIZE)
        label.next_to(self.chart_box, DOWN, buff=0.2).align_to(self.chart_box, RIGHT)
        label = with_background(label)
        self.caption("The scores lie on a line of slope 1: linear in α.")
        self.play(Create(fit), Create(path), FadeIn(label))


class OrthogonalProjection(NNVizScene):
    """v splits into its projection onto a line and its rejection: orthogonal, summing to v.

    Parameters
    ----------
    v : 2, default [2, 3]
    onto : 2, default [3, 1] (the line's direction; non-zero)

    Example
    -------
    ``nnviz render OrthogonalProjection --set 'v=[-1,3] onto=[1,-1]' --format png``
    """

    TITLE = "Orthogonal projection"
    CAPTION = "The projection and the rejection are orthogonal, and they add back up to v."
    PARAMS = (
        vec("v", [2, 3], "the vector to split"),
        vec("onto", [3, 1], "the direction of the line", direction=True),
    )

    def construct(self) -> None:
        self.work_out()
        self.show_vectors()
        self.drop_onto_the_line()
        self.move_the_rejection_to_the_tip()
        self.write_the_parts()
        self.wait(2)

    def work_out(self) -> None:
        v, u = self.params["v"], self.params["onto"]
        self.proj, self.rej = projection.project(v, u), projection.reject(v, u)
        self.record(projection=self.proj, rejection=self.rej,
                    dot_projection_rejection=projection.dot(self.proj, self.rej),
                    sum=self.proj + self.rej)  # fmt: skip
        self.view, self.plane = static_plane(np.vstack([v, self.proj, self.rej, u]))
        self.tiny = 1e-9 * max(projection.norm(v), 1.0)

    def show_vectors(self) -> None:
        """The line of u, u itself, and v."""
        view = self.view
        line = guide_line(view, self.params["onto"])
        onto = LabeledVector(view, self.params["onto"], TEXT, name="u", show_coords=False,
                             stroke_width=4)  # fmt: skip
        self.vv = LabeledVector(view, self.params["v"], VECTOR, name="v")
        self.vv.arrow.set_z_index(3)
        self.play(FadeIn(self.plane.background), Create(line), GrowArrow(onto.arrow),
                  FadeIn(onto.label))  # fmt: skip
        self.play(GrowArrow(self.vv.arrow), FadeIn(self.vv.label))

    def drop_onto_the_line(self) -> None:
        """The projection, then the rejection (from the origin)."""
        self.p_arrow = arrow_to(self.view, self.proj, PROJECTION)
        self.r_arrow = arrow_to(self.view, self.rej, REJECTION)
        self.caption("Drop v straight down onto the line: that is its projection.")
        drop = DashedLine(self.vv.tip(), self.p_arrow.get_end()).set_stroke(TEXT, 2, 0.7)
        self.play(Create(drop), GrowArrow(self.p_arrow))
        self.caption("What is left over is the rejection, v minus the projection.")
        self.play(GrowArrow(self.r_arrow))

    def move_the_rejection_to_the_tip(self) -> None:
        """The rejection slides to the projection's tip, at a right angle, ending at v."""
        self.caption(self.CAPTION, duration=3)
        view, p_end = self.view, self.p_arrow.get_end()
        moved = arrow_to(view, self.params["v"], REJECTION, start=self.proj)
        extra = []
        if projection.norm(self.rej) > self.tiny and projection.norm(self.proj) > self.tiny:
            corner = RightAngle(Line(p_end, view.origin_point), Line(p_end, moved.get_end()),
                                length=0.22, quadrant=(1, 1)).set_stroke(TEXT, 2)  # fmt: skip
            extra.append(Create(corner))
        self.play(self.r_arrow.animate.become(moved), *extra, run_time=1.5)

    def write_the_parts(self) -> None:
        """proj, rej, their zero dot product and their sum; a note if one part vanishes."""
        proj, rej = self.proj, self.rej
        box = panel(
            equation(r"\text{proj} =", proj).set_color(PROJECTION),
            equation(r"\text{rej} =", rej).set_color(REJECTION),
            tex_number(r"\text{proj}\cdot\text{rej} =", projection.dot(proj, rej)),
            MathTex(r"\text{proj} + \text{rej} = v", font_size=LABEL_SIZE),
            width=PANEL_WIDTH,
        )  # fmt: skip
        self.play(FadeIn(box))
        if projection.norm(rej) <= self.tiny:
            self.play(FadeIn(self.note("v lies on the line: its rejection is zero.")))
        elif projection.norm(proj) <= self.tiny:
            self.play(FadeIn(self.note("v is perpendicular to the line: its projection is zero.")))
        self.anchor("projection_tip", self.p_arrow.get_end)
        self.anchor("v_tip", self.vv.tip)


class ConditionalEdit(NNVizScene):
    """Editing "age" also changes "glasses" when the two directions are correlated; projecting
    the age direction off the glasses direction, n' = n - (n·ĉ)ĉ, removes the side effect.

    Parameters
    ----------
    direction : 2, default [1, 0.6] (n, the feature to edit, "age"; non-zero)
    condition : 2, default [0.3, 1] (c, the feature to keep, "glasses"; non-zero)
    z : 2, default [-2, -1.5] (the latent point)
    alpha : number, default 3 (how far to edit)

    Example
    -------
    ``nnviz render ConditionalEdit --set 'direction=[1,1] condition=[0,1]' --format png``
    """

    TITLE = "Conditional editing"
    CAPTION = "Project the age direction off the glasses direction to edit age alone."
    PARAMS = (
        vec("direction", [1, 0.6], "n: the feature to change (age)", direction=True),
        vec("condition", [0.3, 1], "c: the feature to keep (glasses)", direction=True),
        vec("z", [-2, -1.5], "the latent point"),
        Number("alpha", default=3.0, minimum=-LIMIT, maximum=LIMIT, help="how far to edit"),
    )

    def construct(self) -> None:
        self.work_out()
        self.show_features()
        self.edit_along_n()
        if self.n2 is None:
            self.say_nothing_is_left()
        else:
            self.remove_the_glasses_part()
            self.edit_along_n_prime()
        self.wait(2)

    def work_out(self) -> None:
        """Both edits' scores; n' is None when n is parallel to c."""
        n, c = self.params["direction"], self.params["condition"]
        z, alpha = self.params["z"], self.params["alpha"]
        plain = projection.move_along(z, n, alpha)[0]
        try:
            self.n2 = projection.condition(n, c)
        except ValueError:
            self.n2 = None
        self.glasses = projection.signed_distance(np.vstack([z, plain]), c)
        self.age = projection.signed_distance(np.vstack([z, plain]), n)
        self.c_hat, self.n_hat = c / projection.norm(c), n / projection.norm(n)
        self.plain = plain
        self.record(correlation=projection.dot(self.n_hat, self.c_hat), plain_edit=plain,
                    glasses_scores_plain=self.glasses, age_scores_plain=self.age,
                    conditioned_direction=self.n2)  # fmt: skip
        key = [z, plain, self.n_hat, self.c_hat]
        if self.n2 is not None:
            self.cond = projection.move_along(z, self.n2, alpha)[0]
            self.g2 = projection.signed_distance(np.vstack([z, self.cond]), c)
            self.a2 = projection.signed_distance(np.vstack([z, self.cond]), n)
            self.record(conditioned_edit=self.cond, glasses_scores_conditioned=self.g2,
                        age_scores_conditioned=self.a2)  # fmt: skip
            key.append(self.cond)
        self.view, self.plane = static_plane(np.vstack(key), left=PANEL_WIDTH + 0.3)

    def show_features(self) -> None:
        """The two feature hyperplanes, their unit normals and the point z."""
        n, c, view = self.params["direction"], self.params["condition"], self.view
        glass_plane = Hyperplane(view, c, 0.0, color=CONDITION, opacity=0.12, show_normal=False)
        age_line = guide_line(view, [-n[1], n[0]], color=FEATURE)
        nvec = LabeledVector(view, self.n_hat, FEATURE, name=r"\hat n", show_coords=False)
        cvec = LabeledVector(view, self.c_hat, CONDITION, name=r"\hat c", show_coords=False)
        zdot = Dot(view.to_scene(self.params["z"]), color=VECTOR, radius=0.1).set_z_index(3)
        self.play(FadeIn(self.plane.background), FadeIn(glass_plane), Create(age_line))
        self.caption("Two feature hyperplanes: age (orange) and glasses (purple).")
        self.play(GrowArrow(nvec.arrow), FadeIn(nvec.label), GrowArrow(cvec.arrow), FadeIn(cvec.label),
                  FadeIn(zdot))  # fmt: skip

    def edit_along_n(self) -> None:
        """The plain edit z + αn̂ moves both scores."""
        self.caption(
            "Editing age along n also moves the glasses score: the directions correlate.", 3
        )
        step1 = arrow_to(self.view, self.plain, FEATURE, 5, start=self.params["z"])
        self.play(GrowArrow(step1), run_time=1.5)
        self.box = panel(
            MathTex(r"\text{edit along } n", font_size=SMALL_SIZE, color=FEATURE),
            score_line("age", self.age[0], self.age[1], FEATURE),
            score_line("glasses", self.glasses[0], self.glasses[1], CONDITION),
            width=PANEL_WIDTH,
        )
        self.play(FadeIn(self.box))
        self.anchor("plain_edit", step1.get_end)

    def say_nothing_is_left(self) -> None:
        self.caption(
            "Age and glasses point the same way here: nothing is left after removing glasses.",
            3,
        )
        self.play(FadeIn(self.note("n is parallel to c: no edit can change age but keep glasses.")))

    def remove_the_glasses_part(self) -> None:
        """(n̂·ĉ)ĉ, the part that drags glasses along, and n' without it."""
        self.caption("Remove the glasses part: n' = n - (n·ĉ)ĉ, then normalise.", 3)
        along_c = projection.project(self.n_hat, self.params["condition"])
        drag = arrow_to(self.view, along_c, CONDITION, 4)
        nprime = LabeledVector(self.view, self.n2, PROJECTION, name=r"n'", show_coords=False)
        self.play(GrowArrow(drag))
        self.play(GrowArrow(nprime.arrow), FadeIn(nprime.label), FadeOut(drag))

    def edit_along_n_prime(self) -> None:
        """The conditioned edit stays on its glasses level line: glasses unchanged."""
        c, z = self.params["condition"], self.params["z"]
        keep = guide_line(self.view, [-c[1], c[0]], CONDITION, 0.6, through=z)
        step2 = arrow_to(self.view, self.cond, PROJECTION, 5, start=z)
        self.caption("Editing along n' changes age but keeps the glasses score.", 3)
        self.play(Create(keep), GrowArrow(step2), run_time=1.5)
        box2 = panel(
            *[m.copy() for m in self.box[1]],
            MathTex(r"\text{edit along } n'", font_size=SMALL_SIZE, color=PROJECTION),
            score_line("age", self.a2[0], self.a2[1], FEATURE),
            score_line("glasses", self.g2[0], self.g2[1], CONDITION),
            MathTex(r"n' = \frac{n - (n\cdot\hat c)\,\hat c}{\|\cdot\|}", font_size=SMALL_SIZE),
            width=PANEL_WIDTH,
        )
        self.box = self.swap(self.box, box2)
        self.anchor("conditioned_edit", step2.get_end)


def score_line(name: str, before: float, after: float, color) -> VGroup:
    """A score before and after an edit, e.g. "age: 0.3 → 2.1", in the feature colour."""
    line = equation(rf"\text{{{name}}}:", Num(before), r"\to", Num(after), font_size=SMALL_SIZE)
    return line.set_color(color)
