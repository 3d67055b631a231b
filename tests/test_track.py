"""``fundsim track``: an earlier projection against monthly actuals, the gaps and their parts.

The hand case is one region over two actual months of a three-month projection:

projection, every month: contributions 100 from 100 insured at a wage of 50 (effective rate
100 / (100 × 50) = 2%), benefits 40 to 10 recipients (4 each), 5 new claims (5% of the
insured); balance 1,000 → 1,060 → 1,120 → 1,180.

actuals: January contributions 110 from 105 insured at 52, benefits 30 to 8 recipients, 6 new
claims, balance 1,080; February contributions 105 at a wage of 51 (insured not reported),
benefits 45 to 9 recipients, 4 new claims, balance 1,140.
"""

from __future__ import annotations

import csv

import numpy as np
import pytest
import xarray as xr
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import fundsim
from fundsim.base.errors import InputError
from fundsim.cli.app import app
from fundsim.inputs.actuals import Actuals
from fundsim.run.files import save_netcdf
from fundsim.run.simulation import simulate
from fundsim.run.track import (
    TOTAL_CODE,
    benefit_drivers,
    claim_drivers,
    contribution_drivers,
    drivers_table,
    track,
    track_table,
)

MONTHS = np.array(["2025-01", "2025-02", "2025-03"], dtype="datetime64[M]")


def projection(**extra: object) -> xr.Dataset:
    """The hand projection: one region, three months."""
    ones = np.ones((1, 3))
    ds = xr.Dataset({
        "balance": (("region", "month"), [[1060.0, 1120.0, 1180.0]]),
        "contributions": (("region", "month"), 100.0 * ones),
        "benefits": (("region", "month"), 40.0 * ones),
        "recipients": (("region", "month"), 10.0 * ones),
        "new_claims": (("region", "month"), 5.0 * ones),
        "insured": (("region", "month"), 100.0 * ones),
        "contribution_wage": (("region", "month"), 50.0 * ones),
        "opening_balance": (("region",), [1000.0]),
    }, coords={"region": ["r1"], "region_name": ("region", ["甲市"]),
               "month": MONTHS.astype("datetime64[ns]")}, attrs={"scenario": "hand"})
    for name, value in extra.items():
        ds[name] = value
    return ds


def actuals() -> Actuals:
    nan = np.nan
    column = lambda jan, feb: np.array([[jan], [feb]])  # noqa: E731  (K, R)
    return Actuals("actuals.csv", MONTHS[:2], np.array(["r1"]), {
        "balance": column(1080.0, 1140.0), "contributions": column(110.0, 105.0),
        "benefits": column(30.0, 45.0), "recipients": column(8.0, 9.0),
        "new_claims": column(6.0, 4.0), "insured": column(105.0, nan),
        "wage": column(52.0, 51.0)})


def at(da: xr.DataArray, month: str, **where: object) -> float:
    return float(da.sel(region="r1", month=np.datetime64(month, "ns"), **where))


def test_the_gaps_month_by_month_and_year_to_date():
    tr = track(projection(), actuals(), "results.nc")
    assert list(tr["region"].values) == ["r1", TOTAL_CODE]
    assert at(tr["projected"], "2025-02", field="contributions") == 100.0
    assert at(tr["actual"], "2025-02", field="contributions") == 105.0
    assert at(tr["gap"], "2025-01", field="contributions") == 10.0
    assert at(tr["gap"], "2025-02", field="benefits") == 5.0
    assert at(tr["gap"], "2025-02", field="balance") == 20.0   # 1,140 − 1,120
    # year to date: 10 + 5 more contributions, −10 + 5 benefits; a stock has none
    assert at(tr["ytd_gap"], "2025-02", field="contributions") == 15.0
    assert at(tr["ytd_projected"], "2025-02", field="benefits") == 80.0
    assert at(tr["ytd_gap"], "2025-02", field="benefits") == -5.0
    assert np.isnan(at(tr["ytd_gap"], "2025-02", field="balance"))
    # the wage was reported in both months but the insured only in January
    assert at(tr["gap"], "2025-02", field="wage") == 1.0
    assert np.isnan(at(tr["gap"], "2025-02", field="insured"))


