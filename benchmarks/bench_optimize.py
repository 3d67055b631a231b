"""``fundsim optimize`` end to end on the default province: three levers (the SME and the
large-firm return ratios and the remittance rate), 1,000 paths per setting, the constraint
``p_fail_general_province<=0.05``, the default search (6 settings per lever a generation, at most
12 generations), each a fresh process (start-up, search, files, chart, report).

Beside it, the baseline measured in the same run: the engine work alone — the same number of
settings as the search evaluated, run in one call of the vectorised engine on the same draws —
so the difference is what the search and the outputs add.

    python benchmarks/bench_optimize.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

import fundsim
from fundsim.inputs.scenario import load_scenario, with_overrides
from fundsim.run.optimize import optimize
from fundsim.run.simulation import prepare
from fundsim.run.sweep import run_variants

sys.path.insert(0, str(Path(__file__).parent))
from warm_bytecode import compile_tree  # noqa: E402

COMMAND = "import sys; from fundsim.cli.app import main; sys.exit(main())"
LEVERS = ["policy.returns.ratio.sme=0:1", "policy.returns.ratio.large=0:0.6",
          "policy.pool.remittance_rate=0:0.2"]
CONSTRAINT = "p_fail_general_province<=0.05"
PATHS = 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(compile_tree(Path(fundsim.__file__).parent.parent))
    argv = ["optimize", "default", *(x for lever in LEVERS for x in ("--lever", lever)),
            "--constraint", CONSTRAINT, "--paths", str(PATHS)]
    with tempfile.TemporaryDirectory() as tmp:
        command = [sys.executable, "-c", COMMAND, *argv, "--out", f"{tmp}/out", "--force"]
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            times.append(time.perf_counter() - start)
    found = optimize("default", LEVERS, "returns_paid", [CONSTRAINT], paths=PATHS)
    settings = len(found.evaluations)
    base, regions = prepare(load_scenario("default"))
    rng = np.random.default_rng(0)
    keys = [lever.split("=")[0] for lever in LEVERS]
    highs = [float(lever.split(":")[1]) for lever in LEVERS]
    variants = [with_overrides(base, [(k, float(rng.uniform(0, h))) for k, h in
                                      zip(keys, highs, strict=True)]) for _ in range(settings)]
    start = time.perf_counter()
    run_variants(variants, regions, PATHS, 0)
    alone = time.perf_counter() - start
    median = statistics.median(times)
    print(f"default province, 3 levers × {PATHS:,} paths, {settings} settings in "
          f"{found.generations} generations; medians of {args.repeat} fresh processes")
    print(f"  fundsim optimize {median:6.2f} s ({min(times):.2f}–{max(times):.2f})   "
          f"engine work alone {alone:6.2f} s   ratio {median / alone:4.2f}   (target < 60 s)")


if __name__ == "__main__":
    main()
