"""``nnviz``: list scenes, render one with your own numbers, build lectures and blog kits.

``python -m scenes`` is an alias.

Bad input (arguments, ``--set`` values, ``--params-json`` files, scene files, output locations)
exits with status 2 and one line on stderr starting ``error:``; it is refused before anything
is rendered, so nothing is written to ``renders/``, ``build/`` or ``--output``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from nnviz_delivery.farm import FarmError, scheduler_address
from nnviz_delivery.media import MediaError
from nnviz_delivery.render import FORMATS, QUALITIES, RenderError
from nnviz_kit.params import ParamError, short, split_assignments

# The registry (and with it Manim, ~2 s) is imported only by commands that need scenes, so
# `summary` and `assemble` start in a fraction of a second.
_STARTED = time.perf_counter()

__all__ = ["main", "MAX_PARAMS_JSON"]

#: Largest ``--params-json`` file read (bytes): parameters of any scene fit in a few kilobytes.
MAX_PARAMS_JSON = 1_000_000


class UsageError(Exception):
    """Bad command-line input: reported in one line with exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="nnviz", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    ls = sub.add_parser("list", help="every scene with its parameters and defaults")
    ls.add_argument("--json", action="store_true", help="machine-readable output")

    r = sub.add_parser("render", help="render one scene into renders/clips/NAME/")
    r.add_argument("name", help="scene name (see `list`) or path/to/file.py:ClassName")
    r.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a parameter, e.g. --set 'matrix=[[2,1],[1,3]]' (repeatable)",
    )
    r.add_argument("--quality", default="low", choices=tuple(QUALITIES))
    r.add_argument("--format", default="mp4", choices=(*FORMATS, "storyboard"))
    r.add_argument("--output", type=Path, help="output file (default renders/clips/NAME/...)")
    _add_common(r)

    b = sub.add_parser("blog", help="render one scene into a blog embed kit in renders/blog/")
    b.add_argument("name", help="scene name (see `list`) or path/to/file.py:ClassName")
    b.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
    b.add_argument("--quality", default="medium", choices=tuple(QUALITIES))
    b.add_argument("--output-dir", type=Path, help="kit folder (default renders/blog/<clip>/)")
    _add_common(b)

    e = sub.add_parser("explorable", help="one number at 2-9 values, with a slider page")
    e.add_argument("name", help="scene name (see `list`) or path/to/file.py:ClassName")
    e.add_argument("--param", required=True, help="the number parameter to explore")
    e.add_argument("--values", required=True, help="its values as JSON, e.g. '[1, 2, 3]'")
    e.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
    e.add_argument("--quality", default="low", choices=tuple(QUALITIES))
    e.add_argument("--output-dir", type=Path, help="default renders/explorables/<clip>-<param>/")
    _add_common(e)

    lec = sub.add_parser("lectures", help="build every lecture (runs `make lectures`)")
    lec.add_argument("--quality", default="low", choices=tuple(QUALITIES))
    lec.add_argument("-j", "--jobs", type=int, help="parallel renders (default: every core)")

    mk = sub.add_parser("makefile", help="write the make fragment for the lectures (make uses it)")
    mk.add_argument("--output", type=Path, required=True)

    asm = sub.add_parser("assemble", help="join a lecture's rendered clips (make uses it)")
    asm.add_argument("slug")

    fa = sub.add_parser("farm", help="ask the render farm (make uses it)")
    fa.add_argument("what", choices=["threads"], help="threads: the cluster's worker threads")
    _add_scheduler(fa)

    sm = sub.add_parser("summary", help="summarise a make run (make uses it)")
    sm.add_argument("--since", type=Path, required=True, help="a file touched when the run began")
    sm.add_argument("--blog", action="store_true", help="summarise blog-all instead")
    _add_interactive_commands(sub)
    return p


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--params-json", type=Path, help="parameters from a JSON object file")
    p.add_argument("--progress", metavar="K/N", help="print one progress line instead of the path")
    _add_scheduler(p)


