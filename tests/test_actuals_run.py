"""A run from where the fund stands: the actual months taken as they were, the rest projected.

The stories: a projection's own first months fed back as actuals give the same projection; a
province that paid more, or collected less, than projected ends the year lower; returns paid
early leave less to pay later in the year; a reported balance the flows do not explain is kept
as ``actual_adjustment`` and every ledger still balances.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import fundsim
from fundsim.base.errors import InputError
from fundsim.inputs.actuals import FIELDS, Actuals
from fundsim.run.accounts import residuals
from fundsim.run.simulation import actuals_until, prepare

K = 6  # January to June actual, as a planner holds them in July
TOLERANCE = 1e-4  # yuan, on balances of up to ~1e9 yuan


@pytest.fixture(scope="module")
def projection():
    """The January projection: the default province's central path."""
    return fundsim.simulate("default")


def monthly(ds, name, k=K):
    """A results variable as an actuals array (month × region) of its first k months."""
    return ds[name].transpose("month", "region").values[:k].astype(float)


def actuals(ds, k=K, **values):
    return Actuals("test", ds["month"].values[:k].astype("datetime64[M]"),
                   ds["region"].values, values)


def every_field(ds, k=K):
    """Every field the actuals can report that the results hold: the whole accounts."""
    return {key: monthly(ds, key, k) for key in FIELDS if key in ds and key != "insured"}


def test_a_projections_own_months_fed_back_give_the_same_projection(projection):
    """The state the accounts do not show (recipients by month of entitlement, the claims behind
    them, the year's gates, returns already paid) follows from replaying the actual months, so
    the remaining 54 months come out as the January projection had them, to 1e-9."""
    again = fundsim.simulate("default", actuals=actuals(projection, **every_field(projection)))
    assert again["actual"].values.tolist() == [True] * K + [False] * (60 - K)
    for name in projection.data_vars:
        a = projection[name].values.astype(float)
        b = again[name].values.astype(float)
        np.testing.assert_allclose(b, a, rtol=1e-9, atol=1e-9, err_msg=name)
    assert float(np.abs(again["actual_adjustment"]).max()) == 0.0
    np.testing.assert_allclose(again["plan_balance"], projection["balance"], rtol=1e-12)


def test_a_few_reported_columns_are_enough_for_the_same_projection(projection):
    """Most provinces report the big lines only: the model fills in the rest."""
    few = {key: monthly(projection, key)
           for key in ("balance", "contributions", "benefits", "recipients")}
    again = fundsim.simulate("default", actuals=actuals(projection, **few))
    np.testing.assert_allclose(again["balance"], projection["balance"], rtol=1e-9)


def test_more_recipients_than_projected_lower_the_year_end_and_next_january(projection):
    """20% more people on benefit by June than projected: more benefits from July, a lower
    December balance in every region, fewer months of reserve next January."""
    more = actuals(projection, recipients=monthly(projection, "recipients") * 1.2)
    ds = fundsim.simulate("default", actuals=more)
    july_on = slice(K, 12)
    assert bool((ds["benefits"].isel(month=july_on)
                 > projection["benefits"].isel(month=july_on)).all())
    assert bool((ds["balance"].isel(month=11) < projection["balance"].isel(month=11)).all())
    assert bool((ds["reserve_months"].isel(month=12)
                 < projection["reserve_months"].isel(month=12)).all())


def test_less_contribution_income_lowers_the_balance_and_next_years_return_base(projection):
    """10% less collected January–June: the balance is lower by at least the income lost, and
    next year's general return (a share of this year's paid contributions) is smaller."""
    less = monthly(projection, "contributions") * 0.9
    ds = fundsim.simulate("default", actuals=actuals(projection, contributions=less))
    lost = 0.1 * monthly(projection, "contributions").sum(axis=0)
    drop = (projection["balance"] - ds["balance"]).isel(month=K - 1).values
    assert np.all(drop >= lost * (1 - 1e-12))
    next_year = slice(12, 24)
    assert float(ds["returns_general"].isel(month=next_year).sum()) < float(
        projection["returns_general"].isel(month=next_year).sum())


def test_returns_paid_early_leave_less_to_pay_in_the_rest_of_the_year(projection):
    """Twice the projected returns paid by June: the year's returns stay the year's dues, so the
    rest of the year pays that much less (hand: H1 + H2 = the projection's year)."""
    early = monthly(projection, "returns_paid") * 2.0
    ds = fundsim.simulate("default", actuals=actuals(projection, returns_paid=early))
    year = slice(0, 12)
    np.testing.assert_allclose(ds["returns_paid"].isel(month=year).sum("month"),
                               projection["returns_paid"].isel(month=year).sum("month"),
                               rtol=1e-9)
    paid_h1 = early.sum(axis=0)
    due_year = projection["returns_paid"].isel(month=year).sum("month").values
    np.testing.assert_allclose(ds["returns_paid"].isel(month=slice(K, 12)).sum("month"),
                               np.maximum(due_year - paid_h1, 0.0), rtol=1e-9, atol=1e-6)


