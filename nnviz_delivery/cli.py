"""``python -m scenes``: list scenes, render one with your own numbers, build lectures and blog kits.

Bad input exits with status 2 and one line on stderr; nothing is written to ``renders/``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from nnviz_delivery.media import MediaError
from nnviz_delivery.render import FORMATS, QUALITIES, ROOT, RenderError
from nnviz_kit.params import ParamError, split_assignments, to_jsonable, validate_params

# The registry (and with it Manim, ~2 s) is imported only by commands that need scenes, so
# `summary` and `assemble` start in a fraction of a second.
_STARTED = time.perf_counter()

__all__ = ["main"]


class UsageError(Exception):
    """Bad command-line input: reported in one line with exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m scenes", description=__doc__.splitlines()[0])
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

    lec = sub.add_parser("lectures", help="build every lecture (runs `make lectures`)")
    lec.add_argument("--quality", default="low", choices=tuple(QUALITIES))
    lec.add_argument("-j", "--jobs", type=int, default=1, help="parallel renders")

    mk = sub.add_parser("makefile", help="write the make fragment for the lectures (make uses it)")
    mk.add_argument("--output", type=Path, required=True)

    asm = sub.add_parser("assemble", help="join a lecture's rendered clips (make uses it)")
    asm.add_argument("slug")

    sm = sub.add_parser("summary", help="summarise a make run (make uses it)")
    sm.add_argument("--since", type=Path, required=True, help="a file touched when the run began")
    sm.add_argument("--blog", action="store_true", help="summarise blog-all instead")
    _add_interactive_commands(sub)
    return p


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--params-json", type=Path, help="parameters from a JSON object file")
    p.add_argument("--progress", metavar="K/N", help="print one progress line instead of the path")


def _params(args: argparse.Namespace, cls: type) -> dict[str, Any]:
    given: dict[str, Any] = {}
    if args.params_json is not None:
        try:
            given.update(json.loads(args.params_json.read_text()))
        except (OSError, ValueError) as exc:
            raise UsageError(f"cannot read --params-json {args.params_json}: {exc}") from None
    for text in args.set:
        given.update(split_assignments(text))
    return validate_params(cls.PARAMS, given, scene=cls.__name__)


def _progress(label: str, name: str, quality: str) -> None:
    print(f"[{label}] {name} ({quality}) {time.perf_counter() - _STARTED:.1f} s", flush=True)


# -- gallery and live preview (scenes/gallery.py, scenes/watch.py) ---------------------------
def _add_interactive_commands(sub: argparse._SubParsersAction) -> None:
    g = sub.add_parser("gallery", help="write renders/index.html and a player page per lecture")
    g.add_argument("--open", action="store_true", help="open it in a browser if a display exists")
    w = sub.add_parser("watch", help="re-render a scene on every save; a preview page reloads")
    w.add_argument("name", help="scene name (see `list`) or path/to/file.py:ClassName")
    w.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="as in render")
    w.add_argument("--quality", default="low", choices=tuple(QUALITIES), help="for the clip")
    w.add_argument("--preview", action="store_true", help="open the preview page (or print it)")
    w.set_defaults(params_json=None)


def _interactive(args: argparse.Namespace) -> int:
    if args.command == "gallery":
        from nnviz_delivery.gallery import build_gallery
        from nnviz_delivery.watch import has_display

        index = build_gallery()
        if args.open and has_display():
            import webbrowser

            webbrowser.open(index.as_uri())
        print(index)
        return 0
    from nnviz_delivery.watch import watch

    if ".py:" not in args.name:  # registered scenes: check the parameters before watching
        from scenes import registry

        _params(args, registry.get(args.name))
    return watch(args.name, args.set, args.quality, args.preview)


def _list(as_json: bool) -> None:
    from scenes import registry

    data = {
        name: {
            "title": cls.TITLE,
            "module": cls.__module__,
            "params": {
                p.name: {
                    "kind": p.kind,
                    "expected": p.expected(),
                    "default": to_jsonable(p.default),
                }
                for p in cls.PARAMS
            },
        }
        for name, cls in registry.scenes().items()
    }
    if as_json:
        print(json.dumps(data, indent=2))
        return
    for name, cls in registry.scenes().items():
        print(f"{name}  ({cls.__module__})  {cls.TITLE}")
        for p in cls.PARAMS:
            print(f"    {p.describe()}")


def _render(args: argparse.Namespace) -> None:
    from nnviz_delivery.render import render
    from scenes import registry

    cls = registry.get(args.name)
    params = _params(args, cls)
    if args.format == "storyboard":  # a folder of stills, a strip and storyboard.json
        from nnviz_delivery.preview.storyboard import render_storyboard

        print(render_storyboard(cls, params, args.quality, args.output))
        return
    if args.output is not None and args.output.suffix != f".{args.format}":
        raise UsageError(f"--output must end in .{args.format} for --format {args.format}")
    out = render(cls, params, args.quality, args.format, args.output)
    for problem in json.loads(out.with_suffix(".json").read_text()).get("layout_problems", []):
        print(f"warning: layout: {out.name}: {problem}", file=sys.stderr)
    if args.progress:
        _progress(args.progress, cls.__name__, args.quality)
    else:
        print(out)


def _blog(args: argparse.Namespace) -> None:
    from nnviz_delivery.blog import build_kit
    from scenes import registry

    cls = registry.get(args.name)
    out = build_kit(cls, _params(args, cls), args.quality, args.output_dir)
    if args.progress:
        _progress(args.progress, f"{cls.__name__} blog kit", args.quality)
    else:
        print(out)


def _lectures(quality: str, jobs: int) -> int:
    cmd = ["make", "--no-print-directory", f"-j{jobs}", "lectures", f"QUALITY={quality}"]
    return subprocess.run(cmd, cwd=ROOT, env=os.environ).returncode


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
        elif args.command == "lectures":
            return _lectures(args.quality, args.jobs)
        elif args.command in ("gallery", "watch"):
            return _interactive(args)
        elif args.command == "makefile":
            from nnviz_delivery.lecture_build import write_makefile

            write_makefile(args.output)
        elif args.command == "assemble":
            from nnviz_delivery.lecture_build import assemble

            out = assemble(args.slug)
            data = json.loads(out.with_name("lecture.json").read_text())
            print(
                f"lecture {args.slug}: {len(data['scenes'])} chapters,"
                f" {data['duration']:.1f} s -> {out}"
            )
        elif args.command == "summary":
            from nnviz_delivery.lecture_build import summary

            print(summary(args.since, blog=args.blog))
    except (UsageError, ParamError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (RenderError, MediaError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; nothing partial was left in renders/", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
