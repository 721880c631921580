"""Tests for nnviz.eigen: numpy.linalg and scikit-learn oracles, closed forms, properties."""

import math
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.decomposition import PCA as SkPCA

from nnviz.eigen import (
    covariance,
    diagonalize,
    eigen,
    pca,
    pca_project,
    pca_reconstruct,
    power_iterates,
    sefa,
    svd,
)

PROPS = settings(deadline=None, max_examples=50)
small_ints = st.integers(-6, 6)


def int_matrices(n: int = 2):
    return arrays(np.float64, (n, n), elements=small_ints)


def rot(theta: float) -> np.ndarray:
    """Closed-form rotation, written here so the tests do not lean on nnviz.linalg."""
    return np.array([[math.cos(theta), -math.sin(theta)], [math.sin(theta), math.cos(theta)]])


# --- eigen ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "m, kind",
    [
        (np.diag([2.0, 3.0]), "real"),
        (2 * np.eye(2), "repeated"),
        ([[1, 1], [0, 1]], "defective"),
        (rot(0.7), "complex"),
        ([[-2, 0], [0, 1]], "real"),
        ([[0, 1], [0, 0]], "defective"),
        (np.eye(3), "repeated"),
        ([[2, 1, 0], [0, 2, 0], [0, 0, 5]], "defective"),
    ],
)
def test_eigen_kinds(m, kind):
    assert eigen(m).kind == kind


def test_eigen_values_sorted_by_descending_real_part():
    e = eigen([[-2, 0], [0, 1]])
    np.testing.assert_array_equal(e.values, [1, -2])
    np.testing.assert_array_equal(e.vectors, [[0, 1], [1, 0]])


def test_eigen_sign_convention_largest_component_positive():
    # Eigenvectors of [[2, 1], [1, 2]] are (1, 1)/√2 for 3 and (1, -1)/√2 for 1.
    e = eigen([[2, 1], [1, 2]])
    np.testing.assert_allclose(e.values, [3, 1])
    np.testing.assert_allclose(e.vectors, np.array([[1, 1], [1, -1]]) / math.sqrt(2))
    # Same answer whatever sign numpy picks: -A has the same vectors.
    np.testing.assert_allclose(eigen(-np.array([[2, 1], [1, 2]])).vectors[:, ::-1], e.vectors)


def test_shear_is_defective_with_e1():
    e = eigen([[1, 3], [0, 1]])
    assert e.kind == "defective"
    np.testing.assert_array_equal(e.values, [1, 1])
    assert e.vectors.shape == (2, 1)
    np.testing.assert_allclose(e.vectors[:, 0], [1, 0])


def test_defective_survives_rounding():
    # A Jordan block in a skewed basis: numpy's eigenvalues are only ~√ε apart.
    p = np.array([[2.0, 1.0], [1.0, 3.0]])
    a = p @ np.array([[2.0, 1.0], [0.0, 2.0]]) @ np.linalg.inv(p)
    e = eigen(a)
    assert e.kind == "defective"
    np.testing.assert_allclose(e.values, [2, 2])
    np.testing.assert_allclose(e.vectors[:, 0], p[:, 0] / np.linalg.norm(p[:, 0]))


def test_defective_3x3_survives_rounding():
    # A 3-fold Jordan block: numpy's eigenvalues come out ~ε^(1/3) apart, even complex.
    p = np.array([[2.0, 1.0, 0.0], [1.0, 3.0, 1.0], [0.0, 1.0, 2.0]])
    jordan = np.array([[2.0, 1.0, 0.0], [0.0, 2.0, 1.0], [0.0, 0.0, 2.0]])
    e = eigen(p @ jordan @ np.linalg.inv(p))
    assert e.kind == "defective" and e.vectors.shape == (3, 1)
    np.testing.assert_allclose(e.values, [2, 2, 2], atol=1e-9)
    np.testing.assert_allclose(e.vectors[:, 0], p[:, 0] / np.linalg.norm(p[:, 0]), atol=1e-8)


@pytest.mark.parametrize("theta", [0.4, math.pi / 2, 2.0])
def test_rotation_eigen_closed_form(theta):
    e = eigen(rot(theta))
    assert e.kind == "complex"
    np.testing.assert_allclose(e.values, [np.exp(1j * theta), np.exp(-1j * theta)])
    np.testing.assert_allclose(rot(theta) @ e.vectors, e.vectors * e.values, atol=1e-12)


