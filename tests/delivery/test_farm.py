"""The render farm on a real Dask cluster: a LocalCluster with 2 worker processes.

Each test runs the real commands (``nnviz render --scheduler``, ``make lectures SCHEDULER=``)
in subprocesses against the cluster; nothing waits on the clock: a held render announces
itself in a file (an event) and the tests only poll for it under a generous hang guard.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

import psutil
import pytest

from tests.conftest import ROOT
from tests.delivery.interrupting import wait_for

SCENES = ROOT / "tests" / "delivery" / "scene_files"
TWO_STEPS = f"{SCENES / 'two_steps.py'}:TwoSteps"
STAMP = ".venv/.nnviz-installed"  # make must not re-run setup inside a test


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """``(scheduler address, client)`` of a 2-process LocalCluster with its own build folder."""
    from distributed import Client, LocalCluster

    build = tmp_path_factory.mktemp("farm-build")
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            env={"NNVIZ_BUILD": str(build)},
        ) as local,
        Client(local) as client,
    ):
        yield local.scheduler_address, client


def _env(tmp: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    env.pop("NNVIZ_SCHEDULER", None)
    env.update(NNVIZ_BUILD=str(tmp / "build"), NNVIZ_RENDERS=str(tmp / "renders"))
    env["PYTHONPATH"] = str(ROOT)
    return {**env, **extra}


def _nnviz(tmp: Path, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "nnviz_delivery.cli", *args]
    return subprocess.run(
        cmd, cwd=tmp, env=_env(tmp), capture_output=True, text=True, timeout=timeout
    )


def _make(tmp: Path, lectures: Path, *args: str) -> subprocess.Popen:
    env = _env(tmp, NNVIZ_LECTURES=str(lectures))
    cmd = ["make", "--no-print-directory", "-o", STAMP, *args]
    return subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _lecture(folder: Path, *scenes: str) -> Path:
    """A one-lecture file with ``scenes`` (names or file scenes)."""
    text = '[[lecture]]\nslug = "farm"\ntitle = "Farm"\n'
    text += "".join(f'\n  [[lecture.scene]]\n  name = "{s}"\n' for s in scenes)
    path = folder / "l.toml"
    path.write_text(text)
    return path


def _scene_copy(folder: Path) -> Path:
    """A private copy of the farm scenes (their markers live beside the file)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "held").mkdir()
    return Path(shutil.copy(SCENES / "farm_scenes.py", folder / "farm_scenes.py"))


def _gone(pid: int) -> bool:
    """The process ``pid`` has ended (a zombie waiting for a parent to reap it counts)."""
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def _partials(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if ".part" in p.name]


def test_without_a_scheduler_dask_is_never_imported(tmp_path):
    code = (
        "import sys\nfrom nnviz_delivery import cli\n"
        "rc = cli.main(['render', 'LinearMap', '--format', 'png', '--output', 'x.png'])\n"
        "print(rc, any(m.split('.')[0] in ('dask', 'distributed') for m in sys.modules))\n"
        "from nnviz_delivery.cli import _parser, _renderer\n"  # control: the farm path does
        "_renderer(_parser().parse_args(['render', 'X', '--scheduler', 'tcp://h:1']))\n"
        "print('distributed' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=_env(tmp_path),
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert out.stdout.split() == ["x.png", "0", "False", "True"], out.stderr
    assert (tmp_path / "x.png").is_file()


def test_farm_threads_is_the_clusters_thread_count(cluster, tmp_path):
    address, client = cluster
    out = _nnviz(tmp_path, "farm", "threads", "--scheduler", address)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout) == 2  # 2 workers x 1 thread, as the fixture made them


