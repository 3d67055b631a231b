"""The ``fundsim`` command line: parse, call the library, print. No logic of its own.

Start-up (issue 12): this module imports only typer, rich and ``fundsim.base``; every command
imports the library (numpy, pandas, xarray, scipy, matplotlib behind it) inside its body, so
``fundsim --help`` stays fast. tests/test_startup.py keeps it so."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from fundsim.base.errors import InputError, Problem
from fundsim.cli.actuals import actuals_app
from fundsim.cli.console import (
    command_group,
    err,
    folder_name,
    handled,
    load_for_out,
    out,
    scenario_warnings,
    warn,
)
from fundsim.cli.init import init_command
from fundsim.cli.optimize import optimize_command
from fundsim.cli.pipeline import pipeline_command
from fundsim.cli.progress import progress_bar as _progress
from fundsim.cli.report import report_command
from fundsim.cli.roster import roster_app
from fundsim.cli.track import track_command

if TYPE_CHECKING:
    from fundsim.law.in_force import InForce

app = command_group(
    "Simulate unemployment-insurance funds: pooling regions, reserve tests, the provincial "
    "pool, 稳岗返还 and 以工代训.")
# shared with the commands of other modules (kept under these names for them)
_handled, _warn = handled, warn


def _print_version(value: bool) -> None:
    if value:
        from fundsim.base.version import __version__

        print(f"fundsim {__version__}")
        raise typer.Exit()


@app.callback()
def _options(version: Annotated[bool, typer.Option(
        "--version", callback=_print_version, is_eager=True,
        help="print fundsim's version and exit")] = False) -> None:
    """fundsim's own options, before the command."""

Scenario = Annotated[str, typer.Argument(help="a scenario YAML file, or a shipped scenario's name")]
SchedulerOpt = Annotated[str | None, typer.Option(
    help="run the paths on a Dask cluster, tcp://HOST:PORT (needs the 'dask' extra)")]
SetOpt = Annotated[list[str] | None, typer.Option(
    "--set", metavar="KEY=VALUE", help="override a parameter or assumption (repeatable)")]
AllowLargeOpt = Annotated[bool, typer.Option(
    "--allow-large", help="run even when the memory it needs is estimated above fundsim's limit "
    "of 8 GiB (a third of a 24 GiB machine)")]
UnitOpt = Annotated[str, typer.Option(
    metavar="yuan|万元|亿元", help="money unit of the CSV and .xlsx tables and of the table "
    "printed (also wan, yi); a money column's key ends in it: _yuan, _wan, _yi")]
#: Decimals of money printed on the screen, by unit (run summary; sweep and compare tables).
SUMMARY_DIGITS = {"yuan": 0, "wan": 0, "yi": 2}
METRIC_DIGITS = {"yuan": 0, "wan": 1, "yi": 3}


def _summary(table: Any, title: str, digits: int = 0) -> Table:
    """summary.csv as a rich table (money in its unit, to ``digits``): the regions, a section
    line, then the worst region and the province fund
    (:func:`fundsim.run.tables.summary_table`)."""
    from fundsim.run.columns import base_key
    from fundsim.run.tables import PROVINCE_ROW, WORST_ROW

    written = {base_key(str(c)): c for c in table.columns}  # returns_paid_wan or _yuan, _yi

    view = Table(title=escape(title), title_justify="left")  # names are text, not markup
    headers = [("name", "地区\nregion"), ("lowest_reserve_months", "最低备付月数\nlowest reserve"),
               ("months_below_general", "低于一般返还线\nmonths <general"),
               ("months_below_difficult", "低于困难企业线\nmonths <difficult"),
               ("returns_paid_wan", "稳岗返还\nreturns"), ("pool_received_wan", "调剂金\npool"),
               ("fiscal_subsidy_wan", "财政补贴\nfiscal"),
               ("training_paid_wan", "以工代训\ntraining"),
               ("closing_balance_wan", "期末结余\nclosing")]
    for key, label in headers:
        view.add_column(label, justify="left" if key == "name" else "right", no_wrap=True)
    regions = int((~table["code"].isin([WORST_ROW, PROVINCE_ROW])).sum())
    for i, (_, row) in enumerate(table.iterrows()):
        cells = []
        for key, _ in headers:
            value = row[written[base_key(key)]]
            if key == "name":
                cells.append(str(value))
            elif key.startswith("months"):
                cells.append(f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}")
            elif key == "lowest_reserve_months":
                cells.append(f"{value:.1f}")
            else:
                cells.append(f"{value:,.{digits}f}")
        view.add_row(*map(escape, cells), end_section=i == regions - 1)
    return view


