"""Three dimensions: 3×3 maps and what space collapses to, rotation axes, planes in space,
conditioned edits, PCA of a 3-D cloud, the lifting layer, and the Hessian of named surfaces.

Everything returns plain arrays and small frozen dataclasses; the 3-D scenes only draw them.

>>> linear_map_3d([[1, 0, 0], [0, 1, 0], [0, 0, 0]]).image_kind
'plane'
>>> r = rotation_of([[0, -1, 0], [1, 0, 0], [0, 0, 1]])
>>> r.axis.tolist(), round(float(np.degrees(r.angle)), 9)
([0.0, 0.0, 1.0], 90.0)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from nnviz.checks import as_direction, as_points, as_square, as_vector, check_scalar
from nnviz.eigen import eigen, pca, pca_project, pca_reconstruct
from nnviz.linalg import RTOL, rank, sign_convention
from nnviz.network import MLP
from nnviz.projection import condition, move_along, signed_distance

__all__ = [
    "CLOUDS",
    "HESSIAN_FUNCTIONS",
    "ConditionalEdit",
    "EigenLines",
    "HessianAt",
    "Lifting",
    "Map3D",
    "PCA3D",
    "PlaneScores",
    "Rotation",
    "classify",
    "cloud",
    "conditional_edit",
    "eigen_lines",
    "hessian_at",
    "image_kind_3d",
    "is_rotation",
    "lifting",
    "linear_map_3d",
    "pca_3d",
    "plane_basis",
    "plane_scores",
    "rotation_of",
    "unit_cube",
]

#: A score (signed distance) or gradient component at most this size counts as zero.
ZERO_TOL = 1e-9


# -- 3×3 maps ---------------------------------------------------------------------------------


def image_kind_3d(matrix: object) -> str:
    """What space collapses to under a (3, 3) map: "space", "plane", "line" or "point".

    >>> image_kind_3d([[1, 2, 3], [2, 4, 6], [0, 0, 0]])
    'line'
    """
    return ("point", "line", "plane", "space")[rank(as_square("matrix", matrix, 3))]


def unit_cube() -> np.ndarray:
    """The 8 corners (8, 3) of the unit cube [0, 1]³, corner i has bits (i & 1, i & 2, i & 4)."""
    i = np.arange(8)
    return np.stack([(i >> 0) & 1, (i >> 1) & 1, (i >> 2) & 1], axis=1).astype(float)


@dataclass(frozen=True)
class Map3D:
    """A 3×3 map: basis_images (3, 3) rows A·î, A·ĵ, A·k̂; the cube's corners (8, 3) after A;
    determinant (the signed volume of the parallelepiped); rank; image_kind; and orientation:
    "kept" (det > 0), "flipped" (det < 0) or "collapsed" (singular)."""

    matrix: np.ndarray
    basis_images: np.ndarray
    cube: np.ndarray
    determinant: float
    rank: int
    image_kind: str
    orientation: str


def linear_map_3d(matrix: object) -> Map3D:
    """Everything LinearMap3D shows about ``matrix`` (3, 3).

    >>> m = linear_map_3d([[0, 1, 0], [1, 0, 0], [0, 0, 2]])
    >>> m.determinant, m.orientation
    (-2.0, 'flipped')
    """
    a = as_square("matrix", matrix, 3)
    r = rank(a)
    det = 0.0 if r < 3 else float(np.linalg.det(a))
    orientation = "collapsed" if r < 3 else ("kept" if det > 0 else "flipped")
    kind = ("point", "line", "plane", "space")[r]
    return Map3D(a, a.T.copy(), unit_cube() @ a.T, det, r, kind, orientation)


@dataclass(frozen=True)
class EigenLines:
    """The real eigenvector lines of a 3×3 map and the plain statement of its eigen case.

    values (3,) (complex when a complex pair exists); lines (3, g) unit real eigenvectors
    as columns, line_values (g,) their eigenvalues; kind is ``nnviz.eigen``'s kind;
    statement says it in words.
    """

    values: np.ndarray
    lines: np.ndarray
    line_values: np.ndarray
    kind: str
    statement: str


def eigen_lines(matrix: object) -> EigenLines:
    """Real eigen-lines of ``matrix`` (3, 3): the directions that stay on their own span.

    >>> e = eigen_lines([[0, -1, 0], [1, 0, 0], [0, 0, 1]])
    >>> e.lines[:, 0].tolist(), e.statement
    ([0.0, 0.0, 1.0], 'one real eigenvalue and a complex pair')
    """
    e = eigen(as_square("matrix", matrix, 3))
    if e.kind == "complex":
        scale = max(np.abs(e.values).max(), 1.0)
        real = np.flatnonzero(np.abs(e.values.imag) <= 1e-9 * scale)
        lines = e.vectors[:, real].real
        lines = sign_convention(lines / np.linalg.norm(lines, axis=0))
        return EigenLines(
            e.values, lines, e.values[real].real, e.kind, _statement(e.kind, e.values)
        )
    distinct = np.unique(e.values)
    line_values = e.values if e.vectors.shape[1] == 3 else _rayleigh(e.vectors, matrix)
    return EigenLines(e.values, e.vectors, line_values, e.kind, _statement(e.kind, distinct))


def _rayleigh(vectors: np.ndarray, matrix: object) -> np.ndarray:
    """The eigenvalue of each eigenvector column (Rayleigh quotient, the columns are unit)."""
    a = np.asarray(matrix, dtype=float)
    return np.einsum("ij,ik,kj->j", vectors, a, vectors)


def _statement(kind: str, values: np.ndarray) -> str:
    return {
        "complex": "one real eigenvalue and a complex pair",
        "real": "three different real eigenvalues",
        "repeated": (
            "one real eigenvalue repeated three times"
            if len(values) == 1
            else "a repeated real eigenvalue, with a plane of eigenvectors"
        ),
        "defective": "a repeated real eigenvalue without enough eigenvectors",
    }[kind]


@dataclass(frozen=True)
class Rotation:
    """A proper rotation: unit ``axis`` (3,) and ``angle`` in [0, π] (radians), anticlockwise
    seen from the tip of the axis (right-hand rule). ``axis`` is None for the identity."""

    axis: np.ndarray | None
    angle: float


def is_rotation(matrix: object, tol: float = 1e-9) -> bool:
    """Whether ``matrix`` (3, 3) is orthogonal with determinant +1 (to ``tol``)."""
    a = as_square("matrix", matrix, 3)
    return bool(np.allclose(a.T @ a, np.eye(3), atol=tol) and np.linalg.det(a) > 0)


def rotation_of(matrix: object) -> Rotation:
    """Axis (eigenvalue 1) and angle (the argument of the complex pair) of a rotation (3, 3).

    For an angle of π the pair is (-1, -1) and the axis sign follows the eigen sign convention.
    Raises ``ValueError`` if ``matrix`` is not a rotation.

    >>> r = rotation_of([[1, 0, 0], [0, -1, 0], [0, 0, -1]])
    >>> r.axis.tolist(), bool(np.isclose(r.angle, np.pi))
    ([1.0, 0.0, 0.0], True)
    """
    a = as_square("matrix", matrix, 3)
    if not is_rotation(a):
        raise ValueError("matrix must be a rotation (orthogonal with determinant +1)")
    values = np.linalg.eigvals(a)
    angle = float(np.max(np.abs(np.angle(values))))
    if angle <= 1e-9:
        return Rotation(None, 0.0)
    # The eigenvector of eigenvalue 1: the null space of A - I.
    _, _, vt = np.linalg.svd(a - np.eye(3))
    axis = sign_convention(vt[-1][:, None])[:, 0]
    # (A - Aᵀ)/2 is sin(angle)·[axis]×: its vector fixes the axis sign for angles below π.
    skew = np.array([a[2, 1] - a[1, 2], a[0, 2] - a[2, 0], a[1, 0] - a[0, 1]])
    if np.linalg.norm(skew) > 1e-9 and skew @ axis < 0:
        axis = -axis
    return Rotation(axis, angle)


# -- planes in space -----------------------------------------------------------------------


def plane_basis(normal: object, offset: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """The point of n·x + b = 0 nearest the origin (3,) and two orthonormal in-plane rows (2, 3).

    >>> p, uv = plane_basis([0, 0, 2], 4)
    >>> p.tolist(), np.abs(uv).sum(axis=0).round(9).tolist()
    ([0.0, 0.0, -2.0], [1.0, 1.0, 0.0])
    """
    n = as_direction("normal", normal, 3)
    b = check_scalar(offset, "offset", float)
    point = -b * n / (n @ n) + 0.0  # + 0.0 turns -0.0 into 0.0
    # The last two right-singular vectors of the 1×3 matrix nᵀ span its null space, the plane.
    uv = np.linalg.svd(n[None, :])[2][1:]
    if np.linalg.det(np.vstack([uv, n])) < 0:
        uv = uv[::-1]  # (u, v, n) right-handed, so the plane's grid is drawn the same way round
    return point, uv


@dataclass(frozen=True)
class PlaneScores:
    """scores (k,) signed distances (n·x + b)/‖n‖; feet (k, 3) the orthogonal feet on the plane;
    sides (k,) +1, -1, or 0 for a point on the plane (|score| <= ZERO_TOL)."""

    scores: np.ndarray
    feet: np.ndarray
    sides: np.ndarray


def plane_scores(points: object, normal: object, offset: float = 0.0) -> PlaneScores:
    """Scores and feet of ``points`` (k, 3) for the plane n·x + b = 0.

    >>> s = plane_scores([[1, 2, 3]], [0, 0, 1], -1)
    >>> s.scores.tolist(), s.feet.tolist(), s.sides.tolist()
    ([2.0], [[1.0, 2.0, 1.0]], [1])
    """
    pts, _ = as_points("points", points, 3)
    n = as_direction("normal", normal, 3)
    d = np.atleast_1d(signed_distance(pts, n, offset))
    feet = pts - np.outer(d, n / np.linalg.norm(n))
    sides = np.where(np.abs(d) <= ZERO_TOL, 0, np.sign(d)).astype(int)
    return PlaneScores(d, feet, sides)


@dataclass(frozen=True)
class ConditionalEdit:
    """InterFaceGAN in 3-D. n, c unit normals (3,) of the edit and condition planes (through 0);
    n_prime (3,) the conditioned direction; alphas (m,); along_conditioned / along_plain (m, 3)
    the points z + α n' and z + α n; edit_* / condition_* (m,) their scores n·p and c·p."""

    n: np.ndarray
    c: np.ndarray
    n_prime: np.ndarray
    alphas: np.ndarray
    along_conditioned: np.ndarray
    along_plain: np.ndarray
    edit_conditioned: np.ndarray
    condition_conditioned: np.ndarray
    edit_plain: np.ndarray
    condition_plain: np.ndarray