@pytest.mark.parametrize("scene", ["LinearMap", TWO_STEPS])
def test_a_farm_render_is_byte_identical_to_a_local_one(cluster, tmp_path, scene):
    address, _ = cluster
    # Twice on the farm: 4 renders on 2 workers, so warm render processes are covered too.
    farm = ["--scheduler", address]
    for where, extra in (("local", []), ("farm1", farm), ("farm2", farm)):
        out = _nnviz(tmp_path, "render", scene, "--output", f"{where}/clip.mp4", *extra)
        assert out.returncode == 0, out.stderr
    for name in ("clip.mp4", "clip.json", "clip.srt"):
        local = (tmp_path / "local" / name).read_bytes()
        for where in ("farm1", "farm2"):
            assert (tmp_path / where / name).read_bytes() == local, (where, name)
    assert json.loads((tmp_path / "farm1" / "clip.json").read_text())["frame_rate"] == 15


def test_a_worker_killed_mid_render_is_retried_and_nothing_partial_appears(cluster, tmp_path):
    address, client = cluster
    scenes = _scene_copy(tmp_path / "scenes")
    lectures = _lecture(tmp_path, f"{scenes}:HeldOnce", "LinearMap")
    make = _make(tmp_path, lectures, "lectures", f"SCHEDULER={address}")
    held = scenes.parent / "held"
    try:
        wait_for(lambda: any(held.iterdir()), 300, "the first render to hold")
        announced = next(held.iterdir())
        worker, render = int(announced.name), int(announced.read_text())
        assert worker in client.run(os.getpid).values()  # the render ran on a cluster worker
        clips = tmp_path / "renders" / "lectures" / "farm" / "clips"
        assert not (clips / "01-HeldOnce.mp4").exists()
        os.kill(worker, signal.SIGKILL)
        out, err = make.communicate(timeout=600)
    finally:
        make.kill()
    assert make.returncode == 0, err
    assert _gone(render)  # the held render died with its worker
    for stem in ("01-HeldOnce", "02-LinearMap"):
        assert (clips / f"{stem}.mp4").stat().st_size > 0
        assert json.loads((clips / f"{stem}.json").read_text())["duration"] > 0
    assert (tmp_path / "renders" / "lectures" / "farm" / "lecture.mp4").is_file()
    assert _partials(tmp_path / "renders") == []


