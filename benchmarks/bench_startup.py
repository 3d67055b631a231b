"""Start-up cost of the command line: ``fundsim --help`` and friends against ``python -c pass``.

Each case runs in a fresh process ``--repeat`` times (at least 5); prints the median wall
time in seconds, its ratio to the bare interpreter's, the fastest run, and the median CPU time
(user + system) of the process, which a busy machine disturbs less. Issue 12 asks for the help
screens under 0.3 s.

    python benchmarks/bench_startup.py [--repeat 9]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from warm_bytecode import compile_tree  # noqa: E402


def fundsim_command() -> list[str]:
    """The installed entry point, else the module run by this interpreter."""
    script = shutil.which("fundsim") or str(Path(sys.executable).with_name("fundsim"))
    return [script] if Path(script).exists() else [sys.executable, "-m", "fundsim.cli.app"]


def cases() -> list[tuple[str, list[str]]]:
    fundsim = fundsim_command()
    return [
        ("python -c pass (baseline)", [sys.executable, "-c", "pass"]),
        ("fundsim --help", fundsim + ["--help"]),
        ("fundsim run --help", fundsim + ["run", "--help"]),
        ("fundsim sweep --help", fundsim + ["sweep", "--help"]),
        ("python -c 'import fundsim'", [sys.executable, "-c", "import fundsim"]),
    ]


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def times(command: list[str], repeat: int) -> tuple[float, float, float]:
    """Median wall, fastest wall and median CPU time of ``repeat`` fresh processes (after one
    unmeasured warm-up)."""
    subprocess.run(command, check=True, capture_output=True)
    wall, cpu = [], []
    for _ in range(repeat):
        cpu_start, start = children_cpu(), time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        wall.append(time.perf_counter() - start)
        cpu.append(children_cpu() - cpu_start)
    return statistics.median(wall), min(wall), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9, help="fresh processes per case (≥ 5)")
    args = parser.parse_args()
    repeat = max(args.repeat, 5)
    import fundsim

    print(compile_tree(Path(fundsim.__file__).parent.parent))
    print(f"start-up, {repeat} fresh processes each: median wall time, its ratio to the "
          "baseline, fastest, median CPU (user + system)")
    baseline = None
    for label, command in cases():
        seconds, fastest, cpu = times(command, repeat)
        baseline = baseline or seconds
        print(f"  {label:<28} {seconds:6.3f} s {seconds / baseline:5.1f}×   fastest "
              f"{fastest:6.3f} s   CPU {cpu:6.3f} s")


if __name__ == "__main__":
    main()
