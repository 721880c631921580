"""Typed scene parameters: declared once per scene, read by the CLI, Makefile, sidecar and gallery.

A scene lists its parameters as a tuple of :class:`Param` objects. Values arrive as Python
objects (from code or a lecture file) or as text (from ``--set key=value``); text is parsed
as JSON-like numbers and lists, never with ``eval``.

A parameter that a scene reads only under another parameter's value declares it with
``only_when=("layer", "custom")``; :func:`validate_params` then never lets a given value be
ignored: giving ``weight`` alone selects ``layer=custom``, and giving it with ``layer=random``
stops with one line saying why.

>>> p = Array("matrix", (2, 2), default=[[1, 3], [-2, 1]])
>>> p.validate(p.parse("[[2, 1], [1, 3]]")).tolist()
[[2.0, 1.0], [1.0, 3.0]]
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import KW_ONLY, dataclass, field, fields
from typing import Any

import numpy as np

__all__ = [
    "ParamError",
    "Param",
    "Array",
    "Number",
    "Choice",
    "Flag",
    "validate_params",
    "split_assignments",
    "to_jsonable",
    "Names",
    "nonzero",
    "invertible",
    "all_of",
    "at_most_items",
    "MATRIX_MAX_ABS",
    "MAX_TEXT",
    "short",
]

#: Longest text accepted for one value (``--set``): a 1000-number array is far shorter.
MAX_TEXT = 100_000


def short(value: Any, limit: int = 40) -> str:
    """``repr(value)`` cut to ``limit`` characters, so that an error message stays one short line."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class ParamError(ValueError):
    """A parameter value was wrong; the message says what was wrong and what is expected."""


@dataclass(frozen=True)
class Param:
    """Base declaration: a name, a default, a help line and optional extra checks.

    ``check`` receives the converted value and raises ``ValueError`` with a short reason.
    ``only_when=(other, value)`` (or ``(other, (value, ...))``) says that the scene reads this
    parameter only while the :class:`Choice` ``other`` has one of those values.
    """

    name: str
    _: KW_ONLY
    default: Any
    help: str = ""
    check: Callable[[Any], None] | None = field(default=None, compare=False)
    only_when: tuple[str, tuple[str, ...]] | None = None

    kind: str = "value"

    def __post_init__(self) -> None:
        if self.only_when is not None:  # one value or several: always a tuple of values
            other, values = self.only_when
            values = (values,) if isinstance(values, str) else tuple(values)
            object.__setattr__(self, "only_when", (other, values))

    def parse(self, text: str) -> Any:
        """Turn command-line text into a Python value (numbers and lists as JSON)."""
        if len(text) > MAX_TEXT:
            raise ParamError(f"{self.name}: {len(text)} characters is too long to be a value")
        try:
            return json.loads(text)
        except ValueError:  # JSONDecodeError, and integers of more than 4300 digits
            raise ParamError(
                f"{self.name}: cannot read {short(text)}; expected {self.expected()}"
            ) from None

    def convert(self, value: Any) -> Any:
        return value

    def validate(self, value: Any) -> Any:
        """Convert and check ``value``; raise :class:`ParamError` naming this parameter."""
        try:
            out = self.convert(value)
            if self.check is not None:
                self.check(out)
        except ParamError:
            raise
        except RecursionError:
            raise ParamError(
                f"{self.name}: nested too deeply; expected {self.expected()}"
            ) from None
        except (ValueError, TypeError, ArithmeticError) as exc:
            raise ParamError(f"{self.name}: {' '.join(str(exc).split())}") from None
        return out

    def expected(self) -> str:
        """What a valid value looks like, for messages and ``list``."""
        return "a value"

    def describe(self) -> str:
        text = f"{self.name}: {self.expected()} (default {json.dumps(to_jsonable(self.default))})"
        if self.only_when is not None:
            text += f"; used only when {_condition_text(*self.only_when)}"
        return text

    def spec(self) -> dict[str, Any]:
        """The declaration as plain JSON data (``nnviz list --json``), for generated forms.

        Unbounded limits are ``null``; ``only_when`` is ``{"param": NAME, "values": [...]}``.
        """
        skip = {"name", "check", "only_when", "_"}
        out: dict[str, Any] = {"kind": self.kind, "expected": self.expected()}
        for f in fields(self):
            if f.name not in skip and f.name != "kind":
                value = to_jsonable(getattr(self, f.name))
                out[f.name] = None if isinstance(value, float) and math.isinf(value) else value
        out["only_when"] = (
            None
            if self.only_when is None
            else {"param": self.only_when[0], "values": list(self.only_when[1])}
        )
        return out


