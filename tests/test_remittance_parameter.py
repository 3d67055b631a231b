"""The remittance rate to the provincial pool is a dated policy parameter
(``policy.pool.remittance_rate``); a region's ``remittance_rate`` in the data overrides it.

Two regions from January 2020, no growth or interest (conftest.py); Inner Mongolia's layer
(pool cap 2 × the region's remittance of the year, its own fund first down to 6 months):
- 甲 (A) leaves the column blank: the law's rate applies;
- 乙 (B) writes 8 %: its own rate, whatever the law says. B has 6 months of reserve, so it
  fails the general test and asks the pool for its whole return bill.
"""

from __future__ import annotations

import numpy as np
import pytest

import fundsim
from fundsim.run.accounts import residuals
from fundsim.run.sweep import sweep

A = {  # contributions 10,000 × 5,000 × 1% = 500,000 a month, 6,000,000 a year
    "code": "A", "name": "甲市", "insured": 10000, "wage": 5000, "opening_balance": 9_000_000,
    "last_year_expenditure": 3_600_000, "last_year_benefits": 1_800_000,
    "last_year_contributions": 6_000_000, "benefit_recipients": 100, "monthly_benefit": 1500,
    "remittance_rate": "",
}
B = {  # contributions 100,000 a month, 1,200,000 a year; 600,000 ÷ 100,000 = 6 months
    "code": "B", "name": "乙市", "insured": 2000, "wage": 5000, "opening_balance": 600_000,
    "last_year_expenditure": 1_200_000, "last_year_benefits": 720_000,
    "last_year_contributions": 1_200_000, "benefit_recipients": 40, "monthly_benefit": 1500,
    "remittance_rate": 0.08,
}
# the law's rate: 3 % in 2020, 6 % from 2021
REFORM = "  policy.pool.remittance_rate: {2020-01-01: 0.03, 2021-01-01: 0.06}\n"


def test_the_law_sets_the_rate_where_the_data_leave_it_blank_and_a_region_overrides_it(
        province):
    ds = fundsim.simulate(province([A, B], pool=100_000, reform=REFORM))
    remitted = ds["remittance"]
    # January 2020: A 3 % × 6,000,000 = 180,000 (the law's); B 8 % × 1,200,000 = 96,000 (its own)
    assert float(remitted.sel(region="A")[0]) == pytest.approx(180_000)
    assert float(remitted.sel(region="B")[0]) == pytest.approx(96_000)
    # the pool: 100,000 + 180,000 + 96,000 = 376,000; B's grant is capped at 2 × 96,000 =
    # 192,000 (its fund, 600,000 − 96,000, is under its 6-month floor of 600,000: it pays none)
    assert float(ds["pool_transfer"].sel(region="B")[0]) == pytest.approx(192_000)
    assert float(ds["pool_balance"][0]) == pytest.approx(376_000 - 192_000)
    # January 2021 (month 12): the law's rate is 6 %: A 6 % × 12 × 500,000 = 360,000; B keeps 8 %
    assert float(remitted.sel(region="A")[12]) == pytest.approx(360_000)
    assert float(remitted.sel(region="B")[12]) == pytest.approx(96_000)
    # no remittance outside January
    assert float(np.abs(remitted.isel(month=slice(1, 12))).max()) == 0.0
    assert max(residuals(ds).values()) < 1e-6


def test_data_without_the_column_take_the_law_rate(province):
    path = province([A, B], pool=100_000, reform=REFORM)
    data = path.parent / "regions.csv"
    lines = data.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    drop = header.index("remittance_rate")
    data.write_text("\n".join(",".join(c for i, c in enumerate(line.split(",")) if i != drop)
                              for line in lines) + "\n", encoding="utf-8")
    ds = fundsim.simulate(path)
    # both regions at the law's 3 %: 180,000 and 36,000
    assert ds["remittance"].isel(month=0).values.tolist() == pytest.approx([180_000, 36_000])


def test_a_sweep_of_the_rate_moves_the_remittance_and_the_pool_grant_it_caps(province):
    path = province([{**A, "remittance_rate": 0.05}, {**B, "remittance_rate": ""}],
                    pool=10_000_000)
    ds = sweep(path, ["policy.pool.remittance_rate=0.02:0.1:0.02"])
    rates = ds["policy.pool.remittance_rate"].values
    assert rates.tolist() == pytest.approx([0.02, 0.04, 0.06, 0.08, 0.10])
    # B (blank: the law's rate) fails the general test both years: its grant is 2 × its
    # remittance, 2 × rate × 1,200,000, in 2020 and in 2021 (the pool holds 10,000,000);
    # A (its own 5 %) falls to 10.6 months in 2021 and is granted 2 × 5 % × 6,000,000 = 600,000
    # whatever the law's rate
    assert ds["pool_transfer_total"].values == pytest.approx(600_000 + 4_800_000 * rates)


def test_the_default_provinces_sweep_moves_the_pool_and_the_reserve():
    ds = sweep("default", ["policy.pool.remittance_rate=0.02:0.1:0.02"])
    grants = ds["pool_transfer_total"].values
    lowest = ds["lowest_reserve_months"].values
    assert (np.diff(grants) > 0).all()   # more remitted, a larger cap on every grant
    assert (np.diff(lowest) < 0).all()   # more remitted, less left in the neediest fund
