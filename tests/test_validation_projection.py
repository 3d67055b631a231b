"""The projection test: the national scenario's data follows its written derivation from
pre-2020 figures, runs the 2020 package through the ordinary engine, and is set beside the
published 2020–2021 accounts with the percentage error."""

from __future__ import annotations

import csv

import pytest
import yaml

from fundsim.inputs.scenario import load_scenario
from fundsim.run.tables import annual_table
from fundsim.validation.history import load_history, pick
from fundsim.validation.projection import SCENARIO, compare, national_years, project

DATA = SCENARIO.with_name("national-2019.csv")


@pytest.fixture(scope="module")
def row():
    with open(DATA, encoding="utf-8") as f:
        return {k: (float(v) if k not in ("code", "name") and v else v)
                for k, v in next(csv.DictReader(f)).items()}


@pytest.fixture(scope="module")
def history():
    return load_history()


@pytest.fixture(scope="module")
def assumptions():
    return yaml.safe_load(SCENARIO.read_text(encoding="utf-8"))["assumptions"]


@pytest.fixture(scope="module")
def ds():
    return project()


def published(history, year, figure):
    return pick(history, year, figure)["canonical"]


def test_growth_assumptions_are_the_latest_pre_2020_published_growth(history, assumptions):
    wage = (published(history, 2017, "avg_wage_nonprivate")
            / published(history, 2015, "avg_wage_nonprivate")) ** 0.5 - 1   # 62029 → 74318
    insured = (published(history, 2019, "insured_year_end")
               / published(history, 2012, "insured_year_end")) ** (1 / 7) - 1  # 15225 → 20500
    benefit = (published(history, 2014, "avg_monthly_benefit")
               / published(history, 2011, "avg_monthly_benefit")) ** (1 / 3) - 1  # 614 → 852
    assert assumptions["wage_growth"] == pytest.approx(wage, abs=5e-5)        # 9.46%
    assert assumptions["insured_growth"] == pytest.approx(insured, abs=5e-5)  # 4.34%
    assert assumptions["benefit_indexing"] == pytest.approx(benefit, abs=5e-5)  # 11.54%
    # the 2020 shock: surveyed unemployment 5.2% at end-2019 → 6.2% in February 2020
    shock = (published(history, 2020, "surveyed_unemployment_rate_peak")
             / published(history, 2019, "surveyed_unemployment_rate"))
    assert assumptions["claimants"]["inflow_multiplier"][2020] == pytest.approx(shock, abs=5e-3)


def test_the_data_row_follows_its_derivation(row, history, assumptions):
    g = assumptions["wage_growth"]
    # 2012: 1081亿 contributions ÷ (15225万 insured × 3% × 12) = 1972.27 yuan a month
    wage_2012 = published(history, 2012, "contribution_income") * 1e8 / (
        published(history, 2012, "insured_year_end") * 1e4
        * published(history, 2012, "contribution_rate") * 12)
    assert wage_2012 == pytest.approx(1972.27, abs=0.01)
    assert row["wage"] == pytest.approx(wage_2012 * (1 + g) ** 7.5, rel=1e-5)      # 3884.53
    insured = published(history, 2019, "insured_year_end") * 1e4
    assert row["insured"] == insured                                              # 2.05亿
    assert row["last_year_contributions"] == pytest.approx(
        insured * wage_2012 * (1 + g) ** 7 * 12 * 0.01, rel=1e-5)                  # 913.37亿
    benefit_2019 = published(history, 2014, "avg_monthly_benefit") * (
        1 + assumptions["benefit_indexing"]) ** 5                                 # 1470.8
    assert row["monthly_benefit"] == pytest.approx(
        benefit_2019 * (1 + assumptions["benefit_indexing"]), rel=1e-4)           # 1640.5
    recipients = published(history, 2012, "recipients_year_end") * 1e4
    assert row["benefit_recipients"] == recipients                                # 204万
    assert row["last_year_benefits"] == pytest.approx(recipients * benefit_2019 * 12, rel=1e-4)
    assert row["last_year_expenditure"] == pytest.approx(
        row["last_year_benefits"] + published(history, 2019, "returns_paid") * 1e8, rel=1e-9)
    reach = published(history, 2019, "returns_workers") / published(history, 2019,
                                                                     "insured_year_end")
    assert assumptions["takeup"] == pytest.approx(reach, abs=5e-5)                # 0.3556
    assert row["firms"] == pytest.approx(
        published(history, 2019, "returns_firms") * 1e4 / assumptions["takeup"], abs=1)
    assert row["skills_opening_balance"] == 1000e8                                # 2019 work report
    assert row["remittance_rate"] == 0                                            # no pool