def _add_scheduler(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--scheduler",
        metavar="tcp://HOST:8786",
        help="render on this Dask cluster (default $NNVIZ_SCHEDULER; none: render here)",
    )


def _renderer(args: argparse.Namespace) -> Any:
    """``render`` here, or its farm twin when a scheduler is given (only then is Dask imported)."""
    address = scheduler_address(args.scheduler)
    if address is None:
        from nnviz_delivery.render import render

        return render
    from functools import partial

    from nnviz_delivery.farm.client import render_remote

    return partial(render_remote, address)


def _params(args: argparse.Namespace, cls: type) -> dict[str, Any]:
    """The scene's validated parameters from ``--params-json`` and ``--set`` (each name once)."""
    return cls.validate(_given(args))


def _given(args: argparse.Namespace) -> dict[str, Any]:
    """The raw values given, by name; a name given twice (file or ``--set``) is an error."""
    given: dict[str, Any] = {}
    if args.params_json is not None:
        given = _read_params_json(args.params_json)
    for text in args.set:
        for key, value in split_assignments(text).items():
            if key in given:
                raise UsageError(f"{key} is given twice; give each parameter once")
            given[key] = value
    return given


def _read_params_json(path: Path) -> dict[str, Any]:
    """A JSON object from ``path``; any other content is one clear error."""
    where = f"--params-json {path}"
    try:
        if not path.is_file():
            what = "is a folder" if path.is_dir() else "is not a regular file"
            raise UsageError(f"{where}: {what if path.exists() else 'no such file'}")
        if path.stat().st_size > MAX_PARAMS_JSON:
            raise UsageError(f"{where}: larger than {MAX_PARAMS_JSON} bytes")
        text = path.read_bytes().decode("utf-8-sig")  # a byte-order mark is harmless
    except UnicodeDecodeError:
        raise UsageError(f"{where}: not UTF-8 text") from None
    except (OSError, ValueError) as exc:
        raise UsageError(f"{where}: {_reason(exc)}") from None

    def unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out:
                raise UsageError(f"{where}: {short(key)} is given twice; give each parameter once")
            out[key] = value
        return out

    try:
        data = json.loads(text, object_pairs_hook=unique)
    except RecursionError:
        raise UsageError(f"{where}: nested too deeply") from None
    except ValueError as exc:
        raise UsageError(f"{where}: not JSON ({_reason(exc)})") from None
    if not isinstance(data, dict):
        raise UsageError(
            f'{where}: must hold a JSON object like {{"matrix": [[2, 1], [1, 3]]}},'
            f" got {type(data).__name__ if data is not None else 'null'}"
        )
    return data


def _reason(exc: BaseException) -> str:
    """An exception's message on one line (an OSError's reason without the repeated path)."""
    text = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return " ".join(text.split())[:300] or type(exc).__name__


def _check_output_file(path: Path, flag: str) -> None:
    """Refuse an output file that could not be written, before rendering; nothing is created."""
    try:
        if path.is_dir():
            raise UsageError(f"{flag} {path} is a folder; give a file name")
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot write {flag} {path}: {_reason(exc)}") from None
    _check_folder(path.parent, flag, path)


def _check_folder(folder: Path, flag: str, shown: Path | None = None) -> None:
    """``folder`` exists as a writable folder or can be made: else one clear :class:`UsageError`.

    The nearest existing ancestor must be a folder where a file can be created; this is tried
    with a temporary file that is removed at once (so ``/proc``, read-only mounts and paths
    under a file are caught even when running as root).
    """
    shown = shown or folder
    try:
        existing = folder
        while not os.path.lexists(existing) and existing != existing.parent:
            existing = existing.parent  # a dangling symlink stops here: it is not a folder
        if not existing.is_dir():
            raise UsageError(f"cannot write {flag} {shown}: {existing} is not a folder")
        name = shown.name or "x"
        fd, probe = tempfile.mkstemp(dir=existing, prefix=f".{name}.", suffix=".part")
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot write {flag} {shown}: {_reason(exc)}") from None
    os.close(fd)
    Path(probe).unlink(missing_ok=True)


