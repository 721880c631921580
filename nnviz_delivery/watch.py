"""Live preview for authors: re-render a scene on every save and refresh a preview page.

``nnviz watch NAME [--set K=V ...] [--preview]`` (or ``make watch SCENE=NAME``)
watches the scene's module file, ``nnviz_kit/`` and ``nnviz/`` with watchdog. After each save
(debounced) it renders with the warm preview engine (:mod:`nnviz_delivery.preview`), whose
worker has imported Manim once and is restarted when the code changes, so edits are picked up
and a broken file cannot kill the watcher:

1. the final frame -> ``renders/watch/<Scene>/frame.png``;
2. a low-quality clip -> ``renders/watch/<Scene>/clip.mp4``;

each with its sidecar, copied atomically from the engine's cache, and rewrites
``preview.html`` beside them. The page polls ``version.js`` with a fresh ``<script>`` tag
(works from ``file://`` and over http) and reloads itself when the version changes. A failed
render prints one line on stderr and the watcher keeps going.

One save, one render: an editor's save reaches watchdog as several events (modified, closed,
moved), and a render reading the files reports more (opened, closed_no_write). Only writes
count, and a render starts only when the watched files' contents differ from the last render's.
A newer save interrupts a render in progress (the latest wins); the warm worker drops it and
takes the new one at once (it is killed and replaced only if it does not stop within
``INTERRUPT_GRACE`` s).

Ctrl-C, SIGTERM or SIGHUP stops the watcher within about a second, even mid-render: the engine
kills its worker's process group (and removes what the worker was writing); the watcher then
closes the engine, so nothing it started outlives it.
"""

from __future__ import annotations

import gc
import hashlib
import html
import json
import os
import shutil
import signal
import sys
import threading
import time
import webbrowser
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import nnviz
import nnviz_kit
from nnviz.atomic import atomic_path, write_text
from nnviz_delivery.preview import Cancelled, Engine, Job, PreviewError, Result
from nnviz_delivery.render import renders_dir
from nnviz_kit.params import split_assignments

__all__ = ["watch", "watched_paths", "has_display", "Watcher"]

DEBOUNCE = 0.3  # seconds of quiet after the last save before rendering
POLL = 0.1  # seconds between looks at the stop flag and for newer saves
GRACE = 1.0  # seconds watchdog's observer gets to stop
INTERRUPT_GRACE = 5.0  # seconds a render overtaken by a save gets to stop before a kill
RENDER_TIMEOUT = 600  # a hang guard for one render (s); past it the worker is replaced
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
#: watchdog event types that can mean new content (not opened, closed_no_write or attrib).
WRITES = frozenset({"created", "modified", "moved", "deleted", "closed"})


def has_display() -> bool:
    """Whether a browser window could open here (X11/Wayland, or a desktop OS)."""
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _scene_file(name: str) -> tuple[Path, str]:
    """The file that defines scene ``name`` and the scene's class name (no import for files)."""
    if ".py:" in name:
        path_text, _, class_name = name.rpartition(":")
        return Path(path_text).resolve(), class_name
    import inspect

    from scenes import registry

    cls = registry.get(name)  # unknown names fail here, before watching starts
    return Path(inspect.getfile(cls)).resolve(), cls.__name__


def watched_paths(scene_file: Path) -> tuple[Path, Path, Path]:
    """What a change to re-render on: the scene's module, ``nnviz_kit/`` and ``nnviz/``."""
    return scene_file, Path(nnviz_kit.__file__).parent, Path(nnviz.__file__).parent


