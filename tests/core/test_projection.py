"""Tests for nnviz.projection: closed forms, least-squares oracles and properties."""

import math
import re

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from nnviz.projection import (
    condition,
    dot_as_projection,
    edit,
    project,
    project_onto_subspace,
    reject,
    signed_distance,
)

PROPS = settings(deadline=None, max_examples=50)
small_ints = st.integers(-6, 6)
bounded = st.floats(-10, 10, allow_nan=False, allow_infinity=False)


def vectors(d: int, elements=small_ints):
    return arrays(np.float64, (d,), elements=elements)


def nonzero(d: int):
    return vectors(d).filter(lambda v: np.linalg.norm(v) > 0.5)


def test_project_and_reject_known_values():
    np.testing.assert_allclose(project([3, 4], [1, 1]), [3.5, 3.5])
    np.testing.assert_allclose(reject([3, 4], [1, 1]), [-0.5, 0.5])
    # The length of the direction does not matter, only its line.
    np.testing.assert_allclose(project([3, 4], [-5, -5]), [3.5, 3.5])
    np.testing.assert_allclose(project([[3, 4], [1, 0]], [0, 2]), [[0, 4], [0, 0]])


def test_dot_as_projection():
    u, v = np.array([3.0, 4.0]), np.array([2.0, -1.0])
    length = dot_as_projection(u, v)
    assert length == pytest.approx(0.4)  # (6 - 4) / 5
    assert np.linalg.norm(u) * length == pytest.approx(u @ v)
    assert dot_as_projection([1, 0], [-2, 7]) == pytest.approx(-2)


def test_project_onto_subspace_oracle_lstsq():
    rng = np.random.default_rng(0)
    basis = rng.normal(size=(2, 5))
    v = rng.normal(size=5)
    coef = np.linalg.lstsq(basis.T, v, rcond=None)[0]
    np.testing.assert_allclose(project_onto_subspace(v, basis), basis.T @ coef)


def test_project_onto_subspace_dependent_rows():
    # Two parallel rows span only a line.
    np.testing.assert_allclose(project_onto_subspace([3, 4], [[1, 1], [2, 2]]), [3.5, 3.5])


def test_signed_distance_known_values():
    # Line x + y - 1 = 0 (normal (1, 1), offset -1).
    d = signed_distance([[1, 1], [0, 0], [0.5, 0.5]], [1, 1], offset=-1)
    np.testing.assert_allclose(d, [1 / math.sqrt(2), -1 / math.sqrt(2), 0], atol=1e-15)
    assert isinstance(signed_distance([1, 1], [1, 1]), float)


def test_condition_single_closed_form():
    n = np.array([1.0, 2.0, 2.0])
    c = np.array([0.0, 0.6, 0.8])  # unit
    expected = n - (n @ c) * c  # InterFaceGAN's one-condition formula
    np.testing.assert_allclose(condition(n, c), expected / np.linalg.norm(expected))


def test_condition_two_against_qr_oracle():
    rng = np.random.default_rng(1)
    n, c = rng.normal(size=6), rng.normal(size=(2, 6))
    q, _ = np.linalg.qr(c.T)
    expected = n - q @ (q.T @ n)
    np.testing.assert_allclose(condition(n, c), expected / np.linalg.norm(expected))


def test_condition_in_span_raises():
    with pytest.raises(ValueError, match="direction lies in the span of conditions"):
        condition([1, 1, 0], [[1, 0, 0], [0, 1, 0]])
    with pytest.raises(ValueError, match="span"):
        condition([2, 0], [1e-3, 0])


def test_edit_known_values_interfacegan_interpolation():
    # InterFaceGAN: z + (linspace - z·n) n for a unit boundary n through the origin.
    z, n = np.array([1.0, 2.0, 3.0]), np.array([0.0, 0.0, 1.0])
    alphas = np.linspace(-3, 3, 4)
    expected = z + (alphas - z @ n)[:, None] * n
    np.testing.assert_allclose(edit(z, n, alphas), expected)
    assert edit(z, n, 1.0).shape == (1, 3)


