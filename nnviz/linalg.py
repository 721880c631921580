"""Matrices as functions: apply, compose, determinants, inverses and paths from the identity.

Also the named maps the scenes use (rotation, shear, scale), change of basis, and the
numerical rank questions behind "what does the plane collapse to?".

Singularity and rank are decided with one relative tolerance, ``RTOL = 1e-12``: a singular
value counts as zero when it is at most ``RTOL`` times the largest one. This is unchanged
by rescaling the matrix, unlike a fixed threshold on the determinant (which scales as s^n).
"""

from __future__ import annotations

import numpy as np

from nnviz.checks import as_matrix, as_points, as_square, as_vector, check_scalar

__all__ = [
    "RTOL",
    "SingularMatrixError",
    "apply",
    "basis_images",
    "change_of_basis",
    "column_combination",
    "column_space_direction",
    "compose",
    "determinant",
    "from_basis",
    "image_kind",
    "interpolate",
    "inverse",
    "is_singular",
    "rank",
    "rotation",
    "scale",
    "shear",
    "sign_convention",
    "to_basis",
]

RTOL = 1e-12


class SingularMatrixError(ValueError):
    """A matrix that has no inverse (its determinant is zero up to the relative tolerance)."""


def sign_convention(vectors: np.ndarray) -> np.ndarray:
    """Each column (n, m) scaled so its largest-magnitude entry is real and positive.

    Ties (within 1e-9 relative) go to the first such entry, so (1, -1)/√2 keeps its sign.
    Works for real and complex columns; the eigenvectors, principal components and SeFa
    directions of ``nnviz.eigen`` all follow it, so scenes are stable from run to run.

    >>> sign_convention(np.array([[0.6, 1.0], [-0.8, -1.0]]))
    array([[-0.6,  1. ],
           [ 0.8, -1. ]])
    """
    out = vectors.copy()
    for j in range(out.shape[1]):
        mags = np.abs(out[:, j])
        i = int(np.argmax(mags >= (1.0 - 1e-9) * mags.max()))
        if mags[i] > 0:
            out[:, j] *= np.conj(out[i, j]) / mags[i]
    # + 0.0 turns -0.0 into 0.0, which would otherwise show up in printed examples.
    return (out.real if np.isrealobj(vectors) else out) + 0.0


def apply(matrix: object, points: object) -> np.ndarray:
    """Apply ``matrix`` (n, n) to one point (n,) or a batch (k, n); returns the input's shape.

    >>> apply([[1, 3], [-2, 1]], [7, 8])
    array([31., -6.])
    """
    m = as_square("matrix", matrix)
    pts, single = as_points("points", points, m.shape[0])
    out = pts @ m.T
    return out[0] if single else out


def basis_images(matrix: object) -> np.ndarray:
    """Images of the standard basis vectors as rows: shape (n, n), row i = column i of ``matrix``.

    >>> basis_images([[1, 3], [-2, 1]])
    array([[ 1., -2.],
           [ 3.,  1.]])
    """
    return as_square("matrix", matrix).T.copy()


def column_combination(matrix: object, vector: object) -> np.ndarray:
    """The pieces of ``matrix @ vector``: row j is ``vector[j]`` times column j, shape (n, n).

    Their sum is ``apply(matrix, vector)``: a matrix times a vector is x·(column 1) + y·(column 2).

    >>> column_combination([[1, 3], [-2, 1]], [7, 8])
    array([[  7., -14.],
           [ 24.,   8.]])
    """
    m = as_square("matrix", matrix)
    v = as_vector("vector", vector, m.shape[0])
    return (m * v).T.copy()


def compose(*matrices: object) -> np.ndarray:
    """The map "last argument first": ``compose(F, H)`` is H then F, i.e. F @ H, shape (n, n).

    >>> compose([[1, 3], [-2, 1]], [[0, -3], [4, 1]])
    array([[12.,  0.],
           [ 4.,  7.]])
    """
    if not matrices:
        raise ValueError("matrices must contain at least one (n, n) matrix, got none")
    first = as_square("matrices[0]", matrices[0])
    out = first.copy()
    for i, m in enumerate(matrices[1:], start=1):
        out = out @ as_square(f"matrices[{i}]", m, first.shape[0])
    return out


def determinant(matrix: object) -> float:
    """The signed area (volume) scale factor of ``matrix`` (n, n).

    >>> round(determinant([[1, 3], [-2, 1]]), 9)  # LU rounding: 7.000000000000001
    7.0
    """
    return float(np.linalg.det(as_square("matrix", matrix)))


def rank(matrix: object) -> int:
    """Numerical rank of ``matrix`` (m, n): singular values above ``RTOL`` times the largest.

    >>> rank([[1, 2], [2, 4]])
    1
    """
    s = np.linalg.svd(as_matrix("matrix", matrix), compute_uv=False)
    return int(np.sum(s > RTOL * s[0])) if s[0] > 0 else 0


