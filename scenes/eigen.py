"""Lecture 3, "Eigenvectors find what matters": eigenvectors stay on their span; in their basis a
matrix is diagonal, and repeating it lines points up with the dominant one.

Every number comes from :mod:`nnviz.eigen` and :mod:`nnviz.linalg`; the scenes place and animate.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    UL,
    UP,
    Create,
    Dot,
    FadeIn,
    FadeOut,
    GrowArrow,
    MathTex,
    Text,
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
    line_extent,
    named_matrix,
    panel,
    place_label,
    span_line,
)
from nnviz_kit.equations import Num, equation
from nnviz_kit.framing import View, frame_region
from nnviz_kit.labels import tex_number, with_background
from nnviz_kit.panels import fit_width
from nnviz_kit.params import Array
from nnviz_kit.style import LABEL_SIZE, OFF_SPAN, SMALL_SIZE, SPAN, TEXT, VECTOR

__all__ = ["EigenSpan", "EigenBasis"]

#: Scene units kept free on the left for the matrix panel.
PANEL_WIDTH = 3.6
#: Length (math units) of the vectors drawn before the map acts.
SHOWN_LENGTH = 2.0


def _line_angles(directions: list[np.ndarray]) -> list[float]:
    return [float(np.arctan2(d[1], d[0]) % np.pi) for d in directions]


def spread_directions(taken: list[np.ndarray], count: int) -> list[np.ndarray]:
    """``count`` unit directions, each as far (in angle) from the lines already shown as can be.

    Candidates are 10°, 25°, 40°, ...; placement only, no mathematics of the matrix.
    """
    angles = _line_angles(taken)
    out = []
    candidates = np.radians(np.arange(10.0, 180.0, 15.0))
    for _ in range(count):

        def gap(a: float) -> float:
            return min((min(abs(a - b), np.pi - abs(a - b)) for b in angles), default=np.pi)

        best = max(candidates, key=gap)
        angles.append(float(best))
        out.append(np.array([np.cos(best), np.sin(best)]))
    return out


def lambda_label(value: complex) -> VGroup:
    """λ = a ± bi for a complex pair, its numbers as glyphs."""
    return equation(r"\lambda =", Num(value.real), r"\pm", Num(abs(value.imag)), "i")


def free_point_on_line(view: View, direction: np.ndarray, busy: tuple[float, float]) -> np.ndarray:
    """A math point on the line t·direction (unit), inside the region, away from ``busy``.

    ``busy`` is the t-range covered by arrows and labels; the point sits in the middle of the
    longer free stretch of the line, so a picture test sees only the line's colour there.
    """
    lo, hi = line_extent(view, direction)
    stretches = [(lo, min(busy[0], 0.0)), (max(busy[1], 0.0), hi)]
    a, b = max(stretches, key=lambda s: s[1] - s[0])
    return (a + b) / 2 * direction


def shown_directions(e: eig.Eigen) -> tuple[list, list, list[float]]:
    """(eigen directions, other directions, their λ) to draw for each eigen kind.

    A repeated λ makes every vector an eigenvector (three spread ones are shown); a complex
    pair has none; a defective matrix has one eigen-line.
    """
    if e.kind == "repeated":
        return spread_directions([], 3), [], [float(e.values[0])] * 3
    if e.kind == "complex":
        return [], spread_directions([], 3), []
    eigen_dirs = [e.vectors[:, j] for j in range(e.vectors.shape[1])]
    others = spread_directions(eigen_dirs, 2)
    lambdas = [float(v) for v in e.values[: len(eigen_dirs)]]
    if e.kind == "defective":
        lambdas = [float(e.values[0])]
    return eigen_dirs, others, lambdas


def eigen_panel(m: np.ndarray, e: eig.Eigen) -> VGroup:
    """A = [..], its eigenvalues and their kind, top left."""
    if e.kind == "complex":
        lams = [lambda_label(complex(e.values[0]))]
    else:
        lams = [tex_number(rf"\lambda_{i + 1} =", v) for i, v in enumerate(e.values)]
    kind = Text(f"kind: {e.kind}", font_size=SMALL_SIZE, color=TEXT)
    a = named_matrix("A =", m, compact=False)
    return panel(a, *lams, kind, width=PANEL_WIDTH, spacing=0.25)


class EigenSpan(NNVizScene):
    """Vectors and their spans; the matrix acts; eigenvectors stay on their span, scaled by λ.

    Other vectors are knocked off their (dashed) span. Every eigen kind is shown: distinct real
    eigenvalues (a negative λ flips its vector), a repeated λ with every vector an eigenvector,
    a shear with a single eigen-line, and a rotation with no real eigenvector at all.

    Parameters
    ----------
    matrix : 2×2, default [[3, 1], [0, 2]] (eigenvalues 3 and 2)

    Example
    -------
    ``nnviz render EigenSpan --set 'matrix=[[1,1],[0,1]]' --format png``
    """

    TITLE = "Eigenvectors stay on their span"
    CAPTION = "Most vectors are knocked off their span; eigenvectors stay on it, scaled by λ."
    PARAMS = (Array("matrix", (2, 2), default=[[3, 1], [0, 2]], max_abs=10, help="the linear map"),)

    def construct(self) -> None:
        self.work_out()
        self.show_spans()
        self.apply_matrix()
        self.label_eigenvalues()
        self.give_verdict()
        self.wait(2)

    def work_out(self) -> None:
        """Which vectors to show (eigenvectors first, then others), their images and the view."""
        m = self.params["matrix"]
        self.e = e = eig.eigen(m)
        self.eigen_dirs, self.others, self.lambdas = shown_directions(e)
        self.shown = [SHOWN_LENGTH * d for d in self.eigen_dirs + self.others]
        self.images = [linalg.apply(m, v) for v in self.shown]
        is_eigen = [True] * len(self.eigen_dirs) + [False] * len(self.others)
        self.record(
            eigen_kind=e.kind,
            eigenvalues=e.values,
            eigenvectors=e.vectors.T if e.kind != "complex" else [],
            shown_vectors=self.shown,
            shown_images=self.images,
            shown_is_eigenvector=is_eigen,
            shown_lambdas=self.lambdas,
        )
        self.view = fit_view(
            np.vstack(self.shown + self.images),
            region=frame_region(left=PANEL_WIDTH, bottom=0.8, margin=0.45),
        )
        self.record(pixels_per_unit=self.view.unit * config.pixel_width / config.frame_width)

    def show_spans(self) -> None:
        """Each vector and the line it spans: solid for eigenvectors, dashed for the others."""
        view = self.view
        self.plane = TransformablePlane(view, extent=3.0, show_basis=False)
        self.spans = VGroup(
            *(span_line(view, d) for d in self.eigen_dirs),
            *(span_line(view, d, color=OFF_SPAN, stroke_width=3, dashed=True) for d in self.others),
        )
        colors = [VECTOR] * len(self.eigen_dirs) + [OFF_SPAN] * len(self.others)
        self.arrows = [self.plane.add_vector(v, c) for v, c in zip(self.shown, colors, strict=True)]
        self.remove(*self.arrows)
        self.box = eigen_panel(self.params["matrix"], self.e)
        self.play(*self.plane.draw(), FadeIn(self.box), run_time=1.5)
        self.caption("Each vector spans a line through the origin.", duration=2)
        self.play(Create(self.spans), *(GrowArrow(a) for a in self.arrows), run_time=1.5)
        self.wait(0.5)

    def apply_matrix(self) -> None:
        self.caption(self.CAPTION, duration=3)
        # Faint copies where each vector started, under the span lines and the arrows.
        self.add(VGroup(*(a.copy().set_opacity(0.3) for a in self.arrows)))
        self.bring_to_front(self.spans, *self.arrows)
        self.play(*self.plane.transform(self.params["matrix"]), run_time=3)

    def label_eigenvalues(self) -> None:
        """λ beside each eigenvector's new tip, off its line ("flipped" when λ < 0)."""
        labels = []
        avoid = [self.box]
        for i, lam in enumerate(self.lambdas):
            if self.e.kind == "repeated" and i > 0:
                break  # one label says it for all: every vector has the same λ
            flipped = [r"\ \text{(flipped)}"] if lam < 0 else []
            label = equation(r"\lambda =", Num(lam), *flipped).set_color(VECTOR)
            tip = self.view.to_scene(self.images[i])
            d = self.eigen_dirs[i]
            perp = np.array([-d[1], d[0]])
            place_label(label, tip, [perp, -perp, np.sign(lam or 1) * d, UP, DOWN], avoid, buff=0.3)
            labels.append(with_background(label))
            avoid.append(label)
        if labels:
            self.play(*(FadeIn(lab) for lab in labels))

    def give_verdict(self) -> None:
        verdict = self.verdict(self.e.kind, self.e.values, self.lambdas)
        self.play(FadeIn(self.note(verdict)))
        self.caption(verdict, duration=3)
        view = self.view
        self.anchor("origin", view.origin_point)
        for i, d in enumerate(self.eigen_dirs):
            stretch = self.lambdas[i] * SHOWN_LENGTH
            busy = (min(0.0, stretch), max(0.0, stretch))
            self.anchor(f"eigenline_{i}", view.to_scene(free_point_on_line(view, d, busy)))
        for i, arrow in enumerate(self.arrows):
            self.anchor(f"vector_{i}_tip", arrow.get_end)

    @staticmethod
    def verdict(kind: str, values: np.ndarray, lambdas: list[float]) -> str:
        """One plain sentence saying what the viewer just saw."""
        if kind == "complex":
            return "No real eigenvectors: every vector turns off its span."
        if kind == "repeated":
            return f"λ = {fmt(lambdas[0])} twice: every vector is an eigenvector."
        if kind == "defective":
            return (
                f"λ = {fmt(lambdas[0])} twice but only one eigen-line: the others are sheared off."
            )
        if any(lam < 0 for lam in lambdas):
            return "Eigenvectors stay on their line; a negative λ flips the direction."
        return "Eigenvectors stay on their span, scaled by λ; the others are knocked off."


