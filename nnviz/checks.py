"""Input checks shared by the numeric core.

Every public function validates its arguments through these helpers, so that bad input
raises one ``ValueError`` naming the argument and what was expected: arrays through the
``as_*`` helpers, single numbers (counts, seeds, rates) through ``check_scalar``, names
picked from a table through ``check_choice``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Literal

import numpy as np

__all__ = [
    "as_array",
    "as_direction",
    "as_directions",
    "as_matrix",
    "as_points",
    "as_square",
    "as_symmetric",
    "as_vector",
    "check_choice",
    "check_scalar",
    "check_target",
]

Boundaries = Literal["both", "left", "right", "neither"]


def check_scalar(
    x: object,
    name: str,
    target_type: type[int] | type[float],
    *,
    min_val: float | None = None,
    max_val: float | None = None,
    include_boundaries: Boundaries = "both",
) -> int | float:
    """``x`` as an ``int`` or a finite ``float``, in range, or one ``ValueError`` saying so.

    Modelled on scikit-learn's ``check_scalar``. ``target_type`` is ``int`` (Python and numpy
    integers; never a bool, never a float such as 3.0) or ``float`` (any real number,
    integers included; never a bool, NaN or infinity). A 0-d numpy array counts as its
    element. ``include_boundaries`` says which of ``min_val`` and ``max_val`` are allowed:
    "both", "left" (min only), "right" (max only) or "neither". Every failure, whether of
    type or of range, raises the same sentence:

    >>> check_scalar(3, "steps", int, min_val=1)
    3
    >>> check_scalar(3.0, "steps", int, min_val=1)
    Traceback (most recent call last):
    ...
    ValueError: steps must be an integer >= 1, got 3.0
    >>> check_scalar(float("nan"), "lr", float, min_val=0, include_boundaries="right")
    Traceback (most recent call last):
    ...
    ValueError: lr must be a finite number > 0, got nan
    """
    if target_type not in (int, float):
        raise TypeError(f"target_type must be int or float, got {target_type!r}")
    lo_closed, hi_closed = _closed(include_boundaries)
    value = _number(x, target_type)
    if (
        value is None
        or (min_val is not None and (value < min_val or (value == min_val and not lo_closed)))
        or (max_val is not None and (value > max_val or (value == max_val and not hi_closed)))
    ):
        raise ValueError(
            f"{name} must be {_expected(target_type, min_val, max_val, include_boundaries)}, "
            f"got {_shown(x)}"
        )
    return value


def _number(x: object, target_type: type[int] | type[float]) -> int | float | None:
    """``x`` as a plain ``target_type``, or None if it is not one (bools, 3.0 for int, NaN)."""
    if isinstance(x, np.generic | np.ndarray) and np.ndim(x) == 0:
        x = x.item()  # numpy scalars and 0-d arrays become Python numbers (np.bool_ a bool)
    if isinstance(x, bool) or not isinstance(x, int if target_type is int else int | float):
        return None
    if target_type is int:
        return x
    try:
        value = float(x)
    except OverflowError:  # an int too large for a float
        return None
    return value if math.isfinite(value) else None


def _closed(boundaries: Boundaries) -> tuple[bool, bool]:
    """Whether the (min, max) ends are allowed, from ``include_boundaries``."""
    if boundaries not in ("both", "left", "right", "neither"):
        raise TypeError(
            f"include_boundaries must be both, left, right or neither, got {boundaries!r}"
        )
    return boundaries in ("both", "left"), boundaries in ("both", "right")


def check_choice(x: object, name: str, choices: Iterable[str]) -> str:
    """``x`` if it is one of the names ``choices``, else one ``ValueError`` listing them.

    >>> check_choice("tanh", "activation", {"tanh": 1, "relu": 2})
    'tanh'
    >>> check_choice("swish", "activation", {"tanh": 1, "relu": 2})
    Traceback (most recent call last):
    ...
    ValueError: activation must be one of ['relu', 'tanh'], got 'swish'
    """
    options = sorted(choices)
    if not isinstance(x, str) or x not in options:
        raise ValueError(f"{name} must be one of {options}, got {_shown(x)}")
    return x


def _expected(
    target_type: type, min_val: float | None, max_val: float | None, boundaries: Boundaries
) -> str:
    """What ``check_scalar`` asks for: "an integer >= 1", "a finite number in [0, 1)"."""
    what = "an integer" if target_type is int else "a finite number"
    lo_closed, hi_closed = _closed(boundaries)
    lo, hi = _bound(min_val), _bound(max_val)
    if min_val is not None and max_val is not None:
        return f"{what} in {'[' if lo_closed else '('}{lo}, {hi}{']' if hi_closed else ')'}"
    if min_val is not None:
        return f"{what} {'>=' if lo_closed else '>'} {lo}"
    if max_val is not None:
        return f"{what} {'<=' if hi_closed else '<'} {hi}"
    return what


def _bound(v: float | None) -> str:
    """A bound as written: integers in full (1000000), other numbers short (0.0001)."""
    return str(v) if v is None or isinstance(v, int) else f"{v:g}"


def _shown(x: object) -> str:
    """``repr`` of the value the caller gave, without numpy's ``np.float64(...)`` wrapper."""
    if isinstance(x, np.generic) or (isinstance(x, np.ndarray) and x.ndim == 0):
        x = x.item()
    text = repr(x)
    return text if len(text) <= 40 else text[:37] + "..."  # the message stays one short line


