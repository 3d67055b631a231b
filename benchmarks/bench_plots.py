"""Charts and report of a run: the default province (14 regions) and synthetic countries of 350
and 1,000 regions, one path each.

Times, in one process, what ``fundsim run`` does after the simulation: the whole run folder
(``write_run``: results.nc, tables, PNG charts, report.html), the PNG charts alone
(``write_all``), the report alone (``render_report``) and the folder without charts
(``--no-plots``). The baseline, measured in the same run, is Matplotlib saving one empty
figure as PNG: the least any chart costs. ``--serial`` draws everything in this process, one
chart after the other, instead of in forked processes side by side.

    python benchmarks/bench_plots.py [--regions 14,350,1000] [--repeat 1] [--serial]
"""

from __future__ import annotations

import argparse
import io
import resource
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import xarray as xr
from bench_engine import synthetic_regions
from matplotlib.figure import Figure

from fundsim.inputs.scenario import load_scenario
from fundsim.model.engine import run_engine
from fundsim.model.inputs import build_inputs
from fundsim.model.shocks import draws_for
from fundsim.present.charts import jobs
from fundsim.present.charts.run import write_all
from fundsim.present.outputs import write_run
from fundsim.present.report.render import render_report
from fundsim.present.style import chart_context
from fundsim.run.dataset import build_dataset
from fundsim.run.simulation import simulate


def dataset(regions: int) -> xr.Dataset:
    """The default province's run, or the default scenario on ``regions`` synthetic regions."""
    if regions == 14:
        return simulate("default")
    scenario = load_scenario("default")
    country = synthetic_regions(regions)
    inp = build_inputs(scenario, country)
    out = run_engine(inp, 1, **draws_for(scenario, regions, 1, 0))
    return build_dataset(scenario, country, inp, out, 1, None, "bench")


def cpu() -> float:
    """CPU seconds of this process and of its ended children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def best(repeat: int, work: Callable[[], object]) -> tuple[float, float]:
    """The best wall-clock seconds of ``repeat`` calls, and the CPU seconds of that call."""
    found = (float("inf"), 0.0)
    for _ in range(repeat):
        start, used = time.perf_counter(), cpu()
        work()
        found = min(found, (time.perf_counter() - start, cpu() - used))
    return found


def stages(ds: xr.Dataset, repeat: int, scratch: Path) -> dict[str, tuple[float, float]]:
    """Seconds of each stage for one run's Dataset."""

    def folder(plots: bool) -> None:
        shutil.rmtree(scratch / "out", ignore_errors=True)
        write_run(ds, scratch / "out", plots)

    return {"write_run": best(repeat, lambda: folder(True)),
            "PNG charts": best(repeat, lambda: write_all(ds, scratch / "charts")),
            "report": best(repeat, lambda: render_report(ds, "zh")),
            "--no-plots": best(repeat, lambda: folder(False))}


def baseline() -> None:
    """Matplotlib saving one empty figure as PNG, in fundsim's chart style."""
    with chart_context():
        Figure().savefig(io.BytesIO(), format="png")


def warm_up(scratch: Path) -> None:
    """What the first of repeated calls would pay alone: xarray's NetCDF machinery."""
    xr.Dataset({"x": ("x", [1])}).to_netcdf(scratch / "warm.nc", engine="h5netcdf")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regions", default="14,350,1000")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--serial", action="store_true", help="no forked processes")
    args = parser.parse_args()
    if args.serial:
        jobs.WORKERS = 0
    baseline()  # the font registered and Matplotlib warm, as after the first chart
    base, _ = best(max(args.repeat, 3), baseline)
    mode = "serial" if args.serial or not jobs.can_fork() else "forked processes"
    print(f"charts and report, 1 path, best of {args.repeat} ({mode}); baseline: one empty "
          f"figure saved as PNG {base * 1000:.0f} ms")
    print("seconds, wall (CPU of this process and its children)")
    print(f"{'regions':>8}" + "".join(f"{name:>18}" for name in
                                      ("write_run", "PNG charts", "report", "--no-plots")))
    for regions in (int(n) for n in args.regions.split(",")):
        with tempfile.TemporaryDirectory() as scratch:
            warm_up(Path(scratch))
            found = stages(dataset(regions), args.repeat, Path(scratch))
        print(f"{regions:>8}" + "".join(f"{wall:>10.2f} ({used:5.2f})"
                                        for wall, used in found.values()))


if __name__ == "__main__":
    main()