def is_singular(matrix: object) -> bool:
    """Whether ``matrix`` (n, n) has no inverse: its numerical rank is below n (see ``RTOL``).

    >>> is_singular([[1, 2], [2, 4]]), is_singular([[1, 3], [-2, 1]])
    (True, False)
    """
    m = as_square("matrix", matrix)
    return rank(m) < m.shape[0]


def inverse(matrix: object) -> np.ndarray:
    """The inverse of ``matrix`` (n, n); raises ``SingularMatrixError`` if ``is_singular``.

    >>> inverse([[2, 0], [0, 4]])
    array([[0.5 , 0.  ],
           [0.  , 0.25]])
    """
    m = as_square("matrix", matrix)
    if is_singular(m):
        raise SingularMatrixError(
            f"matrix is singular (determinant {np.linalg.det(m):.6g}), so it has no inverse"
        )
    return np.linalg.inv(m)


def interpolate(matrix: object, t: float) -> np.ndarray:
    """The straight path from the identity, (1 - t)·I + t·matrix, shape (n, n).

    >>> interpolate([[2, 0], [0, 2]], 0.5)
    array([[1.5, 0. ],
           [0. , 1.5]])
    """
    m = as_square("matrix", matrix)
    t = check_scalar(t, "t", float)
    return (1.0 - t) * np.eye(m.shape[0]) + t * m


def rotation(angle: float) -> np.ndarray:
    """Counter-clockwise rotation of the plane by ``angle`` radians, shape (2, 2).

    >>> rotation(np.pi / 2).round(12) + 0.0
    array([[ 0., -1.],
           [ 1.,  0.]])
    """
    a = check_scalar(angle, "angle", float)
    c, s = np.cos(a), np.sin(a)
    return np.array([[c, -s], [s, c]])


def shear(k: float) -> np.ndarray:
    """Horizontal shear (x, y) -> (x + k·y, y), shape (2, 2); it fixes e1.

    >>> shear(1)
    array([[1., 1.],
           [0., 1.]])
    """
    return np.array([[1.0, check_scalar(k, "k", float)], [0.0, 1.0]])


def scale(sx: float, sy: float) -> np.ndarray:
    """Axis scaling (x, y) -> (sx·x, sy·y), shape (2, 2).

    >>> scale(2, 3)
    array([[2., 0.],
           [0., 3.]])
    """
    return np.diag([check_scalar(sx, "sx", float), check_scalar(sy, "sy", float)])


def _as_basis(basis: object, n: int | None = None) -> np.ndarray:
    b = as_square("basis", basis, n)
    if is_singular(b):
        raise SingularMatrixError(
            f"basis must have independent columns, got a singular matrix "
            f"(determinant {np.linalg.det(b):.6g})"
        )
    return b


def change_of_basis(matrix: object, basis: object) -> np.ndarray:
    """The same map written in the basis whose vectors are the columns of B: B⁻¹·M·B, (n, n).

    >>> change_of_basis([[3, 1], [0, 2]], [[1, -1], [0, 1]])
    array([[3., 0.],
           [0., 2.]])
    """
    m = as_square("matrix", matrix)
    b = _as_basis(basis, m.shape[0])
    return np.linalg.solve(b, m @ b)


def to_basis(vector: object, basis: object) -> np.ndarray:
    """Coordinates of ``vector`` (n,) or a batch (k, n) in the basis (columns of B): B⁻¹·v.

    >>> to_basis([3, 1], [[1, 1], [0, 1]])
    array([2., 1.])
    """
    b = _as_basis(basis)
    pts, single = as_points("vector", vector, b.shape[0])
    out = np.linalg.solve(b, pts.T).T
    return out[0] if single else out


def from_basis(coords: object, basis: object) -> np.ndarray:
    """The vector with coordinates ``coords`` (n,) or (k, n) in the basis (columns of B): B·c.

    >>> from_basis([2, 1], [[1, 1], [0, 1]])
    array([3., 1.])
    """
    b = as_square("basis", basis)
    pts, single = as_points("coords", coords, b.shape[0])
    out = pts @ b.T
    return out[0] if single else out


def image_kind(matrix: object) -> str:
    """What the plane collapses to under a (2, 2) map: "plane", "line" or "point".

    >>> image_kind([[1, 2], [2, 4]])
    'line'
    """
    m = as_square("matrix", matrix, 2)
    return ("point", "line", "plane")[rank(m)]


def column_space_direction(matrix: object) -> np.ndarray:
    """Unit direction (n,) of the image line of a rank-1 ``matrix`` (n, n).

    Sign convention: the largest-magnitude component is positive. Raises ``ValueError``
    if the image is not a line.

    >>> column_space_direction([[1, 2], [2, 4]]).round(6)
    array([0.447214, 0.894427])
    """
    m = as_square("matrix", matrix)
    r = rank(m)
    if r != 1:
        raise ValueError(f"matrix must have rank 1 (its image a line), got rank {r}")
    u = np.linalg.svd(m)[0][:, :1]
    return sign_convention(u)[:, 0]
