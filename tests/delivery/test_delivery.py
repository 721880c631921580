"""Lecture videos, blog kits and make: built once from a small two-scene lecture, then checked.

The lecture file is a temporary one (``NNVIZ_LECTURES``), and outputs go to temporary
``renders/`` and ``build/`` folders, so these tests never touch the project's own.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import tomllib
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
import srt
from PIL import Image

from nnviz_delivery import media
from tests.conftest import ROOT
from tests.delivery.interrupting import HOLD_DIR, foreground, held, wait_for

# One worker runs this whole module (make test uses --dist loadfile): it builds the lecture once
# and its tests run in order on that one build.
pytestmark = pytest.mark.render

SLUG = "test-two-maps"
LECTURE = f"""
[[lecture]]
slug = "{SLUG}"
title = "Two maps"

  [[lecture.scene]]
  name = "LinearMap"
  params = {{ matrix = [[1, 3], [-2, 1]], vector = [7, 8] }}

  [[lecture.scene]]
  name = "LinearMap"
  params = {{ matrix = [[2, 1], [1, 3]], vector = [1, 2] }}
"""


class Project:
    """Private renders/, build/ and lecture file, with make and the CLI pointed at them."""

    def __init__(self, root: Path, tex_cache: Path) -> None:
        self.renders, self.build, self.lectures = root / "renders", root / "build", root / "l.toml"
        self.renders.mkdir()
        (self.build / "cache").mkdir(parents=True)
        (self.build / "cache" / "tex").symlink_to(tex_cache, target_is_directory=True)
        self.lectures.write_text(LECTURE)
        self.env = {
            **os.environ,
            "NNVIZ_RENDERS": str(self.renders),
            "NNVIZ_BUILD": str(self.build),
            "NNVIZ_LECTURES": str(self.lectures),
        }

    def make(self, *args: str, **kw) -> subprocess.CompletedProcess:
        cmd = ["make", "--no-print-directory", *args]
        return subprocess.run(cmd, cwd=ROOT, env=self.env, capture_output=True, text=True, **kw)

    def popen(self, args: list[str], **env: str) -> subprocess.Popen:
        """``args`` as a terminal's foreground job, in a session (process group) of its own."""
        return subprocess.Popen(
            foreground(args), cwd=ROOT, env={**self.env, **env}, start_new_session=True,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip

    @property
    def lecture_dir(self) -> Path:
        return self.renders / "lectures" / SLUG


@pytest.fixture(scope="module")
def project(tmp_path_factory, build_cache) -> Project:
    tex = build_cache / "cache" / "tex"
    tex.mkdir(parents=True, exist_ok=True)
    return Project(tmp_path_factory.mktemp("project"), tex)


@pytest.fixture(scope="module")
def built(project: Project) -> subprocess.CompletedProcess:
    """`make -j2 lectures` on the two-scene lecture (the one render of this module)."""
    out = project.make("-j2", "lectures", timeout=600)
    assert out.returncode == 0, out.stderr
    return out


def _ffprobe(path: Path) -> dict:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams",
         "-show_chapters", str(path)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(out.stdout)


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# -- the lecture ---------------------------------------------------------------------------


def test_make_prints_a_line_per_clip_and_a_summary(built, project):
    lines = built.stdout.splitlines()
    clip_lines = [ln for ln in lines if re.fullmatch(r"\[[12]/2\] LinearMap \(low\) [\d.]+ s", ln)]
    assert len(clip_lines) == 2, built.stdout
    assert "2 clips rendered, 0 skipped as up to date" in built.stdout
    assert str(project.lecture_dir / "lecture.mp4") in built.stdout


def test_lecture_plays_to_the_end_without_errors(built, project):
    video = project.lecture_dir / "lecture.mp4"
    out = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(video), "-f", "null", "-"],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0 and out.stderr == "", out.stderr
    info = _ffprobe(video)
    (stream,) = [s for s in info["streams"] if s["codec_type"] == "video"]
    assert stream["codec_name"] == "h264" and stream["pix_fmt"] == "yuv420p"
    assert (stream["width"], stream["height"]) == (854, 480)
    assert media.moov_before_mdat(video)