def conditional_edit(
    direction: object, condition_dir: object, z: object, alphas: object
) -> ConditionalEdit:
    """Move ``z`` (3,) along n' = normalise(n - (n·ĉ)ĉ) and along n itself, by each α (m,).

    Raises ``ValueError`` when the direction is parallel to the condition (nothing is left).

    >>> e = conditional_edit([1, 1, 0], [1, 0, 0], [0, 0, 0], [0, 2])
    >>> e.condition_conditioned.tolist(), e.condition_plain.round(9).tolist()
    ([0.0, 0.0], [0.0, 1.414213562])
    """
    n = as_direction("direction", direction, 3)
    c = as_direction("condition", condition_dir, 3)
    p = as_vector("z", z, 3)
    n_hat, c_hat = n / np.linalg.norm(n), c / np.linalg.norm(c)
    n_prime = condition(n_hat, c_hat)
    cond_path = move_along(p, n_prime, alphas)
    plain_path = move_along(p, n_hat, alphas)
    a = np.atleast_1d(np.asarray(alphas, dtype=float))
    return ConditionalEdit(
        n_hat, c_hat, n_prime, a, cond_path, plain_path,
        cond_path @ n_hat, cond_path @ c_hat, plain_path @ n_hat, plain_path @ c_hat,
    )  # fmt: skip


