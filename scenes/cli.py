"""``python -m scenes``: list scenes, render one with your own numbers, render the lectures.

Bad input exits with status 2 and one line on stderr; nothing is written to ``renders/``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from scenes import registry
from scenes.params import ParamError, split_assignments, to_jsonable, validate_params
from scenes.render import FORMATS, QUALITIES, RenderError, render, renders_dir

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
    r.add_argument("--format", default="mp4", choices=FORMATS)
    r.add_argument("--output", type=Path, help="output file (default renders/clips/NAME/...)")

    lec = sub.add_parser("lectures", help="render every scene of every lecture")
    lec.add_argument("--quality", default="low", choices=tuple(QUALITIES))
    _add_interactive_commands(sub)
    return p


# -- gallery and live preview (scenes/gallery.py, scenes/watch.py) ---------------------------
def _add_interactive_commands(sub: argparse._SubParsersAction) -> None:
    g = sub.add_parser("gallery", help="write renders/index.html and a player page per lecture")
    g.add_argument("--open", action="store_true", help="open it in a browser if a display exists")
    w = sub.add_parser("watch", help="re-render a scene on every save; a preview page reloads")
    w.add_argument("name", help="scene name (see `list`) or path/to/file.py:ClassName")
    w.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="as in render")
    w.add_argument("--quality", default="low", choices=tuple(QUALITIES), help="for the clip")
    w.add_argument("--preview", action="store_true", help="open the preview page (or print it)")


def _interactive(args: argparse.Namespace) -> int:
    if args.command == "gallery":
        from scenes.gallery import build_gallery
        from scenes.watch import has_display

        index = build_gallery()
        if args.open and has_display():
            import webbrowser

            webbrowser.open(index.as_uri())
        print(index)
        return 0
    from scenes.watch import watch

    if ".py:" not in args.name:  # registered scenes: check the parameters before watching
        cls = registry.get(args.name)
        given: dict[str, str] = {}
        for text in args.set:
            given.update(split_assignments(text))
        validate_params(cls.PARAMS, given, scene=cls.__name__)
    return watch(args.name, args.set, args.quality, args.preview)


def _list(as_json: bool) -> None:
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
    cls = registry.get(args.name)
    given: dict[str, str] = {}
    for text in args.set:
        given.update(split_assignments(text))
    params = validate_params(cls.PARAMS, given, scene=cls.__name__)
    if args.output is not None and args.output.suffix != f".{args.format}":
        raise UsageError(f"--output must end in .{args.format} for --format {args.format}")
    out = render(cls, params, args.quality, args.format, args.output)
    for problem in json.loads(out.with_suffix(".json").read_text()).get("layout_problems", []):
        print(f"warning: layout: {problem}", file=sys.stderr)
    print(out)


def _lectures(quality: str) -> None:
    start = time.perf_counter()
    lectures = registry.lectures()
    total = sum(len(lec.scenes) for lec in lectures)
    done = 0
    for lec in lectures:
        for i, item in enumerate(lec.scenes, 1):
            done += 1
            t0 = time.perf_counter()
            cls = registry.get(item.name)
            out = renders_dir() / "lectures" / lec.slug / f"{i:02d}-{item.name}.mp4"
            render(cls, item.params, quality, "mp4", out)
            print(f"[{done}/{total}] {item.name} ({quality}) {time.perf_counter() - t0:.1f} s")
    print(f"{done} clips in {time.perf_counter() - start:.1f} s -> {renders_dir() / 'lectures'}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit status (0 ok, 1 render failure, 2 bad input)."""
    try:
        args = _parser().parse_args(argv)
        if args.command == "list":
            _list(args.json)
        elif args.command == "render":
            _render(args)
        elif args.command == "lectures":
            _lectures(args.quality)
        elif args.command in ("gallery", "watch"):
            return _interactive(args)
    except (UsageError, ParamError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except RenderError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; nothing partial was left in renders/", file=sys.stderr)
        return 130
    return 0
