"""What each command leaves in its folder: the run layer's data files, then the charts and the
Chinese HTML report drawn from them. Folders are filled in a staging folder and appear whole
(:func:`fundsim.base.delivery.write_folder`).

The charts and the report (Matplotlib, fontTools) are imported by the functions that draw
them, so that a run without plots (``fundsim run --no-plots``) never loads them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import xarray as xr

from fundsim.base.delivery import write_folder
from fundsim.present.charts.jobs import Job, Jobs
from fundsim.run import files, metrics, watch
from fundsim.run.columns import Unit

if TYPE_CHECKING:
    from fundsim.inputs.scenario import Scenario
    from fundsim.roster.io import Progress
    from fundsim.roster.runner import RosterRun
    from fundsim.run.frontier import Frontier
    from fundsim.run.optimize import Optimum


def save_run(ds: xr.Dataset, folder: Path, plots: bool = True, report: bool | None = None,
             unit: str | Unit | None = None, excel: bool = False) -> None:
    """results.nc, summary.csv, annual.csv (risk.csv when stochastic; money in ``unit``,
    default 万元) into an existing folder; with ``excel`` columns.csv and results.xlsx; with
    ``plots`` the PNG charts (the fan chart when stochastic), and with ``report`` (default:
    as ``plots``) report.html.

    Each chart is built once: its PNG file and the report's SVG come from the same figure.
    The charts, results.nc and the tables are made side by side in forked processes
    (:mod:`fundsim.present.charts.jobs`) while this one writes the report's text."""
    report = plots if report is None else report
    folder = Path(folder)
    with Jobs() as jobs:
        charts: dict[str, Job[bytes | None]] = {}
        fan: Job[object] | None = None
        if plots or report:
            from fundsim.present.charts.fan import plot_fan
            from fundsim.present.charts.run import start_charts

            charts = start_charts(ds, jobs, "zh", folder if plots else None, svg=report)
            if plots and metrics.stochastic(ds):
                fan = jobs.submit(lambda: plot_fan(ds, folder / "fan_reserve_months.png"))
            if watch.watchable(ds):  # a run from actual months: actuals, plan, re-forecast
                from fundsim.present.charts.watch import plot_watch

                charts["watch"] = jobs.submit(lambda: plot_watch(
                    ds, folder / "watch.png" if plots else None, "zh", svg=report))
        netcdf = jobs.submit(lambda: files.save_netcdf(ds, folder / "results.nc"))
        # the tables made once here; the CSVs and the workbook written side by side from them
        tables = files.run_tables(ds, unit)
        csvs = jobs.submit(lambda: files.write_tables(tables, folder, unit, dictionary=excel))
        book = jobs.submit(lambda: _run_workbook(ds, tables, unit, folder)) if excel else None
        from fundsim.run.downturn import write_downturn_csv

        write_downturn_csv(ds, folder)  # downturn.csv when the scenario replays a recession
        if report:
            from fundsim.present.report.render import save_report

            save_report(ds, folder, "zh", {kind: job.result for kind, job in charts.items()})
        for job in [*charts.values(), *([fan] if fan else []), netcdf, csvs,
                    *([book] if book else [])]:
            job.result()


def _run_workbook(ds: xr.Dataset, tables: dict, unit: str | Unit | None, folder: Path) -> None:
    from fundsim.present.workbook import run_workbook

    run_workbook(ds, tables, unit, folder / "results.xlsx")


def write_run(ds: xr.Dataset, folder: Path, plots: bool = True, report: bool | None = None,
              unit: str | Unit | None = None, excel: bool = False) -> Path:
    """A run's outputs (:func:`save_run`) in ``folder``, appearing whole or not at all."""
    return write_folder(folder, lambda temp: save_run(ds, temp, plots, report, unit, excel))


def _sweep_files(ds: xr.Dataset, folder: Path, unit: str | Unit | None, excel: bool) -> None:
    """sweep.nc, sweep.csv and, with ``excel``, columns.csv and sweep.xlsx."""
    files.write_sweep_files(ds, folder, unit, dictionary=excel)
    if excel:
        from fundsim.present.workbook import sweep_workbook
        from fundsim.run.sweep import sweep_table

        table = files.fund_table(sweep_table(ds), "sweep.csv", unit)
        sweep_workbook(ds, table, unit, folder / "sweep.xlsx")


def _compare_files(ds: xr.Dataset, folder: Path, unit: str | Unit | None, excel: bool,
                   scenarios: Sequence[Scenario]) -> None:
    """compare.nc, compare.csv and, with ``excel``, columns.csv and compare.xlsx."""
    files.write_compare_files(ds, folder, unit, dictionary=excel)
    if excel:
        from fundsim.present.workbook import compare_workbook
        from fundsim.run.compare import compare_table

        table = files.fund_table(compare_table(ds), "compare.csv", unit)
        compare_workbook(ds, table, unit, folder / "compare.xlsx", scenarios)


