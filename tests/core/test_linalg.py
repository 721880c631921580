"""Tests for nnviz.linalg: known values, numpy.linalg oracles, closed forms and properties."""

import math
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from nnviz import linalg
from nnviz.linalg import (
    SingularMatrixError,
    apply,
    basis_images,
    change_of_basis,
    column_space_direction,
    compose,
    determinant,
    from_basis,
    image_kind,
    interpolate,
    inverse,
    is_singular,
    rank,
    rotation,
    scale,
    shear,
    to_basis,
)

# f(x, y) = (x + 3y, y - 2x) and h(x, y) = (-3y, 4x + y), written out by hand.
F = [[1, 3], [-2, 1]]
H = [[0, -3], [4, 1]]

PROPS = settings(deadline=None, max_examples=50)
small_ints = st.integers(-6, 6)


def int_matrices(n: int = 2):
    return arrays(np.float64, (n, n), elements=small_ints)


def test_apply_known_value():
    np.testing.assert_array_equal(apply(F, [7, 8]), [31, -6])


def test_apply_batch_matches_single_points():
    pts = np.array([[7.0, 8.0], [1.0, 0.0], [0.0, 1.0]])
    np.testing.assert_array_equal(apply(F, pts), [[31, -6], [1, -2], [3, 1]])


def test_basis_images_are_columns_as_rows():
    np.testing.assert_array_equal(basis_images(F), [[1, -2], [3, 1]])


def test_compose_known_value_h_then_f():
    np.testing.assert_array_equal(compose(F, H), [[12, 0], [4, 7]])
    # Check the meaning "h first, then f" pointwise at (7, 8): h(7, 8) = (-24, 36).
    np.testing.assert_array_equal(apply(compose(F, H), [7, 8]), apply(F, [-24, 36]))


def test_compose_single_and_three():
    np.testing.assert_array_equal(compose(F), F)
    np.testing.assert_allclose(compose(F, H, F), np.array(F) @ np.array(H) @ np.array(F))


def test_determinant_known_and_oracle():
    assert determinant(F) == pytest.approx(7.0)
    m = np.array([[2.0, -1, 0], [1, 3, 2], [0, 1, 4]])
    assert determinant(m) == pytest.approx(np.linalg.det(m))


def test_inverse_matches_solve():
    m = np.array([[2.0, 1], [1, 3]])
    np.testing.assert_allclose(inverse(m), np.linalg.solve(m, np.eye(2)))


@pytest.mark.parametrize("m", [[[1, 2], [2, 4]], [[0, 0], [0, 0]], [[1e6, 2e6], [3e6, 6e6 + 1e-7]]])
def test_inverse_singular_raises_with_determinant(m):
    with pytest.raises(SingularMatrixError, match="determinant") as info:
        inverse(m)
    assert isinstance(info.value, ValueError)
    assert "matrix" in str(info.value)


def test_singularity_is_scale_invariant():
    # det = 1e-30, but the matrix is a perfectly conditioned multiple of I.
    tiny = 1e-15 * np.eye(2)
    assert not is_singular(tiny)
    np.testing.assert_allclose(inverse(tiny), 1e15 * np.eye(2))


def test_rank_and_image_kind():
    assert rank([[1, 2], [3, 4]]) == 2 and image_kind([[1, 2], [3, 4]]) == "plane"
    assert rank([[1, 2], [2, 4]]) == 1 and image_kind([[1, 2], [2, 4]]) == "line"
    assert rank(np.zeros((2, 2))) == 0 and image_kind(np.zeros((2, 2))) == "point"
    assert rank([[1, 2, 3], [2, 4, 6]]) == np.linalg.matrix_rank([[1, 2, 3], [2, 4, 6]])


def test_column_space_direction():
    # Columns (1, 2) and (2, 4) both lie on the line through (1, 2).
    d = column_space_direction([[1, 2], [2, 4]])
    np.testing.assert_allclose(d, np.array([1, 2]) / math.sqrt(5))
    d = column_space_direction([[-3, 0], [3, 0]])
    np.testing.assert_allclose(d, np.array([1, -1]) / math.sqrt(2))
    with pytest.raises(ValueError, match="matrix must have rank 1"):
        column_space_direction(np.eye(2))


def test_interpolate_endpoints_and_midpoint():
    np.testing.assert_array_equal(interpolate(F, 0), np.eye(2))
    np.testing.assert_array_equal(interpolate(F, 1), F)
    np.testing.assert_array_equal(interpolate(F, 0.5), [[1, 1.5], [-1, 1]])


@pytest.mark.parametrize("theta", [0.0, 0.3, math.pi / 2, 2.5, -1.0])
def test_rotation_closed_form(theta):
    r = rotation(theta)
    assert determinant(r) == pytest.approx(1.0)
    np.testing.assert_allclose(r @ r.T, np.eye(2), atol=1e-15)
    np.testing.assert_allclose(apply(r, [1, 0]), [math.cos(theta), math.sin(theta)])
    values = np.linalg.eigvals(r)
    expected = [complex(math.cos(theta), s * math.sin(theta)) for s in (1, -1)]
    np.testing.assert_allclose(
        sorted(values, key=lambda z: z.imag), sorted(expected, key=lambda z: z.imag), atol=1e-12
    )


