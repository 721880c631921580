"""Render speed benchmark (``make bench``): medians of several runs, measured in one go.

a) ``LinearMap`` (``python -m scenes render``, a fresh process each run as ``make`` runs it)
   against a stock Manim CE ``LinearTransformationScene`` that applies the same matrix with the
   same run time and the same total duration (defined below, run the same way), at medium and
   high quality. ``LinearMap`` is timed twice: with our encoder settings (``nnviz_delivery/encoding.py``)
   and with Manim's own (``NNVIZ_ENCODER=stock``), the "before" of this project's tuning.
b) The encode floor: encoding the same number of frames, at the same size and rate, with PyAV
   and our encoder settings, without drawing: frames are decoded from our own render (so the
   encoder sees the real picture), and the decoding time, measured alone, is subtracted.
c) Seconds of render time per second of video for each lecture at low quality (one process
   per clip, as ``make lectures`` runs them).

Wall-clock time is the figure that matters; CPU time (user+sys of the child processes) is
printed beside it because it is steadier when other work shares the machine.

Usage: ``python bench/render.py [--runs 3] [--lecture-runs 1] [--qualities medium high]``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MATRIX = [[1, 3], [-2, 1]]
VECTOR = [7, 8]
DURATION = 9.5  # LinearMap's duration with these numbers


def stock_scene_class():
    """Manim's own LinearTransformationScene doing what LinearMap does, with the same timing."""
    from manim import (
        DOWN,
        LEFT,
        RIGHT,
        UL,
        FadeIn,
        LinearTransformationScene,
        MathTex,
        Matrix,
        VGroup,
        Write,
    )

    class StockLinearMap(LinearTransformationScene):
        def __init__(self, **kwargs):
            super().__init__(show_coordinates=True, leave_ghost_vectors=True, **kwargs)

        def construct(self):
            # LinearMap: create grid 1.5 s, grow vectors 1 s, panel 1 s, transform 3 s,
            # labels 1 s, wait 2 s (9.5 s). The stock scene draws its plane in setup.
            self.wait(1.5)
            self.add_vector(VECTOR)
            label = VGroup(MathTex("A ="), Matrix(MATRIX)).arrange(RIGHT).to_corner(UL)
            self.add_foreground_mobject(label)
            self.play(FadeIn(label))
            self.apply_matrix(MATRIX, run_time=3)
            det = MathTex(r"\det A = 7").next_to(label, DOWN, aligned_edge=LEFT)
            self.play(Write(det))
            self.wait(DURATION - self.renderer.time)  # LinearMap's 9.5 s

    return StockLinearMap


def _child_stock(quality: str, output: Path) -> None:
    """Render the stock scene (run in a child process, like our CLI)."""
    from manim import tempconfig

    from nnviz_delivery.render import QUALITIES, build_dir

    stage = Path(tempfile.mkdtemp(dir=output.parent))
    settings = {
        "quality": QUALITIES[quality],
        "media_dir": str(stage),
        "tex_dir": str(build_dir() / "cache" / "tex"),
        "output_file": output.stem,
        "disable_caching": True,
        "verbosity": "ERROR",
        "progress_bar": "none",
    }
    with tempconfig(settings):
        scene = stock_scene_class()()
        scene.render()
        Path(scene.renderer.file_writer.output_plan.primary_artifact).replace(output)


