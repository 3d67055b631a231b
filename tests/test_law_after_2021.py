"""The law after 2021, value by value against its notice, and the 2020 large-firm relief by hand.

Each law test reads the value in force on a date from the shipped parameter tree and checks the
notice its reference names.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

import fundsim
from fundsim.law.layers import Layers, layered_law
from fundsim.law.parameter import load_law

D = dt.date
LAW = load_law()


def value_and_source(key: str, day: dt.date):
    param = LAW[key]
    return param.value_at(day), param.source(day)


def test_in_2022_smes_get_90_percent_and_large_firms_50_percent():
    sme, sme_source = value_and_source("policy.returns.ratio.sme", D(2022, 6, 1))
    large, large_source = value_and_source("policy.returns.ratio.large", D(2022, 6, 1))
    assert sme == 0.9 and "人社部发〔2022〕23号" in sme_source  # 一: 从60%最高提至90%
    assert large == 0.5 and "国发〔2022〕12号" in large_source   # 大型企业 30% → 50%


def test_from_2023_smes_get_60_percent_and_large_firms_30_percent_until_2025():
    for year in (2023, 2024, 2025):
        assert LAW["policy.returns.ratio.sme"].value_at(D(year, 3, 1)) == 0.6
        assert LAW["policy.returns.ratio.large"].value_at(D(year, 3, 1)) == 0.3
    assert "人社部发〔2024〕40号" in LAW["policy.returns.ratio.sme"].source(D(2024, 3, 1))
    assert "人社部发〔2025〕18号" in LAW["policy.returns.ratio.large"].source(D(2025, 3, 1))
    assert LAW["policy.returns.ratio.sme"].end == D(2025, 12, 31)
    assert LAW["policy.returns.ratio.large"].end == D(2025, 12, 31)


def test_the_layoff_threshold_is_last_years_5_5_percent_target_from_2022():
    threshold = LAW["policy.returns.layoff_threshold.general"]
    assert threshold.value_at(D(2021, 6, 1)) == 0.06   # the 2020 target, 6%
    for year in (2022, 2023, 2024, 2025):
        assert threshold.value_at(D(year, 6, 1)) == 0.055
    assert "人社部发〔2022〕23号" in threshold.source(D(2022, 6, 1))
    assert "人社部发〔2024〕40号" in threshold.source(D(2024, 6, 1))


def test_the_difficult_firm_return_ends_with_2020():
    enabled = LAW["policy.returns.difficult.enabled"]
    assert enabled.value_at(D(2020, 12, 31)) is True
    assert enabled.value_at(D(2021, 1, 1)) is False
    assert "国发〔2019〕28号" in enabled.source(D(2021, 1, 1))  # 二(一): 延长至2020年12月31日


def test_large_firms_employer_share_is_halved_february_to_june_2020():
    relief = LAW["policy.contributions.large_employer_relief"]
    months = np.arange(np.datetime64("2020-01"), np.datetime64("2021-01"))
    assert list(relief.monthly(months)) == [0.0] + [0.5] * 5 + [0.0] * 6
    assert "人社部发〔2020〕11号" in relief.source(D(2020, 2, 1))
    assert "人社部发〔2020〕49号" in relief.source(D(2020, 6, 1))


def test_the_sme_waiver_stays_february_to_december_2020():
    relief = LAW["policy.contributions.sme_employer_relief"]
    months = np.arange(np.datetime64("2020-01"), np.datetime64("2021-02"))
    assert list(relief.monthly(months)) == [0.0] + [1.0] * 11 + [0.0]


def test_training_claims_open_on_the_inner_mongolia_plans_date():
    # Inner Mongolia's layer: national law leaves 以工代训's window to the province
    accepting = layered_law(Layers("inner_mongolia"))["policy.training.accepting_claims"]
    assert accepting.value_at(D(2020, 6, 11)) is False
    assert accepting.value_at(D(2020, 6, 12)) is True   # the plan is dated 2020-06-12
    assert accepting.value_at(D(2021, 1, 1)) is False   # 三(五): 受理期限截止到2020年12月31日
    # a month counts from its first day: June 2020 is closed, July the first open month
    months = np.arange(np.datetime64("2020-05"), np.datetime64("2020-08"))
    assert list(accepting.monthly(months)) == [False, False, True]


LARGE_ONLY = {  # due 10,000 × 5,000 × 1% = 500,000 a month, all from large firms
    "code": "L", "name": "大企市", "insured": 10000, "wage": 5000, "opening_balance": 100_000_000,
    "last_year_expenditure": 1_200_000, "last_year_benefits": 1_200_000,
    "last_year_contributions": 6_000_000, "benefit_recipients": 0, "monthly_benefit": 1500,
    "sme_share": 0.0, "large_share": 1.0, "sme_firm_share": 0.0,
}


def test_the_large_firm_relief_lowers_2020_contributions_by_the_waived_share(province):
    ds = fundsim.simulate(province([LARGE_ONLY], relief=True))
    contributions = ds["contributions"].sel(region="L").values
    # February–June 2020: employer half (0.5) × halved (0.5) = 25% waived → 375,000.
    assert contributions[:12] == pytest.approx([500_000] + [375_000] * 5 + [500_000] * 6)
    # 2021 returns 30% of 2020's paid 7 × 500,000 + 5 × 375,000 = 5,375,000: 1,612,500,
    # spread evenly: 134,375 a month.
    assert ds["returns_general"].sel(region="L").values[12:] == pytest.approx([134_375] * 12)