@app.command()
@_handled
def run(
    scenario: Scenario = "default",
    out_dir: Annotated[Path | None, typer.Option("--out", help="output folder")] = None,
    paths: Annotated[int, typer.Option(help="Monte Carlo paths; 1 = the central path")] = 1,
    seed: Annotated[int, typer.Option(help="random seed")] = 0,
    set_: SetOpt = None,
    force: Annotated[bool, typer.Option(help="replace an existing --out folder")] = False,
    plots: Annotated[bool, typer.Option(help="write the PNG plots and report.html")] = True,
    png: Annotated[bool, typer.Option(help="write the PNG charts (--no-png: report.html only, "
                                           "its charts inside it)")] = True,
    keep_paths: Annotated[bool, typer.Option(
        "--keep-paths", help="keep every Monte Carlo path in results.nc (by default above "
        "200 MB it keeps means, quantiles, probabilities, example paths and every path by "
        "year; above 8 GiB of memory only with --allow-large)")] = False,
    scheduler: SchedulerOpt = None,
    payment_profile: Annotated[Path | None, typer.Option(
        "--payment-profile", help="a payment.yaml from `fundsim pipeline`: when returns fall "
        "due and how long they take to be paid")] = None,
    roster: Annotated[Path | None, typer.Option(
        help="a firm roster (.csv, .xlsx, .parquet): its decided returns replace the aggregate "
        "ones for its policy year where it covers ≥ 95% of a region's firms and contributions "
        "(the coverage is printed and written to roster_coverage.csv)")] = None,
    roster_year: Annotated[int | None, typer.Option(
        help="the roster's policy year (default: the scenario's first year)")] = None,
    roster_partial: Annotated[bool, typer.Option(
        "--roster-partial", help="a roster covering under 95% of a region's firms or "
        "contributions: use it for its firms and the aggregate × the uncovered share for the "
        "rest (without it such a roster is refused)")] = False,
    unit: UnitOpt = "万元",
    allow_large: AllowLargeOpt = False,
    actuals: Annotated[Path | None, typer.Option(
        help="monthly actuals (.csv, .xlsx, .parquet) from the scenario's first month: the "
        "run takes those months as they were and projects the rest, beside the projection "
        "without them (template: `fundsim actuals template`)")] = None,
    from_month: Annotated[str | None, typer.Option(
        "--from", metavar="YYYY-MM", help="with --actuals, the first month to project: the "
        "actuals before it are used, later ones left out (default: after the last "
        "actual month)")] = None,
) -> None:
    """Simulate a scenario; write results.nc, summary.csv, annual.csv and plots.

    With --actuals the run starts from where the fund stands: the reported months as they
    were, the rest projected, and the regions to watch before next January's tests."""
    from fundsim.base.delivery import deliver, input_problems, out_problems
    from fundsim.inputs.scenario import load_scenario, payment_overrides
    from fundsim.present.outputs import save_run
    from fundsim.roster.coverage import annotate, write_coverage
    from fundsim.run.columns import in_unit, parse_unit
    from fundsim.run.simulation import check_run_size, prepare, simulate
    from fundsim.run.tables import summary_table

    problems = (_check_paths_seed(paths, seed) + _unit_problems(unit)
                + out_problems(out_dir, force))
    extra: list[str] = []
    try:
        extra = [] if payment_profile is None else payment_overrides(payment_profile)
    except InputError as exc:
        problems += exc.problems
    # every problem at once: the flags', --out's, the scenario's and its data's
    loaded = load_scenario(scenario, (set_ or []) + extra, also=problems)
    prepared, regions = prepare(loaded)  # bad data is reported before any warning, as by check
    problems = check_run_size(len(regions), loaded.months, paths, keep_paths or None,
                              allow_large) + input_problems(
        out_dir, force, [*loaded.input_files, *([actuals] if actuals else [])])
    given = None
    if actuals is not None or from_month is not None:
        from fundsim.run.simulation import actuals_until

        try:
            given = actuals_until(actuals, from_month, prepared, regions)
        except InputError as exc:
            problems += exc.problems
    if problems:  # before any work: the size estimate
        raise InputError(problems)
    _warn(loaded.warnings)
    # e.g. a GBK CSV, percentages read as fractions, 万元 converted to yuan
    for note in [*regions.notes, *(given.notes if given is not None else ())]:
        err.print(f"note: {escape(note)}", highlight=False, soft_wrap=True)
    amounts, coverage = (None, None) if roster is None else _roster_for_run(
        roster, loaded, roster_year, roster_partial, allow_large)
    _say_paths_kept(len(regions), loaded.months, paths, keep_paths)
    bar, update = _progress("paths")
    with bar:
        ds = simulate(loaded, paths=paths, seed=seed, scheduler=scheduler, progress=update,
                      roster=amounts, keep_paths=keep_paths or None, allow_large=allow_large,
                      actuals=given)

    def fill(folder: Path) -> None:
        save_run(ds, folder, plots and png, report=plots, unit=unit, excel=True)
        if coverage is not None:
            write_coverage(coverage, folder, unit)

    if coverage is not None:
        annotate(ds, coverage, str(roster))
    table = summary_table(ds)  # made once, before the folder's forked jobs inherit it
    target = deliver(folder_name("run", [loaded.name]), out_dir, fill)
    money = parse_unit(unit)
    title = f"{loaded.name}: {loaded.start} + {loaded.months} months (money in {money.zh})"
    if given is not None:
        title += (f"; actual {given.months[0]} to {given.last_month}, projected from "
                  f"{given.last_month + 1}")
    if paths > 1:
        title += f", mean of {paths} paths (seed {seed})"
    out.print(_summary(in_unit(table, "summary.csv", money), title,
                       SUMMARY_DIGITS[money.code]))
    _print_downturn(ds, money)
    if given is not None:
        from fundsim.run.watch import watch_console, watchable

        if watchable(ds):  # the regions to watch before next January's tests
            out.print(watch_console(ds, unit).rich())
    out.print(f"results written to {target}/", highlight=False, markup=False, soft_wrap=True)


