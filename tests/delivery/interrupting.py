"""Tools for interruption tests: hold a render midway, start jobs as a terminal would, wait on events.

A test that interrupts a render must not depend on how fast the machine is. So the render is
*held*: once Manim has played the scene, and before anything is joined or published, it writes
its pid to ``$NNVIZ_HOLD_DIR/<pid>`` and sleeps until a signal ends it. The test waits for that
file (an event), then interrupts; the render cannot have finished first.

``python -m tests.delivery.interrupting ARGS`` is ``nnviz ARGS`` with every render held (make
runs it as ``NNVIZ``); a scene file can call :func:`hold` itself.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

__all__ = ["HOLD_DIR", "hold", "held", "foreground", "wait_for", "main"]

#: The environment variable naming the folder where held renders announce themselves.
HOLD_DIR = "NNVIZ_HOLD_DIR"
HOLD = 300  # seconds; only a hang guard: the tests interrupt long before
_RESET = "import os, signal, sys\nfor s in (signal.SIGINT, signal.SIGTERM):\n    signal.signal(s, signal.SIG_DFL)\nos.execvp(sys.argv[1], sys.argv[1:])"


def hold() -> None:
    """Inside a render: announce this process in ``$NNVIZ_HOLD_DIR`` and sleep until signalled."""
    from nnviz.atomic import write_text

    write_text(Path(os.environ[HOLD_DIR]) / str(os.getpid()), f"{os.getpid()}\n")
    time.sleep(HOLD)


def held(folder: Path) -> list[int]:
    """The pids of the renders holding in ``folder`` so far."""
    return sorted(int(p.name) for p in folder.iterdir() if p.name.isdigit())


def foreground(args: Sequence[str]) -> list[str]:
    """``args`` run as a terminal runs a foreground job: SIGINT and SIGTERM at their defaults.

    A test runner started in the background by a script inherits SIGINT *ignored*, and make and
    Python keep it ignored; a Ctrl-C test run there would prove nothing (make would just finish).
    """
    return [sys.executable, "-c", _RESET, *args]


def wait_for(predicate: Callable[[], object], timeout: float, what: str) -> None:
    """Poll ``predicate`` until it is true; ``timeout`` is only a hang guard."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def main(argv: Sequence[str]) -> int:
    """``nnviz ARGS`` with every render held once its scene has been played."""
    from manim.manager import Manager

    from nnviz_delivery.cli import main as nnviz

    construct = Manager.construct

    def construct_and_hold(self: Manager) -> None:
        construct(self)
        hold()  # inside Manim's construct step: an interrupt aborts the encoders as in a real play

    Manager.construct = construct_and_hold
    return nnviz(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
