"""results.nc: the CONTRACT.md variables, units, attributes, and a faithful round trip."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

import fundsim
from fundsim.run.files import save_netcdf
from fundsim.run.tables import annual_table, summary_table

CONTRACT = ["opening_balance", "balance", "contributions", "benefits", "returns_paid",
            "remittance", "pool_transfer", "fiscal_subsidy", "reserve_months", "passes_12",
            "passes_24", "trainees", "training_paid", "firms_covered", "workers_covered",
            "cap_multiple", "pool_opening_balance", "pool_balance"]


def test_contract_variables_round_trip_with_units_names_and_run_record(tmp_path):
    ds = fundsim.simulate("default", paths=3, seed=2)
    save_netcdf(ds, tmp_path / "results.nc")
    back = xr.load_dataset(tmp_path / "results.nc", engine="h5netcdf")
    for name in CONTRACT:
        assert name in back, name
        assert back[name].attrs["units"] and back[name].attrs["long_name"], name
    assert back["balance"].dims == ("region", "month", "path")
    assert back["pool_balance"].dims == ("month", "path")
    assert back["path"].dtype == np.int64
    assert "呼和浩特市" in list(back["region_name"].values)
    assert back["passes_12"].dtype == bool
    assert back.attrs["general_months"] == 12 and back.attrs["difficult_months"] == 24
    assert back.attrs["seed"] == 2 and "policy.returns.ratio.sme" in back.attrs["parameters"]
    assert back.attrs["fundsim_version"]
    np.testing.assert_array_equal(back["balance"].values, ds["balance"].values)
    assert back["month"].values[0] == np.datetime64("2020-01-01")


def test_passes_match_the_thresholds():
    ds = fundsim.simulate("default")
    np.testing.assert_array_equal(ds["passes_12"], ds["reserve_months"] >= 12)
    np.testing.assert_array_equal(ds["passes_24"], ds["reserve_months"] >= 24)


def test_default_run_shows_every_mechanism():
    """The embedded province is chosen so that the default run exercises everything."""
    ds = fundsim.simulate("default")
    first = ds.isel(month=0)
    assert int((first["passes_24"]).sum()) >= 1                       # both tests passed
    assert int((first["passes_12"] & ~first["passes_24"]).sum()) >= 1  # only the 12-month test
    assert int((~first["passes_12"]).sum()) >= 1                      # neither
    assert float(ds["pool_transfer"].sum()) > 0
    assert float(ds["fiscal_subsidy_returns"].sum()) > 0
    assert float(ds["training_paid"].sum()) > 0 and float(ds["returns_difficult"].sum()) > 0
    # no region of the calibrated province runs dry under current law; in a recession one does,
    # and public finance keeps its balance from going negative
    assert float(ds["fiscal_subsidy_deficit"].sum()) == 0
    stress = fundsim.simulate("recession-stress")
    assert float(stress["fiscal_subsidy_deficit"].sum()) > 0


def test_the_province_funds_annual_accounts_consolidate_the_regions_and_the_pool():
    ds = fundsim.simulate("default")
    table = annual_table(ds)
    pool_interest = ds["pool_interest"].groupby(ds["month"].dt.year).sum().values / 1e4
    pool_closing = ds["pool_balance"].groupby(ds["month"].dt.year).last().values / 1e4
    opening = (float(ds["opening_balance"].sum()) + float(ds["pool_opening_balance"])) / 1e4
    for k, (_, rows) in enumerate(table.groupby("year")):
        regions = rows[rows.code != "province-fund"]
        province = rows[rows.code == "province-fund"].iloc[0]
        # transfers between the regions and the pool happen inside the province fund
        assert province["pool_transfer_wan"] == 0 and province["remittance_wan"] == 0
        assert province["income_wan"] == pytest.approx(
            regions["income_wan"].sum() - regions["pool_transfer_wan"].sum() + pool_interest[k])
        assert province["year_end_balance_wan"] == pytest.approx(
            regions["year_end_balance_wan"].sum() + pool_closing[k])
        # its accounts add up: the change in its balance is income − spending − skills transfer
        change = province["year_end_balance_wan"] - opening
        assert change == pytest.approx(province["income_wan"] - province["spending_wan"]
                                       - province["skills_transfer_wan"])
        opening = province["year_end_balance_wan"]
    total = float(ds["returns_paid"].sum()) / 1e4
    assert table[table.code == "province-fund"]["returns_paid_wan"].sum() == pytest.approx(total)


def test_summary_counts_months_below_the_tests():
    ds = fundsim.simulate("default")
    table = summary_table(ds).set_index("code")
    erenhot = ds.sel(region="152501")
    assert table.loc["152501", "months_below_general"] == int((~erenhot["passes_12"]).sum())
    assert table.loc["152501", "months_below_difficult"] == int((~erenhot["passes_24"]).sum())
    assert table.loc["province-fund", "returns_paid_wan"] == pytest.approx(
        float(ds["returns_paid"].sum()) / 1e4, rel=1e-12)