def _check_workspace() -> None:
    """The build folder (staging and caches) must be writable before a render starts."""
    from nnviz_delivery.paths import build_dir

    _check_folder(build_dir(), "the build folder (NNVIZ_BUILD)")


def _progress(label: str, name: str, quality: str) -> None:
    print(f"[{label}] {name} ({quality}) {time.perf_counter() - _STARTED:.1f} s", flush=True)


def _finished(args: argparse.Namespace, what: str, out: Path) -> None:
    """The last line of a render: make's progress line (``--progress K/N``), else the path."""
    if args.progress:
        _progress(args.progress, what, args.quality)
    else:
        print(out)


# -- gallery and live preview (nnviz_delivery/gallery.py, nnviz_delivery/watch.py) -----------
def _add_interactive_commands(sub: argparse._SubParsersAction) -> None:
    g = sub.add_parser("gallery", help="write renders/index.html and a player page per lecture")
    g.add_argument("--open", action="store_true", help="open it in a browser if a display exists")
    w = sub.add_parser("watch", help="re-render a scene on every save; a preview page reloads")
    w.add_argument("name", help="scene name (see `list`) or path/to/file.py:ClassName")
    w.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="as in render")
    w.add_argument("--quality", default="low", choices=tuple(QUALITIES), help="for the clip")
    w.add_argument("--preview", action="store_true", help="open the preview page (or print it)")
    w.set_defaults(params_json=None)
    st = sub.add_parser("studio", help="a local web app: change a scene's numbers in the browser")
    st.add_argument("--port", type=int, default=8000, help="0: any free port")
    st.add_argument("--host", default="127.0.0.1", help="listen address (default: this machine)")
    st.add_argument("--workers", type=int, help="render workers (default: one per core)")
    st.add_argument("--cache-limit", type=int, default=2 * 1024**3, metavar="BYTES")
    _add_scheduler(st)  # clips, blog kits and explorables go there; frames stay here


def _studio(args: argparse.Namespace) -> int:
    from nnviz_delivery.studio.server import StudioError, serve

    if args.workers is not None and args.workers < 1:
        raise UsageError(f"--workers must be at least 1, got {args.workers}")
    if args.cache_limit < 0:
        raise UsageError(f"--cache-limit must be at least 0, got {args.cache_limit}")
    _check_workspace()
    farm = None
    address = scheduler_address(args.scheduler)
    if address is not None:
        from nnviz_delivery.farm.client import threads
        from nnviz_delivery.studio.farm_jobs import FarmJobs

        print(f"nnviz studio: long jobs go to {address} ({threads(address)} worker threads)")
        farm = FarmJobs(address)
    workers = args.workers or os.cpu_count() or 1
    try:
        return serve(args.host, args.port, workers, args.cache_limit, runner=farm)
    except StudioError as exc:
        raise UsageError(str(exc)) from None


def _interactive(args: argparse.Namespace) -> int:
    from nnviz_delivery.paths import renders_dir

    if args.command == "gallery":
        _check_folder(renders_dir(), "the renders folder (NNVIZ_RENDERS)")
        from nnviz_delivery.gallery import build_gallery
        from nnviz_delivery.watch import has_display

        index = build_gallery()
        if args.open and has_display():
            import webbrowser

            webbrowser.open(index.as_uri())
        print(index)
        return 0
    from nnviz_delivery.watch import watch
    from scenes import registry

    # Checked once before watching starts (a file scene must import now); later saves that
    # break the file are reported by the watcher, which keeps going.
    _params(args, registry.get(args.name))
    _check_folder(renders_dir(), "the renders folder (NNVIZ_RENDERS)")
    _check_workspace()
    return watch(args.name, args.set, args.quality, args.preview)


