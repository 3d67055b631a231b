"""The early warning of a re-forecast (``fundsim run SCENARIO --actuals FILE``): where each
region ends the year of the last actual month, its months of reserve at the next January's
assessment, the probability that it then fails each reserve test, and a grade.

A run started from actuals carries ``actual`` (month: the month's figures are actual), the
attributes ``last_actual_month`` and ``actuals_source``, and the January projection of the same
scenario without actuals (``plan_balance``, ``plan_reserve_months``). From it:

- **the year end** is December of the year of the last actual month, **next January** the
  first January after the last actual month (the assessment made on that year end's balance);
- the year-end balance and next January's months of reserve are taken path by path and given
  as the mean and the 5 %, 50 % and 95 % quantiles over paths; the probability of failing a
  test is the share of paths on which the engine's verdict of next January fails it (the
  threshold in force then: :func:`fundsim.run.metrics.passes`). A run summarised over paths
  keeps every path by calendar year, so it gives the same figures
  (:func:`fundsim.run.metrics.paths_view`);
- the **grade** of a row follows its probability of failing the general (12-month) test:
  ``red`` from :data:`WATCH_RED`, ``amber`` from :data:`WATCH_AMBER`, ``green`` below. The
  thresholds are the planner's: the Dataset's attributes ``watch_amber`` / ``watch_red``
  override the defaults, the functions' arguments override both.

The province row (:data:`~fundsim.run.metrics.PROVINCE_ROW`) is the province as one fund: the
regions' balances and the pool's, the engine's ``province_reserve_months`` against the same
thresholds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import xarray as xr

from fundsim.base.errors import InputError, Problem
from fundsim.run import columns, metrics
from fundsim.run.columns import Unit
from fundsim.run.metrics import PROVINCE_NAME, PROVINCE_ROW

if TYPE_CHECKING:
    from rich.table import Table

#: p(fail the general test next January) from which a region is graded amber, then red.
WATCH_AMBER = 0.10
WATCH_RED = 0.50
#: The grades, the most urgent first.
GRADES = ("red", "amber", "green")
#: The quantiles over paths the table gives.
WATCH_QUANTILES = (0.05, 0.5, 0.95)
#: The file :func:`fundsim.run.files.write_watch` writes.
WATCH_FILE = "watch.csv"



# ------------------------------------------------------------------------------ the months


def has_actuals(ds: xr.Dataset) -> bool:
    """True for a run started from actuals (some month's figures are actual)."""
    return "actual" in ds and bool(np.asarray(ds["actual"].values, dtype=bool).any())


def last_actual_month(ds: xr.Dataset) -> np.datetime64:
    """The last actual month (datetime64[M]): the attribute ``last_actual_month``, else the
    last month ``actual`` marks; InputError when the run holds no actuals."""
    text = ds.attrs.get("last_actual_month")
    if text:
        try:
            return np.datetime64(str(text)[:7], "M")
        except ValueError:
            raise InputError([Problem(_source(ds), "", "last_actual_month",
                                      f"not a month (YYYY-MM): {text!r}")]) from None
    if not has_actuals(ds):
        raise InputError([Problem(_source(ds), "", "actual",
                                  "the run holds no actual months: the watch list is made "
                                  "for a run started from actuals (fundsim run --actuals FILE)")])
    flags = np.asarray(ds["actual"].values, dtype=bool)
    return ds["month"].values[np.flatnonzero(flags)[-1]].astype("datetime64[M]")


def _source(ds: xr.Dataset) -> str:
    return str(ds.attrs.get("actuals_source") or ds.attrs.get("scenario") or "results")


@dataclass(frozen=True)
class WatchMonths:
    """The months a watch list reads: the last actual month, the year end after it (December
    of its year) and the next January's assessment."""

    last_actual: np.datetime64
    year_end: np.datetime64
    january: np.datetime64

    @property
    def year(self) -> int:
        """The year whose end the balances are taken at."""
        return int(str(self.year_end)[:4])


def watch_months(ds: xr.Dataset) -> WatchMonths:
    """:class:`WatchMonths` of a re-forecast; InputError when the run ends before the next
    January (or holds no actuals)."""
    last = last_actual_month(ds)
    year = int(str(last)[:4])
    year_end = np.datetime64(f"{year}-12", "M")
    january = np.datetime64(f"{year + 1}-01", "M")
    months = ds["month"].values.astype("datetime64[M]")
    if months[-1] < january:
        raise InputError([Problem(
            _source(ds), "", "last_actual_month",
            f"the run ends in {months[-1]}, before the next January assessment ({january}) "
            f"after the last actual month {last}: the watch list needs the run to reach it "
            f"(set the scenario's months to reach {january} or later)")])
    if not months[0] <= last:
        raise InputError([Problem(_source(ds), "", "last_actual_month",
                                  f"{last} is before the run's first month {months[0]}")])
    return WatchMonths(last, year_end, january)


def watchable(ds: xr.Dataset) -> bool:
    """True for a run started from actuals whose horizon reaches the next January (the runs
    :func:`watch_table`, watch.csv and the chart take)."""
    if not has_actuals(ds) and not ds.attrs.get("last_actual_month"):
        return False
    try:
        watch_months(ds)
    except InputError:
        return False
    return True


# ------------------------------------------------------------------------------ thresholds


def watch_thresholds(ds: xr.Dataset, amber: float | None = None, red: float | None = None
                     ) -> tuple[float, float]:
    """The (amber, red) thresholds of p(fail general): the arguments, else the Dataset's
    attributes ``watch_amber`` / ``watch_red``, else :data:`WATCH_AMBER` / :data:`WATCH_RED`;
    InputError unless 0 < amber ≤ red ≤ 1."""
    found: dict[str, tuple[float, str]] = {}
    problems = []
    for key, given, default in (("watch_amber", amber, WATCH_AMBER),
                                ("watch_red", red, WATCH_RED)):
        origin, value = ("argument", given) if given is not None else (
            ("the run's attributes", ds.attrs[key]) if key in ds.attrs else ("default", default))
        try:
            number = float(value)
        except (TypeError, ValueError):
            problems.append(Problem(origin, "", key, f"must be a probability, not {value!r}"))
            continue
        if not (math.isfinite(number) and 0.0 < number <= 1.0):
            problems.append(Problem(origin, "", key,
                                    f"must be a probability above 0 and at most 1, not {value!r}"))
            continue
        found[key] = (number, origin)
    if not problems and found["watch_amber"][0] > found["watch_red"][0]:
        problems.append(Problem(found["watch_amber"][1], "", "watch_amber",
                                f"{found['watch_amber'][0]:g} is above watch_red "
                                f"{found['watch_red'][0]:g}: amber must not exceed red"))
    if problems:
        raise InputError(problems)
    return found["watch_amber"][0], found["watch_red"][0]


def grade(p_fail_general: float, amber: float = WATCH_AMBER, red: float = WATCH_RED) -> str:
    """``red`` when ``p_fail_general`` ≥ ``red``, ``amber`` when ≥ ``amber``, else ``green``."""
    if p_fail_general >= red:
        return "red"
    if p_fail_general >= amber:
        return "amber"
    return "green"


# ------------------------------------------------------------------------------ the figures


def _in_year(view: xr.Dataset, da: xr.DataArray, year: int, how: str) -> xr.DataArray:
    """``da`` (on ``view``'s month axis) taken for calendar ``year`` by ``how``
    (:func:`fundsim.run.metrics.per_year`), reading only that year's months."""
    index = np.flatnonzero(view["month"].dt.year.values == year)
    part = xr.Dataset(coords={"month": view["month"].values[index]})
    if "months_in_year" in view:  # a yearly view: each entry is its year already
        part["months_in_year"] = view["months_in_year"].isel(month=index)
    return metrics.per_year(part, da.isel(month=index), how).sel(year=year, drop=True)


@dataclass(frozen=True)
class WatchPaths:
    """Path by path (a ``path`` axis when the run has paths): the regions' and the province's
    year-end balances, next January's months of reserve and verdicts (True fails)."""

    balance: xr.DataArray            # region [× path]
    reserve: xr.DataArray            # region [× path]
    fails: dict[str, xr.DataArray]   # test → region [× path]
    province_balance: xr.DataArray   # [path]
    province_reserve: xr.DataArray   # [path]
    province_fails: dict[str, xr.DataArray]  # test → [path]


def watch_paths(ds: xr.Dataset) -> WatchPaths:
    """:class:`WatchPaths` of a re-forecast (made once per Dataset, :func:`metrics.memo`)."""
    return metrics.memo(ds, "watch_paths", _watch_paths)


def _watch_paths(ds: xr.Dataset) -> WatchPaths:
    months = watch_months(ds)
    year, next_year = months.year, months.year + 1
    view = metrics.paths_view(ds)
    balance = _in_year(view, view["balance"], year, "last")
    pool = _in_year(view, view["pool_balance"], year, "last")
    reserve = _in_year(view, view["reserve_months"], next_year, "first")
    fails = {test: _in_year(view, metrics.below(view, test), next_year, "first")
             for test in metrics.TESTS}
    province_fails = {
        test: _in_year(view, ~metrics.province_passes(view, test), next_year, "first")
        for test in metrics.TESTS}
    return WatchPaths(balance, reserve, fails, metrics.sum_over(balance, "region") + pool,
                      _in_year(view, metrics.province_reserve_months(view), next_year, "first"),
                      province_fails)


def _over_paths(values: xr.DataArray, stochastic: bool) -> dict[str, np.ndarray]:
    """The mean and :data:`WATCH_QUANTILES` over paths (region-first arrays, or scalars for
    the province); one path: its value as mean and median, the 5 % and 95 % empty."""
    if "path" not in values.dims:
        value = values.values.astype(float)
        empty = np.full(value.shape, np.nan)
        return {"mean": value, "p05": empty, "p50": value, "p95": empty}
    values = values.transpose(..., "path")
    data = values.values.astype(float)
    q = np.quantile(data, WATCH_QUANTILES, axis=-1)
    out = {"mean": data.mean(axis=-1), "p05": q[0], "p50": q[1], "p95": q[2]}
    if not stochastic:
        out["p05"] = out["p95"] = np.full(out["mean"].shape, np.nan)
    return out


def _plan(ds: xr.Dataset, name: str, month: np.datetime64) -> np.ndarray:
    """A region's plan figure (``plan_balance``, ``plan_reserve_months``) at ``month``; NaN
    where the run has no plan."""
    if name not in ds:
        return np.full(ds.sizes["region"], np.nan)
    at = ds["month"].values.astype("datetime64[M]") == month
    return ds[name].transpose("region", "month").values[:, np.flatnonzero(at)[0]].astype(float)


def _province_plan(ds: xr.Dataset, months: WatchMonths) -> tuple[float, float]:
    """The province fund's plan year-end balance and next-January months of reserve: the
    regions' plan balances plus ``plan_pool_balance`` and ``plan_province_reserve_months``
    where the run holds them, else NaN (the regions' plan alone leaves out the pool)."""
    balance = reserve = math.nan
    if "plan_balance" in ds and "plan_pool_balance" in ds:
        at = ds["month"].values.astype("datetime64[M]") == months.year_end
        index = int(np.flatnonzero(at)[0])
        balance = float(ds["plan_balance"].isel(month=index).sum("region")
                        + ds["plan_pool_balance"].isel(month=index))
    if "plan_province_reserve_months" in ds:
        at = ds["month"].values.astype("datetime64[M]") == months.january
        reserve = float(ds["plan_province_reserve_months"].isel(
            month=int(np.flatnonzero(at)[0])))
    return balance, reserve


def watch_table(ds: xr.Dataset, amber: float | None = None, red: float | None = None
                ) -> pd.DataFrame:
    """One row per region and a last row for the province fund (``province-fund``): the
    year-end balance of the year of the last actual month (mean, 5/50/95 % over paths), next
    January's months of reserve (median, 5 % and 95 %), the probabilities of failing the
    general and the difficult-firm test at that assessment, the January projection's year-end
    balance and months of reserve, and the grade (see the module). Money in yuan, under the
    keys of :data:`WATCH_COLUMNS` with ``yuan`` for ``{u}``.

    A single-path run has no spread: its probabilities are 0 or 1 (the one path fails or
    not), its mean and median are the path's value and the 5 % and 95 % columns are empty.

    The regions are sorted red first, then by p(fail general), p(fail difficult) descending,
    then by next January's median months of reserve ascending (the data's order on ties).
    ``table.attrs`` holds the months, thresholds and number of paths.

    Raises InputError when the run holds no actuals, ends before the next January, or the
    thresholds are not 0 < amber ≤ red ≤ 1."""
    amber, red = watch_thresholds(ds, amber, red)
    made = metrics.memo(ds, f"watch_table/{amber!r}/{red!r}",
                        lambda ds: _watch_table(ds, amber, red))
    table = made.copy()
    table.attrs = dict(made.attrs)
    return table


def _watch_table(ds: xr.Dataset, amber: float, red: float) -> pd.DataFrame:
    """:func:`watch_table` at thresholds already checked, made afresh."""
    months = watch_months(ds)
    paths = watch_paths(ds)
    stochastic = metrics.stochastic(ds)
    region_rows = _rows(
        codes=[str(c) for c in ds["region"].values],
        names=[str(n) for n in ds["region_name"].values],
        balance=_over_paths(paths.balance, stochastic),
        reserve=_over_paths(paths.reserve, stochastic),
        fails={test: metrics.share_of_paths(paths.fails[test]).transpose("region").values
               for test in metrics.TESTS},
        plan_balance=_plan(ds, "plan_balance", months.year_end),
        plan_reserve=_plan(ds, "plan_reserve_months", months.january),
        amber=amber, red=red)
    rank = {g: i for i, g in enumerate(GRADES)}
    region_rows = region_rows.sort_values(
        ["grade", "p_fail_general", "p_fail_difficult", "reserve_months_p50"],
        ascending=[True, False, False, True], key=lambda s: s.map(rank) if s.name == "grade"
        else s, kind="stable")
    plan_balance, plan_reserve = _province_plan(ds, months)
    province = _rows(
        codes=[PROVINCE_ROW], names=[PROVINCE_NAME],
        balance={k: np.atleast_1d(v) for k, v in
                 _over_paths(paths.province_balance, stochastic).items()},
        reserve={k: np.atleast_1d(v) for k, v in
                 _over_paths(paths.province_reserve, stochastic).items()},
        fails={test: np.atleast_1d(metrics.share_of_paths(paths.province_fails[test]).values)
               for test in metrics.TESTS},
        plan_balance=np.array([plan_balance]), plan_reserve=np.array([plan_reserve]),
        amber=amber, red=red)
    table = pd.concat([region_rows, province], ignore_index=True)
    table["year_end"] = str(months.year_end)
    table["assessment"] = str(months.january)
    table.attrs = {"last_actual_month": str(months.last_actual),
                   "year_end": str(months.year_end), "assessment": str(months.january),
                   "amber": amber, "red": red, "paths": _paths(ds),
                   "general_months": _threshold_at(ds, "general", months.january),
                   "difficult_months": _threshold_at(ds, "difficult", months.january),
                   "actuals_source": str(ds.attrs.get("actuals_source", ""))}
    return table


def _paths(ds: xr.Dataset) -> int:
    return int(ds.sizes.get("path", ds.attrs.get("paths", 1)))


def _threshold_at(ds: xr.Dataset, test: str, month: np.datetime64) -> float:
    """The months of reserve ``test`` asks for at the assessment of ``month``."""
    at = ds["month"].values.astype("datetime64[M]") == month
    return float(metrics.threshold(ds, test).values[np.flatnonzero(at)[0]])


def _rows(codes: list[str], names: list[str], balance: dict[str, np.ndarray],
          reserve: dict[str, np.ndarray], fails: dict[str, np.ndarray],
          plan_balance: np.ndarray, plan_reserve: np.ndarray, amber: float, red: float
          ) -> pd.DataFrame:
    general = np.asarray(fails["general"], dtype=float)
    return pd.DataFrame({
        "code": codes, "name": names,
        "grade": [grade(p, amber, red) for p in general],
        "p_fail_general": general,
        "p_fail_difficult": np.asarray(fails["difficult"], dtype=float),
        "reserve_months_p50": reserve["p50"], "reserve_months_p05": reserve["p05"],
        "reserve_months_p95": reserve["p95"], "plan_reserve_months": plan_reserve,
        "year_end_balance_mean_yuan": balance["mean"],
        "year_end_balance_p05_yuan": balance["p05"],
        "year_end_balance_p50_yuan": balance["p50"],
        "year_end_balance_p95_yuan": balance["p95"],
        "plan_year_end_balance_yuan": plan_balance,
    })


def watch_regions(ds: xr.Dataset, amber: float | None = None, red: float | None = None
                  ) -> list[str]:
    """The codes of the regions to watch (graded red or amber), red first, most at risk
    first (the order of :func:`watch_table`; the province fund is not a region)."""
    table = watch_table(ds, amber, red)
    watched = table[(table["code"] != PROVINCE_ROW) & (table["grade"] != "green")]
    return [str(c) for c in watched["code"]]


# ------------------------------------------------------------------------------ watch.csv


def watch_csv_table(ds: xr.Dataset, unit: str | Unit | None = None,
                    amber: float | None = None, red: float | None = None) -> pd.DataFrame:
    """watch.csv as written: :func:`watch_table` with money in ``unit`` (default 万元), each
    money key's suffix naming it (:mod:`fundsim.run.columns`)."""
    return columns.in_unit(watch_table(ds, amber, red), WATCH_FILE, unit)


# ------------------------------------------------------------------------------ the console

#: The grade's words on the console (Chinese and English, as the run's summary table).
GRADE_WORDS = {"red": "红 red", "amber": "黄 amber", "green": "绿 green"}


@dataclass(frozen=True)
class ConsoleTable:
    """A table for the console: a title, column headers, rows of text and the columns to
    align left."""

    title: str
    headers: list[str]
    rows: list[list[str]]
    left: tuple[int, ...] = (0, 1)

    def rich(self) -> Table:
        """The table as a :class:`rich.table.Table` (its text escaped)."""
        from rich.markup import escape
        from rich.table import Table

        view = Table(title=escape(self.title), title_justify="left")
        for i, header in enumerate(self.headers):
            view.add_column(escape(header), justify="left" if i in self.left else "right",
                            no_wrap=True)
        for i, row in enumerate(self.rows):
            view.add_row(*map(escape, row), end_section=i == len(self.rows) - 2)
        return view


def watch_console(ds: xr.Dataset, unit: str | Unit | None = None, amber: float | None = None,
                  red: float | None = None) -> ConsoleTable:
    """The watch list for the console: the regions to watch (red and amber, most at risk
    first) and the province fund last, each with its grade, p(fail general), next January's
    months of reserve (median [5–95 %]) beside the plan's and the year-end balance re-forecast
    (median) beside the plan's, money in ``unit`` (default 万元). The green regions are only
    counted, in the title."""
    unit = columns.parse_unit(unit)
    table = watch_table(ds, amber, red)
    attrs = table.attrs
    stochastic = metrics.stochastic(ds)
    digits = {"yuan": 0, "wan": 0, "yi": 2}.get(unit.code, 0)
    general = f"{attrs['general_months']:g}"
    headers = ["等级\ngrade", "地区\nregion",
               f"未达{general}个月概率\np(fail {general} m)",
               f"{attrs['assessment']} 备付月数\nreserve months"
               + (" [5–95%]" if stochastic else ""),
               "1月预测\nplan",
               f"{attrs['year_end']} 结余({unit.zh})\nyear-end balance"
               + (" (median)" if stochastic else ""),
               "1月预测\nplan"]
    regions = table["code"] != PROVINCE_ROW
    shown = table[~regions | (table["grade"] != "green")]
    rows = []
    for _, row in shown.iterrows():
        months = _number(row["reserve_months_p50"], 1)
        if np.isfinite(row["reserve_months_p05"]):
            months += (f" [{_number(row['reserve_months_p05'], 1)}–"
                       f"{_number(row['reserve_months_p95'], 1)}]")
        rows.append([GRADE_WORDS[row["grade"]], str(row["name"]),
                     f"{row['p_fail_general'] * 100:.0f}%", months,
                     _number(row["plan_reserve_months"], 1),
                     _number(row["year_end_balance_p50_yuan"] / unit.yuan, digits),
                     _number(row["plan_year_end_balance_yuan"] / unit.yuan, digits)])
    paths = attrs["paths"]
    watched, total = len(shown) - 1, int(regions.sum())
    title = (f"watch list: {watched} of {total} regions to watch at the {attrs['assessment']} "
             f"assessment (actuals to {attrs['last_actual_month']}; red: p(fail) ≥ "
             f"{attrs['red']:.0%}, amber: ≥ {attrs['amber']:.0%}"
             + (f", {paths} paths)" if stochastic else ", one path: p is 0 or 100%)"))
    return ConsoleTable(title, headers, rows)


def watch_console_rows(ds: xr.Dataset, unit: str | Unit | None = None) -> list[list[str]]:
    """:func:`watch_console`'s headers (first row, one line each) and rows, as plain text."""
    found = watch_console(ds, unit)
    return [[h.replace("\n", " ") for h in found.headers], *found.rows]


def _number(value: Any, digits: int) -> str:
    value = float(value)
    if not math.isfinite(value):
        return "∞" if value == math.inf else "—"
    return f"{value:,.{digits}f}"
