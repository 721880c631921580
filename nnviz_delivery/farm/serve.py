"""A warm render process for a farm worker: ``nnviz`` commands, one at a time, over a pipe.

``python -m nnviz_delivery.farm.serve`` reads one JSON line per job from stdin (the argument
list of an ``nnviz`` command), runs :func:`nnviz_delivery.cli.main` with it (the very code a
local ``nnviz render`` runs) and writes one JSON line back: ``{"status": int, "stderr": str}``.
Manim is imported once, not once per clip. Anything printed goes to stderr: stdout carries
only the replies.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys

__all__ = ["main"]


def main() -> None:
    """Serve jobs until stdin closes."""
    replies = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # Manim, ffmpeg or a scene printing must not corrupt the replies
    sys.stdout = sys.stderr
    from nnviz_delivery.cli import main as nnviz

    for line in sys.stdin:
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            status = nnviz(json.loads(line))  # its stdout (the output's path) is not needed
        replies.write(json.dumps({"status": status, "stderr": err.getvalue()}) + "\n")
        replies.flush()


if __name__ == "__main__":
    main()