def save_sweep(ds: xr.Dataset, folder: Path, plots: bool = True,
               unit: str | Unit | None = None, excel: bool = False) -> None:
    """sweep.nc, sweep.csv (money in ``unit``, default 万元), with ``excel`` columns.csv and
    sweep.xlsx, and, with ``plots``, the chart and report.html.

    The data files, the scenario's description (:mod:`fundsim.present.report.scenarios`), the
    PNG chart and the report's SVG charts are made side by side in forked processes
    (:mod:`fundsim.present.charts.jobs`) while this one loads Matplotlib and writes the
    report's text; those that do not need Matplotlib start before it is loaded."""
    with Jobs() as jobs:
        data = jobs.submit(lambda: _sweep_files(ds, folder, unit, excel))
        if plots:
            from fundsim.present.report.scenarios import start_descriptions

            descriptions = start_descriptions(jobs, [str(ds.attrs.get("scenario_source")
                                                         or "")])
            from fundsim.present.charts.sweep import plot_sweep
            from fundsim.present.report.sweep_page import save_sweep_report

            png = jobs.submit(lambda: plot_sweep(ds, folder / "sweep.png"))
            save_sweep_report(ds, folder, "zh", jobs, descriptions)
            png.result()
        data.result()


def save_compare(ds: xr.Dataset, folder: Path, plots: bool = True,
                 unit: str | Unit | None = None, excel: bool = False,
                 scenarios: Sequence[Scenario] = ()) -> None:
    """compare.nc, compare.csv (money in ``unit``, default 万元), with ``excel`` columns.csv
    and compare.xlsx (the parameters and sources of the ``scenarios`` given), and, with
    ``plots``, the projection chart and report.html; made side by side as in
    :func:`save_sweep`."""
    with Jobs() as jobs:
        data = jobs.submit(lambda: _compare_files(ds, folder, unit, excel, scenarios))
        if plots:
            from fundsim.present.report.scenarios import start_descriptions

            descriptions = start_descriptions(
                jobs, str(ds.attrs.get("scenarios", "")).splitlines())
            from fundsim.present.charts.compare import plot_compare
            from fundsim.present.report.compare_page import save_compare_report

            png = jobs.submit(lambda: plot_compare(ds, folder / "compare.png"))
            save_compare_report(ds, folder, "zh", jobs, descriptions)
            png.result()
        data.result()


def save_frontier(result: Frontier, folder: Path) -> None:
    """frontier.nc, frontier.csv, the chart and report.html; made side by side as in
    :func:`save_sweep` (current law's parameter of the key, for its name, read in a child)."""
    from fundsim.present.report.scenarios import law_parameters

    with Jobs() as jobs:
        data = jobs.submit(lambda: files.write_frontier_files(result, folder))
        params = jobs.submit(lambda: law_parameters([result.key]))
        from fundsim.present.charts.sweep import plot_frontier
        from fundsim.present.report.frontier_page import save_frontier_report

        curve = result.to_dataset()
        png = jobs.submit(lambda: plot_frontier(result, folder / "frontier.png"))
        save_frontier_report(curve, folder, "zh", jobs, params.result)
        png.result()
        data.result()


def save_optimum(result: Optimum, folder: Path, plots: bool = True) -> None:
    """optimize.nc, optimize.csv, front.csv and, with ``plots``, optimize.png and report.html
    (the chart drawn once for both)."""
    from fundsim.run.optimize import write_optimize_files

    ds = write_optimize_files(result, folder)
    if plots:
        from fundsim.present.charts.optimize import plot_tradeoff
        from fundsim.present.report.optimize_page import save_optimize_report

        with Jobs() as jobs:
            png = jobs.submit(lambda: plot_tradeoff(ds, folder / "optimize.png"))
            save_optimize_report(ds, folder, "zh", jobs)
            png.result()


def save_roster(run: RosterRun, folder: Path, progress: Progress = None) -> None:
    """A roster run's files (:func:`fundsim.roster.runner.write_outputs`: money in yuan to the
    fen), columns.csv and roster.xlsx into an existing folder."""
    from fundsim.present.workbook import roster_workbook
    from fundsim.roster.io import output_table
    from fundsim.roster.runner import write_outputs

    write_outputs(run, folder, progress=progress)
    tables = {"decisions.csv": run.decisions.head(0), "rejects.csv": run.rejects,
              **{f"{name}.csv": output_table(frame, f"{name}.csv")
                 for name, frame in run.tables.items()},
              "region_month.csv": run.returns.to_frame().head(0)}
    files.write_columns(folder, tables)
    roster_workbook(run, folder / "roster.xlsx")