def test_the_balance_gap_by_flow():
    parts = track(projection(), actuals())["balance_parts"]
    # February: 15 more contributions, 5 less benefits (spending counts −): 20 in all
    assert at(parts, "2025-02", balance_part="carried") == 0.0
    assert at(parts, "2025-02", balance_part="contributions") == 15.0
    assert at(parts, "2025-02", balance_part="benefits") == 5.0
    assert at(parts, "2025-02", balance_part="not_explained") == 0.0


def test_a_balance_gap_the_flows_do_not_explain():
    found = actuals()
    found.values["balance"][1, 0] = 1150.0   # 10 more than the flows give
    parts = track(projection(), found)["balance_parts"]
    assert at(parts, "2025-02", balance_part="not_explained") == 10.0
    assert float(parts.sel(region="r1").isel(month=1).sum()) == 30.0


def test_the_drivers_of_each_gap():
    tr = track(projection(), actuals())
    c = tr["contributions_drivers"]
    # January: insured (105 − 100) × 50 × 2% = 5; wage 105 × 2 × 2% = 4.2;
    # rate 110 − 105 × 52 × 2% = 0.8
    assert at(c, "2025-01", contributions_part="insured") == pytest.approx(5.0)
    assert at(c, "2025-01", contributions_part="wage") == pytest.approx(4.2)
    assert at(c, "2025-01", contributions_part="rate") == pytest.approx(0.8)
    assert at(c, "2025-01", contributions_part="not_attributed") == 0.0
    # February, insured not reported: the wage effect at the projected insured,
    # 100 × 1 × 2% = 2; the other 3 not attributed
    assert at(c, "2025-02", contributions_part="insured") == 0.0
    assert at(c, "2025-02", contributions_part="wage") == pytest.approx(2.0)
    assert at(c, "2025-02", contributions_part="not_attributed") == pytest.approx(3.0)
    ytd = tr["contributions_drivers_ytd"]
    assert at(ytd, "2025-02", contributions_part="wage") == pytest.approx(6.2)
    b = tr["benefits_drivers"]
    # January: volume (8 − 10) × 4 = −8, amount 30 − 8 × 4 = −2;
    # February: volume (9 − 10) × 4 = −4, amount 45 − 9 × 4 = 9
    assert at(b, "2025-01", benefits_part="volume") == pytest.approx(-8.0)
    assert at(b, "2025-01", benefits_part="amount") == pytest.approx(-2.0)
    assert at(b, "2025-02", benefits_part="volume") == pytest.approx(-4.0)
    assert at(b, "2025-02", benefits_part="amount") == pytest.approx(9.0)
    n = tr["new_claims_drivers"]
    # January: insured (105 − 100) × 5% = 0.25, take-up 6 − 105 × 5% = 0.75
    assert at(n, "2025-01", new_claims_part="insured") == pytest.approx(0.25)
    assert at(n, "2025-01", new_claims_part="take_up") == pytest.approx(0.75)
    assert at(n, "2025-02", new_claims_part="not_attributed") == pytest.approx(-1.0)


def test_without_the_projections_drivers_the_contributions_gap_is_not_attributed():
    tr = track(projection().drop_vars(["insured", "contribution_wage"]), actuals())
    c = tr["contributions_drivers"]
    assert at(c, "2025-01", contributions_part="not_attributed") == 10.0
    assert at(c, "2025-01", contributions_part="insured") == 0.0


finite = st.floats(1.0, 1e7, allow_nan=False)
maybe = st.one_of(st.just(float("nan")), finite)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(finite, finite, finite, finite, finite, maybe, maybe), min_size=1,
                max_size=6))
