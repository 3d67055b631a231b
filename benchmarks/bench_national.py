"""A national stochastic run end to end: 350 regions × 120 months × 1,000 paths.

The synthetic national province repeats the default province's 14 rows 25 times (codes and
names made distinct), under the default scenario's law and assumptions, for 120 months. Each
repeat is a fresh ``fundsim run --paths 1000`` process (plots and report included, then
``--no-plots``); the figures are medians, with the peak memory of the largest process. Beside
them, measured in the same run: ``python -c pass`` and the engine alone on the same inputs
(balance and reserve months recorded, in this process).

    python benchmarks/bench_national.py [--repeat 5] [--paths 1000] [--copies 25]
"""

from __future__ import annotations

import argparse
import csv
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import fundsim
from fundsim.inputs.scenario import load_scenario
from fundsim.model.engine import run_engine
from fundsim.model.inputs import build_inputs
from fundsim.model.shocks import draws_for
from fundsim.run.simulation import prepare
from fundsim.run.summary import full_paths_bytes

sys.path.insert(0, str(Path(__file__).parent))
from warm_bytecode import compile_tree  # noqa: E402

SCENARIOS = Path(fundsim.__file__).parent / "scenarios"


def national_scenario(folder: Path, copies: int, months: int) -> Path:
    """Write national.csv (the default's rows × ``copies``) and national.yaml; return the YAML."""
    with open(SCENARIOS / "data" / "inner_mongolia.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with open(folder / "national.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        for copy in range(copies):
            for row in rows:
                writer.writerow({**row, "code": f"{copy:02d}{row['code'][2:]}",
                                 "name": f"{row['name']}{copy + 1}"})
    scenario = folder / "national.yaml"
    scenario.write_text(
        "name: national\ndescription: synthetic national province (the default's rows repeated)"
        f"\ndata: national.csv\nprovince: inner_mongolia\npool_opening_balance: 150000000\n"
        f"start: 2020-01\nmonths: {months}\n"
        f"assumptions: {SCENARIOS / 'assumptions' / 'steady.yaml'}\n", encoding="utf-8")
    return scenario


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--paths", type=int, default=1000)
    parser.add_argument("--copies", type=int, default=25)
    parser.add_argument("--months", type=int, default=120)
    args = parser.parse_args()
    print(compile_tree(Path(fundsim.__file__).parent.parent))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = national_scenario(folder, args.copies, args.months)
        scenario, regions = prepare(load_scenario(path))
        cells = len(regions) * args.months * args.paths
        print(f"national: {len(regions)} regions × {args.months} months × {args.paths:,} paths "
              f"({cells / 1e6:.0f} M region-month-paths; every path would take "
              f"{full_paths_bytes(len(regions), args.months, args.paths) / 1e9:.1f} GB)")
        baseline = statistics.median(wall([sys.executable, "-c", "pass"])
                                     for _ in range(args.repeat))
        print(f"  baseline: python -c pass              {baseline:7.3f} s")
        inp = build_inputs(scenario, regions)
        draws = draws_for(scenario, len(regions), args.paths, 0)
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            run_engine(inp, args.paths, record=("balance", "reserve_months"), **draws)
            times.append(time.perf_counter() - start)
        engine = statistics.median(times)
        print(f"  engine alone (in this process)        {engine:7.3f} s   "
              f"{cells / engine / 1e6:5.0f} M/s")
        fundsim_cli = [sys.executable, "-m", "fundsim.cli.app"]
        for label, extra in (("fundsim run (plots and report)", []),
                             ("fundsim run --no-plots", ["--no-plots"])):
            times = [wall([*fundsim_cli, "run", str(path), "--paths", str(args.paths),
                           "--out", str(folder / "out"), "--force", *extra])
                     for _ in range(args.repeat)]
            print(f"  {label:<36}{statistics.median(times):7.3f} s")
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 2**20
        size = sum(f.stat().st_size for f in (folder / "out").iterdir()) / 1e6
        print(f"  peak memory of a run                  {peak:7.2f} GB")
        print(f"  the --no-plots run's folder           {size:7.1f} MB")


if __name__ == "__main__":
    main()
