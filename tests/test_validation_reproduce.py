"""Account reproduction: closing(y−1) + income(y) − expenditure(y) against the published
closing(y), with the residual explained where a source allows."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from fundsim.validation.history import COLUMNS, load_history
from fundsim.validation.reproduce import reproduce


def year_row(table, year):
    return table[table["year"] == year].iloc[0]


def test_2012_rolls_forward_from_the_2011_final_accounts_to_within_one_yi_yuan():
    # MOF final accounts: end-2011 2240 + income 1139 − expenditure 450 = 2929; published 2930
    row = year_row(reproduce(), 2012)
    assert row["rolled"] == pytest.approx(2929.0)
    assert row["published_closing"] == 2930
    assert row["residual"] == pytest.approx(1.0)
    assert row["residual_share"] == pytest.approx(1.0 / 2930)
    # four figures printed to whole 亿元: each off by ≤ 0.5, so rounding explains ≤ 2.0
    assert row["rounding_bound"] == pytest.approx(2.0)
    assert row["explanation"].startswith("within the rounding")


def test_2021_rolls_forward_from_the_2020_balance_to_within_rounding():
    # end-2020 3354.1 + income 1460 − expenditure 1500 = 3314.1; the 2021 bulletin prints 3313
    row = year_row(reproduce(), 2021)
    assert row["rolled"] == pytest.approx(3314.1)
    assert row["residual"] == pytest.approx(-1.1)
    assert row["residual_share"] == pytest.approx(-1.1 / 3313)
    assert row["rounding_bound"] == pytest.approx(0.05 + 0.5 + 0.5 + 0.5)
    assert "2021年度人力资源和社会保障事业发展统计公报" in row["closing_source"]
    assert "xxdwzd" in row["opening_source"]  # the 2020 figure: a secondary page


def test_2020_cannot_be_rolled_because_no_2019_balance_was_found():
    row = year_row(reproduce(), 2020)
    assert math.isnan(row["residual"])
    assert row["explanation"] == ("not reproducible: no published closing_balance 2019 found")


def illustrative_history(tmp_path: Path, transfer: bool):
    """Made-up round numbers (not official figures) shaped like the 2019 break."""
    rows = ["2018,closing_balance,1000,亿元,bulletin,Bulletin 2018,http://x,",
            "2019,income,200,亿元,bulletin,Bulletin 2019,http://x,",
            "2019,expenditure,150,亿元,bulletin,Bulletin 2019,http://x,",
            "2019,closing_balance,900,亿元,bulletin,Bulletin 2019,http://x,"]
    if transfer:
        rows.append("2019,skills_transfer,140,亿元,announcement,Work report,http://x,break")
    path = tmp_path / "history.csv"
    path.write_text("\n".join([",".join(COLUMNS), *rows]) + "\n", encoding="utf-8")
    return load_history(path)


def test_a_balance_drop_beyond_rounding_is_put_down_to_a_recorded_skills_transfer(tmp_path):
    # 1000 + 200 − 150 = 1050 rolled, 900 published: 150 missing, a 140 transfer is recorded
    row = year_row(reproduce(illustrative_history(tmp_path, transfer=True)), 2019)
    assert row["residual"] == pytest.approx(-150.0)
    assert "vocational-skills special account" in row["explanation"]
    assert "140" in row["explanation"]


def test_without_a_recorded_transfer_the_same_drop_is_called_unexplained(tmp_path):
    row = year_row(reproduce(illustrative_history(tmp_path, transfer=False)), 2019)
    assert row["explanation"].startswith("unexplained")
