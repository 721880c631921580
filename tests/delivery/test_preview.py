"""The preview engine: same frame as the CLI, fresh code, failures and cancels kill only the worker.

No test here depends on machine speed: timeouts are hang guards, or (for the hanging scene)
the job's own timeout parameter, which is the event under test.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import numpy as np
import psutil
import pytest

from nnviz_delivery.preview import Cancelled, Engine, Job, PreviewError
from nnviz_delivery.render import left_staging
from tests.conftest import ROOT
from tests.pictures import load_rgb

GUARD = 600.0  # hang guard for jobs that should succeed (s)

SCENE_TEMPLATE = """
from manim import Square, FadeIn, Rotate, Create
from nnviz_kit import NNVizScene

COLOR = "{color}"


class Box(NNVizScene):
    def construct(self):
        box = Square(side_length=3, fill_color=COLOR, fill_opacity=1, stroke_width=0)
        self.play(FadeIn(box))
        self.anchor("centre", box)


class Boom(NNVizScene):
    def construct(self):
        raise ValueError("boom: the scene failed on purpose")


class Hang(NNVizScene):
    def construct(self):
        while True:
            pass


class Spin(NNVizScene):
    def construct(self):
        box = Square(side_length=3)
        self.play(Create(box))
        self.play(Rotate(box, angle=100), run_time=600)
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory, build_cache: Path):
    """One engine (worker) for the module; its caches live in the session's build folder."""
    old = os.environ.get("NNVIZ_BUILD")
    os.environ["NNVIZ_BUILD"] = str(build_cache)
    eng = Engine()
    yield eng
    eng.close()
    if old is None:
        os.environ.pop("NNVIZ_BUILD", None)
    else:
        os.environ["NNVIZ_BUILD"] = old


@pytest.fixture
def scene_file(tmp_path: Path) -> Path:
    path = tmp_path / "user_scene.py"
    path.write_text(SCENE_TEMPLATE.format(color="#FF0000"))
    return path


def _differs(a: np.ndarray, b: np.ndarray) -> float:
    """Fraction of pixels whose colour differs by more than 24 (of 255) in any channel."""
    return float(np.mean(np.abs(a.astype(int) - b.astype(int)).max(axis=-1) > 24))


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("LinearMap", {}),
        ("LinearMap", {"matrix": [[-1.25, 0.5], [2, 1.75]], "vector": [-2, 1.5]}),
        ("DotProduct", {}),
    ],
)
def test_engine_frame_equals_cli_frame(engine: Engine, cli, renders: Path, name: str, params: dict):
    result = engine.run(Job(name, params), timeout=GUARD)
    sets = [f"--set={k}={json.dumps(v)}" for k, v in params.items()]
    done = cli("render", name, "--format", "png", *sets)
    assert done.returncode == 0, done.stderr
    cli_png = Path(done.stdout.strip().splitlines()[-1])
    ours, theirs = load_rgb(result.files["frame"]), load_rgb(cli_png)
    assert ours.shape == theirs.shape
    assert _differs(ours, theirs) < 0.001
    ours_json = json.loads(result.files["sidecar"].read_text())
    assert ours_json["anchors"] == json.loads(cli_png.with_suffix(".json").read_text())["anchors"]


def test_negative_control_other_numbers_give_another_frame(engine: Engine):
    """The comparison above can fail: another matrix draws a visibly different frame."""
    a = load_rgb(engine.run(Job("LinearMap", {}), timeout=GUARD).files["frame"])
    b = engine.run(Job("LinearMap", {"matrix": [[-1.25, 0.5], [2, 1.75]]}), timeout=GUARD)
    assert _differs(a, load_rgb(b.files["frame"])) > 0.01


def test_second_request_is_a_cache_hit(engine: Engine):
    job = Job("LinearMap", {"matrix": [[2, 1], [1, 3]]})
    first = engine.run(job, timeout=GUARD)
    again = engine.run(Job("LinearMap", {"matrix": [[2.0, 1.0], [1.0, 3.0]]}), timeout=GUARD)
    assert again.cached and again.files == first.files  # validated params key the cache


def _centre_rgb(result) -> np.ndarray:
    img = load_rgb(result.files["frame"])
    x, y = json.loads(result.files["sidecar"].read_text())["anchors"]["centre"]
    return img[int(y), int(x)].astype(int)