def _print_downturn(ds: Any, money: Any) -> None:
    """A run replaying a recession: each region's months until exhaustion without public
    finance and the public finance needed (downturn.csv holds the same)."""
    from fundsim.run.downturn import downturn_of, exhaustion_table

    found = downturn_of(ds)
    if found is None:
        return
    table = exhaustion_table(ds)
    view = Table(title=f"recession replay {found.get('profile', '')} from "
                 f"{found.get('start', '')}: months until exhaustion without public finance "
                 f"(money in {money.zh})")
    for head in ("地区\nregion", "耗尽月数\nmonths", "公共财政\npublic finance"):
        view.add_column(head, justify="left" if head.startswith("地区") else "right")
    for _, row in table.iterrows():
        months = row["months_to_exhaustion"]
        shown = "not within the horizon" if months != months else f"{months:.0f}"
        view.add_row(escape(str(row["region_name"])), shown,
                     f"{row['public_finance_needed_yuan'] / money.yuan:,.0f}")
    out.print(view)


def _roster_for_run(roster: Path, scenario: Any, year: int | None, partial: bool,
                    allow_large: bool = False) -> tuple[Any, Any]:
    """Decide a roster, print what it covers of each region, and refuse a partial one unless
    ``partial`` (:mod:`fundsim.roster.coverage`)."""
    from fundsim.roster.coverage import coverage_problems
    from fundsim.roster.runner import engine_roster, run_roster

    amounts, coverage = engine_roster(run_roster(roster, scenario, year,
                                                 allow_large=allow_large), partial)
    view = Table(title=f"roster {escape(roster.name)}: what it covers of each region "
                 f"({coverage.year - 1} contributions, 万元)", title_justify="left")
    headers = ("地区\nregion", "名册企业\nfirms", "地区企业\nregion firms", "企业占比\nshare",
               "名册缴费\ncontrib.", "地区缴费\nregion contrib.", "缴费占比\nshare",
               "采用\nuse")
    for i, label in enumerate(headers):
        view.add_column(label, justify="left" if i in (0, 7) else "right", no_wrap=True)
    for _, row in coverage.to_frame().iterrows():
        shares = [f"{x:.1%}" if x == x else "—" for x in (row.firm_share,
                                                          row.contribution_share)]
        view.add_row(*map(escape, [str(row["name"]), f"{row.firms_roster:,}",
                                   f"{row.firms_region:,.0f}", shares[0],
                                   f"{row.contributions_roster_wan:,.1f}",
                                   f"{row.contributions_region_wan:,.1f}", shares[1],
                                   str(row.treatment)]),
                     end_section=row.code == coverage.codes[-1])
    out.print(view)
    if amounts is None:
        raise InputError(coverage_problems(coverage, str(roster)))
    out.print(coverage.notice(), highlight=False, markup=False, soft_wrap=True)
    return amounts, coverage


