"""Delivery plumbing without Manim: captions, chapters, faststart detection, GIF limits, alt text."""

from __future__ import annotations

import math
import re
import subprocess
from pathlib import Path

import numpy as np
import pytest
import srt
from PIL import Image

from nnviz_delivery import media
from nnviz_delivery.blog import embed_html
from nnviz_delivery.describe import alt_text


def _testsrc(path: Path, seconds: float, size: str = "854x480", pattern: str = "testsrc") -> Path:
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
         f"{pattern}=size={size}:rate=15:duration={seconds}", "-pix_fmt", "yuv420p",
         "-preset", "ultrafast", str(path)],
        check=True,
    )  # fmt: skip
    return path


def test_shift_captions_moves_each_clip_by_its_start_and_renumbers():
    a = "1\n00:00:01,000 --> 00:00:02,000\nfirst\n\n"
    b = "1\n00:00:00,500 --> 00:00:03,000\nsecond\n\n2\n00:00:04,000 --> 00:00:05,000\nthird\n"
    subs = list(srt.parse(media.shift_captions([(a, 0.0), (b, 9.5)])))
    assert [s.index for s in subs] == [1, 2, 3]
    assert [s.content for s in subs] == ["first", "second", "third"]
    assert [s.start.total_seconds() for s in subs] == [1.0, 10.0, 13.5]
    assert [s.end.total_seconds() for s in subs] == [2.0, 12.5, 14.5]


def test_vtt_has_the_same_cues_as_the_srt():
    text = "1\n00:01:01,250 --> 01:00:02,000\nhello\n"
    vtt = media.srt_to_vtt(text)
    assert vtt == "WEBVTT\n\n1\n00:01:01.250 --> 01:00:02.000\nhello\n"


def test_chapters_vtt_lists_each_chapter():
    vtt = media.chapters_vtt([media.Chapter("One", 0, 9.5), media.Chapter("Two", 9.5, 20.25)])
    assert "00:00:00.000 --> 00:00:09.500\nOne" in vtt
    assert "00:00:09.500 --> 00:00:20.250\nTwo" in vtt


def test_faststart_check_tells_the_two_layouts_apart(tmp_path):
    slow = _testsrc(tmp_path / "slow.mp4", 1)
    fast = tmp_path / "fast.mp4"
    media.faststart(slow, fast)
    assert not media.moov_before_mdat(slow)  # ffmpeg's default writes moov at the end
    assert media.moov_before_mdat(fast)
    assert media.probe(fast).codec == "h264" and media.probe(fast).pixel_format == "yuv420p"


def test_gif_of_a_long_clip_is_sped_up_to_ten_seconds_loops_and_fits(tmp_path):
    src = _testsrc(tmp_path / "long.mp4", 20, size="426x240")
    gif = tmp_path / "long.gif"
    used = media.to_gif(src, gif, max_bytes=4_000_000)
    assert gif.stat().st_size <= 4_000_000
    im = Image.open(gif)
    assert im.info.get("loop") == 0  # loop forever
    assert im.size[1] == 240  # never scaled up
    total_ms = 0
    for i in range(im.n_frames):
        im.seek(i)
        total_ms += im.info["duration"]
    assert total_ms <= 10_000 + 100
    assert used["speed"] == pytest.approx(20 / 10, rel=0.01)


def test_gif_too_big_for_the_cap_is_reduced_until_it_fits(tmp_path):
    src = _testsrc(tmp_path / "noisy.mp4", 2, size="426x240", pattern="testsrc2")
    gif = tmp_path / "small.gif"
    used = media.to_gif(src, gif, max_bytes=300_000)
    assert gif.stat().st_size <= 300_000
    assert used["fps"] < 15 or used["colors"] < 256  # the first try did not fit


SIDECAR = {
    "scene": "LinearMap",
    "title": "A matrix is a function",
    "params": {"matrix": [[1.0, 3.0], [-2.0, 1.0]], "vector": [7.0, 8.0]},
    "quality": "low",
    "resolution": [854, 480],
    "frame_rate": 15,
    "duration": 9.5,
    "image": [31.0, -6.0],
    "determinant": 7.000000000000001,
    "big": list(range(100)),
    "anchors": {"i_hat_tip": [1, 2]},
    "layout_problems": [],
}


def test_alt_text_carries_the_sidecar_numbers_rounded_and_skips_render_details():
    alt = alt_text(SIDECAR, "The matrix moves the grid.")
    assert alt.startswith("A matrix is a function. The matrix moves the grid.")
    assert "matrix [[1, 3], [-2, 1]]" in alt and "vector [7, 8]" in alt
    assert "image [31, -6]" in alt and "determinant 7" in alt
    assert "big (100 values from 0 to 99)" in alt
    assert "anchors" not in alt and "i hat tip" not in alt and "854" not in alt


def test_embed_html_escapes_alt_text():
    html = embed_html('a "quoted" <b>', "T & U", 854, 480)
    assert 'aria-label="a &quot;quoted&quot; &lt;b&gt;"' in html
    assert "<figcaption>T &amp; U</figcaption>" in html
    assert "autoplay loop muted playsinline" in html


# -- alt text over real sidecars ------------------------------------------------------------

RAW = re.compile(r"[{}']|\d\.\d{5,}")  # a Python repr or an unrounded float


def _cost(w: float, x: float = 1.5, b: float = -1.0, y: float = 0.2) -> float:
    """CostFunction's defaults in closed form: C = (sigmoid(w x + b) - y)^2 / 2."""
    return (1 / (1 + math.exp(-(w * x + b))) - y) ** 2 / 2


def test_the_raw_pattern_catches_reprs_and_long_floats():
    """Negative control: what the alt text used to print is caught by the check below."""
    samples = [{"w": -2.8, "cost": 0.018917789957916976}]
    assert RAW.search(f"samples {samples}")
    assert RAW.search("determinant 7.000000000000001")
    assert not RAW.search("samples (w -2.8, cost 0.0189)")


@pytest.mark.render
@pytest.mark.parametrize(
    "scene",
    ["LinearMap", "CostFunction", "GradientDescent", "SeFaDirections", "BendingSpace",
     "TrainingProgress"],
)  # fmt: skip
def test_alt_text_of_real_sidecars_reads_as_sentences_with_rounded_numbers(render_scene, scene):
    _, sidecar = render_scene(scene, {}, fmt="png")
    alt = alt_text(sidecar, limit=2000)
    assert not RAW.search(alt), alt
    assert alt.startswith(sidecar["title"].rstrip(".") + ". Parameters: "), alt
    assert " Shown: " in alt and alt.endswith("."), alt
    if scene == "CostFunction":
        first = f"{_cost(-2.8):.3g}"  # oracle: the closed form, not the sidecar
        assert f"(w -2.8, cost {first}, slope " in alt, alt
    if scene == "LinearMap":
        a = np.array(sidecar["params"]["matrix"])
        assert f"determinant {round(np.linalg.det(a))}" in alt
