"""annual.csv is a fund's final accounts: for every region and year, income − spending − the
remittance − the skills transfer ± the lines some runs have (a loan's interest and repayment, the
unexplained part of a reported balance) is the change in the year-end balance."""

import numpy as np
import pytest

import fundsim
from fundsim.run.tables import OPTIONAL, annual_table


@pytest.mark.parametrize("kwargs, lines", [
    ({"overrides": ["policy.pool.support=loan", "policy.pool.loan_interest_rate=0.03"]},
     {"loan_interest_wan", "loan_repayment_wan"}),
    ({"actuals": "default-2020H1"}, {"actual_adjustment_wan"}),
    ({}, set()),
])
def test_every_regions_year_adds_up(kwargs, lines):
    table = annual_table(fundsim.simulate("default", **kwargs))
    shown = {c for c in table.columns if c.removesuffix("_wan") in OPTIONAL}
    assert shown == lines
    other = sum(OPTIONAL[c.removesuffix("_wan")] * table[c] for c in shown)
    rows = table[table["code"] != "province-fund"].sort_values(["code", "year"])
    change = rows.groupby("code")["year_end_balance_wan"].diff()
    flows = (rows["income_wan"] - rows["spending_wan"] - rows["remittance_wan"]
             - rows["skills_transfer_wan"] + (other[rows.index] if shown else 0.0))
    gap = (flows - change).dropna()
    assert len(gap) > 0 and float(np.abs(gap).max()) < 1e-6  # 万元
