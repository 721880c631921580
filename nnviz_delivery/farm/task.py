"""What a farm worker runs: one render, in a fresh process, returned as bytes.

A task is a preview :class:`~nnviz_delivery.preview.job.Job` (scene, validated parameters,
quality; ``what`` is ``frame`` for a still, else ``clip``) plus the format, the output's
file name and the client's :data:`~nnviz_delivery.farm.version.Stamp`. The worker checks
the stamp, then runs ``nnviz render`` itself (the same code path as a local render, into a
private folder) and returns the bytes of the output and its companions.

Why a render process beside the worker: Manim's config is process-global, and a Dask worker
runs tasks on threads (``--nthreads``). Each worker thread owns one warm render process
(:mod:`.serve`: Manim imported once, one job at a time), so two renders never share a
process whatever the thread count. It is restarted when the sources on disk change, and it
is tied to its worker (Linux ``PR_SET_PDEATHSIG``): a worker killed mid-render takes its
render with it, and the scheduler retries the task on another worker.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nnviz.atomic import write_text
from nnviz_delivery.farm import ENV, FarmError
from nnviz_delivery.farm.version import Stamp, stamp
from nnviz_delivery.paths import build_dir
from nnviz_delivery.preview.job import Job, package_dir

__all__ = ["Task", "make_task", "render_task", "validate_task", "COMPANIONS"]

#: The files a render publishes beside its output, by suffix (captions only for videos).
COMPANIONS = (".srt", ".json")
#: How often a render's cancel event is asked (s); a cancelled render stops within about this.
_CANCEL_POLL = 0.5
#: Each worker thread's render process and the stamp of the sources it started with.
_SERVERS: dict[int, tuple[subprocess.Popen, Stamp]] = {}


@dataclass(frozen=True)
class Task:
    """One render for the farm; ``job.params`` are JSON-ready and validated (by the client, or
    by the worker's own ``nnviz render``, which validates whatever it is given)."""

    job: Job
    fmt: str
    name: str
    stamp: Stamp
    #: The name of a Dask ``Event`` that, once set, stops the render (empty: none).
    cancel: str = ""


def make_task(
    scene: str, params: Mapping[str, Any], quality: str, fmt: str, name: str, cancel: str = ""
) -> Task:
    """A task for ``scene`` (registered name or ``file.py:Class``), stamped with this process.

    ``fmt`` is a render format, or ``"kit"`` for a blog kit (``name`` is then its folder).
    """
    from nnviz_kit.params import to_jsonable

    what = {"png": "frame", "kit": "blog"}.get(fmt, "clip")
    job = Job(scene, to_jsonable(dict(params)), quality, what)
    return Task(job, fmt, name, stamp(scene), cancel)


def _worker_name() -> str:
    try:
        from distributed import get_worker

        return get_worker().address
    except (ImportError, ValueError):
        return f"pid {os.getpid()}"


def _check_stamp(task: Task) -> Stamp:
    """Refuse a task stamped by a client that runs other code than this worker (one line);
    returns the stamp they share."""
    mine = stamp(task.job.scene)
    if mine != task.stamp:
        raise FarmError(
            f"worker {_worker_name()} runs a different nnviz: version {mine[0]}, sources"
            f" {mine[1]}; the client has version {task.stamp[0]}, sources {task.stamp[1]}"
            " (install the same checkout on every worker)"
        )
    return mine


def _die_with_parent() -> None:
    """In the child: be killed when the worker that started it dies (Linux only)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _child_env() -> dict[str, str]:
    """The render's environment: this worker's code and build cache; never the farm again.

    Renders always name their ``--output``, so nothing is written under ``NNVIZ_RENDERS``.
    """
    env = {k: v for k, v in os.environ.items() if k != ENV}
    tree = str(package_dir("nnviz").parent)  # the very tree the stamp hashed
    env["PYTHONPATH"] = os.pathsep.join(p for p in (tree, env.get("PYTHONPATH", "")) if p)
    env["NNVIZ_BUILD"] = str(build_dir().resolve())
    env["NNVIZ_RENDERS"] = str(build_dir().resolve() / "farm-renders")
    return env


def _error_line(stderr: str, returncode: int) -> str:
    """The render's ``error:`` line (without the prefix), else its last line."""
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    errors = [ln.removeprefix("error:").strip() for ln in lines if ln.startswith("error:")]
    return (errors or lines or [f"the render exited with status {returncode}"])[-1]


def _server(code: Stamp) -> subprocess.Popen:
    """This thread's warm render process, (re)started if it died or the sources changed."""
    proc, started = _SERVERS.get(threading.get_ident(), (None, None))
    if proc is not None and (proc.poll() is not None or started != code):
        proc.kill()
        proc.wait()
        proc = None
    if proc is None:
        # -P: the working folder never shadows the hashed tree (it is not put on sys.path).
        proc = subprocess.Popen(
            [sys.executable, "-P", "-m", "nnviz_delivery.farm.serve"], env=_child_env(),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, preexec_fn=_die_with_parent,
        )  # fmt: skip
        _SERVERS[threading.get_ident()] = (proc, code)
    return proc


def _stop_on(event: Any, proc: subprocess.Popen, done: threading.Event) -> None:
    """Until ``done``: when the Dask ``event`` is set, end the render (SIGTERM: the render
    removes its staging folder on the way out; the next job starts a fresh process)."""
    while not done.is_set():
        try:
            if event.wait(timeout=_CANCEL_POLL):
                proc.terminate()
                return
        except Exception:  # the scheduler is gone: nobody can cancel any more
            return


def _nnviz(argv: list[str], code: Stamp, cancel: str = "") -> tuple[int, str]:
    """``nnviz ARGV`` in this thread's render process: (exit status, its stderr).

    ``cancel`` names a Dask ``Event`` watched meanwhile (see :func:`_stop_on`).
    """
    proc = _server(code)
    done = threading.Event()
    if cancel:
        from distributed import Event, get_client

        event = Event(cancel, client=get_client())  # made here: this thread knows its worker
        threading.Thread(target=_stop_on, args=(event, proc, done), daemon=True).start()
    try:
        proc.stdin.write(json.dumps(argv) + "\n")
        proc.stdin.flush()
        reply = proc.stdout.readline()
    except OSError:
        reply = ""
    finally:
        done.set()
    if not reply:
        raise FarmError(f"the render process of worker {_worker_name()} died ({proc.poll()})")
    data = json.loads(reply)
    return data["status"], data["stderr"]


def render_task(task: Task) -> dict[str, bytes]:
    """Run on a worker: check the stamp, render, return the outputs' bytes.

    A render returns its output's bytes under its own suffix (``.mp4``, ``.png``...) and its
    companions under theirs (see :data:`COMPANIONS`); a blog kit (``fmt="kit"``, the very
    ``nnviz blog``) returns each kit file under its name. Raises :class:`FarmError` in one line.
    """
    code = _check_stamp(task)
    job = task.job
    with tempfile.TemporaryDirectory(prefix="nnviz-farm-") as tmp:
        work = Path(tmp)
        write_text(work / "params.json", json.dumps(job.params))
        output = work / "out" / task.name
        argv = [job.scene, "--params-json", str(work / "params.json"), "--quality", job.quality]
        if job.what == "blog":
            argv = ["blog", *argv, "--output-dir", str(output)]
            made = output / "embed.html"  # published last: the kit is whole
        else:
            argv = ["render", *argv, "--format", task.fmt, "--output", str(output)]
            made = output
        status, stderr = _nnviz(argv, code, task.cancel)
        if status != 0 or not made.is_file():
            raise FarmError(_error_line(stderr, status))
        if job.what == "blog":
            return {p.name: p.read_bytes() for p in output.iterdir() if p.is_file()}
        files = {output.suffix: output.read_bytes()}
        for suffix in COMPANIONS:
            if output.with_suffix(suffix).is_file():
                files[suffix] = output.with_suffix(suffix).read_bytes()
        return files


def validate_task(scene: str, params: Mapping[str, Any], client_stamp: Stamp) -> tuple[dict, str]:
    """Run on a worker: the scene's validated (JSON) parameters and its module's file.

    The module is named relative to the folder holding the packages (absolute for a scene
    file outside them), so the client can find its own copy. Raises ``ParamError`` as a
    local validation would, :class:`FarmError` for a worker with other code.
    """
    _check_stamp(Task(Job(scene), "png", "", client_stamp))
    from nnviz_kit.params import to_jsonable
    from scenes import registry

    cls = registry.get(scene)
    module = Path(sys.modules[cls.__module__].__file__)
    base = package_dir("nnviz").parent
    name = str(module.relative_to(base)) if module.is_relative_to(base) else str(module)
    return to_jsonable(cls.validate(dict(params))), name