# -- PCA of a cloud in space ---------------------------------------------------------------


def _pancake(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.normal(size=(n, 3)) * [2.2, 1.3, 0.35]


def _cigar(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.normal(size=(n, 3)) * [2.4, 0.5, 0.4]


def _ball(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.normal(size=(n, 3)) * [1.2, 1.0, 0.9]


#: Named 3-D clouds (before a fixed tilt): a flat pancake, a long cigar, a round ball.
CLOUDS: dict[str, Callable[[np.random.Generator, int], np.ndarray]] = {
    "pancake": _pancake,
    "cigar": _cigar,
    "ball": _ball,
}
_TILT = np.array(
    [
        [0.8660254, -0.35355339, 0.35355339],
        [0.5, 0.61237244, -0.61237244],
        [0.0, 0.70710678, 0.70710678],
    ]
)  # a fixed rotation, so the axes of a cloud are not the coordinate axes


def cloud(name: str, n: int = 60, seed: int = 0) -> np.ndarray:
    """``n`` points (n, 3) of the named cloud, tilted, centred near (0.5, 0.3, 0.8).

    >>> cloud("cigar", 5, seed=1).shape
    (5, 3)
    """
    if name not in CLOUDS:
        raise ValueError(f"name must be one of {sorted(CLOUDS)}, got {name!r}")
    rng = np.random.default_rng(seed)
    return CLOUDS[name](rng, int(n)) @ _TILT.T + [0.5, 0.3, 0.8]


@dataclass(frozen=True)
class PCA3D:
    """PCA of a 3-D cloud: mean (3,), components (3, 3) unit rows, variances (3,) descending;
    semi_axes (3, 3) rows √λ·v (the 1-σ ellipsoid); projected (k, 3) the points on the plane
    of the top two components; kept / lost the variance on / off that plane; kept_ratio;
    collinear when the second variance is zero (the plane is then not unique)."""

    mean: np.ndarray
    components: np.ndarray
    variances: np.ndarray
    semi_axes: np.ndarray
    projected: np.ndarray
    kept: float
    lost: float
    kept_ratio: float
    collinear: bool


def pca_3d(points: object) -> PCA3D:
    """PCA of ``points`` (k, 3), k >= 3, and their projection onto the top-two plane.

    >>> r = pca_3d([[0, 0, 0], [2, 0, 0], [0, 1, 0], [2, 1, 0]])
    >>> r.variances.round(9).tolist(), r.lost
    ([1.333333333, 0.333333333, 0.0], 0.0)
    """
    pts, _ = as_points("points", points, 3)
    if pts.shape[0] < 3:
        raise ValueError(f"points must have at least 3 rows, got {pts.shape[0]}")
    full = pca(pts, 3)
    variances = np.clip(full.variances, 0.0, None)
    top2 = pca(pts, 2)
    projected = pca_reconstruct(pca_project(pts, top2), top2)
    total = variances.sum()
    collinear = bool(variances[1] <= RTOL * 1e3 * variances[0])
    semi = np.sqrt(variances)[:, None] * full.components
    kept, lost = float(variances[:2].sum()), float(variances[2])
    return PCA3D(full.mean, full.components, variances, semi, projected, kept, lost,
                 kept / total, collinear)  # fmt: skip


# -- the lifting layer ---------------------------------------------------------------------


@dataclass(frozen=True)
class Lifting:
    """A [2, 3, 1] net seen in its hidden space: pre (k, 3) = W₁x + b₁; hidden (k, 3) = σ(pre);
    the output's decision plane normal·h + offset = 0 (normal = W₂[0], offset = b₂[0]);
    predictions (k,) in {0, 1}; accuracy against the labels."""

    pre: np.ndarray
    hidden: np.ndarray
    normal: np.ndarray
    offset: float
    predictions: np.ndarray
    accuracy: float


def lifting(net: MLP, X: object, y: object) -> Lifting:
    """The 2-D points ``X`` (k, 2) lifted by the 3-unit hidden layer of ``net`` [2, 3, 1].

    The output is σ(normal·h + offset) for a sigmoid or tanh output; its 0.5 (or 0) level
    is the plane normal·h + offset = 0, so the plane's side is the predicted class.
    """
    if net.sizes != (2, 3, 1):
        raise ValueError(f"net must have sizes (2, 3, 1), got {net.sizes}")
    pts, _ = as_points("X", X, 2)
    labels = as_vector("y", y, pts.shape[0])
    trace = net.forward(pts)
    normal, offset = net.W[1][0].copy(), float(net.b[1][0])
    predictions = (trace.a[1] @ normal + offset > 0).astype(int)
    acc = float(np.mean(predictions == labels))
    return Lifting(trace.z[0], trace.a[1], normal, offset, predictions, acc)


# -- the Hessian of named surfaces ---------------------------------------------------------


@dataclass(frozen=True)
class _Surface:
    formula: str  # LaTeX
    f: Callable[[float, float], float]
    grad: Callable[[float, float], np.ndarray]
    hess: Callable[[float, float], np.ndarray]


#: Named f(w₁, w₂) with closed-form gradient and Hessian (the monkey saddle is inconclusive at 0).
HESSIAN_FUNCTIONS: dict[str, _Surface] = {
    "bowl": _Surface(
        r"w_1^2 + w_1 w_2 + w_2^2",
        lambda x, y: x * x + x * y + y * y,
        lambda x, y: np.array([2 * x + y, x + 2 * y]),
        lambda x, y: np.array([[2.0, 1.0], [1.0, 2.0]]),
    ),
    "dome": _Surface(
        r"-w_1^2 - \tfrac12 w_2^2",
        lambda x, y: -x * x - 0.5 * y * y,
        lambda x, y: np.array([-2 * x, -y]),
        lambda x, y: np.array([[-2.0, 0.0], [0.0, -1.0]]),
    ),
    "saddle": _Surface(
        r"w_1^2 - w_2^2",
        lambda x, y: x * x - y * y,
        lambda x, y: np.array([2 * x, -2 * y]),
        lambda x, y: np.array([[2.0, 0.0], [0.0, -2.0]]),
    ),
    "monkey_saddle": _Surface(
        r"w_1^3 - 3 w_1 w_2^2",
        lambda x, y: x**3 - 3 * x * y * y,
        lambda x, y: np.array([3 * x * x - 3 * y * y, -6 * x * y]),
        lambda x, y: np.array([[6 * x, -6 * y], [-6 * y, -6 * x]]),
    ),
    "double_well": _Surface(
        r"(w_1^2 - 1)^2 + w_2^2",
        lambda x, y: (x * x - 1) ** 2 + y * y,
        lambda x, y: np.array([4 * x * (x * x - 1), 2 * y]),
        lambda x, y: np.array([[12 * x * x - 4, 0.0], [0.0, 2.0]]),
    ),
}


@dataclass(frozen=True)
class HessianAt:
    """At ``point`` (2,): value, gradient (2,), hessian (2, 2), eigenvalues (2,) ascending with
    unit eigenvectors (2, 2) as columns (the principal curvature directions), stationary, and
    the verdict: "minimum", "maximum", "saddle", "inconclusive" or "not stationary"."""

    point: np.ndarray
    value: float
    gradient: np.ndarray
    hessian: np.ndarray
    eigenvalues: np.ndarray
    eigenvectors: np.ndarray
    stationary: bool
    verdict: str


def classify(gradient: object, hessian: object) -> str:
    """The second-derivative test from the gradient (n,) and the Hessian's eigenvalue signs.

    >>> classify([0, 0], [[2, 0], [0, -2]]), classify([1, 0], [[2, 0], [0, 2]])
    ('saddle', 'not stationary')
    """
    g = as_vector("gradient", gradient)
    h = as_square("hessian", hessian, g.shape[0])
    if np.linalg.norm(g) > ZERO_TOL:
        return "not stationary"
    lam = np.linalg.eigvalsh((h + h.T) / 2)
    tol = ZERO_TOL * max(1.0, np.abs(lam).max())
    if np.all(lam > tol):
        return "minimum"
    if np.all(lam < -tol):
        return "maximum"
    if lam.min() < -tol and lam.max() > tol:
        return "saddle"
    return "inconclusive"


def hessian_at(function: str, point: object) -> HessianAt:
    """Gradient, Hessian, principal curvatures and verdict of a named function at ``point``.

    >>> h = hessian_at("saddle", [0, 0])
    >>> h.eigenvalues.tolist(), h.verdict
    ([-2.0, 2.0], 'saddle')
    """
    if function not in HESSIAN_FUNCTIONS:
        raise ValueError(f"function must be one of {sorted(HESSIAN_FUNCTIONS)}, got {function!r}")
    s = HESSIAN_FUNCTIONS[function]
    x, y = as_vector("point", point, 2)
    g, h = s.grad(x, y).astype(float), s.hess(x, y).astype(float)
    lam, vec = np.linalg.eigh(h)
    vec = sign_convention(vec)
    verdict = classify(g, h)
    return HessianAt(np.array([x, y]), float(s.f(x, y)), g, h, lam, vec,
                     verdict != "not stationary", verdict)  # fmt: skip
