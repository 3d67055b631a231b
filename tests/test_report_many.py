"""A report of many regions (a national run has about 350) stays readable: the province and the
worst regions drawn one by one, a heat map of all of them, tables worst first with the rest
folded away; the same figures as a small run's, only ordered and folded."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr
from test_report import Page, hand_run, rows_by_header

from fundsim.present.charts import selection
from fundsim.present.report import render

N = 45


def many_run(n: int = N) -> xr.Dataset:
    """The hand run's two regions repeated ``n`` times; region i has i + 3 months of reserve
    in 2021, so that the first ten fail the 12-month test, and region 30 only 1 month."""
    base = hand_run()
    parts = [base.isel(region=[i % 2]).assign_coords(region=[f"{200000 + i}"],
                                                    region_name=("region", [f"第{i}市"]))
             for i in range(n)]
    ds = xr.concat(parts, "region", data_vars="minimal", coords="minimal",
                   compat="override", join="override")
    reserve = ds["reserve_months"].values.copy()
    level = np.arange(n, dtype=float) + 3.0
    level[30] = 1.0
    reserve[:, 12:] = level[:, None]
    ds["reserve_months"] = (ds["reserve_months"].dims, reserve)
    ds["passes_12"] = ds["reserve_months"] >= 12
    ds["passes_24"] = ds["reserve_months"] >= 24
    ds["opening_balance"] = ("region", np.full(n, 5e7))
    return ds


@pytest.fixture(scope="module")
def page() -> Page:
    return Page(render.render_report(many_run(), "en"))


def test_the_reserve_table_lists_the_worst_first_and_folds_the_rest(page: Page) -> None:
    shown = selection.TABLE_ROWS
    first = page.table(f"Months of reserve assessed each January, by region (the {shown} rows "
                       f"lowest in reserve of {N})")
    names = [row[0][2] for row in first["body"]]
    assert len(names) == shown
    assert names[:3] == ["Di30 Shi (第30市)", "Di0 Shi (第0市)", "Di1 Shi (第1市)"]
    rest = page.table(f"Months of reserve assessed each January, by region (the other "
                      f"{N - shown} rows)")
    assert len(rest["body"]) == N - shown
    # a 甲市
    assert rows_by_header(first)["Di30 Shi (第30市)"] == ["30.0", "▼1.0 (below 12 months)"]


def test_the_folded_rows_are_behind_a_summary(page: Page) -> None:
    text = render.render_report(many_run(), "en")
    # the regions failing a test, the deficits (every 乙市), the reserve and the regions tables
    assert text.count('<details class="more">') == 4
    assert f"Show the other {N - selection.TABLE_ROWS} rows" in page.plain


def test_the_regions_table_keeps_the_province_row_under_the_worst(page: Page) -> None:
    first = page.table(f"Results by region over the whole period (the {selection.TABLE_ROWS} ")
    assert first["body"][0][0][2] == "Di30 Shi (第30市)"
    assert [row[0][2] for row in first["foot"]] == ["Province (regions and pool)"]


def test_the_key_points_name_the_worst_regions_and_count_the_rest(page: Page) -> None:
    names = ", ".join(f"Di{i} Shi (第{i}市)" for i in (30, 0, 1, 2, 3, 4, 5, 6, 7, 8))
    assert (f"10 of {N} regions fall below 12 months of reserve in at least one year: {names}."
            in page.plain)


def test_the_charts_are_the_worst_regions_and_a_heat_map(page: Page) -> None:
    assert len(page.images) == 5
    alts = [image["alt"] for image in page.images]
    assert alts[0].startswith("Small multiples: months of reserve from Jan 2020 to Dec "
                              f"2021 for the province (with the pool) and the "
                              f"{selection.WORST_SHOWN} of {N} regions")
    assert alts[1].startswith(f"Heat map: months of reserve of {N} regions")
    assert all(image["src"].startswith("data:image/svg+xml;base64,") for image in page.images)


def test_a_long_list_of_names_is_cut_to_the_worst() -> None:
    ds = many_run()
    reserve = ds["reserve_months"].values.copy()
    reserve[:, 12:] = 5.0  # every region fails in 2021
    reserve[7, 12:] = 2.0
    ds["reserve_months"] = (ds["reserve_months"].dims, reserve)
    r = render.Report(ds, "en")
    text = r.names_of(r.codes)
    assert text.startswith("Di7 Shi (第7市), Di0 Shi (第0市), Di1 Shi (第1市)")
    assert text.endswith(f"and others, {N} regions in all")
    assert text.count("市") == selection.WORST_SHOWN


def test_a_small_run_keeps_the_order_of_its_data() -> None:
    r = render.Report(hand_run(), "en")
    assert r.order == r.codes