def test_every_decomposition_adds_up_to_its_gap(rows):
    c_p, c_a, i_p, w_p, r_p, i_a, w_a = (np.array(column) for column in zip(*rows,
                                                                           strict=True))
    for parts, gap in ((contribution_drivers(c_p, c_a, i_p, i_a, w_p, w_a), c_a - c_p),
                       (benefit_drivers(c_p, c_a, r_p, i_a), c_a - c_p),
                       (claim_drivers(c_p, c_a, i_p, w_a), c_a - c_p)):
        assert np.isfinite(parts).all()
        # to the rounding of the largest part (the drivers of a wild case run to 1e15)
        np.testing.assert_allclose(parts.sum(axis=-1), gap, rtol=0,
                                   atol=1e-12 * max(np.abs(parts).max(), np.abs(gap).max()))


@settings(max_examples=10, deadline=None)
@given(st.lists(st.tuples(finite, finite, st.booleans(), st.floats(-1e6, 1e6)), min_size=2,
                max_size=2))
def test_the_balance_parts_add_up_to_the_balance_gap(months):
    # two months of contributions and benefits (reported or not) and a balance off by an
    # amount the flows do not explain
    contributions, benefits, reported, off = (np.array(c) for c in zip(*months, strict=True))
    balance = 1000.0 + np.cumsum(contributions - benefits) + off
    found = Actuals("a.csv", MONTHS[:2], np.array(["r1"]), {
        "contributions": contributions[:, None],
        "benefits": np.where(reported, benefits, np.nan)[:, None],
        "balance": balance[:, None]})
    tr = track(projection(), found)
    gap = tr["gap"].sel(field="balance").values
    parts = tr["balance_parts"].values
    np.testing.assert_allclose(np.nansum(parts, axis=-1), gap, rtol=0,
                               atol=1e-12 * np.nanmax(np.abs(parts)))


def test_the_total_adds_the_regions():
    ds = xr.concat([projection(), projection().assign_coords(
        region=["r2"], region_name=("region", ["乙市"]))], dim="region")
    found = actuals()
    found = Actuals(found.source, found.months, np.array(["r2", "r1"]),  # another order
                    {k: np.hstack([v, v]) for k, v in found.values.items()})
    tr = track(ds, found)
    total = tr.sel(region=TOTAL_CODE)
    assert float(total["ytd_gap"].sel(field="contributions").isel(month=1)) == 30.0
    assert float(total["balance_parts"].isel(month=1).sum()) == 40.0
    assert float(total["actual"].sel(field="wage").isel(month=0)) == 52.0  # insured-weighted


def test_a_monte_carlo_projection_places_the_actual_balance():
    # three paths of January's balance: 1,000, 1,060, 1,120 (mean 1,060); actual 1,080
    paths = np.array([[[1000.0, 1060.0, 1120.0]] * 3])  # region × month × path
    ds = projection()
    ds = ds.assign_coords(path=[0, 1, 2])
    ds["balance"] = (("region", "month", "path"), paths)
    ds.attrs["paths"] = 3
    tr = track(ds, actuals())
    assert at(tr["projected"], "2025-01", field="balance") == 1060.0
    # quantiles 1006, 1030, 1060, 1090, 1114: 1,080 lies between the 50% and 75%
    assert at(tr["balance_band_low"], "2025-01") == 0.5
    assert at(tr["balance_band_high"], "2025-01") == 0.75
    assert at(tr["balance_percentile"], "2025-01") == pytest.approx(2 / 3)


def test_a_summarised_projection_reads_its_kept_quantiles():
    ds = projection()
    ds.attrs.update(paths=1000, paths_kept="summary")
    q = np.array([900.0, 1000.0, 1050.0, 1100.0, 1200.0])
    ds["balance_quantile"] = (("region", "month", "quantile"), np.tile(q, (1, 3, 1)))
    ds = ds.assign_coords(quantile=[0.05, 0.25, 0.5, 0.75, 0.95])
    tr = track(ds, actuals())
    assert at(tr["balance_band_low"], "2025-01") == 0.5   # 1,080 between 1,050 and 1,100
    assert "balance_percentile" not in tr


