"""The 2008 provincial cross-section: fundsim's reserve tests on the published accounts of the
31 provinces (China Statistical Yearbook 2009, table 22-43), checked by hand on real rows."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from fundsim.base.errors import InputError
from fundsim.cli import validate as cli
from fundsim.validation import cross_section, load_provinces, sum_check, summarize
from fundsim.validation.cross_section import COLUMNS, PROVINCES

HEADER = ",".join(COLUMNS)
SOURCE = "Yearbook,http://x"


@pytest.fixture(scope="module")
def cross() -> pd.DataFrame:
    return cross_section().set_index("province")


def write(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "provinces.csv"
    path.write_text("\n".join((HEADER, *rows)) + "\n", encoding="utf-8")
    return path


def test_shanghai_has_the_thinnest_reserve_and_fails_the_difficult_firm_test(cross):
    # 上海 2008: balance 69.3亿, expenditure 44.3亿 → 69.3 ÷ (44.3 ÷ 12) = 831.6 ÷ 44.3 months
    shanghai = cross.loc["上海"]
    assert shanghai["reserve_months"] == pytest.approx(831.6 / 44.3)  # 18.77
    assert shanghai["passes_general"] and not shanghai["passes_difficult"]
    # printed to 0.1亿: the balance lies in 69.25–69.35, the expenditure in 44.25–44.35
    assert shanghai["reserve_months_low"] == pytest.approx(69.25 * 12 / 44.35)   # 18.74
    assert shanghai["reserve_months_high"] == pytest.approx(69.35 * 12 / 44.25)  # 18.81
    # 44.3亿 spent on 14.0万 year-end recipients: 4,430,000,000 ÷ 140,000 ÷ 12 = 2,636.9 yuan
    assert shanghai["spending_per_recipient"] == pytest.approx(4.43e9 / 140_000 / 12)
    assert shanghai["income_to_expenditure"] == pytest.approx(53.9 / 44.3)
    assert shanghai["recipients_per_100_insured"] == pytest.approx(100 * 14.0 / 511.8)  # 2.74


def test_liaoning_also_fails_24_months_and_guizhou_holds_the_most(cross):
    # 辽宁: 25.2 × 12 ÷ 13.9 = 21.76 months; 贵州: 29.8 × 12 ÷ 2.1 = 170.29 months
    assert cross.loc["辽宁", "reserve_months"] == pytest.approx(302.4 / 13.9)
    assert not cross.loc["辽宁", "passes_difficult"]
    assert cross.loc["贵州", "reserve_months"] == pytest.approx(357.6 / 2.1)
    # the national row comes last: 1310.1 × 12 ÷ 253.5 = 62.02 months
    assert cross.index[-1] == "全国" and cross["national"].sum() == 1
    assert cross.loc["全国", "reserve_months"] == pytest.approx(1310.1 * 12 / 253.5)


def test_tibet_printed_no_recipients_so_spending_per_recipient_is_left_undefined(cross):
    # 西藏: 0.0万 recipients (fewer than 500 people) against 0.5亿 spent
    assert pd.isna(cross.loc["西藏", "spending_per_recipient"])
    assert cross.loc["西藏", "recipients_per_100_insured"] == 0


def test_the_thresholds_are_arguments_and_rounding_can_leave_a_test_undecided():
    # at 22 months 辽宁 (21.76) still fails; at 21 it passes; 上海 (18.74–18.81 within
    # rounding) cannot be decided against 18.75
    strict = cross_section(general_months=18.75, difficult_months=21).set_index("province")
    assert strict.loc["辽宁", "passes_difficult"] and not strict.loc["上海", "passes_difficult"]
    assert strict.loc["上海", "borderline"] and strict.loc["上海", "passes_general"]
    assert strict["borderline"].sum() == 1
    with pytest.raises(ValueError, match="general_months"):
        cross_section(general_months=-1)


def test_the_summary_counts_passes_and_names_the_outliers(cross):
    summary = summarize(cross_section())
    assert (summary.provinces, summary.passes_general, summary.passes_difficult) == (31, 31, 29)
    assert summary.fails_difficult == ("辽宁", "上海") and summary.borderline == ()
    # the 16th of 31: 河北, 49.9 × 12 ÷ 8.2 = 73.02 months
    assert summary.median_months == pytest.approx(49.9 * 12 / 8.2)
    assert summary.lowest[0] == "上海" and summary.highest[0] == "贵州"
    # quartiles of months 48.7 and 93.7: the upper fence is 161.3, only 贵州 is beyond it
    assert summary.outliers == {"reserve_months": ("贵州",), "income_to_expenditure": (),
                                "spending_per_recipient": ("北京", "上海"),
                                "recipients_per_100_insured": ("吉林", "青海")}
    assert "29 the 24-month difficult-firm test (failing: 辽宁、上海)" in summary.text()


def test_the_provinces_add_up_to_the_national_row_within_rounding():
    sums = sum_check().set_index("figure")
    # 31 provincial figures and the national one, each ±0.05: ±1.6
    assert sums["tolerance"].tolist() == pytest.approx([1.6] * 5)
    # balances: the provinces add up to 1310.0亿 against the printed 1310.1
    assert sums.loc["balance_yi", "provinces_sum"] == pytest.approx(1310.0)
    assert sums.loc["balance_yi", "difference"] == pytest.approx(-0.1)
    assert sums.loc["insured_wan", "difference"] == pytest.approx(-0.1)
    assert sums["within"].all()


def test_a_misprinted_province_breaks_the_sum_check(tmp_path):
    # 北京's balance typed as 81.6 instead of 71.6: the balances are 10.0 over
    text = PROVINCES.read_text(encoding="utf-8").replace(",71.6,", ",81.6,")
    path = tmp_path / "provinces.csv"
    path.write_text(text, encoding="utf-8")
    sums = sum_check(path).set_index("figure")
    assert sums.loc["balance_yi", "difference"] == pytest.approx(9.9)
    assert not sums.loc["balance_yi", "within"] and sums.drop("balance_yi")["within"].all()


def test_a_broken_table_lists_every_problem_with_its_row_and_field(tmp_path):
    path = write(tmp_path,
                 f"全国,10,1,5,2,20,{SOURCE}",          # row 2: fine
                 f"北京,5,0.5,lots,1,10,{SOURCE}",      # row 3
                 f"北京,5,0.5,2.5,1,10,{SOURCE}",       # row 4
                 f"天津,5,-0.5,2.5,1,10,{SOURCE}",      # row 5
                 "河北,5,0.5,2.5,1,10,,http://x")       # row 6
    with pytest.raises(InputError) as caught:
        load_provinces(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}, row 3 [income_yi]: not a non-negative number: 'lots'",
        f"{path}, row 4 [province]: '北京' is already on row 3",
        f"{path}, row 5 [recipients_wan]: not a non-negative number: '-0.5'",
        f"{path}, row 6 [source_title]: every row needs the title of its publication",
    ]


def test_a_table_without_the_national_row_or_a_column_is_refused(tmp_path):
    with pytest.raises(InputError, match=r"no 全国 row"):
        load_provinces(write(tmp_path, f"北京,5,0.5,2.5,1,10,{SOURCE}"))
    path = tmp_path / "short.csv"
    path.write_text("province,insured_wan\n全国,10\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"row 1 \[balance_yi\]: required column is missing"):
        load_provinces(path)
    with pytest.raises(InputError, match="file not found"):
        load_provinces(tmp_path / "nowhere.csv")


def test_fundsim_validate_prints_the_provinces_and_cites_the_yearbook():
    # the provincial part of `fundsim validate` alone (the full command runs a projection)
    sources = cli._Sources(pd.DataFrame({"source_title": [], "source_url": []}))
    with cli.out.capture() as captured:
        cli._print_provinces(sources)
    text = captured.get()
    shanghai = next(line for line in text.splitlines() if line.startswith("│ 上海"))
    assert "18.8" in shanghai and "│ yes │  no │" in shanghai
    assert "not a projection" in text and "all within rounding" in text
    assert sources.order == [cross_section()["source_title"].iloc[0]]
    assert sources.urls[sources.order[0]].endswith("W2243e.htm")
