"""Yearly figures without xarray's group-by: metrics.per_year and metrics.sum_over give the
group-by's numbers, and a summarised run's paths view is made once per Dataset."""

import numpy as np
import pandas as pd
import xarray as xr

from fundsim.run import metrics


def _months(values: list[float]) -> xr.Dataset:
    """One region, months from January 2020 (a second, partial year from month 13)."""
    months = pd.date_range("2020-01-01", periods=len(values), freq="MS")
    return xr.Dataset({"flow": (("region", "month"), np.array([values]))},
                      coords={"region": ["a"], "month": months})


def test_a_monthly_flow_sums_by_calendar_year_with_nan_as_zero():
    # 2020: twelve months of 10 with one month unknown (NaN) → 110; 2021: 5 + 7 = 12
    ds = _months([10.0] * 11 + [np.nan] + [5.0, 7.0])
    yearly = metrics.per_year(ds, ds["flow"], "sum")
    assert yearly.dims == ("region", "year")
    assert yearly["year"].values.tolist() == [2020, 2021]
    assert yearly.values.tolist() == [[110.0, 12.0]]
    xr.testing.assert_identical(yearly, ds["flow"].groupby(ds["month"].dt.year).sum())


def test_a_flag_is_taken_at_each_years_january():
    # below in January 2020 (held all year), passing in January 2021
    ds = _months([1.0] * 14)
    flag = xr.DataArray(np.array([[True] * 12 + [False, True]]), dims=("region", "month"),
                        coords=ds["flow"].coords)
    first = metrics.per_year(ds, flag, "first")
    assert first.values.tolist() == [[True, False]]
    xr.testing.assert_identical(first, flag.groupby(ds["month"].dt.year).first())


def test_on_a_yearly_view_each_entry_is_its_year():
    # a paths view: one entry per year, two paths; NaN sums to 0 as it would over months
    view = xr.Dataset(
        {"flow": (("region", "month", "path"), np.array([[[1.0, np.nan], [2.0, 3.0]]]))},
        coords={"region": ["a"], "month": pd.to_datetime(["2020-01-01", "2021-01-01"])})
    view["months_in_year"] = ("month", np.array([12, 2]))
    yearly = metrics.per_year(view, view["flow"], "sum")
    assert yearly.dims == ("region", "year", "path")
    assert yearly.values.tolist() == [[[1.0, 0.0], [2.0, 3.0]]]


def test_a_sum_without_nan_skips_the_masking_and_adds_the_same():
    rng = np.random.default_rng(1)
    da = xr.DataArray(rng.normal(size=(7, 13, 50)) * 1e6, dims=("region", "month", "path"))
    clean = metrics.sum_over(da, ("region", "month"))
    assert clean.values.tobytes() == da.sum(("region", "month")).values.tobytes()
    da[0, 0, 0] = np.nan  # now the masking is needed: NaN counts as 0
    assert np.isfinite(metrics.sum_over(da, "month").values).all()


def test_the_paths_view_of_a_run_is_made_once_until_the_run_changes():
    view_of = _months([1.0] * 12)
    view_of.attrs["paths_kept"] = "summary"
    for name in ("flow", "passes_12", "passes_24"):
        view_of[f"{name}_by_year"] = (("region", "year", "draw"), np.ones((1, 1, 3)))
    view_of = view_of.assign_coords(year=[2020], draw=[0, 1, 2], region_name=("region", ["A"]))
    first = metrics.paths_view(view_of)
    assert metrics.paths_view(view_of) is first
    assert first["flow"].sizes["path"] == 3  # every path by year, from flow_by_year
    view_of["other"] = view_of["flow"] * 2  # a variable added: the view is made again
    assert metrics.paths_view(view_of) is not first
