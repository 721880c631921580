"""Lecture 3: eigenvectors of data. The covariance's eigenvectors are the principal axes (PCA),
principal components of digits rebuild them (Eigenfaces), and the eigenvectors of AᵀA are the
directions a layer responds to most (SeFa).

Every number comes from :mod:`nnviz.eigen` and :mod:`nnviz.sampling`; the scenes place them.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    UR,
    Arrow,
    Create,
    Dot,
    FadeIn,
    GrowArrow,
    GrowFromEdge,
    Line,
    MathTex,
    Text,
    VGroup,
    config,
)

from nnviz import eigen as eig
from nnviz import sampling
from nnviz.data import digits
from nnviz_kit import (
    BarChart,
    NNVizScene,
    TransformablePlane,
    circle_image,
    fit_view,
    fmt,
    line_through,
    named_matrix,
    panel,
)
from nnviz_kit.equations import Num, equation
from nnviz_kit.framing import frame_region
from nnviz_kit.images import PixelImage
from nnviz_kit.labels import tex_number, with_background
from nnviz_kit.params import Array, Choice, Number
from nnviz_kit.style import (
    AXIS,
    DATA_POINT,
    LABEL_SIZE,
    NEGATIVE,
    POSITIVE,
    SMALL_SIZE,
    TEXT,
    VECTOR,
)

__all__ = ["CovariancePCA", "Eigendigits", "SeFaDirections"]

#: Scene units kept free on the right for CovariancePCA's panel and chart.
RIGHT_STRIP = 4.3


def _at_least_three_points(points: np.ndarray) -> None:
    if points.shape[0] < 3:
        raise ValueError(f"need at least 3 points, got {points.shape[0]}")
    if np.allclose(points, points[0]):
        raise ValueError("the points are all the same: there is no spread to analyse")


class CovariancePCA(NNVizScene):
    """A 2-D cloud, its covariance Σ, the covariance ellipse and the principal axes √λ·v.

    Then every point is projected onto the first principal axis: its variance λ₁ is kept,
    λ₂ is lost, and bars show both as shares of the total.

    Parameters
    ----------
    dataset : correlated (default), elongated, round, or custom (uses ``points``)
    points : n×2 points for dataset=custom (at least 3)
    n : how many points to draw for a named dataset (10 to 300), default 80
    seed : random seed for a named dataset, default 0

    Example
    -------
    ``nnviz render CovariancePCA --set 'dataset=elongated seed=3' --format png``
    """

    TITLE = "Covariance and principal axes"
    CAPTION = "The covariance's eigenvectors are the directions of greatest and least spread."
    PARAMS = (
        Choice(
            "dataset",
            default="correlated",
            choices=(*sampling.CLOUDS, "custom"),
            help="a named Gaussian cloud, or custom points",
        ),
        Array(
            "points",
            (None, 2),
            default=[[-2, -1], [-1, -1.2], [0, 0.3], [1, 0.4], [2, 1.6], [0.5, -0.5]],
            max_abs=50,
            check=_at_least_three_points,
            help="the points when dataset=custom",
            only_when=("dataset", "custom"),
        ),
        Number(
            "n", default=80, minimum=10, maximum=300, integer=True, help="number of points",
            only_when=("dataset", sampling.CLOUDS),
        ),
        Number(
            "seed", default=0, minimum=0, maximum=2**31 - 1, integer=True, help="random seed",
            only_when=("dataset", sampling.CLOUDS),
        ),
    )  # fmt: skip

    def construct(self) -> None:
        self.work_out()
        self.show_cloud()
        self.show_covariance()
        self.draw_principal_axes()
        self.project_onto_the_first_axis()
        self.show_variance_kept()
        self.mark_the_axis_tips()
        self.wait(2)

    def work_out(self) -> None:
        """Covariance, principal axes (√λ·v from the mean) and the projections onto axis 1."""
        p = self.params
        custom = p["dataset"] == "custom"
        self.pts = pts = (
            p["points"] if custom else sampling.named_cloud(p["dataset"], p["n"], p["seed"])
        )
        self.cov = eig.covariance(pts)
        self.r = r = eig.pca(pts, 2)
        self.projected = eig.pca_reconstruct(eig.pca_project(pts, r, k=1), r)
        self.sd = np.sqrt(r.variances)
        self.tips = [r.mean + self.sd[i] * r.components[i] for i in range(2)]
        self.record(
            points=pts,
            covariance=self.cov,
            mean=r.mean,
            eigenvalues=r.variances,
            eigenvectors=r.components,
            axis_tips=self.tips,
            variance_kept=r.variances[0],
            variance_lost=r.variances[1],
            explained_variance_ratio=r.explained_variance_ratio,
            projected_points=self.projected,
        )
        self.view = fit_view(
            np.vstack([pts, self.tips, 2 * np.array(self.tips) - r.mean]),
            region=frame_region(right=RIGHT_STRIP, bottom=0.8, margin=0.4),
            include_origin=False,
            min_half_extent=0.5,
            max_unit=2.0,
        )
        self.record(pixels_per_unit=self.view.unit * config.pixel_width / config.frame_width)

    def show_cloud(self) -> None:
        self.plane = TransformablePlane(self.view, extent=1.0, show_basis=False)
        self.dots = VGroup(
            *(Dot(self.view.to_scene(q), radius=0.045, color=DATA_POINT) for q in self.pts)
        )
        self.play(*self.plane.draw(), FadeIn(self.dots, lag_ratio=0.02), run_time=1.5)
        self.caption("A cloud of points: how does it spread?", duration=2)

    def show_covariance(self) -> None:
        """The mean, and Σ in a panel top right (the λ lines come with the axes)."""
        self.mean_dot = Dot(self.view.to_scene(self.r.mean), radius=0.07, color=TEXT)
        sigma = named_matrix(r"\Sigma =", self.cov, compact=False, column_colors=(TEXT, TEXT))
        lams = VGroup(
            *(
                equation(rf"\lambda_{i + 1} =", Num(v), rf",\ \sqrt{{\lambda_{i + 1}}} =", Num(s),
                          font_size=SMALL_SIZE + 2)
                for i, (v, s) in enumerate(zip(self.r.variances, self.sd, strict=True))
            )
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.2)  # fmt: skip
        self.box = panel(sigma, lams, corner=UR, spacing=0.3)
        self.play(FadeIn(self.mean_dot), FadeIn(self.box[0], self.box[1][0]))
        self.caption(
            "Its covariance matrix Σ holds the spread along x, along y, and together.", duration=2.5
        )

    def draw_principal_axes(self) -> None:
        """The 1-σ ellipse, then the axes √λᵢ·vᵢ from the mean."""
        view, r = self.view, self.r
        sqrt_cov = r.components.T * self.sd  # columns √λᵢ·vᵢ: the circle's image is the ellipse
        ellipse = circle_image(view, sqrt_cov, r.mean, color=VECTOR, stroke_width=3)
        start = view.to_scene(r.mean)
        self.axes = VGroup(
            *(Arrow(start, view.to_scene(t), buff=0, color=AXIS, stroke_width=5) for t in self.tips)
        )
        self.play(Create(ellipse), run_time=1.5)
        self.play(*(GrowArrow(a) for a in self.axes), FadeIn(self.box[1][1]))
        self.caption(self.CAPTION + " Each axis is an eigenvector, scaled by √λ.", duration=3)
        self.wait(1)

    def project_onto_the_first_axis(self) -> None:
        """Each point drops onto axis 1 along a faint residual line."""
        view = self.view
        pc1 = line_through(view, self.r.mean, self.r.components[0])
        residuals = VGroup(
            *(
                Line(view.to_scene(a), view.to_scene(b), color=TEXT, stroke_width=1).set_stroke(opacity=0.5)
                for a, b in zip(self.pts, self.projected, strict=True)
            )
        )  # fmt: skip
        self.play(Create(pc1), Create(residuals), run_time=1)
        self.caption("Project every point onto the first axis.", duration=2)
        moves = (
            d.animate.move_to(view.to_scene(q))
            for d, q in zip(self.dots, self.projected, strict=True)
        )
        self.play(*moves, run_time=2)  # fmt: skip

    def show_variance_kept(self) -> None:
        """Bars of the variance kept (λ₁) and lost (λ₂), as shares of the total."""
        r = self.r
        share = r.explained_variance_ratio
        chart = BarChart(
            [share[0] * 100, (1 - share[0]) * 100],
            [r"\text{kept}", r"\text{lost}"],
            height=1.6,
            bar_width=0.7,
            gap=0.6,
            colors=[POSITIVE, NEGATIVE],
            digits=0,
            suffix=r"\%",
            peak=100,
        )
        chart.next_to(self.box, DOWN, buff=0.5).align_to(self.box, LEFT).shift(RIGHT * 0.4)
        self.play(
            FadeIn(with_background(chart)[0]),
            *(GrowFromEdge(b, DOWN) for b in chart.bars),
            FadeIn(chart.names, chart.numbers),
        )
        words = f"Variance kept {fmt(r.variances[0])}, lost {fmt(r.variances[1])}: {fmt(100 * share[0], 0)}% kept."
        self.play(FadeIn(self.note(words)))
        self.caption(words, duration=3)

    def mark_the_axis_tips(self) -> None:
        tip_dots = VGroup(*(Dot(self.view.to_scene(t), radius=0.07, color=AXIS) for t in self.tips))
        self.play(FadeIn(tip_dots))
        self.bring_to_front(self.axes, tip_dots, self.mean_dot)  # axes readable over the points
        self.anchor("mean", self.mean_dot)
        self.anchor("axis1_tip", tip_dots[0])
        self.anchor("axis2_tip", tip_dots[1])


class Eigendigits(NNVizScene):
    """The Eigenfaces idea on 8×8 digits: the mean digit, the top principal components, and one
    digit rebuilt from k = 1, 2, 5, 10, 20 components with the error of each.

    Parameters
    ----------
    n_components : how many components to show (1 to 8), default 6
    index : which test-set digit to rebuild (0 to 359), default 0; the components are fitted on
        the 1437 training digits, so the rebuilt digit is one the PCA never saw

    Example
    -------
    ``nnviz render Eigendigits --set 'n_components=4 index=7' --format png``
    """

    TITLE = "Eigendigits"
    CAPTION = "Every digit is the mean digit plus a few principal components."
    KS = (1, 2, 5, 10, 20)
    PARAMS = (
        Number(
            "n_components", default=6, minimum=1, maximum=8, integer=True, help="components shown"
        ),
        Number(
            "index", default=0, minimum=0, maximum=359, integer=True, help="test digit to rebuild"
        ),
    )

    #: Width of each rebuilt digit (scene units).
    REBUILT_SIZE = 1.3

    def construct(self) -> None:
        self.work_out()
        self.lay_out()
        self.show_mean_and_components()
        self.rebuild_the_digit()
        self.wait(2)

    def work_out(self) -> None:
        """PCA of the training digits; one test digit rebuilt from k components, k in KS."""
        train, test = digits()
        n, idx = self.params["n_components"], self.params["index"]
        self.r = r = eig.pca(train.X, max(max(self.KS), n))
        self.x = x = test.X[idx]
        self.digit_label = int(test.y[idx])
        self.rebuilt = [eig.pca_reconstruct(eig.pca_project(x, r, k=k), r) for k in self.KS]
        self.errors = [float(np.linalg.norm(x - y)) for y in self.rebuilt]
        self.record(
            mean_digit=r.mean,
            components=r.components[:n],
            explained_variance_ratio=r.explained_variance_ratio[:n],
            digit=x,
            digit_label=self.digit_label,
            ks=list(self.KS),
            reconstructions=self.rebuilt,
            reconstruction_errors=self.errors,
        )

    def lay_out(self) -> None:
        """The mean and components above, the digit and its rebuilds below, centred."""
        n = self.params["n_components"]
        self.size = min(1.25, (config.frame_width - 1.0) / (n + 1) - 0.3)
        upper, lower = self.component_row(), self.rebuild_row()
        VGroup(upper, lower).arrange(DOWN, buff=0.8).move_to(ORIGIN)

    def component_row(self) -> VGroup:
        """Title, then μ, v₁, v₂, … with their shares of the variance."""
        r, size = self.r, self.size
        self.title = Text(
            "Mean digit and principal components", font_size=SMALL_SIZE + 2, color=TEXT
        )
        self.mean_img = PixelImage(r.mean.reshape(8, 8), size=size)
        n = self.params["n_components"]
        self.comps = [PixelImage(c.reshape(8, 8), signed=True, size=size) for c in r.components[:n]]
        top = VGroup(self.mean_img, *self.comps).arrange(RIGHT, buff=0.3)
        shares = zip(self.comps, r.explained_variance_ratio, strict=False)
        self.top_names = VGroup(
            MathTex(r"\mu", font_size=SMALL_SIZE).next_to(self.mean_img, DOWN, buff=0.1),
            *(
                equation(rf"v_{{{i + 1}}}\ ", Num(100 * s, 1), r"\%", font_size=SMALL_SIZE - 6).next_to(c, DOWN, buff=0.1)
                for i, (c, s) in enumerate(shares)
            ),
        )  # fmt: skip
        return VGroup(self.title, VGroup(top, self.top_names)).arrange(DOWN, buff=0.25)

    def rebuild_row(self) -> VGroup:
        """The digit, then its rebuilds: k above each, the error below."""
        size2 = self.REBUILT_SIZE
        self.original = PixelImage(self.x.reshape(8, 8), size=size2)
        self.recs = [PixelImage(y.reshape(8, 8), size=size2) for y in self.rebuilt]
        row = VGroup(self.original, *self.recs).arrange(RIGHT, buff=0.45)
        self.names = VGroup(
            Text(f"digit {self.digit_label}", font_size=SMALL_SIZE - 4, color=TEXT).next_to(self.original, UP, buff=0.12),
            *(
                MathTex(rf"k = {k}", font_size=SMALL_SIZE).next_to(img, UP, buff=0.12)
                for k, img in zip(self.KS, self.recs, strict=True)
            ),
        )  # fmt: skip
        self.errs = VGroup(
            *(
                tex_number(r"\text{err}\ ", e, font_size=SMALL_SIZE - 4).next_to(img, DOWN, buff=0.12)
                for e, img in zip(self.errors, self.recs, strict=True)
            )
        )  # fmt: skip
        return VGroup(self.names, row, self.errs)

    def show_mean_and_components(self) -> None:
        self.play(FadeIn(self.title), FadeIn(self.mean_img), FadeIn(self.top_names[0]))
        self.caption("The mean of 1797 handwritten digits.", duration=2)
        self.play(*(FadeIn(c) for c in self.comps), FadeIn(self.top_names[1:]), run_time=1.5)
        self.caption("Principal components: blue adds ink, red removes it.", duration=2.5)
        self.wait(1)

    def rebuild_the_digit(self) -> None:
        """The digit, then its rebuilds from more and more components, with their errors."""
        self.play(FadeIn(self.original), FadeIn(self.names[0]))
        self.caption(self.CAPTION, duration=2.5)
        for i in range(len(self.KS)):
            self.play(
                FadeIn(self.recs[i]), FadeIn(self.names[i + 1]), FadeIn(self.errs[i]), run_time=0.8
            )
        errors = self.errors
        words = f"Error falls from {fmt(errors[0])} with 1 component to {fmt(errors[-1])} with 20 of 64."
        self.caption(words, duration=3)
        self.anchor("mean_digit", self.mean_img)
        self.anchor("digit", self.original)
        for k, img in zip(self.KS, self.recs, strict=True):
            self.anchor(f"rebuilt_k{k}", img)
        for i, c in enumerate(self.comps):
            self.anchor(f"component_{i + 1}", c)
        self.record(
            image_size_px=self.size * config.pixel_width / config.frame_width,
            rebuilt_size_px=self.REBUILT_SIZE * config.pixel_width / config.frame_width,
        )


def _weight_shape_ok(w: np.ndarray) -> None:
    if w.shape[1] > 8 or w.shape[0] > 12:
        raise ValueError(
            f"weight may be at most 12×8 to fit on screen, got {w.shape[0]}×{w.shape[1]}"
        )
    if np.any(np.all(w == 0, axis=1)):
        raise ValueError("every row of weight must have a non-zero entry")


class SeFaDirections(NNVizScene):
    """SeFa: the directions a first layer A responds to most are the eigenvectors of AᵀA.

    The weight (rows scaled to unit length, as SeFa does) is shown as a heat map, then its
    SeFa directions n₁, n₂, …, and bars of ‖A·n‖: how far one unit step along each direction
    moves the layer's output. The top direction moves it most; a random direction lies between.

    Parameters
    ----------
    layer : random (default; a seeded 8×5 Gaussian layer) or custom (uses ``weight``)
    weight : out×in weight for layer=custom (in at most 8, out at most 12)
    seed : seed of the random layer and of the random comparison direction, default 1

    Example
    -------
    ``nnviz render SeFaDirections --set 'seed=4' --format png``
    """

    TITLE = "SeFa: directions that matter"
    CAPTION = (
        "The eigenvectors of AᵀA are the input directions the layer's output moves along most."
    )
    PARAMS = (
        Choice(
            "layer", default="random", choices=("random", "custom"), help="random or custom weight"
        ),
        Array(
            "weight",
            (None, None),
            default=[[1, 0, 0.5], [0, 2, -1], [1, 1, 0], [0.5, -1, 2]],
            max_abs=100,
            check=_weight_shape_ok,
            help="the first-layer weight (out, in) when layer=custom",
            only_when=("layer", "custom"),
        ),
        Number("seed", default=1, minimum=0, maximum=2**31 - 1, integer=True, help="random seed"),
    )

    def construct(self) -> None:
        self.work_out()
        self.lay_out()
        self.show_weight()
        self.show_directions()
        self.show_step_norms()
        self.give_verdict()
        self.wait(2)

    def work_out(self) -> None:
        """SeFa's directions and how far a unit step along each (and a random one) moves A·n."""
        p = self.params
        self.w = w = (
            p["weight"] if p["layer"] == "custom" else sampling.random_layer(8, 5, p["seed"])
        )
        self.r = r = eig.sefa(w)
        self.rand = rand = sampling.random_direction(w.shape[1], p["seed"])
        self.norms = eig.sefa_step_norms(w, np.vstack([r.directions, rand]))
        self.record(
            weight=w,
            directions=r.directions,
            eigenvalues=r.eigenvalues,
            random_direction=rand,
            step_norms=self.norms[:-1],
            random_step_norm=self.norms[-1],
        )

    def lay_out(self) -> None:
        """Weight, directions and bars side by side, shrunk to fit a tall custom weight."""
        self.left, self.middle, self.right = self.weight_map(), self.direction_map(), self.bars()
        everything = VGroup(self.left, self.middle, self.right)
        everything.arrange(RIGHT, buff=0.8, aligned_edge=UP)
        if everything.height > config.frame_height - 1.6:  # a tall custom weight
            everything.scale_to_fit_height(config.frame_height - 1.6)
        everything.move_to(UP * 0.4)

    def weight_map(self) -> VGroup:
        """SeFa's Â (rows scaled to unit length, display only) as a signed heat map."""
        w = self.w
        unit_rows = w / np.linalg.norm(w, axis=1, keepdims=True)
        heat = PixelImage(unit_rows, signed=True, size=0.42 * w.shape[1])
        title = equation(r"A\ (", Num(w.shape[0]), r"\times", Num(w.shape[1]), ")")
        return VGroup(title, heat).arrange(DOWN, buff=0.25)

    def direction_map(self) -> VGroup:
        """n₁, n₂, … and the random direction, one row each."""
        n_in = self.w.shape[1]
        dirs = PixelImage(np.vstack([self.r.directions, self.rand]), signed=True, size=0.42 * n_in)
        row_names = VGroup(
            *(
                MathTex(rf"n_{{{i + 1}}}", font_size=SMALL_SIZE).next_to(dirs.pixel(i, 0), LEFT, buff=0.2)
                for i in range(n_in)
            ),
            Text("rand", font_size=SMALL_SIZE - 6, color=TEXT).next_to(dirs.pixel(n_in, 0), LEFT, buff=0.2),
        )  # fmt: skip
        title = MathTex(r"\text{eigenvectors of } A^TA", font_size=LABEL_SIZE - 4)
        return VGroup(title, VGroup(dirs, row_names)).arrange(DOWN, buff=0.25)

    def bars(self) -> VGroup:
        """‖A·n‖ per direction: blue for SeFa's, yellow for the random one."""
        n_in = self.w.shape[1]
        labels = [f"n_{{{i + 1}}}" for i in range(n_in)] + [r"\text{rand}"]
        colors = [POSITIVE] * n_in + [VECTOR]
        self.chart = BarChart(
            self.norms, labels, height=3.0, bar_width=0.42, gap=0.2, colors=colors
        )
        self.chart_title = MathTex(r"\|A\,n\|\ \text{per unit step}", font_size=LABEL_SIZE - 4)
        return VGroup(self.chart_title, self.chart).arrange(DOWN, buff=0.35)

    def show_weight(self) -> None:
        self.play(FadeIn(self.left))
        self.caption(
            "A first-layer weight A: each row is one output unit (rows scaled to length 1).",
            duration=3,
        )

    def show_directions(self) -> None:
        self.play(FadeIn(self.middle))
        self.caption("SeFa: the eigenvectors of AᵀA, by eigenvalue.", duration=2.5)

    def show_step_norms(self) -> None:
        chart = self.chart
        self.play(
            *(GrowFromEdge(b, DOWN) for b in chart.bars),
            FadeIn(self.chart_title, chart.names),
            run_time=1.5,
        )
        self.play(FadeIn(chart.numbers))
        self.caption(self.CAPTION, duration=3)

    def give_verdict(self) -> None:
        norms = self.norms
        words = (
            f"One unit step along n₁ moves the output by {fmt(norms[0])}; "
            f"along a random direction by {fmt(norms[-1])}."
        )
        self.play(FadeIn(self.note(words)))
        self.caption(words, duration=3)
        for i, bar in enumerate(self.chart.bars):
            self.anchor(f"bar_{i}_top", bar.get_top)
        self.anchor("bar_random_top", self.chart.bars[-1].get_top)
        self.record(bar_heights=[b.height for b in self.chart.bars])