def _list(as_json: bool) -> None:
    from scenes import registry

    if as_json:
        print(json.dumps(registry.scene_specs(), indent=2, allow_nan=False))
        return
    for name, cls in registry.scenes().items():
        print(f"{name}  ({cls.__module__})  {cls.TITLE}")
        for p in cls.PARAMS:
            print(f"    {p.describe()}")


def _render(args: argparse.Namespace) -> None:
    if args.format == "storyboard" and args.scheduler:
        raise UsageError("--format storyboard renders on this machine; drop --scheduler")
    from scenes import registry  # light: the scene modules load on registry.get

    address = scheduler_address(args.scheduler)
    named = not registry.is_file_spec(args.name)
    if address and args.output and args.format != "storyboard" and named:
        _render_named_on_farm(args, address)
        return
    from nnviz_delivery.render import default_output

    cls = registry.get(args.name)
    params = _params(args, cls)
    if args.format == "storyboard":  # a folder of stills, a strip and storyboard.json
        _storyboard(args, cls, params)
        return
    output = _check_outputs(args, args.output or default_output(cls, params, args.format))
    out = _renderer(args)(cls, params, args.quality, args.format, output)
    _rendered(args, cls.__name__, out)


def _render_named_on_farm(args: argparse.Namespace, address: str) -> None:
    """A registered scene to a named output on the cluster (make's clips): the worker's own
    ``nnviz render`` validates the values (the same code: the task is stamped), so this
    process imports neither Manim nor the scenes, and costs the cluster's cores little."""
    from nnviz_delivery.farm.client import render_named

    output = _check_outputs(args, args.output)
    out = render_named(address, args.name, _given(args), args.quality, args.format, output)
    _rendered(args, args.name, out)


def _check_outputs(args: argparse.Namespace, output: Path) -> Path:
    """``output`` and its companions can be written (and ``--output`` fits ``--format``)."""
    if args.output is not None and args.output.suffix != f".{args.format}":
        raise UsageError(f"--output must end in .{args.format} for --format {args.format}")
    for path in (output, output.with_suffix(".json"), output.with_suffix(".srt")):
        _check_output_file(path, "--output" if args.output else "output")
    _check_workspace()
    return output


def _rendered(args: argparse.Namespace, name: str, out: Path) -> None:
    for problem in json.loads(out.with_suffix(".json").read_text()).get("layout_problems", []):
        print(f"warning: layout: {out.name}: {problem}", file=sys.stderr)
    _finished(args, name, out)


def _storyboard(args: argparse.Namespace, cls: type, params: dict[str, Any]) -> None:
    """``--format storyboard``: one still per animation, a strip and ``storyboard.json``."""
    from nnviz_delivery.preview.storyboard import render_storyboard, storyboard_dir
    from nnviz_delivery.render import default_output

    out_dir = args.output or storyboard_dir(default_output(cls, params, "png"))
    _check_folder(out_dir, "--output" if args.output else "storyboard folder")
    _check_workspace()
    _finished(
        args, f"{cls.__name__} storyboard", render_storyboard(cls, params, args.quality, out_dir)
    )


def _blog(args: argparse.Namespace) -> None:
    from nnviz_delivery.blog import KIT_FILES, build_kit, clip_name
    from nnviz_delivery.paths import renders_dir
    from scenes import registry

    cls = registry.get(args.name)
    params = _params(args, cls)
    out_dir = args.output_dir or renders_dir() / "blog" / clip_name(cls, params)
    _check_folder(out_dir, "--output-dir" if args.output_dir else "kit folder")
    for name in KIT_FILES:
        _check_output_file(out_dir / name, "--output-dir" if args.output_dir else "kit folder")
    _check_workspace()
    kit = build_kit(cls, params, args.quality, out_dir, renderer=_renderer(args))
    _finished(args, f"{cls.__name__} blog kit", kit)


