"""A roster says what it covers of each region (issue 13, item 5).

One region, 甲市 (990100): 100 insured firms, 1,200,000 yuan of contributions paid in 2020
(half from SMEs, half from large firms), every firm eligible and laying no one off, take-up
100%, every return paid in January. Its reserve in January 2021 is 3,000,000 ÷ (1,200,000 ÷ 12)
= 30 months, so it passes the general test. The 2021 law: SMEs 60%, large firms 30%; the
difficult-firm return ended with 2020. So the aggregate return of 2021 is
60% × 600,000 + 30% × 600,000 = 540,000 yuan.

Roster firms are small manufacturers (C13) with 50 employees and no lay-offs; each returns 60%
of what it paid.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import xarray as xr
from typer.testing import CliRunner

import fundsim
from fundsim.base.errors import InputError
from fundsim.cli.app import app
from fundsim.inputs.regions import load_regions
from fundsim.inputs.scenario import load_scenario
from fundsim.model.inputs import RosterAmounts
from fundsim.roster import uscc
from fundsim.roster.coverage import (
    COVERAGE_THRESHOLD,
    RosterCoverage,
    region_contributions,
    topped_up,
)
from fundsim.roster.runner import engine_roster, roster_amounts, run_roster

FIXTURES = Path(__file__).parent / "fixtures" / "roster"
AGGREGATE_2021 = 0.6 * 600_000 + 0.3 * 600_000  # 540,000 yuan
HEADER = ("企业社会统一信用代码,失业保险参保地,企业所属行业,企业规模,涉及职工人数,裁员人数,"
          "上年实缴金额,上年应缴金额")


@pytest.fixture(scope="module")
def province(tmp_path_factory) -> Path:
    """The scenario of one region (甲市 of the hand roster's data, its firms set to 100)."""
    folder = tmp_path_factory.mktemp("coverage")
    header, first = (FIXTURES / "regions.csv").read_text(encoding="utf-8").splitlines()[:2]
    (folder / "regions.csv").write_text(f"{header}\n{first}\n", encoding="utf-8")
    (folder / "scenario.yaml").write_text(
        "name: coverage\ndescription: one region of 100 firms\ndata: regions.csv\n"
        "pool_opening_balance: 1000000\nstart: 2021-01\nmonths: 24\nassumptions:\n"
        "  takeup: 1.0\n  benefit_indexing: 0.0\n"
        "  payment_profile: [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]\n", encoding="utf-8")
    return folder / "scenario.yaml"


def roster(folder: Path, firms: int, paid: float, name: str) -> Path:
    """A roster of ``firms`` small firms of 甲市, each having paid ``paid`` yuan in 2020."""
    rows = [HEADER]
    for i in range(firms):
        first17 = f"91990100MA{i:07d}"
        rows.append(f"{first17}{uscc.check_character(first17)},990100,C13,小型,50,0,{paid},{paid}")
    path = folder / name
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def general_2021(ds: xr.Dataset) -> float:
    return float(ds["returns_general"].sel(month=slice("2021-01", "2021-12")).sum())


def test_the_region_data_give_the_aggregate_return_worked_out_by_hand(province):
    assert general_2021(fundsim.simulate(load_scenario(province))) == pytest.approx(540_000)


def test_a_roster_of_half_the_firms_is_refused_naming_the_region_and_its_shares(province):
    # 50 firms × 12,000 = 600,000 of 1,200,000 yuan: 50% of firms, 50% of contributions
    half = roster(province.parent, 50, 12_000, "half.csv")
    scenario = load_scenario(province)
    with pytest.raises(InputError) as caught:
        roster_amounts(half, scenario, 2021)
    text = str(caught.value)
    assert ("[region 990100]: 甲市: the roster covers 50.0% of the region's firms "
            "(50 of 100)") in text
    assert "50.0% of its 2020 contributions (60.0 of 120.0 万元)" in text
    assert "--roster-partial" in text and "partial=True" in text
    assert COVERAGE_THRESHOLD == 0.95


def test_with_partial_the_return_is_the_rosters_plus_half_the_aggregate(province):
    half = roster(province.parent, 50, 12_000, "half.csv")
    scenario = load_scenario(province)
    roster_own = 50 * 0.6 * 12_000  # 360,000
    expected = roster_own + AGGREGATE_2021 * (1 - 0.5)  # 360,000 + 270,000 = 630,000
    ds = fundsim.simulate(scenario, roster=roster_amounts(half, scenario, 2021, partial=True))
    assert general_2021(ds) == pytest.approx(630_000) == expected
    # 2022 is not the roster's year: the aggregate rule alone, as without a roster
    plain = fundsim.simulate(scenario)
    later = slice("2022-01", "2022-12")
    assert float(ds["returns_general"].sel(month=later).sum()) == pytest.approx(
        float(plain["returns_general"].sel(month=later).sum()))


def test_contributions_short_alone_are_refused(province):
    # all 100 firms, but 100 × 11,000 = 1,100,000 of 1,200,000 yuan: 91.7% < 95%
    light = roster(province.parent, 100, 11_000, "light.csv")
    amounts, coverage = engine_roster(run_roster(light, load_scenario(province), 2021))
    assert amounts is None
    assert coverage.firm_share[0] == 1.0
    assert coverage.contribution_share[0] == pytest.approx(1_100_000 / 1_200_000)
    assert coverage.treatment() == ["refused"]
    in_yuan = coverage.to_frame("yuan").iloc[0]
    assert in_yuan["contributions_roster_yuan"] == 1_100_000
    assert in_yuan["contributions_region_yuan"] == 1_200_000


def test_a_roster_of_96_percent_replaces_the_aggregate_as_before_even_with_the_flag(province):
    # 96 firms × 12,500 = 1,200,000: 96% of firms, 100% of contributions; 60% × 12,500 = 7,500
    most = roster(province.parent, 96, 12_500, "most.csv")
    scenario = load_scenario(province)
    run = run_roster(most, scenario, 2021)
    alone, coverage = engine_roster(run)
    flagged, _ = engine_roster(run, partial=True)
    assert not coverage.short.any() and coverage.treatment() == ["roster"]
    assert general_2021(fundsim.simulate(scenario, roster=alone)) == pytest.approx(96 * 7_500)
    for name in ("general", "difficult", "firms_general", "workers_general"):
        assert np.array_equal(getattr(alone, name), getattr(flagged, name))


def test_an_empty_roster_topped_up_pays_exactly_the_aggregate_in_a_later_year(province):
    # policy year 2022 with returns paid half a month late: the uncovered share is 1, so the
    # top-up must rebuild the engine's own aggregate (base: the engine's 2021 contributions)
    scenario = load_scenario(province, ["assumptions.payment_lag=[0.5, 0.5]"])
    regions = load_regions(scenario.data_path)
    in_2022 = np.arange(24) >= 12
    zeros = np.zeros((24, 1))
    empty = RosterAmounts(in_2022, zeros, zeros, zeros, zeros, zeros, zeros)
    paid_2021 = region_contributions(scenario, regions, 2021)
    coverage = RosterCoverage(2022, regions.code, regions.name, np.zeros(1), regions["firms"],
                              np.zeros(1), paid_2021)
    plain = fundsim.simulate(scenario)
    assert paid_2021 == pytest.approx(
        float(plain["contributions"].sel(month=slice("2021-01", "2021-12")).sum()))
    ds = fundsim.simulate(scenario, roster=topped_up(empty, coverage, scenario))
    for name in ("returns_general", "returns_paid", "balance"):
        assert np.allclose(ds[name].values, plain[name].values, rtol=1e-12, atol=1e-6)


def test_run_prints_the_coverage_refuses_then_tops_up_with_the_flag(province, tmp_path,
                                                                    monkeypatch):
    monkeypatch.chdir(tmp_path)
    half = roster(tmp_path, 50, 12_000, "half.csv")
    runner = CliRunner()
    refused = runner.invoke(app, ["run", str(province), "--roster", str(half), "--no-plots",
                                  "--out", "refused"])
    assert refused.exit_code == 2, refused.output
    assert "50.0%" in refused.output and "甲市" in refused.output
    assert not (tmp_path / "refused").exists()
    done = runner.invoke(app, ["run", str(province), "--roster", str(half), "--roster-partial",
                               "--no-plots", "--out", "partial"])
    assert done.exit_code == 0, done.output
    assert "roster + aggregate × 0.5000" in done.output
    assert "roster partial (1 of 1 regions short of 95%, topped up)" in done.output
    table = (tmp_path / "partial" / "roster_coverage.csv").read_text(encoding="utf-8-sig")
    assert table.splitlines()[1] == ("990100,甲市,50,100,0.5000,60.0000,120.0000,0.5000,2020,"
                                     "False,roster + aggregate × 0.5000")
    with xr.open_dataset(tmp_path / "partial" / "results.nc") as ds:
        assert ds.attrs["roster_year"] == 2021
        assert "roster + aggregate × 0.5000" in ds.attrs["roster_coverage"]
        assert general_2021(ds) == pytest.approx(630_000)


def test_a_roster_under_one_provincial_fund_is_refused_with_a_reason(province):
    # one fund for the province: no region of the roster has a fund of its own
    pooled = province.with_name("pooled.yaml")
    pooled.write_text(province.read_text(encoding="utf-8").replace("name: coverage", "name: pooled")
                      + "pooling: provincial\n", encoding="utf-8")
    half = roster(province.parent, 50, 12_000, "half.csv")
    with pytest.raises(InputError, match="pools the province as one fund"):
        roster_amounts(half, load_scenario(pooled), 2021, partial=True)
