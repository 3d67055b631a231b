"""Where the time of a run goes: each stage of ``fundsim run`` and ``fundsim sweep`` timed in
one process, beside baselines measured in the same run.

Stages: importing the command line (a fresh process each time, against ``python -c pass``),
loading the scenario, precomputing the engine's inputs, drawing the random paths, the engine,
assembling the results Dataset, writing results.nc, the CSV tables, the charts and the report
(and the report font's first-run cost);
for a sweep, the vectorised sweep and its files. The national case (350 synthetic regions ×
120 months × 1,000 paths, built as in bench_engine.py) times the stages up to the engine: its
full results would hold 10 GB of paths (a run keeps summaries: bench_national.py times it).
Medians of ``--repeat`` runs; the engine's baseline is a numpy copy of the same arrays.

    python benchmarks/bench_stages.py [--repeat 5] [--paths 2000]
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from bench_engine import synthetic_regions  # noqa: E402

#: Label prefix of what only the first run after installing pays (not in the totals).
FIRST_RUN = "first run only: "


def median_time(repeat: int, func: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def fresh_process(code: str) -> Callable[[], object]:
    return lambda: subprocess.run([sys.executable, "-c", code], check=True)


def run_stages(name: str, paths: int, repeat: int, folder: Path) -> list[tuple[str, float]]:
    """The stages of ``fundsim run`` in the library's order (fundsim.run.simulation); the
    report with a warm font cache (as every run after the first), and apart the cost of
    cutting the font subset the first run pays (with no cache folder)."""
    from fundsim.base.version import __version__
    from fundsim.inputs.scenario import load_scenario
    from fundsim.model.engine import run_engine
    from fundsim.model.inputs import build_inputs
    from fundsim.model.shocks import draws_for
    from fundsim.present.outputs import write_run
    from fundsim.present.report import fonts
    from fundsim.present.style import cjk_font_file
    from fundsim.run import files
    from fundsim.run.dataset import build_dataset
    from fundsim.run.simulation import prepare

    seed = 1 if paths > 1 else None
    scenario, regions = prepare(load_scenario(name))
    inp = build_inputs(scenario, regions)
    draws = draws_for(scenario, len(regions), paths, seed or 0)
    out = run_engine(inp, paths, **draws)
    ds = build_dataset(scenario, regions, inp, out, paths, seed, __version__)
    cells = ds.sizes["region"] * ds.sizes["month"] * paths
    record = {k: np.empty_like(v) for k, v in out.items()}
    write_run(ds, folder / "page", plots=False, report=True)
    page_chars = "".join(sorted(set((folder / "page" / "report.html").read_text("utf-8"))
                                | set(fonts._ALWAYS)))

    def copy() -> None:  # baseline: touch every recorded array once
        for key, value in out.items():
            np.copyto(record[key], value)

    stages = [
        ("load scenario", lambda: load_scenario(name)),
        ("engine inputs", lambda: build_inputs(scenario, regions)),
        ("random draws", lambda: draws_for(scenario, len(regions), paths, seed or 0)),
        ("engine (every variable)", lambda: run_engine(inp, paths, **draws)),
        ("baseline: numpy copy of its output", copy),
        ("results Dataset", lambda: build_dataset(scenario, regions, inp, out, paths, seed,
                                                  __version__)),
        ("results.nc", lambda: files.save_netcdf(ds, folder / "results.nc")),
        ("CSV tables", lambda: files.write_run_tables(ds, folder)),
        ("charts (PNG)", lambda: write_run(ds, folder / "charts", plots=True, report=False)),
        ("report.html", lambda: write_run(ds, folder / "report", plots=False, report=True)),
        (f"{FIRST_RUN}report font subset", lambda: fonts._make_subset(cjk_font_file(),
                                                                         page_chars)),
    ]
    print(f"\nfundsim run {name}, {paths} path(s): {cells / 1e6:.2f} M region-month-paths")
    return [(label, median_time(repeat, func)) for label, func in stages]


def sweep_stages(repeat: int, folder: Path) -> list[tuple[str, float]]:
    from fundsim.present.outputs import save_sweep
    from fundsim.run.sweep import Axis, sweep

    key = "policy.returns.ratio.sme"
    axis = [Axis(key, list(np.linspace(0.0, 1.0, 100)))]
    sweep("default", [Axis(key, [0.1, 0.2])], paths=8)  # warm caches
    ds = sweep("default", axis, paths=1000)
    print("\nfundsim sweep default, 100 values × 1,000 paths")
    return [("vectorised sweep", median_time(repeat, lambda: sweep("default", axis,
                                                                      paths=1000))),
            ("files + chart + report", median_time(repeat, lambda: save_sweep(ds, folder)))]


def national_stages(repeat: int) -> list[tuple[str, float]]:
    from fundsim.inputs.scenario import load_scenario
    from fundsim.model.engine import run_engine
    from fundsim.model.inputs import build_inputs
    from fundsim.model.shocks import draws_for

    scenario = dataclasses.replace(load_scenario("default"), months=120)
    regions = synthetic_regions(350)
    inp = build_inputs(scenario, regions)
    draws = draws_for(scenario, len(regions), 1000, 1)
    record = ("balance", "reserve_months")
    print("\nnational: 350 regions × 120 months × 1,000 paths (42 M region-month-paths)")
    return [("engine inputs", median_time(repeat, lambda: build_inputs(scenario, regions))),
            ("random draws", median_time(repeat, lambda: draws_for(scenario, len(regions),
                                                                    1000, 1))),
            ("engine (balance, reserve months)",
             median_time(max(1, repeat // 2), lambda: run_engine(inp, 1000, **draws,
                                                                  record=record)))]


def show(rows: list[tuple[str, float]]) -> None:
    def counted(label: str) -> bool:
        return not label.startswith(("baseline", FIRST_RUN))

    total = sum(t for label, t in rows if counted(label))
    for label, seconds in rows:
        share = f"{100 * seconds / total:5.1f} %" if counted(label) else ""
        print(f"  {label:38s} {seconds:8.3f} s  {share}")
    print(f"  {'total (stages in one process)':38s} {total:8.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--paths", type=int, default=2000)
    args = parser.parse_args()
    print(f"medians of {args.repeat}; measured on this machine now")
    start = [("baseline: python -c pass", median_time(args.repeat, fresh_process("pass"))),
             ("import fundsim.cli.app", median_time(args.repeat,
                                                    fresh_process("import fundsim.cli.app"))),
             ("import fundsim (simulate)",
              median_time(args.repeat, fresh_process("import fundsim; fundsim.simulate")))]
    print("\nstart-up (fresh processes)")
    for label, seconds in start:
        print(f"  {label:38s} {seconds:8.3f} s")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        show(run_stages("default", 1, args.repeat, folder))
        show(run_stages("default", args.paths, max(1, args.repeat // 2), folder))
        show(sweep_stages(max(1, args.repeat // 2), folder))
    show(national_stages(max(1, args.repeat // 2)))


if __name__ == "__main__":
    main()
