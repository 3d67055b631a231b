"""A hand-made roster (tests/fixtures/roster/hand_2021.csv) under hand-computed regions.

The scenario (tests/fixtures/roster/scenario.yaml) starts in January 2021, so each region's
reserve months that January come straight from its data (opening balance ÷ last year's
spending ÷ 12): 甲市 990100 has 30 months (passes 12 and 24), 乙市 990200 18 (passes 12 only),
丙市 990300 6 (fails both). The 2021 law: SMEs 60%, large firms and social organisations 30%,
lay-off rate at most 6% (20% for firms with at most 30 insured), difficult-firm return (kept on
by the scenario's reform: national law ended it with 2020) the smaller of 6 × 1,500 yuan ×
insured and 3 × monthly social-insurance contributions due,
government review from 5,000,000 yuan, no top-up. Firm rows F01–F26 are spreadsheet rows 2–27
(row = F number + 1); a blank line is row 28; the rejected rows R01–R31 follow from row 29.
Unless a row says otherwise a firm is a small manufacturer (C13) in 甲市 with 50 employees, no
lay-offs and 100,000 yuan paid and due last year.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from fundsim.roster.runner import run_roster

FIXTURES = Path(__file__).parent / "fixtures" / "roster"
ROSTER = FIXTURES / "hand_2021.csv"
SCENARIO = FIXTURES / "scenario.yaml"

# row: (reason code, entitlement, to pay) — every number worked out by hand
DECISIONS = {
    2: ("GENERAL", 60_000, 60_000),            # F01: 1 lay-off of 50 = 2%; 60% × 100,000
    3: ("GENERAL", 300_000, 300_000),          # F02: large, 100 of 2,000 = 5%; 30% × 1,000,000
    4: ("LAYOFF_GENERAL", 0, 0),               # F03: 4 of 50 = 8% > 6%
    5: ("GENERAL", 24_000, 24_000),            # F04: 20 insured ≤ 30: 3 of 20 = 15% ≤ 20%
    6: ("LAYOFF_SMALL", 0, 0),                 # F05: 5 of 20 = 25% > 20%
    7: ("LAYOFF_GENERAL", 0, 0),               # F06: claimants 7 ÷ 100 insured = 7% (裁员 2%)
    8: ("GENERAL", 60_000, 60_000),            # F07: claimants 5 ÷ 100 = 5% (裁员 10 ignored)
    9: ("EXCL_ZOMBIE", 0, 0),                  # F08: zombie (and 10% lay-offs)
    10: ("EXCL_DISHONEST", 0, 0),              # F09
    11: ("EXCL_POLICY", 0, 0),                 # F10
    12: ("ARREARS", 0, 0),                     # F11: paid 80,000 of 100,000 due, not settled
    13: ("GENERAL", 48_000, 48_000),           # F12: arrears settled: 60% × 80,000 paid
    14: ("DIFFICULT", 150_000, 150_000),       # F13: min(6 × 1,500 × 40 = 360,000,
                                               #          3 × 50,000 = 150,000) > 36,000
    15: ("DIFFICULT_BELOW_24", 36_000, 36_000),  # F14: in 乙市 (18 months): 60% × 60,000
    16: ("DIFFICULT_NO_DATA", 36_000, 36_000),   # F15: 月应缴社会保险费 blank, rule min
    17: ("DIFFICULT_LE_GENERAL", 600_000, 600_000),  # F16: min(3,600,000, 450,000) < 600,000
    18: ("GENERAL_POOL", 60_000, 60_000),      # F17: 丙市 (6 months), pool_supported
    19: ("PAID_IN_FULL", 30_000, 0),           # F18: 60% × 50,000 = 30,000 already paid
    20: ("PAID_NO_TOPUP", 60_000, 0),          # F19: 50,000 paid, 60,000 due, no top-up in 2021
    21: ("GENERAL", 6_000_000, 6_000_000),     # F20: 30% × 20,000,000, needs government review
    22: ("ZERO_BASE", 0, 0),                   # F21: nothing paid last year
    23: ("GENERAL", 60_000, 60_000),           # F22: wholesale, 250 staff, 5亿 revenue → large
    24: ("GENERAL", 18_000, 18_000),           # F23: retail, 60 staff, 400万 revenue → small
    25: ("GENERAL", 30_000, 30_000),           # F24: 社会团体 at the large ratio 30%
    26: ("GENERAL", 60_000, 60_000),           # F25: region given by name 乙市
    27: ("GENERAL", 60_000, 60_000),           # F26: code typed in lower case
}

# row: (field, words of the problem) — one deliberate error per rejected row
REJECTS = {
    29: ("uscc", "check character does not match"),
    30: ("uscc", "has 18 characters"),
    31: ("uscc", "a character outside"),
    32: ("uscc", "required value is missing"),
    33: ("uscc", "the same code is in rows 33, 34"),
    34: ("uscc", "the same code is in rows 33, 34"),
    35: ("region", "not a pooling region"),
    36: ("industry", "not a GB/T 4754-2011 industry code"),
    37: ("industry", "division 51 is in section F, not C"),
    38: ("size_class", "unknown value"),
    39: ("size_class", "no size thresholds"),
    40: ("size_class", "上年营业收入 is needed"),
    41: ("paid_last_year", "must not be negative"),
    42: ("paid_last_year", "larger than 上年应缴金额"),
    43: ("employees", "must be at least 1"),
    44: ("layoffs", "not a number"),
    45: ("employees", "must be a whole number"),
    46: ("layoffs", "or give 领金人数"),
    47: ("date_applied", "not a date"),
    48: ("date_approved", "before 申报日期"),
    49: ("date_paid", "not in the policy year 2021"),
    50: ("subsidy_year", "not the policy year of this run (2021)"),
    51: ("ownership", "unknown value"),
    52: ("policy_type", "unknown value"),
    53: ("zombie", "not yes or no"),
    54: ("share_returned", "a share must lie in [0, 1]"),
    55: ("due_last_year", "required value is missing"),
    56: ("uscc", "positions 3–8"),
    57: ("insured", "must be at least 1"),
    58: ("date_paid", "before 审批日期"),
    59: ("date_applied", "date out of range 1990–2100"),
    60: ("main_use", "unknown value"),
}


@pytest.fixture(scope="module")
def hand():
    return run_roster(ROSTER, SCENARIO, 2021)


def decisions_by_row(run) -> dict[int, tuple[str, float, float]]:
    d = run.decisions
    return {int(r): (str(c), float(e), float(p)) for r, c, e, p in
            zip(d["row"], d["reason_code"], d["entitlement"], d["to_pay"], strict=True)}


def test_every_firm_gets_the_hand_computed_decision(hand):
    assert decisions_by_row(hand) == {r: (c, float(e), float(p))
                                      for r, (c, e, p) in DECISIONS.items()}


def test_every_bad_row_is_rejected_once_with_its_row_field_and_reason(hand):
    rejects = hand.rejects
    assert sorted(rejects["row"]) == sorted(REJECTS)
    for row in rejects.itertuples():
        field, words = REJECTS[row.row]
        assert row.field == field and words in row.problem, row


def test_the_summary_counts_every_row_and_the_blank_line_is_no_firm(hand):
    assert (hand.rows_read, hand.rows_accepted, hand.rows_rejected) == (58, 26, 32)
    summary = hand.summary()
    # entitlements: 甲 7,536,000 (see the monthly test) + 乙 96,000 + 丙 60,000
    assert summary["entitlement_yuan"] == 7_692_000
    assert summary["already_paid_yuan"] == 80_000          # F18 30,000 + F19 50,000
    assert summary["to_pay_yuan"] == 7_692_000 - 30_000 - 60_000
    assert summary["firms_government_review"] == 1 and summary["firms_difficult_return"] == 1


def test_a_rejected_check_character_names_the_right_one(hand):
    row = hand.rejects.set_index("row").loc[29]
    assert row["value"] == "91990100MA00000270"
    # 9,1,9,9,0,1,0,0,M=21,A=10,0,0,0,0,0,2,7 × weights 1,3,9,27,19,26,16,17,20,29,25,13,8,
    # 24,10,30,28 sum to 1,328 = 42 × 31 + 26, so the check value is 31 − 26 = 5: '5'.
    assert "it would be '5'" in row["problem"]


def test_flags_keep_every_reason_that_applies(hand):
    d = hand.decisions.set_index("row")
    flags = d.loc[9, "reason_flags"]  # F08: zombie and 5 of 50 = 10% lay-offs
    assert flags == (1 << 0) | (1 << 4)
    assert d.loc[21, "government_review"] and not d.loc[2, "government_review"]


def test_lay_off_rate_uses_claimants_over_insured_where_given(hand):
    d = hand.decisions.set_index("row")
    assert d.loc[7, "layoff_rate"] == pytest.approx(0.07)
    assert d.loc[7, "layoff_basis"] == "claimants"
    assert d.loc[2, "layoff_rate"] == pytest.approx(0.02)
    assert d.loc[2, "layoff_basis"] == "layoffs"
    assert d.loc[5, "small_firm"] and d.loc[5, "layoff_threshold"] == 0.2


def test_size_classes_come_from_the_thresholds_only_where_the_roster_leaves_them_blank(hand):
    d = hand.decisions.set_index("row")
    assert (d.loc[23, "size_class"], d.loc[23, "size_classified"]) == ("large", True)
    assert (d.loc[24, "size_class"], d.loc[24, "size_classified"]) == ("small", True)
    assert (d.loc[2, "size_class"], d.loc[2, "size_classified"]) == ("small", False)


def test_the_region_by_month_totals_follow_the_payment_profile(hand):
    # 甲's eligible firms' general returns: 60,000 + 300,000 + 24,000 + 60,000 + 48,000 +
    # 36,000 (F13) + 36,000 (F15) + 600,000 + 30,000 + 60,000 + 6,000,000 + 0 + 60,000 +
    # 18,000 + 30,000 + 60,000 = 7,422,000; F13's difficult excess 150,000 − 36,000 = 114,000.
    # 乙: 36,000 (F14) + 60,000 (F25), and F14's excess 114,000 (the engine gates it by its
    # own 24-month test); 丙: 60,000. The profile pays a quarter in Jan, Apr, Jul and Oct.
    r = hand.returns
    assert list(r.regions) == ["990100", "990200", "990300"]
    assert r.general.shape == (12, 3)
    quarter = np.array([0.25, 0, 0, 0.25, 0, 0, 0.25, 0, 0, 0.25, 0, 0])[:, None]
    assert r.general == pytest.approx(quarter * [7_422_000, 96_000, 60_000])
    # large firms and social organisations in 甲: F02 300,000 + F20 6,000,000 + F22 60,000 +
    # F24 30,000 = 6,390,000; the rest is the SMEs'
    assert r.general_large == pytest.approx(quarter * [6_390_000, 0, 0])
    assert r.general_sme == pytest.approx(quarter * [1_032_000, 96_000, 60_000])
    assert r.difficult == pytest.approx(quarter * [114_000, 114_000, 0])
    # paid after the gate: 甲 7,422,000 − 36,000 + 150,000 − 10,000 (F19 got 50,000 of 60,000)
    assert r.paid == pytest.approx(quarter * [7_526_000, 96_000, 60_000])
    frame = r.to_frame()
    assert len(frame) == 36 and frame["general"].sum() == pytest.approx(7_578_000)
    january = frame[(frame["month"] == "2021-01-01") & (frame["region"] == "990100")]
    assert january["general"].item() == pytest.approx(1_855_500)


def test_tables_by_group_add_up_to_the_province(hand):
    t = hand.tables
    region = t["by_region"].set_index("code")
    assert region.loc[["990100", "990200", "990300"], "firms"].tolist() == [23, 2, 1]
    assert region.loc["total", "entitlement"] == 7_692_000
    assert bool(region.loc["990100", "passes_24"]) and not bool(region.loc["990200", "passes_24"])
    for name, table in t.items():
        body, total = table.iloc[:-1], table.iloc[-1]
        assert total["code"] == "total", name
        assert body["firms"].sum() == total["firms"] == 26, name
        assert body["entitlement"].sum() == pytest.approx(total["entitlement"]), name
    size = t["by_size"].set_index("code")
    assert size.loc["social_org", "entitlement"] == 30_000
    amount = t["by_amount"].set_index("code")
    assert amount.loc["ge_500w", "firms"] == 1 and amount.loc["0", "firms"] == 8
    reason = t["by_reason"].set_index("code")
    # primary GENERAL: F01, F02, F04, F07, F12, F20, F22–F26; the flag also marks F14–F19,
    # whose primary reason says more (difficult fall-backs, pool support, already paid)
    assert reason.loc["GENERAL", "firms"] == 11
    assert reason.loc["GENERAL", "firms_with_flag"] == 17
    assert reason.loc["LAYOFF_GENERAL", "firms_with_flag"] == 3  # F03, F06 and zombie F08


def test_under_no_return_a_region_below_12_months_pays_nothing(tmp_path):
    run = run_roster(ROSTER, SCENARIO, 2021, ["policy.pool.failing_regions=no_return"])
    got = decisions_by_row(run)
    assert got[18] == ("REGION_BELOW_12", 0.0, 0.0)
    assert {r: v for r, v in got.items() if r != 18} == {
        r: (c, float(e), float(p)) for r, (c, e, p) in DECISIONS.items() if r != 18}


@pytest.mark.parametrize("override, expected", [
    # no difficult-firm return in force: every firm in difficulty gets its general return
    ("policy.returns.difficult.enabled=false",
     {14: ("DIFFICULT_OFF", 36_000), 15: ("DIFFICULT_OFF", 36_000),
      16: ("DIFFICULT_OFF", 36_000), 17: ("DIFFICULT_OFF", 600_000)}),
    # by benefit: 6 × 1,500 × 40 = 360,000 (F13, F15); 6 × 1,500 × 400 = 3,600,000 (F16)
    ("policy.returns.difficult.rule=benefit",
     {14: ("DIFFICULT", 360_000), 15: ("DIFFICULT_BELOW_24", 36_000),
      16: ("DIFFICULT", 360_000), 17: ("DIFFICULT", 3_600_000)}),
    # by contributions: 3 × 50,000 = 150,000; F15 has no figure; F16 3 × 150,000 < 600,000
    ("policy.returns.difficult.rule=contributions",
     {14: ("DIFFICULT", 150_000), 15: ("DIFFICULT_BELOW_24", 36_000),
      16: ("DIFFICULT_NO_DATA", 36_000), 17: ("DIFFICULT_LE_GENERAL", 600_000)}),
])
def test_the_difficult_firm_rule_is_the_engines_parameter(override, expected):
    got = decisions_by_row(run_roster(ROSTER, SCENARIO, 2021, [override]))
    assert {r: got[r][:2] for r in expected} == {r: (c, float(e)) for r, (c, e) in
                                                 expected.items()}


HEADER_2020 = ("企业社会统一信用代码,联系人,失业保险参保地,企业所属行业,企业规模,涉及职工人数,"
               "裁员人数,上年实缴金额,上年应缴金额,发放金额,发放日期,享受补贴比例\n")


def test_in_2020_an_sme_already_paid_50_percent_is_topped_up_to_100(tmp_path):
    (tmp_path / "s2020.yaml").write_text(f"extends: {SCENARIO}\nname: hand-2020\n"
                                         "start: 2020-01\n", encoding="utf-8")
    (tmp_path / "r2020.csv").write_text(
        HEADER_2020
        + "91990100MA0000001G,甲,990100,C13,小型,50,0,100000,100000,50000,2020-03-20,0.5\n"
        + "91990100MA0000002K,乙,990100,C13,大型,50,0,100000,100000,50000,2020-03-20,0.5\n"
        + "91990100MA0000003N,丙,990100,C13,小型,50,0,100000,100000,,,\n"
        + "91990100MA0000004R,丁,990100,C13,小型,50,3,100000,100000,,,\n", encoding="utf-8")
    run = run_roster(tmp_path / "r2020.csv", tmp_path / "s2020.yaml", 2020)
    assert decisions_by_row(run) == {
        2: ("TOPUP", 100_000.0, 50_000.0),      # 2020 SME ratio 100%; 50,000 more, unasked
        3: ("PAID_IN_FULL", 50_000.0, 0.0),     # large firms stay at 50%
        4: ("GENERAL", 100_000.0, 100_000.0),
        5: ("LAYOFF_GENERAL", 0.0, 0.0),        # 3 of 50 = 6% > 5.5%, the 2020 threshold
    }


@pytest.mark.parametrize("fmt", ["xlsx", "parquet", "english.csv"])
def test_excel_parquet_and_english_headers_give_the_same_decisions(hand, tmp_path, fmt):
    cells = pd.read_csv(ROSTER, dtype=str, keep_default_na=False, skip_blank_lines=False)
    if fmt == "english.csv":
        from fundsim.roster.columns import LOOKUP, normalise
        cells.columns = [LOOKUP[normalise(c)] for c in cells.columns]
        path = tmp_path / "english.csv"
        cells.to_csv(path, index=False)
    elif fmt == "xlsx":
        path = tmp_path / "hand.xlsx"
        cells.to_excel(path, index=False)
    else:
        path = tmp_path / "hand.parquet"
        cells.to_parquet(path, index=False)
    run = run_roster(path, SCENARIO, 2021)
    assert decisions_by_row(run) == decisions_by_row(hand)
    assert run.rejects[["row", "field"]].equals(hand.rejects[["row", "field"]])


@pytest.mark.parametrize("chunk_rows, workers", [(5, 1), (7, 2), (1, 2)])
def test_chunks_and_threads_change_no_decision(hand, chunk_rows, workers):
    # the duplicate pair (rows 33, 34) and the blank line fall in different chunks
    run = run_roster(ROSTER, SCENARIO, 2021, chunk_rows=chunk_rows, workers=workers)
    pd.testing.assert_frame_equal(run.decisions, hand.decisions)
    pd.testing.assert_frame_equal(run.rejects, hand.rejects)
    for name, table in run.tables.items():
        pd.testing.assert_frame_equal(table, hand.tables[name])
    assert np.array_equal(run.returns.general, hand.returns.general)
