"""Projections, signed distances to hyperplanes, and InterFaceGAN-style latent editing.

A hyperplane is given by a normal n and an offset b: the points x with n·x + b = 0.
Its signed distance is (n·x + b)/‖n‖, positive on the side n points to.
"""

from __future__ import annotations

import numpy as np

from nnviz.checks import as_array, as_direction, as_directions, as_points, as_vector, check_scalar
from nnviz.linalg import RTOL

__all__ = [
    "SPAN_RTOL",
    "condition",
    "dot",
    "dot_as_projection",
    "edit",
    "move_along",
    "norm",
    "project",
    "project_onto_subspace",
    "reject",
    "signed_distance",
]

# A conditioned direction shorter than this fraction of the original lies in the span.
SPAN_RTOL = 1e-9


def project(v: object, onto: object) -> np.ndarray:
    """Orthogonal projection of ``v`` (n,) or (k, n) onto the line of ``onto`` (n,).

    >>> project([2, 3], [1, 0])
    array([2., 0.])
    """
    u = as_direction("onto", onto)
    pts, single = as_points("v", v, u.shape[0])
    out = np.outer(pts @ u / (u @ u), u)
    return out[0] if single else out


def reject(v: object, onto: object) -> np.ndarray:
    """The part of ``v`` (n,) or (k, n) orthogonal to ``onto`` (n,): v - project(v, onto).

    >>> reject([2, 3], [1, 0])
    array([0., 3.])
    """
    u = as_direction("onto", onto)
    pts, single = as_points("v", v, u.shape[0])
    out = pts - np.outer(pts @ u / (u @ u), u)
    return out[0] if single else out


def project_onto_subspace(v: object, basis_vectors: object) -> np.ndarray:
    """Orthogonal projection of ``v`` (n,) or (k, n) onto the span of ``basis_vectors``.

    ``basis_vectors`` is one vector (n,) or rows (m, n); they need not be orthogonal or
    even independent (an orthonormal basis of their span is found by SVD).

    >>> project_onto_subspace([1, 2, 3], [[1, 0, 0], [1, 1, 0]])
    array([1., 2., 0.])
    """
    pts, single = as_points("v", v)
    rows = as_directions("basis_vectors", basis_vectors, pts.shape[1])
    _, s, vt = np.linalg.svd(rows, full_matrices=False)
    q = vt[s > RTOL * s[0]]
    out = (pts @ q.T) @ q
    return out[0] if single else out


def signed_distance(points: object, normal: object, offset: float = 0.0) -> np.ndarray | float:
    """Signed distance (n·x + b)/‖n‖ of ``points`` (d,) -> float, or (k, d) -> (k,).

    >>> signed_distance([[3, 4], [0, -1]], [0, 2], offset=2.0)
    array([5., 0.])
    """
    n = as_direction("normal", normal)
    pts, single = as_points("points", points, n.shape[0])
    b = check_scalar(offset, "offset", float)
    out = (pts @ n + b) / np.linalg.norm(n)
    return float(out[0]) if single else out


def dot(u: object, v: object) -> float:
    """The dot product u·v of two vectors of the same shape (n,).

    >>> dot([1, 3], [7, 8])
    31.0
    """
    a = as_vector("u", u)
    b = as_vector("v", v, a.shape[0])
    return float(a @ b)


def norm(v: object) -> float:
    """The Euclidean length ‖v‖ of a vector (n,).

    >>> norm([3, 4])
    5.0
    """
    return float(np.linalg.norm(as_vector("v", v)))


def dot_as_projection(u: object, v: object) -> float:
    """Signed length of v's projection onto the line of ``u``: u·v / ‖u‖, so u·v = ‖u‖·this.

    >>> dot_as_projection([2, 0], [3, 5])
    3.0
    """
    a = as_direction("u", u)
    b = as_vector("v", v, a.shape[0])
    return float(a @ b / np.linalg.norm(a))


def condition(direction: object, conditions: object) -> np.ndarray:
    """InterFaceGAN's conditional direction: remove the parts along the conditions, renormalise.

    ``direction`` is (d,); ``conditions`` is one direction (d,) or rows (m, d), not
    necessarily unit or orthogonal. With C the (m, d) rows, solve (CCᵀ)x = Cn in the
    least-squares sense and return n' = n - Cᵀx scaled to unit length, shape (d,).
    Raises ``ValueError`` if ``direction`` lies in the span of the conditions.

    >>> condition([1, 1, 0], [1, 0, 0])
    array([0., 1., 0.])
    """
    n = as_direction("direction", direction)
    c = as_directions("conditions", conditions, n.shape[0])
    # lstsq on Cᵀx ≈ n solves the normal equations (CCᵀ)x = Cn, and still gives the right
    # projection when the conditions are dependent (CCᵀ singular).
    x = np.linalg.lstsq(c.T, n, rcond=None)[0]
    rest = n - c.T @ x
    norm = np.linalg.norm(rest)
    if norm <= SPAN_RTOL * np.linalg.norm(n):
        raise ValueError(
            "direction lies in the span of conditions, so nothing is left after removing them"
        )
    return rest / norm


def edit(z: object, direction: object, distances: object, offset: float = 0.0) -> np.ndarray:
    """Move ``z`` (d,) along the unit normal to sit at each signed distance: shape (m, d).

    For the hyperplane direction·x + offset = 0 with unit normal n̂, returns
    z + (α - signed_distance(z))·n̂ for each α in ``distances`` (a scalar or (m,)).

    >>> edit([1, 5], [0, 2], [-1, 0, 2])
    array([[ 1., -1.],
           [ 1.,  0.],
           [ 1.,  2.]])
    """
    p, n, unit, alphas = _steps(z, direction, "distances", distances)
    d0 = (p @ n + check_scalar(offset, "offset", float)) / np.linalg.norm(n)
    return p + np.outer(alphas - d0, unit)


def move_along(z: object, direction: object, alphas: object) -> np.ndarray:
    """Latent edits z + α·n̂ for each α in ``alphas`` (a scalar or (m,)), n̂ the unit direction: (m, d).

    Each step of α moves the point's signed distance to the hyperplane with normal n̂ by exactly α.

    >>> move_along([1, 1], [0, 2], [-1, 0, 2])
    array([[1., 0.],
           [1., 1.],
           [1., 3.]])
    """
    p, _, unit, a = _steps(z, direction, "alphas", alphas)
    return p + np.outer(a, unit)


def _steps(
    z: object, direction: object, name: str, amounts: object
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Checked (z (d,), direction (d,), its unit vector (d,), amounts (m,)) for edits along it."""
    n = as_direction("direction", direction)
    p = as_vector("z", z, n.shape[0])
    a = as_array(name, amounts)
    if a.ndim > 1:
        raise ValueError(f"{name} must be a scalar or shape (m,), got shape {a.shape}")
    return p, n, n / np.linalg.norm(n), np.atleast_1d(a)
