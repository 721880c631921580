"""Render-farm benchmark (``make bench-farm``): the cluster path's overhead, and a course estimate.

a) 8 low-quality clips built by ``make lectures`` twice per run: locally with ``-j2``, and
   through a 2-worker LocalCluster (``SCHEDULER=``, so -j comes from ``nnviz farm threads``),
   each from an empty renders folder with a warm LaTeX cache (and, on the cluster, warm render
   processes: one untimed run first, as on a farm that is up). Medians of ``--runs`` runs,
   alternating, and their ratio (goal: the cluster within 10% of local).
b) ``--course``: a paper estimate of the six lectures at 4K60 on 1, 8 and 64 workers. Each
   clip's length comes from its sidecar (final-frame renders, cheap); the cost of a video
   second at 4K60 is measured by rendering each ``--probes`` clip at ``--quality 4k`` (a
   light 2-D scene and a heavy 3-D one bracket the course); each clip then costs
   ``start + rate * length`` (``start``: a cold ``nnviz render`` of a still), and clips are
   placed on workers longest first (LPT), so the time is that schedule's makespan.

Usage: ``python bench/farm.py [--runs 3] [--course]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SCENES = ("LinearMap", "MatrixTimesVector", "Composition", "Determinant", "Inverse",
          "ChangeOfBasis", "DotProduct", "EigenSpan")  # fmt: skip
STAMP = ".venv/.nnviz-installed"  # the benchmark must not re-run setup


def _env(work: Path, renders: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    env.pop("NNVIZ_SCHEDULER", None)
    lectures = work / "l.toml"
    text = '[[lecture]]\nslug = "bench"\ntitle = "Bench"\n'
    lectures.write_text(text + "".join(f'\n  [[lecture.scene]]\n  name = "{s}"\n' for s in SCENES))
    return {**env, "NNVIZ_BUILD": str(work / "build"), "NNVIZ_RENDERS": str(work / renders),
            "NNVIZ_LECTURES": str(lectures), "PYTHONPATH": str(ROOT)}  # fmt: skip


def _make(work: Path, run: str, *args: str) -> float:
    """Wall seconds of ``make lectures ARGS`` into a fresh renders folder."""
    cmd = ["make", "--no-print-directory", "-o", STAMP, "lectures", "QUALITY=low", *args]
    t0 = time.perf_counter()
    out = subprocess.run(cmd, cwd=ROOT, env=_env(work, run), capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if out.returncode != 0:
        raise SystemExit(f"bench: {' '.join(cmd)} failed:\n{out.stdout}\n{out.stderr}")
    return wall


def compare(runs: int, work: Path, farm_jobs: list[str]) -> None:
    from distributed import LocalCluster

    env = {"NNVIZ_BUILD": str(work / "build")}
    print(f"a) {len(SCENES)} low-quality clips, make lectures; medians of {runs} runs")
    _make(work, "warm", "-j2")  # not timed: the LaTeX cache and the quality stamp
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", env=env
    ) as cluster:
        _make(work, "farm-warm", f"SCHEDULER={cluster.scheduler_address}")  # render processes
        local, farm = [], []
        for i in range(runs):
            local.append(_make(work, f"local-{i}", "-j2"))
            address = cluster.scheduler_address
            farm.append(_make(work, f"farm-{i}", f"SCHEDULER={address}", *farm_jobs))
    loc, far = statistics.median(local), statistics.median(farm)
    how = " ".join(farm_jobs) or "-j from the cluster"
    for label, med, runs_ in (("local make -j2", loc, local), (f"LocalCluster, {how}", far, farm)):
        print(f"   {label + ':':32s}{med:6.1f} s  (runs: {', '.join(f'{t:.1f}' for t in runs_)})")
    print(f"   {'cluster / local:':32s}{far / loc:6.2f}")


def _timed_render(work: Path, *args: str) -> float:
    env = {**os.environ, "NNVIZ_BUILD": str(work / "build"), "NNVIZ_RENDERS": str(work / "c")}
    env.pop("NNVIZ_SCHEDULER", None)
    cmd = [sys.executable, "-m", "nnviz_delivery.cli", "render", *args]
    t0 = time.perf_counter()
    out = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"bench: {' '.join(cmd)} failed:\n{out.stderr}")
    return time.perf_counter() - t0


def _lpt(costs: list[float], workers: int) -> float:
    """Makespan of longest-first placement of ``costs`` on ``workers`` (each takes the next)."""
    loads = [0.0] * workers
    for c in sorted(costs, reverse=True):
        loads[loads.index(min(loads))] += c
    return max(loads)


def course(work: Path, probes: list[str]) -> None:
    from nnviz_delivery.render import render
    from scenes import registry

    os.environ["NNVIZ_BUILD"] = str(work / "build")
    lengths = []
    for lec in registry.lectures():
        for i, item in enumerate(lec.scenes, 1):
            out = work / "course" / f"{lec.slug}-{i:02d}.png"
            render(registry.get(item.name), item.params, "low", "png", out)
            lengths.append(json.loads(out.with_suffix(".json").read_text())["duration"])
    start = _timed_render(work, "LinearMap", "--format", "png", "--output", str(work / "s.png"))
    print(
        f"b) course: {len(lengths)} clips, {sum(lengths):.1f} s of video (longest {max(lengths):.1f} s);"
    )
    print(f"   each clip costs {start:.1f} s (a cold still) + rate x its length; LPT on N workers")
    for scene in probes:
        probe = work / f"{scene}.mp4"
        fourk = _timed_render(work, scene, "--quality", "4k", "--output", str(probe))
        length = json.loads(probe.with_suffix(".json").read_text())["duration"]
        rate = (fourk - start) / length
        costs = [start + rate * d for d in lengths]
        times = ", ".join(f"{n} workers {_lpt(costs, n) / 3600:.2f} h" for n in (1, 8, 64))
        print(
            f"   rate of {scene} ({length:.1f} s at 4K60 in {fourk:.1f} s): {rate:.2f} s/s: {times}"
        )


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--course", action="store_true", help="also the 4K60 course estimate")
    p.add_argument("--skip-compare", action="store_true")
    p.add_argument(
        "--farm-jobs", type=int, help="make -j for the cluster path (default: its threads)"
    )
    p.add_argument("--probes", nargs="+", default=["LinearMap", "HessianSurface"],
                   help="scenes timed at 4K60 for the course estimate")  # fmt: skip
    args = p.parse_args()
    print(f"farm benchmark on {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory(prefix="nnviz-bench-farm-") as tmp:
        if not args.skip_compare:
            compare(args.runs, Path(tmp), [f"-j{args.farm_jobs}"] if args.farm_jobs else [])
        if args.course:
            course(Path(tmp), args.probes)
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
