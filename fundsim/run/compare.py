"""Comparing scenarios: headline metrics and province-level projections on a ``scenario`` axis.

Each scenario is simulated whole with the same seed, so the national shocks of every path are
the same in every scenario (the regional draws too, when the scenarios share their regions).
Scenarios may differ in regions (e.g. provincial pooling) and horizon; what is compared is
province-level.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd
import xarray as xr

from fundsim.base.errors import InputError, Problem
from fundsim.inputs.scenario import Scenario, load_scenario
from fundsim.run import metrics
from fundsim.run.simulation import simulate

QUANTILES = (0.05, 0.5, 0.95)


SERIES = ("province_reserve_months", "lowest_reserve_months_by_month", "balance_total")
#: (long_name, units) of each series (:func:`fundsim.run.metrics.province_reserve_months`,
#: :func:`~fundsim.run.metrics.weakest_reserve_months`).
SERIES_ATTRS = {
    "province_reserve_months": ("months of reserve of the province as one fund (regions and "
                                "the pool)", "months"),
    "lowest_reserve_months_by_month": ("months of reserve of the weakest region", "months"),
    "balance_total": ("the regions' balances at month end, summed (the pool not included)",
                      "yuan"),
}
#: Per region and scenario, over the horizon (means over paths; NaN where a scenario does not
#: have the region): (long_name, units).
REGION_ATTRS = {
    "region_lowest_reserve_months": ("lowest assessed months of reserve of the region", "months"),
    "region_closing_balance": ("the region's fund balance at the end of the horizon", "yuan"),
    "region_returns_paid": ("稳岗返还 paid by the region over the horizon", "yuan"),
    "region_fiscal_subsidy": ("public finance paid to the region over the horizon, both causes",
                              "yuan"),
}
SUFFIXES = {"_diff": " (difference to the first scenario)", "_quantile": " (quantiles over paths)",
            "_p05": " (5th percentile over paths)", "_p95": " (95th percentile over paths)"}


def compare(scenarios: Sequence[str | Path | Scenario], *, paths: int = 1, seed: int = 0,
            overrides: Sequence[str] = (),
            progress: Callable[[int, int], None] | None = None,
            allow_large: bool = False) -> xr.Dataset:
    """Simulate every scenario on the same draws; return metrics and projections by scenario.

    Metrics are means over paths (plus ``*_quantile`` when stochastic); series are medians over
    paths with ``*_p05`` and ``*_p95`` bands when stochastic. Differences against the first
    scenario are in ``*_diff``. ``allow_large`` lets a run estimated above
    :data:`fundsim.run.size.MAX_BYTES` go ahead (:func:`fundsim.run.simulation.simulate`).
    """
    if len(scenarios) < 1:
        raise InputError([Problem("compare", "", "scenarios", "name at least one scenario")])
    loaded = [s if isinstance(s, Scenario) else load_scenario(s, list(overrides))
              for s in scenarios]
    names = [s.name for s in loaded]
    seen: dict[str, int] = {}
    for i, name in enumerate(names):  # two files may share a name: keep them apart
        if name in seen:
            names[i] = f"{name} ({i + 1})"
        seen[name] = i
    runs = []
    for i, scenario in enumerate(loaded):
        runs.append(simulate(scenario, paths=paths, seed=seed, allow_large=allow_large))
        if progress is not None:
            progress(i + 1, len(loaded))
    metric_rows: dict[str, list[xr.DataArray]] = {}
    series_rows: dict[str, list[xr.DataArray]] = {}
    region_rows: dict[str, list[xr.DataArray]] = {}
    names_of: dict[str, str] = {}
    for ds in runs:
        for name, value in region_figures(ds).items():
            region_rows.setdefault(name, []).append(value)
        names_of.update(zip(ds["region"].values.astype(str),
                            ds["region_name"].values.astype(str), strict=True))
        for name, value in metrics.headline(ds).items():
            metric_rows.setdefault(name, []).append(value)
        series = {"province_reserve_months": metrics.province_reserve_months(ds),
                  "lowest_reserve_months_by_month": metrics.weakest_reserve_months(ds),
                  "balance_total": ds["balance"].sum("region")}
        for name, value in series.items():  # statistics before aligning unequal horizons
            if "path" in value.dims:
                series_rows.setdefault(name, []).append(value.median("path"))
                for tag, q in (("p05", 0.05), ("p95", 0.95)):
                    series_rows.setdefault(f"{name}_{tag}", []).append(
                        value.quantile(q, dim="path").drop_vars("quantile"))
            else:
                series_rows.setdefault(name, []).append(value)
    out: dict[str, xr.DataArray] = {}
    for name, values in metric_rows.items():
        stacked = xr.concat(values, dim="scenario", join="outer")
        mean = stacked.mean("path") if "path" in stacked.dims else stacked
        out[name] = mean
        out[f"{name}_diff"] = mean - mean.isel(scenario=0)
        if "path" in stacked.dims:
            out[f"{name}_quantile"] = stacked.quantile(list(QUANTILES), dim="path")
    for name, values in series_rows.items():
        out[name] = xr.concat(values, dim="scenario", join="outer")
    for name, values in region_rows.items():
        out[name] = xr.concat(values, dim="scenario", join="outer")
    result = xr.Dataset(out).assign_coords(scenario=names)
    if "region" in result.dims:
        result = result.assign_coords(region_name=("region", [
            names_of[str(code)] for code in result["region"].values]))
    if paths > 1:
        result["p_fail_general"] = xr.DataArray(
            [metrics.p_fail(ds, "general") for ds in runs], dims="scenario")
        result["p_fiscal"] = xr.DataArray([metrics.p_fiscal(ds) for ds in runs],
                                          dims="scenario")
    described = {**metrics.METRICS, **SERIES_ATTRS, **REGION_ATTRS}
    for name in result.data_vars:
        base = name.removesuffix("_diff").removesuffix("_quantile").removesuffix(
            "_p05").removesuffix("_p95")
        long_name, units = described[base]
        result[name].attrs.update(long_name=long_name + SUFFIXES.get(name[len(base):], ""),
                                  units=units)
    first = runs[0]
    result.attrs.update({
        "title": "fundsim comparison: " + ", ".join(names),
        "scenarios": "\n".join(s.shown_source for s in loaded), "paths": int(paths),
        "scenario_descriptions": json.dumps(
            [{lang: s.describe(lang) for lang in ("zh", "en")} for s in loaded],
            ensure_ascii=False),
        "seed": int(seed), "general_months": first.attrs["general_months"],
        "difficult_months": first.attrs["difficult_months"],
        "fundsim_version": first.attrs["fundsim_version"],
        "warnings": "\n".join(f"{s.name}: {w}" for s in loaded for w in s.warnings),
    })
    return result


def region_figures(ds: xr.Dataset) -> dict[str, xr.DataArray]:
    """A run's figures per region for :data:`REGION_ATTRS` (means over paths)."""
    view = metrics.paths_view(ds)
    mean = metrics.mean_over_paths
    return {
        "region_lowest_reserve_months": mean(metrics.lowest_reserve_months(view)),
        "region_closing_balance": mean(view["balance"].isel(month=-1, drop=True)),
        "region_returns_paid": mean(metrics.total(view, "returns_paid")),
        "region_fiscal_subsidy": mean(metrics.total(view, "fiscal_subsidy")),
    }


def compare_table(ds: xr.Dataset) -> pd.DataFrame:
    """One row per scenario: the mean metrics (money in 亿元) and differences to the first."""
    names = ["returns_paid_total", "fiscal_subsidy_total", "pool_transfer_total",
             "training_paid_total", "lowest_reserve_months", "regions_below_general",
             "regions_below_difficult"]
    rows = {}
    for name in names + [f"{n}_diff" for n in ("returns_paid_total", "fiscal_subsidy_total",
                                               "regions_below_general")]:
        values = ds[name].values.astype(float)
        if "_total" in name:
            values = values / 1e8
        rows[name.replace("_total", "_yi")] = values
    for name in ("p_fail_general", "p_fiscal"):
        if name in ds:
            rows[name] = ds[name].values
    table = pd.DataFrame(rows)
    table.insert(0, "scenario", ds["scenario"].values)
    return table
