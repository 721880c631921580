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
    matrix_label,
)
from nnviz_kit.framing import frame_region
from nnviz_kit.images import PixelImage
from nnviz_kit.labels import with_background
from nnviz_kit.params import Array, Choice, Number
from nnviz_kit.style import LABEL_SIZE, NEGATIVE, POSITIVE, SMALL_SIZE, TEXT, VECTOR

__all__ = ["CovariancePCA", "Eigendigits", "SeFaDirections"]

#: Colour of the principal axes (the eigenvectors of the covariance, scaled by √λ).
AXIS = "#FF862F"  # manim ORANGE
POINT = "#58C4DD"  # manim BLUE_C: data points


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
    ``python -m scenes render CovariancePCA --set 'dataset=elongated seed=3' --format png``
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
        p = self.params
        if p["dataset"] == "custom":
            pts = p["points"]
        else:
            pts = sampling.named_cloud(p["dataset"], p["n"], p["seed"])
        cov = eig.covariance(pts)
        r = eig.pca(pts, 2)
        coords = eig.pca_project(pts, r, k=1)
        projected = eig.pca_reconstruct(coords, r)
        sd = np.sqrt(r.variances)
        tips = [r.mean + sd[i] * r.components[i] for i in range(2)]
        self.record(
            points=pts,
            covariance=cov,
            mean=r.mean,
            eigenvalues=r.variances,
            eigenvectors=r.components,
            axis_tips=tips,
            variance_kept=r.variances[0],
            variance_lost=r.variances[1],
            explained_variance_ratio=r.explained_variance_ratio,
            projected_points=projected,
        )

        view = fit_view(
            np.vstack([pts, tips, 2 * np.array(tips) - r.mean]),
            region=frame_region(right=4.3, bottom=0.8, margin=0.4),
            include_origin=False,
            min_half_extent=0.5,
            max_unit=2.0,
        )
        self.record(pixels_per_unit=view.unit * config.pixel_width / config.frame_width)
        plane = TransformablePlane(view, extent=1.0, show_basis=False)
        dots = VGroup(*(Dot(view.to_scene(q), radius=0.045, color=POINT) for q in pts))
        mean_dot = Dot(view.to_scene(r.mean), radius=0.07, color=TEXT)
        sqrt_cov = r.components.T * sd  # columns √λᵢ·vᵢ: the circle's image is the 1-σ ellipse
        ellipse = circle_image(view, sqrt_cov, r.mean, color=VECTOR, stroke_width=3)
        axes = VGroup(
            *(
                Arrow(view.to_scene(r.mean), view.to_scene(t), buff=0, color=AXIS, stroke_width=5)
                for t in tips
            )
        )
        pc1 = line_through(view, r.mean, r.components[0])

        sigma = VGroup(
            MathTex(r"\Sigma =", font_size=LABEL_SIZE), matrix_label(cov, ("#FFFFFF",) * 2)
        )
        sigma.arrange(RIGHT)
        lams = VGroup(
            *(
                MathTex(
                    rf"\lambda_{i + 1} = {fmt(v)},\ \sqrt{{\lambda_{i + 1}}} = {fmt(s)}",
                    font_size=SMALL_SIZE + 2,
                )
                for i, (v, s) in enumerate(zip(r.variances, sd, strict=True))
            )
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        panel = VGroup(sigma, lams).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        panel = with_background(panel).to_corner(UR, buff=0.3)

        self.play(
            FadeIn(plane.background), Create(plane.grid), FadeIn(dots, lag_ratio=0.02), run_time=1.5
        )
        self.caption("A cloud of points: how does it spread?", duration=2)
        self.play(FadeIn(mean_dot), FadeIn(panel[0], panel[1][0]))
        self.caption(
            "Its covariance matrix Σ holds the spread along x, along y, and together.", duration=2.5
        )
        self.play(Create(ellipse), run_time=1.5)
        self.play(*(GrowArrow(a) for a in axes), FadeIn(panel[1][1]))
        self.caption(self.CAPTION + " Each axis is an eigenvector, scaled by √λ.", duration=3)
        self.wait(1)

        residuals = VGroup(
            *(
                Line(view.to_scene(a), view.to_scene(b), color=TEXT, stroke_width=1).set_stroke(
                    opacity=0.5
                )
                for a, b in zip(pts, projected, strict=True)
            )
        )
        self.play(Create(pc1), Create(residuals), run_time=1)
        self.caption("Project every point onto the first axis.", duration=2)
        self.play(
            *(d.animate.move_to(view.to_scene(q)) for d, q in zip(dots, projected, strict=True)),
            run_time=2,
        )
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
        chart.next_to(panel, DOWN, buff=0.5).align_to(panel, LEFT).shift(RIGHT * 0.4)
        backing = with_background(chart)[0]
        self.play(
            FadeIn(backing),
            *(GrowFromEdge(b, DOWN) for b in chart.bars),
            FadeIn(chart.names, chart.numbers),
        )
        words = f"Variance kept {fmt(r.variances[0])}, lost {fmt(r.variances[1])}: {fmt(100 * share[0], 0)}% kept."
        self.play(FadeIn(self.note(words)))
        self.caption(words, duration=3)

        tip_dots = VGroup(*(Dot(view.to_scene(t), radius=0.07, color=AXIS) for t in tips))
        self.play(FadeIn(tip_dots))
        self.bring_to_front(axes, tip_dots, mean_dot)  # the axes stay readable over the points
        self.anchor("mean", mean_dot)
        self.anchor("axis1_tip", tip_dots[0])
        self.anchor("axis2_tip", tip_dots[1])
        self.wait(2)


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
    ``python -m scenes render Eigendigits --set 'n_components=4 index=7' --format png``
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

    def construct(self) -> None:
        train, test = digits()
        labels = test.y
        n, idx = self.params["n_components"], self.params["index"]
        r = eig.pca(train.X, max(max(self.KS), n))
        x = test.X[idx]
        rebuilt = [eig.pca_reconstruct(eig.pca_project(x, r, k=k), r) for k in self.KS]
        errors = [float(np.linalg.norm(x - y)) for y in rebuilt]
        self.record(
            mean_digit=r.mean,
            components=r.components[:n],
            explained_variance_ratio=r.explained_variance_ratio[:n],
            digit=x,
            digit_label=int(labels[idx]),
            ks=list(self.KS),
            reconstructions=rebuilt,
            reconstruction_errors=errors,
        )

        size = min(1.25, (config.frame_width - 1.0) / (n + 1) - 0.3)
        title = Text("Mean digit and principal components", font_size=SMALL_SIZE + 2, color=TEXT)
        mean_img = PixelImage(r.mean.reshape(8, 8), size=size)
        comps = [PixelImage(c.reshape(8, 8), signed=True, size=size) for c in r.components[:n]]
        top = VGroup(mean_img, *comps).arrange(RIGHT, buff=0.3)
        top_names = VGroup(
            MathTex(r"\mu", font_size=SMALL_SIZE).next_to(mean_img, DOWN, buff=0.1),
            *(
                MathTex(rf"v_{{{i + 1}}}\ {fmt(100 * s, 1)}\%", font_size=SMALL_SIZE - 6).next_to(
                    c, DOWN, buff=0.1
                )
                for i, (c, s) in enumerate(zip(comps, r.explained_variance_ratio, strict=False))
            ),
        )
        upper = VGroup(title, VGroup(top, top_names)).arrange(DOWN, buff=0.25)

        size2 = 1.3
        original = PixelImage(x.reshape(8, 8), size=size2)
        recs = [PixelImage(y.reshape(8, 8), size=size2) for y in rebuilt]
        row = VGroup(original, *recs).arrange(RIGHT, buff=0.45)
        names = VGroup(
            Text(f"digit {labels[idx]}", font_size=SMALL_SIZE - 4, color=TEXT).next_to(
                original, UP, buff=0.12
            ),
            *(
                MathTex(rf"k = {k}", font_size=SMALL_SIZE).next_to(img, UP, buff=0.12)
                for k, img in zip(self.KS, recs, strict=True)
            ),
        )
        errs = VGroup(
            *(
                MathTex(rf"\text{{err}}\ {fmt(e)}", font_size=SMALL_SIZE - 4).next_to(
                    img, DOWN, buff=0.12
                )
                for e, img in zip(errors, recs, strict=True)
            )
        )
        lower = VGroup(names, row, errs)
        VGroup(upper, lower).arrange(DOWN, buff=0.8).move_to(ORIGIN)

        self.play(FadeIn(title), FadeIn(mean_img), FadeIn(top_names[0]))
        self.caption("The mean of 1797 handwritten digits.", duration=2)
        self.play(*(FadeIn(c) for c in comps), FadeIn(top_names[1:]), run_time=1.5)
        self.caption("Principal components: blue adds ink, red removes it.", duration=2.5)
        self.wait(1)
        self.play(FadeIn(original), FadeIn(names[0]))
        self.caption(self.CAPTION, duration=2.5)
        for i in range(len(self.KS)):
            self.play(FadeIn(recs[i]), FadeIn(names[i + 1]), FadeIn(errs[i]), run_time=0.8)
        words = f"Error falls from {fmt(errors[0])} with 1 component to {fmt(errors[-1])} with 20 of 64."
        self.caption(words, duration=3)
        self.anchor("mean_digit", mean_img)
        self.anchor("digit", original)
        for k, img in zip(self.KS, recs, strict=True):
            self.anchor(f"rebuilt_k{k}", img)
        for i, c in enumerate(comps):
            self.anchor(f"component_{i + 1}", c)
        self.record(
            image_size_px=size * config.pixel_width / config.frame_width,
            rebuilt_size_px=size2 * config.pixel_width / config.frame_width,
        )
        self.wait(2)


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
    ``python -m scenes render SeFaDirections --set 'seed=4' --format png``
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
        p = self.params
        w = p["weight"] if p["layer"] == "custom" else sampling.random_layer(8, 5, p["seed"])
        r = eig.sefa(w)
        rand = sampling.random_direction(w.shape[1], p["seed"])
        norms = eig.sefa_step_norms(w, np.vstack([r.directions, rand]))
        unit_rows = w / np.linalg.norm(w, axis=1, keepdims=True)  # display only: SeFa's Â
        self.record(
            weight=w,
            directions=r.directions,
            eigenvalues=r.eigenvalues,
            random_direction=rand,
            step_norms=norms[:-1],
            random_step_norm=norms[-1],
        )
        n_in = w.shape[1]

        heat = PixelImage(unit_rows, signed=True, size=0.42 * n_in)
        heat_title = MathTex(rf"A\ ({w.shape[0]}\times{n_in})", font_size=LABEL_SIZE)
        left = VGroup(heat_title, heat).arrange(DOWN, buff=0.25)
        dirs = PixelImage(np.vstack([r.directions, rand]), signed=True, size=0.42 * n_in)
        row_names = VGroup(
            *(
                MathTex(rf"n_{{{i + 1}}}", font_size=SMALL_SIZE).next_to(
                    dirs.pixel(i, 0), LEFT, buff=0.2
                )
                for i in range(n_in)
            ),
            Text("rand", font_size=SMALL_SIZE - 6, color=TEXT).next_to(
                dirs.pixel(n_in, 0), LEFT, buff=0.2
            ),
        )
        dirs_title = MathTex(r"\text{eigenvectors of } A^TA", font_size=LABEL_SIZE - 4)
        middle = VGroup(dirs_title, VGroup(dirs, row_names)).arrange(DOWN, buff=0.25)
        labels = [f"n_{{{i + 1}}}" for i in range(n_in)] + [r"\text{rand}"]
        colors = [POSITIVE] * n_in + [VECTOR]
        chart = BarChart(norms, labels, height=3.0, bar_width=0.42, gap=0.2, colors=colors)
        chart_title = MathTex(r"\|A\,n\|\ \text{per unit step}", font_size=LABEL_SIZE - 4)
        right = VGroup(chart_title, chart).arrange(DOWN, buff=0.35)
        everything = VGroup(left, middle, right).arrange(RIGHT, buff=0.8, aligned_edge=UP)
        if everything.height > config.frame_height - 1.6:  # a tall custom weight
            everything.scale_to_fit_height(config.frame_height - 1.6)
        everything.move_to(UP * 0.4)

        self.play(FadeIn(left))
        self.caption(
            "A first-layer weight A: each row is one output unit (rows scaled to length 1).",
            duration=3,
        )
        self.play(FadeIn(middle))
        self.caption("SeFa: the eigenvectors of AᵀA, by eigenvalue.", duration=2.5)
        self.play(
            *(GrowFromEdge(b, DOWN) for b in chart.bars),
            FadeIn(chart_title, chart.names),
            run_time=1.5,
        )
        self.play(FadeIn(chart.numbers))
        self.caption(self.CAPTION, duration=3)
        words = (
            f"One unit step along n₁ moves the output by {fmt(norms[0])}; "
            f"along a random direction by {fmt(norms[-1])}."
        )
        self.play(FadeIn(self.note(words)))
        self.caption(words, duration=3)
        for i, bar in enumerate(chart.bars):
            self.anchor(f"bar_{i}_top", bar.get_top)
        self.anchor("bar_random_top", chart.bars[-1].get_top)
        self.record(bar_heights=[b.height for b in chart.bars])
        self.wait(2)
