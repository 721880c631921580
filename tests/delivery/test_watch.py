"""Watch mode: one save, one render; a syntax error is one line and the watcher lives on; Ctrl-C
or SIGTERM stops it, even mid-render, and nothing it started (the engine's warm worker
included) outlives it.

Every wait is on an event (a line, a file), with a generous timeout only as a hang guard.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import psutil
import pytest

from nnviz.atomic import write_text
from nnviz_delivery.render import left_staging
from nnviz_delivery.watch import DEBOUNCE, Watcher
from tests.conftest import ROOT
from tests.delivery.interrupting import HOLD_DIR, foreground, held, wait_for

SCENE = ROOT / "tests" / "delivery" / "scene_files" / "two_steps.py"
HELD = ROOT / "tests" / "delivery" / "scene_files" / "held.py"


def _collect(stream, lines: list[str]) -> None:
    for line in stream:
        lines.append(line.rstrip("\n"))


def _save(path: Path, text: str) -> None:
    """Save as an editor that writes a new file and renames it does (one complete change)."""
    write_text(path, text)


class Running:
    """``nnviz watch SPEC --preview`` as a terminal's foreground job, in a session of its own,
    with its stdout and stderr lines collected as they come."""

    def __init__(self, spec: str, renders: Path, build: Path, **env: str) -> None:
        env = {
            **{k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")},
            "NNVIZ_RENDERS": str(renders),
            "NNVIZ_BUILD": str(build),
            **env,
        }
        self.proc = subprocess.Popen(
            foreground([sys.executable, "-m", "scenes", "watch", spec, "--preview"]),
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            start_new_session=True,
        )  # fmt: skip
        self.out: list[str] = []
        self.err: list[str] = []
        for stream, lines in ((self.proc.stdout, self.out), (self.proc.stderr, self.err)):
            threading.Thread(target=_collect, args=(stream, lines), daemon=True).start()

    def wait_lines(self, lines: list[str], text: str, count: int, timeout: float = 180) -> None:
        """Wait until ``count`` lines containing ``text`` have come (a hang guard, no timing)."""
        wait_for(lambda: sum(text in ln for ln in lines) >= count, timeout, f"{count}× {text!r}")
        assert self.proc.poll() is None, (self.out, self.err)

    def stop(self, sig: signal.Signals) -> float:
        """Send ``sig`` as a terminal does (to the foreground group); seconds until it exited."""
        t0 = time.monotonic()
        os.killpg(self.proc.pid, sig)
        self.proc.wait(timeout=60)  # a hang guard only; the measured time is printed
        return time.monotonic() - t0

    def kill(self) -> None:
        """After a failure: end the watcher and whatever it started (renders have sessions)."""
        if self.proc.poll() is None:
            with contextlib.suppress(psutil.NoSuchProcess):
                for child in psutil.Process(self.proc.pid).children(recursive=True):
                    child.kill()
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


def test_one_save_asks_for_one_render_however_many_events_it_makes(tmp_path):
    scene = tmp_path / "two_steps.py"
    shutil.copy(SCENE, scene)
    watcher = Watcher(f"{scene}:TwoSteps", [], out_dir=tmp_path / "watch")
    watcher.rendered = watcher.fingerprint()

    def events(*kinds: str) -> None:
        for kind in kinds:
            event = SimpleNamespace(event_type=kind, src_path=str(scene), is_directory=False)
            watcher.on_event(event)
        watcher.last_change -= DEBOUNCE  # as if the quiet time had passed (no sleeping here)

    events("opened", "closed_no_write")  # a render importing the file reads it: not a save
    assert not watcher.changed.is_set()
    events("modified", "closed")  # written with the same content: nothing to render
    assert watcher.newer_sources() is None
    scene.write_text(scene.read_text() + "\n# an edit\n")
    events("modified", "modified", "closed")  # one save in place: three events
    fresh = watcher.newer_sources()
    assert fresh is not None and not watcher.changed.is_set()
    watcher.rendered = fresh  # what the loop does when it starts that render
    events("closed")  # the same save's last event, reported late
    assert watcher.newer_sources() is None


@pytest.mark.render
def test_each_save_renders_once_and_a_syntax_error_is_one_line(tmp_path, build_cache):
    scene = tmp_path / "two_steps.py"
    shutil.copy(SCENE, scene)
    renders = tmp_path / "renders"
    folder = renders / "watch" / "TwoSteps"
    png, page = folder / "frame.png", folder / "preview.html"
    watch = Running(f"{scene}:TwoSteps", renders, build_cache)
    try:
        watch.wait_lines(watch.out, "clip.mp4 in", 1)
        assert any("no display here; open" in ln and str(page) in ln for ln in watch.out)
        first = png.read_bytes()
        assert "frame.png?v=" in page.read_text() and "version.js" in page.read_text()

        # A save that changes the picture: the square turns red.
        t0 = time.monotonic()
        _save(scene, scene.read_text().replace("COLOR = BLUE", 'COLOR = "#FC6255"'))
        watch.wait_lines(watch.out, "clip.mp4 in", 2)
        print(f"new frame and clip {time.monotonic() - t0:.1f} s after the save")
        assert png.read_bytes() != first

        # A syntax error: one line on stderr, the page says so, and the watcher keeps running.
        _save(scene, scene.read_text() + "\nx = (\n")
        watch.wait_lines(watch.err, "error:", 1)
        assert "SyntaxError" in page.read_text()

        # The fix renders again; a second render of any earlier save would be counted below.
        _save(scene, scene.read_text().replace("\nx = (\n", "").replace("#FC6255", "#83C167"))
        watch.wait_lines(watch.out, "clip.mp4 in", 3)
        assert "SyntaxError" not in page.read_text()
        elapsed = watch.stop(signal.SIGINT)
    finally:
        watch.kill()
    print(f"watch stopped {elapsed:.2f} s after Ctrl-C")
    errors = [ln for ln in watch.err if "error:" in ln]
    assert len(errors) == 1, watch.err
    assert "SyntaxError" in errors[0] and "two_steps.py" in errors[0]
    assert sum("frame.png in" in ln for ln in watch.out) == 3, watch.out
    assert sum("clip.mp4 in" in ln for ln in watch.out) == 3, watch.out
    assert watch.proc.returncode == 0 and watch.err[-1] == "stopped watching", watch.err


LONG_CLIP = """
from manim import Rotate, Square
from nnviz_kit import NNVizScene

