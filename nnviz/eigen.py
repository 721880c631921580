"""Eigenvectors, covariance and PCA, the SVD as rotate-scale-rotate, and SeFa.

Sign convention (all unit vectors returned here, so scenes are stable from run to run):
the largest-magnitude component is positive (the first one, if several tie). Complex
eigenvectors are scaled by a phase so that component is real and positive.

Eigenvalue tolerance for an (n, n) matrix A: two eigenvalues closer than ``rtol · ‖A‖₂``
count as equal, and an imaginary part smaller than that counts as zero, with
``rtol = min(max(EIG_RTOL, 10 · ε^(1/n)), 1e-3)``: 1e-6 for 2x2, about 6e-5 for 3x3. It is
loose because an n-fold eigenvalue of a defective matrix is only computed to about ε^(1/n);
the cap keeps larger matrices from merging genuinely different values (so for n >= 4 a
defective matrix in a skewed basis may be reported as "real" or "complex").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnviz.checks import as_directions, as_matrix, as_points, as_square, as_vector, check_scalar
from nnviz.linalg import RTOL, sign_convention

__all__ = [
    "EIG_RTOL",
    "PCA",
    "SVD",
    "Eigen",
    "SeFa",
    "covariance",
    "diagonalize",
    "dominant",
    "eigen",
    "pca",
    "pca_project",
    "pca_reconstruct",
    "power_iterates",
    "sefa",
    "sefa_step_norms",
    "svd",
]

EIG_RTOL = 1e-6


@dataclass(frozen=True)
class Eigen:
    """Eigen-decomposition of an (n, n) matrix.

    values: (n,) all eigenvalues with multiplicity, by descending real part (then imaginary
        part); float64, or complex128 when ``kind == "complex"``.
    vectors: (n, g) unit eigenvectors as columns. For "real" and "repeated", g = n and column
        j pairs with values[j]. For "defective", g < n: one column per independent
        eigenvector, in the order of their eigenvalues (a 2x2 shear gives shape (2, 1)).
        For "complex", the (n, n) complex eigenvectors from ``numpy.linalg.eig``, column j
        pairing with values[j]; a real rotation has no real eigenvector.
    kind: "real" (distinct real values), "repeated" (a repeated value with a full set of
        eigenvectors), "defective" (a repeated value without one) or "complex".
    """

    values: np.ndarray
    vectors: np.ndarray
    kind: str


@dataclass(frozen=True)
class PCA:
    """mean (d,), components (k, d) unit rows, variances (k,), explained_variance_ratio (k,)."""

    mean: np.ndarray
    components: np.ndarray
    variances: np.ndarray
    explained_variance_ratio: np.ndarray


@dataclass(frozen=True)
class SVD:
    """matrix = U @ diag(s) @ Vt, with U and Vt proper rotations (det +1).

    s holds the singular values in descending order, except that when ``reflection`` is
    True (det(matrix) < 0, and the matrix is not singular in the sense of
    ``nnviz.linalg.is_singular``) the last one is negated, so diag(s) scales and reflects.
    ``np.abs(s)`` are the usual singular values. angle_u and angle_vt are the rotation
    angles (radians) of U and Vt in the 2x2 case, None otherwise; angle_vt is in
    (-π/2, π/2].

    A scene plays it as: rotate by Vt (angle_vt), then scale the axes by s (flipping the
    last axis, the y axis in 2D, when ``reflection`` is True), then rotate by U (angle_u).
    """

    U: np.ndarray
    s: np.ndarray
    Vt: np.ndarray
    angle_u: float | None
    angle_vt: float | None
    reflection: bool


@dataclass(frozen=True)
class SeFa:
    """directions (in, in): unit rows, by descending eigenvalue; eigenvalues (in,)."""

    directions: np.ndarray
    eigenvalues: np.ndarray


def _null_space(m: np.ndarray, tol: float) -> np.ndarray:
    """Orthonormal columns spanning the vectors x with ‖m x‖ ≈ 0 (singular values <= tol)."""
    _, s, vt = np.linalg.svd(m)
    return vt[s <= tol].conj().T


def eigen(matrix: object) -> Eigen:
    """Eigenvalues, unit eigenvectors and the kind of an (n, n) matrix (see ``Eigen``).

    >>> e = eigen([[2, 0], [0, 3]])
    >>> e.kind, e.values, e.vectors
    ('real', array([3., 2.]), array([[0., 1.],
           [1., 0.]]))
    >>> eigen([[1, 1], [0, 1]]).vectors
    array([[1.],
           [0.]])
    """
    a = as_square("matrix", matrix)
    n = a.shape[0]
    rtol = min(max(EIG_RTOL, 10 * np.finfo(float).eps ** (1 / n)), 1e-3)
    tol = rtol * max(np.linalg.norm(a, 2), np.finfo(float).tiny)
    raw_values, raw_vectors = np.linalg.eig(a)
    order = np.lexsort((-raw_values.imag, -raw_values.real))
    raw_values, raw_vectors = raw_values[order], raw_vectors[:, order]

    if np.any(np.abs(raw_values.imag) > tol):
        vectors = raw_vectors / np.linalg.norm(raw_vectors, axis=0)
        return Eigen(raw_values.astype(complex), sign_convention(vectors), "complex")

    # Sorted real values: split into clusters wherever the gap exceeds the tolerance.
    real = raw_values.real
    breaks = np.flatnonzero(np.diff(real) < -tol) + 1
    clusters = np.split(np.arange(n), breaks)
    values = np.empty(n)
    columns = []
    defective = False
    for idx in clusters:
        lam = real[idx].mean()
        values[idx] = lam
        if len(idx) == 1:
            v = raw_vectors[:, idx].real
            columns.append(v / np.linalg.norm(v))
        else:
            space = _null_space(a - lam * np.eye(n), tol)
            # Never more eigenvectors than the multiplicity, even if the tolerance is generous.
            space = space[:, : len(idx)]
            defective |= space.shape[1] < len(idx)
            columns.append(space)
    vectors = sign_convention(np.hstack(columns))
    if defective:
        kind = "defective"
    elif len(clusters) < n:
        kind = "repeated"
    else:
        kind = "real"
    return Eigen(values, vectors, kind)


def diagonalize(matrix: object) -> tuple[np.ndarray, np.ndarray]:
    """P (n, n) and diagonal D (n, n) with P⁻¹·A·P = D, over the reals.

    Raises ``ValueError`` for a defective matrix or one with complex eigenvalues.

    >>> P, D = diagonalize([[2, 1], [0, 3]])
    >>> np.diag(D)
    array([3., 2.])
    """
    e = eigen(matrix)
    if e.kind in ("defective", "complex"):
        raise ValueError(
            f"matrix must be diagonalisable over the reals, but its eigen kind is {e.kind!r}"
        )
    return e.vectors, np.diag(e.values)


def dominant(values: object) -> int | None:
    """Index of the eigenvalue of strictly largest magnitude, or None when the largest tie.

    The power method (``power_iterates`` with ``normalize=True``) lines almost every point up
    with that eigenvalue's eigenvector; with a tie (a complex pair, λ and -λ, or a repeated
    value) no single direction wins. Magnitudes closer than ``EIG_RTOL · max|λ|`` tie.

    >>> dominant([3.0, -1.0]), dominant([1.0, -1.0]), dominant([1 + 2j, 1 - 2j])
    (0, None, None)
    """
    v = np.asarray(values)
    if v.ndim != 1 or v.size == 0 or not np.all(np.isfinite(v)):
        raise ValueError(f"values must be a non-empty finite vector, got {values!r}")
    mags = np.abs(v)
    order = np.argsort(-mags, kind="stable")
    if v.size > 1 and mags[order[0]] - mags[order[1]] <= EIG_RTOL * mags[order[0]]:
        return None
    return int(order[0])


def power_iterates(matrix: object, point: object, n: int, normalize: bool = False) -> np.ndarray:
    """The points A^k·p for k = 0..n, shape (n + 1, d).

    With ``normalize=True`` each iterate is scaled to unit length (the power method), so the
    points approach the dominant eigenvector instead of flying off (or collapsing).

    >>> power_iterates([[2, 0], [0, 1]], [1, 1], 3)
    array([[1., 1.],
           [2., 1.],
           [4., 1.],
           [8., 1.]])
    """
    a = as_square("matrix", matrix)
    p = as_vector("point", point, a.shape[0])
    steps = check_scalar(n, "n", int, min_val=0)
    if normalize and not np.any(p):
        raise ValueError("point must be non-zero when normalize=True, got the zero vector")
    out = np.empty((steps + 1, a.shape[0]))
    out[0] = p / np.linalg.norm(p) if normalize else p
    for k in range(steps):
        nxt = a @ out[k]
        if normalize:
            norm = np.linalg.norm(nxt)
            if norm == 0:
                raise ValueError(f"matrix sends iterate {k} of point to zero; cannot normalise")
            nxt = nxt / norm
        out[k + 1] = nxt
    return out


def covariance(points: object) -> np.ndarray:
    """Sample covariance (d, d) of ``points`` (k, d), k >= 2, with ddof=1 (divides by k - 1).

    Matches ``numpy.cov(points, rowvar=False)``.

    >>> covariance([[0, 0], [2, 2], [4, 1]])
    array([[4., 1.],
           [1., 1.]])
    """
    x = as_matrix("points", points)
    if x.shape[0] < 2:
        raise ValueError(f"points must have at least 2 rows (k, d), got shape {x.shape}")
    centred = x - x.mean(axis=0)
    return centred.T @ centred / (x.shape[0] - 1)


def pca(points: object, k: int) -> PCA:
    """Principal components of ``points`` (N, d): the top ``k`` (1 <= k <= min(N, d)).

    Variances use ddof=1, like ``covariance`` and scikit-learn's ``explained_variance_``.
    Each component follows the module's sign convention (as scikit-learn >= 1.5 does).

    >>> r = pca([[0, 0], [2, 0], [4, 0], [2, 1], [2, -1]], 1)
    >>> r.mean, r.components, r.variances, r.explained_variance_ratio
    (array([2., 0.]), array([[1., 0.]]), array([2.]), array([0.8]))
    """
    x = as_matrix("points", points)
    if x.shape[0] < 2:
        raise ValueError(f"points must have at least 2 rows (N, d), got shape {x.shape}")
    k = check_scalar(k, "k", int, min_val=1, max_val=min(x.shape))
    mean = x.mean(axis=0)
    # SVD of the centred data, not eigh of the covariance: it never squares the condition.
    _, s, vt = np.linalg.svd(x - mean, full_matrices=False)
    all_variances = s**2 / (x.shape[0] - 1)
    total = all_variances.sum()
    if total <= 0:
        raise ValueError("points must not all be identical (their variance is zero)")
    components = sign_convention(vt[:k].T).T
    return PCA(mean, components, all_variances[:k], all_variances[:k] / total)


def pca_project(points: object, result: PCA, k: int | None = None) -> np.ndarray:
    """Coordinates of ``points`` (d,) -> (k,) or (N, d) -> (N, k) on the first ``k`` components.

    ``k`` defaults to all the components in ``result``.

    >>> r = pca([[0, 0], [2, 0], [4, 0], [2, 1], [2, -1]], 2)
    >>> pca_project([5, 1], r)
    array([3., 1.])
    """
    pts, single = as_points("points", points, result.mean.shape[0])
    n_components = result.components.shape[0]
    k = n_components if k is None else check_scalar(k, "k", int, min_val=1, max_val=n_components)
    out = (pts - result.mean) @ result.components[:k].T
    return out[0] if single else out


def pca_reconstruct(coords: object, result: PCA) -> np.ndarray:
    """Points rebuilt from coordinates (j,) or (N, j) on the first j components: (d,) or (N, d).

    >>> r = pca([[0, 0], [2, 0], [4, 0], [2, 1], [2, -1]], 2)
    >>> pca_reconstruct(pca_project([5, 1], r, k=1), r)
    array([5., 0.])
    """
    c, single = as_points("coords", coords)
    j = c.shape[1]
    if j > result.components.shape[0]:
        raise ValueError(f"coords must have at most {result.components.shape[0]} columns, got {j}")
    out = result.mean + c @ result.components[:j]
    return out[0] if single else out


def _angle(rot: np.ndarray) -> float:
    return float(np.arctan2(rot[1, 0], rot[0, 0])) + 0.0


def svd(matrix: object) -> SVD:
    """Rotate-scale-rotate factorisation of an (n, n) matrix: U @ diag(s) @ Vt (see ``SVD``).

    >>> r = svd([[0, -2], [1, 0]])
    >>> r.s, round(r.angle_vt, 6), round(r.angle_u, 6), r.reflection
    (array([2., 1.]), 1.570796, 0.0, False)
    """
    m = as_square("matrix", matrix)
    u, s, vt = np.linalg.svd(m)
    # Flip one singular pair (a column of U with its row of Vt) to make Vt proper; then a
    # left-over det(U) = -1 is a reflection, which goes into the sign of the last s.
    if np.linalg.det(vt) < 0:
        u[:, -1] *= -1
        vt[-1] *= -1
    if np.linalg.det(u) < 0:
        u[:, -1] *= -1
        # A singular matrix has no orientation to keep: its sign of det(U) is rounding noise,
        # and flipping U's column alone changes U·diag(s)·Vt by at most RTOL relative.
        if s[-1] > RTOL * s[0]:
            s[-1] = -s[-1]
    angle_u = angle_vt = None
    if m.shape[0] == 2:
        # In the plane, -I is a rotation by π: negating both U and Vt changes nothing
        # overall, so pick the smaller first rotation.
        if abs(_angle(vt)) > np.pi / 2 + 1e-12 or np.isclose(_angle(vt), -np.pi / 2):
            u, vt = -u, -vt
        angle_u, angle_vt = _angle(u), _angle(vt)
    return SVD(u, s, vt, angle_u, angle_vt, bool(s[-1] < 0))


def sefa(weight: object) -> SeFa:
    """Closed-form factorisation (SeFa) of a first-layer weight A of shape (out, in).

    Each row of A (one output unit) is scaled to unit length, as in the SeFa reference
    code; the directions are the eigenvectors of AᵀA, as unit rows (in, in) sorted by
    descending eigenvalue, with the module's sign convention.

    >>> r = sefa([[3, 0], [0, 2], [0, 1]])
    >>> r.directions, r.eigenvalues
    (array([[0., 1.],
           [1., 0.]]), array([2., 1.]))
    """
    a = as_directions("weight", as_matrix("weight", weight))
    a = a / np.linalg.norm(a, axis=1, keepdims=True)
    values, vectors = np.linalg.eigh(a.T @ a)
    order = np.argsort(values)[::-1]
    return SeFa(sign_convention(vectors[:, order]).T, values[order])


def sefa_step_norms(weight: object, directions: object) -> np.ndarray:
    """How far one unit step along each direction moves the layer's output: ‖Â·d‖, shape (k,).

    Â is ``weight`` (out, in) with unit rows, the layer that ``sefa`` factorises; ``directions``
    (k, in) or (in,) are normalised first. For the SeFa directions the norms are the square
    roots of the SeFa eigenvalues, the largest first: no unit step moves the output further
    than the top direction.

    >>> sefa_step_norms([[3, 0], [0, 2], [0, 1]], [[0, 1], [1, 0], [1, 1]]).round(6)
    array([1.414214, 1.      , 1.224745])
    """
    a = as_directions("weight", as_matrix("weight", weight))
    d = as_directions("directions", directions, a.shape[1])
    a_hat = a / np.linalg.norm(a, axis=1, keepdims=True)
    return np.linalg.norm(a_hat @ (d / np.linalg.norm(d, axis=1, keepdims=True)).T, axis=0)