def test_lecture_duration_is_the_sum_of_its_chapters(built, project):
    info = _ffprobe(project.lecture_dir / "lecture.mp4")
    chapters = info["chapters"]
    assert [c["tags"]["title"] for c in chapters] == ["A matrix is a function"] * 2
    spans = [(float(c["start_time"]), float(c["end_time"])) for c in chapters]
    assert spans[0][0] == 0
    assert spans[0][1] == pytest.approx(spans[1][0], abs=1e-3)  # contiguous
    total = sum(end - start for start, end in spans)
    assert float(info["format"]["duration"]) == pytest.approx(total, abs=1 / 15 / 2)
    # Each chapter is as long as its clip.
    clips = sorted((project.lecture_dir / "clips").glob("*.mp4"))
    for (start, end), clip in zip(spans, clips, strict=True):
        clip_info = _ffprobe(clip)
        assert end - start == pytest.approx(float(clip_info["format"]["duration"]), abs=2e-3)


def test_chapters_vtt_and_lecture_json_agree_with_the_mp4_chapters(built, project):
    info = _ffprobe(project.lecture_dir / "lecture.mp4")
    starts = [float(c["start_time"]) for c in info["chapters"]]
    vtt = (project.lecture_dir / "chapters.vtt").read_text()
    assert vtt.startswith("WEBVTT")
    cue_starts = re.findall(r"^(\d\d):(\d\d):(\d\d\.\d{3}) -->", vtt, flags=re.M)
    assert [int(h) * 3600 + int(m) * 60 + float(s) for h, m, s in cue_starts] == pytest.approx(
        starts, abs=1e-3
    )
    data = json.loads((project.lecture_dir / "lecture.json").read_text())
    assert data["title"] == "Two maps" and data["slug"] == SLUG
    assert data["chapter_starts"] == pytest.approx(starts, abs=1e-3)
    assert [s["scene"] for s in data["scenes"]] == ["LinearMap", "LinearMap"]
    assert data["scenes"][1]["params"] == {"matrix": [[2, 1], [1, 3]], "vector": [1, 2]}
    assert sum(s["duration"] for s in data["scenes"]) == pytest.approx(data["duration"], abs=2e-3)
    for s in data["scenes"]:
        assert (project.lecture_dir / s["clip"]).is_file()
        assert (project.lecture_dir / s["sidecar"]).is_file()


def test_captions_parse_and_each_scene_has_one_inside_its_chapter(built, project):
    data = json.loads((project.lecture_dir / "lecture.json").read_text())
    subs = list(srt.parse((project.lecture_dir / "captions.srt").read_text()))
    assert len(subs) >= 2
    for scene in data["scenes"]:
        inside = [
            s
            for s in subs
            if scene["start"] - 1e-3 <= s.start.total_seconds() < scene["end"]
            and s.end.total_seconds() <= scene["end"] + 1e-3
        ]
        assert inside and all(s.content.strip() for s in inside), scene
    vtt = (project.lecture_dir / "captions.vtt").read_text()
    assert vtt.startswith("WEBVTT") and vtt.count(" --> ") == len(subs)
    assert subs[0].content in vtt


# -- make behaves like make ------------------------------------------------------------------


def test_second_run_renders_nothing_and_changes_nothing(built, project):
    assert project.make("-q", "lecture-files").returncode == 0  # everything up to date
    before = _digest(project.lecture_dir)
    # No wall-clock bound: on a shared machine it measures the load, not the build.
    out = project.make("lectures")
    assert out.returncode == 0, out.stderr
    assert "0 clips rendered, 2 skipped as up to date" in out.stdout
    assert "] LinearMap" not in out.stdout
    assert _digest(project.lecture_dir) == before


def _would_render(project: Project, *args: str) -> list[str]:
    out = project.make("-n", *args, "lecture-files")
    assert out.returncode == 0, out.stderr
    return re.findall(r"--output \S*/clips/(\S+\.mp4)", out.stdout)


def test_a_changed_input_reruns_exactly_its_clips(built, project):
    params = project.build / "params" / SLUG
    assert _would_render(project) == []
    assert _would_render(project, "-W", str(params / "02-LinearMap.json")) == ["02-LinearMap.mp4"]
    both = ["01-LinearMap.mp4", "02-LinearMap.mp4"]
    assert sorted(_would_render(project, "-W", "scenes/linear_maps.py")) == both
    assert sorted(_would_render(project, "-W", "nnviz_kit/base.py")) == both
    assert sorted(_would_render(project, "-W", "nnviz/linalg.py")) == both
    assert _would_render(project, "QUALITY=medium") == both  # a new quality renders all


