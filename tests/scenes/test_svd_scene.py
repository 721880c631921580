"""SVDSteps: singular values against numpy; the ellipse's axis tips sit at σᵢuᵢ in the picture."""

import numpy as np
import pytest

from tests.pictures import count_near, load_rgb

pytestmark = pytest.mark.render

ORANGE = "#FF862F"
CASES = {"rotation": [[2.0, 1.0], [1.0, 3.0]], "reflection": [[1.0, 2.0], [3.0, 1.0]]}


@pytest.fixture(scope="module")
def renders(render_scene):
    return {k: render_scene("SVDSteps", {"matrix": m}) for k, m in CASES.items()}


def to_math(side, name):
    (ox, oy), (x, y) = side["anchors"]["origin"], side["anchors"][name]
    return np.array([x - ox, oy - y]) / side["pixels_per_unit"]


@pytest.mark.parametrize("case", list(CASES))
def test_numbers_match_numpy_svd(renders, case):
    _, side = renders[case]
    m = np.array(CASES[case])
    np.testing.assert_allclose(side["singular_values"], np.linalg.svd(m, compute_uv=False))
    u, s, vt = (np.array(side[k]) for k in ("U", "signed_s", "Vt"))
    np.testing.assert_allclose(u @ np.diag(s) @ vt, m, atol=1e-12)
    assert side["reflection"] is bool(np.linalg.det(m) < 0)
    assert side["layout_problems"] == []


@pytest.mark.parametrize("case", list(CASES))
def test_axis_tips_sit_at_sigma_u(renders, case):
    path, side = renders[case]
    img = load_rgb(path)
    u, s, _ = np.linalg.svd(np.array(CASES[case]))
    h, w, _ = img.shape
    for i in range(2):
        name = f"sigma{i + 1}_tip"
        x, y = side["anchors"][name]
        assert 0 <= x < w and 0 <= y < h
        tip = to_math(side, name)
        # numpy's u may point either way: the tip is one end of the axis.
        assert (
            min(np.linalg.norm(tip - s[i] * u[:, i]), np.linalg.norm(tip + s[i] * u[:, i])) < 0.03
        )
        assert count_near(img, (x, y), ORANGE, radius=3) >= 6
        # Negative control: the other end of the axis has no tip dot.
        ox, oy = side["anchors"]["origin"]
        assert count_near(img, (2 * ox - x, 2 * oy - y), ORANGE, radius=3) < 6


def test_reflection_sends_v2_to_minus_sigma2_u2(renders):
    _, side = renders["reflection"]
    np.testing.assert_allclose(
        to_math(side, "v2_tip"), -np.array(side["U"])[:, 1] * side["singular_values"][1], atol=0.03
    )
    np.testing.assert_allclose(to_math(side, "v2_tip"), -to_math(side, "sigma2_tip"), atol=0.03)
