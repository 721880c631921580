"""Numbers assembled from cached TeX glyphs, so a changed number never runs LaTeX.

As Manim's ``DecimalNumber`` does, each character a number can hold (digits, ``-``, ``.``) is
typeset once per process; a number is then copies of those glyphs placed side by side. Unlike
``DecimalNumber`` the glyphs are placed by the TeX font metrics (Computer Modern: every digit
advances 0.5 em, ``.`` 0.2778 em, the minus 0.7778 em), taken from one reference string typeset
on one baseline, so ``glyph_number("-2.5")`` has the ink of ``MathTex("-2.5")`` to within
float rounding (tests/kit/test_glyphs.py checks this against real TeX output).
"""

from __future__ import annotations

from functools import cache

import numpy as np
from manim import WHITE, MathTex, VGroup, VMobject

from nnviz_kit.style import LABEL_SIZE

__all__ = [
    "GLYPHS",
    "GlyphNumber",
    "glyph_number",
    "glyph_after",
    "glyph_at",
    "can_assemble",
    "advance_em",
    "em_at",
]

#: The characters a glyph number may hold.
GLYPHS = "0123456789-."
#: One TeX run holds every glyph: ``{-}`` keeps the minus an ordinary symbol (no binary
#: spacing), exactly as a leading minus in a cell or after ``=`` is typeset.
_REFERENCE_TEX = r"0123456789{-}0.0"
_REFERENCE_SIZE = 48.0
#: TeX origin of each reference glyph in em (cmr10 digit 0.5, cmsy minus 0.7778, period 0.2778).
_REFERENCE_ORIGINS_EM = (*(0.5 * k for k in range(10)), 5.0, 5.7778, 6.2778, 6.5556)
_ADVANCE_EM = {**{d: 0.5 for d in "0123456789"}, "-": 0.7778, ".": 0.2778}


class GlyphNumber(VGroup):
    """A number drawn from cached glyphs; ``tex_string`` is its text (e.g. ``"-2.5"``).

    Layout checks treat it as text, and tests read the shown value from ``tex_string``.
    """

    def __init__(self, text: str, glyphs: list[VMobject]) -> None:
        super().__init__(*glyphs)
        self.tex_string = text


@cache
def _reference() -> tuple[dict[str, VMobject], dict[str, np.ndarray], float]:
    """Each glyph (at the reference size), its ink offset from its TeX origin, and the em."""
    ref = MathTex(_REFERENCE_TEX, font_size=_REFERENCE_SIZE)[0]
    chars = "0123456789-0.0"
    if len(ref) != len(chars):  # a TeX set-up that splits glyphs differently: fail loudly
        raise RuntimeError(f"glyph reference has {len(ref)} glyphs, expected {len(chars)}")
    lefts = np.array([g.get_left()[0] for g in ref])
    # The em in scene units, from two copies of "0" whose origins are 5.7778 em apart.
    em = (lefts[11] - lefts[0]) / _REFERENCE_ORIGINS_EM[11]
    origin0 = ref[0].get_left()[0]  # any fixed x works: offsets are only used relative
    glyphs: dict[str, VMobject] = {}
    offsets: dict[str, np.ndarray] = {}
    for k, ch in enumerate(chars):
        if ch in glyphs:
            continue
        g = ref[k]
        glyphs[ch] = g.copy()
        glyphs[ch].path_obj = None  # the parsed SVG path, deep-copied with every glyph: 25x slower
        # Ink centre relative to the glyph's own TeX origin on the shared baseline (y = 0 there).
        origin = np.array([origin0 + _REFERENCE_ORIGINS_EM[k] * em, ref.get_bottom()[1], 0.0])
        offsets[ch] = g.get_center() - origin
    return glyphs, offsets, em


def advance_em(text: str) -> float:
    """TeX advance width of a glyph number ``text`` (digits, ``-``, ``.``), in em."""
    return sum(_ADVANCE_EM[c] for c in text)


def em_at(font_size: float) -> float:
    """One em at ``font_size``, in scene units."""
    return _reference()[2] * font_size / _REFERENCE_SIZE


def can_assemble(text: str) -> bool:
    """True if ``text`` is made only of digits, ``-`` and ``.`` (and is not empty)."""
    return bool(text) and all(c in GLYPHS for c in text)


def glyph_number(text: str, font_size: float = LABEL_SIZE, color=WHITE) -> VMobject:
    """``text`` (e.g. ``fmt(x)``) as glyphs, the same ink as ``MathTex(text)``, centred at 0.

    Text with other characters falls back to ``MathTex`` (a LaTeX run the first time).
    """
    if not can_assemble(text):
        return MathTex(text, font_size=font_size, color=color)
    base, offsets, em = _reference()
    scale = font_size / _REFERENCE_SIZE
    glyphs, x = [], 0.0
    for ch in text:
        g = base[ch].copy()
        g.move_to(np.array([x, 0.0, 0.0]) + offsets[ch])
        glyphs.append(g)
        x += _ADVANCE_EM[ch] * em
    mob = GlyphNumber(text, glyphs)
    mob.scale(scale).move_to(np.zeros(3))
    mob.set_color(color)
    return mob


def glyph_at(
    placeholder: VMobject, text: str, font_size: float, color=None
) -> tuple[VMobject, float]:
    """``text`` as glyphs where TeX set the placeholder ``0`` glyph, and its extra advance.

    Returns ``(number, dx)``: ``dx`` is how far TeX would move what follows, had it set
    ``text`` instead of ``0`` (scene units).
    """
    base, offsets, em = _reference()
    scale = font_size / _REFERENCE_SIZE
    origin = placeholder.get_center() - offsets["0"] * scale
    # The part's own colour can differ from its glyphs' (MathTex colours the leaves).
    ink = placeholder.family_members_with_points()[0].get_color()
    number = glyph_number(text, font_size, color or ink)
    if isinstance(number, GlyphNumber):
        number.shift(origin + offsets[text[0]] * scale - number[0].get_center())
        return number, (advance_em(text) - _ADVANCE_EM["0"]) * em * scale
    number.move_to(placeholder, aligned_edge=np.array([-1.0, 0, 0]))  # not glyphs: TeX once
    return number, number.width - placeholder.width


def glyph_after(prefix: MathTex, text: str, color=None) -> VMobject:
    """``prefix`` (a ``MathTex`` ending in a placeholder ``0`` part) with that ``0`` replaced.

    Typeset the fixed part once with a placeholder, e.g. ``MathTex(r"\\det A =", "0")``: TeX
    places the placeholder exactly where the number starts (its spacing and baseline), and
    the glyph number takes its origin there. Returns ``VGroup(fixed part, number)``.
    """
    placeholder = prefix[-1]
    number, _ = glyph_at(placeholder, text, prefix.font_size, color)
    prefix.remove(placeholder)  # still a MathTex, so layout checks treat it as text
    return VGroup(prefix, number)