def test_shear_and_scale_closed_forms():
    np.testing.assert_array_equal(shear(2), [[1, 2], [0, 1]])
    np.testing.assert_array_equal(apply(shear(2), [1, 0]), [1, 0])
    assert determinant(shear(5)) == pytest.approx(1.0)
    np.testing.assert_array_equal(scale(2, -3), [[2, 0], [0, -3]])


def test_change_of_basis_known_value():
    # M has eigenvectors (1, 0) for 3 and (-1, 1) for 2; in that basis it is diagonal.
    np.testing.assert_allclose(
        change_of_basis([[3, 1], [0, 2]], [[1, -1], [0, 1]]), np.diag([3, 2])
    )


def test_to_and_from_basis_known_values():
    b = [[1, 1], [0, 1]]  # basis vectors (1, 0) and (1, 1)
    np.testing.assert_allclose(to_basis([3, 1], b), [2, 1])
    np.testing.assert_allclose(from_basis([2, 1], b), [3, 1])
    np.testing.assert_allclose(to_basis([[3, 1], [0, 2]], b), [[2, 1], [-2, 2]])


def test_to_basis_singular_basis():
    with pytest.raises(SingularMatrixError, match="basis"):
        to_basis([1, 1], [[1, 2], [2, 4]])


@PROPS
@given(int_matrices(), int_matrices())
def test_det_of_product(a, b):
    lhs = determinant(compose(a, b))
    assert lhs == pytest.approx(determinant(a) * determinant(b), abs=1e-8)


@PROPS
@given(int_matrices(3), arrays(np.float64, (4, 3), elements=small_ints))
def test_apply_matches_matmul_and_compose(m, pts):
    np.testing.assert_allclose(apply(m, pts), pts @ m.T)
    np.testing.assert_allclose(apply(compose(m, m), pts), apply(m, apply(m, pts)))


@PROPS
@given(int_matrices(), arrays(np.float64, (2,), elements=small_ints))
def test_basis_round_trip(b, v):
    if abs(np.linalg.det(b)) < 0.5:  # integer matrices: det is an integer, so this is det == 0
        return
    np.testing.assert_allclose(from_basis(to_basis(v, b), b), v, atol=1e-9)
    np.testing.assert_allclose(to_basis(v, b), np.linalg.solve(b, v), atol=1e-9)


@PROPS
@given(int_matrices(), int_matrices(), arrays(np.float64, (2,), elements=small_ints))
def test_change_of_basis_acts_on_coordinates(m, b, c):
    # Applying B⁻¹MB to coordinates c is the same as applying M to the vector B c.
    if abs(np.linalg.det(b)) < 0.5:
        return
    lhs = from_basis(apply(change_of_basis(m, b), c), b)
    np.testing.assert_allclose(lhs, apply(m, from_basis(c, b)), atol=1e-8)


@PROPS
@given(int_matrices())
def test_rank_matches_numpy(m):
    assert rank(m) == np.linalg.matrix_rank(m)
    assert is_singular(m) == (round(np.linalg.det(m)) == 0)


# --- input checks ---------------------------------------------------------------

BAD = [
    ("wrong shape", lambda: apply(F, [1, 2, 3]), "points"),
    ("wrong ndim", lambda: apply(F, np.ones((2, 2, 2))), "points"),
    ("non-square", lambda: determinant([[1, 2, 3], [4, 5, 6]]), "matrix"),
    ("non-square inverse", lambda: inverse(np.ones((2, 3))), "matrix"),
    ("nan", lambda: apply([[np.nan, 0], [0, 1]], [1, 2]), "matrix"),
    ("inf", lambda: apply(F, [np.inf, 2]), "points"),
    ("empty", lambda: apply(F, []), "points"),
    ("empty matrix", lambda: rank([]), "matrix"),
    ("no matrices", lambda: compose(), "matrices"),
    ("mismatched compose", lambda: compose(F, np.eye(3)), "matrices[1]"),
    ("nan t", lambda: interpolate(F, np.nan), "t"),
    ("vector angle", lambda: rotation([1.0, 2.0]), "angle"),
    ("inf shear", lambda: shear(np.inf), "k"),
    ("nan scale", lambda: scale(1, np.nan), "sy"),
    ("image_kind 3x3", lambda: image_kind(np.eye(3)), "matrix"),
    ("basis shape", lambda: change_of_basis(F, np.eye(3)), "basis"),
    ("coords shape", lambda: from_basis([1, 2, 3], F), "coords"),
    ("vector nan", lambda: to_basis([np.nan, 1], F), "vector"),
]


@pytest.mark.parametrize("call, name", [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_invalid_input_names_the_argument(call, name):
    with pytest.raises(ValueError, match=rf"^{re.escape(name)} "):
        call()


def test_all_is_exported():
    for name in linalg.__all__:
        assert hasattr(linalg, name)


def test_docstring_examples_run():
    import doctest

    import nnviz.linalg

    result = doctest.testmod(nnviz.linalg, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0
