"""A run's outputs cost what their work costs (issue 12): what is not asked for is not loaded,
what was made once is reused, and none of it changes a number.

Behaviour only; the timings are benchmarks/bench_run.py's and bench_stages.py's."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import h5py
import numpy as np
import pandas as pd
import pytest
import xarray as xr
from matplotlib.figure import Figure

import fundsim
from fundsim.present.charts import run as plots
from fundsim.present.report import fonts
from fundsim.run import metrics
from fundsim.run.files import save_netcdf
from fundsim.run.metrics import PROVINCE_NAME, PROVINCE_ROW, SPENDING
from fundsim.run.tables import INCOME, WAN, annual_table


def _modules_after(code: str) -> list[str]:
    """The libraries of interest in ``sys.modules`` after ``code`` in a fresh interpreter."""
    probe = (f"{code}\nimport json, sys\nprint(json.dumps(sorted(m for m in ('matplotlib', "
             "'fontTools', 'distributed') if m in sys.modules)))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout.splitlines()[-1])


def test_a_run_without_plots_loads_neither_matplotlib_nor_the_font_tools(tmp_path: Path) -> None:
    code = ("import fundsim\nfrom fundsim.present.outputs import save_run\n"
            f"save_run(fundsim.simulate('default'), {str(tmp_path)!r}, plots=False)")
    assert _modules_after(code) == []
    assert {p.name for p in tmp_path.iterdir()} == {"results.nc", "summary.csv", "annual.csv"}


def test_results_nc_is_written_without_asking_dask_distributed(tmp_path: Path) -> None:
    code = ("import fundsim\nfrom fundsim.run.files import save_netcdf\n"
            f"save_netcdf(fundsim.simulate('default'), {str(tmp_path / 'r.nc')!r})")
    assert "distributed" not in _modules_after(code)


def test_only_variables_worth_it_are_compressed_and_every_value_round_trips(tmp_path) -> None:
    ds = fundsim.simulate("default", paths=3, seed=2)
    ds["big"] = (("region", "month", "path", "twice"),
                 np.linspace(0, 1, 14 * 60 * 3 * 2).reshape(14, 60, 3, 2))
    save_netcdf(ds, tmp_path / "r.nc", compress_bytes=ds["big"].nbytes)
    with h5py.File(tmp_path / "r.nc") as file:
        assert file["big"].compression == "gzip" and file["big"].shuffle
        assert file["balance"].compression is None  # smaller than the threshold
    back = xr.load_dataset(tmp_path / "r.nc", engine="h5netcdf")
    for name in ds.data_vars:
        np.testing.assert_array_equal(back[name].values, ds[name].values, err_msg=name)
    # the scheduler lookup is put back as it was
    from xarray.backends import locks, writers

    assert writers.get_dask_scheduler is locks.get_dask_scheduler
    assert locks.get_dask_scheduler.__module__ == "xarray.backends.locks"


# ------------------------------------------------------------------------------ annual_table


def _annual_by_region(ds: xr.Dataset) -> pd.DataFrame:
    """annual.csv as it was computed before it was vectorised: region by region."""
    year = ds["month"].dt.year
    flows = {name: metrics.mean_over_paths(ds[name]).groupby(year).sum() / WAN
             for name in INCOME + SPENDING + ("remittance", "skills_transfer")}
    closing = metrics.mean_over_paths(ds["balance"]).groupby(year).last() / WAN
    pool_interest = (metrics.mean_over_paths(ds["pool_interest"]).groupby(year).sum() / WAN).values
    pool_closing = (metrics.mean_over_paths(ds["pool_balance"]).groupby(year).last() / WAN).values
    frames = []
    codes, names = ds["region"].values, ds["region_name"].values
    for i in range(len(codes) + 1):
        province = i == len(codes)

        def pick(name: str, i: int = i, province: bool = province) -> np.ndarray:
            da = closing if name == "balance" else flows[name]
            values = (da.sum("region") if province else da.isel(region=i)).values
            if province and name in ("pool_transfer", "remittance"):
                return np.zeros_like(values)
            if province and name == "interest":
                return values + pool_interest
            if province and name == "balance":
                return values + pool_closing
            return values

        income = sum(pick(n) for n in INCOME)
        spending = sum(pick(n) for n in SPENDING)
        balance = pick("balance")
        reserve = np.divide(balance * 12, spending, out=np.full_like(balance, np.inf),
                            where=spending > 0)
        frames.append(pd.DataFrame({
            "year": closing["year"].values,
            "code": PROVINCE_ROW if province else codes[i],
            "name": PROVINCE_NAME if province else names[i],
            "income_wan": income, **{f"{n}_wan": pick(n) for n in INCOME},
            "spending_wan": spending, **{f"{n}_wan": pick(n) for n in SPENDING},
            "remittance_wan": pick("remittance"),
            "skills_transfer_wan": pick("skills_transfer"),
            "year_end_balance_wan": balance, "year_end_reserve_months": reserve,
        }))
    return pd.concat(frames, ignore_index=True).sort_values(["year"], kind="stable")


@pytest.mark.parametrize(("scenario", "paths"), [("default", 1), ("default", 7),
                                                 ("provincial-pooling", 1),
                                                 ("recession-stress", 1)])
def test_the_annual_table_has_the_numbers_of_the_region_by_region_table(scenario: str,
                                                                        paths: int) -> None:
    ds = fundsim.simulate(scenario, paths=paths, seed=5)
    pd.testing.assert_frame_equal(annual_table(ds), _annual_by_region(ds), check_exact=True)


# ------------------------------------------------------------------------------ charts


def test_a_chart_is_drawn_once_for_its_png_and_once_for_its_svg_with_the_same_pixels(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ds = fundsim.simulate("default")
    plots.plot_pool(ds, tmp_path / "alone.png")  # Matplotlib's own layout while saving
    draws = []
    draw = Figure.draw
    monkeypatch.setattr(Figure, "draw", lambda self, renderer: draws.append(1) or draw(
        self, renderer))
    svg = plots.draw("pool", ds, "zh", tmp_path / "pool.png", svg=True)
    assert len(draws) == 2  # laid out once, then one draw for each file
    assert (tmp_path / "pool.png").read_bytes() == (tmp_path / "alone.png").read_bytes()
    assert svg is not None and svg.lstrip().startswith(b"<?xml")


# ------------------------------------------------------------------------------ the font


def test_the_font_subset_is_made_once_then_taken_from_the_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
        ) -> None:
    monkeypatch.setenv("FUNDSIM_CACHE_DIR", str(tmp_path))
    # another test's logging.config.dictConfig (import-linter's) disables existing loggers
    monkeypatch.setattr(logging.getLogger(fonts.__name__), "disabled", False)
    with caplog.at_level(logging.WARNING, logger=fonts.__name__):
        first = fonts.font_face("备付月数 稳岗返还")
    assert "font cache has not seen" in caplog.text  # the slow first time says why
    assert len(list((tmp_path / "fonts").glob("*.woff"))) == 1

    def no_subsetting(*args: object) -> bytes:
        raise AssertionError("subset made again")

    monkeypatch.setattr(fonts, "_make_subset", no_subsetting)
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger=fonts.__name__):
        assert fonts.font_face("稳岗返还 备付月数") == first  # the same characters
    assert caplog.text == ""


def test_the_cached_font_is_the_font_made_without_a_cache(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FUNDSIM_CACHE_DIR", "")  # no cache
    assert fonts.cache_folder() is None
    fresh = fonts.font_face("失业保险基金")
    monkeypatch.setenv("FUNDSIM_CACHE_DIR", str(tmp_path))
    fonts.font_face("失业保险基金")
    assert fonts.font_face("失业保险基金") == fresh


def test_a_cache_folder_that_cannot_be_written_still_gives_the_font(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("FUNDSIM_CACHE_DIR", str(blocked))
    assert "@font-face" in fonts.font_face("调剂金")
