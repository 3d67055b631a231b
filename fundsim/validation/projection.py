"""Projection test: the national fund from end-2019 through the 2020 shock, against what was
published for 2020 and 2021.

The national scenario (``national-2019.yaml`` + ``national-2019.csv`` beside this module) is
run through the ordinary engine with :func:`fundsim.simulate`; its yearly expenditure, returns
paid, income and year-end balance are set beside the published figures with the percentage
error. Every input's derivation is in ``validation/README.md``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import xarray as xr

from fundsim.run.simulation import simulate
from fundsim.run.tables import PROVINCE_ROW, WAN, annual_table
from fundsim.validation.history import HISTORY, alternatives, load_history

SCENARIO = Path(__file__).with_name("national-2019.yaml")
YI = 1e8  # yuan per 亿元

# measure → (history figure, what the model counts, in words)
MEASURES: dict[str, tuple[str, str]] = {
    "expenditure": ("expenditure", "every spending line (benefits, medical insurance, funeral "
                    "grants, price subsidies, 失业补助金, 临时生活补助, the migrant workers' lump "
                    "sum, training and skill subsidies, other, returns; the remittance and "
                    "transfers to the skills account excluded)"),
    "benefits": ("benefits_paid", "unemployment benefits (失业保险金)"),
    "medical_insurance": ("medical_for_recipients", "the recipients' medical insurance"),
    "returns_paid": ("returns_paid", "general and difficult-firm returns paid"),
    "closing_balance": ("closing_balance", "rolling balance at December"),
    "income": ("income", "contributions + interest + fiscal subsidy (the fund of all regions "
                         "and the pool: transfers between them cancel)"),
}
def project(scenario: str | Path = SCENARIO) -> xr.Dataset:
    """Run the national scenario (the central path) and return its results Dataset."""
    return simulate(scenario)


def national_years(ds: xr.Dataset) -> pd.DataFrame:
    """Yearly national accounts of a run in 亿元: the annual accounts' consolidated fund (all
    regions and the pool, :func:`fundsim.run.tables.annual_table`), means over paths."""
    fund = annual_table(ds)
    fund = fund[fund["code"] == PROVINCE_ROW]
    wan_per_yi = YI / WAN
    return pd.DataFrame({
        "year": fund["year"].to_numpy(int),
        "income": fund["income_wan"].to_numpy() / wan_per_yi,
        "expenditure": fund["spending_wan"].to_numpy() / wan_per_yi,
        "returns_paid": fund["returns_paid_wan"].to_numpy() / wan_per_yi,
        "closing_balance": fund["year_end_balance_wan"].to_numpy() / wan_per_yi,
        "benefits": fund["benefits_wan"].to_numpy() / wan_per_yi,
        "medical_insurance": fund["medical_insurance_wan"].to_numpy() / wan_per_yi,
        "contributions": fund["contributions_wan"].to_numpy() / wan_per_yi,
    })


def compare(ds: xr.Dataset | None = None, history: pd.DataFrame | None = None,
            years: tuple[int, ...] = (2020, 2021)) -> pd.DataFrame:
    """Projected against published, per year and measure, in 亿元 with the percentage error.

    Columns: year, measure, projected, published, error (projected − published), error_pct,
    source (the preferred publication), also (other publications of the same figure).
    A figure no source published has NaN in ``published`` and the error columns.
    """
    ds = project() if ds is None else ds
    history = load_history(HISTORY) if history is None else history
    model = national_years(ds).set_index("year")
    rows = []
    for year in years:
        for measure, (figure, _) in MEASURES.items():
            found = alternatives(history, year, figure)
            projected = float(model.loc[year, measure]) if year in model.index else float("nan")
            published = found[0]["canonical"] if found else float("nan")
            rows.append({
                "year": year, "measure": measure, "projected": projected,
                "published": published, "error": projected - published,
                "error_pct": 100.0 * (projected - published) / published,
                "source": found[0]["source_title"] if found else "not found",
                "also": "; ".join(f"{row['value']} {row['unit']} ({row['source_title']})"
                                  for row in found[1:]),
            })
    return pd.DataFrame(rows)
