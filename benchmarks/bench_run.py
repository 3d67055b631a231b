"""End-to-end cost of ``fundsim run`` on the default province, as a user sees it: a fresh
process each time (start-up, simulation, results.nc, the CSV tables, the charts, report.html).

Times ``fundsim run`` (PNG charts and report), ``fundsim run --no-plots`` (data files only)
and ``fundsim run --paths N`` (``--paths 0``: not) in a scratch folder, each run once untimed
first (a warm font cache and a warm disk cache: the first run after installing may take
longer), then the median of ``--repeat`` runs: wall clock, and the CPU time of the command and
the processes it forks (less moved by other work on the machine than the wall clock, and the
measure of what the run costs a busy machine). Beside them, measured in the same run, the
floors no run goes under: ``python -c pass``, the imports every run makes before any work
(numpy, pandas, xarray, pydantic, typer, rich), the same with Matplotlib (a run with charts),
and for each case its CPU time shared out over the machine's CPUs. ``--baseline DIR`` also
times another source tree of fundsim (e.g. ``git archive HEAD | tar -x -C DIR``) with the same
Python, the two run in turn so that the load of a shared machine falls on both alike.

    python benchmarks/bench_run.py [--repeat 5] [--paths 2000] [--baseline DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_startup import times as fresh_process_times  # noqa: E402
from warm_bytecode import compile_tree  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
#: What the installed ``fundsim`` script runs, so that PYTHONPATH picks the source tree.
COMMAND = "import sys; from fundsim.cli.app import main; sys.exit(main())"
#: The floors: what a fresh process costs before fundsim does anything.
FLOORS = {
    "python -c pass": "pass",
    "imports of every run": "import numpy, pandas, xarray, pydantic, typer, rich",
    "the same and Matplotlib": "import numpy, pandas, xarray, pydantic, typer, rich, "
                               "matplotlib.figure, matplotlib.backends.backend_agg",
}


def timed_run(source: Path, args: list[str], folder: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds (the process and its children) of one ``fundsim run``."""
    env = {**os.environ, "PYTHONPATH": str(source)}
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", COMMAND, "run", *args, "--out", str(folder / "out"),
                    "--force"], check=True, capture_output=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime + after.ru_stime) - (cpu.ru_utime + cpu.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--paths", type=int, default=2000, help="0: no stochastic case")
    parser.add_argument("--baseline", type=Path, default=None,
                        help="another fundsim source tree, timed in turn with this one")
    args = parser.parse_args()
    cases = {"run": [], "run --no-plots": ["--no-plots"]}
    if args.paths > 1:
        cases[f"run --paths {args.paths}"] = ["--paths", str(args.paths)]
    trees = {"this tree": ROOT, **({"baseline": args.baseline.resolve()} if args.baseline
                                   else {})}
    for source in trees.values():
        print(compile_tree(source))
    times: dict[tuple[str, str], list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for case, extra in cases.items():
            for source in trees.values():
                timed_run(source, extra, folder)  # warm: font cache, disk cache
            for _ in range(args.repeat):
                for tree, source in trees.items():
                    times.setdefault((case, tree), []).append(timed_run(source, extra, folder))
    print(f"fundsim run, default province (14 regions × 60 months): medians of {args.repeat} "
          "fresh processes after one warm-up run each, wall clock (min–max) and CPU time of "
          "the process and its children; measured on this machine now")
    cpus_here = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    for case in cases:
        cells = []
        for tree in trees:
            walls = [wall for wall, _ in times[(case, tree)]]
            cpus = [cpu for _, cpu in times[(case, tree)]]
            cells.append(f"{tree} {statistics.median(walls):5.2f} s ({min(walls):.2f}–"
                         f"{max(walls):.2f}), CPU {statistics.median(cpus):5.2f} s "
                         f"(÷ {cpus_here} CPUs: {statistics.median(cpus) / cpus_here:.2f} s)")
        print(f"  {case:16s} " + "   ".join(cells))
    print("floors (fresh processes, medians, measured now):")
    for label, code in FLOORS.items():
        median = fresh_process_times([sys.executable, "-c", code], args.repeat)[0]
        print(f"  {label:<26s} {median:6.3f} s")


if __name__ == "__main__":
    main()
