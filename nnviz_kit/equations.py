"""One line of maths: fixed TeX and changing numbers, typeset once per shape.

``equation("z = (", Num(2), ")(", Num(5), ")", font_size=30)`` looks like
``MathTex("z = (2)(5)")``, but LaTeX only sees the template ``z = ( 0 )( 0 )`` (each number a
placeholder ``0``), cached after the first run. Each placeholder is then replaced by a glyph
number (:func:`nnviz_kit.glyphs.glyph_at`) at the placeholder's TeX origin, and the parts after
it move right by the number's extra advance, as TeX would have set them. A number after ``=``,
``(``, ``+`` or at the start is an ordinary symbol in TeX, so its minus has no binary spacing,
as in the glyph reference: put numbers only there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
from manim import RIGHT, MathTex, Matrix, VGroup, VMobject

from nnviz_kit.glyphs import GlyphNumber, advance_em, em_at, glyph_at, glyph_number
from nnviz_kit.labels import fmt, matrix_label
from nnviz_kit.panels import column_tex, factor_tex
from nnviz_kit.style import LABEL_SIZE

__all__ = ["Num", "GlyphTex", "equation", "glyph_matrix", "matrix_row"]


@dataclass(frozen=True)
class Num:
    """A number in an :func:`equation`: shown as ``fmt(value, digits)``.

    ``factor`` adds parentheses when it is negative (for products like 2·(-3)); ``color``
    colours the number alone (else it takes the line's colour).
    """

    value: float
    digits: int = 2
    factor: bool = False
    color: object = None

    @property
    def text(self) -> str:
        """The shown number, e.g. ``"-2.5"``."""
        return fmt(self.value, self.digits)

    @property
    def tex(self) -> str:
        """The TeX one run would typeset for it (parentheses included)."""
        return factor_tex(self.value, self.digits) if self.factor else self.text


class GlyphTex(GlyphNumber):
    """An :func:`equation` line, one child per part (in order); one piece of text to the layout
    checks (its numbers sit inside its brackets, not over other text); ``tex_string`` is the
    TeX one run would have typeset."""


def _shown_tex(part: str | Num | np.ndarray) -> str:
    """The TeX a single run would use for one part (for ``tex_string``)."""
    if isinstance(part, str):
        return part
    if isinstance(part, Num):
        return part.tex
    return column_tex(part)


@cache
def _template(parts: tuple[str, ...], font_size: float) -> MathTex:
    """The fixed TeX with ``0`` placeholders, parsed once per process (copies are cheap)."""
    tex = MathTex(*parts, font_size=font_size)
    for glyph in tex.family_members_with_points():
        glyph.path_obj = None  # the parsed SVG path: copying it made each copy ~15x slower
    return tex


def _slot_tex(part: str | Num | np.ndarray) -> list[str]:
    """The template parts one part becomes (placeholders for the numbers)."""
    if isinstance(part, str):
        return [part] if part else []
    if isinstance(part, Num):
        return ["(", "0", ")"] if part.factor else ["0"]
    return [r"\begin{bmatrix}" + r"\\".join(["0"] * len(part)) + r"\end{bmatrix}"]


#: TeX advance of ``(`` and of ``)`` in Computer Modern (cmr10), in em.
_PAREN_EM = 0.3889


def _number(pieces: list[VMobject], part: Num, font_size: float) -> tuple[VMobject, float]:
    """A :class:`Num`'s template pieces (``0``, or ``( 0 )``) with its number; returns
    (the part, how far what follows moves)."""
    if not part.factor:
        return glyph_at(pieces[0], part.text, font_size, part.color)
    left, placeholder, right = pieces
    number, grow = glyph_at(placeholder, part.text, font_size, part.color)
    right.shift(grow * RIGHT)
    if part.text.startswith("-"):
        return VGroup(left, number, right), grow
    paren = _PAREN_EM * em_at(font_size)  # no parentheses: close both gaps
    number.shift(-paren * RIGHT)
    return VGroup(number), grow - 2 * paren


def _column(column: VMobject, values: np.ndarray, font_size: float) -> tuple[VMobject, float]:
    """A placeholder bmatrix with its ``0`` entries replaced by ``values`` (shape (k,));
    returns (VGroup(brackets, numbers...), growth).

    Glyphs sorted by x: the first and last ``(n - k) / 2`` are the brackets, the middle ``k``
    are the entries (top to bottom by y), centred in a column as wide as the widest.
    """
    glyphs = sorted(column.submobjects, key=lambda g: g.get_center()[0])
    k = len(values)
    side = (len(glyphs) - k) // 2
    entries = sorted(glyphs[side : side + k], key=lambda g: -g.get_center()[1])
    texts = [fmt(v) for v in values]
    width = max(advance_em(t) for t in texts)
    em = em_at(font_size)
    numbers = []
    for text, placeholder in zip(texts, entries, strict=True):
        number, _ = glyph_at(placeholder, text, font_size)
        numbers.append(number.shift((width - advance_em(text)) / 2 * em * RIGHT))
        column.remove(placeholder)
    grow = (width - advance_em("0")) * em
    for g in glyphs[side + k :]:
        g.shift(grow * RIGHT)
    return VGroup(column, *numbers), grow


def equation(
    *parts: str | Num | Sequence[float],
    font_size: float = LABEL_SIZE,
    color=None,
    colors: Sequence = (),
) -> GlyphTex:
    r"""One line of maths: fixed TeX strings, :class:`Num` numbers and column vectors.

    ``equation("Av =", Num(2), np.array([1, 3]), "+", Num(-1, factor=True), [3, 1])`` looks like
    ``MathTex(r"Av = 2 \begin{bmatrix}1\\3\end{bmatrix} + (-1) \begin{bmatrix}...")``, but TeX
    only ever sees the fixed text with ``0`` placeholders, so TeX spacing is kept exactly. A
    column vector (numbers, shape (k,)) keeps TeX's bmatrix layout. ``color`` colours the line,
    ``colors`` holds (part index, colour) pairs, :attr:`Num.color` one number. Returns a
    :class:`GlyphTex` whose child ``k`` is part ``k`` (a MathTex part, a number, a column).
    """
    parts = tuple(p if isinstance(p, str | Num) else np.ravel(p) for p in parts)
    slots = [_slot_tex(p) for p in parts]
    pieces = list(_template(tuple(t for s in slots for t in s), font_size).copy().submobjects)
    children: list[VMobject] = []
    dx, i = 0.0, 0
    for part, slot in zip(parts, slots, strict=True):
        mine = pieces[i : i + len(slot)]
        i += len(slot)
        for piece in mine:
            piece.shift(dx * RIGHT)
        grow = 0.0
        if isinstance(part, str):
            child = mine[0] if mine else VGroup()
        elif isinstance(part, Num):
            child, grow = _number(mine, part, font_size)
        else:
            child, grow = _column(mine[0], part, font_size)
        children.append(child)
        dx += grow
    line = GlyphTex(" ".join(_shown_tex(p) for p in parts), children)
    if color is not None:
        line.set_color(color)
    for k, c in colors:
        children[k].set_color(c)
    for part, child in zip(parts, children, strict=True):
        if isinstance(part, Num) and part.color is not None:
            child.set_color(part.color)
    return line


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
