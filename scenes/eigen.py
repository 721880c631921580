"""Lecture 3, "Eigenvectors find what matters": eigenvectors stay on their span; in their basis a
matrix is diagonal, and repeating it lines points up with the dominant one.

Every number comes from :mod:`nnviz.eigen` and :mod:`nnviz.linalg`; the scenes place and animate.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
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
    matrix_label,
    place_label,
    span_line,
)
from nnviz_kit.framing import View, frame_region
from nnviz_kit.labels import with_background
from nnviz_kit.params import Array
from nnviz_kit.style import LABEL_SIZE, SMALL_SIZE, SPAN, TEXT, VECTOR

__all__ = ["EigenSpan", "EigenBasis"]

#: Scene units kept free on the left for the matrix panel.
PANEL_WIDTH = 3.6
#: Colour of vectors that are not eigenvectors (they leave their dashed span).
OTHER = "#5CD0B3"  # manim TEAL_B
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


def lambda_tex(value: complex | float) -> str:
    """λ as TeX: a real number, or a ± bi for a complex pair."""
    if isinstance(value, complex) or np.iscomplexobj(value):
        return rf"{fmt(value.real)} \pm {fmt(abs(value.imag))}i"
    return fmt(value)


def free_point_on_line(view: View, direction: np.ndarray, busy: tuple[float, float]) -> np.ndarray:
    """A math point on the line t·direction (unit), inside the region, away from ``busy``.

    ``busy`` is the t-range covered by arrows and labels; the point sits in the middle of the
    longer free stretch of the line, so a picture test sees only the line's colour there.
    """
    lo, hi = line_extent(view, direction)
    stretches = [(lo, min(busy[0], 0.0)), (max(busy[1], 0.0), hi)]
    a, b = max(stretches, key=lambda s: s[1] - s[0])
    return (a + b) / 2 * direction


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
    ``python -m scenes render EigenSpan --set 'matrix=[[1,1],[0,1]]' --format png``
    """

    TITLE = "Eigenvectors stay on their span"
    CAPTION = "Most vectors are knocked off their span; eigenvectors stay on it, scaled by λ."
    PARAMS = (Array("matrix", (2, 2), default=[[3, 1], [0, 2]], max_abs=10, help="the linear map"),)

    def construct(self) -> None:
        m = self.params["matrix"]
        e = eig.eigen(m)
        kind = e.kind
        if kind == "repeated":
            eigen_dirs: list[np.ndarray] = []
            others = spread_directions([], 3)
            lambdas = [float(e.values[0])] * 3  # every vector is an eigenvector
        elif kind == "complex":
            eigen_dirs, others, lambdas = [], spread_directions([], 3), []
        else:
            eigen_dirs = [e.vectors[:, j] for j in range(e.vectors.shape[1])]
            others = spread_directions(eigen_dirs, 2)
            lambdas = [float(v) for v in e.values[: len(eigen_dirs)]]
            if kind == "defective":
                lambdas = [float(e.values[0])]
        if kind == "repeated":
            eigen_dirs, others = others, []

        shown = [SHOWN_LENGTH * d for d in eigen_dirs + others]
        images = [linalg.apply(m, v) for v in shown]
        is_eigen = [True] * len(eigen_dirs) + [False] * len(others)
        self.record(
            eigen_kind=kind,
            eigenvalues=e.values,
            eigenvectors=e.vectors.T if kind != "complex" else [],
            shown_vectors=shown,
            shown_images=images,
            shown_is_eigenvector=is_eigen,
            shown_lambdas=lambdas,
        )

        view = fit_view(
            np.vstack(shown + images),
            region=frame_region(left=PANEL_WIDTH, bottom=0.8, margin=0.45),
        )
        self.record(pixels_per_unit=view.unit * config.pixel_width / config.frame_width)
        plane = TransformablePlane(view, extent=3.0, show_basis=False)
        spans = VGroup(
            *(span_line(view, d) for d in eigen_dirs),
            *(span_line(view, d, color=OTHER, stroke_width=3, dashed=True) for d in others),
        )
        colors = [VECTOR] * len(eigen_dirs) + [OTHER] * len(others)
        arrows = [plane.add_vector(v, c) for v, c in zip(shown, colors, strict=True)]
        self.remove(*arrows)
        ghosts = VGroup(*(a.copy().set_opacity(0.3) for a in arrows))

        panel = self.panel(m, e)
        self.play(FadeIn(plane.background), Create(plane.grid), FadeIn(panel), run_time=1.5)
        self.caption("Each vector spans a line through the origin.", duration=2)
        self.play(Create(spans), *(GrowArrow(a) for a in arrows), run_time=1.5)
        self.wait(0.5)
        self.caption(self.CAPTION, duration=3)
        # Faint copies where each vector started, under the span lines and the arrows.
        self.add(ghosts)
        self.bring_to_front(spans, *arrows)
        self.play(*plane.transform(m), run_time=3)

        labels = []
        avoid = [panel]
        for i, lam in enumerate(lambdas):
            if kind == "repeated" and i > 0:
                break  # one label says it for all: every vector has the same λ
            text = rf"\lambda = {fmt(lam)}"
            if lam < 0:
                text += r"\ \text{(flipped)}"
            label = MathTex(text, font_size=LABEL_SIZE, color=VECTOR)
            tip = view.to_scene(images[i])
            d = eigen_dirs[i]
            perp = np.array([-d[1], d[0]])
            place_label(label, tip, [perp, -perp, np.sign(lam or 1) * d, UP, DOWN], avoid, buff=0.3)
            labels.append(with_background(label))
            avoid.append(label)
        if labels:
            self.play(*(FadeIn(lab) for lab in labels))
        self.play(FadeIn(self.note(self.verdict(kind, e.values, lambdas))))
        self.caption(self.verdict(kind, e.values, lambdas), duration=3)

        self.anchor("origin", view.origin_point)
        for i, d in enumerate(eigen_dirs):
            busy = (min(0.0, lambdas[i] * SHOWN_LENGTH), max(0.0, lambdas[i] * SHOWN_LENGTH))
            self.anchor(f"eigenline_{i}", view.to_scene(free_point_on_line(view, d, busy)))
        for i, arrow in enumerate(arrows):
            self.anchor(f"vector_{i}_tip", arrow.get_end)
        self.wait(2)

    def panel(self, m: np.ndarray, e: eig.Eigen) -> VGroup:
        """A = [..] and its eigenvalues, top left."""
        a = VGroup(MathTex("A =", font_size=LABEL_SIZE), matrix_label(m)).arrange(RIGHT)
        if e.kind == "complex":
            lams = [MathTex(rf"\lambda = {lambda_tex(complex(e.values[0]))}", font_size=LABEL_SIZE)]
        else:
            lams = [
                MathTex(rf"\lambda_{i + 1} = {fmt(v)}", font_size=LABEL_SIZE)
                for i, v in enumerate(e.values)
            ]
        kind = Text(f"kind: {e.kind}", font_size=SMALL_SIZE, color=TEXT)
        group = VGroup(a, *lams, kind).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        return with_background(group).to_corner(UL, buff=0.3)

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
    ``python -m scenes render EigenBasis --set 'matrix=[[1,2],[2,-2]]' --format png``
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
        p, d = eig.diagonalize(m)
        p_inv_a_p = linalg.change_of_basis(m, p)
        self.record(P=p, D=d, P_inv_A_P=p_inv_a_p)
        lams = np.diag(d)
        key = np.vstack([p.T, (p * lams).T])
        view = fit_view(key, region=frame_region(left=PANEL_WIDTH, margin=0.5), max_unit=2.5)
        plane = TransformablePlane(view, extent=3.0)

        a = VGroup(MathTex("A =", font_size=LABEL_SIZE), matrix_label(m, ("#FFFFFF",) * 2))
        pm = VGroup(MathTex("P =", font_size=LABEL_SIZE), matrix_label(p))
        dm = VGroup(MathTex(r"P^{-1}AP =", font_size=LABEL_SIZE), matrix_label(p_inv_a_p))
        for g in (a, pm, dm):
            g.arrange(RIGHT)
        panel = VGroup(a, pm, dm).arrange(DOWN, aligned_edge=LEFT, buff=0.35)
        panel = with_background(panel).to_corner(UL, buff=0.3)
        lines = VGroup(*(span_line(view, p[:, j]) for j in range(2)))

        self.play(FadeIn(plane.background), Create(plane.grid), FadeIn(panel[0], panel[1][0]))
        self.play(GrowArrow(plane.i_hat), GrowArrow(plane.j_hat), Create(lines))
        self.caption("Change basis: the grid's axes become the eigenvectors, the columns of P.")
        self.play(*plane.transform(p), FadeIn(panel[1][1]), run_time=2.5)
        self.wait(0.5)
        self.caption("Now A acts: each eigen-axis only stretches by its λ.", duration=3)
        self.play(*plane.transform(m @ p), run_time=2.5)
        self.play(FadeIn(panel[1][2]))
        self.caption(self.CAPTION, duration=3)
        self.wait(1.5)
        self.play(FadeOut(plane, lines, panel))

    def not_diagonalisable(self, m: np.ndarray, e: eig.Eigen) -> None:
        if e.kind == "complex":
            why = (
                f"λ = {fmt(e.values[0].real)} ± {fmt(abs(e.values[0].imag))}i is complex: no real "
                "eigenvector, so no eigenbasis."
            )
        else:
            why = f"λ = {fmt(e.values[0])} twice but only one eigen-line: too few for a basis."
        self.record(P=None, D=None, P_inv_A_P=None, message=why)
        a = VGroup(MathTex("A =", font_size=LABEL_SIZE), matrix_label(m)).arrange(RIGHT)
        head = Text("A cannot be diagonalised", font_size=LABEL_SIZE, color=TEXT)
        body = Text(why, font_size=SMALL_SIZE, color=TEXT)
        if body.width > config.frame_width - 1:
            body.scale_to_fit_width(config.frame_width - 1)
        group = VGroup(a, head, body).arrange(DOWN, buff=0.4)
        self.play(FadeIn(group))
        self.caption("A cannot be diagonalised: " + why, duration=3)
        self.wait(2)
        self.play(FadeOut(group))

    # -- part 2 ---------------------------------------------------------------------------
    def power_part(self, m: np.ndarray, e: eig.Eigen) -> None:
        starts = np.column_stack([np.cos(self.RING), np.sin(self.RING)])
        paths = []
        for s in starts:
            try:
                paths.append(eig.power_iterates(m, s, self.STEPS, normalize=True))
            except ValueError:
                continue  # A sends this point to zero: it has no direction left to show
        k = eig.dominant(e.values) if e.kind != "complex" else None
        dominant_vec = e.vectors[:, k] if k is not None else None
        self.record(
            power_iterates=paths,
            dominant_index=k,
            dominant_eigenvector=dominant_vec,
            steps=self.STEPS,
        )

        view = fit_view(
            [[0, 0]],
            region=frame_region(top=0.9, bottom=0.8, margin=0.4),
            min_half_extent=1.25,
            max_unit=3.0,
        )
        plane = TransformablePlane(view, extent=3.0, show_basis=False)
        title = Text("Apply A again and again", font_size=LABEL_SIZE, color=TEXT)
        title = with_background(title).to_edge(UP, buff=0.25)
        lines = VGroup()
        if e.kind != "complex":
            lines.add(*(span_line(view, e.vectors[:, j]) for j in range(e.vectors.shape[1])))
        circle = circle_image(view, np.eye(2), color=TEXT, stroke_width=2).set_stroke(opacity=0.35)
        lines.add(circle)
        dots = VGroup(*(Dot(view.to_scene(p[0]), color=VECTOR, radius=0.07) for p in paths))
        self.play(FadeIn(plane.background), Create(plane.grid), FadeIn(title), Create(lines))
        self.play(FadeIn(dots))
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
            tip = view.to_scene(dominant_vec)
            label_at = view.to_scene(1.15 * dominant_vec)
            label = MathTex(rf"\lambda = {fmt(e.values[k])}", font_size=LABEL_SIZE, color=SPAN)
            d = dominant_vec
            place_label(
                label, label_at, [d, np.array([-d[1], d[0]]), np.array([d[1], -d[0]])], [title]
            )
            self.play(FadeIn(with_background(label)))
            self.anchor("dominant_tip", tip)
        self.play(FadeIn(self.note(verdict)))
        self.caption(verdict, duration=3)
        self.record(pixels_per_unit=view.unit * config.pixel_width / config.frame_width)
        self.anchor("origin", view.origin_point)
        for i, dot in enumerate(dots):
            self.anchor(f"point_{i}", dot)
        self.wait(2)
