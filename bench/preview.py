"""Preview speed benchmark (``make bench-preview``): warm engine against the cold CLI, in one run.

For every registered scene: the warm final frame through the preview engine (median of 5, new
valid parameters each time where the scene has numeric parameters, so nothing comes from the
result cache) beside the cold CLI (``nnviz render NAME --format png`` in a fresh process, as
before this engine existed, also with new parameters). Then the storyboard of LinearMap (median of 3, fresh parameters),
and the worker's RSS over 200 LinearMap renders (every 50), to show whether memory grows.

Goals (issue 13): <= 0.3 s for LinearMap and the lecture 1-2 scenes, <= 1.0 s for every scene,
LinearMap's storyboard <= 1.0 s, the worker under 600 MB RSS with no growth trend.
Figures depend on the machine's load; run it on a quiet machine to compare.

Usage: ``python bench/preview.py [--scenes LinearMap Neuron] [--runs 5] [--cli-runs 1]
[--rss-renders 200]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nnviz_delivery.preview import Engine, Job  # noqa: E402

#: The lecture 1-2 scenes (goal 0.3 s); every other scene has the 1.0 s goal.
FAST_GOAL, GOAL = 0.3, 1.0
LECTURE_12_MODULES = ("scenes.linear_maps", "scenes.dot_products", "scenes.projections")


def fresh_params(cls: type, k: int) -> dict[str, Any]:
    """Valid parameters that differ from the defaults (and from run ``k - 1``) where possible.

    Numeric defaults are nudged by ``0.01 * k`` relative; a nudge the scene rejects is dropped.
    """
    from nnviz_kit.params import ParamError, to_jsonable

    params: dict[str, Any] = {}
    for p in cls.PARAMS:
        if p.kind not in ("array", "number") or getattr(p, "integer", False):
            continue
        default = np.asarray(p.default, dtype=float)
        value = np.round(default * (1 + 0.01 * k) + 0.01 * k * (default == 0), 4)
        candidate = {**params, p.name: to_jsonable(value if value.ndim else float(value))}
        try:
            cls.validate(candidate)  # each alone and together (check_params)
        except ParamError:
            continue
        params = candidate
    return params


def warm_times(engine: Engine, name: str, cls: type, runs: int) -> tuple[list[float], str]:
    """Warm final-frame times with fresh parameters, or with the defaults and the result cache
    cleared before each run when the scene has no numeric parameter or rejects the nudges."""
    from nnviz_delivery.preview import PreviewError
    from nnviz_kit.workspace import build_dir

    if fresh_params(cls, 1):
        try:
            return [
                timed(lambda k=k: engine.run(Job(name, fresh_params(cls, k))))
                for k in range(1, runs + 1)
            ], ""
        except PreviewError:
            pass
    times = []
    for _ in range(runs):
        shutil.rmtree(build_dir() / "preview", ignore_errors=True)  # no cache hit
        times.append(timed(lambda: engine.run(Job(name, {}))))
    return times, "(default params, result cache cleared)"


def timed(fn: Any) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def cold_cli(name: str, params: dict[str, Any], runs: int, env: dict[str, str]) -> float:
    """Median wall time of ``nnviz render NAME --format png`` with ``params``, a fresh process each."""
    import json

    sets = [f"--set={k}={json.dumps(v)}" for k, v in params.items()]
    cmd = [sys.executable, "-m", "scenes", "render", name, "--format", "png", *sets]
    return statistics.median(
        timed(lambda: subprocess.run(cmd, cwd=ROOT, env=env, check=True, capture_output=True))
        for _ in range(runs)
    )


def rss_mb(pid: int) -> float:
    import psutil

    return psutil.Process(pid).memory_info().rss / 2**20


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenes", nargs="*", help="default: every registered scene")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--cli-runs", type=int, default=1)
    ap.add_argument("--rss-renders", type=int, default=200)
    args = ap.parse_args(argv)

    from scenes import registry

    names = args.scenes or list(registry.scenes())
    tmp = Path(tempfile.mkdtemp(prefix="nnviz-bench-preview-"))
    # Private folders: no result is a cache hit; each scene's warm-up render fills the TeX cache.
    os.environ["NNVIZ_BUILD"] = str(tmp / "build")
    os.environ["NNVIZ_RENDERS"] = str(tmp / "renders")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    rows = []
    with Engine() as engine:
        start = timed(engine.start)
        print(f"worker start-up (imports Manim and the scenes): {start:.2f} s", flush=True)
        print(f"{'scene':22} {'warm frame':>11} {'cold CLI':>9} {'goal':>6}  ok", flush=True)
        for name in names:
            cls = registry.get(name)
            engine.run(Job(name, {}))  # warm-up: typesets the fixed text once
            times, note = warm_times(engine, name, cls, args.runs)
            warm = statistics.median(times)
            cold = (  # --cli-runs 0 skips the cold CLI (nan)
                cold_cli(name, fresh_params(cls, 50) if not note else {}, args.cli_runs, env)
                if args.cli_runs
                else float("nan")
            )
            goal = FAST_GOAL if cls.__module__ in LECTURE_12_MODULES else GOAL
            rows.append((name, warm, cold, goal))
            print(
                f"{name:22} {warm:10.2f}s {cold:8.2f}s {goal:5.1f}s  {'yes' if warm <= goal else 'NO'}",
                flush=True,
            )

        cls = registry.get("LinearMap")
        engine.run(Job("LinearMap", {}, what="storyboard"))
        story = statistics.median(
            timed(
                lambda k=k: engine.run(
                    Job("LinearMap", fresh_params(cls, 100 + k), what="storyboard")
                )
            )
            for k in range(3)
        )
        print(f"storyboard LinearMap (median of 3): {story:.2f} s (goal 1.0 s)", flush=True)

        rng = np.random.default_rng(0)
        trend = []
        for i in range(1, args.rss_renders + 1):
            m = np.round(rng.uniform(-3, 3, (2, 2)), 3).tolist()
            engine.run(Job("LinearMap", {"matrix": m}))
            if i % 50 == 0 or i == 1:
                trend.append((i, rss_mb(engine.pid)))
        print("worker RSS after N renders: " + ", ".join(f"{i}: {mb:.0f} MB" for i, mb in trend))
    met = sum(warm <= goal for _, warm, _, goal in rows)
    print(f"{met}/{len(rows)} scenes meet their goal; results in {tmp}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