def _num(x: float) -> str:
    """A limit for messages: whole numbers in full (2147483647, not 2.14748e+09)."""
    return str(int(x)) if float(x).is_integer() and abs(x) < 1e15 else f"{x:g}"


def _condition_text(other: str, values: tuple[str, ...]) -> str:
    return f"{other}={values[0]}" if len(values) == 1 else f"{other} is one of {', '.join(values)}"


def _format_shape(shape: tuple[int | None, ...]) -> str:
    return "×".join("n" if s is None else str(s) for s in shape)


def _example(shape: tuple[int | None, ...]) -> str:
    if len(shape) == 1:
        return "[" + ", ".join(str(i + 1) for i in range(shape[0] or 2)) + "]"
    rows, cols = shape[0] or 2, shape[1] or 2
    return (
        "["
        + ", ".join(
            "[" + ", ".join(str(r * cols + c + 1) for c in range(cols)) + "]" for r in range(rows)
        )
        + "]"
    )


@dataclass(frozen=True)
class Array(Param):
    """A finite float array of a fixed shape; ``None`` in ``shape`` means any length.

    ``max_abs`` bounds every entry, so that a scene can always frame what it is given.
    """

    shape: tuple[int | None, ...] = (2,)
    _: KW_ONLY
    max_abs: float = 100.0
    max_size: int = 1000
    kind: str = "array"

    def expected(self) -> str:
        what = "vector" if len(self.shape) == 1 else "matrix"
        return (
            f"a {_format_shape(self.shape)} {what} of numbers with |entries| <= {self.max_abs:g},"
            f" like {_example(self.shape)}"
        )

    def convert(self, value: Any) -> np.ndarray:
        if isinstance(value, str):
            value = self.parse(value)
        if _has_non_numbers(value):
            raise ParamError(f"{self.name}: entries must be numbers; expected {self.expected()}")
        try:
            arr = np.array(value, dtype=np.float64)
        except OverflowError:  # an integer beyond float range
            raise ParamError(
                f"{self.name}: a number is too large; expected {self.expected()}"
            ) from None
        except (TypeError, ValueError):
            raise ParamError(
                f"{self.name}: ragged or malformed array; expected {self.expected()}"
            ) from None
        if arr.size > self.max_size:
            raise ParamError(f"{self.name}: at most {self.max_size} numbers, got {arr.size}")
        if arr.ndim != len(self.shape) or any(
            want is not None and want != got
            for want, got in zip(self.shape, arr.shape, strict=True)
        ):
            raise ParamError(
                f"{self.name}: got shape {_format_shape(arr.shape)}; expected {self.expected()}"
            )
        if arr.size == 0:
            raise ParamError(f"{self.name}: must not be empty; expected {self.expected()}")
        if not np.all(np.isfinite(arr)):
            raise ParamError(f"{self.name}: NaN and infinity are not allowed")
        if np.max(np.abs(arr)) > self.max_abs:
            raise ParamError(
                f"{self.name}: entries must be at most {self.max_abs:g} in absolute value,"
                f" got {np.max(np.abs(arr)):g}"
            )
        return arr


def _has_non_numbers(value: Any) -> bool:
    """True where a nested list holds anything but int/float (bools and strings included)."""
    if isinstance(value, (list, tuple)):
        return any(_has_non_numbers(v) for v in value)
    if isinstance(value, np.ndarray):
        return value.dtype.kind not in "iuf"
    return isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating))


@dataclass(frozen=True)
class Number(Param):
    """A finite number in [minimum, maximum]; ``integer=True`` asks for a whole number."""

    _: KW_ONLY
    minimum: float = -math.inf
    maximum: float = math.inf
    integer: bool = False
    kind: str = "number"

    LARGEST = 2**53  # beyond this a whole number is no longer exact as a float

    def expected(self) -> str:
        what = "an integer" if self.integer else "a number"
        if math.isfinite(self.minimum) and math.isfinite(self.maximum):
            return f"{what} from {_num(self.minimum)} to {_num(self.maximum)}"
        if math.isfinite(self.minimum):
            return f"{what} >= {_num(self.minimum)}"
        if math.isfinite(self.maximum):
            return f"{what} <= {_num(self.maximum)}"
        return what

    def convert(self, value: Any) -> float | int:
        if isinstance(value, str):
            value = self.parse(value)
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
            raise ParamError(f"{self.name}: got {short(value)}; expected {self.expected()}")
        if isinstance(value, int) and not -self.LARGEST <= value <= self.LARGEST:
            raise ParamError(f"{self.name}: the number is too large; expected {self.expected()}")
        if not math.isfinite(value):
            raise ParamError(f"{self.name}: NaN and infinity are not allowed")
        if self.integer:
            if float(value) != int(value):
                raise ParamError(f"{self.name}: got {short(value)}; expected {self.expected()}")
            value = int(value)
        else:
            value = float(value)
        if not self.minimum <= value <= self.maximum:
            raise ParamError(f"{self.name}: got {value:g}; expected {self.expected()}")
        return value