def _timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall s, child CPU s) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    out = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if out.returncode != 0:
        raise SystemExit(f"bench: {' '.join(cmd)} failed:\n{out.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _probe(path: Path) -> tuple[int, int, float, float, int]:
    import av

    with av.open(str(path)) as c:
        s = c.streams.video[0]
        frames = s.frames or sum(1 for _ in c.demux(s) if _.size)
        return (
            s.codec_context.width,
            s.codec_context.height,
            float(s.guessed_rate),
            float(s.duration * s.time_base),
            frames,
        )


def encode_floor(src: Path, options: dict[str, str]) -> float:
    """Seconds to encode ``src``'s frames (as RGBA arrays, as Manim hands them) with libx264."""
    import av

    def run(encode: bool) -> float:
        with av.open(str(src)) as inp, tempfile.TemporaryDirectory() as tmp:
            s = inp.streams.video[0]
            out = av.open(str(Path(tmp) / "floor.mp4"), "w")
            o = out.add_stream("libx264", rate=s.guessed_rate, options=options)
            o.width, o.height, o.pix_fmt = s.codec_context.width, s.codec_context.height, "yuv420p"
            t0 = time.perf_counter()
            for frame in inp.decode(s):
                rgba = frame.to_ndarray(format="rgba")
                if encode:
                    out.mux(o.encode(av.VideoFrame.from_ndarray(rgba, format="rgba")))
            if encode:
                out.mux(o.encode())
            elapsed = time.perf_counter() - t0
            out.close()
            return elapsed

    return max(0.0, run(True) - run(False))


def _median(xs: list[float]) -> float:
    return statistics.median(xs)


def bench_linear_map(qualities: list[str], runs: int, work: Path) -> None:
    from nnviz_delivery.encoding import X264

    env = {**os.environ, "NNVIZ_BUILD": str(work / "build"), "NNVIZ_RENDERS": str(work / "r")}
    py = sys.executable
    # Warm the LaTeX cache so no variant pays for compiling formulas.
    _timed([py, "-m", "scenes", "render", "LinearMap", "--format", "png"], env)
    _timed([py, __file__, "--child-stock", "low", str(work / "warm.mp4")], env)
    print("a) LinearMap against stock LinearTransformationScene; b) encode floor")
    print(f"   medians of {runs} runs; wall s (CPU s)")
    for q in qualities:
        times: dict[str, list[tuple[float, float]]] = {"ours": [], "before": [], "stock": []}
        outs = {k: work / f"{k}-{q}.mp4" for k in times}
        for _ in range(runs):  # interleaved, so a busy spell hits every variant
            cmd = [py, "-m", "scenes", "render", "LinearMap", "--quality", q, "--output"]
            times["ours"].append(_timed([*cmd, str(outs["ours"])], env))
            times["before"].append(
                _timed([*cmd, str(outs["before"])], {**env, "NNVIZ_ENCODER": "stock"})
            )
            times["stock"].append(
                _timed([py, __file__, "--child-stock", q, str(outs["stock"])], env)
            )
        med = {
            k: (_median([w for w, _ in v]), _median([c for _, c in v])) for k, v in times.items()
        }
        probes = {k: _probe(p) for k, p in outs.items()}
        floor_ours = _median([encode_floor(outs["ours"], X264[q]) for _ in range(runs)])
        floor_stock = _median([encode_floor(outs["ours"], {"crf": "23"}) for _ in range(runs)])
        for k, label in (
            ("ours", "LinearMap, our encoder settings"),
            ("before", "LinearMap, Manim's encoder defaults"),
            ("stock", "stock LinearTransformationScene"),
        ):
            w, h, fps, dur, n = probes[k]
            size = outs[k].stat().st_size / 1e6
            print(
                f"   {q:6s} {label:38s} {med[k][0]:6.1f} s ({med[k][1]:5.1f} s)"
                f"  {w}x{h}@{fps:g} {dur:.2f} s {n} frames {size:.1f} MB"
            )
        print(f"   {q:6s} ratio LinearMap / stock: {med['ours'][0] / med['stock'][0]:.2f}×"
              f" (before tuning: {med['before'][0] / med['stock'][0]:.2f}×)")  # fmt: skip
        print(
            f"   {q:6s} encode floor, our settings {X264[q]}: {floor_ours:.1f} s;"
            f" render / floor = {med['ours'][0] / floor_ours:.2f}×"
        )
        print(
            f"   {q:6s} encode floor, Manim defaults (crf 23, medium): {floor_stock:.1f} s;"
            f" before / floor = {med['before'][0] / floor_stock:.2f}×"
        )


def bench_lectures(runs: int, work: Path) -> None:
    from scenes import registry

    env = {**os.environ, "NNVIZ_BUILD": str(work / "build"), "NNVIZ_RENDERS": str(work / "r")}
    print(f"c) lectures at low quality, one process per clip; medians of {runs} runs")
    for lec in registry.lectures():
        totals, video = [], 0.0
        for _ in range(runs):
            total, video = 0.0, 0.0
            for i, item in enumerate(lec.scenes, 1):
                pfile = work / f"{lec.slug}-{i}.json"
                pfile.write_text(json.dumps(item.params))
                out = work / "lec" / f"{lec.slug}-{i:02d}.mp4"
                cmd = [sys.executable, "-m", "scenes", "render", item.name, "--output", str(out)]
                wall, _ = _timed([*cmd, "--params-json", str(pfile), "--quality", "low"], env)
                total += wall
                video += json.loads(out.with_suffix(".json").read_text())["duration"]
            totals.append(total)
        t = _median(totals)
        print(
            f"   {lec.slug:40s} {len(lec.scenes):2d} clips {video:6.1f} s of video"
            f" in {t:6.1f} s: {t / video:.2f} s per second"
        )


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--lecture-runs", type=int, default=1)
    p.add_argument("--qualities", nargs="+", default=["medium", "high"])
    p.add_argument("--skip-lectures", action="store_true")
    p.add_argument("--child-stock", nargs=2, metavar=("QUALITY", "OUTPUT"), help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child_stock:
        _child_stock(args.child_stock[0], Path(args.child_stock[1]))
        return
    print(f"render benchmark on {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory(prefix="nnviz-bench-") as tmp:
        work = Path(tmp)
        bench_linear_map(args.qualities, args.runs, work)
        if not args.skip_lectures:
            bench_lectures(args.lecture_runs, work)
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