def test_a_balance_the_flows_do_not_explain_is_kept_as_an_adjustment(projection):
    """January's reported balance is 1,000,000 yuan below what its flows give: that million is
    January's actual_adjustment; February's flows then start from the reported balance."""
    balance = monthly(projection, "balance", 1) - 1_000_000.0
    ds = fundsim.simulate("default", actuals=actuals(projection, 1, balance=balance))
    np.testing.assert_allclose(ds["actual_adjustment"].isel(month=0), -1_000_000.0, rtol=1e-12)
    assert float(np.abs(ds["actual_adjustment"].isel(month=slice(1, None))).max()) == 0.0
    np.testing.assert_allclose(ds["balance"].isel(month=0), balance[0], rtol=0)
    assert max(residuals(ds).values()) < TOLERANCE


def test_the_actual_months_are_the_same_on_every_path(projection):
    """Monte Carlo paths part only after the last actual month: what happened has no spread."""
    ds = fundsim.simulate("default", paths=20, seed=3,
                          actuals=actuals(projection, **every_field(projection)))
    spread = ds["balance"].max("path") - ds["balance"].min("path")
    assert float(spread.isel(month=slice(0, K)).max()) == 0.0
    assert float(spread.isel(month=K + 2).max()) > 0.0
    assert max(residuals(ds).values()) < TOLERANCE


def test_a_summarised_monte_carlo_re_forecast_keeps_its_identities(projection):
    """Summaries over paths keep the adjustment (the same on every path) with the means."""
    low = monthly(projection, "balance") * 0.97
    ds = fundsim.simulate("default", paths=20, seed=3, keep_paths=False,
                          actuals=actuals(projection, balance=low))
    assert "path" not in ds.dims and bool(ds["actual"].isel(month=K - 1))
    assert float(ds["actual_adjustment"].isel(month=0).sum()) < 0
    assert max(residuals(ds).values()) < TOLERANCE


@settings(max_examples=8, deadline=None)
@given(st.floats(0.5, 1.5), st.floats(0.5, 1.5), st.floats(0.5, 1.5), st.floats(0.8, 1.2),
       st.integers(1, 14))
def test_any_reported_months_conserve_money(projection, recipients, benefits, contributions,
                                             balance, k):
    """Whatever the actuals say, every ledger balances (region, pool, skills, province)."""
    given_ = actuals(projection, k,
                     recipients=monthly(projection, "recipients", k) * recipients,
                     benefits=monthly(projection, "benefits", k) * benefits,
                     contributions=monthly(projection, "contributions", k) * contributions,
                     balance=monthly(projection, "balance", k) * balance)
    ds = fundsim.simulate("default", actuals=given_)
    scale = 1.0 + float(np.abs(ds["balance"]).max()) * 1e-12
    assert max(residuals(ds).values()) < TOLERANCE * scale
    assert float(ds["balance"].min()) >= 0


def test_from_a_month_uses_the_actuals_before_it(projection):
    """--from 2020-04: January–March actual, April on projected."""
    scenario, regions = prepare(fundsim.load_scenario("default"))
    full = actuals(projection, **every_field(projection))
    assert actuals_until(full, "2020-04", scenario, regions).last_month == np.datetime64(
        "2020-03")
    with pytest.raises(InputError, match="from 2020-02 to 2020-07"):
        actuals_until(full, "2021-01", scenario, regions)
    with pytest.raises(InputError, match="needs --actuals"):
        actuals_until(None, "2020-04", scenario, regions)


def test_the_shipped_example_re_forecast_and_tracked_from_the_command_line(tmp_path):
    """July 2020 with the shipped (synthetic) six months: the re-forecast prints the regions to
    watch and writes watch.csv, watch.png and the report's section; `fundsim track` of the
    January projection prints the gaps and writes its chart and report."""
    from typer.testing import CliRunner

    from fundsim.cli.app import app

    runner = CliRunner()
    done = runner.invoke(app, ["run", "--actuals", "default-2020H1", "--out",
                               str(tmp_path / "july")])
    assert done.exit_code == 0, done.output
    assert "actual 2020-01 to 2020-06, projected from 2020-07" in done.output
    assert "通辽市" in done.output and "red" in done.output
    july = tmp_path / "july"
    for name in ("watch.csv", "watch.png", "report.html", "results.nc"):
        assert (july / name).is_file(), name
    assert "实际数据与年末预警" in (july / "report.html").read_text(encoding="utf-8")
    watch = (july / "watch.csv").read_text(encoding="utf-8-sig").splitlines()
    assert watch[0].startswith("code,name,grade,p_fail_general")
    assert len(watch) == 1 + 14 + 1  # every region, then the province as one fund

    done = runner.invoke(app, ["run", "--no-plots", "--out", str(tmp_path / "jan")])
    assert done.exit_code == 0, done.output
    done = runner.invoke(app, ["track", str(tmp_path / "jan" / "results.nc"), "--actuals",
                               "default-2020H1", "--out", str(tmp_path / "track")])
    assert done.exit_code == 0, done.output
    assert "各地区合计" in done.output and "balance 2020-06" in done.output
    for name in ("track.csv", "drivers.csv", "track.png", "report.html"):
        assert (tmp_path / "track" / name).is_file(), name
