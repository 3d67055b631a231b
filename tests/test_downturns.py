"""Recession replay: named downturn profiles laid over a scenario's central path, and the months
until each fund runs dry without public finance.

The shipped ``recession-2008`` scenario is ``default`` with the 2008–09 profile from January
2021; the profile's points (fundsim/scenarios/downturns/2008-09.yaml), by month from the start:
inflow 1.0 (0), 1.05 (2), 1.075 (5 … 14), 1.05 (20), 1.025 (23, 26), then back to 1;
wage 1.0 (0, 3), 0.9556 (14), held; insured 1.0 (0, 2), 0.974 (14), held.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import xarray as xr

import fundsim
from fundsim.base.errors import InputError
from fundsim.inputs.downturns import known_profiles, load_profile
from fundsim.inputs.scenario import load_scenario
from fundsim.run.accounts import residuals
from fundsim.run.downturn import exhaustion_table, write_downturn_csv


@pytest.fixture(scope="module")
def runs() -> tuple[xr.Dataset, xr.Dataset]:
    return fundsim.simulate("default"), fundsim.simulate("recession-2008")


def _month(ds: xr.Dataset, text: str) -> int:
    return int(np.flatnonzero(ds["month"].values.astype("datetime64[M]")
                              == np.datetime64(text, "M"))[0])


# --- a replayed recession reproduces its input paths -----------------------------------------


def test_new_claims_follow_the_profiles_inflow_multipliers_month_by_month(runs):
    central, replay = runs
    ratio = (replay["new_claims"] / central["new_claims"]).values  # region × month
    expected = {
        "2020-12": 1.0,       # before the start
        "2021-01": 1.0,       # month 0: 2008-Q3, 4.0 % / 4.0 %
        "2021-02": 1.025,     # halfway from 1.0 (month 0) to 1.05 (month 2)
        "2021-03": 1.05,      # month 2: end of 2008, 4.2 / 4.0
        "2021-06": 1.075,     # month 5: 2009-Q1, 4.3 / 4.0
        "2022-03": 1.075,     # month 14: end of 2009
        "2022-06": 1.0625,    # month 17: halfway from 1.075 (14) to 1.05 (20)
        "2022-09": 1.05,      # month 20
        "2023-03": 1.025,     # month 26: the last point
        "2023-04": 1.0,       # after the profile: back to the central path
    }
    for month, value in expected.items():
        np.testing.assert_allclose(ratio[:, _month(central, month)], value, rtol=1e-12,
                                   err_msg=month)
    # and every month the same for every region
    np.testing.assert_allclose(ratio, ratio[:1].repeat(ratio.shape[0], axis=0), rtol=1e-12)


def test_covered_wages_follow_the_wage_and_insured_multipliers(runs):
    central, replay = runs
    ratio = (replay["covered_wages"] / central["covered_wages"]).values
    expected = {
        "2021-01": 1.0,
        "2021-04": 1.0 - 0.026 / 12,         # month 3: wage 1.0; insured 1/12 of the way
                                             # from 1.0 (month 2) to 0.974 (month 14)
        "2022-03": 0.9556 * 0.974,           # month 14: 0.9307544
        "2024-12": 0.9556 * 0.974,           # held to the end
    }
    for month, value in expected.items():
        np.testing.assert_allclose(ratio[:, _month(central, month)], value, rtol=1e-12,
                                   err_msg=month)
    # contributions move with the covered wages (the same rate and collection)
    contributions = (replay["contributions"] / central["contributions"]).values
    np.testing.assert_allclose(contributions[:, _month(central, "2022-03")], 0.9307544,
                               rtol=1e-12)


def test_the_shipped_scenario_conserves_money_and_records_its_downturn(runs):
    _, replay = runs
    assert max(residuals(replay).values()) < 1e-4
    assert "downturn:\n  profile: 2008-09\n  start: 2021-01" in replay.attrs["parameters"]


def test_a_scenario_without_a_downturn_is_unchanged(runs):
    central, _ = runs
    assert "downturn" not in central.attrs["parameters"]
    assert exhaustion_table(central).attrs["profile"] == ""


# --- choosing a profile: clear errors ---------------------------------------------------------


def _scenario(tmp_path, text: str):
    path = tmp_path / "s.yaml"
    path.write_text("extends: default\n" + text, encoding="utf-8")
    return path


def test_an_unknown_profile_names_the_known_ones(tmp_path):
    path = _scenario(tmp_path, "downturn:\n  profile: 2008-9\n  start: 2021-01\n")
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    text = str(caught.value)
    assert f"{path}, line 3 [downturn.profile]: unknown downturn profile '2008-9'" in text
    assert "did you mean '2008-09'?" in text
    assert "known profiles: 2008-09, 2020, mild, moderate, severe" in text


def test_a_start_outside_the_horizon_or_not_a_month_is_refused(tmp_path):
    late = _scenario(tmp_path, "downturn: {profile: severe, start: 2025-01}\n")
    with pytest.raises(InputError, match=r"line 2 \[downturn.start\]: 2025-01 is outside the "
                       r"scenario's horizon \(2020-01 to 2024-12\)"):
        load_scenario(late)
    with pytest.raises(InputError, match=r"\[downturn.start\]: not a month \(YYYY-MM\): "
                       r"'2021-13'"):
        load_scenario(_scenario(tmp_path, "downturn: {profile: severe, start: 2021-13}\n"))
    with pytest.raises(InputError, match=r"\[downturn.begin\]: unknown key"):
        load_scenario(_scenario(tmp_path, "downturn: {profile: severe, begin: 2021-01}\n"))


def test_set_chooses_a_profile_and_its_start(tmp_path):
    scenario = load_scenario("default", ["downturn.profile=mild", "downturn.start=2022-01"])
    assert (scenario.downturn.profile.name, str(scenario.downturn.start)) == ("mild", "2022-01")
    # no start given: the downturn starts with the run
    assert str(load_scenario("default", ["downturn.profile=2020"]).downturn.start) == "2020-01"
    with pytest.raises(InputError, match=r"--set \[downturn.profile\]: unknown downturn "
                       r"profile 'worst'"):
        load_scenario("default", ["downturn.profile=worst"])


def test_every_shipped_profile_reads_and_a_bad_one_is_refused_with_its_line(tmp_path):
    assert known_profiles() == ["2008-09", "2020", "mild", "moderate", "severe"]
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\nsources: {stated: {title: a stated assumption}}\nseries:\n"
                   "  inflow:\n    points:\n      - {month: 0, value: 1.0, source: stated}\n"
                   "      - {month: 3, value: -1, source: guessed}\n"
                   "  wage: {points: [{month: 0, value: 1.0, source: stated}]}\n"
                   "  insured: {points: [{month: 0, value: 1.0, source: stated}]}\n",
                   encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_profile(bad)
    text = str(caught.value)
    assert "line 7 [series.inflow.points.1.value]: expected a multiplier above 0" in text
    assert ("line 7 [series.inflow.points.1.source]: every value names its source, one of "
            "sources: stated; got 'guessed'") in text


# --- months until exhaustion: a hand case -----------------------------------------------------


def _tiny(deficit: np.ndarray, subsidy: np.ndarray, start: str = "2021-03") -> xr.Dataset:
    """Two regions over six months from 2021-01 (a path axis when the arrays have three)."""
    dims = ("region", "month", "path")[:deficit.ndim]
    ds = xr.Dataset(
        {"fiscal_subsidy_deficit": (dims, deficit), "fiscal_subsidy": (dims, subsidy)},
        coords={"region": ["A", "B"], "region_name": ("region", ["甲", "乙"]),
                "month": pd.date_range("2021-01-01", periods=6, freq="MS")})
    ds.attrs.update(parameters=f"downturn:\n  profile: hand\n  start: '{start}'\n",
                    paths=deficit.shape[2] if deficit.ndim == 3 else 1)
    return ds


def test_months_until_exhaustion_on_a_hand_built_run():
    # months:        Jan  Feb  Mar  Apr  May  Jun      (the downturn starts in March)
    deficit = np.array([[0.0, 0.0, 0.0, 0.0, 5.0, 0.0],     # A: first deficit in May → 2
                        [0.0, 7.0, 0.0, 0.0, 0.0, 0.0]])    # B: only before the start → never
    subsidy = deficit + np.array([[1.0, 0, 0, 0, 0, 0], [0, 0, 0, 2.0, 0, 0]])
    table = exhaustion_table(_tiny(deficit, subsidy)).set_index("region")
    assert table.loc["A", "months_to_exhaustion"] == 2
    assert table.loc["A", "first_month_exhausted"] == "2021-05"
    assert np.isnan(table.loc["B", "months_to_exhaustion"])
    assert table.loc["B", "first_month_exhausted"] == ""
    assert table.loc["province-fund", "months_to_exhaustion"] == 2     # A's May
    assert list(table["p_exhausted"]) == [1.0, 0.0, 1.0]
    assert list(table["public_finance_needed_yuan"]) == [6.0, 9.0, 15.0]  # the whole horizon
    assert list(table["of_which_deficit_yuan"]) == [5.0, 7.0, 12.0]


def test_monte_carlo_gives_the_median_months_and_the_probability_of_exhaustion(tmp_path):
    deficit = np.zeros((2, 6, 4))
    deficit[0, 3, 0] = deficit[0, 4, 1] = 1.0   # A: April (1), May (2), never, never
    deficit[1, 2, 0] = deficit[1, 3, 1] = deficit[1, 5, 2] = 1.0  # B: 0, 1, 3, never
    ds = _tiny(deficit, deficit * 10)
    table = exhaustion_table(ds).set_index("region")
    # A: median of (1, 2, ∞, ∞) is ∞: not within the horizon on the median path
    assert np.isnan(table.loc["A", "months_to_exhaustion"])
    assert table.loc["A", "p_exhausted"] == 0.5
    # B: median of (0, 1, 3, ∞) = (1 + 3) / 2
    assert table.loc["B", "months_to_exhaustion"] == 2.0
    assert table.loc["B", "p_exhausted"] == 0.75
    # the province: first month of either: (0, 1, 3, ∞) → 2, on 3 paths of 4
    assert table.loc["province-fund", "months_to_exhaustion"] == 2.0
    assert table.loc["province-fund", "p_exhausted"] == 0.75
    assert table.loc["B", "public_finance_needed_yuan"] == 7.5   # 30 yuan over 4 paths
    assert write_downturn_csv(ds, tmp_path)
    written = pd.read_csv(tmp_path / "downturn.csv", dtype={"region": str})
    assert list(written["region"]) == ["A", "B", "province-fund"]


def test_the_report_section_names_the_profile_and_the_funds_that_run_dry():
    from fundsim.present.report.render import Report, section_downturn

    deficit = np.array([[0.0, 0.0, 0.0, 0.0, 5.0, 0.0], [0.0] * 6])
    ds = _tiny(deficit, deficit).assign_attrs(general_months=12.0, difficult_months=24.0)
    section = section_downturn(Report(ds, "en"))
    assert section.title == "Recession replay"
    assert ("1 of 2 regions run dry within the horizon; the first, Jia (甲), after 2 months "
            "(May 2021)") in section.body
    assert "not within the horizon" in section.body
    zh = section_downturn(Report(ds, "zh"))
    assert zh.title == "衰退情景重演" and "预测期内未耗尽" in zh.body


def test_the_run_prints_and_writes_the_months_until_exhaustion(tmp_path):
    """`fundsim run recession-2008`: the console says each region's months until exhaustion
    without public finance, and downturn.csv holds them."""
    from typer.testing import CliRunner

    from fundsim.cli.app import app

    done = CliRunner().invoke(app, ["run", "recession-2008", "--no-plots", "--out",
                                    str(tmp_path / "r")])
    assert done.exit_code == 0, done.output
    assert "耗尽月数" in done.output and "not within the horizon" in done.output
    text = (tmp_path / "r" / "downturn.csv").read_text(encoding="utf-8-sig")
    assert text.startswith("region,region_name,months_to_exhaustion")