def _explorable(args: argparse.Namespace) -> None:
    from nnviz_delivery.explorable import build_explorable, explorable_dir
    from scenes import registry

    cls = registry.get(args.name)
    params = _params(args, cls)
    try:
        values = json.loads(args.values)
    except ValueError as exc:
        raise UsageError(
            f"--values: not JSON ({_reason(exc)}); give a list like [1, 2, 3]"
        ) from None
    out_dir = args.output_dir or explorable_dir(cls, params, args.param)
    _check_folder(out_dir, "--output-dir" if args.output_dir else "explorable folder")
    _check_workspace()  # the values and the folder's content are checked before any render
    out = build_explorable(
        cls, params, args.param, values, args.quality, out_dir, renderer=_renderer(args)
    )
    _finished(args, f"{cls.__name__} explorable", out / "index.html")


def _lectures(quality: str, jobs: int | None) -> int:
    from nnviz_delivery.paths import checkout

    root = checkout()
    if root is None:  # installed: the lecture build is make-driven and lives in the checkout
        raise UsageError(
            "`nnviz lectures` runs make in a source checkout of nnviz: run it from a clone"
            " (`make lectures`); here, render single scenes with `nnviz render NAME`"
        )
    cmd = ["make", "--no-print-directory", *([f"-j{jobs}"] if jobs else []), "lectures"]
    cmd.append(f"QUALITY={quality}")
    return subprocess.run(cmd, cwd=root, env=os.environ).returncode


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit status (0 ok, 1 render failure, 2 bad input)."""
    try:
        args = _parser().parse_args(argv)
        if args.command == "list":
            _list(args.json)
        elif args.command == "render":
            _render(args)
        elif args.command == "blog":
            _blog(args)
        elif args.command == "explorable":
            _explorable(args)
        elif args.command == "lectures":
            if args.jobs is not None and args.jobs < 1:
                raise UsageError(f"-j/--jobs must be at least 1, got {args.jobs}")
            return _lectures(args.quality, args.jobs)
        elif args.command == "studio":
            return _studio(args)
        elif args.command in ("gallery", "watch"):
            return _interactive(args)
        elif args.command == "makefile":
            from nnviz_delivery.lecture_build import write_makefile

            _check_output_file(args.output, "--output")
            write_makefile(args.output)
        elif args.command == "assemble":
            from nnviz_delivery.lecture_build import assemble
            from nnviz_delivery.paths import build_dir

            manifest = build_dir() / "params" / args.slug / "lecture.json"
            if Path(args.slug).name != args.slug or not manifest.is_file():
                raise UsageError(
                    f"no lecture {args.slug!r} is prepared (no {manifest}); run make lectures"
                )
            out = assemble(args.slug)
            data = json.loads(out.with_name("lecture.json").read_text())
            print(
                f"lecture {args.slug}: {len(data['scenes'])} chapters,"
                f" {data['duration']:.1f} s -> {out}"
            )
        elif args.command == "farm":
            address = scheduler_address(args.scheduler)
            if address is None:
                raise UsageError(
                    "say which cluster: --scheduler tcp://HOST:8786 or NNVIZ_SCHEDULER"
                )
            from nnviz_delivery.farm.client import threads

            print(threads(address))
        elif args.command == "summary":
            from nnviz_delivery.lecture_build import summary

            if not args.since.exists():
                raise UsageError(f"--since {args.since}: no such file")
            print(summary(args.since, blog=args.blog))
    except (UsageError, ParamError) as exc:
        return _fail(str(exc), 2)
    except RecursionError:  # input nested beyond what any check could reach
        return _fail("input nested too deeply", 2)
    except (RenderError, MediaError, FarmError) as exc:
        return _fail(str(exc), 1)
    except KeyboardInterrupt:
        print("interrupted; nothing partial was left in renders/", file=sys.stderr)
        return 130
    except Exception as exc:  # a failure no check foresaw: still one line, never a traceback
        return _fail(f"{type(exc).__name__}: {_reason(exc)}", 1)
    return 0


def _fail(message: str, status: int) -> int:
    """Print ``error: message`` as exactly one line on stderr; return ``status``."""
    print(f"error: {' '.join(message.split())}", file=sys.stderr, flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
