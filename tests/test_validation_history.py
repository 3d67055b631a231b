"""The shipped table of published figures: every figure has its publication, units convert,
and a broken table is reported row by row."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from fundsim.base.errors import InputError
from fundsim.validation.history import COLUMNS, FIGURES, HISTORY, load_history, pick

HEADER = ",".join(COLUMNS)


def write(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "history.csv"
    path.write_text("\n".join((HEADER, *rows)) + "\n", encoding="utf-8")
    return path


def test_every_shipped_figure_names_its_publication():
    table = load_history()
    assert (table["source_title"].str.len() > 0).all()
    assert set(table["figure"]) <= set(FIGURES)
    assert (table["source_url"].str.startswith("http")).all()


def test_a_figure_printed_in_yi_persons_becomes_wan_persons_with_its_rounding():
    # end-2019 insured were printed as "2.05亿人": 20500万, known to ±0.005亿 = ±50万
    row = pick(load_history(), 2019, "insured_year_end")
    assert row["canonical"] == pytest.approx(20500)
    assert row["rounding"] == pytest.approx(50)


def test_billions_of_yuan_become_yi_yuan():
    # the 2020 returns were printed as "104.2 billion yuan" = 1042亿元, ±0.05 bn = ±0.5亿
    row = pick(load_history(), 2020, "returns_paid")
    assert row["canonical"] == pytest.approx(1042)
    assert row["rounding"] == pytest.approx(0.5)


def test_final_accounts_are_preferred_to_the_bulletin_when_both_print_a_figure():
    # 2012 expenditure: 450亿 in the MOF final accounts, 451亿 in the bulletin
    row = pick(load_history(), 2012, "expenditure")
    assert row["canonical"] == 450
    assert row["series"] == "final_accounts"


def test_a_broken_table_lists_every_problem_with_its_row(tmp_path):
    path = write(tmp_path,
                 "2020,income,951.5,亿元,bulletin,Some bulletin,http://x,",      # row 2: fine
                 "2020,incomes,951.5,亿元,bulletin,Some bulletin,http://x,",     # row 3
                 "2020,income,951.5,万人,bulletin,Some bulletin,http://x,",      # row 4
                 "2020,income,-3,亿元,bulletin,Some bulletin,http://x,",         # row 5
                 "2020,income,951.5,亿元,bulletin,,http://x,",                   # row 6
                 "20x0,income,951.5,亿元,rumour,Some bulletin,http://x,")        # row 7
    with pytest.raises(InputError) as caught:
        load_history(path)
    found = {(p.where, p.field) for p in caught.value.problems}
    assert found == {("row 3", "figure"), ("row 4", "unit"), ("row 5", "value"),
                     ("row 6", "source_title"), ("row 7", "year"), ("row 7", "series")}
    assert all(p.file == str(path) for p in caught.value.problems)


def test_an_unquoted_comma_in_an_address_is_reported_not_misread(tmp_path):
    path = write(tmp_path, "2019,returns_paid,551.7,亿元,press,A press conference,"
                 "https://news.example/news,bwkx-1.htm,")
    with pytest.raises(InputError) as caught:
        load_history(path)
    assert caught.value.problems[0].where == "row 2"
    assert "quote it" in caught.value.problems[0].message


def test_a_missing_column_or_file_is_reported(tmp_path):
    path = tmp_path / "short.csv"
    path.write_text("year,figure,value\n2020,income,1\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_history(path)
    assert {p.field for p in caught.value.problems} == {"unit", "series", "source_title",
                                                        "source_url", "notes"}
    with pytest.raises(InputError, match="file not found"):
        load_history(tmp_path / "absent.csv")


def test_the_monthly_2020_rates_peak_in_february_at_the_recorded_peak():
    table = load_history()
    months = {int(f[-2:]): pick(table, 2020, f)["canonical"] for f in FIGURES
              if f.startswith("surveyed_unemployment_rate_m") and pick(table, 2020, f) is not None}
    assert set(months) == set(range(2, 13))      # January 2020 was not printed on its own
    assert max(months, key=months.get) == 2
    assert months[2] == pick(table, 2020, "surveyed_unemployment_rate_peak")["canonical"] == 6.2
    assert months[12] == pick(table, 2020, "surveyed_unemployment_rate")["canonical"] == 5.2


def test_millions_of_yuan_and_thousands_of_persons_convert_with_their_rounding():
    # Q1 2020: "410 million yuan" of living allowances to "67,000 jobless migrant workers"
    table = load_history()
    paid = pick(table, 2020, "living_allowance_paid_q1")
    people = pick(table, 2020, "living_allowance_people_q1")
    assert (paid["canonical"], paid["rounding"]) == pytest.approx((4.1, 0.005))
    assert (people["canonical"], people["rounding"]) == pytest.approx((6.7, 0.05))


def test_the_2008_provinces_add_up_to_the_national_row_within_rounding():
    path = HISTORY.with_name("provinces-2008.csv")
    rows = {r["province"]: r for r in csv.DictReader(path.open(encoding="utf-8"))}
    national = rows.pop("全国")
    assert len(rows) == 31
    for column in ("insured_wan", "recipients_wan", "income_yi", "expenditure_yi", "balance_yi"):
        total = sum(float(r[column]) for r in rows.values())
        assert total == pytest.approx(float(national[column]), abs=31 * 0.05), column
    # the national row is the one history.csv records for 2008
    published = pick(load_history(), 2008, "closing_balance")["canonical"]
    assert float(national["balance_yi"]) == published