@dataclass(frozen=True)
class Choice(Param):
    """One of a fixed set of names (for example a dataset or an activation)."""

    _: KW_ONLY
    choices: tuple[str, ...] = ()
    kind: str = "choice"

    def expected(self) -> str:
        return "one of " + ", ".join(self.choices)

    def parse(self, text: str) -> Any:
        # Bare words are the natural way to type a name; quoted JSON strings work too.
        text = text.strip()
        return text[1:-1] if len(text) >= 2 and text[0] == text[-1] == '"' else text

    def convert(self, value: Any) -> str:
        if not isinstance(value, str) or value not in self.choices:
            raise ParamError(
                f"{self.name}: unknown value {short(value)}; expected {self.expected()}"
            )
        return value


@dataclass(frozen=True)
class Flag(Param):
    """A boolean: true/false."""

    kind: str = "flag"

    def expected(self) -> str:
        return "true or false"

    def convert(self, value: Any) -> bool:
        if isinstance(value, str):
            value = self.parse(value.lower())
        if not isinstance(value, bool):
            raise ParamError(f"{self.name}: got {short(value)}; expected {self.expected()}")
        return value


def validate_params(
    declared: Sequence[Param], given: Mapping[str, Any], scene: str = "scene"
) -> dict[str, Any]:
    """Defaults overlaid with ``given``, every value converted and checked.

    A given parameter declared ``only_when=(other, values)`` selects ``other`` when ``other`` is
    not given and only one value fits; a given value that the scene would not read (the
    condition is false) is an error, never silently ignored. A value equal to the default
    changes nothing and passes, so validated values (a sidecar's ``params``) validate again.

    Raises :class:`ParamError` for an unknown name, a bad value or a contradiction.

    >>> declared = (Choice("layer", default="random", choices=("random", "custom")),
    ...             Number("weight", default=1.0, only_when=("layer", "custom")))
    >>> validate_params(declared, {"weight": 2})
    {'layer': 'custom', 'weight': 2.0}
    """
    declared = tuple(declared) if isinstance(declared, (tuple, list)) else (None,)
    if not all(isinstance(p, Param) for p in declared):
        raise ParamError(f"{scene}.PARAMS must be a tuple of parameter declarations")
    if not isinstance(given, Mapping):
        raise ParamError(
            f"{scene}: parameters must be a table of name = value, got {type(given).__name__}"
        )
    by_name = {p.name: p for p in declared}
    unknown = sorted(set(given) - set(by_name), key=str)
    if unknown:
        known = ", ".join(by_name) or "none"
        raise ParamError(
            f"{scene} has no parameter {short(unknown[0])}; its parameters are: {known}"
        )
    chosen = _selections(declared, given, by_name, scene)
    values = {**given, **{other: value for other, (value, _) in chosen.items()}}
    out = {p.name: p.validate(values.get(p.name, p.default)) for p in declared}
    for p in declared:
        if p.only_when is None or p.name not in given:
            continue
        other, allowed = p.only_when
        if out[other] in allowed or _same(out[p.name], p.validate(p.default)):
            continue  # the default changes nothing, so a complete set of values re-validates
        if other in chosen:
            why = f"{chosen[other][1]} selects {other}={out[other]}"
        else:
            why = f"{other}={out[other]}"
        raise ParamError(
            f"{p.name}: used only when {_condition_text(other, allowed)}, but {why};"
            f" drop {p.name} or set {_condition_text(other, allowed)}"
        )
    return out


def _same(a: Any, b: Any) -> bool:
    return to_jsonable(a) == to_jsonable(b)


def _selections(
    declared: tuple[Param, ...], given: Mapping[str, Any], by_name: dict[str, Param], scene: str
) -> dict[str, tuple[str, str]]:
    """``{controller: (value, selecting parameter)}`` for controllers the user left out.

    A given dependent parameter selects its controller's value when the controller is not given,
    its default would not read the parameter, and exactly one value would.
    """
    chosen: dict[str, tuple[str, str]] = {}
    for p in declared:
        if p.only_when is None or p.name not in given:
            continue
        other, allowed = p.only_when
        control = by_name.get(other)
        if not isinstance(control, Choice) or not set(allowed) <= set(control.choices):
            raise ParamError(
                f"{scene}: {p.name} is declared only_when {other} has a value it lacks"
            )
        if other in given or other in chosen or control.default in allowed:
            continue
        if len(allowed) > 1:
            raise ParamError(
                f"{p.name}: used only when {_condition_text(other, allowed)}; give {other} too"
            )
        chosen[other] = (allowed[0], p.name)
    return chosen


