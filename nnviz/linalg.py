"""Matrices as functions: apply, compose, determinants, inverses and paths from the identity."""

from __future__ import annotations

import numpy as np

from nnviz.checks import as_points, as_square

__all__ = ["apply", "basis_images", "determinant", "interpolate", "image_kind"]


def apply(matrix: object, points: object) -> np.ndarray:
    """Apply ``matrix`` (n, n) to one point (n,) or a batch (k, n); the result has the input's shape.

    >>> apply([[1, 3], [-2, 1]], [7, 8])
    array([31., -6.])
    """
    m = as_square("matrix", matrix)
    pts, single = as_points("points", points, m.shape[0])
    out = pts @ m.T
    return out[0] if single else out


def basis_images(matrix: object) -> np.ndarray:
    """Images of the standard basis vectors, one per row: shape (n, n), row i = column i of ``matrix``.

    >>> basis_images([[1, 3], [-2, 1]])
    array([[ 1., -2.],
           [ 3.,  1.]])
    """
    return as_square("matrix", matrix).T.copy()


def determinant(matrix: object) -> float:
    """The signed area (volume) scale factor of ``matrix`` (n, n).

    >>> determinant([[1, 3], [-2, 1]])
    7.0
    """
    return float(np.linalg.det(as_square("matrix", matrix)))


def interpolate(matrix: object, t: float) -> np.ndarray:
    """The straight path from the identity, (1 - t)·I + t·matrix, shape (n, n).

    >>> interpolate([[2, 0], [0, 2]], 0.5)
    array([[1.5, 0. ],
           [0. , 1.5]])
    """
    m = as_square("matrix", matrix)
    return (1.0 - t) * np.eye(m.shape[0]) + t * m


def image_kind(matrix: object, tol: float = 1e-9) -> str:
    """What a 2×2 map does to the plane: "plane" (invertible), "line" or "point".

    >>> image_kind([[1, 2], [2, 4]])
    'line'
    """
    m = as_square("matrix", matrix, 2)
    s = np.linalg.svd(m, compute_uv=False)
    scale = max(float(s[0]), 1.0)
    rank = int(np.sum(s > tol * scale))
    return ("point", "line", "plane")[rank]
