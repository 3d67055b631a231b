"""The re-forecast's early warning as a planner reads it in July: where each region ends the
year, whether it passes next January's tests, and which regions to watch, graded.

Most stories use a run built by hand: two regions, four paths, October 2024 to February 2025,
actual figures to November 2024. Every expected figure below is worked out in the test from
the values set here (numpy's default quantile: linear between the sorted paths, the q-quantile
of four paths at position 3q). Two stories use the engine's re-forecast of the default
scenario from the shipped actuals: a run summarised over paths gives the same table as the same
run kept whole, and its chart draws.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xarray as xr

import fundsim
from fundsim.base.errors import InputError
from fundsim.present.charts.watch import panel_codes, plot_watch
from fundsim.present.report import render
from fundsim.run import files, watch
from fundsim.run.columns import WATCH_COLUMNS
from fundsim.run.metrics import PROVINCE_ROW
from fundsim.run.simulation import simulate

MONTHS = pd.date_range("2024-10-01", periods=5, freq="MS")  # Oct, Nov, Dec, Jan, Feb
DEC, JAN = 2, 3
# the year-end balances of the four paths (yuan)
BALANCE_DEC = {"A1": [100.0, 200.0, 300.0, 400.0], "B2": [40.0, 10.0, 30.0, 20.0]}
POOL_DEC = [5.0, 5.0, 5.0, 5.0]
# next January's months of reserve, as the engine assessed them
RESERVE_JAN = {"A1": [6.0, 10.0, 13.0, 21.0], "B2": [30.0, 25.0, 10.0, 26.0]}
PROVINCE_RESERVE_JAN = [8.0, 14.0, 15.0, 30.0]


def hand_run(**attrs: object) -> xr.Dataset:
    """The two-region, four-path re-forecast. The 2024 assessment passes everything (50
    months); the general test asks 18 months in 2024 and 12 from January 2025, the
    difficult-firm test 24 throughout."""
    regions, paths = ["A1", "B2"], 4
    balance = np.full((2, 5, paths), 1000.0)
    reserve = np.full((2, 5, paths), 50.0)
    for i, code in enumerate(regions):
        balance[i, DEC] = BALANCE_DEC[code]
        reserve[i, JAN:] = RESERVE_JAN[code]
    pool = np.full((5, paths), 50.0)
    pool[DEC] = POOL_DEC
    province = np.full((5, paths), 50.0)
    province[JAN:] = PROVINCE_RESERVE_JAN
    general = np.array([18.0, 18.0, 18.0, 12.0, 12.0])
    difficult = np.full(5, 24.0)
    plan_balance = np.full((2, 5), 900.0)
    plan_balance[:, DEC] = [260.0, 24.0]
    plan_reserve = np.full((2, 5), 40.0)
    plan_reserve[:, JAN:] = [[12.5], [24.5]]
    dims = ("region", "month", "path")
    ds = xr.Dataset(
        {"balance": (dims, balance), "reserve_months": (dims, reserve),
         "passes_general": (dims, reserve >= general[None, :, None]),
         "passes_difficult": (dims, reserve >= difficult[None, :, None]),
         "pool_balance": (("month", "path"), pool),
         "province_reserve_months": (("month", "path"), province),
         "general_months": ("month", general), "difficult_months": ("month", difficult),
         "actual": ("month", np.array([True, True, False, False, False])),
         "plan_balance": (("region", "month"), plan_balance),
         "plan_reserve_months": (("region", "month"), plan_reserve)},
        coords={"region": regions, "region_name": ("region", ["甲市", "乙市"]),
                "month": MONTHS, "path": np.arange(paths)},
        attrs={"scenario": "hand", "paths": paths, "seed": 0, "paths_kept": "all",
               "general_months": 12.0, "difficult_months": 24.0,
               "last_actual_month": "2024-11", "actuals_source": "actuals_hand.csv"})
    ds.attrs.update(attrs)
    return ds


def test_the_hand_run_graded_red_amber_with_its_quantiles_and_probabilities():
    table = watch.watch_table(hand_run()).set_index("code")
    assert list(table.index) == ["A1", "B2", PROVINCE_ROW]  # red, amber, then the province
    a, b = table.loc["A1"], table.loc["B2"]
    # A1 fails the 12-month test on the paths at 6 and 10 months: 2 of 4 → red (≥ 50%);
    # it fails the 24-month test on every path
    assert (a["p_fail_general"], a["p_fail_difficult"], a["grade"]) == (0.5, 1.0, "red")
    # B2 fails 12 months only on the path at 10 → 25%: amber (≥ 10%, < 50%)
    assert (b["p_fail_general"], b["p_fail_difficult"], b["grade"]) == (0.25, 0.25, "amber")
    # A1's year-end balances 100, 200, 300, 400: mean 250, 5% at 100 + 0.15·100, 95% at
    # 300 + 0.85·100; next January's 6, 10, 13, 21 months: median 11.5, 5% 6 + 0.15·4,
    # 95% 13 + 0.85·8
    assert a[["year_end_balance_mean_yuan", "year_end_balance_p05_yuan",
              "year_end_balance_p50_yuan", "year_end_balance_p95_yuan"]].tolist() == \
        pytest.approx([250.0, 115.0, 250.0, 385.0])
    assert a[["reserve_months_p50", "reserve_months_p05", "reserve_months_p95"]].tolist() == \
        pytest.approx([11.5, 6.6, 19.8])
    # B2 sorted: 10, 20, 30, 40 yuan; 10, 25, 26, 30 months
    assert b[["year_end_balance_mean_yuan", "year_end_balance_p05_yuan",
              "year_end_balance_p95_yuan"]].tolist() == pytest.approx([25.0, 11.5, 38.5])
    assert b[["reserve_months_p50", "reserve_months_p05", "reserve_months_p95"]].tolist() == \
        pytest.approx([25.5, 12.25, 29.4])
    # the plan (the January projection) at December and next January
    assert (a["plan_year_end_balance_yuan"], a["plan_reserve_months"]) == (260.0, 12.5)
    assert (b["plan_year_end_balance_yuan"], b["plan_reserve_months"]) == (24.0, 24.5)


def test_the_province_is_the_regions_and_the_pool_against_the_test_in_force_next_january():
    table = watch.watch_table(hand_run()).set_index("code")
    province = table.loc[PROVINCE_ROW]
    # balances 100+40+5, 200+10+5, 300+30+5, 400+20+5 = 145, 215, 335, 425
    assert province[["year_end_balance_mean_yuan", "year_end_balance_p05_yuan",
                     "year_end_balance_p50_yuan", "year_end_balance_p95_yuan"]].tolist() == \
        pytest.approx([280.0, 155.5, 275.0, 411.5])
    # 8, 14, 15, 30 months against January 2025's 12 (not 2024's 18): one path of four fails
    assert province["p_fail_general"] == 0.25 and province["grade"] == "amber"
    assert province["p_fail_difficult"] == 0.75  # 8, 14, 15 below 24
    assert province["reserve_months_p50"] == pytest.approx(14.5)
    # no plan for the pool in this run: the province's plan is left empty
    assert np.isnan(province["plan_year_end_balance_yuan"])
    assert table.attrs["general_months"] == 12.0 and table.attrs["assessment"] == "2025-01"
    assert watch.watch_regions(hand_run()) == ["A1", "B2"]  # the province is not a region


def test_the_planner_sets_the_thresholds_in_the_run_or_in_the_call():
    ds = hand_run(watch_amber=0.3, watch_red=0.6)
    table = watch.watch_table(ds).set_index("code")
    # A1 at 50% is only amber below a 60% red line; B2 at 25% is green below 30%
    assert table["grade"].to_dict() == {"A1": "amber", "B2": "green", PROVINCE_ROW: "green"}
    assert watch.watch_regions(ds) == ["A1"]
    # the call overrides the run: at 25% both are red, A1 (50%) first
    table = watch.watch_table(ds, amber=0.2, red=0.25)
    assert table["code"].tolist() == ["A1", "B2", PROVINCE_ROW]
    assert set(table["grade"]) == {"red"}
    assert (watch.WATCH_AMBER, watch.WATCH_RED) == (0.10, 0.50)
    with pytest.raises(InputError, match="watch_amber.*above watch_red"):
        watch.watch_table(ds, amber=0.7)
    with pytest.raises(InputError, match="watch_red.*probability"):
        watch.watch_table(hand_run(watch_red="often"))


def test_a_single_path_fails_or_passes_and_has_no_spread():
    one = hand_run().isel(path=2, drop=True)  # the third path alone
    one.attrs["paths"] = 1
    table = watch.watch_table(one).set_index("code")
    # A1: 13 months passes 12 → green; B2: 10 months fails both → red, first
    assert table.index.tolist() == ["B2", "A1", PROVINCE_ROW]
    assert table.loc["B2", ["p_fail_general", "p_fail_difficult"]].tolist() == [1.0, 1.0]
    assert table.loc["A1", ["p_fail_general", "grade"]].tolist() == [0.0, "green"]
    assert table.loc["A1", ["year_end_balance_mean_yuan", "year_end_balance_p50_yuan",
                            "reserve_months_p50"]].tolist() == [300.0, 300.0, 13.0]
    assert table[["year_end_balance_p05_yuan", "reserve_months_p95"]].isna().all().all()
    # the province: 335 yuan, 15 months passes 12 but not 24
    assert table.loc[PROVINCE_ROW, ["year_end_balance_p50_yuan", "p_fail_general",
                                    "p_fail_difficult"]].tolist() == [335.0, 0.0, 1.0]


def test_a_run_that_ends_before_next_january_or_holds_no_actuals_is_refused():
    short = hand_run().isel(month=slice(0, 3))  # ends December 2024
    with pytest.raises(InputError) as error:
        watch.watch_table(short)
    assert "actuals_hand.csv" in str(error.value) and "2025-01" in str(error.value)
    plain = hand_run().drop_vars("actual")
    del plain.attrs["last_actual_month"]
    assert not watch.has_actuals(plain)
    with pytest.raises(InputError, match="no actual months"):
        watch.watch_table(plain)


def test_watch_csv_carries_money_in_the_unit_asked(tmp_path):
    table = files.write_watch(hand_run(), tmp_path, "wan")
    assert [p.name for p in tmp_path.iterdir()] == ["watch.csv"]  # no temporary file left
    raw = (tmp_path / "watch.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())  # BOM: Excel shows the Chinese names
    back = pd.read_csv(tmp_path / "watch.csv", encoding="utf-8-sig", dtype={"code": str})
    assert back.columns.tolist() == [c.key.replace("{u}", "wan") for c in WATCH_COLUMNS]
    a = back.set_index("code").loc["A1"]
    assert a["year_end_balance_mean_wan"] == 0.025  # 250 yuan, to 4 decimals of 万元
    assert a["grade"] == "red" and a["year_end"] == "2024-12"
    assert table["plan_year_end_balance_wan"].iloc[0] == pytest.approx(0.026)
    files.write_watch(hand_run(), tmp_path, "yuan")
    assert "250.00" in (tmp_path / "watch.csv").read_text(encoding="utf-8-sig")


def test_the_console_lists_the_regions_to_watch_and_the_province():
    found = watch.watch_console(hand_run(watch_amber=0.3, watch_red=0.6))
    assert "1 of 2 regions to watch" in found.title
    assert [row[:3] for row in found.rows] == [["黄 amber", "甲市", "50%"],
                                              ["绿 green", "全省（各地区与调剂金）", "25%"]]
    assert found.rows[0][3] == "11.5 [6.6–19.8]"  # the median [5%–95%] months of reserve
    assert watch.watch_console_rows(hand_run())[0][0] == "等级 grade"


#: The shipped example: six months of synthetic actuals of the default province.
EXAMPLE = Path(fundsim.__file__).parent / "scenarios" / "actuals" / "default-2020H1.csv"


@pytest.fixture(scope="module")
def default_runs() -> tuple[xr.Dataset, xr.Dataset]:
    """The default scenario re-forecast from the shipped actuals (to June 2020), 20 paths kept
    whole and the same run summarised over paths."""
    return tuple(simulate("default", actuals=EXAMPLE, paths=20, keep_paths=keep)
                 for keep in (True, False))


def test_a_summarised_run_gives_the_table_of_its_full_paths(default_runs):
    full, summarised = default_runs
    assert "path" not in summarised.dims and summarised.attrs["paths_kept"] == "summary"
    a, b = watch.watch_table(full), watch.watch_table(summarised)
    assert a["code"].tolist() == b["code"].tolist()
    assert a["grade"].tolist() == b["grade"].tolist()
    numbers = a.select_dtypes(float).columns
    np.testing.assert_allclose(a[numbers].to_numpy(), b[numbers].to_numpy(), rtol=1e-9,
                               atol=1e-9, equal_nan=True)
    # the 2020 year end and the 2021 assessment, 14 regions and the province
    assert (a.attrs["year_end"], a.attrs["assessment"], len(a)) == ("2020-12", "2021-01", 15)


def test_the_chart_writes_a_png_and_draws_a_summarised_run(tmp_path, default_runs):
    ds = hand_run()
    assert panel_codes(ds) == [PROVINCE_ROW, "A1", "B2"]
    svg = plot_watch(ds, tmp_path / "watch.png", svg=True)
    assert (tmp_path / "watch.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert svg is not None and svg.lstrip().startswith(b"<?xml")
    assert plot_watch(ds, tmp_path / "again.png") is None  # a PNG only, by default
    _, summarised = default_runs
    assert len(panel_codes(summarised)) == 12  # the province and 11 of the 14 watched
    assert b"<svg" in plot_watch(summarised, lang="en")


def test_the_report_has_the_watch_section_only_for_a_run_from_actuals():
    assert render.SECTIONS.index(render.section_watch) == \
        render.SECTIONS.index(render.section_headline) + 1
    section = render.section_watch(render.Report(hand_run(), "zh", charts={}))
    assert section is not None and section.id == "watch"
    assert "实际数据覆盖 2024年10月 至 2024年11月（2 个月" in section.body
    assert "<code>actuals_hand.csv</code>" in section.body
    assert "需关注的地区（2 个）：甲市（红色，50%）、乙市（黄色，25%）" in section.body
    assert "11.5 [6.6–19.8]" in section.body  # A1's months of reserve, median [5%–95%]
    english = render.section_watch(render.Report(hand_run(), "en", charts={}))
    assert "Regions to watch (2)" in english.body
    plain = hand_run().drop_vars("actual")
    del plain.attrs["last_actual_month"]
    assert render.section_watch(render.Report(plain, "zh", charts={})) is None
    # a run from actuals that stops before the next January says why it has no warning
    short = hand_run().isel(month=slice(0, 3))
    assert not watch.watchable(short) and watch.watchable(hand_run())
    section = render.section_watch(render.Report(short, "zh", charts={}))
    assert "模拟期在 2024年12月 结束，早于其后的 1 月评估（2025年1月）" in section.body