def as_array(name: str, value: object) -> np.ndarray:
    """Convert ``value`` to a finite float64 array, or raise ``ValueError`` naming ``name``."""
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numeric, got {value!r}") from None
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (no NaN or infinity), got {value!r}")
    return arr


def as_vector(name: str, value: object, dim: int | None = None) -> np.ndarray:
    """A vector of shape (dim,)."""
    arr = as_array(name, value)
    if arr.ndim != 1 or (dim is not None and arr.shape[0] != dim):
        want = f"({dim},)" if dim is not None else "(n,)"
        raise ValueError(f"{name} must be a vector of shape {want}, got shape {arr.shape}")
    return arr


def as_matrix(name: str, value: object, shape: Sequence[int | None] | None = None) -> np.ndarray:
    """A 2-D array; ``shape`` may fix either dimension (``None`` means any)."""
    arr = as_array(name, value)
    if arr.ndim != 2:
        raise ValueError(f"{name} must be a 2-D matrix, got shape {arr.shape}")
    if shape is not None and any(
        w is not None and w != s for w, s in zip(shape, arr.shape, strict=True)
    ):
        want = "(" + ", ".join("n" if w is None else str(w) for w in shape) + ")"
        raise ValueError(f"{name} must have shape {want}, got shape {arr.shape}")
    return arr


def as_square(name: str, value: object, n: int | None = None) -> np.ndarray:
    """A square matrix of shape (n, n)."""
    arr = as_matrix(name, value)
    if arr.shape[0] != arr.shape[1] or (n is not None and arr.shape[0] != n):
        want = f"({n}, {n})" if n is not None else "square (n, n)"
        raise ValueError(f"{name} must be a {want} matrix, got shape {arr.shape}")
    return arr


def as_symmetric(name: str, value: object, n: int | None = None) -> np.ndarray:
    """A symmetric matrix (n, n): equal to its transpose up to ``numpy.allclose``."""
    arr = as_square(name, value, n)
    if not np.allclose(arr, arr.T):
        raise ValueError(f"{name} must be symmetric, got {_shown(arr.tolist())}")
    return arr


def as_points(name: str, value: object, dim: int | None = None) -> tuple[np.ndarray, bool]:
    """Points as a (k, dim) batch; also returns whether the input was a single (dim,) vector."""
    arr = as_array(name, value)
    if arr.ndim == 1:
        arr, single = arr[None, :], True
    elif arr.ndim == 2:
        single = False
    else:
        raise ValueError(f"{name} must have shape (n,) or (k, n), got shape {arr.shape}")
    if dim is not None and arr.shape[1] != dim:
        raise ValueError(f"{name} must have {dim} coordinates per point, got {arr.shape[1]}")
    return arr, single


def as_direction(name: str, value: object, dim: int | None = None) -> np.ndarray:
    """A non-zero vector (a direction); it is not normalised here."""
    arr = as_vector(name, value, dim)
    if not np.any(arr):
        raise ValueError(f"{name} must be a non-zero direction, got the zero vector")
    return arr


def as_directions(name: str, value: object, dim: int | None = None) -> np.ndarray:
    """Non-zero directions as rows (m, dim); a single vector (dim,) becomes one row.

    They are not normalised here.
    """
    rows, _ = as_points(name, value, dim)
    zero = np.flatnonzero(~np.any(rows, axis=1))
    if zero.size:
        raise ValueError(f"{name} rows must be non-zero, but row {zero[0]} is the zero vector")
    return rows


def check_target(name: str, y: np.ndarray, output: str, loss: str) -> None:
    """Targets ``y`` (k, n) for a net whose ``output`` activation and ``loss`` are named.

    Softmax with cross-entropy needs rows that sum to 1 (one-hot or probabilities): the
    backward pass uses δᴸ = a − y, which holds only then. Other pairs take any finite y.

    >>> check_target("y", np.array([[0.5, 0.6]]), "softmax", "cross_entropy")
    Traceback (most recent call last):
    ...
    ValueError: y rows must sum to 1 (one-hot or probabilities) for a softmax ... like 1.1
    """
    if output == "softmax" and loss == "cross_entropy":
        off = np.abs(np.sum(y, axis=-1) - 1.0).ravel()
        if off.max() > 1e-9:
            worst = np.sum(y, axis=-1).ravel()[np.argmax(off)]
            raise ValueError(
                f"{name} rows must sum to 1 (one-hot or probabilities) for a softmax output "
                f"with cross_entropy, got row sums like {worst:g}"
            )
