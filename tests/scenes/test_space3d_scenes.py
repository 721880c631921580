"""Lecture 6 scenes: the numbers in the sidecar against numpy and scikit-learn, anchors against
an independent perspective projection and against the pixels, and odd parameters."""

import numpy as np
import pytest
from sklearn.decomposition import PCA as SkPCA

from tests.pictures import count_near, load_rgb

pytestmark = pytest.mark.render

BLUE_D, WHITE, RED_C = "#29ABCA", "#FFFFFF", "#FC6255"
MATRIX = [[1, 1, -0.5], [0, 2, 0.5], [1, 0, 1]]


def rot_z(a):
    c, s = np.cos(a), np.sin(a)
    return np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]])


def rot_x(a):
    c, s = np.cos(a), np.sin(a)
    return np.array([[1, 0, 0], [0, c, -s], [0, s, c]])


def pixel(side, math_point):
    """Where a math point must appear: scene = unit·(p − centre), manim's camera rotation
    Rz(γ)·Rx(−φ)·Rz(−θ − 90°), perspective d/(d − z), then the 480p pixel grid."""
    cam = side["camera"]
    scene = cam["unit"] * (np.asarray(math_point, float) - cam["centre"]) - cam["frame_center"]
    r = rot_z(cam["gamma"]) @ rot_x(-cam["phi"]) @ rot_z(-cam["theta"] - np.pi / 2) @ scene
    xy = r[:2] * cam["focal_distance"] / (cam["focal_distance"] - r[2]) * cam["zoom"]
    w, h = side["resolution"]
    fw = 8.0 * w / h
    return np.array([(xy[0] + fw / 2) * w / fw, (4.0 - xy[1]) * h / 8.0])


# -- LinearMap3D -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def linear_map(render_scene):
    return render_scene("LinearMap3D", {"matrix": MATRIX})


def test_linear_map_numbers_and_k_hat_tip(linear_map):
    path, side = linear_map
    a = np.array(MATRIX)
    np.testing.assert_allclose(side["basis_images"], a.T)
    assert side["determinant"] == pytest.approx(np.linalg.det(a))
    assert side["orientation"] == "kept" and side["layout_problems"] == []
    tip = side["anchors"]["k_hat_tip"]
    np.testing.assert_allclose(tip, pixel(side, a[:, 2]), atol=0.5)
    img = load_rgb(path)
    assert count_near(img, tip, BLUE_D, radius=5, tol=40) >= 4
    # Negative control: k̂'s old tip (0, 0, 1) is left empty of k̂'s colour.
    assert count_near(img, pixel(side, [0, 0, 1]), BLUE_D, radius=5, tol=40) == 0


@pytest.mark.parametrize(
    ("matrix", "kind", "words"),
    [
        ([[1, 2, 3], [4, 5, 6], [7, 8, 9]], "plane", "onto a plane"),
        ([[1, 2, 0.5], [-2, -4, -1], [0.5, 1, 0.25]], "line", "onto a line"),
        ([[0, 0, 0], [0, 0, 0], [0, 0, 0]], "point", "onto a single point"),
        ([[1, 0, 0], [0, 1, 0], [0, 0, -1]], "space", None),
    ],
)
def test_linear_map_odd_matrices_say_what_happens(render_scene, matrix, kind, words):
    _, side = render_scene("LinearMap3D", {"matrix": matrix})
    assert side["image_kind"] == kind
    assert side["rank"] == np.linalg.matrix_rank(np.array(matrix, float))
    if words:
        assert any(words in n for n in side["notes"])
    else:
        assert side["orientation"] == "flipped" and side["determinant"] == pytest.approx(-1)
    assert side["layout_problems"] == []


# -- RotationAxis3D ------------------------------------------------------------------------


def test_rotation_by_pi_axis_and_angle(render_scene):
    _, side = render_scene("RotationAxis3D", {"matrix": [[1, 0, 0], [0, -1, 0], [0, 0, -1]]})
    assert side["is_rotation"] and side["angle"] == pytest.approx(np.pi)
    np.testing.assert_allclose(np.abs(side["axis"]), [1, 0, 0], atol=1e-12)
    assert (
        side["eigen_case"] == "three different real eigenvalues" or "repeated" in side["eigen_case"]
    )
    assert side["layout_problems"] == []


# -- PlaneProjection3D ---------------------------------------------------------------------

POINTS = [[1.5, 0.5, 1.5], [-1, 0.5, 0.2], [1, 1, -1]]  # the last lies on the plane
NORMAL, OFFSET = [1, 1, 2], -0.0


