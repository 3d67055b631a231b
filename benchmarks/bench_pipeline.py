"""Benchmark of `fundsim pipeline`: a Suzhou-size run (90,000 firms, seed 002) end to end, and
the SimPy model's events per second beside a bare SimPy loop of the same event count.

    python benchmarks/bench_pipeline.py [--firms 90000] [--seed 2]

Prints: the end-to-end time (resolve, draw, SimPy in two processes, fluid approximation,
Dataset, pipeline.nc, payment.yaml and four plots) and, measured in the same run, the model's
events per second in one process against a bare loop (one process yielding that many
timeouts), and the ratio.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import simpy


def bare_loop(events: int) -> float:
    """Seconds for SimPy to process ``events`` timeouts from one process (the baseline)."""
    env = simpy.Environment()

    def ticker():
        for _ in range(events):
            yield env.timeout(1.0)

    env.process(ticker())
    start = time.perf_counter()
    env.run()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--firms", type=int, default=90_000)
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--scenario", default="application")
    args = parser.parse_args()

    start = time.perf_counter()
    from fundsim.pipeline import simulate_pipeline
    from fundsim.pipeline.results import write_run
    from fundsim.present.charts.pipeline import write_all

    ds = simulate_pipeline(args.scenario, firms=args.firms, seed=args.seed, workers=2)
    simulated = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as folder:
        write_run(ds, Path(folder) / "run", ds.attrs["fund_scenario"], write_all)
    total = time.perf_counter() - start
    print(f"{args.scenario}: {args.firms:,} firms and {int(ds.attrs['training_claims']):,} "
          f"以工代训 claims, seed {args.seed}, {int(ds.attrs['events']):,} SimPy events")
    print(f"end to end (import, SimPy on 2 processes, fluid, Dataset): {simulated:6.2f} s")
    print(f"  + pipeline.nc, payment.yaml, scenario.yaml, 4 plots:         {total:6.2f} s")

    import numpy as np

    from fundsim.inputs.regions import load_regions
    from fundsim.pipeline import model
    from fundsim.pipeline.firms import draw_firms
    from fundsim.pipeline.scenario import resolve

    resolved = resolve(args.scenario)
    regions = load_regions(resolved.fund.data_path)
    firms = draw_firms(resolved.fund, regions, resolved.config.amounts.dist, args.firms,
                       np.random.default_rng(args.seed))
    plan = model.plan_run(resolved.fund, regions, resolved.config, firms, args.seed)
    t0 = time.perf_counter()
    records = model.run(plan)
    one = time.perf_counter() - t0
    base = bare_loop(records.events)
    model_rate = records.events / one
    bare_rate = records.events / base
    print(f"model, 1 process:  {records.events:,} events in {one:6.2f} s = "
          f"{model_rate:12,.0f} events/s ({args.firms / one:,.0f} firms/s)")
    print(f"bare SimPy loop:   {records.events:,} events in {base:6.2f} s = "
          f"{bare_rate:12,.0f} events/s")
    print(f"ratio model / bare loop: {model_rate / bare_rate:.2f}")


if __name__ == "__main__":
    main()
