"""Industries in structural adjustment (钢铁、煤炭、煤电, 闽人社办〔2017〕292号 二(二)): a province
may loosen the lay-off test and raise the ratio for their share of contributions; off by default.

One region in 2021, all contributions from SMEs (1,200,000 last year), every firm lays off at
exponential rates with mean 5 % (no firm lays off no one), half of its contributions from coal
and steel firms, 20 years of reserve: it pays the general return.
"""

from __future__ import annotations

import math

import pytest
from conftest import PLAIN_ASSUMPTIONS, write_province

import fundsim

REGION = {
    "code": "A", "name": "甲市", "insured": 10000, "wage": 5000, "opening_balance": 100_000_000,
    "last_year_expenditure": 6_000_000, "last_year_benefits": 3_000_000,
    "last_year_contributions": 1_200_000, "benefit_recipients": 100, "monthly_benefit": 1500,
    "zero_layoff_share": 0.0, "layoff_rate": 0.05, "adjustment_share": 0.5,
}
SWITCH_ON = "  policy.returns.adjustment.enabled: true\n"


def _returns(tmp_path, reform: str = "", region: dict = REGION) -> float:
    path = write_province(tmp_path, [region], start="2021-01", months=12, reform=reform,
                          assumptions=PLAIN_ASSUMPTIONS)
    return float(fundsim.simulate(path)["returns_general"].sum())


def test_with_the_option_off_the_column_changes_nothing(tmp_path):
    # 60 % × 1,200,000 × the share of firms under 6 % (1 − e^(−6/5) = 0.6988)
    expected = 0.6 * 1_200_000 * (1 - math.exp(-0.06 / 0.05))
    assert _returns(tmp_path / "off") == pytest.approx(expected)
    assert _returns(tmp_path / "none", region={**REGION, "adjustment_share": 0.0}) == _returns(
        tmp_path / "off2")


def test_switched_on_their_half_is_tested_at_10_percent_and_returned_at_80(tmp_path):
    # half at 60 % under 6 % (0.6988), half at 80 % under 10 % (1 − e^(−2) = 0.8647):
    # 1,200,000 × (0.5 × 0.6 × 0.6988 + 0.5 × 0.8 × 0.8647) = 666,609
    usual = 0.6 * (1 - math.exp(-0.06 / 0.05))
    adjusted = 0.8 * (1 - math.exp(-0.10 / 0.05))
    expected = 1_200_000 * (0.5 * usual + 0.5 * adjusted)
    assert expected == pytest.approx(666_609, abs=1)
    assert _returns(tmp_path, SWITCH_ON) == pytest.approx(expected)


def test_the_option_never_lowers_a_ratio_or_tightens_a_test(tmp_path):
    # a province setting 50 % and 5 % keeps the 60 % ratio and the 6 % test: nothing changes
    reform = (SWITCH_ON + "  policy.returns.adjustment.ratio: 0.5\n"
              "  policy.returns.adjustment.layoff_threshold: 0.05\n")
    assert _returns(tmp_path / "low", reform) == pytest.approx(_returns(tmp_path / "off"))