def _say_paths_kept(regions: int, months: int, paths: int, keep: bool) -> None:
    """Say, before a large Monte Carlo run, what its results.nc will keep and how large."""
    from fundsim.run import summary

    size = summary.full_paths_bytes(regions, months, paths)
    if keep and paths > 1:
        out.print(f"--keep-paths: results.nc will hold every path, about {size / 1e6:,.0f} MB",
                  highlight=False, markup=False, soft_wrap=True)
    elif summary.summarises(regions, months, paths, None):
        out.print(f"every path would take about {size / 1e6:,.0f} MB (over "
                  f"{summary.FULL_PATHS_LIMIT / 1e6:,.0f} MB): results.nc keeps means, "
                  f"quantiles, probabilities, {summary.EXAMPLES} example paths and every path "
                  "by year; --keep-paths keeps them all", highlight=False, markup=False,
                  soft_wrap=True)


METRIC_HEADERS = {  # by the key without its unit (returns_paid_wan → returns_paid)
    "returns_paid": "返还\nreturns", "fiscal_subsidy": "财政\nfiscal",
    "pool_transfer": "调剂金\npool", "training_paid": "以工代训\ntraining",
    "lowest_reserve_months": "最低备付\nlowest",
    "regions_below_general": "低于一般线地区\n<general", "regions_below_difficult":
    "低于困难线地区\n<difficult", "returns_paid_diff": "Δ返还\nΔreturns",
    "fiscal_subsidy_diff": "Δ财政\nΔfiscal", "regions_below_general_diff":
    "Δ低于一般线\nΔ<general", "p_fail_general": "P(<一般线)", "p_fiscal": "P(财政)",
}


def _metrics_table(table: Any, title: str, digits: int, file: str, money_digits: int
                   ) -> Table:
    """A sweep's or comparison's metrics as a rich table: money (already in its unit) to
    ``money_digits``, other figures to ``digits``."""
    from fundsim.run.columns import base_key, money_keys

    money = set(money_keys(file, table))
    view = Table(title=escape(title), title_justify="left")  # names are text, not markup
    for column in table.columns:
        label = METRIC_HEADERS.get(base_key(str(column)), str(column).replace(
            "policy.", "").replace("assumptions.", ""))
        view.add_column(escape(label), justify="left" if column == "scenario" else "right",
                        no_wrap=True)
    for _, row in table.iterrows():
        view.add_row(*(f"{v:,.{money_digits if k in money else digits}f}"
                       if isinstance(v, float) else escape(str(v)) for k, v in row.items()))
    return view


def _unit_problems(unit: str) -> list[Problem]:
    """What is wrong with ``--unit`` (nothing, or one problem)."""
    from fundsim.run.columns import parse_unit

    try:
        parse_unit(unit)
    except InputError as exc:
        return exc.problems
    return []


def _check_paths_seed(paths: int, seed: int) -> list[Problem]:
    problems = []
    if paths < 1:
        problems.append(Problem("--paths", "", "paths", f"must be at least 1, got {paths}"))
    from fundsim.base.seeds import seed_problems

    return problems + seed_problems(seed)


