"""Equations that mix fixed TeX and changing numbers, typeset once per shape.

``equation("z = (", Num(2), ")(", Num(5), ")", font_size=30)`` looks like
``MathTex("z = (2)(5)")``, but LaTeX only sees the template ``z = ( 0 )( 0 )`` (each number a
placeholder ``0``), which the TeX cache holds after the first render. Each placeholder is then
replaced by a glyph number (:func:`nnviz_kit.glyphs.glyph_at`) at the placeholder's TeX origin,
and the parts after it move right by the number's extra advance, as TeX would have set them.
A number after ``=``, ``(``, ``+`` or at the start is an ordinary symbol in TeX, so its minus
has no binary spacing, as in the glyph reference: put numbers only there.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import RIGHT, MathTex, Matrix, VGroup, VMobject

from nnviz_kit.glyphs import glyph_at, glyph_number
from nnviz_kit.labels import fmt, matrix_label
from nnviz_kit.style import LABEL_SIZE

__all__ = ["Num", "equation", "glyph_matrix", "matrix_row"]


@dataclass(frozen=True)
class Num:
    """A number in an :func:`equation`: shown as ``fmt(value, digits)``, optionally coloured."""

    value: float
    digits: int = 2
    color: object = None


def equation(*parts: str | Num, font_size: float = LABEL_SIZE, color=None) -> VGroup:
    """``parts`` (fixed TeX strings and :class:`Num`) as one line; no LaTeX run for new numbers.

    Returns a VGroup of the fixed parts (each a ``MathTex`` part, so layout checks treat it as
    text) and the numbers (``GlyphNumber``; ``tex_string`` is the shown text), in order.
    """
    kwargs = {} if color is None else {"color": color}
    texts = [p if isinstance(p, str) else "0" for p in parts]
    template = MathTex(*texts, font_size=font_size, **kwargs)
    dx = 0.0  # how far TeX would have moved what follows the numbers so far
    out: list[VMobject] = []
    for part, mob in zip(parts, template, strict=True):
        mob.shift([dx, 0.0, 0.0])
        if isinstance(part, str):
            out.append(mob)
            continue
        number, extra = glyph_at(mob, fmt(part.value, part.digits), font_size, part.color)
        out.append(number)
        dx += extra
    return VGroup(*out)


def glyph_matrix(
    values: np.ndarray, font_size: float = LABEL_SIZE, color=None, digits: int = 2
) -> Matrix:
    """A matrix of glyph numbers (white, or ``color``), columns spaced by the widest entry.

    ``values`` has shape (r, c); rows sit as close as TeX's ``bmatrix`` sets them.
    """
    unit = font_size / 32  # spacing grows with the type
    widest = max(glyph_number(fmt(v, digits), font_size).width for v in np.ravel(values))
    mob = matrix_label(
        values,
        column_colors=(),
        font_size=font_size,
        h_buff=widest + 0.35 * unit,
        v_buff=0.6 * unit,
        digits=digits,
    )
    return mob if color is None else mob.set_color(color)  # brackets too, as TeX colours them


def matrix_row(*items: str | np.ndarray, font_size: float = LABEL_SIZE, digits: int = 2) -> VGroup:
    """Matrices (arrays, as :func:`glyph_matrix`) and fixed TeX (``"+"``, ``"="``) in a row."""
    mobs = [
        MathTex(i, font_size=font_size)
        if isinstance(i, str)
        else glyph_matrix(i, font_size, digits=digits)
        for i in items
    ]
    return VGroup(*mobs).arrange(RIGHT, buff=0.25 * font_size / 32)
