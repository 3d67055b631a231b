"""Social organisations (社会团体、基金会、律师事务所…) and the job-stabilisation return.

One region in January 2023 with 1,200,000 yuan of contributions paid last year, half by SMEs
and half by large firms, a fifth of the large firms' half (120,000 yuan) by social
organisations; every firm eligible, none laying off, the reserve well above 12 months. The 2023
ratios are 60 % for SMEs and 30 % for large firms.
"""

from __future__ import annotations

import pytest
from conftest import write_province

import fundsim

REGION = {"code": "150100", "name": "甲", "insured": 100, "wage": 5000,
          "opening_balance": 1e8, "last_year_expenditure": 1e6, "last_year_benefits": 0,
          "last_year_contributions": 1_200_000, "benefit_recipients": 0, "monthly_benefit": 0,
          "sme_share": 0.5, "large_share": 0.5, "social_org_share": 0.1}


def _january_return(tmp_path, reform: str = "") -> float:
    path = write_province(tmp_path, [REGION], start="2023-01", months=12, reform=reform)
    return float(fundsim.simulate(path)["returns_general"].sel(region="150100")[0])


def test_inner_mongolia_returns_social_organisations_at_the_sme_ratio(tmp_path):
    # SMEs 600,000 × 60 % ÷ 12 = 30,000; large firms 480,000 × 30 % ÷ 12 = 12,000; social
    # organisations 120,000 × 60 % ÷ 12 = 6,000 (参照中小微企业)
    assert _january_return(tmp_path) == pytest.approx(48_000)


def test_without_the_provinces_rule_they_stay_with_the_large_firms(tmp_path):
    # social organisations at 30 %: 120,000 × 30 % ÷ 12 = 3,000
    reform = "  policy.returns.social_org.as_sme: false\n"
    assert _january_return(tmp_path, reform) == pytest.approx(45_000)


def test_social_organisations_cannot_exceed_the_large_share(tmp_path):
    from fundsim.base.errors import InputError

    path = write_province(tmp_path, [{**REGION, "social_org_share": 0.6}], start="2023-01")
    with pytest.raises(InputError, match="social_org_share"):
        fundsim.simulate(path)