def test_plane_feet_scores_and_pictures(render_scene):
    path, side = render_scene("PlaneProjection3D", {"points": POINTS, "normal": NORMAL,
                                                    "offset": OFFSET})  # fmt: skip
    n, x = np.array(NORMAL, float), np.array(POINTS, float)
    scores = (x @ n + OFFSET) / np.linalg.norm(n)
    np.testing.assert_allclose(side["scores"], scores, atol=1e-12)
    np.testing.assert_allclose(side["feet"], x - np.outer(scores, n / np.linalg.norm(n)))
    assert side["sides"] == [1, -1, 0]
    assert any("on the plane" in t for t in side["notes"])
    assert side["layout_problems"] == []
    img = load_rgb(path)
    for i in (0, 1):
        foot, point = side["anchors"][f"foot_{i}"], side["anchors"][f"point_{i}"]
        np.testing.assert_allclose(foot, pixel(side, side["feet"][i]), atol=0.5)
        assert count_near(img, foot, WHITE, radius=3, tol=40) >= 3
        # Negative control: the point itself is its side's colour, not a white foot.
        colour = BLUE_D if i == 0 else RED_C
        assert count_near(img, point, colour, radius=3, tol=40) > count_near(
            img, point, WHITE, radius=3, tol=40
        )


# -- ConditionalEdit3D ----------------------------------------------------------------------


def test_conditional_edit_scores(render_scene):
    _, side = render_scene("ConditionalEdit3D", {})
    assert np.ptp(side["condition_scores_conditioned"]) < 1e-12
    assert np.ptp(side["condition_scores_plain"]) > 0.1
    n = np.array([1, 1, 0]) / np.sqrt(2)
    c = np.array([0, 1, 0.4]) / np.linalg.norm([0, 1, 0.4])
    expect = n - (n @ c) * c
    np.testing.assert_allclose(side["n_prime"], expect / np.linalg.norm(expect), atol=1e-12)
    assert side["layout_problems"] == []


def test_parallel_edit_and_identical_points_exit_2(cli, renders):
    for args in (
        ["ConditionalEdit3D", "--set", "direction=[1,2,3]", "--set", "condition=[2,4,6]"],
        ["PCA3D", "--set", "dataset=points", "--set", "points=[[1,1,1],[1,1,1],[1,1,1]]"],
    ):
        r = cli("render", *args, "--format", "png")
        assert r.returncode == 2, r.stderr
        assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
        assert not any(p.is_file() for p in renders.rglob("*"))


# -- PCA3D ---------------------------------------------------------------------------------


def test_pca_collinear_points_match_sklearn_and_say_so(render_scene):
    pts = [[0, 0, 0], [1, 2, -1], [2, 4, -2], [3, 6, -3.0]]
    _, side = render_scene("PCA3D", {"dataset": "points", "points": pts})
    sk = SkPCA(3).fit(pts)
    np.testing.assert_allclose(side["eigenvalues"], sk.explained_variance_, atol=1e-12)
    assert side["collinear"] and side["variance_lost"] == pytest.approx(0, abs=1e-12)
    assert any("collinear" in t for t in side["notes"])
    assert side["layout_problems"] == []


# -- LiftingLayer ---------------------------------------------------------------------------


def test_lifting_layer_accuracy_on_circles(render_scene):
    _, side = render_scene("LiftingLayer", {"dataset": "circle"})
    assert side["accuracy"] >= 0.95
    assert side["layout_problems"] == []


# -- HessianSurface --------------------------------------------------------------------------


def test_saddle_point_anchor_and_verdict(render_scene):
    """The double well's saddle at the origin (its minima are at w₁ = ±1)."""
    path, side = render_scene("HessianSurface", {"function": "double_well", "point": [0, 0]})
    assert side["verdict"] == "saddle" and side["value"] == pytest.approx(1.0)
    np.testing.assert_allclose(side["eigenvalues"], np.linalg.eigvalsh([[-4, 0], [0, 2]]))
    anchor = side["anchors"]["point"]
    np.testing.assert_allclose(anchor, pixel(side, [0, 0, side["z_scale"] * 1.0]), atol=0.5)
    img = load_rgb(path)
    assert count_near(img, anchor, WHITE, radius=3, tol=30) >= 5
    # Negative control: the minimum at (1, 0), f = 0, is surface, not the white marker.
    assert count_near(img, pixel(side, [1.0, 0.0, 0.0]), WHITE, radius=3, tol=30) == 0
    assert side["layout_problems"] == []


# -- declarations (no rendering) -------------------------------------------------------------

LECTURE_6 = ["LinearMap3D", "RotationAxis3D", "PlaneProjection3D", "ConditionalEdit3D",
             "PCA3D", "LiftingLayer", "HessianSurface"]  # fmt: skip


def test_lecture_6_lists_the_seven_scenes_in_order_and_each_is_documented():
    from scenes import registry

    lecture = {lec.slug: lec for lec in registry.lectures()}["06-three-dimensions"]
    assert lecture.title == "Seeing in three dimensions"
    order = [s.name for s in lecture.scenes]
    assert [n for i, n in enumerate(order) if n not in order[:i]] == LECTURE_6
    for name in LECTURE_6:
        cls = registry.get(name)
        assert cls.TITLE and cls.CAPTION, name
        assert "nnviz render " + name in (cls.__doc__ or ""), name
