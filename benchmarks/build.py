"""Benchmark: cold build of the whole poster, peak memory, and raw `dot -Tjson` time, side by side.

Run: make bench   (or .venv/bin/python benchmarks/build.py [POSTER_DIR] [--repeat N])
Targets (a 2-core machine): the whole poster in under 1 s.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 1.0


def _cold_build(poster: Path, out: Path) -> tuple[float, float]:
    """Wall time and peak RSS (MiB) of `posterbuild build` in a fresh interpreter."""
    code = ("import resource, sys, time; t = time.perf_counter(); "
            "from posterbuild.cli import main; rc = main(sys.argv[1:]); "
            "print('__bench__', time.perf_counter() - t, "
            "resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "
            "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(rc)")
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code, "build", str(poster), "-o", str(out)],
                          capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"build failed:\n{proc.stderr}")
    line = next(l for l in proc.stdout.splitlines() if l.startswith("__bench__"))
    _, _, self_kib, child_kib = line.split()
    return wall, max(int(self_kib), int(child_kib)) / 1024


def _dot_runs(gv_files: list[Path]) -> float:
    """Time of running `dot -Tjson` on each graph one after another."""
    start = time.perf_counter()
    for gv in gv_files:
        subprocess.run(["dot", "-Tjson", str(gv)], capture_output=True, check=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("poster", nargs="?", type=Path, default=ROOT / "data" / "lync2010")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from posterbuild import pipeline
    from posterbuild.graph.run_dot import dot_version

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "poster.pdf"
        cold = [_cold_build(args.poster, out) for _ in range(args.repeat)]
        walls = [w for w, _ in cold]
        peak = max(m for _, m in cold)
        loaded = pipeline.load(args.poster)
        warm = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            built = pipeline.build(loaded)
            warm.append(time.perf_counter() - t)
        gv = sorted(out.with_suffix("").glob("*.gv"))
        all_variants = Path(tmp) / "variants"
        all_variants.mkdir()
        from posterbuild.graph.dot_build import VARIANTS, plan_workload
        for w in loaded.poster.workloads:
            for v in VARIANTS:
                (all_variants / f"{w.id}.{v}.gv").write_text(plan_workload(loaded.poster, w, loaded.layout, v).dot)
        from posterbuild.output.preview import render_png
        from posterbuild.output.tiles import tile_pdf
        preview, tiling = [], []
        for _ in range(args.repeat):
            t = time.perf_counter()
            render_png(built.pdf, 72)
            preview.append(time.perf_counter() - t)
            t = time.perf_counter()
            _, tile_plan = tile_pdf(built.pdf, "letter", 10 * 72 / 25.4)
            tiling.append(time.perf_counter() - t)
        from posterbuild.web.site import DEFAULT_DPI, write_site
        t = time.perf_counter()
        site = write_site(loaded, built, Path(tmp) / "site", DEFAULT_DPI)
        web_time = time.perf_counter() - t
        dot_chosen = [_dot_runs(gv) for _ in range(args.repeat)]
        dot_all = [_dot_runs(sorted(all_variants.glob("*.gv"))) for _ in range(args.repeat)]

    med = statistics.median
    rows = [
        ("cold build (fresh process, median)", f"{med(walls):.3f} s", f"target < {TARGET_SECONDS:.1f} s"),
        ("cold build (best)", f"{min(walls):.3f} s", ""),
        ("in-process build, no writing (median)", f"{med(warm):.3f} s", "load excluded"),
        ("  of which Graphviz layout stage", f"{built.timings['layout']:.3f} s", "parallel, 2 workers"),
        ("  of which ReportLab compose", f"{built.timings['compose']:.3f} s", ""),
        (f"raw dot -Tjson, {len(gv)} chosen graphs, serial", f"{med(dot_chosen):.3f} s", ""),
        (f"raw dot -Tjson, all {len(VARIANTS)}x variants, serial", f"{med(dot_all):.3f} s", "what the build lays out"),
        ("peak memory (max RSS of process or dot)", f"{peak:.0f} MiB", ""),
        ("preview, whole sheet at 72 dpi (PDFium)", f"{med(preview):.3f} s", "3456 x 2592 px"),
        (f"tiling on letter, {tile_plan.columns}x{tile_plan.rows} tiles + map", f"{med(tiling):.3f} s", "vector"),
        (f"web site at {DEFAULT_DPI:g} dpi: {site.tiles} tiles, {site.levels} levels", f"{web_time:.3f} s",
         f"{site.width} x {site.height} px"),
    ]
    print(f"poster {args.poster.relative_to(ROOT) if args.poster.is_relative_to(ROOT) else args.poster}; "
          f"{dot_version()}; {os.cpu_count()} CPUs; {args.repeat} runs")
    width = max(len(r[0]) for r in rows)
    for name, value, note in rows:
        print(f"  {name:<{width}}  {value:>9}  {note}")
    ok = med(walls) < TARGET_SECONDS
    print("target met" if ok else "TARGET MISSED")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
