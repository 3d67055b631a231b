"""Region-by-month return totals from a roster, aligned to a scenario, for the fund engine.

The engine's aggregate assumption (``fundsim/inputs.py``) makes two month × region arrays:
``general_pre``, the general return due each month if the region pays it, and
``difficult_pre``, the difficult-firm return due if the region passes the 24-month test. A
roster gives both firm by firm instead: a firm passing the firm-level tests (``eligible``) is
due its general return; a firm in difficulty is due, on top, the excess of its difficult-firm
amount over its general return (so the two together pay the larger, as
:mod:`fundsim.roster.decide` does). Each firm's yearly amount leaves the fund by the scenario's
``assumptions.payment_profile`` (12 monthly shares, January first), in the policy year's months.
The region gate is left to the engine (it applies its own tests month by month); ``paid`` holds
what the decisions themselves pay, gate applied, for comparison.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from fundsim.base.errors import InputError, Problem
from fundsim.inputs.regions import load_regions
from fundsim.inputs.scenario import Scenario
from fundsim.roster.categories import LARGE_RATIO


@dataclass(frozen=True)
class RosterReturns:
    """Month × region arrays (the scenario's ``month_index`` × its data's region order)."""

    months: np.ndarray          # datetime64[M]
    regions: np.ndarray         # region codes
    region_names: np.ndarray
    general: np.ndarray         # yuan: general return due if the region pays (general_pre)
    general_sme: np.ndarray     # yuan: the part of ``general`` due to SMEs and other units
    general_large: np.ndarray   # yuan: the part due to large firms and social organisations
    difficult: np.ndarray       # yuan: difficult-firm excess due if 24 months pass (difficult_pre)
    paid: np.ndarray            # yuan: already paid + to pay, region gate applied
    firms_general: np.ndarray   # firms, weighted by the month's share (as the engine counts)
    workers_general: np.ndarray
    firms_difficult: np.ndarray
    workers_difficult: np.ndarray

    @property
    def total(self) -> np.ndarray:
        """general + difficult, yuan."""
        return self.general + self.difficult

    def to_frame(self) -> pd.DataFrame:
        """Tidy: one row per month and region (months with nothing due included)."""
        m, r = self.general.shape
        frame = pd.DataFrame({
            "month": np.repeat(self.months.astype("datetime64[D]").astype(str), r),
            "region": np.tile(self.regions, m),
            "region_name": np.tile(self.region_names, m),
        })
        for name in ("general", "general_sme", "general_large", "difficult", "paid",
                     "firms_general", "workers_general", "firms_difficult",
                     "workers_difficult"):
            frame[name] = getattr(self, name).reshape(-1)
        return frame


def roster_returns(decisions: pd.DataFrame, scenario: Scenario, year: int,
                   block: int = 1 << 20) -> RosterReturns:
    """Spread each firm's yearly amounts of ``decisions`` over the months of ``year``.

    ``decisions`` is :func:`fundsim.roster.decide.decide`'s table (or any table with its
    columns ``region``, ``size_class``, ``eligible``, ``general_amount``, ``difficult_amount``,
    ``insured``, ``already_paid``, ``to_pay``). Months of ``year`` outside the horizon are not
    returned.
    """
    data = load_regions(scenario.data_path)
    codes, names = data.code.astype(str), data.name.astype(str)
    column = decisions["region"]
    if isinstance(column.dtype, pd.CategoricalDtype) and list(column.cat.categories) == list(codes):
        region = column.cat.codes.to_numpy()
    else:
        region = pd.Categorical(column.astype(str), categories=list(codes)).codes
    if (region < 0).any():
        unknown = sorted(set(column.astype(str)[region < 0]))[:5]
        raise InputError([Problem("decisions", "", "region", f"regions not in scenario "
                                  f"{scenario.name!r}: {', '.join(unknown)}")])
    eligible = decisions["eligible"].to_numpy(dtype=bool)
    general_amount = decisions["general_amount"].to_numpy(dtype=np.float64)
    difficult_amount = decisions["difficult_amount"].to_numpy(dtype=np.float64)
    already = decisions["already_paid"].to_numpy(dtype=np.float64)
    to_pay = decisions["to_pay"].to_numpy(dtype=np.float64)
    insured = decisions["insured"].to_numpy(dtype=np.float64)
    size = decisions["size_class"]
    if isinstance(size.dtype, pd.CategoricalDtype):
        wanted = [i for i, c in enumerate(size.cat.categories) if c in LARGE_RATIO]
        large = np.isin(size.cat.codes.to_numpy(), wanted)
    else:
        large = size.astype(str).isin(LARGE_RATIO).to_numpy()
    r = len(codes)
    names_ = ("general", "general_sme", "general_large", "difficult", "paid", "firms_general",
              "workers_general", "firms_difficult", "workers_difficult")
    yearly = {name: np.zeros(r) for name in names_}
    for start in range(0, len(region), block):  # blocks of firms: small work arrays
        part = slice(start, start + block)
        where = region[part]
        general = np.where(eligible[part], general_amount[part], 0.0)
        difficult = np.where(eligible[part], np.maximum(
            np.nan_to_num(difficult_amount[part]) - general, 0.0), 0.0)
        for name, weights in (
                ("general", general), ("general_sme", np.where(large[part], 0.0, general)),
                ("general_large", np.where(large[part], general, 0.0)),
                ("difficult", difficult),
                ("paid", already[part] + to_pay[part]),
                ("firms_general", (general > 0).astype(np.float64)),
                ("workers_general", np.where(general > 0, insured[part], 0.0)),
                ("firms_difficult", (difficult > 0).astype(np.float64)),
                ("workers_difficult", np.where(difficult > 0, insured[part], 0.0))):
            yearly[name] += np.bincount(where, weights=weights, minlength=r)
    months = scenario.month_index
    in_year = months.astype("datetime64[Y]").astype(int) + 1970 == year
    profile = np.asarray(scenario.assumptions.payment_profile)[months.astype(int) % 12]
    share = np.where(in_year, profile, 0.0)[:, None]
    return RosterReturns(months=months, regions=codes, region_names=names,
                         **{k: share * v[None, :] for k, v in yearly.items()})
