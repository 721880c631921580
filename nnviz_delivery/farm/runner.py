"""``FarmRunner``: the preview engine's surface for long jobs, run on a Dask cluster.

A studio sends clip jobs here (final-frame previews stay on the local warm engine, where
latency matters). Results land in the engine's cache layout (``cache_dir(key)`` with the
same key), so they are served, reused and evicted the same way.
"""

from __future__ import annotations

import json
import shutil
import threading
import uuid
from typing import Any

from nnviz.atomic import write_bytes, write_text
from nnviz_delivery.blog import KIT_FILES
from nnviz_delivery.farm import FarmError
from nnviz_delivery.farm.client import connect
from nnviz_delivery.farm.task import make_task, render_task, validate_task
from nnviz_delivery.farm.version import stamp
from nnviz_delivery.preview.engine import Cancelled, PreviewError, Progress
from nnviz_delivery.preview.job import (
    RESULT_FILE,
    Job,
    Result,
    cache_dir,
    cache_key,
    files_version,
    package_dir,
    read_result,
    scene_files,
)

__all__ = ["FarmRunner", "FARM_WHATS"]

#: The job kinds the farm runs (storyboards are quick: the local engine makes them).
FARM_WHATS = ("clip", "frame", "blog")
#: The files of a result by role -> (file name in the cache folder, key in the task's reply).
_FILES = {
    "clip": {"clip": ("clip.mp4", ".mp4"), "sidecar": ("clip.json", ".json"),
             "captions": ("clip.srt", ".srt")},
    "frame": {"frame": ("frame.png", ".png"), "sidecar": ("frame.json", ".json")},
    "blog": {name: (name, name) for name in KIT_FILES},  # as the engine's blog job names them
}  # fmt: skip
#: The render format a kind asks the worker for.
_FORMATS = {"clip": "mp4", "frame": "png", "blog": "kit"}


class FarmRunner:
    """Run preview jobs on the cluster at ``scheduler``; ``run`` and ``cancel`` as the Engine's.

    One job at a time per runner (like the Engine); make one runner per concurrent job.
    ``cancel`` stops waiting at once, drops a queued task and ends a running render on its
    worker (a Dask ``Event`` the worker watches; the render stops within about half a second).
    """

    def __init__(self, scheduler: str) -> None:
        self.scheduler = scheduler
        self._future: Any = None
        self._event: Any = None  # the running render's cancel Event
        self._cancelled = threading.Event()
        self._lock = threading.Lock()

    def cancel(self) -> None:
        """Cancel the job in progress (safe from any thread)."""
        self._cancelled.set()
        event, future = self._event, self._future
        if event is not None:
            try:
                event.set()
            except Exception:  # the scheduler is gone: so is the render
                pass
        if future is not None:
            future.cancel()

    def run(self, job: Job, on_progress: Progress | None = None, timeout: float = 600.0) -> Result:
        """Render ``job`` on the cluster (or take it from the cache); errors are one-line
        :class:`PreviewError`. ``timeout`` (s) bounds the wait, a hang guard."""
        if job.what not in FARM_WHATS:
            raise PreviewError(
                f"the render farm runs {', '.join(FARM_WHATS)} jobs, not {job.what!r}"
            )
        with self._lock:
            self._cancelled.clear()
            try:
                return self._run(job, on_progress, timeout)
            except FarmError as exc:
                raise PreviewError(f"{job.scene}: {exc}") from None
            finally:
                self._future = self._event = None

    def _run(self, job: Job, on_progress: Progress | None, timeout: float) -> Result:
        with connect(self.scheduler) as client:
            params, module = self._wait(
                client.submit(validate_task, job.scene, job.params, stamp(job.scene), pure=False),
                job,
                timeout,
            )
            module_file = package_dir("nnviz").parent / module  # an absolute name stays itself
            code = files_version(scene_files(module_file))
            job = Job(job.scene, params, job.quality, job.what)
            key = cache_key(job, params, code)
            hit = read_result(key)
            if hit is None:
                fmt = _FORMATS[job.what]
                name = "kit" if job.what == "blog" else _FILES[job.what][job.what][0]
                from distributed import Event

                cancel = f"nnviz-cancel-{uuid.uuid4().hex}"
                self._event = Event(cancel, client=client)
                if self._cancelled.is_set():
                    self._event.set()
                task = make_task(job.scene, params, job.quality, fmt, name, cancel)
                files = self._wait(client.submit(render_task, task, pure=False), job, timeout)
                hit = _store(key, job.what, files)
        done = hit.meta["frames"]
        if on_progress is not None:
            on_progress(done, done)
        return hit

    def _wait(self, future: Any, job: Job, timeout: float) -> Any:
        """The future's result; cancel and timeout (a hang guard) end the wait."""
        self._future = future
        if self._cancelled.is_set():
            future.cancel()
        try:
            return future.result(timeout=timeout)
        except FarmError:
            raise
        except TimeoutError:
            future.cancel()
            raise PreviewError(
                f"{job.scene}: no result from the farm within {timeout:g} s"
            ) from None
        except Exception as exc:  # cancelled, or ParamError and the like raised on the worker
            if self._cancelled.is_set() or future.cancelled():
                raise Cancelled(f"{job.scene}: cancelled") from None
            raise PreviewError(" ".join(str(exc).split()) or type(exc).__name__) from None
        finally:
            future.release()


def _store(key: str, what: str, files: dict[str, bytes]) -> Result:
    """Write a render's bytes as a cache result (manifest last: it marks the folder whole)."""
    folder = cache_dir(key)
    roles = {role: name for role, (name, suffix) in _FILES[what].items() if suffix in files}
    try:
        for role, (name, suffix) in _FILES[what].items():
            if role in roles:
                write_bytes(folder / name, files[suffix])
        sidecar = json.loads(files["clip.json" if what == "blog" else ".json"])
        frames = 1 if what == "frame" else round(sidecar["duration"] * sidecar["frame_rate"])
        meta = {"duration": sidecar["duration"], "plays": None, "steps": None, "frames": frames}
        write_text(folder / RESULT_FILE, json.dumps({"files": roles, "meta": meta}, indent=2))
    except BaseException:
        if not (folder / RESULT_FILE).exists():
            shutil.rmtree(folder, ignore_errors=True)
        raise
    return Result(key, {role: folder / name for role, name in roles.items()}, meta)