def test_the_difficult_firm_share_reproduces_the_2019_returns(row, history, assumptions):
    """Under 2019 law (50% for both size classes) general + difficult-firm returns = 551.7亿."""
    g, gi = assumptions["wage_growth"], assumptions["insured_growth"]
    wage_2019 = row["wage"] / (1 + g) ** 0.5
    base_2018 = row["insured"] / (1 + gi) * wage_2019 / (1 + g) * 12 * 0.01       # 799.73亿
    general = 0.5 * assumptions["takeup"] * base_2018                            # 142.19亿
    benefit_2019 = row["monthly_benefit"] / (1 + assumptions["benefit_indexing"])
    per_worker = min(6 * benefit_2019, 3 * wage_2019 * assumptions["social_insurance_rate"])
    difficult = per_worker * row["insured"] * row["difficult_share"]
    assert (general + difficult) / 1e8 == pytest.approx(
        published(history, 2019, "returns_paid"), rel=2e-3)


def test_the_opening_balance_is_the_2019_figure_or_else_backed_out_of_2020(row, history):
    found = pick(history, 2019, "closing_balance")
    if found is not None:
        expected = found["canonical"]
    else:  # 3354.1 − 951.5 + 2103 = 4505.6亿 (validation/README.md, "The opening balance")
        expected = (published(history, 2020, "closing_balance")
                    - published(history, 2020, "income") + published(history, 2020,
                                                                      "expenditure"))
    assert row["opening_balance"] / 1e8 == pytest.approx(expected, abs=1e-6)


def test_the_scenario_runs_the_2020_package_with_no_pool():
    scenario = load_scenario(SCENARIO)
    assert scenario.pool_opening_balance == 0
    # national law alone (no province's layer): March 2020 and January 2021; the 以工代训 rate
    # is each province's (national law: 0), and is paid from the skills account, not the fund
    months = {2020: 2, 2021: 12}
    assert scenario.law.province is None
    for key, values in {"policy.returns.ratio.sme": (1.0, 0.6),
                        "policy.returns.ratio.large": (0.5, 0.3),
                        "policy.training.yuan_per_person_month": (0, 0),
                        "policy.training.max_months": (6, 6),
                        "policy.expanded_coverage.enabled": (True, True),
                        "policy.benefits.basis": ("flat", "flat")}.items():
        monthly = scenario.monthly(key)
        assert (monthly[months[2020]], monthly[months[2021]]) == values, key
    relief = scenario.monthly("policy.contributions.sme_employer_relief")
    assert relief[0] == 0.0 and relief[1] == 1.0 and relief[12] == 0.0  # February–December 2020


def test_national_years_add_up_like_the_annual_accounts(ds):
    mine = national_years(ds).set_index("year")
    theirs = annual_table(ds)
    theirs = theirs[theirs["code"] == "province-fund"].set_index("year")
    for measure, column in {"income": "income_wan", "expenditure": "spending_wan",
                            "returns_paid": "returns_paid_wan",
                            "closing_balance": "year_end_balance_wan"}.items():
        assert mine[measure].values * 1e4 == pytest.approx(theirs[column].values, rel=1e-12)


def test_the_comparison_sets_projected_beside_published_with_the_percentage_error(ds):
    table = compare(ds)
    assert len(table) == 12  # 2 years × 6 measures
    by = table.set_index(["year", "measure"])
    assert by.loc[(2020, "expenditure"), "published"] == 2103
    assert by.loc[(2020, "returns_paid"), "published"] == pytest.approx(1042)
    assert by.loc[(2021, "closing_balance"), "published"] == 3313
    assert by.loc[(2021, "returns_paid"), "published"] == 230
    assert "231" in by.loc[(2021, "returns_paid"), "also"]
    model = national_years(ds).set_index("year")
    row = by.loc[(2021, "expenditure")]
    assert row["projected"] == model.loc[2021, "expenditure"]
    assert row["error_pct"] == pytest.approx(100 * (row["projected"] - 1500) / 1500)


def test_with_the_backed_out_opening_the_2020_balance_error_is_the_net_flow_error(ds):
    """The caveat of the README, as arithmetic: no independent test of the 2020 balance."""
    by = compare(ds).set_index(["year", "measure"])
    net_flow_error = (by.loc[(2020, "income"), "error"]
                      - by.loc[(2020, "expenditure"), "error"])
    assert by.loc[(2020, "closing_balance"), "error"] == pytest.approx(net_flow_error, abs=1e-6)
