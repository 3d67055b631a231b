"""Hypothesis strategies for the fuzz suite (tests/test_fuzz.py): scenario mappings, ``--set``
strings, and mutations of CSV tables (cells replaced by junk, rows shortened or lengthened,
re-encoded or replaced by random bytes).

The scenario strategies draw from the real names — the keys of a scenario file
(:class:`fundsim.inputs.scenario.ScenarioFile`), the law's parameter names and the assumptions'
keys — so that most generated cases get past the first check and reach the deeper ones.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from hypothesis import strategies as st

from fundsim.inputs.assumptions import Assumptions, Claimants, Uncertainty
from fundsim.inputs.scenario import ScenarioFile
from fundsim.law.parameter import load_law

SCENARIO_KEYS = tuple(ScenarioFile.model_fields)
LAW_KEYS = tuple(sorted(load_law()))
ASSUMPTION_KEYS = tuple(Assumptions.model_fields)
SUB_KEYS = {"claimants": tuple(Claimants.model_fields),
            "uncertainty": tuple(Uncertainty.model_fields)}
JUNK_KEYS = ("nmae", "month", "reforms", "policy", "", "0", "name ", "名称", "__class__",
             "[/bold]", "policy.returns.ratio.sme", "data/")
#: Marked lines of a private file the scenarios may name: an error may quote one, never more.
SECRET_LINES = tuple(f"user{i}:x:{i}:SECRET-{i:02d}" for i in range(8))

# --- values -------------------------------------------------------------------------------

ODD_STRINGS = ("", " ", "abc", "1e308", "-1e308", "1e400", "nan", "inf", "-inf", "-5", "0",
               "2.5", "50%", "1,000", "９９", "true", "null", "~", "2020-13", "2031-01",
               "0000-00", "2020-01-01T00:00", "[/bold]", "[red]x[/]", "%s%n", "{}", "[]",
               "*a", "&a", "!!python/object:os.system", "\x00", "\t", "a\nb", "../../x",
               "/etc/passwd", "C:\\x", "=1+1", "9" * 40)
ODD_NUMBERS = (0, -1, 1, 2, 599, 600, 601, 2**31, 2**63, 2**64, -(2**63), 10**30, 1e308,
               -1e308, 5e-324, float("inf"), float("-inf"), float("nan"), 0.5, -0.0, 2.5)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from(ODD_NUMBERS),
    st.floats(),
    st.sampled_from(ODD_STRINGS),
    st.text(max_size=12),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
)
keys = st.one_of(st.text(max_size=8), st.integers(-5, 3000), st.sampled_from(JUNK_KEYS),
                 st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(keys, inner, max_size=3)), max_leaves=6)

# --- scenario mappings ----------------------------------------------------------------------

DAYS = st.one_of(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31)),
                 st.sampled_from(["2022-01-01", "2022-02-30", "2022-13-01", "2022", "abc", 2022,
                                  dt.date(1, 1, 1), dt.date(9999, 12, 31)]))


def reform_value() -> st.SearchStrategy[Any]:
    """A reform entry: a plain value, or values by the day they take force."""
    plain = st.one_of(st.floats(min_value=-2, max_value=3), st.booleans(),
                      st.integers(-5, 10**6), st.sampled_from(ODD_NUMBERS), scalars)
    return st.one_of(plain, st.dictionaries(DAYS, plain, max_size=3), values)


reforms = st.dictionaries(
    st.one_of(st.sampled_from(LAW_KEYS), st.sampled_from(JUNK_KEYS), st.text(max_size=10),
              st.sampled_from([k + "x" for k in LAW_KEYS[:5]] + [k.upper() for k in LAW_KEYS[:5]])),
    reform_value(), max_size=4)


def _distribution() -> st.SearchStrategy[Any]:
    return st.fixed_dictionaries(
        {"distribution": st.sampled_from(["norm", "cauchy", "t", "lognorm", "uniform", "pareto",
                                          "nosuch", ""])},
        optional={"params": st.dictionaries(st.sampled_from(["loc", "scale", "df", "s", "b", "x"]),
                                            st.one_of(st.floats(), scalars), max_size=3)})


assumption_maps = st.dictionaries(
    st.one_of(st.sampled_from(ASSUMPTION_KEYS), st.sampled_from(JUNK_KEYS)),
    st.one_of(st.floats(min_value=-2, max_value=2), scalars, values, _distribution(),
              st.dictionaries(st.sampled_from(SUB_KEYS["claimants"] + SUB_KEYS["uncertainty"]),
                              st.one_of(scalars, _distribution(), values), max_size=3)),
    max_size=4)

#: Paths a scenario may name, relative to its folder: the table, itself, a private file, none.
PATHS = ("m.csv", "missing.csv", "s.yaml", "secret.txt", "", ".", "..", "../m.csv",
         "data", "m.csv/", "default", "baseline", "nosuch", "[/bold]")


def value_for(key: str) -> st.SearchStrategy[Any]:
    """A plausible value for a scenario key, or, as often, a wrong one."""
    plausible: dict[str, st.SearchStrategy[Any]] = {
        "months": st.integers(min_value=-700, max_value=10**20),
        "start": st.one_of(st.sampled_from(["2020-01", "2019-12", "1900-01", "2020-1", "2020/01",
                                            "202001", "2100-01", "9999-12"]), DAYS),
        "reform": reforms,
        "assumptions": st.one_of(assumption_maps, st.sampled_from(PATHS)),
        "data": st.sampled_from(PATHS),
        "extends": st.sampled_from(PATHS),
        "province_layer": st.sampled_from(PATHS),
        "province": st.sampled_from(["inner_mongolia", "qinghai", "mars", "", "../x", "[/b]"]),
        "pooling": st.sampled_from(["regional", "provincial", "national", ""]),
        "pool_opening_balance": st.one_of(st.floats(), st.integers(-10, 10**30)),
    }
    wrong = st.one_of(scalars, values)
    return st.one_of(plausible[key], wrong) if key in plausible else wrong


@st.composite
def scenario_docs(draw: st.DrawFn) -> dict[Any, Any]:
    """A scenario mapping: often extending a valid one, then keys set to drawn values."""
    doc: dict[Any, Any] = {}
    if draw(st.booleans()):
        doc.update({"extends": "default", "data": "m.csv"})
    chosen = draw(st.lists(st.one_of(st.sampled_from(SCENARIO_KEYS), st.sampled_from(JUNK_KEYS)),
                           unique=True, min_size=1, max_size=5))
    for key in chosen:
        doc[key] = draw(value_for(key))
    return doc


set_strings = st.one_of(
    st.builds(lambda k, v: f"{k}={v}",
              st.one_of(st.sampled_from(LAW_KEYS), st.sampled_from(ASSUMPTION_KEYS).map(
                  lambda k: f"assumptions.{k}"), st.sampled_from(JUNK_KEYS), st.text(max_size=8)),
              st.one_of(st.sampled_from(ODD_STRINGS), st.text(max_size=10),
                        st.floats().map(repr), st.integers().map(str),
                        st.sampled_from(["0:1:0.1", "0.4:0.8:0.1", "1:0:1", "{2022-01-01: 0.5}",
                                         "[1, 2]", "&a [*a]", "{a: {b: {c: 1}}}"]))),
    st.text(max_size=15))

# --- tables ---------------------------------------------------------------------------------

JUNK_CELLS = ("", " ", "abc", "1e308", "-1e308", "1e400", "-5", "-0", "inf", "nan", "NaN",
              "9" * 40, "1,000", "50%", "１２３", "=cmd|' /C calc'!A0", "[/bold]", "\x00",
              "None", "true", "2020/5/27 0:00", "2031-01-01", "2020-02-30", "44000",
              "yesterday", "0x1F", "１e3", "\u200b1", "1 000", "'12")
ENCODINGS = ("utf-8", "utf-8-sig", "gbk", "utf-16", "latin-1")


@st.composite
def mutated_rows(draw: st.DrawFn, rows: list[list[str]], *, data_from: int = 1,
                 shift_header: bool = True) -> list[list[str]]:
    """``rows`` (header first) with a few drawn mutations: cells replaced by junk, a cell cut
    (the row's later cells shift left), a cell put in front (they shift right), rows cut short
    or lengthened, rows dropped or doubled. Rows before ``data_from`` keep their cells."""
    rows = [list(r) for r in rows]
    n = len(rows)
    first = 0 if shift_header else data_from
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["junk", "junk", "huge", "cut", "insert", "short", "long",
                                   "drop", "double"]))
        if op in ("junk", "huge"):
            r = draw(st.integers(data_from, n - 1))
            c = draw(st.integers(0, max(len(rows[r]) - 1, 0)))
            cell = draw(st.sampled_from(JUNK_CELLS) if op == "junk" else st.sampled_from(
                ["1e308", "1.7976931348623157e308", "9" * 25, "-1", "-1e308", "1e-320"]))
            if rows[r]:
                rows[r][c] = cell
        elif op == "cut":
            r = draw(st.integers(first, n - 1))
            if rows[r]:
                del rows[r][draw(st.integers(0, len(rows[r]) - 1))]
        elif op == "insert":
            r = draw(st.integers(first, n - 1))
            rows[r].insert(draw(st.integers(0, len(rows[r]))), draw(st.sampled_from(JUNK_CELLS)))
        elif op == "short":
            r = draw(st.integers(data_from, n - 1))
            rows[r] = rows[r][:draw(st.integers(0, len(rows[r])))]
        elif op == "long":
            r = draw(st.integers(data_from, n - 1))
            rows[r] += draw(st.lists(st.sampled_from(JUNK_CELLS), min_size=1, max_size=3))
        elif op == "drop" and n > data_from + 1:
            del rows[draw(st.integers(data_from, n - 1))]
            n -= 1
        elif op == "double":
            r = draw(st.integers(data_from, n - 1))
            rows.insert(r, list(rows[r]))
            n += 1
    return rows


def csv_text(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


@st.composite
def encoded(draw: st.DrawFn, text: str) -> bytes:
    """``text`` in a drawn encoding, sometimes cut at a random byte; or, now and then,
    random bytes instead."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=300))
    data = text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    if draw(st.integers(0, 5)) == 0:
        data = data[:draw(st.integers(0, len(data)))]
    return data
