"""Panels: text and small charts kept in a reserved strip of the frame, readable over grids.

Pair them with :func:`~nnviz_kit.framing.frame_region`, which keeps the plane out of the strip.

>>> from manim import MathTex
>>> p = panel(MathTex("A"), MathTex("B"))
>>> len(p[1])
2
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
from manim import DOWN, LEFT, RIGHT, UL, Axes, MathTex, Mobject, VGroup, VMobject, config

# The glyph metrics are shared with glyphs.py on purpose: equations place numbers by the same
# TeX advances, so one source of truth (no copy of the em table here).
from nnviz_kit.glyphs import _ADVANCE_EM, _REFERENCE_SIZE, GlyphNumber, _reference, glyph_number
from nnviz_kit.labels import fmt, matrix_label, matrix_tex, with_background
from nnviz_kit.style import LABEL_SIZE, SMALL_SIZE

__all__ = [
    "panel",
    "tex_lines",
    "colored_tex",
    "column_tex",
    "factor_tex",
    "fit_width",
    "side_axes",
    "strip_left",
    "named_matrix",
    "Num",
    "glyph_tex",
    "GlyphTex",
]


def fit_width(mob: Mobject, width: float) -> Mobject:
    """Shrink ``mob`` (never grow it) to at most ``width`` scene units wide."""
    if mob.width > width:
        mob.scale_to_fit_width(width)
    return mob


def tex_lines(*lines: str, font_size: float = LABEL_SIZE, colors: Sequence | None = None) -> list:
    """One MathTex per line (optionally coloured)."""
    colors = colors or [None] * len(lines)
    return [
        MathTex(line, font_size=font_size, **({"color": c} if c is not None else {}))
        for line, c in zip(lines, colors, strict=True)
    ]


def colored_tex(*parts: str, colors: Sequence = (), font_size: float = LABEL_SIZE) -> MathTex:
    """One MathTex from ``parts``; ``colors`` holds (part index, colour) pairs."""
    mob = MathTex(*parts, font_size=font_size)
    for i, color in colors:
        mob[i].set_color(color)
    return mob


def column_tex(v: object) -> str:
    r"""TeX for a column vector of rounded numbers, e.g. ``\begin{bmatrix}7\\8\end{bmatrix}``."""
    return matrix_tex(np.reshape(v, (-1, 1)))


def factor_tex(x: float) -> str:
    """A rounded number, in parentheses when negative (for products like 2·(-3))."""
    return f"({fmt(x)})" if fmt(x).startswith("-") else fmt(x)


def panel(
    *items: Mobject,
    corner: np.ndarray = UL,
    width: float | None = None,
    buff: float = 0.3,
    spacing: float = 0.22,
    keep_clear: float = 0.8,
) -> VGroup:
    """Items stacked top to bottom, left-aligned, over a dark backing, in a frame corner.

    ``width`` caps the panel's width (items shrink to fit); the panel also stays
    ``keep_clear`` above the bottom edge, where :meth:`NNVizScene.note` puts its messages.
    """
    body = VGroup(*items).arrange(DOWN, aligned_edge=LEFT, buff=spacing)
    if width is not None:
        fit_width(body, width)
    max_h = config.frame_height - 2 * buff - keep_clear
    if body.height > max_h:
        body.scale_to_fit_height(max_h)
    return with_background(body).to_corner(corner, buff=buff)


def named_matrix(
    name: str, matrix: object, compact: bool = True, column_colors: Sequence | None = None
) -> VGroup:
    """``name`` (TeX, e.g. "A =") beside a matrix, for panels.

    Columns are coloured like the basis vectors (î, ĵ) unless ``column_colors`` says otherwise.
    """
    size = LABEL_SIZE * (0.85 if compact else 1.0)
    widest = max(len(fmt(v)) for v in np.ravel(matrix))
    buffs = {"h_buff": max(0.85, 0.17 * widest + 0.45), "v_buff": 0.6} if compact else {}
    if column_colors is not None:
        buffs["column_colors"] = column_colors
    return VGroup(
        MathTex(name, font_size=LABEL_SIZE), matrix_label(matrix, font_size=size, **buffs)
    ).arrange(np.array([1.0, 0, 0]), buff=0.15)


def strip_left(width: float) -> float:
    """The x where a left strip of ``width`` ends (scene units), e.g. to place a chart beside it."""
    return -config.frame_width / 2 + width


def side_axes(
    x_range: Sequence[float],
    y_range: Sequence[float],
    width: float = 3.2,
    height: float = 2.2,
    x_label: str = "x",
    y_label: str = "y",
) -> VGroup:
    """Small axes for a chart in a panel; returns VGroup(axes, x label, y label).

    ``axes`` is manim's own :class:`~manim.Axes` (use ``axes.c2p``).
    """
    axes = Axes(
        x_range=list(x_range),
        y_range=list(y_range),
        x_length=width,
        y_length=height,
        tips=False,
        axis_config={"include_numbers": False, "tick_size": 0.05, "stroke_width": 2},
    )
    xl = MathTex(x_label, font_size=SMALL_SIZE).next_to(axes.x_axis, DOWN, buff=0.1)
    xl.align_to(axes.x_axis, np.array([1, 0, 0]))
    yl = MathTex(y_label, font_size=SMALL_SIZE).next_to(axes.y_axis, LEFT, buff=0.1)
    yl.align_to(axes.y_axis, np.array([0, 1, 0]))
    return VGroup(axes, xl, yl)


#: TeX advance of ``(`` and of ``)`` in Computer Modern (cmr10), in em.
_PAREN_EM = 0.3889


@dataclass(frozen=True)
class Num:
    """A number slot in :func:`glyph_tex`: ``fmt(value, digits)``; ``factor`` adds
    parentheses when it is negative (as :func:`factor_tex` does, for products like 2·(-3))."""

    value: float
    digits: int = 2
    factor: bool = False


class GlyphTex(GlyphNumber):
    """A :func:`glyph_tex` line: ``VGroup(fixed TeX, numbers...)``, one piece of text to the
    layout checks (its numbers sit inside its brackets, not over other text); ``tex_string``
    is the TeX one run would have typeset."""


def _shown_tex(part: object) -> str:
    """The TeX a single run would use for one :func:`glyph_tex` part (for ``tex_string``)."""
    if isinstance(part, str):
        return part
    if isinstance(part, Num):
        return factor_tex(part.value) if part.factor else fmt(part.value, part.digits)
    return column_tex(part)


@cache
def _template(parts: tuple[str, ...], font_size: float) -> MathTex:
    """The fixed TeX with ``0`` placeholders, parsed once per process (copies are cheap)."""
    tex = MathTex(*parts, font_size=font_size)
    for glyph in tex.family_members_with_points():
        glyph.path_obj = None  # the parsed SVG path: copying it made each copy ~15x slower
    return tex


def _slot_tex(part: object) -> list[str]:
    """The TeX parts one :func:`glyph_tex` part becomes (placeholders for the numbers)."""
    if isinstance(part, str):
        return [part]
    if isinstance(part, Num):
        return ["(", "0", ")"] if part.factor else ["0"]
    k = len(part)
    return [r"\begin{bmatrix}" + r"\\".join(["0"] * k) + r"\end{bmatrix}"]


def _advance(text: str) -> float:
    """TeX advance width of a glyph number, in em."""
    return sum(_ADVANCE_EM[c] for c in text)


def _place(text: str, placeholder: VMobject, x_origin: float, font_size: float) -> VMobject:
    """Glyphs of ``text`` with their TeX origin at ``x_origin`` on the placeholder's baseline."""
    _, offsets, _ = _reference()
    scale = font_size / _REFERENCE_SIZE
    ink = placeholder.family_members_with_points()[0].get_color()  # the part group stays WHITE
    number = glyph_number(text, font_size, ink)
    origin_y = placeholder.get_center()[1] - offsets["0"][1] * scale
    first = np.array([x_origin, origin_y, 0.0]) + offsets[text[0]] * scale
    return number.shift(first - number[0].get_center())


