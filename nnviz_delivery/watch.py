"""Live preview for authors: re-render a scene on every save and refresh a preview page.

``nnviz watch NAME [--set K=V ...] [--preview]`` (or ``make watch SCENE=NAME``)
watches the scene's module file, ``nnviz_kit/`` and ``nnviz/`` with watchdog. After each save
(debounced) it renders, each in a fresh subprocess so edits are picked up and a broken file
cannot kill the watcher:

1. the final frame -> ``renders/watch/<Scene>/frame.png``;
2. a low-quality clip -> ``renders/watch/<Scene>/clip.mp4``;

and rewrites ``preview.html`` beside them. The page polls ``version.js`` with a fresh
``<script>`` tag (works from ``file://`` and over http) and reloads itself when the version
changes. A failed render prints one line on stderr and the watcher keeps going; Ctrl-C stops.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
import threading
import time
import webbrowser
from collections.abc import Sequence
from pathlib import Path

import nnviz
import nnviz_kit
from nnviz_delivery.render import ROOT, renders_dir

__all__ = ["watch", "watched_paths", "summarize_error", "has_display", "Watcher"]

DEBOUNCE = 0.3  # seconds of quiet after the last save before rendering
RENDER_TIMEOUT = 600


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


_LOCATION = re.compile(r'File "([^"]+)", line (\d+)')


def summarize_error(stderr: str) -> str:
    """One line from a failed render's stderr: the CLI's ``error:`` line or the exception.

    >>> summarize_error('Traceback ...\\n  File "/x/s.py", line 3\\n    x = (\\nSyntaxError: "(" was never closed')
    'SyntaxError: "(" was never closed (s.py, line 3)'
    """
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    for line in reversed(lines):
        if line.startswith("error:"):
            return line[len("error:") :].strip()
    exc = next(
        (ln for ln in reversed(lines) if re.match(r"^[A-Za-z_][\w.]*(Error|Exception)\b", ln)),
        lines[-1] if lines else "render failed",
    )
    places = _LOCATION.findall(stderr)
    if places and "line " not in exc:
        path, line = places[-1]
        exc += f" ({Path(path).name}, line {line})"
    return exc


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
        self.changed = threading.Event()
        self.last_change = 0.0
        self.proc: subprocess.Popen | None = None

    # -- rendering ---------------------------------------------------------------------
    def _run(self, fmt: str, output: Path) -> str:
        """Render once in a subprocess; returns "" or the one-line error."""
        cmd = [sys.executable, "-m", "nnviz_delivery.cli", "render", self.name]
        for s in self.sets:
            cmd += ["--set", s]
        cmd += ["--format", fmt, "--quality", self.quality, "--output", str(output)]
        self.proc = subprocess.Popen(
            cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        try:
            _, err = self.proc.communicate(timeout=RENDER_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.communicate()
            return f"render took longer than {RENDER_TIMEOUT} s"
        finally:
            code, self.proc = self.proc.returncode, None
        return summarize_error(err) if code != 0 else ""

    def render_once(self) -> bool:
        """Final frame, then the clip; the page refreshes after each. True if both worked."""
        self.out_dir.mkdir(parents=True, exist_ok=True)
        for fmt, file in (("png", "frame.png"), ("mp4", "clip.mp4")):
            t0 = time.perf_counter()
            self.error = self._run(fmt, self.out_dir / file)
            if self.error:
                stamp = time.strftime("%H:%M:%S")
                print(f"[{stamp}] {self.scene}: error: {self.error}", file=sys.stderr, flush=True)
                self.write_page()
                return False
            print(
                f"[{time.strftime('%H:%M:%S')}] {self.scene}: {file} in {time.perf_counter() - t0:.1f} s",
                flush=True,
            )
            self.write_page()
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
        for target, text in (
            (path, page),
            (
                self.out_dir / "version.js",
                f"nnvizWatch({json.dumps({'version': self.version, 'error': self.error})});\n",
            ),
        ):
            tmp = target.with_name(f".{target.name}.tmp")
            tmp.write_text(text)
            os.replace(tmp, target)
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
        paths = [getattr(event, "src_path", ""), getattr(event, "dest_path", "")]
        if getattr(event, "is_directory", False) or not any(p and self._relevant(p) for p in paths):
            return
        self.last_change = time.monotonic()
        self.changed.set()

    def run(self, preview: bool = False) -> int:
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
        observer.start()
        page = self.write_page()
        print(f"watching {scene_file}, nnviz_kit/ and nnviz/; preview: {page}", flush=True)
        if preview:
            if has_display():
                webbrowser.open(page.as_uri())
            else:
                print(f"no display here; open {page} in a browser", flush=True)
        try:
            self.render_once()
            while True:
                if not self.changed.wait(timeout=0.5):
                    continue
                while time.monotonic() - self.last_change < DEBOUNCE:
                    time.sleep(DEBOUNCE / 3)
                self.changed.clear()
                self.render_once()
        except KeyboardInterrupt:
            if self.proc is not None:
                self.proc.terminate()
            print("stopped watching", file=sys.stderr)
            return 0
        finally:
            observer.stop()
            observer.join(timeout=5)


def watch(name: str, sets: Sequence[str], quality: str = "low", preview: bool = False) -> int:
    """Run the watcher until Ctrl-C; returns the exit status."""
    return Watcher(name, sets, quality).run(preview)
