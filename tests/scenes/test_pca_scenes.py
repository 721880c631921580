"""CovariancePCA, Eigendigits, SeFaDirections: numbers against numpy and scikit-learn oracles,
pictures against the sidecar."""

import numpy as np
import pytest
from sklearn.decomposition import PCA as SkPCA

from nnviz.data import digits as load_digits
from tests.pictures import count_near, load_rgb

pytestmark = pytest.mark.render

ORANGE, BLUE_D, YELLOW = "#FF862F", "#29ABCA", "#F7D96F"
CUSTOM_POINTS = [[0, 0], [4, 2], [2, 2], [6, 3], [1, -1], [5, 4], [3, 0]]


@pytest.fixture(scope="module")
def cov_named(render_scene):
    return render_scene("CovariancePCA", {"dataset": "elongated", "seed": 3, "n": 60})


@pytest.fixture(scope="module")
def cov_custom(render_scene):
    return render_scene("CovariancePCA", {"dataset": "custom", "points": CUSTOM_POINTS})


@pytest.fixture(scope="module")
def digits(render_scene):
    return render_scene("Eigendigits", {"n_components": 4, "index": 7})


@pytest.fixture(scope="module")
def sefa(render_scene):
    return render_scene("SeFaDirections", {"layer": "custom", "weight": WEIGHT, "seed": 4})


WEIGHT = [[1, 0, 0.5, 2], [0, 2, -1, 0], [1, 1, 0, -1], [0.5, -1, 2, 1], [3, 0, 1, 0]]


def to_math(side, name, origin_name):
    (ox, oy), (x, y) = side["anchors"][origin_name], side["anchors"][name]
    return np.array([x - ox, oy - y]) / side["pixels_per_unit"]


# --- CovariancePCA --------------------------------------------------------------------


@pytest.mark.parametrize("which", ["cov_named", "cov_custom"])
def test_covariance_and_axes_match_numpy_and_sklearn(which, request):
    _, side = request.getfixturevalue(which)
    pts = np.array(side["points"])
    if which == "cov_custom":
        np.testing.assert_array_equal(pts, CUSTOM_POINTS)
    else:
        assert pts.shape == (60, 2)
    np.testing.assert_allclose(side["covariance"], np.cov(pts, rowvar=False))
    sk = SkPCA(2).fit(pts)
    np.testing.assert_allclose(side["eigenvalues"], sk.explained_variance_)
    np.testing.assert_allclose(side["explained_variance_ratio"], sk.explained_variance_ratio_)
    assert side["variance_kept"] + side["variance_lost"] == pytest.approx(np.trace(np.cov(pts.T)))
    # Projection onto PC1 with sklearn: keep one component, map back.
    sk1 = SkPCA(1).fit(pts)
    np.testing.assert_allclose(
        side["projected_points"], sk1.inverse_transform(sk1.transform(pts)), atol=1e-10
    )
    assert side["layout_problems"] == []


@pytest.mark.parametrize("which", ["cov_named", "cov_custom"])
def test_axis_tips_are_sqrt_lambda_eigenvectors(which, request):
    path, side = request.getfixturevalue(which)
    img = load_rgb(path)
    pts = np.array(side["points"])
    lam, vecs = np.linalg.eigh(np.cov(pts, rowvar=False))
    for i, j in ((1, 1), (2, 0)):  # axis1 goes with the largest eigenvalue (eigh: ascending)
        offset = to_math(side, f"axis{i}_tip", "mean")
        want = np.sqrt(lam[j]) * vecs[:, j]
        assert min(np.linalg.norm(offset - want), np.linalg.norm(offset + want)) < 0.04
    tip = side["anchors"]["axis1_tip"]
    assert count_near(img, tip, ORANGE, radius=4) >= 4
    (mx, my) = side["anchors"]["mean"]
    assert count_near(img, (2 * mx - tip[0], 2 * my - tip[1]), ORANGE, radius=4) == 0


# --- Eigendigits -----------------------------------------------------------------------