def test_eigen_matches_numpy_eig():
    a = np.array([[4.0, 1, 0], [1, 3, 1], [0, 1, 2]])
    expected = np.sort(np.linalg.eig(a).eigenvalues.real)[::-1]
    np.testing.assert_allclose(eigen(a).values, expected)


@PROPS
@given(int_matrices(2) | int_matrices(3))
def test_each_eigenpair_satisfies_av_equals_lambda_v(a):
    e = eigen(a)
    scale = max(np.linalg.norm(a, 2), 1.0)
    np.testing.assert_allclose(np.linalg.norm(e.vectors, axis=0), 1, atol=1e-12)
    if e.kind == "defective":
        # No column pairing: each vector's eigenvalue is its Rayleigh quotient, one of values.
        for v in e.vectors.T:
            lam = v @ a @ v
            assert np.min(np.abs(e.values - lam)) <= 1e-6 * scale
            np.testing.assert_allclose(a @ v, lam * v, atol=1e-6 * scale)
    else:
        np.testing.assert_allclose(a @ e.vectors, e.vectors * e.values, atol=1e-6 * scale)
    np.testing.assert_allclose(np.prod(e.values).real, np.linalg.det(a), atol=1e-5 * scale**3)


def test_diagonalize():
    a = np.array([[2.0, 1.0], [0.0, 3.0]])
    p, d = diagonalize(a)
    np.testing.assert_allclose(np.linalg.solve(p, a @ p), d, atol=1e-12)
    np.testing.assert_allclose(np.diag(d), [3, 2])
    with pytest.raises(ValueError, match="defective"):
        diagonalize([[1, 1], [0, 1]])
    with pytest.raises(ValueError, match="complex"):
        diagonalize(rot(1.0))


def test_power_iterates_closed_form_and_convergence():
    a = np.array([[2.0, 0.0], [0.0, 1.0]])
    pts = power_iterates(a, [1, 1], 4)
    np.testing.assert_array_equal(pts, [[2**k, 1] for k in range(5)])
    unit = power_iterates([[2, 1], [1, 2]], [1, 0], 30, normalize=True)
    np.testing.assert_allclose(unit[-1], np.array([1, 1]) / math.sqrt(2), atol=1e-12)
    np.testing.assert_array_equal(power_iterates(a, [1, 1], 0), [[1, 1]])


# --- covariance and PCA -----------------------------------------------------------


def test_covariance_matches_numpy_cov():
    x = np.random.default_rng(2).normal(size=(30, 4))
    np.testing.assert_allclose(covariance(x), np.cov(x, rowvar=False))


def _digits_like(seed: int = 3, n: int = 200, d: int = 20) -> np.ndarray:
    rng = np.random.default_rng(seed)
    # Distinct variances per axis, then a random rotation, so components are well separated.
    x = rng.normal(size=(n, d)) * np.linspace(5, 0.5, d)
    q, _ = np.linalg.qr(rng.normal(size=(d, d)))
    return x @ q.T + rng.normal(size=d)


def test_pca_matches_sklearn():
    x = _digits_like()
    ours = pca(x, 5)
    sk = SkPCA(n_components=5, svd_solver="full").fit(x)
    # Align signs explicitly (do not rely on both libraries sharing a convention).
    signs = np.sign(np.sum(ours.components * sk.components_, axis=1))
    np.testing.assert_allclose(ours.components, signs[:, None] * sk.components_, atol=1e-10)
    np.testing.assert_allclose(ours.mean, sk.mean_)
    np.testing.assert_allclose(ours.variances, sk.explained_variance_)
    np.testing.assert_allclose(ours.explained_variance_ratio, sk.explained_variance_ratio_)
    np.testing.assert_allclose(np.abs(pca_project(x, ours)), np.abs(sk.transform(x)), atol=1e-9)


def test_pca_reconstruction_error_shrinks_with_k():
    x = _digits_like()
    full = pca(x, 20)
    digit = x[0]
    errors = []
    for k in (1, 2, 5, 10, 20):
        approx = pca_reconstruct(pca_project(digit, full, k=k), full)
        sk = SkPCA(n_components=k, svd_solver="full").fit(x)
        np.testing.assert_allclose(approx, sk.inverse_transform(sk.transform(x[:1]))[0])
        errors.append(np.linalg.norm(approx - digit))
    assert all(a >= b - 1e-12 for a, b in zip(errors, errors[1:], strict=False))
    assert errors[-1] == pytest.approx(0, abs=1e-9)


def test_pca_variances_are_covariance_eigenvalues():
    x = _digits_like(n=50, d=4)
    r = pca(x, 4)
    np.testing.assert_allclose(r.variances, np.sort(np.linalg.eigvalsh(np.cov(x.T)))[::-1])