def test_a_scene_bug_is_one_line_and_the_other_clips_go_on(cluster, tmp_path):
    address, _ = cluster
    scenes = _scene_copy(tmp_path / "scenes")
    # More clips than the cluster's 2 threads: the third starts only if make goes on (-k).
    lectures = _lecture(tmp_path, f"{scenes}:Broken", "LinearMap", TWO_STEPS)
    make = _make(tmp_path, lectures, "lectures", f"SCHEDULER={address}")
    out, err = make.communicate(timeout=600)
    assert make.returncode != 0
    errors = [ln for ln in err.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1, err
    assert "rendering Broken failed: ValueError: a bug in the farm test's scene" in errors[0]
    assert "Traceback" not in err
    clips = tmp_path / "renders" / "lectures" / "farm" / "clips"
    assert (clips / "02-LinearMap.mp4").is_file() and (clips / "03-TwoSteps.mp4").is_file()
    assert not (clips / "01-Broken.mp4").exists() and _partials(tmp_path / "renders") == []


def _copy_tree(dest: Path) -> Path:
    for name in ("nnviz", "nnviz_kit", "scenes", "nnviz_delivery"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def _stamp(tree: Path) -> str:
    code = "from nnviz_delivery.farm.version import stamp; print(*stamp())"
    env = {**os.environ, "PYTHONPATH": str(tree)}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tree, env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_a_worker_with_other_code_is_refused(tmp_path):
    from distributed import Client, LocalCluster

    tree = _copy_tree(tmp_path / "other")
    # Control: an unedited copy in another folder has the same stamp (names are relative).
    assert _stamp(tree) == _stamp(ROOT)
    with open(tree / "nnviz" / "atomic.py", "a") as f:
        f.write("\n# an edit on the worker's machine\n")
    assert _stamp(tree) != _stamp(ROOT)
    with LocalCluster(n_workers=0, processes=True, dashboard_address=":0") as local:
        env = {**os.environ, "PYTHONPATH": str(tree), "NNVIZ_BUILD": str(tmp_path / "wb")}
        worker = subprocess.Popen(
            [sys.executable, "-m", "distributed.cli.dask_worker", local.scheduler_address,
             "--nthreads", "1", "--no-nanny", "--no-dashboard"],
            cwd=tree, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            with Client(local) as client:
                client.wait_for_workers(1, timeout=300)
            out = _nnviz(tmp_path, "render", "LinearMap", "--output", "x.mp4",
                         "--scheduler", local.scheduler_address)  # fmt: skip
        finally:
            worker.kill()
            worker.wait(timeout=60)
    assert out.returncode == 1
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert lines[0].startswith("error: worker tcp://") and "runs a different nnviz: " in lines[0]
    assert not list(tmp_path.glob("x.*"))


def test_an_unreachable_scheduler_fails_at_once_and_touches_nothing(tmp_path):
    with socket.socket() as sock:  # a port that nothing listens on while the test runs
        sock.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{sock.getsockname()[1]}"
        old = tmp_path / "renders" / "clips" / "LinearMap"
        old.mkdir(parents=True)
        for name in ("LinearMap.mp4", "LinearMap.json", "LinearMap.srt"):
            (old / name).write_text(f"previous {name}")
        before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in tmp_path.rglob("*")
                  if p.is_file()}  # fmt: skip
        out = _nnviz(tmp_path, "render", "LinearMap", "--scheduler", address, timeout=60)
        threads = _nnviz(tmp_path, "farm", "threads", "--scheduler", address, timeout=60)
    for result in (out, threads):
        assert result.returncode == 1
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(
            f"error: cannot reach the scheduler at {address}"
        )
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in tmp_path.rglob("*") if p.is_file()}
    assert after == before


def test_the_farm_runner_fills_the_engines_cache_layout(cluster, tmp_path, monkeypatch):
    from nnviz_delivery.farm.runner import FarmRunner
    from nnviz_delivery.preview.engine import PreviewError
    from nnviz_delivery.preview.job import Job, cache_key, files_version, read_result, scene_files
    from nnviz_kit.params import ParamError, to_jsonable
    from scenes import registry

    monkeypatch.setenv("NNVIZ_BUILD", str(tmp_path / "build"))
    address, _ = cluster
    runner = FarmRunner(address)
    given = {"vector": [1, 2]}
    result = runner.run(Job("LinearMap", given, "low", "clip"))
    # The key the warm engine computes for the same job (validated here, code hashed here).
    cls = registry.get("LinearMap")
    params = to_jsonable(cls.validate(given))
    code = files_version(scene_files(Path(sys.modules[cls.__module__].__file__)))
    key = cache_key(Job("LinearMap", params, "low", "clip"), params, code)
    assert result.key == key and not result.cached
    assert read_result(key).files == result.files
    assert set(result.files) == {"clip", "sidecar", "captions"}
    sidecar = json.loads(result.files["sidecar"].read_text())
    assert sidecar["params"]["vector"] == [1.0, 2.0]
    assert result.meta["frames"] == round(sidecar["duration"] * 15)
    assert runner.run(Job("LinearMap", given, "low", "clip")).cached
    with pytest.raises(PreviewError, match="not 'storyboard'"):
        runner.run(Job("LinearMap", given, "low", "storyboard"))
    with pytest.raises(ParamError) as local:
        cls.validate({"vector": [1]})
    with pytest.raises(PreviewError) as farm:
        runner.run(Job("LinearMap", {"vector": [1]}, "low", "clip"))
    assert str(farm.value) == " ".join(str(local.value).split())


def test_a_blog_kit_renders_on_the_farm(cluster, tmp_path):
    from nnviz_delivery.blog import KIT_FILES

    address, _ = cluster
    out = _nnviz(tmp_path, "blog", "LinearMap", "--quality", "low", "--output-dir", "kit",
                 "--scheduler", address)  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert sorted(p.name for p in (tmp_path / "kit").iterdir()) == sorted(KIT_FILES)
    sidecar = json.loads((tmp_path / "kit" / "clip.json").read_text())
    assert sidecar["scene"] == "LinearMap" and sidecar["resolution"] == [854, 480]
    # Rendered there: a local render would have filled this side's LaTeX cache.
    assert not (tmp_path / "build" / "cache").exists()


def test_an_explorable_renders_its_variants_on_the_farm(cluster, tmp_path):
    address, _ = cluster
    out = _nnviz(tmp_path, "explorable", "HyperplaneScore", "--param", "offset",
                 "--values", "[0, 1]", "--output-dir", "exp", "--scheduler", address)  # fmt: skip
    assert out.returncode == 0, out.stderr
    manifest = json.loads((tmp_path / "exp" / "explorable.json").read_text())
    assert [f["value"] for f in manifest["files"]] == [0, 1]
    # Rendered there: a local render would have filled this side's LaTeX cache.
    assert not (tmp_path / "build" / "cache").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["farm", "threads"], "say which cluster: --scheduler"),
        (["farm", "workers", "--scheduler", "tcp://h:1"], "invalid choice: 'workers'"),
        (["render", "LinearMap", "--scheduler"], "expected one argument"),
        (
            ["render", "LinearMap", "--format", "storyboard", "--scheduler", "tcp://h:1"],
            "drop --scheduler",
        ),
        (["render", "LinearMap", "--set", "vector=[1]", "--scheduler", "tcp://h:1"], "vector"),
    ],
)
def test_bad_farm_input_is_one_line_and_exit_2(tmp_path, args, message):
    out = _nnviz(tmp_path, *args, timeout=120)
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and message in lines[0], out.stderr
    assert sorted(tmp_path.iterdir()) == []