@PROPS
@given(vectors(3), nonzero(3))
def test_projection_idempotent_and_residual_orthogonal(v, u):
    p = project(v, u)
    np.testing.assert_allclose(project(p, u), p, atol=1e-9)
    assert abs(reject(v, u) @ u) <= 1e-9 * (1 + np.linalg.norm(v) * np.linalg.norm(u))
    np.testing.assert_allclose(p + reject(v, u), v, atol=1e-12)


@PROPS
@given(vectors(4), arrays(np.float64, (2, 4), elements=small_ints))
def test_subspace_projection_idempotent_and_residual_orthogonal(v, basis):
    assume(np.all(np.linalg.norm(basis, axis=1) > 0.5))
    p = project_onto_subspace(v, basis)
    np.testing.assert_allclose(project_onto_subspace(p, basis), p, atol=1e-9)
    np.testing.assert_allclose(basis @ (v - p), 0, atol=1e-8)


@PROPS
@given(nonzero(5), st.lists(nonzero(5), min_size=1, max_size=3))
def test_condition_orthogonal_to_every_condition(n, conds):
    c = np.array(conds)
    # Skip directions (nearly) inside the span of the conditions.
    q, _ = np.linalg.qr(c.T)
    assume(np.linalg.norm(n - q @ (q.T @ n)) > 1e-3 * np.linalg.norm(n))
    out = condition(n, c if len(conds) > 1 else c[0])
    assert np.linalg.norm(out) == pytest.approx(1.0)
    np.testing.assert_allclose(c @ out, 0, atol=1e-9)
    assert out @ n > 0  # it still points the same way as the original direction


@PROPS
@given(vectors(3, bounded), nonzero(3), bounded, st.lists(bounded, min_size=1, max_size=5))
def test_edit_points_have_the_asked_distances(z, n, offset, alphas):
    pts = edit(z, n, alphas, offset=offset)
    assert pts.shape == (len(alphas), 3)
    np.testing.assert_allclose(signed_distance(pts, n, offset), alphas, atol=1e-9)
    # Moving only along the normal: the rejection of each move from n is zero.
    np.testing.assert_allclose(reject(pts - z, n), 0, atol=1e-9)


BAD = [
    ("zero direction", lambda: project([1, 2], [0, 0]), "onto"),
    ("shape mismatch", lambda: project([1, 2, 3], [1, 0]), "v"),
    ("nan v", lambda: reject([np.nan, 1], [1, 0]), "v"),
    ("empty basis", lambda: project_onto_subspace([1, 2], []), "basis_vectors"),
    ("zero basis row", lambda: project_onto_subspace([1, 2], [[1, 0], [0, 0]]), "basis_vectors"),
    ("zero normal", lambda: signed_distance([1, 2], [0, 0]), "normal"),
    ("inf offset", lambda: signed_distance([1, 2], [1, 0], np.inf), "offset"),
    ("3-D points", lambda: signed_distance(np.ones((2, 2, 2)), [1, 0]), "points"),
    ("zero u", lambda: dot_as_projection([0, 0], [1, 2]), "u"),
    ("v shape", lambda: dot_as_projection([1, 0], [1, 2, 3]), "v"),
    ("zero direction cond", lambda: condition([0, 0], [1, 0]), "direction"),
    ("zero condition row", lambda: condition([1, 1, 1], [[1, 0, 0], [0, 0, 0]]), "conditions"),
    ("condition dim", lambda: condition([1, 1], [1, 0, 0]), "conditions"),
    ("empty conditions", lambda: condition([1, 1], []), "conditions"),
    ("z shape", lambda: edit([[1, 2]], [1, 0], [0]), "z"),
    ("zero edit direction", lambda: edit([1, 2], [0, 0], [0]), "direction"),
    ("2-D distances", lambda: edit([1, 2], [1, 0], [[0, 1]]), "distances"),
    ("nan distances", lambda: edit([1, 2], [1, 0], [0, np.nan]), "distances"),
]


@pytest.mark.parametrize("call, name", [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_invalid_input_names_the_argument(call, name):
    with pytest.raises(ValueError, match=rf"^{re.escape(name)} "):
        call()


def test_docstring_examples_run():
    import doctest

    import nnviz.projection

    result = doctest.testmod(nnviz.projection, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0
