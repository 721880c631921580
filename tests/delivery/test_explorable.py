"""Explorables: each variant is the scene at one requested value, the folder appears whole or
not at all, and the gallery lists it.

The numbers are checked against numpy (HyperplaneScore's raw score of a point p is
normal · p + offset), not against the code under test.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest

from nnviz_delivery.explorable import MANIFEST, build_explorable, variant_params
from nnviz_delivery.gallery import build_gallery
from nnviz_kit.params import ParamError
from scenes import registry
from tests.pictures import load_rgb

SCENE = registry.get("HyperplaneScore")
EVIL = '<script>alert("x")</script> & "quotes"'


@pytest.fixture
def build(build_cache: Path):
    old = os.environ.get("NNVIZ_BUILD")
    os.environ["NNVIZ_BUILD"] = str(build_cache)
    yield build_cache
    if old is None:
        os.environ.pop("NNVIZ_BUILD", None)
    else:
        os.environ["NNVIZ_BUILD"] = old


def _fake_renderer(tmp_path: Path, fail_at: int = 0):
    """A render_variant without Manim: tiny files, a sidecar echoing the params."""
    calls: list[dict] = []

    def render_variant(params: dict):
        calls.append(params)
        if len(calls) == fail_at:
            raise RuntimeError("the render failed on purpose")
        clip, poster = tmp_path / f"c{len(calls)}.mp4", tmp_path / f"p{len(calls)}.png"
        clip.write_bytes(b"mp4 %d" % len(calls))
        poster.write_bytes(b"png %d" % len(calls))
        sidecar = {"title": "T", "params": params, "duration": 1.0, "score": len(calls) / 3}
        return clip, poster, sidecar

    return render_variant, calls


@pytest.mark.render
def test_each_variant_is_the_scene_at_one_requested_value(build: Path, tmp_path: Path):
    values = [-2, 0.5, 3]
    out = build_explorable(SCENE, {"normal": [1, 2]}, "offset", values, "low", tmp_path / "x")
    manifest = json.loads((out / MANIFEST).read_text())
    assert manifest["values"] == values and manifest["param"] == "offset"
    assert manifest["scene"] == "HyperplaneScore" and "offset" not in manifest["params"]
    normal = np.array([1.0, 2.0])
    for value, entry in zip(values, manifest["files"], strict=True):
        params = entry["params"]  # read back from the render's own sidecar
        assert params["offset"] == value
        assert {k: v for k, v in params.items() if k != "offset"} == manifest["params"]
        points = np.array(params["points"])
        expected = points @ normal + value  # numpy, not the scene
        np.testing.assert_allclose(entry["numbers"]["raw_scores"], expected, atol=1e-12)
        assert (out / entry["clip"]).stat().st_size > 0
    assert manifest["params"]["normal"] == [1.0, 2.0]
    posters = [load_rgb(out / e["poster"]) for e in manifest["files"]]
    # Negative control: the posters really differ (the hyperplane moves with the offset).
    diff = np.abs(posters[0].astype(int) - posters[2].astype(int)).max(axis=-1) > 24
    assert diff.mean() > 0.01
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [MANIFEST, "index.html"] + [f"variant_0{i}.{x}" for i in (1, 2, 3) for x in ("mp4", "png")]
    )
    html = (out / "index.html").read_text()
    assert "fetch(" not in html and 'id="explorable-data"' in html  # data inline: file:// works


def test_a_render_hook_is_copied_and_progress_counts_variants(tmp_path: Path):
    render_variant, calls = _fake_renderer(tmp_path)
    progress: list[tuple[int, int]] = []
    out = build_explorable(
        SCENE, {}, "offset", [1, 2], out_dir=tmp_path / "e",
        render_variant=render_variant, on_progress=lambda d, n: progress.append((d, n)),
        title=EVIL,
    )  # fmt: skip
    assert [c["offset"] for c in calls] == [1.0, 2.0]
    assert progress == [(0, 2), (1, 2), (2, 2)]
    assert (out / "variant_02.mp4").read_bytes() == b"mp4 2"
    assert (tmp_path / "c2.mp4").exists()  # copied, not moved: the hook's files are its own
    html = (out / "index.html").read_text()
    assert EVIL not in html and "&lt;script&gt;" in html  # the title is escaped
    assert json.loads((out / MANIFEST).read_text())["title"] == EVIL


def test_a_failed_variant_leaves_the_old_folder_whole(tmp_path: Path):
    render_variant, _ = _fake_renderer(tmp_path)
    out = tmp_path / "e"
    build_explorable(SCENE, {}, "offset", [1, 2], out_dir=out, render_variant=render_variant)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    failing, calls = _fake_renderer(tmp_path, fail_at=2)
    with pytest.raises(RuntimeError, match="on purpose"):
        build_explorable(SCENE, {}, "offset", [4, 5, 6], out_dir=out, render_variant=failing)
    assert len(calls) == 2
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


@pytest.mark.parametrize(
    ("param", "values", "words"),
    [
        ("offset", [1], "expected 2 to 9"),
        ("offset", list(range(10)), "got 10"),
        ("offset", [1, 11], "offset: got 11"),
        ("offset", [2, 2.0], "repeats a value"),
        ("offset", "1,2", "expected a list"),
        ("normal", [1, 2], "not a number parameter"),
        ("nope", [1, 2], "no parameter 'nope'"),
    ],
)
def test_bad_requests_are_one_line_before_any_render(tmp_path, param, values, words):
    render_variant, calls = _fake_renderer(tmp_path)
    with pytest.raises(ParamError) as info:
        build_explorable(
            SCENE, {}, param, values, out_dir=tmp_path / "e", render_variant=render_variant
        )
    assert words in str(info.value) and "\n" not in str(info.value)
    assert calls == [] and not (tmp_path / "e").exists()


def test_the_scenes_own_cross_checks_apply_to_every_variant():
    with pytest.raises(ParamError, match="normal"):
        variant_params(SCENE, {"normal": [0, 0]}, "offset", [1, 2])


def test_a_folder_with_other_files_is_never_replaced(tmp_path: Path):
    render_variant, calls = _fake_renderer(tmp_path)
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.tex").write_text("precious")
    with pytest.raises(ParamError, match="holds other files"):
        build_explorable(SCENE, {}, "offset", [1, 2], out_dir=out, render_variant=render_variant)
    assert calls == [] and (out / "thesis.tex").read_text() == "precious"


def test_the_gallery_lists_explorables_and_skips_broken_manifests(tmp_path: Path):
    renders = tmp_path / "renders"
    render_variant, _ = _fake_renderer(tmp_path)
    build_explorable(
        SCENE, {}, "offset", [-1, 2.5], out_dir=renders / "explorables" / "good",
        render_variant=render_variant, title=EVIL,
    )  # fmt: skip
    broken = renders / "explorables" / "broken"
    broken.mkdir()
    (broken / MANIFEST).write_text('{"title": 3, "files": "x"}')
    html = build_gallery(renders).read_text()
    assert 'href="explorables/good/index.html"' in html
    assert 'src="explorables/good/variant_01.png"' in html
    assert "offset</code> = -1, 2.5" in html
    assert EVIL not in html and "&lt;script&gt;alert" in html
    assert "explorables/broken" not in html
    assert 'Explorables <span class="count">(1)</span>' in html