def test_editing_one_scene_in_the_lecture_file_touches_only_its_parameter_file(built, project):
    params = project.build / "params" / SLUG
    mtimes = {p.name: p.stat().st_mtime_ns for p in params.glob("*.json")}
    project.lectures.write_text(LECTURE.replace("vector = [1, 2]", "vector = [1, 3]"))
    try:
        assert _would_render(project) == ["02-LinearMap.mp4"]
        changed = {p.name for p in params.glob("*.json") if p.stat().st_mtime_ns != mtimes[p.name]}
        assert changed == {"02-LinearMap.json", "lecture.json"}  # lecture.json: the manifest
    finally:
        project.lectures.write_text(LECTURE)
        # Reverting changes the parameter file back, so make renders that clip again (once).
        assert _would_render(project) == ["02-LinearMap.mp4"]
        # Put the state back for the tests that follow, as if nothing had been edited: every
        # parameter file, the lecture's manifest included, gets its old time again.
        for name, ns in mtimes.items():
            os.utime(params / name, ns=(ns, ns))
        assert _would_render(project) == []
        assert project.make("-q", "lecture-files").returncode == 0


def test_every_clip_rule_depends_on_its_own_scene_module(tmp_path):
    """On the project's real lecture file: each clip names its module and no other scene's."""
    from scenes import registry

    env = {**os.environ, "NNVIZ_BUILD": str(tmp_path), "NNVIZ_RENDERS": str(tmp_path / "r")}
    env.pop("NNVIZ_LECTURES", None)
    mk = tmp_path / "lectures.mk"
    cmd = [sys.executable, "-m", "scenes", "makefile", "--output", str(mk)]
    subprocess.run(cmd, cwd=ROOT, env=env, check=True)
    rules = re.findall(r"^(\S+/clips/\d+-(\w+)\.mp4): (.*)$", mk.read_text(), flags=re.M)
    modules = {
        str(Path(sys.modules[c.__module__].__file__).relative_to(ROOT))
        for c in registry.scenes().values()
    }
    assert len(rules) == sum(len(lec.scenes) for lec in registry.lectures())
    for _, scene, prereqs in rules:
        own = str(Path(sys.modules[registry.get(scene).__module__].__file__).relative_to(ROOT))
        named = [p for p in prereqs.split() if p in modules]
        assert named == [own]
        assert "$(CLIP_DEPS)" in prereqs and "/params/" in prereqs


def test_one_clip_name_rule_for_clips_blog_kits_and_make(built, project):
    """Clip files, blog kits and make's blog targets all name a clip the same way."""
    from nnviz_delivery.render import clip_name, default_output
    from scenes import registry

    cls = registry.get("LinearMap")
    index = json.loads((project.build / "lectures" / "index.json").read_text())
    given = [tomllib.loads(LECTURE)["lecture"][0]["scene"][i]["params"] for i in (0, 1)]
    # Oracle: the documented rule, sha256 of the non-default parameters as sorted JSON.
    defaults = {"matrix": [[1.0, 3.0], [-2.0, 1.0]], "vector": [7.0, 8.0]}
    expected = []
    for params in given:
        changed = {k: [list(map(float, r)) if isinstance(r, list) else float(r) for r in v]
                   for k, v in params.items() if k in defaults and v != defaults[k]}  # fmt: skip
        key = hashlib.sha256(json.dumps(changed, sort_keys=True).encode()).hexdigest()[:8]
        expected.append("LinearMap" + (f"_{key}" if changed else ""))
    assert expected[0] == "LinearMap" and expected[1].startswith("LinearMap_")
    assert sorted(index["blog"]) == sorted(expected)
    assert [clip_name(cls, p) for p in given] == expected
    assert [default_output(cls, p, "png").stem for p in given] == expected
    assert clip_name(cls, defaults) == "LinearMap"  # defaults given explicitly: no hash


# -- interruption ----------------------------------------------------------------------------
# Every render here holds midway (tests/delivery/interrupting.py) until a signal ends it; the
# signal is sent only once the renders say they are holding, so no render can finish first and
# the outcome cannot depend on how fast the machine is.

HELD_NNVIZ = f"{sys.executable} -m tests.delivery.interrupting"
INTERRUPTED = "interrupted; nothing partial was left in renders/"


