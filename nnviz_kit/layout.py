"""Layout checks: key objects inside the frame, and no text over other text.

Grids and shading may run past the frame edge on purpose; flag them with
:func:`mark_background` and the checks skip them.
"""

from __future__ import annotations

import numpy as np
from manim import (
    MarkupText,
    MathTex,
    Mobject,
    Paragraph,
    SingleStringMathTex,
    Tex,
    Text,
    VMobject,
    config,
)

from nnviz_kit.glyphs import GlyphNumber

__all__ = ["mark_background", "layout_problems"]

_TEXT_TYPES = (Text, MarkupText, Paragraph, MathTex, Tex, SingleStringMathTex, GlyphNumber)


def mark_background(*mobjects: Mobject) -> None:
    """Flag mobjects (grids, shading) that may run past the frame edge on purpose."""
    for mob in mobjects:
        mob.nnviz_background = True


def _leaves(mob: Mobject, text: list, shapes: list) -> None:
    if getattr(mob, "nnviz_background", False):
        return
    if isinstance(mob, _TEXT_TYPES):
        text.append(mob)
        return
    if mob.submobjects:
        for sub in mob.submobjects:
            _leaves(sub, text, shapes)
    elif mob.has_points() and isinstance(mob, VMobject):
        # Only drawn shapes count; trackers and other invisible helpers have points but no paint.
        shapes.append(mob)


def layout_problems(mobjects: list[Mobject], tol: float = 0.02) -> list[str]:
    """Key objects that leave the frame, and pieces of text that overlap other text.

    Background mobjects (see :func:`mark_background`) are skipped.
    """
    text: list[Mobject] = []
    shapes: list[Mobject] = []
    for mob in mobjects:
        _leaves(mob, text, shapes)
    hw, hh = config.frame_width / 2 + tol, config.frame_height / 2 + tol
    problems = []
    for mob in text + shapes:
        if mob.get_fill_opacity() == 0 and mob.get_stroke_opacity() == 0:
            continue
        lo, hi = mob.get_corner(np.array([-1, -1, 0])), mob.get_corner(np.array([1, 1, 0]))
        if lo[0] < -hw or hi[0] > hw or lo[1] < -hh or hi[1] > hh:
            problems.append(f"off-frame: {_describe(mob)} spans x {lo[0]:.2f}..{hi[0]:.2f}, "
                            f"y {lo[1]:.2f}..{hi[1]:.2f}")  # fmt: skip
    boxes = [
        (m, m.get_corner(np.array([-1, -1, 0])), m.get_corner(np.array([1, 1, 0]))) for m in text
    ]
    for i, (a, alo, ahi) in enumerate(boxes):
        for b, blo, bhi in boxes[i + 1 :]:
            dx = min(ahi[0], bhi[0]) - max(alo[0], blo[0])
            dy = min(ahi[1], bhi[1]) - max(alo[1], blo[1])
            if dx > tol and dy > tol:
                problems.append(f"overlap: {_describe(a)} and {_describe(b)}")
    return problems


def _describe(mob: Mobject) -> str:
    text = getattr(mob, "tex_string", None) or getattr(mob, "text", None) or ""
    return f"{type(mob).__name__}({text[:30]!r})" if text else type(mob).__name__
