"""Lecture 1 scenes end to end: sidecar numbers against numpy, pictures against the sidecar.

One low-quality PNG per scene and parameter set, rendered once per module.
"""

import numpy as np
import pytest

from tests.pictures import count_near, hex_rgb, load_rgb

pytestmark = pytest.mark.render

YELLOW = "#F7D96F"  # manim YELLOW: a general vector
SQUARE = "#{:02X}{:02X}{:02X}".format(*(0.3 * hex_rgb(YELLOW)).astype(int))  # at opacity 0.3

CASES = {
    "MatrixTimesVector": {"matrix": [[2, -1], [1, 1]], "vector": [3, -2]},
    "Composition": {"first": [[0, -1], [1, 0]], "second": [[1, 1], [0, 1]]},
    "Determinant": {"matrix": [[1, 2], [3, 1]]},
    "Inverse": {"matrix": [[3, 1], [2, 1]], "vector": [-1, 2]},
    "DotProduct": {"u": [1, -2], "v": [-3, 1]},
    "CatClassifier": {"weights": [[1, 2], [3, -1]], "features": [[1, 1], [-2, 0.5], [0.5, -1]]},
    "ChangeOfBasis": {"basis": [[1, 1], [0, 1]], "vector": [2, 1], "matrix": [[2, 0], [1, 1]]},
}
#: Odd parameters: singular, negative determinant, large entries. They must render cleanly.
ODD = [
    ("Determinant", {"matrix": [[1, 2], [2, 4]]}),
    ("Inverse", {"matrix": [[1, 2], [2, 4]]}),
    ("MatrixTimesVector", {"matrix": [[10, -10], [9, 10]], "vector": [10, -10]}),
    ("Composition", {"first": [[1, 2], [2, 4]], "second": [[-10, 3], [0, 10]]}),
    ("DotProduct", {"u": [10, 0.1], "v": [0, 0]}),
]


@pytest.fixture(scope="module")
def renders(render_scene):
    return {name: render_scene(name, params) for name, params in CASES.items()}


def arr(x):
    return np.array(x, dtype=float)


def test_every_scene_renders_inside_the_frame_without_overlapping_text(renders):
    for name, (path, side) in renders.items():
        assert path.exists() and path.suffix == ".png", name
        assert side["layout_problems"] == [], name
        w, h = side["resolution"]
        for key, (x, y) in side["anchors"].items():
            assert 0 <= x <= w and 0 <= y <= h, (name, key)


@pytest.mark.parametrize("name, params", ODD, ids=[f"{n}-{i}" for i, (n, _) in enumerate(ODD)])
def test_odd_parameters_render_cleanly(render_scene, name, params):
    path, side = render_scene(name, params)
    assert path.exists() and side["layout_problems"] == []


def test_matrix_times_vector_numbers(renders):
    _, side = renders["MatrixTimesVector"]
    m, v = arr(CASES["MatrixTimesVector"]["matrix"]), arr(CASES["MatrixTimesVector"]["vector"])
    np.testing.assert_allclose(side["image"], np.dot(m, v))
    np.testing.assert_allclose(side["scaled_columns"], [v[0] * m[:, 0], v[1] * m[:, 1]])


def test_matrix_times_vector_tip_is_yellow(renders):
    path, side = renders["MatrixTimesVector"]
    img, tip = load_rgb(path), side["anchors"]["vector_tip"]
    assert count_near(img, tip, YELLOW, radius=6) >= 4
    # Negative control: the same check fails away from the tip.
    assert count_near(img, (tip[0] - 40, tip[1] + 40), YELLOW, radius=6) < 4
    assert count_near(img, side["anchors"]["i_hat_tip"], YELLOW, radius=3) < 4