@app.command(name="sweep")
@_handled
def sweep_command(
    scenario: Scenario,
    set_: Annotated[list[str] | None, typer.Option(
        "--set", metavar="KEY=VALUES", help="KEY=START:STOP:STEP (STOP included) or "
        "KEY=v1,v2,... to sweep "
        "(repeat for a grid); KEY=VALUE to set")] = None,
    out_dir: Annotated[Path | None, typer.Option("--out", help="output folder")] = None,
    paths: Annotated[int, typer.Option(help="Monte Carlo paths per value")] = 1,
    seed: Annotated[int, typer.Option(help="random seed (every value sees the same draws)")] = 0,
    force: Annotated[bool, typer.Option(help="replace an existing --out folder")] = False,
    plots: Annotated[bool, typer.Option(help="write the PNG plots and report.html")] = True,
    scheduler: SchedulerOpt = None,
    unit: UnitOpt = "万元",
    allow_large: AllowLargeOpt = False,
) -> None:
    """Sweep parameters over values; write sweep.nc, sweep.csv, plots and report.html."""
    from fundsim.base.delivery import deliver, out_problems
    from fundsim.inputs.regions import load_regions
    from fundsim.inputs.scenario import data_problems, load_scenario
    from fundsim.present.outputs import save_sweep
    from fundsim.run import sweep as sweeps
    from fundsim.run.columns import in_unit, parse_unit
    from fundsim.run.sweep import check_axes, is_sweep, parse_axis, sweep, sweep_table

    specs = set_ or []
    problems = _check_paths_seed(paths, seed) + _unit_problems(unit)
    axes = []
    for spec in (s for s in specs if is_sweep(s)):
        try:
            axes.append(parse_axis(spec))
        except InputError as exc:
            problems += exc.problems
    if not any(is_sweep(s) for s in specs):
        problems.append(Problem("--set", "", "", "nothing to sweep: give --set "
                                "KEY=START:STOP:STEP or KEY=v1,v2"))
    problems += sweeps.grid_problems(axes)  # the grid's size, before anything is built
    loaded = None
    try:
        loaded = load_scenario(scenario, [s for s in specs if not is_sweep(s)])
        check_axes(axes, loaded)
    except InputError as exc:
        problems += exc.problems
    problems += out_problems(out_dir, force, loaded.input_files if loaded else ())
    if problems:
        if loaded is not None:  # the scenario read well: its data's problems join the others'
            problems += data_problems(loaded.data_path)
        raise InputError(problems)
    regions = load_regions(loaded.data_path)
    count = 1 if loaded.pooling == "provincial" else len(regions)
    problems = sweeps.size_problems(axes, paths, count, loaded.months, allow_large)
    if problems:
        raise InputError(problems)
    swept = {axis.key for axis in axes}
    _warn([w for w in loaded.warnings if w.split(":", 1)[0] not in swept])
    bar, update = _progress("sweep")
    with bar:
        ds = sweep(loaded, axes, paths=paths, seed=seed, progress=update, scheduler=scheduler,
                   allow_large=allow_large)
    money = parse_unit(unit)
    table = in_unit(sweep_table(ds), "sweep.csv", money)

    def fill(folder: Path) -> None:
        save_sweep(ds, folder, plots, unit=money, excel=True)

    target = deliver(folder_name("sweep", [loaded.name], [a.key for a in axes]), out_dir, fill)
    out.print(_metrics_table(table, f"{loaded.name}: sweep of {ds.attrs['swept']}"
                             + (f", mean of {paths} paths" if paths > 1 else "")
                             + f" (money in {money.zh})", 3, "sweep.csv",
                             METRIC_DIGITS[money.code]))
    out.print(f"results written to {target}/", highlight=False, markup=False, soft_wrap=True)


@app.command(name="compare")
@_handled
def compare_command(
    scenarios: Annotated[list[str], typer.Argument(
        help="scenario files or shipped names; differences are against the first")],
    out_dir: Annotated[Path | None, typer.Option("--out", help="output folder")] = None,
    paths: Annotated[int, typer.Option(help="Monte Carlo paths per scenario")] = 1,
    seed: Annotated[int, typer.Option(help="random seed (every scenario sees the same draws)")
                    ] = 0,
    set_: SetOpt = None,
    force: Annotated[bool, typer.Option(help="replace an existing --out folder")] = False,
    plots: Annotated[bool, typer.Option(help="write the PNG plot and report.html")] = True,
    unit: UnitOpt = "万元",
    allow_large: AllowLargeOpt = False,
) -> None:
    """Compare scenarios side by side; write compare.nc, compare.csv, a plot, report.html."""
    from fundsim.base.delivery import deliver, out_problems
    from fundsim.inputs.scenario import load_scenario
    from fundsim.present.outputs import save_compare
    from fundsim.run import size
    from fundsim.run.columns import in_unit, parse_unit
    from fundsim.run.compare import compare, compare_table
    from fundsim.run.simulation import prepare

    problems = _check_paths_seed(paths, seed) + _unit_problems(unit)
    loaded, shapes = [], []
    for scenario in scenarios:
        try:
            loaded.append(load_scenario(scenario, set_ or []))
            shapes.append((len(prepare(loaded[-1])[1]), loaded[-1].months))
        except InputError as exc:
            problems += exc.problems
    problems += out_problems(out_dir, force, [f for s in loaded for f in s.input_files])
    if problems:
        raise InputError(problems)
    problems = size.size_problems(  # every run is held until the comparison is made
        size.runs_bytes(shapes, paths), f"a comparison of {len(shapes)} runs of {paths:,} "
        f"path{'s' if paths > 1 else ''} each", allow_large, source="--paths")
    if problems:
        raise InputError(problems)
    _warn(scenario_warnings([(s.name, s.warnings) for s in loaded]))  # each warning once
    bar, update = _progress("compare")
    with bar:
        ds = compare(loaded, paths=paths, seed=seed, progress=update, allow_large=allow_large)
    money = parse_unit(unit)
    table = in_unit(compare_table(ds), "compare.csv", money)
    target = deliver(folder_name("compare", [s.name for s in loaded]), out_dir,
                     lambda folder: save_compare(ds, folder, plots, unit=money, excel=True,
                                                 scenarios=loaded))
    out.print(_metrics_table(table, f"comparison (money in {money.zh}; Δ against the first)"
                             + (f", mean of {paths} paths" if paths > 1 else ""), 2,
                             "compare.csv", METRIC_DIGITS[money.code]))
    out.print(f"results written to {target}/", highlight=False, markup=False, soft_wrap=True)


