"""Alt text from a sidecar: one description of a clip, shared by the blog kit and the gallery.

Sidecars hold numbers of every shape (scalars, vectors, matrices, lists of records, nested
records, strings, flags). :func:`alt_text` reads them aloud as short sentences with rounded
numbers, never as Python reprs: a screen reader must not spell out ``{'w': -2.8, ...``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import Any

__all__ = ["alt_text", "spoken", "shown", "sidecar_numbers", "META_KEYS"]

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
        "sections",
        "camera",
    }
)


def sidecar_numbers(sidecar: Mapping[str, Any]) -> dict[str, Any]:
    """The sidecar's numbers: everything but the bookkeeping keys, at full precision."""
    return {k: v for k, v in sidecar.items() if k not in META_KEYS}


def shown(value: Any) -> Any:
    """``value`` with every number formatted as scenes show it (the kit's :func:`fmt`)."""
    from nnviz_kit.labels import fmt

    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return fmt(value)
    if isinstance(value, Mapping):
        return {k: shown(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [shown(v) for v in value]
    return value


def _number(v: float) -> str:
    """A number rounded for reading: 3 significant digits, no long decimals, no ``-0``.

    >>> [_number(x) for x in (5.000000001, -0.0004, 0.0189178, 1234.56, 2.5e7, -1e-9, 31)]
    ['5', '-4e-4', '0.0189', '1235', '2.5e7', '-1e-9', '31']
    """
    if isinstance(v, int) and abs(v) < 10**6:
        return str(v)
    v = float(v)
    if math.isnan(v):
        return "not a number"
    if math.isinf(v):
        return "infinity" if v > 0 else "minus infinity"
    a = abs(v)
    if a != 0 and (a < 1e-3 or a >= 1e6):
        mantissa, exponent = f"{v:.2e}".split("e")
        mantissa = mantissa.rstrip("0").rstrip(".")
        return f"{mantissa}e{int(exponent)}"
    if a >= 1000:
        text = str(round(v))
    elif a < 0.01:
        text = f"{v:.2g}"  # two digits keep it to at most four decimals
    else:
        text = f"{v:.3g}"
    return "0" if text in ("-0", "-0.0") else text


def _shape(value: Any) -> tuple[int, ...]:
    """The shape of a rectangular nested list of numbers, else ``()``."""
    if not isinstance(value, list | tuple) or not value:
        return ()
    inner = [_shape(v) for v in value]
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in value):
        return (len(value),)
    if inner[0] and all(s == inner[0] for s in inner):
        return (len(value), *inner[0])
    return ()


def _size(value: Any) -> int:
    if isinstance(value, Mapping):
        return sum(_size(v) for v in value.values())
    if isinstance(value, list | tuple):
        return sum(_size(v) for v in value)
    return 1


def spoken(value: Any, max_values: int = 12) -> str:
    """One value in words: numbers rounded, lists bracketed, records as ``key value`` pairs.

    Anything with more than ``max_values`` numbers is summarised in parentheses (its count or
    shape, and for a series its first and last values).

    >>> spoken([{"w": -2.8, "cost": 0.018917789957916976}, {"w": 0.93333, "cost": 0.0794}])
    '(w -2.8, cost 0.0189), (w 0.933, cost 0.0794)'
    >>> spoken(list(range(100)))
    '(100 values from 0 to 99)'
    >>> spoken([[0.1] * 5] * 8)
    '(8×5 values)'
    """
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return _number(value)
    if isinstance(value, str):
        return value
    if value is None:
        return "none"
    n = _size(value)
    if isinstance(value, Mapping):
        if n > max_values:
            return f"({len(value)} entries: {', '.join(map(str, value))})"
        return ", ".join(f"{str(k).replace('_', ' ')} {spoken(v)}" for k, v in value.items())
    shape = _shape(value)
    if n > max_values:
        if len(shape) == 1:
            return f"({n} values from {_number(value[0])} to {_number(value[-1])})"
        if shape:
            return "(" + "×".join(map(str, shape)) + " values)"
        return f"({len(value)} entries)"
    if value and all(isinstance(v, Mapping) for v in value):
        return ", ".join(f"({spoken(v)})" for v in value)
    return "[" + ", ".join(spoken(v) for v in value) + "]"


def _items(data: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """``(name, value)`` pairs; nested records are flattened into their parent's name."""
    for key, value in data.items():
        name = f"{prefix}{str(key).replace('_', ' ')}"
        if isinstance(value, Mapping) and _size(value) > 1:
            yield from _items(value, name + " ")
        else:
            yield name, value


def alt_text(
    sidecar: Mapping[str, Any], caption: str = "", limit: int = 300, max_values: int = 12
) -> str:
    """The sidecar's ``alt`` if given; else its title, ``caption``, parameters and numbers shown.

    Arrays of more than ``max_values`` numbers are summarised, and the text is cut at a word
    boundary to at most ``limit`` characters.

    >>> alt_text({"title": "A matrix is a function", "params": {"matrix": [[2, 1], [1, 3]]},
    ...           "determinant": 5.000000001, "image_kind": "plane", "anchors": {}})
    'A matrix is a function. Parameters: matrix [[2, 1], [1, 3]]. Shown: determinant 5, image kind plane.'
    """
    if sidecar.get("alt"):
        return str(sidecar["alt"])[:limit]
    params = [f"{k} {spoken(v, max_values)}" for k, v in _items(sidecar.get("params", {}))]
    shown = {k: v for k, v in sidecar.items() if k not in META_KEYS}
    numbers = [f"{k} {spoken(v, max_values)}" for k, v in _items(shown)]
    title = str(sidecar.get("title") or sidecar.get("scene") or "Animation")
    sentences = [title, caption]
    if params:
        sentences.append("Parameters: " + ", ".join(params))
    if numbers:
        sentences.append("Shown: " + ", ".join(numbers))
    text = " ".join(s.strip().rstrip(".") + "." for s in sentences if s and s.strip())
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return text