# --- SVD --------------------------------------------------------------------------


def test_svd_values_match_numpy():
    m = np.array([[3.0, 1.0], [-2.0, 4.0]])
    np.testing.assert_allclose(np.abs(svd(m).s), np.linalg.svd(m, compute_uv=False))


def test_svd_reflection_case():
    m = np.array([[1.0, 0.0], [0.0, -2.0]])  # det < 0
    r = svd(m)
    assert r.reflection and r.s[-1] < 0
    np.testing.assert_allclose(np.abs(r.s), [2, 1])
    np.testing.assert_allclose(r.U @ np.diag(r.s) @ r.Vt, m, atol=1e-12)
    # Playing the angles: rotate by angle_vt, scale by s, rotate by angle_u.
    played = rot(r.angle_u) @ np.diag(r.s) @ rot(r.angle_vt)
    np.testing.assert_allclose(played, m, atol=1e-12)


def test_svd_of_rotation_and_singular():
    r = svd(rot(0.5) @ np.diag([3.0, 2.0]))
    np.testing.assert_allclose(r.s, [3, 2])
    assert r.angle_vt == pytest.approx(0, abs=1e-12)
    assert r.angle_u == pytest.approx(0.5)
    singular = svd([[1, 2], [2, 4]])
    assert not singular.reflection
    np.testing.assert_allclose(singular.s, [5, 0], atol=1e-12)


@PROPS
@given(int_matrices(2) | int_matrices(3))
def test_svd_reconstructs_with_proper_rotations(m):
    r = svd(m)
    np.testing.assert_allclose(r.U @ np.diag(r.s) @ r.Vt, m, atol=1e-9)
    assert np.linalg.det(r.U) == pytest.approx(1.0)
    assert np.linalg.det(r.Vt) == pytest.approx(1.0)
    np.testing.assert_allclose(np.abs(r.s), np.linalg.svd(m, compute_uv=False), atol=1e-9)
    assert r.reflection == (np.linalg.det(m) < -0.5)  # integer matrices: det is an integer
    if m.shape[0] == 2:
        assert -math.pi / 2 - 1e-9 < r.angle_vt <= math.pi / 2 + 1e-9
        np.testing.assert_allclose(rot(r.angle_vt), r.Vt, atol=1e-12)
        np.testing.assert_allclose(rot(r.angle_u), r.U, atol=1e-12)
    else:
        assert r.angle_u is None and r.angle_vt is None


# --- SeFa -------------------------------------------------------------------------


def test_sefa_matches_reference_recipe():
    # A first-layer weight in PyTorch's nn.Linear layout: (out, in) = (10, 6).
    a = np.random.default_rng(4).normal(size=(10, 6))
    # Reference recipe (SeFa): w = A.T, normalise columns, eig of w w^T.
    w = a.T / np.linalg.norm(a.T, axis=0, keepdims=True)
    values, vectors = np.linalg.eig(w @ w.T)
    order = np.argsort(values)[::-1]
    r = sefa(a)
    np.testing.assert_allclose(r.eigenvalues, values[order])
    signs = np.sign(np.sum(r.directions * vectors[:, order].T, axis=1))
    np.testing.assert_allclose(r.directions, signs[:, None] * vectors[:, order].T, atol=1e-10)


def test_sefa_ignores_row_scale_and_orders_values():
    a = np.array([[3.0, 0.0], [0.0, 2.0], [0.0, 1.0]])
    r = sefa(a)
    # After row normalisation A^T A = diag(1, 2).
    np.testing.assert_allclose(r.eigenvalues, [2, 1])
    np.testing.assert_allclose(r.directions, [[0, 1], [1, 0]])
    np.testing.assert_allclose(sefa(a * [[10], [0.1], [7]]).eigenvalues, [2, 1])


# --- input checks -----------------------------------------------------------------

