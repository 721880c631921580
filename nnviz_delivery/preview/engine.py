"""The engine: one warm worker process, a result cache, timeouts, cancel and restarts.

Only the worker imports Manim and the scenes; the caller (CLI, watch, a studio server) stays
light and safe: a crash, a hang past the job's timeout or a cancel kills the worker's whole
process group, and the next job starts a fresh worker. Before each job the engine hashes the
source tree; if it changed since the worker started, the worker is restarted, so it never
renders with stale code. Results are cached by :func:`~nnviz_delivery.preview.job.cache_key`.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from nnviz_delivery.blog import ENCODE_STEPS
from nnviz_delivery.preview.job import (
    CACHE_LIMIT,
    RESULT_FILE,
    Job,
    Result,
    cache_dir,
    cache_key,
    files_version,
    folder_size,
    read_result,
    scene_files,
    tree_files,
    trim_cache,
)
from nnviz_delivery.render import build_dir, left_staging

__all__ = ["Engine", "PreviewError", "Cancelled", "Progress", "progress_stage"]

#: ``on_progress(done, total)``: frames for a clip, stills for a storyboard, 1/1 for a frame,
#: frames then :data:`~nnviz_delivery.blog.ENCODE_STEPS` encoding steps for a blog kit;
#: ``total`` is 0 while unknown (a storyboard whose final frame was never rendered).
Progress = Callable[[int, int], None]


def progress_stage(what: str, done: int, total: int) -> str:
    """What a progress report is counting: ``"encoding"`` for a blog kit's last steps, else
    ``"rendering"`` (``what`` is the job's kind)."""
    encoding = what == "blog" and total and done > total - ENCODE_STEPS
    return "encoding" if encoding else "rendering"


#: How often the waiting caller checks for a cancel or a dead worker (s).
_POLL = 0.05


class PreviewError(RuntimeError):
    """A job failed (the scene raised, hung past its timeout, or the worker died): one line."""


class Cancelled(PreviewError):
    """The job was cancelled; its worker was killed."""


class Engine:
    """A warm render worker with a disk cache. Thread-safe: one job runs at a time.

    ``start_timeout`` bounds the worker's start-up (importing Manim and the scenes); each
    job has its own ``timeout``. Both are hang guards, not performance limits. The result
    cache under ``build/preview`` is kept under ``cache_limit`` bytes (least recently used
    results go first). A killed worker's staging folders and unfinished result are removed.

    >>> with Engine() as engine:                                      # doctest: +SKIP
    ...     engine.run(Job("LinearMap", {"matrix": [[2, 1], [1, 3]]})).files["frame"]
    """

    def __init__(self, start_timeout: float = 600.0, cache_limit: int = CACHE_LIMIT) -> None:
        self.start_timeout = start_timeout
        self.cache_limit = cache_limit
        self._cache_bytes: int | None = None  # the cache's size, once measured
        self._build = build_dir()  # the worker's build folder (its staging lives there)
        self._writing: Path | None = None  # the result folder of the job in progress
        self._ctx = multiprocessing.get_context("spawn")
        self._proc: Any = None
        self._conn: Any = None
        self._code = ""
        self._modules: dict[str, str] = {}
        self._job_lock = threading.Lock()
        self._proc_lock = threading.Lock()
        self._cancel = threading.Event()

    # -- life cycle -----------------------------------------------------------------------
    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def pid(self) -> int | None:
        """The worker's process id (None when no worker runs)."""
        proc = self._proc
        return proc.pid if proc is not None and proc.is_alive() else None

    def start(self) -> None:
        """Start (or restart, if the source changed) the worker now, e.g. to warm it early."""
        with self._job_lock:
            self._cancel.clear()
            self._ensure_fresh()

    def close(self) -> None:
        """Stop the worker (asked politely first, killed if it does not exit)."""
        with self._job_lock:
            proc, conn = self._proc, self._conn
            if proc is not None:
                try:
                    conn.send(("stop",))
                    proc.join(timeout=10)
                except OSError:
                    pass
            self._kill()

    def cancel(self) -> None:
        """Cancel the running job: its worker is killed before this returns (safe from any thread)."""
        self._cancel.set()
        self._kill()

    def interrupt(self) -> None:
        """Abandon the render in progress but keep the warm worker (safe from any thread).

        The worker unwinds the render (its staging is removed) and the job raises
        :class:`Cancelled`; the next job starts at once, with no new worker. A job not yet
        rendering (starting, validating) goes on: :meth:`cancel` it if it must stop.
        """
        from nnviz_delivery.preview.worker import INTERRUPT

        proc = self._proc
        if proc is not None and proc.pid is not None:
            try:
                os.kill(proc.pid, INTERRUPT)  # the worker alone, not a LaTeX run it started
            except ProcessLookupError:
                pass

    def _kill(self) -> None:
        with self._proc_lock:
            proc, conn, self._proc, self._conn = self._proc, self._conn, None, None
            if proc is None:
                return
            try:
                os.killpg(proc.pid, signal.SIGKILL)  # the worker and any LaTeX run it started
            except (ProcessLookupError, PermissionError):
                pass  # not yet its own group leader: kill the process itself
            proc.kill()
            proc.join(timeout=30)
            conn.close()
            # What only a clean exit would have removed: staging folders, a half-made result.
            for stage in left_staging(proc.pid, self._build):
                shutil.rmtree(stage, ignore_errors=True)
            self._drop_unfinished()

    def _drop_unfinished(self) -> None:
        """Remove the result folder of an abandoned job unless its manifest made it whole."""
        writing = self._writing
        if writing is not None and not (writing / RESULT_FILE).exists():
            shutil.rmtree(writing, ignore_errors=True)

    def _ensure_fresh(self) -> None:
        code = files_version(tree_files())
        if self._proc is not None and (code != self._code or not self._proc.is_alive()):
            self._kill()
        if self._proc is None:
            parent, child = self._ctx.Pipe()
            from nnviz_delivery.preview.worker import worker_main

            self._build = build_dir()  # the worker inherits the environment as it is now
            proc = self._ctx.Process(target=worker_main, args=(child,), daemon=True)
            proc.start()
            child.close()
            with self._proc_lock:
                self._proc, self._conn, self._code = proc, parent, code
            self._modules = self._wait("ready", self.start_timeout, "starting the worker")

    # -- jobs -----------------------------------------------------------------------------
    def run(self, job: Job, on_progress: Progress | None = None, timeout: float = 600.0) -> Result:
        """Render ``job`` (or take it from the cache); raises :class:`PreviewError` in one line.

        ``timeout`` (s) bounds the render; past it the worker is killed and replaced.
        """
        with self._job_lock:
            self._cancel.clear()
            self._ensure_fresh()
            self._send(("validate", job.scene, job.params))
            params = self._wait("ok", timeout, job.scene, replace=False)
            module = self._modules.get(job.scene) or job.scene.rpartition(":")[0]
            code = files_version(scene_files(Path(module)))
            frame_job = Job(job.scene, params, job.quality, "frame")
            total = 1
            if job.what in ("clip", "blog"):  # the final frame (cheap, then cached) counts frames
                total = self._render(frame_job, code, 1, None, timeout).meta["frames"]
                total += ENCODE_STEPS if job.what == "blog" else 0
            elif job.what == "storyboard":  # stills: counted by a cached frame, else unknown (0)
                frame = read_result(cache_key(frame_job, params, code))
                total = frame.meta["steps"] if frame is not None else 0
            return self._render(
                Job(job.scene, params, job.quality, job.what), code, total, on_progress, timeout
            )

    def _render(
        self, job: Job, code: str, total: int, on_progress: Progress | None, timeout: float
    ) -> Result:
        key = cache_key(job, job.params, code)
        hit = read_result(key)
        if hit is None:
            self._writing = cache_dir(key)
            self._send(("job", asdict(job), str(cache_dir(key)), total))
            try:
                self._wait("done", timeout, job.scene, on_progress)
            except Cancelled:
                self._drop_unfinished()  # an interrupted worker lives on; its half result not
                raise
            finally:
                self._writing = None
            hit = read_result(key)
            if hit is None:
                raise PreviewError(f"{job.scene}: the worker reported success but left no result")
            hit = Result(hit.key, hit.files, hit.meta, cached=False)
            self._trim(key)
        if on_progress is not None:
            done = {"frame": 1, "clip": hit.meta["frames"], "storyboard": hit.meta["steps"]}
            done["blog"] = hit.meta["frames"] + ENCODE_STEPS
            on_progress(done[job.what], done[job.what])
        return hit

    def _trim(self, new_key: str) -> None:
        """Keep the cache under ``cache_limit``; measured once, then counted as results come."""
        size = folder_size(cache_dir(new_key))
        if self._cache_bytes is None or self._cache_bytes + size > self.cache_limit:
            self._cache_bytes = trim_cache(self.cache_limit, keep=new_key)
        else:
            self._cache_bytes += size

    def _send(self, msg: tuple) -> None:
        try:
            self._conn.send(msg)
        except (OSError, AttributeError) as exc:
            self._kill()
            raise PreviewError(
                f"the preview worker is gone ({exc}); the next job starts a fresh one"
            ) from None

    def _wait(
        self,
        want: str,
        timeout: float,
        what: str,
        on_progress: Progress | None = None,
        replace: bool = True,
    ) -> Any:
        """The payload of the next ``want`` message; progress is forwarded, anything else raises."""
        deadline = time.monotonic() + timeout  # a hang guard: the job's own limit
        proc, conn = self._proc, self._conn
        while True:
            if self._cancel.is_set():
                self._kill()
                raise Cancelled(f"{what}: cancelled")
            left = deadline - time.monotonic()
            if left <= 0:
                self._kill()
                raise PreviewError(
                    f"{what}: no result within {timeout:g} s; the worker was replaced"
                )
            try:
                ready = conn.poll(min(_POLL, left))
                msg = conn.recv() if ready else None
            except (EOFError, OSError):
                msg = None
                ready = True  # the pipe closed: the worker died (or cancel closed it)
            if msg is None:
                if self._cancel.is_set():
                    continue
                if ready or not proc.is_alive():
                    code = proc.exitcode
                    self._kill()
                    raise PreviewError(
                        f"{what}: the preview worker died (exit code {code}); it was replaced"
                    )
                continue
            if msg[0] == "progress":
                if on_progress is not None:
                    on_progress(msg[1], msg[2])
            elif msg[0] == want:
                return msg[1]
            elif msg[0] == "cancelled":  # interrupted: the worker abandoned the job, still warm
                raise Cancelled(f"{what}: cancelled")
            else:
                if replace:  # a scene that raised may have left the process in any state
                    self._kill()
                raise PreviewError(f"{what}: {msg[1]}")