_ASSIGNMENT = re.compile(r"([A-Za-z_]\w*)=")


def split_assignments(text: str) -> dict[str, str]:
    """Split ``"a=[1, 2] b=3"`` into ``{"a": "[1, 2]", "b": "3"}``.

    Whitespace only separates assignments outside brackets, so lists may contain spaces.
    A key given twice is an error (one of the values would be ignored).
    """
    out: dict[str, str] = {}
    depth, start, parts = 0, 0, []
    for i, ch in enumerate(text):
        if ch in "[(":
            depth += 1
        elif ch in "])":
            depth -= 1
        elif ch.isspace() and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    for part in filter(None, (p.strip() for p in parts)):
        m = _ASSIGNMENT.match(part)
        if not m:
            raise ParamError(
                f"cannot read {short(part)}; expected key=value, like matrix=[[2,1],[1,3]]"
            )
        if m.group(1) in out:
            raise ParamError(f"{m.group(1)} is given twice; give each parameter once")
        out[m.group(1)] = part[m.end() :]
    return out


def to_jsonable(value: Any) -> Any:
    """Numpy arrays and scalars as plain lists and numbers, for JSON sidecars."""
    if isinstance(value, np.ndarray):
        return to_jsonable(value.tolist())
    if isinstance(value, (np.floating, np.integer, np.bool_)):
        return value.item()
    if isinstance(value, complex):
        return {"re": value.real, "im": value.imag}
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    return value


@dataclass(frozen=True)
class Names(Param):
    """A list of names, each one of ``choices`` (e.g. activations to compare), without repeats.

    Text is a JSON list (``["relu", "tanh"]``) or bare words separated by commas (``relu,tanh``).

    >>> Names("names", default=["relu"], choices=("relu", "tanh")).validate("tanh,relu")
    ['tanh', 'relu']
    """

    _: KW_ONLY
    choices: tuple[str, ...] = ()
    min_count: int = 1
    max_count: int = 3
    kind: str = "names"

    def expected(self) -> str:
        return (
            f"{self.min_count} to {self.max_count} different names from "
            + ", ".join(self.choices)
            + f", like {','.join(self.choices[: self.min_count + 1])}"
        )

    def parse(self, text: str) -> Any:
        text = text.strip()
        if text.startswith("["):
            return super().parse(text)
        return [t.strip().strip('"') for t in text.split(",") if t.strip()]

    def convert(self, value: Any) -> list[str]:
        if isinstance(value, str):
            value = self.parse(value)
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            raise ParamError(f"{self.name}: got {short(value)}; expected {self.expected()}")
        unknown = [v for v in value if v not in self.choices]
        if unknown:
            raise ParamError(
                f"{self.name}: unknown name {short(unknown[0])}; expected {self.expected()}"
            )
        if not self.min_count <= len(value) <= self.max_count or len(set(value)) != len(value):
            raise ParamError(f"{self.name}: got {short(list(value))}; expected {self.expected()}")
        return list(value)


# -- shared checks for Param(check=...): reuse these instead of writing lambdas ----------------


def nonzero(value: np.ndarray) -> None:
    """A direction must not be the zero vector (every row, for a stack of directions)."""
    rows = np.atleast_2d(value)
    for i, row in enumerate(rows):
        if not np.any(row):
            where = "" if np.ndim(value) == 1 else f" (row {i + 1})"
            raise ValueError(f"must be a non-zero direction{where}, got the zero vector")


def invertible(value: np.ndarray) -> None:
    """A basis (square matrix) must have independent columns."""
    from nnviz.linalg import determinant, is_singular

    if is_singular(value):
        raise ValueError(
            f"columns must be independent (a basis), got determinant {determinant(value):.3g}"
        )


def all_of(*checks: Callable[[Any], None]) -> Callable[[Any], None]:
    """One check that runs several in order, e.g. ``check=all_of(nonzero, invertible)``."""

    def run(value: Any) -> None:
        for check in checks:
            check(value)

    return run


def at_most_items(limit: int) -> Callable[[Any], None]:
    """A list (first axis) of at most ``limit`` items, so that every label fits on screen."""

    def run(value: np.ndarray) -> None:
        if len(value) > limit:
            raise ValueError(f"at most {limit} items fit on screen, got {len(value)}")

    return run


#: Entry bound for 2×2 maps that the lectures draw: larger entries would shrink the unit
#: grid to a few pixels (and products to thousands), so they are rejected up front.
MATRIX_MAX_ABS = 10.0
