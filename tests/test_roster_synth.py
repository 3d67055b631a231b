"""Synthetic rosters: reproducible, valid, shaped like a province, and run end to end."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from fundsim.base.errors import InputError
from fundsim.inputs.regions import load_regions
from fundsim.inputs.scenario import load_scenario
from fundsim.roster import reasons, uscc
from fundsim.roster.io import header_of, write_table
from fundsim.roster.runner import run_roster

N = 20_000


@pytest.fixture(scope="module")
def roster():
    from fundsim.roster.synth import synth_roster

    return synth_roster(N, seed=7, year=2021)


@pytest.fixture(scope="module")
def run(roster, tmp_path_factory):
    path = tmp_path_factory.mktemp("synth") / "province.parquet"
    frame = roster.copy()
    frame.columns = header_of(list(frame.columns), english=False)
    write_table(frame, path)
    return run_roster(path, "default", 2021)


def test_the_same_seed_gives_the_same_roster_and_another_seed_another(roster):
    from fundsim.roster.synth import synth_roster

    again = synth_roster(N, seed=7, year=2021)
    pd.testing.assert_frame_equal(roster, again)
    other = synth_roster(N, seed=8, year=2021)
    assert not roster["uscc"].equals(other["uscc"])


def test_every_code_is_valid_and_unique(roster):
    checked = uscc.check(pa.array(roster["uscc"].array))
    assert (checked.status == uscc.OK).all()
    assert roster["uscc"].is_unique


def test_firms_spread_over_regions_like_the_scenarios_firm_counts(roster):
    regions = load_regions(load_scenario("default").data_path)
    expected = regions["firms"] / regions["firms"].sum()
    share = roster["region"].value_counts(normalize=True).reindex(regions.code.astype(str))
    assert np.abs(share.to_numpy() - expected).max() < 0.01


def test_the_roster_looks_like_a_province(roster):
    # 72% lay no one off by design; small firms drawing a low rate often lay off no one too
    assert 0.72 < (roster["layoffs"] == 0).mean() < 0.95
    assert roster["zombie"].mean() == pytest.approx(0.008, abs=0.003)
    assert roster["difficult"].mean() == pytest.approx(0.04, abs=0.006)
    assert roster["employees"].median() < 20 < roster["employees"].quantile(0.95)
    sizes = roster["size_class"].value_counts(normalize=True)
    assert sizes["微型"] > sizes["小型"] > sizes["中型"] > sizes["大型"] > 0
    assert roster["industry"].astype(str).str[0].nunique() >= 18
    assert (roster["paid_last_year"] <= roster["due_last_year"]).all()


def test_a_synthetic_province_runs_end_to_end(run):
    assert run.rows_read == N and run.rows_rejected == 0
    d = run.decisions
    assert (d["reason_code"].cat.codes >= 0).all()       # every firm has a reason
    assert (d["entitlement"] >= 0).all() and (d["to_pay"] <= d["entitlement"] + 0.005).all()
    paid_codes = [r.code for r in reasons.REASONS if r.paid]
    assert (d["reason_code"].isin(paid_codes) == (d["entitlement"] > 0)).all()
    # the primary reason is the first flag set
    first = np.log2(d["reason_flags"] & -d["reason_flags"]).astype(int)
    assert (first == d["reason_code"].cat.codes).all()
    assert not d.loc[~d["eligible"], "entitlement"].any()
    # the month totals hold each eligible firm's general return once
    general = np.where(d["eligible"], d["general_amount"], 0.0).sum()
    assert run.returns.general.sum() == pytest.approx(general)
    assert run.returns.paid.sum() == pytest.approx((d["already_paid"] + d["to_pay"]).sum())


def test_deliberate_errors_are_all_caught(tmp_path):
    from fundsim.roster.synth import synth_roster

    frame = synth_roster(5_000, seed=3, year=2021, bad_share=0.02)
    frame.columns = header_of(list(frame.columns), english=True)
    write_table(frame, tmp_path / "bad.parquet")
    run = run_roster(tmp_path / "bad.parquet", "default", 2021)
    # 100 rows spoilt; a repeated code also rejects the firm it was copied from
    assert 100 <= run.rows_rejected <= 130
    assert set(run.rejects["field"]) == {"uscc", "region", "industry", "paid_last_year",
                                         "ownership"}


def test_a_2020_roster_has_smes_waiting_for_their_top_up(tmp_path):
    from fundsim.roster.synth import synth_roster

    frame = synth_roster(3_000, seed=1, year=2020)
    write_table(frame, tmp_path / "r2020.csv")
    run = run_roster(tmp_path / "r2020.csv", "default", 2020)
    d = run.decisions
    topped = d[(d["reason_code"] == "TOPUP") & (d["return_type"] == "general")]
    assert len(topped) > 100
    # already paid at the 2019 standard (50%), topped up to the 2020 ratio (100%)
    assert topped["to_pay"].to_numpy() == pytest.approx(topped["already_paid"].to_numpy(),
                                                        abs=0.011)


@pytest.mark.parametrize("kwargs, words", [
    ({"firms": 0}, "must be a whole number ≥ 1"), ({"firms": 10, "seed": -1}, "≥ 0"),
    ({"firms": 10, "year": 2035}, "outside the horizon"),
    ({"firms": 10, "bad_share": 2.0}, "must lie in [0, 1]"),
])
def test_bad_arguments_are_input_errors(kwargs, words):
    from fundsim.roster.synth import synth_roster

    with pytest.raises(InputError) as caught:
        synth_roster(**kwargs)
    assert words in str(caught.value)
