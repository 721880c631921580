"""Tests for nnviz.sampling: seeded, shaped, and distributed as asked (statistical oracles)."""

import numpy as np
import pytest

from nnviz.sampling import CLOUDS, gaussian_cloud, named_cloud, random_direction, random_layer


def test_same_seed_same_points_other_seed_other_points():
    a = gaussian_cloud(50, [[2, 1], [1, 2]], seed=4)
    np.testing.assert_array_equal(a, gaussian_cloud(50, [[2, 1], [1, 2]], seed=4))
    assert not np.allclose(a, gaussian_cloud(50, [[2, 1], [1, 2]], seed=5))


@pytest.mark.parametrize("name", sorted(CLOUDS))
def test_large_named_cloud_has_its_covariance(name):
    # With 40 000 points the sample covariance is within a few percent of the true one.
    pts = named_cloud(name, 40_000, seed=1)
    assert pts.shape == (40_000, 2)
    np.testing.assert_allclose(np.cov(pts, rowvar=False), CLOUDS[name], atol=0.08)
    np.testing.assert_allclose(pts.mean(axis=0), [0, 0], atol=0.05)


def test_gaussian_cloud_mean_shifts_points():
    pts = gaussian_cloud(20_000, [[1, 0], [0, 1]], seed=0, mean=[5, -3])
    np.testing.assert_allclose(pts.mean(axis=0), [5, -3], atol=0.05)


def test_random_layer_is_standard_normal():
    w = random_layer(300, 200, seed=7)
    assert w.shape == (300, 200)
    assert abs(w.mean()) < 0.01 and abs(w.std() - 1) < 0.01
    np.testing.assert_array_equal(w, random_layer(300, 200, seed=7))


def test_random_direction_is_unit_and_isotropic():
    dirs = np.array([random_direction(3, seed=s) for s in range(3000)])
    np.testing.assert_allclose(np.linalg.norm(dirs, axis=1), 1.0)
    # Uniform on the sphere: E[d dᵀ] = I / 3.
    np.testing.assert_allclose(dirs.T @ dirs / len(dirs), np.eye(3) / 3, atol=0.03)


@pytest.mark.parametrize(
    "call, word",
    [
        (lambda: gaussian_cloud(5, [[1, 2], [0, 1]]), "cov"),
        (lambda: gaussian_cloud(5, [[1, 0], [0, -1]]), "cov"),
        (lambda: gaussian_cloud(0, [[1, 0], [0, 1]]), "n"),
        (lambda: gaussian_cloud(5, [[1, 0], [0, 1]], seed=-1), "seed"),
        (lambda: gaussian_cloud(5, [[1, 0], [0, 1]], mean=[1, 2, 3]), "mean"),
        (lambda: named_cloud("banana"), "name"),
        (lambda: random_layer(0, 3), "n_out"),
        (lambda: random_direction(2, seed=1.5), "seed"),
    ],
)
def test_bad_input_names_the_argument(call, word):
    with pytest.raises(ValueError, match=rf"^{word} "):
        call()