@app.command(name="frontier")
@_handled
def frontier_command(
    scenario: Scenario = "default",
    key: Annotated[str, typer.Option(help="the ratio to search; the other stays as in force")
                   ] = "policy.returns.ratio.sme",
    probability: Annotated[float, typer.Option(help="required probability of keeping the test")
                           ] = 0.95,
    province: Annotated[bool, typer.Option(
        "--province", help="test the province as one fund instead of every region")] = False,
    paths: Annotated[int, typer.Option(help="Monte Carlo paths")] = 1000,
    seed: Annotated[int, typer.Option(help="random seed")] = 0,
    tolerance: Annotated[float, typer.Option(help="search tolerance on the ratio")] = 0.005,
    set_: SetOpt = None,
    out_dir: Annotated[Path | None, typer.Option("--out", help="output folder")] = None,
    force: Annotated[bool, typer.Option(help="replace an existing --out folder")] = False,
    allow_large: AllowLargeOpt = False,
) -> None:
    """Find the highest return ratio that keeps 12 months of reserve with a given probability."""
    from fundsim.base.delivery import deliver
    from fundsim.present.outputs import save_frontier
    from fundsim.run import size
    from fundsim.run.frontier import check_arguments, frontier
    from fundsim.run.simulation import prepare

    search = "province" if province else "regions"
    problems = [p for p in _check_paths_seed(paths, seed) if p.field != "paths"]
    problems += check_arguments(key, probability, search, tolerance, (0.0, 1.0), paths)
    loaded = load_for_out(scenario, set_ or [], out_dir, force, problems)
    if problems:
        raise InputError(problems)
    regions = len(prepare(loaded)[1])
    curve = 21  # the ratios frontier() evaluates at once: its curve's points
    problems = size.size_problems(
        size.variants_bytes(curve, paths, regions, loaded.months),
        f"a frontier of {curve} ratios × {paths:,} paths × {regions:,} regions × "
        f"{loaded.months:,} months", allow_large, source="--paths")
    if problems:
        raise InputError(problems)
    _warn([w for w in loaded.warnings if not w.startswith(key + ":")])
    result = frontier(loaded, key=key, probability=probability, paths=paths, seed=seed,
                      scope=search, tolerance=tolerance)
    target = deliver(folder_name("frontier", [loaded.name]), out_dir,
                     lambda folder: save_frontier(result, folder))
    scope = "the province as one fund" if province else "every region"
    if result.excluded:
        out.print("excluded (below the test after the first year even at the lowest ratio): "
                  + ", ".join(result.excluded), highlight=False, markup=False)
    if result.ratio is None:
        out.print(f"no {key} in [{result.bounds[0]}, {result.bounds[1]}] keeps {scope} at "
                  f"12 months with probability {probability:.0%}", highlight=False, markup=False)
    else:
        out.print(f"highest {key} keeping {scope} at the general test with probability "
                  f"≥ {probability:.0%}: {result.ratio:.4f} (estimated {result.achieved:.3f}; "
                  f"search tolerance {tolerance}, {result.evaluations} evaluations of "
                  f"{paths} paths)", highlight=False, markup=False)
    out.print(f"results written to {target}/", highlight=False, markup=False, soft_wrap=True)


ParamsSource = Annotated[str, typer.Argument(
    help="a scenario YAML file, a shipped scenario's name, or a run's results file "
    "(results.nc, sweep.nc)")]


@app.command()
@_handled
def params(scenario: ParamsSource = "default", set_: SetOpt = None) -> None:
    """Print the parameters in force over the scenario's horizon, by date, with their sources
    (of a results file: those of its run, read from the file)."""
    from fundsim.law.in_force import in_force

    if scenario.endswith(".nc"):
        _params_of_results(Path(scenario), set_ or [])
        return
    from fundsim.inputs.scenario import load_scenario

    loaded = load_scenario(scenario, set_ or [])
    first = loaded.start.astype("datetime64[D]").item()
    last = (loaded.start + loaded.months - 1).astype("datetime64[D]").item()
    _print_in_force(f"{loaded.name}: parameters in force {first:%Y-%m} to {last:%Y-%m}",
                    in_force(loaded.params, first, last), loaded.assumptions.model_dump())
    _warn(loaded.warnings)