_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · live preview</title>
<link rel="icon" href="data:,">
<style>
  body {{ margin: 0; background: #0f1216; color: #ece6e2; font: 15px/1.5 system-ui, sans-serif; }}
  header {{ padding: .6rem 1rem; display: flex; gap: 1rem; align-items: baseline; flex-wrap: wrap; }}
  h1 {{ font-size: 1.1rem; margin: 0; }} .muted {{ color: #a9b1bb; }}
  .error {{ background: #4a1616; color: #ffd6d2; padding: .6rem 1rem; font-family: monospace; white-space: pre-wrap; }}
  main {{ display: grid; gap: 1rem; padding: 0 1rem 1rem; grid-template-columns: repeat(auto-fit, minmax(min(100%, 420px), 1fr)); }}
  figure {{ margin: 0; }} img, video {{ width: 100%; background: #000; border-radius: 8px; display: block; }}
  figcaption {{ color: #a9b1bb; font-size: .85rem; }}
</style>
</head>
<body>
<header><h1>{title}</h1><span class="muted">{params}</span>
<span class="muted" id="status" aria-live="polite">{status}</span></header>
{error}
<main>
  <figure><img src="frame.png?v={version}" alt="Final frame of {title}"><figcaption>final frame (PNG)</figcaption></figure>
  <figure>{video}<figcaption>low-quality clip</figcaption></figure>
</main>
<script>
  // Reload when version.js says a newer render exists; a fresh <script> works from file:// too.
  const shown = {version};
  window.nnvizWatch = (state) => {{ if (state.version !== shown) location.reload(); }};
  setInterval(() => {{
    const s = document.createElement("script");
    s.src = "version.js?t=" + Date.now();
    s.onload = s.onerror = () => s.remove();
    document.head.appendChild(s);
  }}, 1000);
</script>
</body>
</html>
"""


@contextmanager
def _stop_on_signals(on_signal: Callable[[int], None]) -> Iterator[None]:
    """Call ``on_signal(signum)`` on Ctrl-C, SIGTERM and SIGHUP while inside; restore after.

    A signal the parent set to be ignored stays ignored, as Python and make do for SIGINT: a job
    that a script started in the background is not meant to stop on the terminal's Ctrl-C.
    Handlers can only be set from the main thread; elsewhere this does nothing.
    """
    old = {}
    if threading.current_thread() is threading.main_thread():
        for sig in STOP_SIGNALS:
            if signal.getsignal(sig) != signal.SIG_IGN:
                old[sig] = signal.signal(sig, lambda signum, frame: on_signal(signum))
    try:
        yield
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)


def _copy_out(result: Result, output: Path) -> None:
    """Copy a result's files beside ``output`` (same stem, their own suffix), ``output`` last.

    Copies, not moves: the engine's cache keeps its files, so asking again is instant.
    """
    files = sorted(result.files.values(), key=lambda src: src.suffix == output.suffix)
    for src in files:
        with atomic_path(output.with_suffix(src.suffix), suffix=src.suffix) as tmp:
            shutil.copyfile(src, tmp)


class Watcher:
    """Render on change into ``out_dir``; the state behind the preview page."""

    def __init__(
        self, name: str, sets: Sequence[str], quality: str = "low", out_dir: Path | None = None
    ) -> None:
        self.name = name
        self.sets = list(sets)
        self.quality = quality
        self.scene_file, self.scene = _scene_file(name)
        self.out_dir = out_dir or renders_dir() / "watch" / self.scene
        self.version = 0
        self.error = ""
        self.changed = threading.Event()  # set on watchdog's thread when a watched file is written
        self.last_change = 0.0
        self.rendered = ""  # fingerprint of the sources of the latest render started
        self.pending: str | None = None  # a newer save's fingerprint that cancelled a render
        self.stop_signal = 0  # set by the signal handler; the loop ends when it is non-zero
        self.params = {k: v for text in self.sets for k, v in split_assignments(text).items()}
        self.engine = Engine()  # its worker starts with the first render

    # -- what a render depends on ------------------------------------------------------
    def sources(self) -> list[Path]:
        """The scene's module and every ``.py`` file in ``nnviz_kit/`` and ``nnviz/``."""
        scene_file, *dirs = watched_paths(self.scene_file)
        return [scene_file, *sorted(f for d in dirs for f in d.rglob("*.py"))]

    def fingerprint(self) -> str:
        """A hash of the sources' names and contents (a missing file counts as such)."""
        digest = hashlib.sha256()
        for f in self.sources():
            try:
                content = hashlib.sha256(f.read_bytes()).digest()
            except OSError:
                content = b"missing"
            digest.update(str(f).encode() + b"\0" + content)
        return digest.hexdigest()

    def newer_sources(self) -> str | None:
        """The sources' fingerprint once a save has settled and changed them; else None."""
        if not self.changed.is_set() or time.monotonic() - self.last_change < DEBOUNCE:
            return None
        self.changed.clear()  # before reading: a write from now on sets it again
        fresh = self.fingerprint()
        return fresh if fresh != self.rendered else None

    def _next_sources(self) -> str | None:
        """Wait for sources that differ from the last render's; None once asked to stop."""
        while not self.stop_signal:
            fresh, self.pending = self.pending or self.newer_sources(), None
            if fresh is not None:
                return fresh
            time.sleep(POLL)
        return None

    # -- rendering ---------------------------------------------------------------------
    def _run(self, fmt: str, output: Path) -> str | None:
        """Render once with the engine (on a thread, so this one can watch for a stop or a save).

        Returns "" on success or the one-line error; None when asked to stop or overtaken by
        a newer save (the job is then cancelled and ``output`` left as it was).
        """
        job = Job(self.name, self.params, self.quality, "frame" if fmt == "png" else "clip")
        outcome: list[Result | BaseException] = []

        def work() -> None:
            try:
                outcome.append(self.engine.run(job, timeout=RENDER_TIMEOUT))
            except BaseException as exc:  # noqa: BLE001 - handed to the watching thread
                outcome.append(exc)

        worker = threading.Thread(target=work, name="nnviz-watch-render", daemon=True)
        worker.start()
        interrupted = 0.0  # when a newer save interrupted this render (monotonic s)
        while worker.is_alive():
            worker.join(POLL)
            if not worker.is_alive():
                break
            if self.stop_signal:
                # Again each time round: a cancel that came before the job began is cleared.
                self.engine.cancel()
                continue
            if not interrupted:
                self.pending = self.newer_sources()
                interrupted = time.monotonic() if self.pending is not None else 0.0
            if interrupted and time.monotonic() - interrupted > INTERRUPT_GRACE:
                self.engine.cancel()  # it does not stop: kill it (a new worker takes over)
            elif interrupted:
                # Again each time round: a job still starting or validating is not rendering
                # yet, and only a render can be dropped; the worker then stays warm.
                self.engine.interrupt()
        if self.stop_signal or interrupted:
            return None
        result = outcome[0]
        if isinstance(result, Cancelled):
            return None
        if isinstance(result, PreviewError):
            return str(result).removeprefix(f"{self.name}: ")
        if isinstance(result, BaseException):
            raise result
        _copy_out(result, output)
        return ""

    def render_once(self) -> bool | None:
        """Final frame, then the clip; the page refreshes after each.

        True if both worked, False after an error, None if stopped or overtaken by a newer save.
        """
        self.out_dir.mkdir(parents=True, exist_ok=True)
        for fmt, file in (("png", "frame.png"), ("mp4", "clip.mp4")):
            t0 = time.perf_counter()
            error = self._run(fmt, self.out_dir / file)
            if error is None:
                return None
            self.error = error
            self.write_page()  # before the line: once it is printed, the page shows it
            stamp = time.strftime("%H:%M:%S")
            if error:
                print(f"[{stamp}] {self.scene}: error: {error}", file=sys.stderr, flush=True)
                return False
            print(f"[{stamp}] {self.scene}: {file} in {time.perf_counter() - t0:.1f} s", flush=True)
        return True

    def write_page(self) -> Path:
        """Rewrite ``preview.html`` and bump ``version.js``; returns the page path."""
        self.version += 1
        self.out_dir.mkdir(parents=True, exist_ok=True)
        has_clip = (self.out_dir / "clip.mp4").exists()
        video = (
            f'<video src="clip.mp4?v={self.version}" controls autoplay muted loop playsinline></video>'
            if has_clip
            else '<p class="muted">rendering the clip…</p>'
        )
        status = "error" if self.error else f"updated {time.strftime('%H:%M:%S')}"
        page = _PAGE.format(
            title=html.escape(self.scene),
            params=html.escape(" ".join(self.sets)),
            status=html.escape(status),
            error=f'<p class="error" role="alert">{html.escape(self.error)}</p>'
            if self.error
            else "",
            version=self.version,
            video=video,
        )
        path = self.out_dir / "preview.html"
        write_text(path, page)
        state = json.dumps({"version": self.version, "error": self.error})
        write_text(self.out_dir / "version.js", f"nnvizWatch({state});\n")
        return path

    # -- watching ----------------------------------------------------------------------
    def _relevant(self, path: str) -> bool:
        p = Path(path).resolve()
        if p == self.scene_file:
            return True
        if p.suffix != ".py":
            return False
        return any(p.is_relative_to(d) for d in watched_paths(self.scene_file)[1:])

    def on_event(self, event: object) -> None:
        """Note a write to a watched file (runs on watchdog's thread; reads are not writes)."""
        if getattr(event, "event_type", "") not in WRITES or getattr(event, "is_directory", False):
            return
        paths = [getattr(event, "src_path", ""), getattr(event, "dest_path", "")]
        if not any(p and self._relevant(p) for p in paths):
            return
        self.last_change = time.monotonic()
        self.changed.set()

    def _on_signal(self, signum: int) -> None:
        self.stop_signal = signum  # only a flag: the loop looks at it every POLL s

    def run(self, preview: bool = False) -> int:
        """Render now and after every save until Ctrl-C, SIGTERM or SIGHUP; returns 0."""
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        watcher = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event: object) -> None:
                watcher.on_event(event)

        observer = Observer()
        scene_file, *dirs = watched_paths(self.scene_file)
        observer.schedule(Handler(), str(scene_file.parent), recursive=False)
        for d in dirs:
            if d.is_dir() and not scene_file.is_relative_to(d):
                observer.schedule(Handler(), str(d), recursive=True)
        with _stop_on_signals(self._on_signal):
            observer.start()
            try:
                page = self.write_page()
                print(f"watching {scene_file}, nnviz_kit/ and nnviz/; preview: {page}", flush=True)
                if preview:
                    if has_display():
                        webbrowser.open(page.as_uri())
                    else:
                        print(f"no display here; open {page} in a browser", flush=True)
                sources = self.fingerprint()
                while sources is not None:
                    self.rendered = sources
                    self.render_once()
                    sources = self._next_sources()
            finally:
                self.engine.cancel()  # kill, not a polite stop: Manim's exit can take seconds
                self.engine.close()
                observer.stop()
                observer.join(timeout=GRACE)
        print("stopped watching", file=sys.stderr, flush=True)
        return 0


def watch(name: str, sets: Sequence[str], quality: str = "low", preview: bool = False) -> int:
    """Run the watcher until Ctrl-C, SIGTERM or SIGHUP; returns the exit status."""
    status = Watcher(name, sets, quality).run(preview)
    gc.freeze()  # the process ends next: spare the collector's last pass over Manim's heap (~1 s)
    return status
