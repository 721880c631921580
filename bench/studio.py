"""Studio latency benchmark (``make bench-studio``): edit -> new image, end to end over HTTP.

A studio runs in this process on a free local port (one warm worker). Each sample is what the
page does after an edit: ``POST /api/frame`` with new numbers (nothing comes from the result
cache), then ``GET`` of the PNG it names. Reported per scene: median and p95 of ``--runs``
samples after ``--warmup`` edits, for LinearMap (goal: median <= 0.4 s) and the slowest
scene, TrainingProgress. Figures depend on the machine's load.

Usage: ``python bench/studio.py [--runs 20] [--warmup 2] [--scenes LinearMap TrainingProgress]``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.preview import fresh_params  # noqa: E402

GOAL = 0.4  # s, LinearMap's median


def new_params(cls: type, k: int) -> dict:
    """New numbers for edit ``k``: nudged floats, else the ``k``-th whole number in range."""
    params = fresh_params(cls, k)
    if params:
        return params
    for p in cls.PARAMS:
        if p.kind == "number" and getattr(p, "integer", False):
            low, high = int(p.minimum), int(p.maximum)
            return {p.name: low + k % (high - low + 1)}
    raise SystemExit(f"{cls.__name__} has no numeric parameter to change")


def edit(port: int, scene: str, params: dict) -> float:
    """Seconds from sending the edit to holding the new PNG."""
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    body = json.dumps({"scene": scene, "params": params})
    conn.request("POST", "/api/frame", body, {"Content-Type": "application/json"})
    reply = conn.getresponse()
    data = json.loads(reply.read())
    if reply.status != 200 or data.get("cached"):
        raise SystemExit(f"{scene}: {reply.status} {data}")
    conn.request("GET", data["png"])
    png = conn.getresponse().read()
    conn.close()
    if not png.startswith(b"\x89PNG"):
        raise SystemExit(f"{scene}: {data['png']} is not a PNG")
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--scenes", nargs="+", default=["LinearMap", "TrainingProgress"])
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="nnviz-bench-studio-") as tmp:
        os.environ["NNVIZ_BUILD"] = str(Path(tmp) / "build")  # an empty result cache
        os.environ["NNVIZ_RENDERS"] = str(Path(tmp) / "renders")
        from nnviz_delivery.studio.server import Background
        from scenes import registry

        studio = Background(workers=1, warm=True)
        try:
            print(f"edit -> new image over HTTP, {args.runs} runs after {args.warmup} warm-up")
            k = 0
            for scene in args.scenes:
                cls = registry.get(scene)
                times = []
                for i in range(args.warmup + args.runs):
                    k += 1
                    took = edit(studio.port, scene, new_params(cls, k))
                    if i >= args.warmup:
                        times.append(took)
                times.sort()
                median = statistics.median(times)
                p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
                goal = f"  (goal <= {GOAL} s)" if scene == "LinearMap" else ""
                print(f"  {scene:<18} median {median:.3f} s  p95 {p95:.3f} s{goal}", flush=True)
        finally:
            studio.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