def glyph_tex(*parts: object, colors: Sequence = (), font_size: float = LABEL_SIZE) -> GlyphTex:
    r"""One line of maths: fixed TeX strings, :class:`Num` numbers and column vectors.

    ``glyph_tex("Av =", Num(2), np.array([1, 3]), "+", Num(-1, factor=True), [3, 1])`` looks like
    ``MathTex(r"Av = 2 \begin{bmatrix}1\\3\end{bmatrix} + (-1) \begin{bmatrix}...")``, but TeX
    only ever sees the fixed text with ``0`` placeholders (cached after the first run): each
    number is cached glyphs placed at its placeholder's TeX origin, and what follows moves right
    by the width difference, so TeX spacing is kept exactly. A column vector (a sequence of
    numbers, shape (k,)) keeps TeX's bmatrix layout: entries centred in a column as wide as
    the widest. ``colors`` holds (part index, colour) pairs. Returns GlyphTex(fixed TeX, numbers...).
    """
    parts = tuple(p if isinstance(p, str | Num) else np.ravel(p) for p in parts)
    slots = [_slot_tex(p) for p in parts]
    tex = _template(tuple(t for s in slots for t in s if t != ""), font_size).copy()
    em = _reference()[2] * font_size / _REFERENCE_SIZE
    color_of = dict(colors)
    numbers: list[VMobject] = []
    tex_parts = list(tex.submobjects)  # before any placeholder is removed from ``tex``
    dx, i = 0.0, 0
    for k, (part, slot) in enumerate(zip(parts, slots, strict=True)):
        if slot == [""]:
            continue
        pieces = tex_parts[i : i + len(slot)]
        i += len(slot)
        for piece in pieces:
            piece.shift(dx * RIGHT)
        made: list[VMobject] = list(pieces)
        if isinstance(part, Num):
            text = fmt(part.value, part.digits)
            if part.factor and not text.startswith("-"):  # no parentheses: close the gaps
                tex.remove(pieces[0])
                made.remove(pieces[0])
                dx -= _PAREN_EM * em
                for piece in pieces[1:]:
                    piece.shift(-_PAREN_EM * em * RIGHT)
            ph = pieces[1] if part.factor else pieces[0]
            x0 = ph.get_center()[0] - _reference()[1]["0"][0] * font_size / _REFERENCE_SIZE
            numbers.append(_place(text, ph, x0, font_size))
            made.append(numbers[-1])
            made.remove(ph)
            tex.remove(ph)
            grow = (_advance(text) - 0.5) * em
            dx += grow
            if part.factor:
                pieces[2].shift(grow * RIGHT)
                if not text.startswith("-"):
                    tex.remove(pieces[2])
                    made.remove(pieces[2])
                    dx -= _PAREN_EM * em
        elif isinstance(part, np.ndarray):
            numbers_k, grow = _fill_column(pieces[0], part, font_size, em)
            numbers.extend(numbers_k)
            made.extend(numbers_k)
            dx += grow
        if k in color_of:
            for mob in made:
                mob.set_color(color_of[k])
    return GlyphTex(" ".join(_shown_tex(p) for p in parts), [tex, *numbers])


def _fill_column(
    column: VMobject, values: np.ndarray, font_size: float, em: float
) -> tuple[list[VMobject], float]:
    """Replace a placeholder bmatrix's ``0`` entries by ``values``; returns (numbers, growth).

    Glyphs sorted by x: the first and last ``(n - k) / 2`` are the brackets, the middle ``k``
    are the entries (top to bottom by y).
    """
    glyphs = sorted(column.submobjects, key=lambda g: g.get_center()[0])
    k = len(values)
    side = (len(glyphs) - k) // 2
    entries = sorted(glyphs[side : side + k], key=lambda g: -g.get_center()[1])
    right = glyphs[side + k :]
    texts = [fmt(v) for v in values]
    width = max(_advance(t) for t in texts)
    x_left = entries[0].get_center()[0] - _reference()[1]["0"][0] * font_size / _REFERENCE_SIZE
    numbers = [
        _place(t, ph, x_left + (width - _advance(t)) / 2 * em, font_size)
        for t, ph in zip(texts, entries, strict=True)
    ]
    for ph in entries:
        column.remove(ph)
    grow = (width - 0.5) * em
    for g in right:
        g.shift(grow * RIGHT)
    return numbers, grow
