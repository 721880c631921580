"""nnviz.data: shapes, labels, seeds, each toy set's defining rule, moons against
scikit-learn, one_hot against torch, and the digits split."""

import numpy as np
import pytest
import torch
from sklearn.datasets import make_moons

from nnviz.data import DATASETS, circle, dataset, digits, gauss, moons, one_hot, spiral, xor

NAMES = sorted(DATASETS)


def test_the_playground_sets_and_moons_are_registered():
    assert set(NAMES) == {"circle", "xor", "gauss", "spiral", "moons"}


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("n", [1, 2, 7, 200])
def test_shapes_dtypes_and_labels(name, n):
    X, y = dataset(name, n, 0.2, seed=1)
    assert X.shape == (n, 2) and X.dtype == np.float64
    assert y.shape == (n,) and np.issubdtype(y.dtype, np.integer)
    assert set(np.unique(y)) <= {0, 1}
    assert np.all(np.isfinite(X))


@pytest.mark.parametrize("name", NAMES)
def test_both_classes_are_balanced(name):
    _, y = dataset(name, 300, 0.0, seed=0)
    assert 0.4 < y.mean() < 0.6


@pytest.mark.parametrize("name", NAMES)
def test_reproducible_by_seed_and_seeds_differ(name):
    a, b, c = (dataset(name, 100, 0.3, seed=s) for s in (4, 4, 5))
    np.testing.assert_array_equal(a.X, b.X)
    np.testing.assert_array_equal(a.y, b.y)
    assert not np.array_equal(a.X, c.X)


def test_circle_label_is_the_radius_rule_at_zero_noise():
    X, y = circle(500, 0.0, seed=2)
    r = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_array_equal(y, (r < 2.5).astype(int))
    assert np.all((r < 2.5) | ((r >= 3.5) & (r <= 5.0)))
    # noise moves labels near the boundary, never the positions
    Xn, yn = circle(500, 0.3, seed=2)
    np.testing.assert_array_equal(Xn, X)
    assert 0 < np.sum(yn != y) < 250


def test_xor_label_is_the_sign_rule_at_zero_noise():
    X, y = xor(500, 0.0, seed=3)
    np.testing.assert_array_equal(y, (X[:, 0] * X[:, 1] >= 0).astype(int))
    assert np.all(np.abs(X) >= 0.3) and np.all(np.abs(X) <= 5.3)


def test_gauss_blobs_sit_at_their_centres_with_the_playground_variance():
    X, y = gauss(4000, 0.0, seed=4)
    np.testing.assert_allclose(X[y == 1].mean(axis=0), [2, 2], atol=0.05)
    np.testing.assert_allclose(X[y == 0].mean(axis=0), [-2, -2], atol=0.05)
    assert X[y == 1].var() == pytest.approx(0.5, rel=0.05)
    wide, _ = gauss(4000, 0.5, seed=4)
    assert wide[:2000].var() == pytest.approx(4.0, rel=0.05)


def test_spiral_arms_wind_outward_half_a_turn_apart():
    X, y = spiral(400, 0.0, seed=0)
    r = np.hypot(X[:, 0], X[:, 1])
    assert r.max() < 5.0
    one, zero = X[y == 1], X[y == 0]
    np.testing.assert_allclose(zero, -one, atol=1e-12)  # rotating by π negates a point
    assert np.all(np.diff(r[y == 1]) > 0)


def test_moons_match_scikit_learn_without_noise():
    for n in (10, 11, 200):
        X, y = moons(n, 0.0)
        X_ref, y_ref = make_moons(n, shuffle=False, noise=0.0)
        np.testing.assert_allclose(X, X_ref, atol=1e-15)
        np.testing.assert_array_equal(y, y_ref)
    noisy, _ = moons(2000, 0.1, seed=1)
    assert np.std(noisy - make_moons(2000, shuffle=False)[0]) == pytest.approx(0.1, rel=0.05)


def test_dataset_errors_name_the_problem():
    with pytest.raises(ValueError, match=r"name must be one of \['circle', 'gauss', 'moons'"):
        dataset("checkerboard")
    with pytest.raises(ValueError, match=r"^n must be an integer >= 1, got 0$"):
        circle(0)
    with pytest.raises(ValueError, match=r"^n must be an integer >= 1, got 2.5$"):
        xor(2.5)
    with pytest.raises(ValueError, match="noise must be a finite number >= 0"):
        gauss(10, -0.1)
    with pytest.raises(ValueError, match="noise must be a finite number >= 0"):
        spiral(10, np.nan)


def test_one_hot_matches_torch():
    y = np.array([3, 0, 2, 2, 1])
    expect = torch.nn.functional.one_hot(torch.tensor(y), 5).numpy()
    np.testing.assert_array_equal(one_hot(y, 5), expect)
    np.testing.assert_array_equal(one_hot(y), expect[:, :4])
    assert one_hot(y).dtype == np.float64
    with pytest.raises(ValueError, match="n_classes must exceed the largest label 3"):
        one_hot(y, 3)
    with pytest.raises(ValueError, match="y must be a vector"):
        one_hot([0.5, 1.0])
    with pytest.raises(ValueError, match="y must be a vector"):
        one_hot([[0, 1]])


def test_digits_are_scaled_and_split_the_same_way_every_time():
    train, test = digits()
    assert train.X.shape == (1437, 64) and test.X.shape == (360, 64)
    assert train.X.dtype == np.float64 and train.X.min() == 0.0 and train.X.max() == 1.0
    assert set(np.unique(train.y)) == set(range(10)) == set(np.unique(test.y))
    again, _ = digits()
    np.testing.assert_array_equal(again.X, train.X)
    np.testing.assert_array_equal(again.y, train.y)
    # every image is used exactly once
    from sklearn.datasets import load_digits

    raw = load_digits()
    assert len(train) + len(test) == len(raw.target)
    np.testing.assert_array_equal(
        np.sort(np.r_[train.y, test.y]), np.sort(raw.target)
    )  # same labels overall
