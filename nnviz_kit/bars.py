"""A small labelled bar chart: explained variance, variance kept and lost, output norms."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import DOWN, UP, MathTex, Rectangle, VGroup

from nnviz_kit.equations import Num, equation
from nnviz_kit.style import POSITIVE, SMALL_SIZE

__all__ = ["BarChart"]


class BarChart(VGroup):
    """Vertical bars for non-negative ``values`` (k,), bottoms aligned, tallest ``height`` high.

    Each bar gets its TeX ``labels[i]`` below and its value (``fmt`` with ``digits``, plus
    ``suffix``) above. ``bars``, ``names`` and ``numbers`` are VGroups in value order.

    Examples
    --------
    >>> chart = BarChart([2.0, 1.0], ["n_1", "n_2"], height=2.0)
    >>> round(chart.bars[0].height / chart.bars[1].height, 6)
    2.0
    """

    def __init__(
        self,
        values: Sequence[float],
        labels: Sequence[str],
        height: float = 2.5,
        bar_width: float = 0.45,
        gap: float = 0.25,
        colors: Sequence | None = None,
        digits: int = 2,
        suffix: str = "",
        font_size: float = SMALL_SIZE,
        peak: float | None = None,
    ) -> None:
        super().__init__()
        v = np.asarray(values, dtype=float)
        if v.ndim != 1 or len(v) != len(labels) or np.any(v < 0):
            raise ValueError("values must be k non-negative numbers with k labels")
        top = peak if peak is not None else (float(v.max()) or 1.0)
        colors = list(colors) if colors is not None else [POSITIVE] * len(v)
        self.bars, self.names, self.numbers = VGroup(), VGroup(), VGroup()
        for i, (x, name) in enumerate(zip(v, labels, strict=True)):
            h = max(height * x / top, 0.02)
            bar = Rectangle(width=bar_width, height=h, stroke_width=0)
            bar.set_fill(colors[i], 0.85)
            bar.move_to([i * (bar_width + gap), h / 2, 0])
            self.bars.add(bar)
            label = MathTex(name, font_size=font_size).next_to(bar, DOWN, buff=0.12)
            label.set_y(-0.12 - label.height / 2)
            self.names.add(label)
            # Glyph numbers: a new value runs no LaTeX; only the suffix (e.g. "\\%") is TeX.
            tail = [suffix] if suffix else []
            number = equation(Num(x, digits), *tail, font_size=font_size * 0.85)
            self.numbers.add(number.next_to(bar, UP, buff=0.08))
        self.add(self.bars, self.names, self.numbers)