def _params_of_results(path: Path, overrides: list[str]) -> None:
    """``fundsim params RESULTS.nc``: the run's parameters and assumptions from its record."""
    from fundsim.run.record import horizon, open_record, record_in_force, run_record

    if overrides:
        raise InputError([Problem("--set", "", overrides[0],
                                  "--set changes a scenario, not a results file; give the "
                                  "scenario to see the parameters with overrides")])
    with open_record(path) as ds:
        record, rows, (first, last) = run_record(ds), record_in_force(ds), horizon(ds)
        warnings = [w for w in str(ds.attrs.get("warnings", "")).splitlines() if w.strip()]
        name = record.get("scenario") or ds.attrs.get("scenario") or path.stem
    _print_in_force(f"{name}: parameters in force {first:%Y-%m} to {last:%Y-%m}", rows,
                    record.get("assumptions") or {})
    _warn(warnings)


def _print_in_force(title: str, rows: list[InForce], assumptions: dict[str, Any]) -> None:
    """The parameters table, one row per value in force, and the assumptions table."""
    view = Table(title=escape(title), title_justify="left", show_lines=False)
    for column in ("parameter", "from", "value", "unit", "source"):
        view.add_column(column, overflow="fold")
    for i, row in enumerate(rows):
        first_of_key = i == 0 or rows[i - 1].key != row.key
        last_of_key = i + 1 == len(rows) or rows[i + 1].key != row.key
        note = row.source if row.origin != "unavailable" else "unavailable (not recorded)"
        if row.end is not None:
            note += f" [ends {row.end}]"
        # escaped: "[ends …]" and sources with brackets are text, not rich markup
        view.add_row(escape(row.key) if first_of_key else "", f"{row.start:%Y-%m-%d}",
                     escape(str(row.value)), escape(row.unit), escape(note),
                     end_section=last_of_key)
    out.print(view)
    view = Table(title="assumptions", title_justify="left")
    view.add_column("assumption")
    view.add_column("value")
    for key, value in _flatten(assumptions).items():
        view.add_row(escape(f"assumptions.{key}"), escape(str(value)))
    out.print(view)


def _flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in tree.items():
        if isinstance(value, dict) and value and all(isinstance(k, str) for k in value):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


@app.command()
@_handled
def check(scenario: Scenario = "default", set_: SetOpt = None) -> None:
    """Validate a scenario and its data without running it (exit 0 valid, 2 with problems)."""
    from fundsim.inputs.regions import load_regions
    from fundsim.inputs.scenario import load_scenario
    from fundsim.model.inputs import build_inputs

    loaded = load_scenario(scenario, set_ or [])
    regions = load_regions(loaded.data_path)
    build_inputs(loaded, regions)
    _warn(loaded.warnings)
    for note in regions.notes:  # e.g. a GBK CSV, percentages read as fractions
        err.print(f"note: {escape(note)}", highlight=False, soft_wrap=True)
    out.print(f"valid: {loaded.name} — {len(regions)} regions from {loaded.data_path.name}, "
              f"{loaded.start} + {loaded.months} months", highlight=False, markup=False,
              soft_wrap=True)


@app.command()
@_handled
def plot(
    results: Annotated[Path, typer.Argument(help="a results.nc written by fundsim run")],
    kind: Annotated[str, typer.Option(help="reserve, balance, pool or training")] = "reserve",
    out_file: Annotated[Path | None, typer.Option(
        "--out", help="PNG file to write (default: plot-KIND.png beside RESULTS.nc)")] = None,
    force: Annotated[bool, typer.Option(help="replace an existing file")] = False,
) -> None:
    """Plot a saved result."""
    from fundsim.base.delivery import file_problems, writing
    from fundsim.present.charts.run import PLOT_KINDS
    from fundsim.run.files import read_netcdf
    from fundsim.run.results_check import plot_problems

    if kind not in PLOT_KINDS:
        raise InputError([Problem("--kind", "", "kind",
                                  f"unknown kind {kind!r}; one of {', '.join(PLOT_KINDS)}")])
    if not results.is_file():
        raise InputError([Problem(str(results), "", "", "file not found")])
    target = out_file or results.with_name(f"plot-{kind}.png")
    problems = file_problems(target, force, (".png",), inputs=[results])
    if problems:
        raise InputError(problems)
    ds = read_netcdf(results, "results")
    missing = {"reserve_months", "balance", "pool_balance"} - set(ds.data_vars)
    if missing:
        raise InputError([Problem(str(results), "", "", "not a fundsim results file (missing "
                                  + ", ".join(sorted(missing)) + ")")])
    shape = plot_problems(ds, str(results), kind)
    if shape:
        raise InputError(shape)
    with writing(target, "the plot"):
        written = PLOT_KINDS[kind](ds, target)
    out.print(f"plot written to {written}", highlight=False, markup=False, soft_wrap=True)