COLOR = "#FC6255"


class Long(NNVizScene):
    CAPTION = "A square turns for ten minutes."

    def construct(self):
        square = Square(color=COLOR)
        self.add(square)
        self.play(Rotate(square, angle=100), run_time=600)
"""


def _worker(watcher_pid: int) -> int:
    """The pid of the watcher's preview worker (not multiprocessing's resource tracker)."""
    (pid,) = [
        p.pid
        for p in psutil.Process(watcher_pid).children()
        if "resource_tracker" not in " ".join(p.cmdline())
    ]
    return pid


@pytest.mark.render
def test_a_save_during_the_clip_interrupts_it_and_the_worker_stays_warm(tmp_path, build_cache):
    scene = tmp_path / "long.py"
    scene.write_text(LONG_CLIP)
    renders = tmp_path / "renders"
    watch = Running(f"{scene}:Long", renders, build_cache)
    try:
        watch.wait_lines(watch.out, "frame.png in", 1)  # the ten-minute clip renders now
        worker = _worker(watch.proc.pid)
        _save(scene, LONG_CLIP.replace("#FC6255", "#83C167"))
        watch.wait_lines(watch.out, "frame.png in", 2)
        assert _worker(watch.proc.pid) == worker  # the same warm worker rendered the new frame
        watch.stop(signal.SIGINT)
    finally:
        watch.kill()
    assert not any("clip.mp4 in" in ln for ln in watch.out), watch.out  # dropped, not finished
    assert not any("error:" in ln for ln in watch.err), watch.err
    assert not psutil.pid_exists(worker)


@pytest.mark.render
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["Ctrl-C", "SIGTERM"])
def test_a_signal_stops_watch_mid_render_and_leaves_no_process(tmp_path, build_cache, sig):
    holds = tmp_path / "held"
    holds.mkdir()
    renders = tmp_path / "renders"
    watch = Running(f"{HELD}:Held", renders, build_cache, **{HOLD_DIR: str(holds)})
    try:
        wait_for(lambda: held(holds), 180, "the render to hold midway")
        started = psutil.Process(watch.proc.pid).children(recursive=True)
        # The render holds in the engine's worker, a child of the watcher.
        (worker,) = held(holds)
        assert worker in [p.pid for p in started], started
        assert left_staging(worker, build_cache)  # the worker is mid-render in its staging
        elapsed = watch.stop(sig)
    finally:
        watch.kill()
    print(f"watch stopped {elapsed:.2f} s after {sig.name}, mid-render")
    assert watch.proc.returncode == 0 and watch.err[-1] == "stopped watching", watch.err
    assert not psutil.pid_exists(worker)  # killed and reaped before the watcher exited
    # multiprocessing's resource tracker ends when it reads the watcher's end of its pipe
    # close; the wait is only a hang guard.
    with contextlib.suppress(AssertionError):
        wait_for(lambda: not any(p.is_running() for p in started), 30, "children to end")
    stray = [p for p in started if p.is_running()]
    for p in stray:
        p.kill()  # a failing run must not leave a held render behind either
    assert not stray, stray  # the watcher ended and reaped what it started
    assert not left_staging(worker, build_cache)  # the killed worker's staging was removed
    assert not (renders / "watch" / "Held" / "frame.png").exists()


@pytest.mark.parametrize(
    "args, message",
    [
        (["watch", "NoSuchScene"], "unknown scene"),
        (["watch", "LinearMap", "--set", "colour=[1,2]"], "no parameter 'colour'"),
    ],
)
def test_watch_rejects_bad_input_before_watching(cli, args, message):
    out = cli(*args, timeout=60)
    assert out.returncode == 2
    assert out.stderr.strip().splitlines() == [out.stderr.strip()] and message in out.stderr


def test_make_watch_without_a_scene_says_so():
    out = subprocess.run(["make", "-s", "watch"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 2 and "say which scene" in out.stderr
