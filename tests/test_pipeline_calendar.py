"""The working-day calendar: weekends, public holidays and 调休 from the shipped table."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from fundsim.base.errors import InputError
from fundsim.pipeline.calendar import WorkCalendar, load_holidays


def days(*texts):
    return np.array(texts, dtype="datetime64[D]")


def test_national_day_week_is_off_and_its_make_up_sunday_is_worked():
    cal = WorkCalendar(dt.date(2020, 1, 1), dt.date(2020, 12, 31))
    # 2020: 国庆节、中秋节 1–8 October off; Sunday 27 September and Saturday 10 October worked
    assert list(cal.is_working(days("2020-10-08", "2020-09-27", "2020-10-10", "2020-10-11"))
                ) == [False, True, True, False]
    # the extended 2020 Spring Festival: 24 January – 2 February off, Sunday 19 January worked
    assert list(cal.is_working(days("2020-01-19", "2020-01-31", "2020-02-03"))) == [
        True, False, True]
    # October 2020 (the 1st a Thursday): 22 weekdays; off are Thu 1, Fri 2 and Mon 5 – Thu 8
    # (6 weekdays); Saturday 10 October is worked: 22 − 6 + 1 = 17
    assert cal.working_days_in(np.array(["2020-10"], dtype="datetime64[M]"))[0] == 17


def test_a_day_off_maps_to_the_next_working_day_on_the_clock():
    cal = WorkCalendar(dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    # 1–3 January 2021 off: the first working day is Monday 4 January, clock 0
    assert cal.clock(days("2021-01-01", "2021-01-04", "2021-01-05")).tolist() == [0, 0, 1]
    assert cal.date_of(np.array([1.5]))[0] == np.datetime64("2021-01-05")


def test_years_without_holiday_data_count_weekends_only_with_a_warning():
    cal = WorkCalendar(dt.date(2026, 1, 1), dt.date(2026, 1, 31))
    assert len(cal) == 22 and "2026" in cal.warnings[0]


def test_a_broken_holiday_table_names_the_line_and_field(tmp_path):
    bad = tmp_path / "holidays.csv"
    bad.write_text("# comment\ndate,kind,name,source\n2021-10-01,holiday,x,y\n"
                   "2021-10-04,workday,x,y\n2021-13-01,holiday,x,y\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_holidays(bad)
    text = str(exc.value)
    assert "line 4 [kind]" in text and "weekday" in text
    assert "line 5 [date]" in text