def test_cancelling_a_farm_runner_job_ends_its_render_on_the_worker(cluster, tmp_path, monkeypatch):
    import threading

    from nnviz_delivery.farm.runner import FarmRunner
    from nnviz_delivery.preview.engine import Cancelled
    from nnviz_delivery.preview.job import Job

    monkeypatch.setenv("NNVIZ_BUILD", str(tmp_path / "build"))
    address, _ = cluster
    scenes = _scene_copy(tmp_path / "scenes")
    runner, raised = FarmRunner(address), []

    def run() -> None:
        try:
            runner.run(Job(f"{scenes}:HeldOnce", {}, "low", "clip"), timeout=300)
        except Exception as exc:
            raised.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    held = scenes.parent / "held"
    wait_for(lambda: any(held.iterdir()), 300, "the render to hold")
    render = int(next(held.iterdir()).read_text())
    runner.cancel()
    thread.join(timeout=300)
    assert len(raised) == 1 and isinstance(raised[0], Cancelled), raised
    wait_for(lambda: _gone(render), 60, "the cancelled render to end")  # a hang guard only
    assert not list((tmp_path / "build").glob("preview/*/result.json"))


def test_the_studio_sends_clips_and_blog_kits_to_the_farm(cluster, tmp_path, monkeypatch):
    from nnviz_delivery.blog import KIT_FILES
    from nnviz_delivery.studio.farm_jobs import FarmJobs
    from tests.delivery.studio_server import Studio

    monkeypatch.setenv("NNVIZ_BUILD", str(tmp_path / "build"))
    monkeypatch.setenv("NNVIZ_RENDERS", str(tmp_path / "renders"))
    address, _ = cluster
    studio = Studio(scheduler=FarmJobs(address))
    try:
        finals = {}
        for kind in ("clip", "blog"):
            body = {"scene": "LinearMap", "params": {"vector": [2, 1]}, "quality": "low"}
            status, job = studio.json("POST", f"/api/{kind}", body)
            assert status == 202, job
            finals[kind] = list(studio.events(job["events"]))[-1]
        assert [name for name, _ in finals.values()] == ["done", "done"], finals
        status, _, clip = studio.request("GET", finals["clip"][1]["files"]["clip"])
        assert status == 200 and clip[4:8] == b"ftyp"
        assert sorted(finals["blog"][1]["files"]) == sorted(KIT_FILES)
        assert (Path(finals["blog"][1]["folder"]) / "embed.html").is_file()
        # Rendered on the cluster: no local engine ever started a worker.
        assert [engine.pid for engine in studio.app.state.pool.engines] == [None]
    finally:
        studio.stop()
