"""The figures a report shows, as plain data (pandas / xarray), usable in a notebook.

Everything is computed from the ``results.nc`` of a run (CONTRACT.md), which is the single
source of truth of a run folder: ``summary.csv`` and ``annual.csv`` are tables of the same
Dataset (:func:`fundsim.run.tables.summary_table`, :func:`fundsim.run.tables.annual_table`).
Money stays in yuan here; formatting is the renderer's business. With several paths, counts
and amounts are means over paths and probabilities are shares of paths.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr
import yaml

from fundsim.base.errors import InputError, Problem
from fundsim.law.parameter import Parameter, load_law

#: Variables and attributes a results file needs for a report (CONTRACT.md and results.py).
REQUIRED_VARIABLES = (
    "balance", "reserve_months", "passes_12", "passes_24", "returns_paid", "pool_transfer",
    "fiscal_subsidy", "fiscal_subsidy_returns", "fiscal_subsidy_deficit", "firms_covered",
    "trainees", "training_paid", "pool_balance", "pool_opening_balance", "opening_balance",
)
REQUIRED_ATTRIBUTES = ("scenario", "parameters", "general_months", "difficult_months")
#: A pool balance at or below this many yuan counts as exhausted (allocation arithmetic
#: leaves rounding dust of well under one yuan).
EXHAUSTED_YUAN = 1.0
#: Money below this many yuan (over a year) is treated as none (rounding dust).
NEGLIGIBLE_YUAN = 1.0


def load_run(results_dir: Path) -> xr.Dataset:
    """The Dataset of a run folder, checked to be a fundsim run; InputError otherwise."""
    folder = Path(results_dir)
    if not folder.exists():
        raise InputError([Problem(str(folder), "", "RESULTS_DIR", "folder not found")])
    if not folder.is_dir():
        raise InputError([Problem(str(folder), "", "RESULTS_DIR",
                                  "not a folder; give the folder fundsim run wrote")])
    path = folder / "results.nc"
    if not path.is_file():
        raise InputError([Problem(str(folder), "", "RESULTS_DIR",
                                  "not a fundsim run folder: results.nc is missing")])
    try:
        ds = xr.load_dataset(path, engine="h5netcdf")
    except (OSError, ValueError) as exc:
        raise InputError([Problem(str(path), "", "", f"not a readable results file: {exc}")]
                         ) from None
    problems = []
    missing = [name for name in REQUIRED_VARIABLES if name not in ds.variables]
    if missing:
        problems.append(Problem(str(path), "", "", "not a fundsim results file (missing "
                                "variables " + ", ".join(missing) + ")"))
    missing_dims = [d for d in ("region", "month") if d not in ds.dims]
    if missing_dims or "region_name" not in ds.coords:
        problems.append(Problem(str(path), "", "", "not a fundsim results file (missing "
                                "dimensions region and month or the region_name coordinate)"))
    absent = [name for name in REQUIRED_ATTRIBUTES if name not in ds.attrs]
    if absent:
        problems.append(Problem(str(path), "", "", "no run record (missing global attributes "
                                + ", ".join(absent) + ")"))
    elif not isinstance(_record(ds), dict):
        problems.append(Problem(str(path), "", "parameters",
                                "the run record's parameters are not readable YAML"))
    if problems:
        raise InputError(problems)
    return ds


def _record(ds: xr.Dataset) -> Any:
    try:
        return yaml.safe_load(str(ds.attrs.get("parameters", "")))
    except yaml.YAMLError:
        return None


def _years(ds: xr.Dataset) -> xr.DataArray:
    return ds["month"].dt.year


def _mean(da: xr.DataArray) -> xr.DataArray:
    return da.mean("path") if "path" in da.dims else da


def _below(ds: xr.Dataset, test: str) -> xr.DataArray:
    """Per region, year (and path): the region fails the test at that year's assessment."""
    return (ds[test] == 0).groupby(_years(ds)).any()


