"""Watch mode: an edit re-renders the preview PNG; a syntax error is one line and the watcher lives."""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time

import pytest

from nnviz_delivery.watch import summarize_error
from tests.conftest import ROOT

SCENE = ROOT / "tests" / "delivery" / "scene_files" / "two_steps.py"


def test_summarize_error_keeps_one_line():
    cli_error = "warning: layout: x\nerror: matrix: got 'a'; expected a number\n"
    assert summarize_error(cli_error) == "matrix: got 'a'; expected a number"
    trace = (
        "Traceback (most recent call last):\n"
        '  File "/a/scenes/registry.py", line 58, in load_file_scene\n'
        '  File "/tmp/x/two_steps.py", line 12, in construct\n'
        "    1 / 0\n"
        "ZeroDivisionError: division by zero\n"
    )
    assert summarize_error(trace) == "ZeroDivisionError: division by zero (two_steps.py, line 12)"
    assert "\n" not in summarize_error("")


def _reader(stream, lines: queue.Queue) -> None:
    for line in stream:
        lines.put(line.rstrip("\n"))


def _wait_for(predicate, timeout: float, what: str) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


@pytest.mark.render
def test_watch_rerenders_on_save_and_survives_a_syntax_error(tmp_path, build_cache):
    scene = tmp_path / "two_steps.py"
    shutil.copy(SCENE, scene)
    renders = tmp_path / "renders"
    env = {**os.environ, "NNVIZ_RENDERS": str(renders), "NNVIZ_BUILD": str(build_cache)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "scenes", "watch", f"{scene}:TwoSteps", "--preview"],
        cwd=ROOT,
        env={k: v for k, v in env.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    out: queue.Queue = queue.Queue()
    err: queue.Queue = queue.Queue()
    for stream, q in ((proc.stdout, out), (proc.stderr, err)):
        threading.Thread(target=_reader, args=(stream, q), daemon=True).start()
    folder = renders / "watch" / "TwoSteps"
    png, clip, page = folder / "frame.png", folder / "clip.mp4", folder / "preview.html"
    stdout: list[str] = []

    def drained(q: queue.Queue, into: list[str]) -> list[str]:
        while not q.empty():
            into.append(q.get())
        return into

    try:
        _wait_for(lambda: clip.exists(), 120, "the first clip")
        drained(out, stdout)
        assert any("no display here; open" in ln and str(page) in ln for ln in stdout), stdout
        first = png.read_bytes()
        assert "frame.png?v=" in page.read_text() and "version.js" in page.read_text()

        # A save that changes the picture: the square turns red.
        t0 = time.monotonic()
        scene.write_text(scene.read_text().replace("COLOR = BLUE", 'COLOR = "#FC6255"'))
        _wait_for(lambda: png.read_bytes() != first, 90, "the PNG to change")
        print(f"PNG changed {time.monotonic() - t0:.1f} s after the save")
        _wait_for(lambda: any("clip.mp4" in ln for ln in drained(out, stdout)[-1:]), 90, "clip")

        # A syntax error: one line on stderr, and the watcher keeps running.
        scene.write_text(scene.read_text() + "\nx = (\n")
        errors: list[str] = []
        _wait_for(lambda: drained(err, errors), 90, "an error line")
        time.sleep(1)
        drained(err, errors)
        assert len(errors) == 1, errors
        assert "SyntaxError" in errors[0] and "two_steps.py" in errors[0]
        assert proc.poll() is None
        assert "SyntaxError" in page.read_text()  # the preview page says so too
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            code = proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    assert code == 0


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