def test_composition_numbers_and_landing(renders):
    _, side = renders["Composition"]
    h, f = arr(CASES["Composition"]["first"]), arr(CASES["Composition"]["second"])
    np.testing.assert_allclose(side["product"], np.matmul(f, h))
    np.testing.assert_allclose(side["other_order"], np.matmul(h, f))
    assert side["commute"] is False
    a = side["anchors"]
    # Two steps and the one product matrix land î on the same pixel; the other order does not.
    assert np.hypot(*np.subtract(a["i_hat_tip_product"], a["i_hat_tip_two_steps"])) < 2
    assert np.hypot(*np.subtract(a["i_hat_tip_other_order"], a["i_hat_tip_two_steps"])) > 20


def test_determinant_numbers(renders):
    _, side = renders["Determinant"]
    m = arr(CASES["Determinant"]["matrix"])
    assert side["determinant"] == pytest.approx(np.linalg.det(m))
    assert side["orientation_flipped"] is True and side["area"] == pytest.approx(5)
    np.testing.assert_allclose(side["square_image_center"], m @ [0.5, 0.5])


def test_determinant_square_image_has_the_square_colour(renders):
    path, side = renders["Determinant"]
    img, a = load_rgb(path), side["anchors"]
    assert count_near(img, a["square_center"], SQUARE, radius=5, tol=25) >= 40
    # Negative control: the centre reflected through the origin, A·(-½, -½), is outside it.
    mirror = 2 * np.array(a["origin"]) - a["square_center"]
    assert 0 <= mirror[0] < img.shape[1] and 0 <= mirror[1] < img.shape[0]
    assert count_near(img, mirror, SQUARE, radius=5, tol=25) < 10


def test_inverse_numbers(renders):
    _, side = renders["Inverse"]
    m, v = arr(CASES["Inverse"]["matrix"]), arr(CASES["Inverse"]["vector"])
    np.testing.assert_allclose(side["inverse"], np.linalg.inv(m))
    np.testing.assert_allclose(side["round_trip"], np.eye(2), atol=1e-12)
    np.testing.assert_allclose(side["back"], v)
    assert side["singular"] is False


def test_singular_inverse_says_so_instead_of_crashing(render_scene):
    _, side = render_scene("Inverse", {"matrix": [[1, 2], [2, 4]]})
    assert side["singular"] is True and side["inverse"] is None
    assert side["determinant"] == pytest.approx(0, abs=1e-12)


def test_dot_product_numbers(renders):
    _, side = renders["DotProduct"]
    u, v = arr(CASES["DotProduct"]["u"]), arr(CASES["DotProduct"]["v"])
    assert side["dot"] == pytest.approx(np.inner(u, v))
    assert side["norm_u"] == pytest.approx(np.sqrt(5))
    assert side["norm_u"] * side["projection_length"] == pytest.approx(np.inner(u, v))
    np.testing.assert_allclose(side["projection"], np.inner(u, v) / np.inner(u, u) * u)
    assert side["number_line_image"] == pytest.approx(np.inner(u, v))


def test_cat_classifier_scores_are_dot_products(renders):
    _, side = renders["CatClassifier"]
    w, x = arr(CASES["CatClassifier"]["weights"]), arr(CASES["CatClassifier"]["features"])
    scores = np.einsum("ij,kj->ki", w, x)
    np.testing.assert_allclose(side["scores"], scores)
    expected = ["cat" if (s > 0).all() else "dog" if (s < 0).all() else "?" for s in scores]
    assert side["verdicts"] == expected


def test_change_of_basis_numbers(renders):
    _, side = renders["ChangeOfBasis"]
    c = CASES["ChangeOfBasis"]
    b, v, m = arr(c["basis"]), arr(c["vector"]), arr(c["matrix"])
    coords = np.linalg.lstsq(b, v, rcond=None)[0]
    np.testing.assert_allclose(side["coords_in_basis"], coords)
    np.testing.assert_allclose(side["matrix_in_basis"], np.linalg.inv(b) @ m @ b)
    np.testing.assert_allclose(np.sum(side["scaled_basis"], axis=0), v)
