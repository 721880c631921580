"""LinearMap end to end: the sidecar's numbers against numpy, and the picture against the sidecar."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import ROOT
from tests.pictures import count_near, frame_of_video, load_rgb

pytestmark = pytest.mark.render

GREEN_C, RED_C, YELLOW = "#83C167", "#FC6255", "#F7D96F"
MATRIX = [[2.0, -1.0], [1.0, 2.0]]  # î -> (2, 1), ĵ -> (-1, 2): tips far apart
VECTOR = [1.5, -2.0]


def looks(img, anchors, name, color):
    return count_near(img, anchors[name], color, radius=6) >= 4


@pytest.fixture(scope="module")
def png(tmp_path_factory, build_cache):
    out = tmp_path_factory.mktemp("lm") / "LinearMap.png"
    proc = subprocess.run(
        [sys.executable, "-m", "scenes", "render", "LinearMap", "--format", "png",
         "--set", f"matrix={json.dumps(MATRIX)} vector={json.dumps(VECTOR)}",
         "--output", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**__import__("os").environ, "NNVIZ_BUILD": str(build_cache)},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == str(out)
    return out, json.loads(out.with_suffix(".json").read_text())


def test_sidecar_numbers_match_numpy(png):
    _, side = png
    m, v = np.array(MATRIX), np.array(VECTOR)
    assert side["scene"] == "LinearMap" and side["quality"] == "low"
    assert side["params"] == {"matrix": MATRIX, "vector": VECTOR}
    np.testing.assert_allclose(side["basis_images"], [m[:, 0], m[:, 1]])
    np.testing.assert_allclose(side["image"], m @ v)
    assert side["determinant"] == pytest.approx(np.linalg.det(m))
    assert side["duration"] > 0


def test_basis_tips_have_their_colours(png):
    path, side = png
    img, anchors = load_rgb(path), side["anchors"]
    h, w, _ = img.shape
    for x, y in anchors.values():
        assert 0 <= x < w and 0 <= y < h
    assert looks(img, anchors, "i_hat_tip", GREEN_C)
    assert looks(img, anchors, "j_hat_tip", RED_C)
    assert looks(img, anchors, "vector_tip", YELLOW)


def test_colour_check_fails_when_the_tips_move(png):
    path, side = png
    img, anchors = load_rgb(path), side["anchors"]
    swapped = {"i_hat_tip": anchors["j_hat_tip"], "j_hat_tip": anchors["i_hat_tip"]}
    assert not looks(img, swapped, "i_hat_tip", GREEN_C)
    assert not looks(img, swapped, "j_hat_tip", RED_C)
    moved = {k: [x + 25, y - 25] for k, (x, y) in anchors.items()}
    assert not looks(img, moved, "i_hat_tip", GREEN_C)
    assert not looks(img, moved, "j_hat_tip", RED_C)


def test_make_clip_writes_a_playable_mp4_with_its_sidecar(tmp_path, build_cache):
    env = {
        **__import__("os").environ,
        "NNVIZ_RENDERS": str(tmp_path),
        "NNVIZ_BUILD": str(build_cache),
    }
    proc = subprocess.run(
        ["make", "-s", "clip", "SCENE=LinearMap", "SET=matrix=[[2,1],[1,3]]"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, env=env,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    mp4 = Path(proc.stdout.strip().splitlines()[-1])
    assert mp4.suffix == ".mp4" and mp4.is_relative_to(tmp_path)
    side = json.loads(mp4.with_suffix(".json").read_text())
    assert side["basis_images"] == [[2, 1], [1, 3]]
    assert side["determinant"] == pytest.approx(5)
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration:stream=codec_name,width,height",
         "-of", "json", str(mp4)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    info = json.loads(probe.stdout)
    assert info["streams"][0]["codec_name"] == "h264"
    assert (info["streams"][0]["width"], info["streams"][0]["height"]) == (854, 480)
    assert float(info["format"]["duration"]) == pytest.approx(side["duration"], abs=0.2)
    last = frame_of_video(mp4)
    assert count_near(last, side["anchors"]["i_hat_tip"], GREEN_C, radius=6, tol=70) >= 3


def test_plain_manim_render_succeeds(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "manim", "render", "-ql", "--media_dir", str(tmp_path),
         "scenes/linear_maps.py", "LinearMap"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    videos = list(tmp_path.rglob("LinearMap.mp4"))
    assert len(videos) == 1 and videos[0].stat().st_size > 10_000
    side = json.loads(videos[0].with_suffix(".json").read_text())
    assert side["image"] == [31, -6]


# -- the vector's coordinate label keeps off the arrow it names (issue: it covered the tip) ------
def label_box(anchors: dict) -> tuple[float, float, float, float]:
    """The end label's pixel box (x0, y0, x1, y1) from its recorded corner anchors."""
    (x0, y0), (x1, y1) = anchors["vector_label_ul"], anchors["vector_label_dr"]
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def inside(box: tuple[float, float, float, float], xy: list[float]) -> bool:
    x0, y0, x1, y1 = box
    return x0 <= xy[0] <= x1 and y0 <= xy[1] <= y1


# The defaults put the tip (31, -6) at the frame's right edge, where the label used to be
# pushed back over the arrow head; the second set is an ordinary case.
LABEL_CASES = [{}, {"matrix": [[2, 1], [1, 3]], "vector": [-3, 2]}]


@pytest.mark.parametrize("params", LABEL_CASES, ids=["defaults", "ordinary"])
def test_the_coordinate_label_keeps_off_the_arrow_tip(render_scene, params):
    path, side = render_scene("LinearMap", params)
    anchors, box = side["anchors"], label_box(side["anchors"])
    h, w, _ = load_rgb(path).shape
    assert 0 <= box[0] < box[2] <= w and 0 <= box[1] < box[3] <= h, "label inside the frame"
    assert not inside(box, anchors["vector_tip"])
    assert not inside(box, anchors["vector_head"])
    # Not vacuous: the label still sits beside the tip it names (within one label size).
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    tx, ty = anchors["vector_tip"]
    assert abs(cx - tx) <= box[2] - box[0] + 10 and abs(cy - ty) <= box[3] - box[1] + 10


def test_label_checks_fail_for_a_label_on_the_tip(render_scene):
    _, side = render_scene("LinearMap", {})
    anchors, (x0, y0, x1, y1) = side["anchors"], label_box(side["anchors"])
    hw, hh = (x1 - x0) / 2, (y1 - y0) / 2
    for name in ("vector_tip", "vector_head"):
        tx, ty = anchors[name]
        assert inside((tx - hw, ty - hh, tx + hw, ty + hh), anchors[name])
    # The old placement: the same box just behind the tip, 0.15 units (9 px) off it.
    tx, ty = anchors["vector_tip"]
    assert inside((tx - 9 - 2 * hw, ty - hh, tx - 9, ty + hh), anchors["vector_head"])
