"""Engine throughput on a national-size synthetic case: 350 regions × 120 months × 1,000 paths.

Prints region-month-paths per second for the engine (random draws included) and for a plain
numpy baseline measured in the same run: copying a region × path array into a month × region ×
path record every month, the least any recursion that keeps a monthly balance must do.

    python benchmarks/bench_engine.py [--regions 350] [--months 120] [--paths 1000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import dataclasses
import time

import numpy as np

from fundsim.inputs.regions import Regions
from fundsim.inputs.scenario import load_scenario
from fundsim.model.engine import run_engine
from fundsim.model.inputs import build_inputs
from fundsim.model.shocks import inflow_multipliers


def synthetic_regions(n: int, seed: int = 0) -> Regions:
    """A country of ``n`` plausible pooling regions (sizes log-normal around a prefecture)."""
    rng = np.random.default_rng(seed)
    insured = rng.lognormal(np.log(300_000), 0.8, n)
    wage = rng.uniform(4500, 9000, n)
    contrib = insured * wage * 12 * 0.01 * 0.95
    recipients = insured * rng.uniform(0.008, 0.03, n)
    benefit = rng.uniform(1300, 2000, n)
    benefits = recipients * benefit * 12
    spending = benefits + 0.35 * contrib
    sme = rng.uniform(0.4, 0.7, n)
    values = {
        "insured": insured, "wage": wage, "opening_balance": spending / 12 * rng.uniform(3, 40, n),
        "last_year_expenditure": spending, "last_year_benefits": benefits,
        "last_year_contributions": contrib, "benefit_recipients": recipients,
        "monthly_benefit": benefit, "remittance_rate": np.full(n, 0.05), "sme_share": sme,
        "large_share": 1 - sme, "eligible_share_sme": np.full(n, 0.92),
        "eligible_share_large": np.full(n, 0.95), "zero_layoff_share": np.full(n, 0.72),
        "layoff_rate": np.full(n, 0.09), "small30_share": np.full(n, 0.3), "firms": insured / 22,
        "sme_firm_share": np.full(n, 0.975), "difficult_share": np.full(n, 0.02),
        "trainee_intake": insured / 1000, "special_difficulty": (rng.random(n) < 0.1) * 1.0,
        "skills_opening_balance": insured * 50, "wage_class": rng.integers(1, 4, n) * 1.0,
    }
    return Regions(code=np.array([f"{i:06d}" for i in range(n)]),
                   name=np.array([f"地区{i}" for i in range(n)]), values=values,
                   cap_override=np.full(n, np.nan))


def engine_run(scenario, regions, paths, seed, record, threads=None):
    inp = build_inputs(scenario, regions)
    years = int(inp.calendar.year_index[-1]) + 1
    national, regional = inflow_multipliers(scenario.assumptions.claimants.shock,
                                            len(inp.calendar.months), years, len(regions), paths,
                                            seed)
    return run_engine(inp, paths, national, regional, record=record, threads=threads)


def baseline_copy(months: int, regions: int, paths: int) -> None:
    """Copy a region × path array into a month × region × path record, every month."""
    state = np.ones((regions, paths))
    record = np.empty((months, regions, paths))
    for t in range(months):
        record[t] = state


def baseline_recursion(months: int, regions: int, paths: int) -> None:
    """A plain numpy balance recursion with a random draw per cell, recording the balance."""
    rng = np.random.Generator(np.random.SFC64(1))
    income = np.full((regions, 1), 1e6)
    spend = np.full((regions, 1), 9e5)
    balance = np.full((regions, paths), 1e7)
    record = np.empty((months, regions, paths))
    for t in range(months):
        shock = rng.standard_normal((regions, paths))
        balance = np.maximum(balance + income - spend * (1.0 + 0.1 * shock), 0.0)
        record[t] = balance


def best_of(repeat: int, func) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regions", type=int, default=350)
    parser.add_argument("--months", type=int, default=120)
    parser.add_argument("--paths", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    scenario = dataclasses.replace(load_scenario("default"), months=args.months)
    regions = synthetic_regions(args.regions)
    cells = args.regions * args.months * args.paths
    print(f"{args.regions} regions × {args.months} months × {args.paths} paths "
          f"= {cells / 1e6:.1f} M region-month-paths; best of {args.repeat}")
    shape = (args.months, args.regions, args.paths)
    t_copy = best_of(args.repeat, lambda: baseline_copy(*shape))
    t_plain = best_of(args.repeat, lambda: baseline_recursion(*shape))
    rows = [("baseline: numpy copy into a monthly record", t_copy),
            ("baseline: plain numpy recursion, random draws", t_plain)]
    short = ("balance", "reserve_months")
    for label, record, threads in (
            ("engine, balance + reserve recorded, 1 thread", short, 1),
            ("engine, balance + reserve recorded, 2 threads", short, 2),
            ("engine, every variable recorded, 2 threads", None, 2)):
        rows.append((label, best_of(args.repeat, lambda r=record, n=threads: engine_run(
            scenario, regions, args.paths, 1, r, n))))
    for label, t in rows:
        print(f"  {label + ':':50s} {t:6.3f} s {cells / t / 1e6:7.1f} M/s  "
              f"×{t_copy / t:5.3f} of the copy, ×{t_plain / t:5.2f} of the plain recursion")


if __name__ == "__main__":
    main()
