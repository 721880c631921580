"""EigenSpan and EigenBasis: sidecar numbers against numpy, pictures against the sidecar."""

import math

import numpy as np
import pytest

from tests.pictures import count_near, load_rgb

pytestmark = pytest.mark.render

MAROON_B, YELLOW = "#EC92AB", "#F7D96F"
CASES = {
    "real": [[1.0, 2.0], [2.0, -2.0]],  # λ = 2 and -3: a flip
    "repeated": [[-1.5, 0.0], [0.0, -1.5]],
    "defective": [[2.0, 1.0], [0.0, 2.0]],
    "complex": [[0.8, -0.6], [0.6, 0.8]],
}


@pytest.fixture(scope="module")
def spans(render_scene):
    return {k: render_scene("EigenSpan", {"matrix": m}) for k, m in CASES.items()}


@pytest.fixture(scope="module")
def bases(render_scene):
    return {
        k: render_scene("EigenBasis", {"matrix": CASES[k]})
        for k in ("real", "defective", "complex")
    }


def to_math(side, name):
    """An anchor's pixel position as math coordinates, relative to the origin anchor."""
    (ox, oy), (x, y) = side["anchors"]["origin"], side["anchors"][name]
    return np.array([x - ox, oy - y]) / side["pixels_per_unit"]


def rotate_px(side, name, degrees):
    """The anchor ``name`` turned about the origin anchor (a negative control)."""
    (ox, oy), (x, y) = side["anchors"]["origin"], side["anchors"][name]
    a = math.radians(degrees)
    dx, dy = x - ox, y - oy
    return ox + dx * math.cos(a) - dy * math.sin(a), oy + dx * math.sin(a) + dy * math.cos(a)


@pytest.mark.parametrize("kind", list(CASES))
def test_span_renders_with_its_kind_and_clean_layout(spans, kind):
    path, side = spans[kind]
    img = load_rgb(path)
    assert side["eigen_kind"] == kind
    assert side["layout_problems"] == []
    h, w, _ = img.shape
    assert all(0 <= x < w and 0 <= y < h for x, y in side["anchors"].values())


def test_span_numbers_match_numpy(spans):
    _, side = spans["real"]
    m = np.array(CASES["real"])
    np.testing.assert_allclose(sorted(side["eigenvalues"]), sorted(np.linalg.eigvals(m)))
    for v, lam in zip(side["eigenvectors"], side["eigenvalues"], strict=True):
        np.testing.assert_allclose(m @ v, lam * np.array(v), atol=1e-12)
    np.testing.assert_allclose(side["shown_images"], np.array(side["shown_vectors"]) @ m.T)
    assert side["shown_lambdas"] == pytest.approx([2, -3])
    complex_side = spans["complex"][1]
    got = sorted((z["re"], z["im"]) for z in complex_side["eigenvalues"])
    want = sorted((z.real, z.imag) for z in np.linalg.eigvals(np.array(CASES["complex"])))
    np.testing.assert_allclose(got, want, atol=1e-12)
    assert complex_side["eigenvectors"] == [] and not any(complex_side["shown_is_eigenvector"])
    assert all(spans["repeated"][1]["shown_is_eigenvector"])
    assert spans["defective"][1]["shown_is_eigenvector"].count(True) == 1


@pytest.mark.parametrize("kind", ["real", "defective"])
def test_eigen_line_anchors_lie_along_the_eigenvectors(spans, kind):
    path, side = spans[kind]
    img = load_rgb(path)
    m = np.array(CASES[kind])
    values, vectors = np.linalg.eig(m)
    lines = [k for k in side["anchors"] if k.startswith("eigenline_")]
    assert len(lines) == (2 if kind == "real" else 1)
    for name in lines:
        p = to_math(side, name)
        # Parallel to one of numpy's eigenvectors (pixel rounding aside).
        u = p / np.linalg.norm(p)
        sines = [abs(u[0] * vectors[1, j] - u[1] * vectors[0, j]) for j in range(2)]
        assert min(sines) < 0.02
        assert count_near(img, side["anchors"][name], MAROON_B, radius=3) >= 4
        assert count_near(img, rotate_px(side, name, 25), MAROON_B, radius=3) == 0


def test_vector_tips_land_on_a_times_vector(spans):
    path, side = spans["real"]
    img = load_rgb(path)
    for i, image in enumerate(side["shown_images"]):
        np.testing.assert_allclose(to_math(side, f"vector_{i}_tip"), image, atol=0.05)
    # The eigenvectors (yellow) end at λ·v; the tips really are drawn there.
    assert count_near(img, side["anchors"]["vector_1_tip"], YELLOW, radius=5) >= 4
    assert count_near(img, rotate_px(side, "vector_1_tip", 20), YELLOW, radius=5) == 0


def test_basis_diagonalises_like_numpy(bases):
    _, side = bases["real"]
    m = np.array(CASES["real"])
    p = np.array(side["P"])
    np.testing.assert_allclose(np.linalg.inv(p) @ m @ p, np.diag([2.0, -3.0]), atol=1e-12)
    np.testing.assert_allclose(side["P_inv_A_P"], np.diag([2.0, -3.0]), atol=1e-12)
    assert side["layout_problems"] == []


@pytest.mark.parametrize("kind", ["defective", "complex"])
def test_basis_says_when_it_cannot_diagonalise(bases, kind):
    _, side = bases[kind]
    assert side["eigen_kind"] == kind and side["P"] is None
    assert (
        "complex" in side["message"] if kind == "complex" else "one eigen-line" in side["message"]
    )
    assert side["layout_problems"] == []


def test_power_iterates_match_a_numpy_loop_and_the_dots(bases):
    path, side = bases["real"]
    img = load_rgb(path)
    m = np.array(CASES["real"])
    ring = np.radians(np.arange(7.0, 360.0, 30.0))
    steps = side["steps"]
    for got, angle in zip(side["power_iterates"], ring, strict=True):
        x = np.array([math.cos(angle), math.sin(angle)])
        for _ in range(steps):
            x = m @ x
            x /= np.linalg.norm(x)
        np.testing.assert_allclose(got[-1], x, atol=1e-12)
    # The dominant eigenvector is numpy's for |λ| = 3.
    _, vectors = np.linalg.eig(m)
    dom = vectors[:, np.argmin(np.linalg.eigvals(m))]  # λ = -3
    assert abs(np.dot(side["dominant_eigenvector"], dom)) == pytest.approx(1)
    for i, final in enumerate(side["power_iterates"]):
        np.testing.assert_allclose(to_math(side, f"point_{i}"), final[-1], atol=0.03)
        assert count_near(img, side["anchors"][f"point_{i}"], YELLOW, radius=3) >= 4
    assert count_near(img, rotate_px(side, "point_0", 90), YELLOW, radius=3) == 0