def headline_table(ds: xr.Dataset) -> pd.DataFrame:
    """The headline figures by year, and a whole-period row (index ``"total"``), in yuan.

    Columns: regions below the general and the difficult-firm test (counted at each year's
    assessment; the total row counts regions below in at least one year), pool transfers,
    fiscal subsidy for returns and for deficits, returns paid, firms paid a return (per year; a
    firm paid both returns counts twice; the total row adds the years), training person-months
    and trainees in the peak month. With paths: means over paths, plus
    ``p_any_below_general`` (the share of paths on which some region fails the general test).
    """
    years = _years(ds)
    below_general = _below(ds, "passes_12")
    below_difficult = _below(ds, "passes_24")

    def flow(name: str) -> xr.DataArray:
        return _mean(ds[name].sum("region").groupby(years).sum())

    trainees = _mean(ds["trainees"].sum("region"))
    table = pd.DataFrame({
        "regions_below_general": _mean(below_general.sum("region")).values,
        "regions_below_difficult": _mean(below_difficult.sum("region")).values,
        "pool_transfer": flow("pool_transfer").values,
        "fiscal_subsidy_returns": flow("fiscal_subsidy_returns").values,
        "fiscal_subsidy_deficit": flow("fiscal_subsidy_deficit").values,
        "returns_paid": flow("returns_paid").values,
        "firms_covered": flow("firms_covered").values,
        "trainee_months": trainees.groupby(years).sum().values,
        "trainees_peak": trainees.groupby(years).max().values,
    }, index=pd.Index(below_general["year"].values.tolist(), name="year", dtype=object))
    total = {
        "regions_below_general": float(_mean(below_general.any("year").sum("region"))),
        "regions_below_difficult": float(_mean(below_difficult.any("year").sum("region"))),
        **{c: table[c].sum() for c in ("pool_transfer", "fiscal_subsidy_returns",
                                        "fiscal_subsidy_deficit", "returns_paid",
                                        "firms_covered", "trainee_months")},
        "trainees_peak": table["trainees_peak"].max(),
    }
    if "path" in ds.dims:
        any_below = below_general.any("region")
        table["p_any_below_general"] = any_below.mean("path").values
        total["p_any_below_general"] = float(any_below.any("year").mean("path"))
    table.loc["total"] = pd.Series(total)
    return table


def reserve_by_year(ds: xr.Dataset) -> pd.DataFrame:
    """Months of reserve assessed in each year's first month, region × year (median over
    paths); ``inf`` where a region spent nothing the year before."""
    first = ds["reserve_months"].groupby(_years(ds)).first()
    if "path" in first.dims:
        first = first.median("path")
    return pd.DataFrame(first.transpose("region", "year").values, index=ds["region"].values,
                        columns=first["year"].values.tolist())


def failing_by_year(ds: xr.Dataset, test: str) -> pd.DataFrame:
    """Region × year: 1/0 whether the region fails ``test`` (``passes_12`` / ``passes_24``),
    or, with paths, the share of paths on which it does."""
    below = _below(ds, test).astype(float)
    if "path" in below.dims:
        below = below.mean("path")
    return pd.DataFrame(below.transpose("region", "year").values, index=ds["region"].values,
                        columns=below["year"].values.tolist())


def pool_exhausted(ds: xr.Dataset) -> pd.DataFrame:
    """Years in which the provincial pool runs dry while requests go unmet.

    Exhausted: the pool's balance falls to zero in the year while public finance pays returns
    the pool did not cover (``fiscal_subsidy_returns``), i.e. the pool gave all it had and it
    was not enough. Columns: ``share`` (1/0, or the share of paths), ``unmet`` (yuan of returns
    left to public finance that year, mean over the paths where it happens). Only years where
    it happens are listed.
    """
    years = _years(ds)
    empty = (ds["pool_balance"] <= EXHAUSTED_YUAN).groupby(years).any()
    unmet = ds["fiscal_subsidy_returns"].sum("region").groupby(years).sum()
    happens = empty & (unmet > NEGLIGIBLE_YUAN)
    if "path" in happens.dims:
        share = happens.mean("path")
        amount = unmet.where(happens).mean("path")
    else:
        share, amount = happens.astype(float), unmet.where(happens)
    frame = pd.DataFrame({"share": share.values, "unmet": amount.values},
                         index=pd.Index(share["year"].values.tolist(), name="year"))
    return frame[frame["share"] > 0]


def deficit_regions(ds: xr.Dataset) -> pd.DataFrame:
    """Regions whose balance public finance keeps from going negative: total (mean over
    paths), the years it happens (on any path) and the share of paths on which it does."""
    by_year = ds["fiscal_subsidy_deficit"].groupby(_years(ds)).sum()
    happens = by_year > NEGLIGIBLE_YUAN
    if "path" in by_year.dims:
        share = happens.any("year").mean("path").values
        years_any = happens.any("path")
    else:
        share = happens.any("year").astype(float).values
        years_any = happens
    total = _mean(by_year.sum("year")).values
    year_values = years_any["year"].values
    years = [tuple(int(y) for y in year_values[row]) for row in
             years_any.transpose("region", "year").values]
    frame = pd.DataFrame({"name": ds["region_name"].values, "total": total, "share": share,
                          "years": years}, index=ds["region"].values)
    return frame[frame["share"] > 0]