class EigenBasis(NNVizScene):
    """In the eigenbasis the map is diagonal, P⁻¹AP = diag(λ); repeating A lines points up.

    First the grid changes to the eigenbasis (the columns of P), then A acts and each
    eigen-line just stretches by its λ. Then a ring of points is hit by A again and again
    (rescaled to length 1 each time): they slide toward the dominant eigenvector. A matrix
    that cannot be diagonalised over the reals gets a message instead of the first part.

    Parameters
    ----------
    matrix : 2×2, default [[2, 1], [1, 2]] (eigenvalues 3 and 1)

    Example
    -------
    ``nnviz render EigenBasis --set 'matrix=[[1,2],[2,-2]]' --format png``
    """

    TITLE = "The eigenbasis makes a matrix diagonal"
    CAPTION = "In the basis of its eigenvectors, A only stretches each axis: P⁻¹AP is diagonal."
    PARAMS = (Array("matrix", (2, 2), default=[[2, 1], [1, 2]], max_abs=10, help="the linear map"),)
    #: How many times A is applied to the ring of points.
    STEPS = 8
    #: Ring of starting points: odd angles, so no point starts on a simple null line.
    RING = np.radians(np.arange(7.0, 360.0, 30.0))

    def construct(self) -> None:
        m = self.params["matrix"]
        e = eig.eigen(m)
        self.record(eigen_kind=e.kind, eigenvalues=e.values)
        if e.kind in ("defective", "complex"):
            self.not_diagonalisable(m, e)
        else:
            self.diagonal_part(m)
        self.power_part(m, e)

    # -- part 1 ---------------------------------------------------------------------------
    def diagonal_part(self, m: np.ndarray) -> None:
        """Change to the eigenbasis, then A only stretches each eigen-axis."""
        p, d = eig.diagonalize(m)
        p_inv_a_p = linalg.change_of_basis(m, p)
        self.record(P=p, D=d, P_inv_A_P=p_inv_a_p)
        key = np.vstack([p.T, (p * np.diag(d)).T])
        view = fit_view(key, region=frame_region(left=PANEL_WIDTH, margin=0.5), max_unit=2.5)
        plane = TransformablePlane(view, extent=3.0)
        box = panel(
            named_matrix("A =", m, compact=False, column_colors=(TEXT, TEXT)),
            named_matrix("P =", p, compact=False),
            named_matrix(r"P^{-1}AP =", p_inv_a_p, compact=False),
            width=PANEL_WIDTH,
            spacing=0.35,
        )
        lines = VGroup(*(span_line(view, p[:, j]) for j in range(2)))
        self.play(*plane.draw(), FadeIn(box[0], box[1][0]))
        self.play(*plane.grow_basis(), Create(lines))
        self.caption("Change basis: the grid's axes become the eigenvectors, the columns of P.")
        self.play(*plane.transform(p), FadeIn(box[1][1]), run_time=2.5)
        self.wait(0.5)
        self.caption("Now A acts: each eigen-axis only stretches by its λ.", duration=3)
        self.play(*plane.transform(m @ p), run_time=2.5)
        self.play(FadeIn(box[1][2]))
        self.caption(self.CAPTION, duration=3)
        self.wait(1.5)
        self.play(FadeOut(plane, lines, box))

    def not_diagonalisable(self, m: np.ndarray, e: eig.Eigen) -> None:
        if e.kind == "complex":
            why = (
                f"λ = {fmt(e.values[0].real)} ± {fmt(abs(e.values[0].imag))}i is complex: no real "
                "eigenvector, so no eigenbasis."
            )
        else:
            why = f"λ = {fmt(e.values[0])} twice but only one eigen-line: too few for a basis."
        self.record(P=None, D=None, P_inv_A_P=None, message=why)
        head = Text("A cannot be diagonalised", font_size=LABEL_SIZE, color=TEXT)
        body = fit_width(Text(why, font_size=SMALL_SIZE, color=TEXT), config.frame_width - 1)
        group = VGroup(named_matrix("A =", m, compact=False), head, body).arrange(DOWN, buff=0.4)
        self.play(FadeIn(group))
        self.caption("A cannot be diagonalised: " + why, duration=3)
        self.wait(2)
        self.play(FadeOut(group))

    # -- part 2 ---------------------------------------------------------------------------
    def power_part(self, m: np.ndarray, e: eig.Eigen) -> None:
        """A ring of points, hit by A again and again (rescaled): who wins?"""
        paths, k = self.iterate(m, e)
        view = fit_view(
            [[0, 0]],
            region=frame_region(top=0.9, bottom=0.8, margin=0.4),
            min_half_extent=1.25,
            max_unit=3.0,
        )
        title, dots = self.show_ring(view, e, paths)
        self.apply_repeatedly(view, dots, paths)
        self.name_the_winner(view, e, paths, k, title)
        self.record(pixels_per_unit=view.unit * config.pixel_width / config.frame_width)
        self.anchor("origin", view.origin_point)
        for i, dot in enumerate(dots):
            self.anchor(f"point_{i}", dot)
        self.wait(2)

    def iterate(self, m: np.ndarray, e: eig.Eigen) -> tuple[list[np.ndarray], int | None]:
        """Each ring point's normalised iterates (STEPS + 1, 2), and the dominant index."""
        starts = np.column_stack([np.cos(self.RING), np.sin(self.RING)])
        paths = []
        for s in starts:
            try:
                paths.append(eig.power_iterates(m, s, self.STEPS, normalize=True))
            except ValueError:
                continue  # A sends this point to zero: it has no direction left to show
        k = eig.dominant(e.values) if e.kind != "complex" else None
        self.record(
            power_iterates=paths,
            dominant_index=k,
            dominant_eigenvector=e.vectors[:, k] if k is not None else None,
            steps=self.STEPS,
        )
        return paths, k

    def show_ring(self, view: View, e: eig.Eigen, paths: list[np.ndarray]) -> tuple:
        """The plane, the eigen-lines, the unit circle and the starting dots; (title, dots)."""
        plane = TransformablePlane(view, extent=3.0, show_basis=False)
        title = Text("Apply A again and again", font_size=LABEL_SIZE, color=TEXT)
        title = with_background(title).to_edge(UP, buff=0.25)
        lines = VGroup()
        if e.kind != "complex":
            lines.add(*(span_line(view, e.vectors[:, j]) for j in range(e.vectors.shape[1])))
        circle = circle_image(view, np.eye(2), color=TEXT, stroke_width=2).set_stroke(opacity=0.35)
        lines.add(circle)
        dots = VGroup(*(Dot(view.to_scene(p[0]), color=VECTOR, radius=0.07) for p in paths))
        self.play(*plane.draw(), FadeIn(title), Create(lines))
        self.play(FadeIn(dots))
        return title, dots

    def apply_repeatedly(self, view: View, dots: VGroup, paths: list[np.ndarray]) -> None:
        """STEPS moves of every dot, with a counter Aⁿx under the panel corner."""
        self.caption("Each step: apply A, then rescale to length 1.", duration=2)
        counter = None
        for step in range(1, self.STEPS + 1):
            n_tex = MathTex(rf"A^{{{step}}}x", font_size=LABEL_SIZE)
            n_tex = with_background(n_tex).to_corner(UL, buff=0.3).shift(DOWN * 0.9)
            moves = [
                dot.animate.move_to(view.to_scene(p[step]))
                for dot, p in zip(dots, paths, strict=True)
            ]
            swap = [FadeOut(counter)] if counter is not None else []
            self.play(*moves, *swap, FadeIn(n_tex), run_time=1.0 if step < 3 else 0.6)
            counter = n_tex

    def name_the_winner(
        self, view: View, e: eig.Eigen, paths: list, k: int | None, title: VGroup
    ) -> None:
        """The dominant eigenvector's λ beside its tip, or why no direction wins."""
        if not paths:
            verdict = "A sends every point to zero."
        elif k is None:
            verdict = (
                "No eigenvalue is largest in size: no direction wins, the points keep moving."
                if e.kind == "complex"
                else "|λ| ties: no single direction wins."
            )
        else:
            verdict = f"The points slide toward the dominant eigenvector (λ = {fmt(e.values[k])})."
            d = e.vectors[:, k]
            label = tex_number(r"\lambda =", e.values[k], color=SPAN)
            directions = [d, np.array([-d[1], d[0]]), np.array([d[1], -d[0]])]
            place_label(label, view.to_scene(1.15 * d), directions, [title])
            self.play(FadeIn(with_background(label)))
            self.anchor("dominant_tip", view.to_scene(d))
        self.play(FadeIn(self.note(verdict)))
        self.caption(verdict, duration=3)