def test_an_edited_scene_file_shows_at_once(engine: Engine, scene_file: Path):
    spec = f"{scene_file}:Box"
    red = engine.run(Job(spec), timeout=GUARD)
    assert np.abs(_centre_rgb(red) - [255, 0, 0]).max() < 8
    scene_file.write_text(SCENE_TEMPLATE.format(color="#0000FF"))
    blue = engine.run(Job(spec), timeout=GUARD)
    assert not blue.cached and blue.key != red.key
    assert np.abs(_centre_rgb(blue) - [0, 0, 255]).max() < 8


def test_a_source_edit_restarts_the_worker(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The worker never keeps code imported before an edit of the source tree."""
    import nnviz_delivery.preview.engine as engine_module

    watched = tmp_path / "watched.py"
    watched.write_text("X = 1\n")
    monkeypatch.setattr(engine_module, "tree_files", lambda: [watched])
    engine.run(Job("LinearMap", {}), timeout=GUARD)
    before = engine.pid
    engine.run(Job("LinearMap", {}), timeout=GUARD)
    assert engine.pid == before  # nothing changed: the same warm worker
    watched.write_text("X = 2\n")
    engine.run(Job("LinearMap", {}), timeout=GUARD)
    assert engine.pid is not None and engine.pid != before
    assert not psutil.pid_exists(before)


def _fails_then_recovers(engine: Engine, job: Job, timeout: float, expect: str) -> None:
    engine.start()
    before = engine.pid
    with pytest.raises(PreviewError) as info:
        engine.run(job, timeout=timeout)
    message = str(info.value)
    assert "\n" not in message and expect in message
    assert not psutil.pid_exists(before)  # the worker was killed (and reaped)...
    ok = engine.run(Job("LinearMap", {"vector": [1, 2]}), timeout=GUARD)
    assert ok.files["frame"].is_file()
    assert engine.pid != before  # ...and a fresh one did the next job


def test_a_scene_that_raises_ends_the_job_in_one_line(engine: Engine, scene_file: Path):
    _fails_then_recovers(engine, Job(f"{scene_file}:Boom"), GUARD, "boom: the scene failed")


def test_a_scene_that_hangs_ends_at_the_jobs_timeout(engine: Engine, scene_file: Path):
    _fails_then_recovers(engine, Job(f"{scene_file}:Hang"), 3.0, "no result within 3 s")


def _clip_in_thread(engine: Engine, spec: str, what: str = "clip"):
    """Start a long clip (or blog) job in a thread; returns (thread, outcome list) once it
    renders frames."""
    rendering = threading.Event()
    outcome: list[BaseException] = []

    def on_progress(done: int, total: int) -> None:
        if 0 < done < total:
            rendering.set()

    def run() -> None:
        try:
            engine.run(Job(spec, what=what), on_progress, timeout=GUARD)
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            outcome.append(exc)

    job = threading.Thread(target=run)
    job.start()
    assert rendering.wait(GUARD), "the clip never started rendering frames"
    return job, outcome


def test_a_dead_worker_is_reported_and_replaced(
    engine: Engine, scene_file: Path, build_cache: Path
):
    job, outcome = _clip_in_thread(engine, f"{scene_file}:Spin")
    pid = engine.pid
    assert left_staging(pid, build_cache)  # mid-clip: the worker's staging folder is there
    psutil.Process(pid).kill()  # as the OOM killer would
    job.join(GUARD)
    assert len(outcome) == 1 and isinstance(outcome[0], PreviewError)
    assert "died" in str(outcome[0]) and "\n" not in str(outcome[0])
    assert not left_staging(pid, build_cache)  # removed when the worker was replaced
    assert engine.run(Job("LinearMap", {"vector": [1, 3]}), timeout=GUARD).files["frame"].is_file()


def test_cancel_mid_clip_stops_the_worker(engine: Engine, scene_file: Path, build_cache: Path):
    job, outcome = _clip_in_thread(engine, f"{scene_file}:Spin")
    pid = engine.pid
    assert psutil.Process(pid).is_running()
    assert left_staging(pid, build_cache)
    engine.cancel()
    # When cancel returns, the worker process is gone: it uses no CPU any more...
    assert not psutil.pid_exists(pid)
    assert not left_staging(pid, build_cache)  # ...and its staging folder is gone too
    job.join(GUARD)
    assert len(outcome) == 1 and isinstance(outcome[0], Cancelled)
    assert engine.run(Job("LinearMap", {"vector": [2, 2]}), timeout=GUARD).files["frame"].is_file()


def test_interrupt_mid_clip_keeps_the_warm_worker(
    engine: Engine, scene_file: Path, build_cache: Path
):
    job, outcome = _clip_in_thread(engine, f"{scene_file}:Spin")
    pid = engine.pid
    engine.interrupt()
    job.join(GUARD)
    assert len(outcome) == 1 and isinstance(outcome[0], Cancelled), outcome
    assert engine.pid == pid  # the same worker, alive and warm...
    assert not left_staging(pid, build_cache)  # ...which removed its staging as it unwound
    box = engine.run(Job(f"{scene_file}:Box"), timeout=GUARD)  # and renders the next job right
    assert engine.pid == pid and np.abs(_centre_rgb(box) - [255, 0, 0]).max() < 8


def test_a_tiny_cache_cap_keeps_only_the_latest_result(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("NNVIZ_BUILD", str(tmp_path))  # results here; the worker is unchanged
    monkeypatch.setattr(engine, "cache_limit", 1)  # one byte: every older result must go
    monkeypatch.setattr(engine, "_cache_bytes", None)
    first = engine.run(Job("LinearMap", {"vector": [1, -1]}), timeout=GUARD)
    assert first.files["frame"].is_file()
    second = engine.run(Job("LinearMap", {"vector": [1, -2]}), timeout=GUARD)
    assert second.files["frame"].is_file()  # the result just made is never evicted
    assert not first.files["frame"].parent.exists()
    assert [p.name for p in (tmp_path / "preview").iterdir()] == [second.key]
    again = engine.run(Job("LinearMap", {"vector": [1, -1]}), timeout=GUARD)
    assert not again.cached and again.key == first.key  # rendered again, not served


def test_no_leaked_semaphore_warning_after_a_cancel(scene_file: Path, build_cache: Path):
    """A killed worker used to leave tqdm's semaphore for the resource tracker to warn about."""
    code = f"""
        from nnviz_delivery.preview import Engine, Job
        with Engine() as engine:
            engine.run(Job({f"{scene_file}:Box"!r}, what="clip"), timeout={GUARD})
            engine.cancel()  # kills the worker that has just rendered
        print("done")
    """
    env = {**os.environ, "NNVIZ_BUILD": str(build_cache), "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=GUARD,
    )  # fmt: skip
    assert out.returncode == 0 and out.stdout.strip() == "done", out.stderr
    assert "leaked" not in out.stderr, out.stderr


def test_storyboard_one_still_per_animation(engine: Engine, cli, renders: Path):
    progress: list[tuple[int, int]] = []
    job = Job("LinearMap", {"vector": [-3, 2]}, what="storyboard")
    result = engine.run(job, lambda d, n: progress.append((d, n)), timeout=GUARD)
    assert progress[-1] == (5, 5) and [d for d, _ in progress] == sorted(d for d, _ in progress)
    manifest = json.loads(result.files["storyboard"].read_text())
    # LinearMap plays 1.5 s, 1 s, 1 s, 3 s and 1 s (then waits 2 s): ends read off the source.
    assert [s["time"] for s in manifest["steps"]] == [1.5, 2.5, 3.5, 6.5, 7.5]
    assert [s["start"] for s in manifest["steps"]] == [0.0, 1.5, 2.5, 3.5, 6.5]
    assert all(s["section"] for s in manifest["steps"])
    folder = result.files["storyboard"].parent
    stills = [load_rgb(folder / s["file"]) for s in manifest["steps"]]
    # The last still is the end state, so it equals the final frame; the first does not.
    final = load_rgb(result.files["frame"])
    assert _differs(stills[-1], final) < 0.001 and _differs(stills[0], final) > 0.01
    strip = load_rgb(result.files["strip"])
    assert strip.shape[1] == 4 * 320 + 5 * 6 and strip.shape[0] > stills[0].shape[0] * 320 // 854
    # The CLI writes the same storyboard.
    done = cli("render", "LinearMap", "--format", "storyboard", "--set", "vector=[-3,2]")
    assert done.returncode == 0, done.stderr
    cli_manifest = json.loads(Path(done.stdout.strip().splitlines()[-1]).read_text())
    assert cli_manifest["steps"] == manifest["steps"]


def test_blog_job_builds_the_kit_like_the_cli(engine: Engine, cli, renders: Path):
    import av

    from nnviz_delivery.blog import ENCODE_STEPS, KIT_FILES, copy_kit
    from nnviz_delivery.preview import progress_stage

    progress: list[tuple[int, int, str]] = []
    job = Job("HyperplaneScore", {"offset": 0.5}, "low", "blog")
    kit = engine.run(job, lambda d, n: progress.append((d, n, progress_stage("blog", d, n))))
    assert set(kit.files) == set(KIT_FILES) and all(p.is_file() for p in kit.files.values())
    assert all(p.parent == kit.files["clip.mp4"].parent for p in kit.files.values())
    with av.open(str(kit.files["clip.mp4"])) as container:
        decoded = sum(1 for _ in container.decode(video=0))
    sidecar = json.loads(kit.files["clip.json"].read_text())
    clip = engine.run(Job("HyperplaneScore", {"offset": 0.5}, "low", "clip"), timeout=GUARD)
    # The same frames as a clip job, and as many as the sidecar's duration at its frame rate.
    assert decoded == kit.meta["frames"] == clip.meta["frames"]
    assert decoded == round(sidecar["duration"] * sidecar["frame_rate"])
    total = decoded + ENCODE_STEPS  # frames, then the encoding steps
    assert progress[-1] == (total, total, "encoding") and {n for _, n, _ in progress} == {total}
    assert [d for d, _, _ in progress] == sorted(d for d, _, _ in progress)
    stages = [s for _, _, s in progress]
    assert stages[0] == "rendering" and stages == sorted(
        stages, key=("rendering", "encoding").index
    )
    # each encoding step is reported once it is done (the last one again by the engine)
    assert sorted({d for d, _, s in progress if s == "encoding"}) == list(
        range(decoded + 1, total + 1)
    )
    again = engine.run(job, timeout=GUARD)
    assert again.cached and again.files == kit.files
    # `nnviz blog` builds the same kit (one builder): same file names, same embed snippet.
    done = cli("blog", "HyperplaneScore", "--set", "offset=0.5", "--quality", "low")
    assert done.returncode == 0, done.stderr
    folder = Path(done.stdout.strip().splitlines()[-1])
    assert sorted(p.name for p in folder.iterdir()) == sorted(KIT_FILES)
    assert (folder / "embed.html").read_text() == kit.files["embed.html"].read_text()
    # ... and the engine's kit copies to where the CLI puts it, byte for byte
    copied = copy_kit(kit.files, renders / "copied")
    assert sorted(p.name for p in copied.iterdir()) == sorted(KIT_FILES)
    assert all((copied / n).read_bytes() == kit.files[n].read_bytes() for n in KIT_FILES)


def test_cancel_mid_blog_leaves_nothing(engine: Engine, scene_file: Path, build_cache: Path):
    job, outcome = _clip_in_thread(engine, f"{scene_file}:Spin", what="blog")
    pid = engine.pid
    assert left_staging(pid, build_cache)  # mid-render: the kit's staging folders exist
    engine.cancel()
    assert not psutil.pid_exists(pid) and not left_staging(pid, build_cache)
    job.join(GUARD)
    assert len(outcome) == 1 and isinstance(outcome[0], Cancelled)
    unfinished = [
        d for d in (build_cache / "preview").iterdir() if not (d / "result.json").exists()
    ]
    assert unfinished == []  # no half-made kit in the cache


def test_interrupt_mid_blog_keeps_the_worker_and_leaves_nothing(
    engine: Engine, scene_file: Path, build_cache: Path
):
    job, outcome = _clip_in_thread(engine, f"{scene_file}:Spin", what="blog")
    pid = engine.pid
    engine.interrupt()
    job.join(GUARD)
    assert len(outcome) == 1 and isinstance(outcome[0], Cancelled), outcome
    assert engine.pid == pid and not left_staging(pid, build_cache)
    unfinished = [
        d for d in (build_cache / "preview").iterdir() if not (d / "result.json").exists()
    ]
    assert unfinished == []


def test_cancel_while_encoding_a_blog_kit_leaves_nothing(engine: Engine, build_cache: Path):
    from nnviz_delivery.preview import progress_stage

    pids: list[int | None] = []

    def cancel_when_encoding(done: int, total: int) -> None:
        if progress_stage("blog", done, total) == "encoding" and not pids:
            pids.append(engine.pid)
            engine.cancel()  # from the engine's own thread: the worker is gone on return

    job = Job("HyperplaneScore", {"offset": -0.25}, "low", "blog")
    with pytest.raises(Cancelled):
        engine.run(job, cancel_when_encoding, timeout=GUARD)
    assert pids and pids[0] is not None and not psutil.pid_exists(pids[0])
    assert not left_staging(pids[0], build_cache)  # the half-encoded kit went with its staging
    unfinished = [
        d for d in (build_cache / "preview").iterdir() if not (d / "result.json").exists()
    ]
    assert unfinished == []