def region_table(ds: xr.Dataset) -> pd.DataFrame:
    """Per region and a province row (index ``"province"``), whole period, yuan: lowest
    reserve months, months below each test, returns paid, pool received, fiscal subsidy by
    cause, training paid, closing balance (means over paths)."""
    below_general = _mean((ds["passes_12"] == 0).sum("month"))
    below_difficult = _mean((ds["passes_24"] == 0).sum("month"))

    def total(name: str) -> np.ndarray:
        return _mean(ds[name].sum("month")).values

    table = pd.DataFrame({
        "name": ds["region_name"].values,
        "lowest_reserve_months": _mean(ds["reserve_months"].min("month")).values,
        "months_below_general": below_general.values,
        "months_below_difficult": below_difficult.values,
        "returns_paid": total("returns_paid"),
        "pool_transfer": total("pool_transfer"),
        "fiscal_subsidy_returns": total("fiscal_subsidy_returns"),
        "fiscal_subsidy_deficit": total("fiscal_subsidy_deficit"),
        "training_paid": total("training_paid"),
        "closing_balance": _mean(ds["balance"].isel(month=-1)).values,
    }, index=pd.Index(ds["region"].values.tolist(), name="region", dtype=object))
    sums = table.drop(columns=["name", "lowest_reserve_months", "months_below_general",
                               "months_below_difficult"]).sum()
    table.loc["province"] = pd.Series({
        "name": "", "lowest_reserve_months": table["lowest_reserve_months"].min(),
        "months_below_general": table["months_below_general"].max(),
        "months_below_difficult": table["months_below_difficult"].max(), **sums})
    return table


# ---------------------------------------------------------------------------- run record

_PAST_END = re.compile(
    r"^(?P<key>[\w.]+): the value in force from (?P<start>\d{4}-\d{2}-\d{2}) ends "
    r"(?P<end>\d{4}-\d{2}-\d{2}) by its notice; the run assumes it continues to "
    r"(?P<until>\d{4}-\d{2})$")


def record_warnings(ds: xr.Dataset) -> list[dict[str, str]]:
    """The run record's warnings: parameters past their notice's end date parsed into their
    fields (``kind = "past_end"``), anything else kept as text (``kind = "other"``)."""
    out = []
    for line in str(ds.attrs.get("warnings", "")).splitlines():
        if not line.strip():
            continue
        match = _PAST_END.match(line.strip())
        out.append({"kind": "past_end", **match.groupdict()} if match
                   else {"kind": "other", "text": line.strip()})
    return out


@dataclass
class ParameterRow:
    """One value of a parameter in force during the run."""

    key: str
    start: dt.date
    value: Any
    unit: str | None
    description: str
    source: str | None  # None: unavailable
    source_kind: str  # "scenario", "law" or "unavailable"
    end: dt.date | None = None


@dataclass
class Parameters:
    """The parameters in force over a run, with their sources where they can be known."""

    rows: list[ParameterRow]
    assumptions: dict[str, Any]
    scenario_source: str
    scenario_readable: bool
    record: dict[str, Any] = field(default_factory=dict)


def _date(raw: Any) -> dt.date:
    return raw if isinstance(raw, dt.date) else dt.date.fromisoformat(str(raw))


def _flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in tree.items():
        if isinstance(value, dict) and value:
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def parameters_in_force(ds: xr.Dataset) -> Parameters:
    """The run record's parameter values in force over the run, with their sources.

    The record holds values, not sources. The source of a value is taken from the scenario
    file named in the record when it still loads and gives the same value on the same date
    (reforms name their file and line); otherwise, when the value equals current law's on
    that date, from the law's reference; otherwise it is unavailable (the scenario changed or
    is gone, or the value came from ``--set``, which the record does not keep).
    """
    from fundsim.inputs.scenario import load_scenario

    record = _record(ds) or {}
    first = np.datetime64(ds["month"].values[0], "D").item()
    last = np.datetime64(ds["month"].values[-1], "D").item()
    source = str(ds.attrs.get("scenario_source") or record.get("source") or "")
    scenario_params: dict[str, Parameter] = {}
    readable = False
    if source and Path(source).is_file():
        try:
            scenario_params = load_scenario(source).params
            readable = True
        except InputError:
            readable = False
    law = load_law()
    rows = []
    for key, dated in sorted((record.get("parameters") or {}).items()):
        values = sorted((_date(d), v) for d, v in dated.items())
        in_force = [(d, v) for i, (d, v) in enumerate(values)
                    if d <= last and (i + 1 == len(values) or values[i + 1][0] > first)]
        law_param = law.get(key)
        for day, value in in_force:
            row_source, kind = None, "unavailable"
            mine = scenario_params.get(key)
            if mine is not None and dict(mine.values).get(day, object()) == value:
                row_source, kind = mine.source(day), "scenario"
            elif law_param is not None and dict(law_param.values).get(day, object()) == value:
                row_source, kind = law_param.source(day), "law"
            from_law = kind == "law" or (kind == "scenario" and mine is not None
                                         and mine.origins.get(day, "law") == "law")
            end = None
            if from_law and law_param is not None and law_param.end and day <= law_param.end:
                later = [d for d, _ in values if d > day]
                if not later or later[0] > law_param.end + dt.timedelta(days=1):
                    end = law_param.end  # the notice ends before the next value takes over
            rows.append(ParameterRow(key, max(day, first), value,
                                     law_param.unit if law_param else None,
                                     law_param.description if law_param else "",
                                     row_source, kind, end))
    return Parameters(rows, _flatten(record.get("assumptions") or {}), source, readable,
                      record)
