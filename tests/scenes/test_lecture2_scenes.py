"""Lecture 2 scenes end to end: sidecar numbers against numpy, pictures against the sidecar."""

import numpy as np
import pytest

from tests.pictures import load_rgb

pytestmark = pytest.mark.render

CASES = {
    "FeatureEdit": {"z": [1, 2], "direction": [0, 3], "steps": [-2, -1, 0, 1]},
    "HyperplaneScore": {
        "normal": [0, 2],
        "offset": 1,
        "points": [[1, 1], [2, -2], [-1, 0.2], [0, -3]],
    },
    "OrthogonalProjection": {"v": [-1, 3], "onto": [1, -1]},
    "ConditionalEdit": {"direction": [1, 1], "condition": [0, 2], "z": [-1, -1], "alpha": 2},
}
ODD = [
    ("OrthogonalProjection", {"v": [2, 2], "onto": [1, 1]}),  # rejection zero
    ("ConditionalEdit", {"direction": [1, 1], "condition": [-2, -2]}),  # nothing left
    ("HyperplaneScore", {"normal": [0.1, 0], "offset": 10, "points": [[10, 10]]}),  # far plane
]


@pytest.fixture(scope="module")
def renders(render_scene):
    return {name: render_scene(name, params) for name, params in CASES.items()}


def unit(x):
    x = np.array(x, dtype=float)
    return x / np.sqrt(np.sum(x * x))


def test_every_scene_renders_inside_the_frame_without_overlapping_text(renders):
    for name, (path, side) in renders.items():
        assert path.exists() and path.suffix == ".png", name
        assert side["layout_problems"] == [], name


@pytest.mark.parametrize("name, params", ODD, ids=[n for n, _ in ODD])
def test_odd_parameters_render_cleanly(render_scene, name, params):
    path, side = render_scene(name, params)
    assert path.exists() and side["layout_problems"] == []


def test_feature_edit_score_is_linear_in_alpha(renders):
    _, side = renders["FeatureEdit"]
    c = CASES["FeatureEdit"]
    z, n, alphas = np.array(c["z"], float), unit(c["direction"]), np.array(c["steps"], float)
    np.testing.assert_allclose(side["edits"], z + np.outer(alphas, n))
    slope, intercept = np.polyfit(alphas, side["scores"], 1)
    assert slope == pytest.approx(1) and intercept == pytest.approx(z @ n)


def test_hyperplane_scores_are_signed_distances(renders):
    _, side = renders["HyperplaneScore"]
    c = CASES["HyperplaneScore"]
    n, pts = np.array(c["normal"], float), np.array(c["points"], float)
    np.testing.assert_allclose(side["scores"], (pts @ n + c["offset"]) / np.linalg.norm(n))


def shade(img, xy, radius=4):
    """ "+" where the pixels around xy are bluish (positive side), "-" where reddish."""
    x, y = int(round(xy[0])), int(round(xy[1]))
    patch = (
        img[y - radius : y + radius + 1, x - radius : x + radius + 1].reshape(-1, 3).astype(float)
    )
    r, _, b = patch.mean(axis=0)
    return "+" if b > r + 5 else "-" if r > b + 5 else "?"


def test_each_point_sits_on_shading_of_its_score_sign(renders):
    path, side = renders["HyperplaneScore"]
    img = load_rgb(path)
    anchors = [side["anchors"][f"point_{i}"] for i in range(len(side["scores"]))]
    signs = ["+" if s > 0 else "-" for s in side["scores"]]
    assert [shade(img, a) for a in anchors] == signs
    # Negative control: swapping a positive and a negative point's anchors breaks the check.
    i, j = signs.index("+"), signs.index("-")
    anchors[i], anchors[j] = anchors[j], anchors[i]
    assert [shade(img, a) for a in anchors] != signs


def test_projection_and_rejection(renders):
    _, side = renders["OrthogonalProjection"]
    v, u = np.array([-1.0, 3.0]), np.array([1.0, -1.0])
    np.testing.assert_allclose(side["projection"], [-2, 2])
    np.testing.assert_allclose(side["rejection"], [1, 1])
    np.testing.assert_allclose(np.add(side["projection"], side["rejection"]), v)
    assert side["dot_projection_rejection"] == pytest.approx(0, abs=1e-12)
    p = side["projection"]
    assert p[0] * u[1] - p[1] * u[0] == pytest.approx(0)  # parallel to the line


def test_conditional_edit_keeps_the_condition_score(renders):
    _, side = renders["ConditionalEdit"]
    c = CASES["ConditionalEdit"]
    n, ch = np.array(c["direction"], float), unit(c["condition"])
    expected = unit(n - (n @ ch) * ch)
    np.testing.assert_allclose(side["conditioned_direction"], expected)
    g_plain, g_cond = side["glasses_scores_plain"], side["glasses_scores_conditioned"]
    # Plain editing drags the condition score by alpha·(n̂·ĉ); the conditioned edit does not.
    assert g_plain[1] - g_plain[0] == pytest.approx(c["alpha"] * unit(n) @ ch)
    assert g_cond[1] == pytest.approx(g_cond[0])
    assert side["correlation"] == pytest.approx(unit(n) @ ch)