app.command("report")(report_command)
app.command("init")(init_command)


@app.command()
def validate(
    history: Annotated[Path | None, typer.Option(
        "--history", help="a history CSV in the shipped format (default: the shipped table)")
    ] = None,
) -> None:
    """Compare fundsim with China's published unemployment-insurance figures: the account
    reproduction and the 2020–2021 projection from end-2019, every figure with its source."""
    from fundsim.cli.validate import validate_command

    validate_command(history)


@app.command()
def scenarios(names: Annotated[bool, typer.Option(
        "--names", help="the names only, one per line (for scripts)")] = False) -> None:
    """List the shipped scenarios, each with its description."""
    import yaml

    from fundsim.inputs.scenario import shipped_dir, shipped_scenarios

    if names:
        for name in shipped_scenarios():
            print(name)
        return
    view = Table(title="shipped scenarios (fundsim run NAME)", title_justify="left",
                 show_lines=True)
    view.add_column("scenario", no_wrap=True)
    view.add_column("description")
    for name in shipped_scenarios():
        with open(shipped_dir() / f"{name}.yaml", encoding="utf-8") as handle:
            text = yaml.safe_load(handle) or {}
        view.add_row(escape(name), escape(" ".join(str(text.get("description") or "").split())))
    out.print(view)


app.command("pipeline")(pipeline_command)
app.add_typer(roster_app, name="roster")
app.add_typer(actuals_app, name="actuals")
app.command("track")(track_command)
app.command("optimize")(optimize_command)


#: Whether this process was asked to stop by SIGTERM (see :func:`main`).
_terminated = False


def _stop_on_sigterm() -> None:
    """SIGTERM stops a command as Ctrl-C does: KeyboardInterrupt, so that its staging is
    removed and its forked jobs killed; a second SIGTERM does not interrupt that cleanup."""
    import signal

    def stop(signum: int, frame: object) -> None:
        global _terminated
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        _terminated = True
        raise KeyboardInterrupt

    try:
        signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread (an embedding program's): leave it as it is
        pass


def _note_inputs(args: list[str]) -> None:
    """The files and folders named on the command line (but ``--out``'s) are the run's
    inputs: ``--force`` never replaces a folder holding one."""
    from fundsim.base.delivery import note_inputs

    skip, named = False, []
    for arg in args:
        if skip or arg.startswith("--out="):
            skip = False
            continue
        skip = arg == "--out"
        if not arg.startswith("-") and (os.sep in arg or "." in arg):
            named.append(arg)
    note_inputs(named)


def _io_error(exc: OSError) -> None:
    """An OSError no command turned into a message (a full disk, a read-only folder): the
    file (its folder, for a temporary file) and the reason, exit code 2."""
    name = exc.filename or ""
    if name and Path(name).name.startswith(".") and ".tmp" in Path(name).name:
        name = str(Path(name).parent)
    reason = exc.strerror or str(exc)
    err.print(f"error: {name + ': ' if name else ''}{reason}; nothing was written",
              markup=False, highlight=False, soft_wrap=True)
    sys.exit(2)


def main() -> None:
    """Console-script entry point. SIGTERM stops a command as Ctrl-C does (exit code 143); a
    full disk or read-only folder is a clear message and exit code 2."""
    _stop_on_sigterm()
    try:
        _note_inputs(sys.argv[1:])
        app()
    except SystemExit as exc:
        if _terminated and exc.code not in (0, 2, None):
            sys.exit(143)
        raise
    except KeyboardInterrupt:  # outside a command (between the bar and the output)
        sys.exit(143 if _terminated else 130)
    except OSError as exc:
        _io_error(exc)
    except Exception as exc:  # a bug, not bad input: say so briefly, full trace on request
        if os.environ.get("FUNDSIM_DEBUG"):
            raise
        # the exception's text is never markup: "[/bold]" in a name must not crash this too
        err.print("internal error:", style="bold red", end=" ", markup=False, highlight=False)
        err.print(f"{type(exc).__name__}: {exc}\n"
                  "This is a fundsim bug; rerun with FUNDSIM_DEBUG=1 for the traceback.",
                  markup=False, highlight=False)
        sys.exit(1)


if __name__ == "__main__":  # python -m fundsim.cli.app
    main()
