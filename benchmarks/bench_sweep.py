"""A 100-value sweep × 1,000 paths on the default province, vectorised against a loop of runs.

The vectorised sweep runs every value as a variant of one engine computation on shared draws
(`fundsim.run.sweep`); the baseline, measured in the same run, is what a user would otherwise write:
a loop of single Monte Carlo runs (`fundsim.simulate` with the value set), each reduced to the
same metric. Both must give the same numbers; the script checks a few.

    python benchmarks/bench_sweep.py [--values 100] [--paths 1000] [--loop-values 10]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

import fundsim
from fundsim.run.sweep import Axis, sweep

KEY = "policy.returns.ratio.sme"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--values", type=int, default=100)
    parser.add_argument("--paths", type=int, default=1000)
    parser.add_argument("--loop-values", type=int, default=10,
                        help="values timed in the loop (its time is scaled to --values)")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many timings")
    args = parser.parse_args()
    values = tuple(float(v) for v in np.round(np.linspace(0.01, 1.0, args.values), 10))
    sweep("default", [Axis(KEY, values[:2])], paths=8)  # warm imports and caches

    t_sweep = np.inf
    for _ in range(args.repeat):
        start = time.perf_counter()
        swept = sweep("default", [Axis(KEY, values)], paths=args.paths, seed=1)
        t_sweep = min(t_sweep, time.perf_counter() - start)

    subset = values[:: max(1, args.values // args.loop_values)][: args.loop_values]
    t_loop = np.inf
    for _ in range(args.repeat):
        start = time.perf_counter()
        looped = []
        for value in subset:
            ds = fundsim.simulate("default", paths=args.paths, seed=1,
                                  overrides=[f"{KEY}={value}"])
            looped.append(float(ds["returns_paid"].sum(("region", "month")).mean()))
        t_loop = min(t_loop, (time.perf_counter() - start) * args.values / len(subset))
    for value, total in zip(subset, looped, strict=True):
        assert np.isclose(float(swept["returns_paid_total"].sel({KEY: value})), total,
                          rtol=1e-12), value

    cells = args.values * args.paths * 14 * 60
    print(f"sweep of {args.values} values × {args.paths} paths on the default province "
          f"(14 regions × 60 months = {cells / 1e6:.0f} M region-month-paths), best of "
          f"{args.repeat}")
    print(f"  vectorised sweep:            {t_sweep:7.2f} s  ({cells / t_sweep / 1e6:.0f} M/s)")
    print(f"  loop of single runs:         {t_loop:7.2f} s  (measured on {len(subset)} values, "
          f"scaled to {args.values})")
    print(f"  speed-up: {t_loop / t_sweep:.1f}×  (same numbers: checked on {len(subset)} values)")


if __name__ == "__main__":
    main()