BAD = [
    ("non-square eigen", lambda: eigen(np.ones((2, 3))), "matrix"),
    ("nan eigen", lambda: eigen([[np.nan, 0], [0, 1]]), "matrix"),
    ("empty eigen", lambda: eigen([]), "matrix"),
    ("non-square svd", lambda: svd(np.ones((3, 2))), "matrix"),
    ("inf svd", lambda: svd([[np.inf, 0], [0, 1]]), "matrix"),
    ("non-square diagonalize", lambda: diagonalize(np.ones((1, 2))), "matrix"),
    ("1-D covariance", lambda: covariance([1, 2, 3]), "points"),
    ("one point covariance", lambda: covariance([[1, 2]]), "points"),
    ("empty pca", lambda: pca(np.empty((0, 3)), 1), "points"),
    ("nan pca", lambda: pca([[1, 2], [np.nan, 0]], 1), "points"),
    ("k too big", lambda: pca(np.eye(3), 4), "k"),
    ("k zero", lambda: pca(np.eye(3), 0), "k"),
    ("k float", lambda: pca(np.eye(3), 1.5), "k"),
    ("constant points", lambda: pca(np.ones((4, 2)), 1), "points"),
    ("project dim", lambda: pca_project([1, 2, 3], pca(np.eye(2) * [1, 2], 1)), "points"),
    ("reconstruct cols", lambda: pca_reconstruct([1, 2], pca(np.eye(2) * [1, 2], 1)), "coords"),
    ("zero row sefa", lambda: sefa([[1, 0], [0, 0]]), "weight"),
    ("1-D sefa", lambda: sefa([1, 2]), "weight"),
    ("power point shape", lambda: power_iterates(np.eye(2), [1, 2, 3], 2), "point"),
    ("power negative n", lambda: power_iterates(np.eye(2), [1, 2], -1), "n"),
    ("power zero point", lambda: power_iterates(np.eye(2), [0, 0], 2, normalize=True), "point"),
    ("power non-square", lambda: power_iterates(np.ones((2, 3)), [1, 2], 2), "matrix"),
]


@pytest.mark.parametrize("call, name", [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_invalid_input_names_the_argument(call, name):
    with pytest.raises(ValueError, match=rf"^{re.escape(name)} "):
        call()


def test_pca_fit_of_line_recovers_direction():
    # Points on the line through (1, 2) with a small orthogonal wobble.
    t = np.linspace(-3, 3, 13)
    x = np.outer(t, [1, 2]) + np.outer(np.tile([0.01, -0.01], 7)[:13], [2, -1])
    r = pca(x, 1)
    np.testing.assert_allclose(r.components[0], np.array([1, 2]) / math.sqrt(5), atol=1e-4)


def test_docstring_examples_run():
    import doctest

    import nnviz.eigen

    result = doctest.testmod(nnviz.eigen, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


# --- dominant and SeFa step norms --------------------------------------------------


@pytest.mark.parametrize(
    "values, index",
    [
        ([3.0, 1.0], 0),
        ([1.0, -4.0], 1),
        ([2.0, -2.0], None),
        ([2.0, 2.0], None),
        (np.linalg.eigvals(rot(0.4)), None),
        ([0.5, 0.0, -0.2], 0),
    ],
)
def test_dominant_picks_the_largest_magnitude(values, index):
    from nnviz.eigen import dominant

    assert dominant(values) == index


def test_dominant_eigenvector_is_where_the_power_method_goes():
    from nnviz.eigen import dominant

    m = np.array([[1.0, 2.0], [2.0, -2.0]])  # λ = 2 and -3
    e = eigen(m)
    k = dominant(e.values)
    # Independent oracle: many raw power steps with numpy.
    x = np.array([0.3, 0.9])
    for _ in range(60):
        x = m @ x
        x /= np.linalg.norm(x)
    assert abs(abs(x @ e.vectors[:, k]) - 1) < 1e-9


def test_sefa_step_norms_top_direction_moves_output_most():
    from nnviz.eigen import sefa_step_norms

    rng = np.random.default_rng(0)
    w = rng.standard_normal((7, 4))
    wn = w / np.linalg.norm(w, axis=1, keepdims=True)
    r = sefa(w)
    norms = sefa_step_norms(w, r.directions)
    np.testing.assert_allclose(norms, np.linalg.svd(wn, compute_uv=False), rtol=1e-10)
    others = rng.standard_normal((500, 4))
    other_norms = sefa_step_norms(w, others)
    np.testing.assert_allclose(
        other_norms, np.linalg.norm(others @ wn.T, axis=1) / np.linalg.norm(others, axis=1)
    )
    assert other_norms.max() <= norms[0] + 1e-12 and other_norms.min() >= norms[-1] - 1e-12


def test_sefa_step_norms_rejects_zero_direction():
    from nnviz.eigen import sefa_step_norms

    with pytest.raises(ValueError, match="^directions"):
        sefa_step_norms([[1, 0], [0, 1]], [[0, 0]])
    with pytest.raises(ValueError, match="^weight"):
        sefa_step_norms([[1, 0], [0, 0]], [[1, 0]])
