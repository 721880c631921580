"""The job manager: a pool of warm preview engines, a bounded fair queue, progress events.

Each of the N slots owns one :class:`~nnviz_delivery.preview.Engine` (one warm worker
process, created on first use) and one thread that takes tasks in this order: frames
(round-robin over clients, so one client's flood cannot starve another's latest edit), then
long jobs (storyboard, clip, blog, explorable; at most N - 1 at a time when N > 1, so frames
stay live), then posters (lowest priority: only when nothing else waits). Past
``max_pending`` queued tasks :meth:`Pool.submit` raises :class:`Busy` (the server answers 503).

A task's events (``progress``, then one of ``done``/``error``/``cancelled``) are kept, so a
late subscriber replays the latest one; :meth:`Task.stream` bridges them to asyncio.
"""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections import OrderedDict, deque
from collections.abc import AsyncIterator, Callable
from typing import Any, Protocol

from nnviz_delivery.preview import Cancelled, Engine, PreviewError
from nnviz_kit.params import ParamError

__all__ = ["Busy", "Task", "Pool", "LongJobRunner", "LocalRunner", "FINAL", "one_line"]

#: Events that end a task's stream.
FINAL = ("done", "error", "cancelled")
#: Priorities: frames first, then long jobs, then posters.
FRAME, LONG, POSTER = 0, 1, 2
#: Finished long jobs kept for late subscribers.
KEEP_FINISHED = 256

#: ``work(engine, task) -> payload of the done event``; raises on failure.
Work = Callable[[Engine, "Task"], dict[str, Any]]


class Busy(Exception):
    """The queue is full; try again later (HTTP 503 with Retry-After)."""


