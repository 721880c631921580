"""Alt text from a sidecar: one description of a clip, shared by the blog kit and the gallery."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["alt_text", "META_KEYS"]

#: Sidecar entries that describe the render rather than what the picture shows.
META_KEYS = frozenset(
    {
        "scene",
        "title",
        "params",
        "quality",
        "resolution",
        "frame_rate",
        "duration",
        "anchors",
        "layout_problems",
        "alt",
        "gif",
        "camera",
    }
)


def _short(value: Any) -> str:
    """A number or nested list rounded for reading aloud (3 significant digits)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        text = f"{value:.3g}"
        return "0" if text == "-0" else text
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_short(v) for v in value) + "]"
    return str(value)


def _size(value: Any) -> int:
    return sum(_size(v) for v in value) if isinstance(value, list | tuple) else 1


def alt_text(
    sidecar: Mapping[str, Any], caption: str = "", limit: int = 300, max_values: int = 12
) -> str:
    """The sidecar's ``alt`` if given; else its title, ``caption``, parameters and numbers shown.

    Arrays of more than ``max_values`` numbers are summarised by their count, and the text is cut
    at a word boundary to at most ``limit`` characters.

    >>> alt_text({"title": "A matrix is a function", "params": {"matrix": [[2, 1], [1, 3]]},
    ...           "determinant": 5.0, "anchors": {}})
    'A matrix is a function. matrix [[2, 1], [1, 3]]; determinant 5.'
    """
    if sidecar.get("alt"):
        return str(sidecar["alt"])[:limit]

    def show(key: str, value: Any) -> str:
        name = key.replace("_", " ")
        n = _size(value)
        return f"{name} ({n} values)" if n > max_values else f"{name} {_short(value)}"

    params = [show(k, v) for k, v in sidecar.get("params", {}).items()]
    numbers = [
        show(k, v)
        for k, v in sidecar.items()
        if k not in META_KEYS and isinstance(v, int | float | list | str)
    ]
    title = str(sidecar.get("title") or sidecar.get("scene") or "Animation")
    text = title.rstrip(".") + "."
    if caption:
        text += " " + caption.rstrip(".") + "."
    details = "; ".join(filter(None, [", ".join(params), "; ".join(numbers)]))
    if details:
        text += f" {details}."
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return text
