"""``fundsim track RESULTS.nc --actuals FILE``: an earlier projection against what happened —
parse, call the library, print. No logic of its own (:mod:`fundsim.run.track`).

Registered in :mod:`fundsim.cli.app`; the library (numpy, xarray, matplotlib behind it) is
imported inside the command, so ``fundsim --help`` stays fast."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from fundsim.base.errors import InputError, Problem
from fundsim.cli.console import EXAMPLES, err, folder_name, handled, out

EXAMPLES["track"] = "fundsim track outputs/default/results.nc --actuals default-2020H1"

NAN = float("nan")
#: Decimals of money printed, by unit.
DIGITS = {"yuan": 0, "wan": 1, "yi": 3}
#: The year-to-date gaps printed, with their headers, then the balance gap.
PRINTED = (("contributions", "缴费收入\ncontributions"), ("benefits", "失业保险金\nbenefits"),
           ("returns_paid", "稳岗返还\nreturns"))


@handled
def track_command(
    results: Annotated[Path, typer.Argument(
        metavar="RESULTS.nc", help="the results.nc of an earlier run (the projection)")],
    actuals: Annotated[str, typer.Option(
        "--actuals", help="monthly actuals (.csv, .xlsx, .parquet; fundsim actuals template), "
        "or a shipped example's name")],
    out_dir: Annotated[Path | None, typer.Option("--out", help="output folder")] = None,
    force: Annotated[bool, typer.Option(help="replace an existing --out folder")] = False,
    unit: Annotated[str, typer.Option(
        metavar="yuan|万元|亿元", help="money unit of the CSV tables and of the table printed "
        "(also wan, yi)")] = "万元",
) -> None:
    """Track a projection against monthly actuals: gaps by region, flow and month, year to
    date, taken apart by flow and driver; write track.csv, drivers.csv, track.nc, a chart and
    report.html."""
    _track(results, actuals, out_dir, force, unit)


def _track(results: Path, actuals: str, out_dir: Path | None, force: bool, unit: str) -> None:
    from fundsim.base.delivery import deliver, input_problems, out_problems
    from fundsim.inputs.actuals import locate_actuals
    from fundsim.run.columns import parse_unit
    from fundsim.run.files import read_netcdf
    from fundsim.run.track import read_actuals, track

    problems: list[Problem] = []
    money = None
    try:
        money = parse_unit(unit)
    except InputError as exc:
        problems += exc.problems
    source = locate_actuals(actuals)
    problems += out_problems(out_dir, force, [results, source])
    problems += input_problems(out_dir, force, [results, source])
    ds = None
    try:
        ds = read_netcdf(results, "results")
    except InputError as exc:
        problems += exc.problems
    if ds is not None:
        missing = [n for n in ("balance", "region_name", "month") if n not in ds.variables]
        if missing:
            problems.append(Problem(str(results), "", missing[0], "not in the file: not the "
                                    "results.nc of a fundsim run"))
            ds = None
    found = None
    if ds is None and not Path(source).is_file():  # read with the results' regions: now named
        problems.append(Problem(str(source), "", "--actuals", "file not found"))
    if ds is not None:
        try:
            found = read_actuals(ds, source)
        except InputError as exc:
            problems += exc.problems
    if problems or found is None or money is None:
        raise InputError(problems)
    for note in found.notes:
        err.print(f"note: {escape(note)}", highlight=False, soft_wrap=True)
    tracked = track(ds, found, str(results))
    scenario = str(ds.attrs.get("scenario") or Path(results).stem)
    target = deliver(folder_name("track", [scenario]), out_dir,
                     lambda folder: save_track(tracked, folder, money))
    out.print(table(tracked, money))
    out.print(f"results written to {target}/", highlight=False, markup=False, soft_wrap=True)


def save_track(tracked: Any, folder: Path, money: Any) -> None:
    """track.nc, track.csv, drivers.csv, track.png and report.html into ``folder``."""
    from fundsim.present.charts.track import plot_track
    from fundsim.present.report.track_page import save_track_report
    from fundsim.run.track import write_track_files

    write_track_files(tracked, folder, money)
    save_track_report(tracked, folder, chart=plot_track(tracked, folder / "track.png"))


def table(tracked: Any, money: Any) -> Table:
    """The year-to-date gaps at the last actual month, per region and for the total."""
    last = tracked.isel(month=-1)
    month = str(tracked.attrs["last_actual_month"])
    digits = DIGITS[money.code]
    band = "balance_band_low" in tracked
    view = Table(title=escape(
        f"{tracked.attrs.get('scenario', '')}: actual − projected to {month}, year to date "
        f"(money in {money.zh}; projection: {tracked.attrs['projection']})"),
        title_justify="left")
    view.add_column("地区\nregion", no_wrap=True)
    for _, header in PRINTED:
        view.add_column(header, justify="right", no_wrap=True)
    view.add_column(f"期末结余\nbalance {month}", justify="right", no_wrap=True)
    if band:
        view.add_column("结余所在区间\nband", justify="right", no_wrap=True)
    fields = [str(f) for f in tracked["field"].values]
    count = tracked.sizes["region"]
    for i in range(count):
        row = last.isel(region=i)
        cells = [str(row["region_name"].values)]
        for key, _ in PRINTED:
            value = float(row["ytd_gap"].sel(field=key)) if key in fields else NAN
            cells.append(_money(value, money, digits))
        value = float(row["gap"].sel(field="balance")) if "balance" in fields else NAN
        cells.append(_money(value, money, digits))
        if band:
            cells.append(_band(float(row["balance_band_low"]), float(row["balance_band_high"])))
        view.add_row(*map(escape, cells), end_section=i == count - 2)
    return view


def _money(yuan: float, money: Any, digits: int) -> str:
    if yuan != yuan:  # NaN: not reported
        return "—"
    text = f"{abs(yuan) / money.yuan:,.{digits}f}"
    if not any(c in "123456789" for c in text):  # rounds to zero: no sign
        return text
    return ("−" if yuan < 0 else "+") + text


def _band(low: float, high: float) -> str:
    """'P25–P50', '<P5', '>P95'."""
    if low != low:
        return "—"
    if low == 0:
        return f"<P{high * 100:g}"
    if high == 1:
        return f">P{low * 100:g}"
    return f"P{low * 100:g}–P{high * 100:g}"
