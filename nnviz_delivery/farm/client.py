"""The client side of the farm: connect, submit one render, publish what comes back.

Imports Dask: only commands given a scheduler import this module. The outputs are written
exactly where a local render writes them, companions first and the output last (each one
atomic), so make never sees a clip newer than its sidecar, and a failed or killed task
publishes nothing.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from distributed import Client, KilledWorker

from nnviz.atomic import write_bytes
from nnviz_delivery.farm import FarmError
from nnviz_delivery.farm.task import COMPANIONS, make_task, render_task

__all__ = [
    "CONNECT_TIMEOUT",
    "connect",
    "threads",
    "scene_ref",
    "run_task",
    "render_remote",
    "render_named",
    "publish_files",
]

#: Seconds to reach the scheduler before giving up (the whole command then fails in < 10 s).
CONNECT_TIMEOUT = 3.0


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:300] or type(exc).__name__


@contextmanager
def connect(address: str, timeout: float = CONNECT_TIMEOUT) -> Iterator[Any]:
    """A Dask ``Client`` of the scheduler at ``address``; :class:`FarmError` if unreachable."""
    # Dask logs its retries and shutdown chatter; the user gets one line from us instead.
    logging.getLogger("distributed").setLevel(logging.CRITICAL)
    try:
        client = Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError, TypeError) as exc:
        raise FarmError(f"cannot reach the scheduler at {address}: {_reason(exc)}") from None
    try:
        yield client
    finally:
        client.close()


def threads(address: str) -> int:
    """The cluster's total worker threads (what ``make -j`` should default to); at least 1."""
    with connect(address) as client:
        return max(1, sum(client.nthreads().values()))


def scene_ref(cls: type) -> str:
    """The name a worker finds ``cls`` by: its registered name, else ``file.py:Class``."""
    from scenes import registry

    if registry.scenes().get(cls.__name__) is cls:
        return cls.__name__
    return f"{sys.modules[cls.__module__].__file__}:{cls.__name__}"


def run_task(client: Any, task: Any) -> dict[str, bytes]:
    """Submit ``task`` and wait for its bytes; every failure becomes one-line :class:`FarmError`.

    A worker that dies mid-task is retried by the scheduler on another worker, up to its
    ``distributed.scheduler.allowed-failures`` (default 3); then ``KilledWorker`` ends it.
    """
    future = client.submit(render_task, task, pure=False)
    try:
        return future.result()
    except FarmError:
        raise
    except KilledWorker:
        raise FarmError(
            f"{task.job.scene}: the workers rendering it died too often; nothing was published"
        ) from None
    except Exception as exc:  # lost scheduler, a worker without nnviz...: still one line
        raise FarmError(f"{task.job.scene}: {type(exc).__name__}: {_reason(exc)}") from None
    finally:
        future.release()


def publish_files(files: Mapping[str, bytes], output: Path) -> Path:
    """Write a render's bytes where a local render puts them: companions first, output last."""
    for suffix in COMPANIONS:
        if suffix in files:
            write_bytes(output.with_suffix(suffix), files[suffix])
    write_bytes(output, files[output.suffix])
    return output


def render_remote(
    address: str,
    cls: type,
    params: Mapping[str, Any],
    quality: str = "low",
    fmt: str = "mp4",
    output: Path | None = None,
) -> Path:
    """:func:`~nnviz_delivery.render.render` on the cluster at ``address``: same arguments,
    same published files; raises :class:`FarmError` in one line."""
    from nnviz_delivery.render import default_output

    output = output or default_output(cls, params, fmt)
    return render_named(address, scene_ref(cls), params, quality, fmt, output)


def render_named(
    address: str, scene: str, params: Mapping[str, Any], quality: str, fmt: str, output: Path
) -> Path:
    """Render ``scene`` (a name a worker finds) with ``params`` on the cluster into ``output``.

    The worker's ``nnviz render`` validates ``params`` with the very code this client runs
    (the task is stamped), so values that are not yet validated may be given: a bad one comes
    back as its one-line error.
    """
    task = make_task(scene, params, quality, fmt, output.name)
    with connect(address) as client:
        files = run_task(client, task)
    return publish_files(files, output)
