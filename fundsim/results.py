"""Results: the xarray Dataset of a run (CONTRACT.md), its tables, and writing them safely.

Every money flow of a region's fund carries ``flow`` = ``in``/``out`` so that
``balance[t] = balance[t-1] + Σ in − Σ out`` can be checked from the file alone; flows to or from
the pool or the skills account also carry ``counterpart``; flows of those ledgers alone carry
``ledger``; parts of a flow carry ``component_of`` and no ``flow`` (so nothing counts twice).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import xarray as xr

from fundsim.data import Regions
from fundsim.inputs import EngineInputs
from fundsim.outputs import write_folder
from fundsim.scenario import Scenario

YUAN = "yuan"
# name: (long_name, units, extra attributes)
VARIABLES: dict[str, tuple[str, str, dict[str, str]]] = {
    "balance": ("rolling balance at month end (滚存结余)", YUAN, {}),
    "contributions": ("contribution income (失业保险费收入)", YUAN, {"flow": "in"}),
    "interest": ("interest on the balance (利息收入)", YUAN, {"flow": "in"}),
    "pool_transfer": ("received from the provincial pool (调剂金拨入)", YUAN,
                      {"flow": "in", "counterpart": "pool"}),
    "fiscal_subsidy": ("public-finance top-up (财政补贴)", YUAN, {"flow": "in"}),
    "benefits": ("unemployment benefits paid, incl. medical insurance for recipients (失业保险金)",
                 YUAN, {"flow": "out"}),
    "expanded_coverage": ("expanded coverage: 失业补助金 and 临时生活补助", YUAN, {"flow": "out"}),
    "skills_subsidy": ("skill-improvement subsidies (技能提升补贴)", YUAN, {"flow": "out"}),
    "returns_paid": ("job-stabilisation returns paid to firms, general and difficult-firm "
                     "(稳岗返还)", YUAN, {"flow": "out"}),
    "remittance": ("remitted to the provincial pool (上解调剂金)", YUAN,
                   {"flow": "out", "counterpart": "pool"}),
    "skills_transfer": ("transferred to the skills account to cover 以工代训", YUAN,
                        {"flow": "out", "counterpart": "skills"}),
    "returns_general": ("general return paid (普惠性稳岗返还)", YUAN,
                        {"component_of": "returns_paid"}),
    "returns_difficult": ("difficult-firm return paid (困难企业稳岗返还)", YUAN,
                          {"component_of": "returns_paid"}),
    "fiscal_subsidy_returns": ("public finance funding returns the pool could not cover", YUAN,
                               {"component_of": "fiscal_subsidy"}),
    "fiscal_subsidy_deficit": ("public finance keeping the balance from going negative", YUAN,
                               {"component_of": "fiscal_subsidy"}),
    "reserve_months": ("months of reserve as assessed for the tests in force (备付月数)", "months",
                       {}),
    "passes_12": ("passes the general-return reserve test (reserve_months >= general_months)",
                  "1", {}),
    "passes_24": ("passes the difficult-firm reserve test (reserve_months >= difficult_months)",
                  "1", {}),
    "recipients": ("unemployment benefit recipients at month end", "persons", {}),
    "firms_covered": ("firms paid a return this month (a firm paid both returns counts twice)",
                      "firms", {}),
    "workers_covered": ("insured workers in firms paid a return this month", "persons", {}),
    "trainees": ("people whose 以工代训 subsidy is paid this month", "persons", {}),
    "training_paid": ("以工代训 paid from the skills account", YUAN,
                      {"ledger": "skills", "ledger_flow": "out"}),
    "skills_balance": ("skills special account balance at month end", YUAN, {"stock_of": "skills"}),
    "pool_balance": ("provincial adjustment pool balance at month end", YUAN, {}),
    "pool_interest": ("interest earned by the pool", YUAN, {"ledger": "pool", "ledger_flow": "in"}),
    "cap_multiple": ("pool cap multiple in force for the region", "multiple", {}),
    "covered_wages": ("covered wages: insured × contribution wage (central path; stochastic "
                      "paths scale contributions by their own wage level)", YUAN, {}),
}


def build_dataset(scenario: Scenario, regions: Regions, inp: EngineInputs,
                  out: dict[str, np.ndarray], paths: int, seed: int | None,
                  version: str) -> xr.Dataset:
    """Assemble the CONTRACT.md Dataset (dims region, month[, path])."""
    stochastic = paths > 1
    months = inp.months.astype("datetime64[ns]")
    coords: dict[str, object] = {
        "region": ("region", regions.code.astype(str)),
        "region_name": ("region", regions.name.astype(str)),
        "month": ("month", months),
    }
    if stochastic:
        coords["path"] = ("path", np.arange(paths, dtype=np.int64))

    def regional(array: np.ndarray) -> xr.DataArray:
        if array.ndim == 2:  # month × region, the same on every path
            if stochastic:
                array = np.broadcast_to(array[:, :, None], array.shape + (paths,))
            else:
                array = array[:, :, None]
        if not stochastic:
            return xr.DataArray(array[:, :, 0], dims=("month", "region")).transpose()
        return xr.DataArray(array, dims=("month", "region", "path")).transpose(
            "region", "month", "path")

    def pooled(array: np.ndarray) -> xr.DataArray:
        return xr.DataArray(array if stochastic else array[:, 0],
                            dims=("month", "path") if stochastic else ("month",))

    data: dict[str, xr.DataArray] = {}
    for name, array in out.items():
        data[name] = pooled(array) if array.ndim == 2 and name.startswith("pool") else regional(
            array)
    for name in ("covered_wages", "skills_subsidy", "skills_transfer", "trainees",
                 "training_paid", "skills_balance"):
        data[name] = regional(getattr(inp, name)[..., 0])
    data["cap_multiple"] = xr.DataArray(inp.cap_multiple[..., 0],
                                        dims=("month", "region")).transpose()
    ds = xr.Dataset(data, coords=coords)
    for name in ds.data_vars:
        long_name, units, extra = VARIABLES[name]
        ds[name].attrs.update({"long_name": long_name, "units": units, **extra})
    ds["opening_balance"] = xr.DataArray(inp.opening_balance, dims=("region",), attrs={
        "long_name": "rolling balance before the first month", "units": YUAN})
    ds["skills_opening_balance"] = xr.DataArray(
        regions["skills_opening_balance"], dims=("region",),
        attrs={"long_name": "skills account balance before the first month", "units": YUAN,
               "stock_of": "skills"})
    ds["last_year_expenditure"] = xr.DataArray(inp.last_year_total, dims=("region",), attrs={
        "long_name": "spending in the year before the first month (data; first reserve test)",
        "units": YUAN})
    ds["pool_opening_balance"] = xr.DataArray(inp.pool_opening_balance, attrs={
        "long_name": "provincial pool balance before the first month", "units": YUAN})
    ds.attrs.update({
        "title": f"fundsim run: {scenario.name}",
        "scenario": scenario.name,
        "scenario_description": scenario.description,
        "scenario_source": scenario.source,
        "parameters": scenario.resolved_yaml(),
        "seed": -1 if seed is None else int(seed),
        "paths": int(paths),
        "fundsim_version": version,
        "general_months": float(inp.general_months[0, 0]),
        "difficult_months": float(inp.difficult_months[0, 0]),
        "warnings": "\n".join(scenario.warnings),
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "money_units": "yuan",
    })
    return ds


def _mean_paths(da: xr.DataArray) -> xr.DataArray:
    return da.mean("path") if "path" in da.dims else da


WAN = 1e4


def summary_table(ds: xr.Dataset) -> pd.DataFrame:
    """One row per region (and a province row): the headline figures of a run.

    With several paths every figure is the mean over paths.
    """
    general, difficult = ds.attrs["general_months"], ds.attrs["difficult_months"]
    reserve = ds["reserve_months"]
    columns = {
        "lowest_reserve_months": _mean_paths(reserve.min("month")),
        "months_below_12": _mean_paths((reserve < general).sum("month")),
        "months_below_24": _mean_paths((reserve < difficult).sum("month")),
        "returns_paid_wan": _mean_paths(ds["returns_paid"].sum("month")) / WAN,
        "firms_covered": _mean_paths(ds["firms_covered"].sum("month")),
        "workers_covered": _mean_paths(ds["workers_covered"].sum("month")),
        "pool_received_wan": _mean_paths(ds["pool_transfer"].sum("month")) / WAN,
        "fiscal_subsidy_wan": _mean_paths(ds["fiscal_subsidy"].sum("month")) / WAN,
        "fiscal_for_returns_wan": _mean_paths(ds["fiscal_subsidy_returns"].sum("month")) / WAN,
        "fiscal_for_deficit_wan": _mean_paths(ds["fiscal_subsidy_deficit"].sum("month")) / WAN,
        "training_paid_wan": _mean_paths(ds["training_paid"].sum("month")) / WAN,
        "closing_balance_wan": _mean_paths(ds["balance"].isel(month=-1)) / WAN,
    }
    table = pd.DataFrame({k: v.values for k, v in columns.items()})
    table.insert(0, "name", ds["region_name"].values)
    table.insert(0, "code", ds["region"].values)
    total = {c: table[c].sum() for c in table.columns if c.endswith("_wan") or "covered" in c}
    total.update(code="province", name="全省合计",
                 lowest_reserve_months=table["lowest_reserve_months"].min(),
                 months_below_12=table["months_below_12"].max(),
                 months_below_24=table["months_below_24"].max())
    table = pd.concat([table, pd.DataFrame([total])], ignore_index=True)
    table["ahcm"] = table["code"].map(_ahcm(ds))
    return table


def _ahcm(ds: xr.Dataset) -> pd.Series:
    """The US average high cost multiple per region (and province) at the last complete year;
    empty when the run has no complete calendar year."""
    from fundsim.validation.solvency import solvency_table

    if "covered_wages" not in ds or ds.sizes["month"] < 12:
        return pd.Series(dtype=float)
    return solvency_table(ds).set_index("code")["ahcm"]


INCOME = ("contributions", "interest", "pool_transfer", "fiscal_subsidy")
SPENDING = ("benefits", "expanded_coverage", "skills_subsidy", "returns_paid")


def annual_table(ds: xr.Dataset) -> pd.DataFrame:
    """The accounts per region and calendar year in 万元, with a province total row per year.

    Spending excludes the remittance and the skills-account transfer (shown apart); year-end
    reserve months = year-end balance ÷ (that year's spending ÷ 12). Means over paths.
    """
    year = ds["month"].dt.year
    flows = {name: _mean_paths(ds[name]).groupby(year).sum() / WAN
             for name in INCOME + SPENDING + ("remittance", "skills_transfer")}
    closing = _mean_paths(ds["balance"]).groupby(year).last() / WAN
    frames = []
    codes, names = ds["region"].values, ds["region_name"].values
    for i, code in enumerate(list(codes) + ["province"]):
        def pick(da: xr.DataArray, i: int = i, code: str = code) -> np.ndarray:
            return (da.sum("region") if code == "province" else da.isel(region=i)).values
        income = sum(pick(flows[n]) for n in INCOME)
        spending = sum(pick(flows[n]) for n in SPENDING)
        balance = pick(closing)
        reserve = np.divide(balance * 12, spending, out=np.full_like(balance, np.inf),
                            where=spending > 0)
        frames.append(pd.DataFrame({
            "year": closing["year"].values,
            "code": code,
            "name": "全省合计" if code == "province" else names[i],
            "income_wan": income,
            **{f"{n}_wan": pick(flows[n]) for n in INCOME},
            "spending_wan": spending,
            **{f"{n}_wan": pick(flows[n]) for n in SPENDING},
            "remittance_wan": pick(flows["remittance"]),
            "skills_transfer_wan": pick(flows["skills_transfer"]),
            "year_end_balance_wan": balance,
            "year_end_reserve_months": reserve,
        }))
    return pd.concat(frames, ignore_index=True).sort_values(["year"], kind="stable")


def save_netcdf(ds: xr.Dataset, path: Path) -> None:
    """Write NetCDF-4 with h5netcdf (int64, Chinese strings and attributes round-trip)."""
    encoding = {name: {"zlib": True, "complevel": 1, "shuffle": True} for name in ds.data_vars
                if ds[name].ndim >= 2}
    ds.to_netcdf(path, engine="h5netcdf", encoding=encoding)


def write_csv(table: pd.DataFrame, path: Path) -> None:
    """UTF-8 with BOM so that Excel shows the Chinese names."""
    table.to_csv(path, index=False, encoding="utf-8-sig", float_format="%.4f")


def write_run_files(ds: xr.Dataset, folder: Path,
                    plot: Callable[[xr.Dataset, Path], list[Path]] | None = None) -> None:
    """Write results.nc, summary.csv, annual.csv (and plots) into an existing folder."""
    # HDF5 compresses outside the GIL: write the file while the tables and plots are made.
    with ThreadPoolExecutor(1) as writer:
        netcdf = writer.submit(save_netcdf, ds, folder / "results.nc")
        write_csv(summary_table(ds), folder / "summary.csv")
        write_csv(annual_table(ds), folder / "annual.csv")
        if plot is not None:
            plot(ds, folder)
        if "path" in ds.dims:
            from fundsim.fan_charts import plot_fan
            from fundsim.risk import risk_table

            write_csv(risk_table(ds), folder / "risk.csv")
            if plot is not None:
                plot_fan(ds, folder / "fan_reserve_months.png")
        netcdf.result()


def write_run(ds: xr.Dataset, folder: Path,
              plot: Callable[[xr.Dataset, Path], list[Path]] | None = None) -> Path:
    """Write a run's outputs into ``folder`` atomically (:func:`fundsim.outputs.write_folder`)."""
    return write_folder(folder, lambda temp: write_run_files(ds, temp, plot))
