"""Accounting identities, checked from a results Dataset alone (its attributes say the signs).

- region: ``balance[t] = balance[t-1] + Σ flow=in − Σ flow=out`` from ``opening_balance``;
- pool: ``pool_balance[t] = pool_balance[t-1] + Σ_regions remittance − Σ_regions pool_transfer
  + pool-only flows`` from ``pool_opening_balance``;
- skills: ``skills_balance[t] = skills_balance[t-1] + Σ counterpart=skills − skills-only flows``;
- province: the change in all balances equals the flows that cross the province's boundary;
- between regions: the transfers among the regions of one province-wide fund net to zero;
- loans (where the pool lends): ``loans_outstanding[t] = loans_outstanding[t-1] + Σ ledger=loans
  in (the transfers lent) − Σ ledger=loans out (the repayments)``, from nothing owed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr


def _change(stock: xr.DataArray, opening: xr.DataArray) -> xr.DataArray:
    previous = stock.shift(month=1)
    previous = previous.where(previous["month"] != stock["month"][0], opening)
    return stock - previous


def _sum(ds: xr.Dataset, names: list[str]) -> xr.DataArray | float:
    return sum((ds[n] for n in names), start=xr.zeros_like(ds["balance"]))


def residuals(ds: xr.Dataset) -> dict[str, float]:
    """Largest absolute residual, in yuan, of each ledger's identity over all months and paths."""
    region_flows = [n for n in ds.data_vars if "flow" in ds[n].attrs]
    inflows = [n for n in region_flows if ds[n].attrs["flow"] == "in"]
    outflows = [n for n in region_flows if ds[n].attrs["flow"] == "out"]
    net = _sum(ds, inflows) - _sum(ds, outflows)
    region = _change(ds["balance"], ds["opening_balance"]) - net

    def ledger(name: str) -> tuple[list[str], list[str]]:
        own = [n for n in ds.data_vars if ds[n].attrs.get("ledger") == name]
        ins = [n for n in own if ds[n].attrs["ledger_flow"] == "in"]
        return ins, [n for n in own if n not in ins]

    def counterpart(name: str, flow: str) -> xr.DataArray:
        names = [n for n in region_flows if ds[n].attrs.get("counterpart") == name
                 and ds[n].attrs["flow"] == flow]
        return sum((ds[n].sum("region") for n in names), start=xr.zeros_like(ds["pool_balance"]))

    pool_in, pool_out = ledger("pool")
    pool_flows = (counterpart("pool", "out") - counterpart("pool", "in")
                  + sum((ds[n] for n in pool_in), start=0.0)
                  - sum((ds[n] for n in pool_out), start=0.0))
    pool = _change(ds["pool_balance"], ds["pool_opening_balance"]) - pool_flows

    skills_in, skills_out = ledger("skills")
    skills_flows = sum((ds[n] for n in region_flows if ds[n].attrs.get("counterpart") == "skills"
                        and ds[n].attrs["flow"] == "out"), start=0.0)
    skills_flows = (skills_flows + sum((ds[n] for n in skills_in), start=0.0)
                    - sum((ds[n] for n in skills_out), start=0.0))
    skills = _change(ds["skills_balance"], ds["skills_opening_balance"]) - skills_flows

    external = [n for n in region_flows if "counterpart" not in ds[n].attrs]
    boundary = (_sum(ds, [n for n in external if n in inflows]).sum("region")
                - _sum(ds, [n for n in external if n in outflows]).sum("region")
                + sum((ds[n] for n in pool_in), start=0.0)
                - sum((ds[n] for n in pool_out), start=0.0)
                + sum((ds[n].sum("region") for n in skills_in), start=0.0)
                - sum((ds[n].sum("region") for n in skills_out), start=0.0))
    stocks = (_change(ds["balance"], ds["opening_balance"]).sum("region")
              + _change(ds["pool_balance"], ds["pool_opening_balance"])
              + _change(ds["skills_balance"], ds["skills_opening_balance"]).sum("region"))
    province = stocks - boundary
    between = counterpart("province", "in") - counterpart("province", "out")
    loans: xr.DataArray | float = 0.0  # none owed in a run where the pool only grants
    if "loans_outstanding" in ds:
        loans_in, loans_out = ledger("loans")
        loans = (_change(ds["loans_outstanding"], xr.zeros_like(ds["opening_balance"]))
                 - sum((ds[n] for n in loans_in), start=0.0)
                 + sum((ds[n] for n in loans_out), start=0.0))
    return {name: float(np.abs(value).max()) for name, value in
            {"region": region, "pool": pool, "skills": skills, "province": province,
             "between_regions": between, "loans": loans}.items()}


def province_annual(ds: xr.Dataset) -> pd.DataFrame:
    """The province's annual accounts (regions summed), in yuan: every flow of the run summed
    over regions and months of each calendar year, the year-end stocks (regions, pool, skills
    accounts, recipients) and the regions passing each test in January. A deterministic run's
    golden output (``fundsim/scenarios/expected/``)."""
    if "path" in ds.dims:
        raise ValueError("the province's annual accounts are written for single-path runs")
    year = ds["month"].dt.year
    flows = sorted(n for n in ds.data_vars if "month" in ds[n].dims and (
        {"flow", "component_of", "ledger"} & set(ds[n].attrs)))
    counts = ["firms_covered", "workers_covered", "trainees"]
    stocks = ["balance", "pool_balance", "skills_balance", "recipients"]
    stocks += [n for n in ("loans_outstanding",) if n in ds]  # where the pool lends
    table = {}
    for name in flows + counts:
        da = ds[name].groupby(year).sum()
        table[name] = (da.sum("region") if "region" in da.dims else da).values
    for name in stocks:
        da = ds[name].groupby(year).last()
        table[f"{name}_year_end"] = (da.sum("region") if "region" in da.dims else da).values
    january = ds["month"].dt.month == 1
    for name in ("passes_12", "passes_24"):
        table[f"regions_{name}"] = ds[name].where(january).groupby(year).max().sum(
            "region").values
    frame = pd.DataFrame(table)
    frame.insert(0, "year", np.unique(year.values))
    return frame
