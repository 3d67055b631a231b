"""End-to-end cost of ``fundsim run`` on the default province: 1 path against N paths.

Times the installed command (simulation, results.nc, CSVs, plots, table) in a scratch folder,
best of ``--repeat``, and prints the ratio: stochastic paths should cost little more.

    python benchmarks/bench_run.py [--paths 2000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed_run(paths: int, folder: Path) -> float:
    command = shutil.which("fundsim") or str(Path(sys.executable).with_name("fundsim"))
    start = time.perf_counter()
    subprocess.run([command, "run", "--paths", str(paths), "--out", str(folder / "out"),
                    "--force"], check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paths", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        one = min(timed_run(1, folder) for _ in range(args.repeat))
        many = min(timed_run(args.paths, folder) for _ in range(args.repeat))
    print(f"fundsim run, default province (14 regions × 60 months), best of {args.repeat}:")
    print(f"  --paths 1:    {one:5.2f} s")
    print(f"  --paths {args.paths}: {many:5.2f} s  ({many / one:.2f}× the single path)")


if __name__ == "__main__":
    main()