def test_bad_inputs_are_named():
    reforecast = projection(actual=("month", [True, False, False]))
    with pytest.raises(InputError, match="re-forecast"):
        track(reforecast, actuals(), "reforecast.nc")
    other = projection().assign_coords(region=["r9"])
    with pytest.raises(InputError, match="different regions.*r9"):
        track(other, actuals())
    late = projection().assign_coords(month=(MONTHS + 3).astype("datetime64[ns]"))
    with pytest.raises(InputError, match="2025-04 to 2025-06.*outside"):
        track(late, actuals())


def test_the_tables_carry_money_in_the_unit():
    tr = track(projection(), actuals())
    table = track_table(tr, "yuan")
    row = table[(table.region == "r1") & (table.month == "2025-02")
                & (table.field == "contributions")].iloc[0]
    assert (row.unit, row.ytd_gap) == ("元", 15.0)
    assert track_table(tr, "万元").query("field == 'contributions'").ytd_gap.max() == 0.0015
    assert track_table(tr).query("field == 'recipients'").unit.iloc[0] == "人"
    drivers = drivers_table(tr, "yuan")
    wage = drivers[(drivers.gap_of == "contributions") & (drivers.part == "wage")
                   & (drivers.region == "r1")]
    assert wage.ytd_value.round(6).tolist() == [4.2, 6.2]


def test_the_command_tracks_a_run_of_default(tmp_path):
    runner = CliRunner()
    ds = simulate("default")
    results = tmp_path / "results.nc"
    save_netcdf(ds, results)
    projected = ds["contributions"].isel(month=0).values
    # January's contributions as reported: 呼和浩特市 30,000 yuan (3 万元) above the projection
    path = tmp_path / "actuals.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["region", "month", "contributions"])
        for i, code in enumerate(ds["region"].values):
            writer.writerow([code, "2020-01", f"{projected[i] + (30000 if i == 0 else 0):.2f}"])
    # in a notebook: the files themselves
    tracked = fundsim.track(results, path)
    gap = tracked["ytd_gap"].sel(region="150100", field="contributions").values
    assert gap == pytest.approx([30000.0])
    done = runner.invoke(app, ["track", str(results), "--actuals", str(path),
                               "--out", str(tmp_path / "track")])
    assert done.exit_code == 0, done.output
    assert "呼和浩特市" in done.output and "+3.0" in done.output
    folder = tmp_path / "track"
    for name in ("track.csv", "drivers.csv", "track.nc", "track.png", "report.html"):
        assert (folder / name).is_file(), name
    table = (folder / "track.csv").read_text(encoding="utf-8-sig")
    assert "150100,呼和浩特市,2020-01,contributions,万元" in table
    assert "预测跟踪报告" in (folder / "report.html").read_text(encoding="utf-8")
    # `fundsim report` tells a track folder by its track.nc and writes its page again
    done = runner.invoke(app, ["report", str(folder), "--lang", "en"])
    assert done.exit_code == 0, done.output
    assert (folder / "report.en.html").is_file()
    # bad input: a region the run does not have, and a file that is not a results file
    (tmp_path / "bad.csv").write_text("region,month,contributions\n999999,2020-01,1\n",
                                      encoding="utf-8")
    done = runner.invoke(app, ["track", str(results), "--actuals", str(tmp_path / "bad.csv")])
    assert done.exit_code == 2
    assert "bad.csv, row 2 [region]: unknown region '999999'" in done.output
    done = runner.invoke(app, ["track", str(path), "--actuals", str(path)])
    assert done.exit_code == 2 and "not a readable results file" in done.output
