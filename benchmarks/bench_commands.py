"""End to end, as a user sees them: ``fundsim sweep``, ``frontier`` and ``compare`` on the
default province, each a fresh process (start-up, engine, files, charts, report).

Each case runs once untimed (a warm font cache and disk cache), then ``--repeat`` times; prints
the median wall time (min–max) and, beside it, the baseline measured in the same run: the
same command's engine work alone in this process (the vectorised sweep, the frontier's search,
the comparison's runs), so the difference is what the command adds around its engine.

    python benchmarks/bench_commands.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import fundsim
from fundsim.run.compare import compare
from fundsim.run.frontier import frontier
from fundsim.run.sweep import sweep

sys.path.insert(0, str(Path(__file__).parent))
from warm_bytecode import compile_tree  # noqa: E402

COMMAND = "import sys; from fundsim.cli.app import main; sys.exit(main())"
CASES: list[tuple[str, list[str], Callable[[], object]]] = [
    ("sweep, 10 values × 1 path",
     ["sweep", "default", "--set", "policy.returns.ratio.sme=0.1:1.0:0.1"],
     lambda: sweep("default", ["policy.returns.ratio.sme=0.1:1.0:0.1"])),
    ("sweep, 100 values × 1,000 paths",
     ["sweep", "default", "--set", "policy.returns.ratio.sme=0.01:1.0:0.01", "--paths", "1000"],
     lambda: sweep("default", ["policy.returns.ratio.sme=0.01:1.0:0.01"], paths=1000)),
    ("frontier (default: 1,000 paths)", ["frontier"], lambda: frontier("default")),
    ("compare, 3 scenarios × 1 path", ["compare", "default", "baseline", "raised-2022"],
     lambda: compare(["default", "baseline", "raised-2022"])),
]


def timed(func: Callable[[], object]) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(compile_tree(Path(fundsim.__file__).parent.parent))
    print(f"default province, medians of {args.repeat} fresh processes (min–max); baseline: "
          "the engine work alone, in this process")
    with tempfile.TemporaryDirectory() as tmp:
        for label, argv, engine in CASES:
            command = [sys.executable, "-c", COMMAND, *argv, "--out", f"{tmp}/out", "--force"]

            def run(command: list[str] = command) -> None:
                subprocess.run(command, check=True, capture_output=True)

            run()
            times = [timed(run) for _ in range(args.repeat)]
            engine()
            alone = statistics.median(timed(engine) for _ in range(args.repeat))
            print(f"  {label:<34} {statistics.median(times):6.2f} s ({min(times):.2f}–"
                  f"{max(times):.2f})   engine work alone {alone:6.2f} s")
        print(f"  files written by the last: {sorted(p.name for p in Path(tmp, 'out').iterdir())}")


if __name__ == "__main__":
    main()