def one_line(exc: BaseException) -> str:
    """An exception as the one line a client sees (parameter and render errors as they are)."""
    text = " ".join(str(exc).split())
    if isinstance(exc, (PreviewError, ParamError)):
        return text or type(exc).__name__
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class Task:
    """One request for work: its kind, client, work function and the events it produced."""

    def __init__(self, kind: str, client: str, work: Work, priority: int = LONG) -> None:
        self.id = uuid.uuid4().hex[:16]
        self.kind, self.client, self.work, self.priority = kind, client, work, priority
        self.state = "queued"  # queued | running | finished
        self.engine: Engine | None = None
        self.cancel_requested = False
        self.finished = threading.Event()
        self.events: list[tuple[str, dict[str, Any]]] = []
        self._lock = threading.Lock()
        self._listeners: list[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = []

    def emit(self, name: str, data: dict[str, Any]) -> bool:
        """Record an event and wake the subscribers; after a final event, nothing more (False)."""
        with self._lock:
            if self.finished.is_set():
                return False
            self.events.append((name, data))
            if name in FINAL:
                self.state = "finished"
                self.finished.set()
            listeners = list(self._listeners)
        for loop, event in listeners:
            try:
                loop.call_soon_threadsafe(event.set)
            except RuntimeError:  # that loop is closed: its subscriber is gone
                pass
        return True

    def progress(self, done: int, total: int, stage: str) -> None:
        """A ``progress`` event (``total`` 0 while unknown)."""
        self.emit("progress", {"done": done, "total": total, "stage": stage})

    def check(self) -> None:
        """Raise :class:`Cancelled` if the task was cancelled (between engine runs)."""
        if self.cancel_requested:
            raise Cancelled("cancelled")

    @property
    def final(self) -> tuple[str, dict[str, Any]] | None:
        """The final event, once there is one."""
        return self.events[-1] if self.finished.is_set() else None

    async def stream(self) -> AsyncIterator[tuple[str, dict[str, Any]]]:
        """The latest progress (or the final event) at once, then every new event to the end."""
        loop, wake = asyncio.get_running_loop(), asyncio.Event()
        with self._lock:
            self._listeners.append((loop, wake))
            index = max(0, len(self.events) - 1)  # replay only the latest
        try:
            while True:
                wake.clear()  # before reading: an event emitted after the read sets it again
                with self._lock:
                    new = self.events[index:]
                index += len(new)
                for name, data in new:
                    yield name, data
                    if name in FINAL:
                        return
                await wake.wait()
        finally:
            with self._lock:
                self._listeners.remove((loop, wake))

    async def result(self) -> tuple[str, dict[str, Any]]:
        """Wait for the final event."""
        async for name, data in self.stream():
            if name in FINAL:
                return name, data
        raise AssertionError("a task stream ends with a final event")  # pragma: no cover


class LongJobRunner(Protocol):
    """Where long jobs run: the seam for a cluster scheduler (the render farm).

    ``run(task, engine)`` returns the ``done`` payload or raises; the local runner uses the
    slot's warm engine, a cluster runner may send the job elsewhere and ignore it.
    """

    def run(self, task: Task, engine: Engine) -> dict[str, Any]: ...


class LocalRunner:
    """Long jobs on this machine's warm engines."""

    def run(self, task: Task, engine: Engine) -> dict[str, Any]:
        return task.work(engine, task)


class Pool:
    """At most ``workers`` engines, a bounded queue, fair order; see the module docstring."""

    def __init__(
        self,
        workers: int,
        cache_limit: int,
        runner: LongJobRunner | None = None,
        max_pending: int | None = None,
        warm: bool = False,
    ) -> None:
        if workers < 1:
            raise ValueError(f"workers must be at least 1, got {workers}")
        self.workers = workers
        self.max_pending = max_pending if max_pending is not None else 4 * workers
        self.runner = runner or LocalRunner()
        self.engines = [Engine(cache_limit=cache_limit) for _ in range(workers)]
        self.jobs: OrderedDict[str, Task] = OrderedDict()  # long jobs by id, for events/DELETE
        self._cond = threading.Condition()
        self._frames: dict[str, deque[Task]] = {}
        self._turn: deque[str] = deque()  # clients with queued frames, in round-robin order
        self._long: deque[Task] = deque()
        self._posters: deque[Task] = deque()
        self._long_running = 0
        self._stop = False
        self._warm = warm
        self._threads = [
            threading.Thread(target=self._loop, args=(i,), name=f"studio-slot-{i}", daemon=True)
            for i in range(workers)
        ]
        for thread in self._threads:
            thread.start()

    # -- queue ---------------------------------------------------------------------------
    def submit(self, task: Task) -> Task:
        """Queue ``task``; raises :class:`Busy` past the bound (posters have their own)."""
        with self._cond:
            if self._stop:
                raise Busy("the studio is stopping")
            if task.priority == POSTER:
                if len(self._posters) >= 1024:
                    raise Busy("too many posters queued")
                self._posters.append(task)
            else:
                pending = sum(map(len, self._frames.values())) + len(self._long)
                if pending >= self.max_pending:
                    raise Busy(f"{pending} jobs are waiting; try again shortly")
                if task.priority == FRAME:
                    if task.client not in self._frames or not self._frames[task.client]:
                        self._turn.append(task.client)
                    self._frames.setdefault(task.client, deque()).append(task)
                else:
                    self._long.append(task)
                    self.jobs[task.id] = task
                    self._forget_old()
            self._cond.notify_all()
        return task

    def _forget_old(self) -> None:
        finished = [k for k, t in self.jobs.items() if t.finished.is_set()]
        for key in finished[: max(0, len(self.jobs) - KEEP_FINISHED)]:
            del self.jobs[key]

    def _unqueue(self, task: Task) -> bool:
        """Remove a queued task (caller holds the lock); True if it was queued."""
        if task.state != "queued":
            return False
        queue = {FRAME: self._frames.get(task.client), LONG: self._long, POSTER: self._posters}
        found = queue[task.priority]
        if found is None or task not in found:
            return False
        found.remove(task)
        if task.priority == FRAME and not found:
            self._turn.remove(task.client)
        return True

    def _pick(self) -> Task | None:
        """The next task for an idle slot (caller holds the lock)."""
        if self._turn:
            client = self._turn.popleft()
            frames = self._frames[client]
            task = frames.popleft()
            if frames:
                self._turn.append(client)
            else:
                del self._frames[client]
            return task
        limit = max(1, self.workers - 1)  # long jobs never take every slot
        if self._long and self._long_running < limit:
            self._long_running += 1
            return self._long.popleft()
        if self._posters:
            return self._posters.popleft()
        return None

    # -- stopping work -------------------------------------------------------------------
    def drop(self, task: Task) -> None:
        """The client went away: drop the queued task, or interrupt its render (worker stays warm)."""
        with self._cond:
            task.cancel_requested = True
            if self._unqueue(task):
                task.emit("cancelled", {})
            elif task.state == "running" and task.engine is not None:
                task.engine.interrupt()  # under the lock: the engine still runs this task

    def cancel(self, task: Task) -> None:
        """Stop ``task`` for good; a running one's worker is killed before this returns."""
        with self._cond:
            task.cancel_requested = True
            if self._unqueue(task):
                task.emit("cancelled", {})
                return
        # An engine clears its cancel flag when a run starts, so cancel until the task ends
        # (the wait is a poll between kills, not a time limit).
        while not task.finished.is_set():
            engine = task.engine
            if engine is not None:
                engine.cancel()
            task.finished.wait(0.2)
        task.emit("cancelled", {})  # no-op if the task already ended otherwise

    # -- slots ---------------------------------------------------------------------------
    def _loop(self, slot: int) -> None:
        if self._warm:
            try:
                self.engines[slot].start()
            except PreviewError:
                pass  # the first job reports it
        while True:
            with self._cond:
                while not self._stop and (task := self._pick()) is None:
                    self._cond.wait()
                if self._stop:
                    return
                engine = self.engines[slot]
                task.state, task.engine = "running", engine
            try:
                task.check()
                if task.priority == LONG:
                    payload = self.runner.run(task, engine)
                else:
                    payload = task.work(engine, task)
            except Cancelled:
                task.emit("cancelled", {})
            except Exception as exc:  # one line to the client; the slot lives on
                task.emit("error", {"error": one_line(exc)})
            else:
                task.emit("done", payload)
            finally:
                with self._cond:
                    task.engine = None
                    if task.priority == LONG:
                        self._long_running -= 1
                    self._cond.notify_all()

    def close(self) -> None:
        """Stop every slot: queued tasks are cancelled, running ones killed, workers stopped."""
        with self._cond:
            self._stop = True
            queued = [*self._long, *self._posters, *(t for q in self._frames.values() for t in q)]
            self._long.clear(), self._posters.clear(), self._frames.clear(), self._turn.clear()
            self._cond.notify_all()
        for task in queued:
            task.emit("cancelled", {})
        for thread in self._threads:
            while thread.is_alive():  # a run that started just now cleared its cancel: again
                for engine in self.engines:
                    engine.cancel()
                thread.join(0.2)
        for engine in self.engines:
            engine.close()