@pytest.mark.parametrize("how", ["SIGTERM to the render", "Ctrl-C to make -j2 lectures"])
def test_an_interrupted_render_leaves_no_partial_file_and_keeps_the_old_output(
    built, project, how, tmp_path
):
    holds = tmp_path / "held"
    holds.mkdir()
    clips = sorted((project.lecture_dir / "clips").glob("*.mp4"))
    assert len(clips) == 2
    times = {clip: clip.stat().st_mtime_ns for clip in clips}
    before = _digest(project.renders)
    if how == "SIGTERM to the render":
        args = [sys.executable, "-m", "tests.delivery.interrupting", "render", "LinearMap",
                "--set", "vector=[2,2]", "--output", str(clips[0])]  # fmt: skip
        renders, status = 1, 128 + signal.SIGTERM  # SystemExit(143) after cleaning up
    else:
        args = ["make", "--no-print-directory", "-j2", "lectures", f"NNVIZ={HELD_NNVIZ}"]
        renders, status = 2, -signal.SIGINT  # make ends itself with the signal it got
        for clip in clips:  # out of date, without touching a tracked file (restored below)
            os.utime(clip, ns=(0, 0))
    try:
        proc = project.popen(args, **{HOLD_DIR: str(holds)})
        try:
            wait_for(lambda: len(held(holds)) == renders or proc.poll() is not None, 300, "holds")
            assert proc.poll() is None, proc.communicate()
            # Midway for real: Manim has written partial movies into its staging folders.
            assert list((project.build / "tmp").glob("*/**/partial_movie_files/**/*.mp4"))
            if how == "SIGTERM to the render":
                proc.send_signal(signal.SIGTERM)
            else:
                os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C does: the whole foreground group
            out, err = proc.communicate(timeout=120)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
    finally:
        for clip, ns in times.items():
            os.utime(clip, ns=(ns, ns))
    assert proc.returncode == status, (out, err)
    if how != "SIGTERM to the render":
        assert err.count(INTERRUPTED) == renders, err  # each render cleaned up, then make stopped
    assert _digest(project.renders) == before
    assert not any((project.build / "tmp").iterdir()), list((project.build / "tmp").iterdir())
    assert project.make("-q", "lecture-files").returncode == 0  # left as found: all up to date


# -- blog kit --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def kit(project: Project) -> Path:
    out = project.make("blog", "SCENE=LinearMap", "QUALITY=low", timeout=600)
    assert out.returncode == 0, out.stderr
    folder = Path(out.stdout.strip().splitlines()[-1])
    assert folder == project.renders / "blog" / "LinearMap"
    return folder


def test_blog_mp4_is_h264_yuv420p_with_moov_first(kit):
    info = _ffprobe(kit / "clip.mp4")
    assert len(info["streams"]) == 1
    assert info["streams"][0]["codec_name"] == "h264"
    assert info["streams"][0]["pix_fmt"] == "yuv420p"
    assert media.moov_before_mdat(kit / "clip.mp4")


def test_blog_webm_is_vp9(kit):
    assert _ffprobe(kit / "clip.webm")["streams"][0]["codec_name"] == "vp9"


def test_blog_gif_loops_fits_and_lasts_at_most_ten_seconds(kit):
    gif = kit / "clip.gif"
    assert gif.stat().st_size <= 4_000_000
    im = Image.open(gif)
    assert im.info.get("loop") == 0
    assert im.size[1] == 480
    total = 0
    for i in range(im.n_frames):
        im.seek(i)
        total += im.info["duration"]
    assert 1000 < total <= 10_100


def test_blog_poster_is_the_final_frame(kit):
    poster = np.asarray(Image.open(kit / "poster.png").convert("RGB"), dtype=float)
    import av

    with av.open(str(kit / "clip.mp4")) as c:
        frames = [f.to_ndarray(format="rgb24") for f in c.decode(video=0)]
    last, first = frames[-1].astype(float), frames[0].astype(float)
    assert (np.abs(poster - last) > 40).mean() < 0.001
    assert (np.abs(poster - first) > 40).mean() > 0.02  # negative control: not just any frame


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.tags: dict[str, dict[str, str | None]] = {}

    def handle_starttag(self, tag, attrs):
        d = dict(attrs)
        self.tags.setdefault(tag, d)
        self.refs += [v for k, v in attrs if k in ("src", "poster", "href") and v]


def test_embed_html_references_files_that_exist_and_describes_the_numbers(kit):
    p = _Refs()
    p.feed((kit / "embed.html").read_text())
    assert set(p.refs) >= {"clip.mp4", "clip.webm", "poster.png", "clip.gif"}
    for ref in p.refs:
        assert (kit / ref).is_file(), ref
    video = p.tags["video"]
    assert all(k in video for k in ("autoplay", "loop", "muted", "playsinline"))
    alt = p.tags["img"]["alt"]
    sidecar = json.loads((kit / "clip.json").read_text())
    a = np.array([[1, 3], [-2, 1]])
    image = a @ np.array([7, 8])
    assert f"[{image[0]}, {image[1]}]" in alt  # oracle: numpy, not the sidecar
    assert f"determinant {round(np.linalg.det(a))}" in alt
    assert sidecar["scene"] == "LinearMap"


def test_embed_md_references_files_that_exist(kit):
    md = (kit / "embed.md").read_text()
    refs = re.findall(r"\]\(([^)]+)\)", md)
    assert refs and all((kit / r).is_file() for r in refs)
