"""Every derived figure defined once (fundsim.run.metrics): summary.csv, the report, sweeps and
comparisons count the months and regions below the tests from the engine's own flags, and the
province row is the province as one fund (its regions and the pool).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import PLAIN_ASSUMPTIONS
from typer.testing import CliRunner

import fundsim
from fundsim.cli.app import app
from fundsim.present.report.render import Report
from fundsim.present.report.tables import region_table
from fundsim.run import metrics
from fundsim.run.compare import compare
from fundsim.run.sweep import sweep
from fundsim.run.tables import PROVINCE_ROW, WORST_ROW, summary_table

WUHAI = "150300"  # 乌海市


@pytest.fixture(scope="module")
def six_months(tmp_path_factory: pytest.TempPathFactory):
    """The default scenario with the general test lowered to 6 months from January 2022 (the
    issue's example, with the pool paying first as fundsim 0.2 did: with its own fund paying
    first down to 6 months, 巴彦淖尔市 would fall below even the lowered test)."""
    scenario = tmp_path_factory.mktemp("reform") / "six-months.yaml"
    scenario.write_text("name: six-months\nextends: default\nreform:\n"
                        "  policy.reserve.general_months: {2022-01-01: 6}\n"
                        "  policy.pool.funding_order: pool_first\n", encoding="utf-8")
    return scenario


@pytest.fixture(scope="module")
def reformed(six_months):
    return fundsim.simulate(six_months)


def test_summary_and_report_count_the_months_the_engine_failed_a_region(reformed):
    ds = reformed
    # The threshold in force is 12 through 2021 and 6 from 2022; the global attribute keeps the
    # first month's.
    assert list(ds["general_months"].values[::12]) == [12, 12, 6, 6, 6]
    assert ds.attrs["general_months"] == 12
    # 乌海市 passes in January 2020 (21 months), fails the 12-month test in January 2021 (6.4)
    # and passes the 6-month test after (9.9 in 2023): 12 months under a failed assessment
    # (comparing with 12 throughout counted 24).
    failed = int((~ds["passes_12"].sel(region=WUHAI)).sum())
    assert failed == 12
    assert int((ds["reserve_months"].sel(region=WUHAI) < 12).sum()) == 24
    summary = summary_table(ds).set_index("code")
    report = region_table(ds)
    assert summary.loc[WUHAI, "months_below_general"] == failed
    assert report.loc[WUHAI, "months_below_general"] == failed
    # the province row is the province fund's own (12 to 25 months), not the worst region's
    province = ds["province_reserve_months"]
    assert summary.loc[PROVINCE_ROW, "lowest_reserve_months"] == pytest.approx(
        float(province.min()))
    assert report.loc[PROVINCE_ROW, "lowest_reserve_months"] == pytest.approx(
        float(province.min()))
    assert summary.loc[WORST_ROW, "name"] == "最低地区: 通辽市"


def test_the_dataset_carries_the_flags_under_the_tests_names_and_the_thresholds_in_force(
        reformed):
    ds = reformed
    np.testing.assert_array_equal(ds["passes_general"], ds["passes_12"])
    np.testing.assert_array_equal(ds["passes_difficult"], ds["passes_24"])
    assert ds["general_months"].dims == ("month",)
    assert list(ds["difficult_months"].values[::12]) == [24] * 5
    assert ds["general_months"].attrs["units"] == "months"
    for name in ("passes_general", "passes_difficult", "general_months", "difficult_months"):
        assert "flow" not in ds[name].attrs


def test_sweep_compare_and_summary_count_the_same_regions_below(six_months, reformed):
    ds = reformed
    own = int(metrics.regions_below(ds, "general"))
    swept = sweep(six_months, ["policy.pool.cap_multiple=2.0,3.0"])
    compared = compare([six_months])
    assert float(swept["regions_below_general"].sel({"policy.pool.cap_multiple": 2.0})) == own
    assert float(compared["regions_below_general"].isel(scenario=0)) == own
    summary = summary_table(ds)
    regions = summary[~summary["code"].isin([WORST_ROW, PROVINCE_ROW])]
    assert int((regions["months_below_general"] > 0).sum()) == own


# ---------------------------------------------------------------- a province worked by hand

A = {  # contributions 10,000 × 5,000 × 1% = 500,000 a month; benefits 100 × 1,500 = 150,000
    "code": "A", "name": "甲市", "insured": 10000, "wage": 5000, "opening_balance": 9_000_000,
    "last_year_expenditure": 3_600_000, "last_year_benefits": 1_800_000,
    "last_year_contributions": 6_000_000, "benefit_recipients": 100, "monthly_benefit": 1500,
    "sme_share": 0.5, "large_share": 0.5, "difficult_share": 0.01, "firms": 400,
    "sme_firm_share": 0.9,
}
B = {  # contributions 100,000 a month; benefits 40 × 1,500 = 60,000
    "code": "B", "name": "乙市", "insured": 2000, "wage": 5000, "opening_balance": 600_000,
    "last_year_expenditure": 1_200_000, "last_year_benefits": 720_000,
    "last_year_contributions": 1_200_000, "benefit_recipients": 40, "monthly_benefit": 1500,
}


@pytest.fixture
def two(province):
    """甲 (30 months of reserve) and 乙 (6 months) with a pool of 100,000, 2020–2021.

    甲: returns 412,500 a month in 2020 (both returns), 225,000 in 2021; balance 7,950,000 at
    December 2020 (spent 12 × 562,500 = 6,750,000 → 14.13 months), 9,150,000 at December 2021.
    乙: fails the general test; returns 100,000 a month in 2020 and 60,000 in 2021, the pool
    pays 120,000 each January and public finance 1,080,000 and 600,000; balance 1,020,000 at
    December 2020 (spent 12 × 160,000 = 1,920,000 → 6.375 months), 1,440,000 at December 2021.
    Pool: 100,000 + remittances 300,000 + 60,000 − 120,000 each January → 340,000, 580,000.
    (The arithmetic of each region is in tests/test_hand_cases.py.)
    """
    return fundsim.simulate(province([A, B], pool=100_000, assumptions=PLAIN_ASSUMPTIONS))


def test_the_province_row_is_the_province_as_one_fund(two):
    # January 2020, from the data: (9,000,000 + 600,000 + the pool's 100,000) × 12
    # ÷ (3,600,000 + 1,200,000) = 24.25 months.
    # January 2021: (7,950,000 + 1,020,000 + 340,000) × 12 ÷ (6,750,000 + 1,920,000) = 12.886.
    january_2021 = 9_310_000 * 12 / 8_670_000
    assert two["province_reserve_months"].values[0] == pytest.approx(24.25)
    assert two["province_reserve_months"].values[12] == pytest.approx(january_2021)
    row = summary_table(two).set_index("code").loc[PROVINCE_ROW]
    assert row["name"] == "全省（各地区与调剂金）"
    assert row["lowest_reserve_months"] == pytest.approx(january_2021)
    # above 12 months throughout; below 24 through 2021 only (乙 alone is below 12 all along)
    assert (row["months_below_general"], row["months_below_difficult"]) == (0, 12)
    # returns: 甲 12 × 412,500 + 12 × 225,000 = 7,650,000, 乙 12 × 100,000 + 12 × 60,000
    # = 1,920,000 → 957 万元; pool 2 × 120,000 = 24 万元; finance 1,080,000 + 600,000 = 168 万元
    assert row["returns_paid_wan"] == pytest.approx(957.0)
    assert row["pool_received_wan"] == pytest.approx(24.0)
    assert row["fiscal_subsidy_wan"] == pytest.approx(168.0)
    # closing: 9,150,000 + 1,440,000 + the pool's 580,000 = 1,117 万元
    assert row["closing_balance_wan"] == pytest.approx(1117.0)
    report = region_table(two).loc[PROVINCE_ROW]
    assert report["lowest_reserve_months"] == pytest.approx(january_2021)
    assert (report["months_below_general"], report["months_below_difficult"]) == (0, 12)
    assert report["closing_balance"] == pytest.approx(11_170_000)


def test_the_worst_region_row_repeats_the_region_with_the_lowest_reserve(two):
    table = summary_table(two)
    assert list(table["code"]) == ["A", "B", WORST_ROW, PROVINCE_ROW]
    worst = table.set_index("code").loc[WORST_ROW]
    # 乙: 6 months in 2020, 6.375 in 2021 → below both tests in all 24 months
    assert worst["name"] == "最低地区: 乙市"
    assert worst["lowest_reserve_months"] == pytest.approx(6.0)
    assert (worst["months_below_general"], worst["months_below_difficult"]) == (24, 24)
    assert worst["closing_balance_wan"] == pytest.approx(144.0)
    # 甲 passes 24 in 2020 (30 months) and only 12 in 2021 (14.13)
    first = table.set_index("code").loc["A"]
    assert (first["months_below_general"], first["months_below_difficult"]) == (0, 12)


def test_provincial_pooling_runs_and_its_summary_keeps_the_merged_region_apart(tmp_path):
    result = CliRunner().invoke(app, ["run", "provincial-pooling", "--no-plots",
                                      "--out", str(tmp_path / "pooled")])
    assert result.exit_code == 0, result.output
    summary = pd.read_csv(tmp_path / "pooled" / "summary.csv", dtype={"code": str})
    assert list(summary["code"]) == ["province", WORST_ROW, PROVINCE_ROW]


def test_the_report_names_a_threshold_that_changes_during_the_run(reformed):
    assert Report(reformed, "zh").general_text == "12（2022年1月起为 6）"
    assert Report(reformed, "en").general_text == "12 (6 from Jan 2022)"
    assert Report(reformed, "en").difficult_text == "24"
