"""Which values are in force over a horizon, from when, until when and why: the law-layer query,
the run record that keeps the sources, and reading them back from a results Dataset alone."""

from __future__ import annotations

import datetime as dt

import numpy as np
import xarray as xr
import yaml

from fundsim.law.in_force import InForce, in_force
from fundsim.law.parameter import Parameter
from fundsim.law.record import parameter_metadata, parameter_values, parameters_from_record
from fundsim.run.record import parameters_in_force, record_in_force, sources_recorded

KEY = "policy.returns.ratio.sme"
JAN_2019, JAN_2020, JAN_2021 = dt.date(2019, 1, 1), dt.date(2020, 1, 1), dt.date(2021, 1, 1)
NOTICE_END = dt.date(2021, 12, 31)
LAW_END = dt.date(2025, 12, 31)  # the law's last SME notice (人社部发〔2025〕18号) ends
# 50% from 2019 (notice A), 60% from 2021 (notice B, which ends 2021-12-31)
RATIO = Parameter(KEY, "Share returned to SMEs", "share",
                  values=((JAN_2019, 0.5), (JAN_2021, 0.6)),
                  references={JAN_2019: "notice A 一", JAN_2021: "notice B 二"}, end=NOTICE_END)
FIRST, LAST = JAN_2020, dt.date(2023, 12, 1)  # the horizon 2020-01 to 2023-12


def row(start: dt.date, value: float, source: str, origin: str = "law",
        end: dt.date | None = None) -> InForce:
    return InForce(KEY, start, value, "share", "Share returned to SMEs", source, origin, end)


def test_the_law_in_force_from_the_first_day_with_the_notice_end():
    # the 2019 value applies from the horizon's first day; notice B ends before any next value
    assert in_force({KEY: RATIO}, FIRST, LAST) == [
        row(JAN_2020, 0.5, "notice A 一"),
        row(JAN_2021, 0.6, "notice B 二", end=NOTICE_END),
    ]


def test_a_reform_the_day_after_the_notice_ends_leaves_no_end_to_mark():
    reformed = RATIO.with_values({dt.date(2022, 1, 1): 0.4, dt.date(2024, 1, 1): 0.3},
                                 "reform in r.yaml (line 3)")
    assert in_force({KEY: reformed}, FIRST, LAST) == [
        row(JAN_2020, 0.5, "notice A 一"),
        row(JAN_2021, 0.6, "notice B 二"),  # 2022-01-01 takes over: no gap, no end shown
        row(dt.date(2022, 1, 1), 0.4, "reform in r.yaml (line 3)", "reform"),
    ]  # 2024's value lies past the horizon


def test_a_set_value_from_the_start_replaces_the_law_over_the_horizon():
    overridden = RATIO.from_start(0.8, JAN_2020, f"--set {KEY}")
    assert in_force({KEY: overridden}, FIRST, LAST) == [row(JAN_2020, 0.8, f"--set {KEY}", "set")]


def test_the_record_gives_back_every_value_with_its_source():
    params = {KEY: RATIO.with_values({dt.date(2023, 1, 1): 0.4}, "reform in r.yaml (line 3)")}
    record = yaml.safe_load(yaml.safe_dump({"parameters": parameter_values(params),
                                            "parameter_metadata": parameter_metadata(params)},
                                           allow_unicode=True))
    assert record["parameters"] == {KEY: {"2019-01-01": 0.5, "2021-01-01": 0.6,
                                          "2023-01-01": 0.4}}
    assert record["parameter_metadata"][KEY]["sources"]["2023-01-01"] == {
        "source": "reform in r.yaml (line 3)", "origin": "reform"}
    back = parameters_from_record(record)
    assert in_force(back, FIRST, LAST) == in_force(params, FIRST, LAST) == [
        row(JAN_2020, 0.5, "notice A 一"),
        row(JAN_2021, 0.6, "notice B 二", end=NOTICE_END),  # a year's gap before 2023
        row(dt.date(2023, 1, 1), 0.4, "reform in r.yaml (line 3)", "reform"),
    ]


def results(record: dict) -> xr.Dataset:
    """A results Dataset holding only its months (2020-01 to 2023-12) and its run record."""
    months = np.arange("2020-01", "2024-01", dtype="datetime64[M]").astype("datetime64[ns]")
    return xr.Dataset(coords={"month": months},
                      attrs={"parameters": yaml.safe_dump(record, allow_unicode=True)})


def test_a_notebook_reads_the_values_in_force_from_the_results_alone():
    params = {KEY: RATIO.from_start(0.8, dt.date(2022, 1, 1), f"--set {KEY}")}
    ds = results({"parameters": parameter_values(params),
                  "parameter_metadata": parameter_metadata(params)})
    assert sources_recorded(ds)
    table = parameters_in_force(ds)
    assert list(table.columns) == ["key", "start", "value", "unit", "description", "source",
                                   "origin", "end"]
    assert table[["start", "value", "origin", "source"]].values.tolist() == [
        [JAN_2020, 0.5, "law", "notice A 一"],
        [JAN_2021, 0.6, "law", "notice B 二"],
        [dt.date(2022, 1, 1), 0.8, "set", f"--set {KEY}"],
    ]


def test_an_older_record_without_sources_falls_back_to_current_law():
    # values only, as records had them: 60% from 2021 is current law; 2.5 is not, and
    # policy.gone is no parameter of this fundsim version
    ds = results({"parameters": {KEY: {"2021-01-01": 0.6},
                                 "policy.pool.cap_multiple": {"2019-01-01": 2.5},
                                 "policy.gone": {"2019-01-01": 1}}})
    assert not sources_recorded(ds)
    rows = {r.key: r for r in record_in_force(ds)}
    sme = rows[KEY]
    assert (sme.start, sme.value, sme.origin, sme.unit, sme.end) == (
        JAN_2021, 0.6, "law", "share", LAW_END)
    assert "青人社厅发〔2021〕50号" in sme.source
    cap = rows["policy.pool.cap_multiple"]
    assert (cap.start, cap.value, cap.origin, cap.source, cap.unit) == (
        JAN_2020, 2.5, "unavailable", "", "multiple")
    gone = rows["policy.gone"]
    assert (gone.origin, gone.unit, gone.description) == ("unavailable", "", "")