def test_digit_reconstructions_match_sklearn(digits):
    _, side = digits
    train, test = load_digits()  # the data set itself is tested in test_data.py
    data, x = train.X, test.X[7]
    np.testing.assert_allclose(side["mean_digit"], data.mean(axis=0))
    np.testing.assert_allclose(side["digit"], x)
    for k, err, rebuilt in zip(
        side["ks"], side["reconstruction_errors"], side["reconstructions"], strict=True
    ):
        sk = SkPCA(k, svd_solver="full").fit(data)
        want = sk.inverse_transform(sk.transform(x[None]))[0]
        np.testing.assert_allclose(rebuilt, want, atol=1e-9)
        assert err == pytest.approx(np.linalg.norm(x - want))
    assert side["ks"] == [1, 2, 5, 10, 20]
    assert side["reconstruction_errors"] == sorted(side["reconstruction_errors"], reverse=True)
    sk = SkPCA(4, svd_solver="full").fit(data)
    np.testing.assert_allclose(np.abs(side["components"]), np.abs(sk.components_), atol=1e-9)
    assert len(side["components"]) == 4
    assert side["layout_problems"] == []


def grey_at(img, centre, size_px, row, col):
    side = size_px / 8
    x = centre[0] + (col - 3.5) * side
    y = centre[1] + (row - 3.5) * side
    return img[int(round(y)), int(round(x))].mean()


def test_digit_pictures_show_the_pixels(digits):
    path, side = digits
    img = load_rgb(path)
    for name, values, size in (
        ("digit", side["digit"], side["rebuilt_size_px"]),
        ("rebuilt_k20", side["reconstructions"][-1], side["rebuilt_size_px"]),
        ("mean_digit", side["mean_digit"], side["image_size_px"]),
    ):
        v = np.clip(np.array(values).reshape(8, 8), 0, 1)
        centre = side["anchors"][name]
        got = np.array([[grey_at(img, centre, size, r, c) for c in range(8)] for r in range(8)])
        assert np.abs(got - 255 * v).max() < 30
        # Negative control: the transposed image does not match.
        assert np.abs(got - 255 * v.T).max() > 60


# --- SeFaDirections --------------------------------------------------------------------


def test_sefa_directions_and_norms_match_numpy(sefa):
    _, side = sefa
    w = np.array(WEIGHT, dtype=float)
    wn = w / np.linalg.norm(w, axis=1, keepdims=True)
    lam, vecs = np.linalg.eigh(wn.T @ wn)
    lam, vecs = lam[::-1], vecs[:, ::-1]
    np.testing.assert_allclose(side["eigenvalues"], lam, atol=1e-12)
    for got, want in zip(side["directions"], vecs.T, strict=True):
        assert abs(np.dot(got, want)) == pytest.approx(1)
    np.testing.assert_allclose(side["step_norms"], np.sqrt(lam), atol=1e-12)
    d = np.array(side["random_direction"])
    assert side["random_step_norm"] == pytest.approx(np.linalg.norm(wn @ d))
    assert side["step_norms"][0] >= side["random_step_norm"] >= side["step_norms"][-1]
    assert side["layout_problems"] == []


def test_sefa_bars_are_as_tall_as_the_norms(sefa):
    path, side = sefa
    img = load_rgb(path)
    norms = np.array([*side["step_norms"], side["random_step_norm"]])
    tops = np.array([side["anchors"][f"bar_{i}_top"][1] for i in range(len(norms))])
    # Bars share a baseline: top_y = base - k·norm, a straight line in the norms.
    k, base = np.polyfit(norms, tops, 1)
    assert k < 0 and np.abs(tops - (base + k * norms)).max() < 1.0
    for i in range(len(norms)):
        x, y = side["anchors"][f"bar_{i}_top"]
        colour = YELLOW if i == len(norms) - 1 else BLUE_D
        assert count_near(img, (x, y + 6), colour, radius=3) >= 10
        assert count_near(img, (x, y - 12), colour, radius=3) == 0  # above the bar: no bar
