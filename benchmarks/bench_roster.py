"""Benchmark: a synthetic province roster read from Parquet, validated, decided and aggregated.

    python benchmarks/bench_roster.py [--firms 10000000] [--seed 1] [--workdir DIR] [--write]

Each stage runs in its own process so that its peak memory (``ru_maxrss``) is its own:

1. ``synth``: draw the roster (``fundsim roster synth``'s function, 0.1% rows with a deliberate
   error) and write it as Parquet — timed apart, not part of the target;
2. ``baseline``: plain ``pandas.read_parquet`` of the same columns the run reads;
3. ``run``: ``run_roster`` on the Parquet file — read, validate, engine region gate, decide,
   aggregate and spread by month (the target: 10 M firms in < 30 s and < 6 GB on 2 cores);
4. with ``--write``, also writing the outputs (decisions as Parquet and CSV, tables).

Prints seconds, firms per second, peak memory and the run's time as a multiple of the baseline.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def peak_gb() -> float:
    """This process's peak resident memory, GB (Linux reports ru_maxrss in KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 ** 2


def stage_synth(firms: int, seed: int, path: Path) -> dict:
    from fundsim.roster.io import header_of, write_table
    from fundsim.roster.synth import synth_roster

    start = time.perf_counter()
    frame = synth_roster(firms, seed=seed, bad_share=0.001)
    drawn = time.perf_counter() - start
    frame.columns = header_of(list(frame.columns), english=False)
    write_table(frame, path)
    return {"seconds": time.perf_counter() - start, "draw_seconds": drawn,
            "file_mb": path.stat().st_size / 1e6}


def stage_baseline(path: Path) -> dict:
    import pandas as pd
    import pyarrow.parquet as pq

    from fundsim.roster.columns import READ, resolve_headers

    found = resolve_headers(pq.read_schema(path).names, str(path))
    names = pq.read_schema(path).names
    columns = [names[pos] for name, pos in found.items() if name in READ]
    start, cpu = time.perf_counter(), cpu_seconds()
    frame = pd.read_parquet(path, columns=columns)
    return {"seconds": time.perf_counter() - start, "cpu": cpu_seconds() - cpu,
            "rows": len(frame)}


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def stage_run(path: Path, write: bool) -> dict:
    from fundsim.roster.runner import run_roster, write_outputs

    start, cpu = time.perf_counter(), cpu_seconds()
    run = run_roster(path)
    seconds = time.perf_counter() - start
    out = {"seconds": seconds, "cpu": cpu_seconds() - cpu, "rows": run.rows_read,
           "accepted": run.rows_accepted, "rejected": run.rows_rejected, "parts": run.seconds,
           "run_peak_gb": peak_gb()}  # before any writing: the run's own peak
    if write:
        with tempfile.TemporaryDirectory(dir=path.parent) as folder:
            start = time.perf_counter()
            write_outputs(run, Path(folder))
            out["write_seconds"] = time.perf_counter() - start
            out["csv_gb"] = (Path(folder) / "decisions.csv").stat().st_size / 1e9
    return out


def child(args: argparse.Namespace) -> None:
    path = Path(args.file)
    if args.stage == "synth":
        result = stage_synth(args.firms, args.seed, path)
    elif args.stage == "baseline":
        result = stage_baseline(path)
    else:
        result = stage_run(path, args.write)
    result["peak_gb"] = peak_gb()
    print(json.dumps(result))


def spawn(stage: str, args: argparse.Namespace, path: Path) -> dict:
    command = [sys.executable, __file__, "--stage", stage, "--file", str(path),
               "--firms", str(args.firms), "--seed", str(args.seed)]
    if args.write:
        command.append("--write")
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--firms", type=int, default=10_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--write", action="store_true", help="also time writing the outputs")
    parser.add_argument("--stage", choices=["synth", "baseline", "run"], help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage:
        child(args)
        return
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start")
    with tempfile.TemporaryDirectory(dir=args.workdir) as folder:
        path = Path(folder) / "roster.parquet"
        synth = spawn("synth", args, path)
        print(f"synth: {args.firms:,} firms drawn in {synth['draw_seconds']:.1f} s, written "
              f"({synth['file_mb']:,.0f} MB Parquet) in {synth['seconds']:.1f} s total, "
              f"peak {synth['peak_gb']:.2f} GB")
        base = spawn("baseline", args, path)
        run = spawn("run", args, path)
    n = run["rows"]
    print(f"baseline pandas.read_parquet (same columns): {base['seconds']:.2f} s "
          f"(cpu {base['cpu']:.1f} s), {n / base['seconds'] / 1e6:.2f} M rows/s, "
          f"peak {base['peak_gb']:.2f} GB")
    parts = ", ".join(f"{k} {v:.2f} s" for k, v in run["parts"].items())
    print(f"roster run (read + validate + gate + decide + aggregate): {run['seconds']:.2f} s "
          f"(cpu {run['cpu']:.1f} s), {n / run['seconds'] / 1e6:.2f} M rows/s, "
          f"peak {run['run_peak_gb']:.2f} GB, {run['seconds'] / base['seconds']:.1f}× the "
          f"baseline "
          f"({parts})")
    print(f"rows read {n:,}, accepted {run['accepted']:,}, rejected {run['rejected']:,}")
    if "write_seconds" in run:
        print(f"writing the outputs (decisions Parquet + CSV of {run['csv_gb']:.1f} GB, "
              f"tables): {run['write_seconds']:.1f} s, peak with the writing "
              f"{run['peak_gb']:.2f} GB")


if __name__ == "__main__":
    main()
