"""Input checks shared by the numeric core.

Every public function validates its arguments through these helpers, so that bad input
raises one ``ValueError`` naming the argument and what was expected.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["as_array", "as_matrix", "as_square", "as_vector", "as_points", "as_direction"]


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
