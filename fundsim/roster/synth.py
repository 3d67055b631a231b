"""Synthetic rosters: a province's firms drawn with scipy.stats, reproducible by seed.

Nothing here is data: every distribution below is an illustrative assumption chosen to look
like a provincial roster (many micro firms and a long tail of large ones, industries weighted
towards manufacturing and trade, most firms laying no one off, a few percent flagged), so that
every rule can be tried without real records. Regions and their weights (``firms``), wages and
the contribution rate come from the scenario; unified social credit codes are valid (GB
32100-2015, check character computed) and unique. The 联系人/联系电话 columns hold made-up
names and numbers so the roster has the shape of a real one; runs never read them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from scipy import stats

from fundsim.base.errors import InputError, Problem
from fundsim.inputs.regions import load_regions
from fundsim.inputs.scenario import Scenario, load_scenario
from fundsim.roster import uscc
from fundsim.roster.categories import LARGE_RATIO, SIZE_CLASS
from fundsim.roster.classify import classify, load_size_table, parse_industry
from fundsim.roster.gate import horizon_years

# industry (GB/T 4754-2011 section + division, or group) → weight, revenue per employee (yuan)
INDUSTRY_MIX: dict[str, tuple[float, float]] = {
    "A01": (1.0, 2.0e5), "A03": (1.0, 2.5e5), "B06": (0.8, 8.0e5), "B08": (0.4, 6.0e5),
    "C13": (3.0, 6.0e5), "C17": (2.0, 4.0e5), "C26": (3.0, 9.0e5), "C30": (2.0, 5.0e5),
    "C31": (1.5, 1.2e6), "C33": (2.0, 4.0e5), "C34": (2.0, 5.0e5), "C38": (2.0, 6.0e5),
    "C39": (2.0, 8.0e5), "D44": (1.0, 1.5e6), "E47": (3.0, 5.0e5), "E48": (3.0, 6.0e5),
    "E50": (2.0, 3.0e5), "F51": (12.0, 2.0e6), "F52": (14.0, 6.0e5), "G53": (0.2, 4.0e5),
    "G54": (4.0, 4.0e5), "G58": (1.0, 6.0e5), "G59": (1.5, 5.0e5), "G60": (0.5, 3.0e5),
    "H61": (2.0, 2.0e5), "H62": (5.0, 1.5e5), "I63": (0.5, 1.0e6), "I64": (1.0, 1.2e6),
    "I65": (3.0, 5.0e5), "J66": (0.3, 2.0e6), "J68": (0.5, 1.5e6), "K701": (2.0, 2.5e6),
    "K702": (2.0, 1.5e5), "L71": (1.0, 8.0e5), "L72": (6.0, 4.0e5), "M73": (1.0, 3.0e5),
    "M74": (2.0, 3.5e5), "M75": (1.0, 3.0e5), "N78": (1.0, 2.5e5), "O80": (2.0, 1.5e5),
    "O81": (1.0, 1.5e5), "P82": (1.0, 1.5e5), "Q83": (1.0, 3.0e5), "Q84": (0.3, 1.5e5),
    "R86": (0.5, 4.0e5), "R89": (0.5, 2.5e5), "S95": (0.5, 1.0e5),
}
OWNERSHIP_MIX = {"173": 52.0, "159": 12.0, "171": 7.0, "172": 1.5, "174": 2.0, "110": 3.0,
                 "120": 2.0, "151": 2.0, "160": 3.5, "130": 1.0, "190": 3.0, "210": 1.0,
                 "230": 1.5, "310": 2.0, "330": 2.5, "149": 0.5}
POLICY_MIX = {"5": 86.0, "1": 3.5, "2": 3.5, "3": 4.0, "4": 3.0}
USE_MIX = {"生活补助": 20.0, "缴纳社会保险费": 45.0, "转岗培训": 10.0, "技能提升培训": 20.0,
           "其他": 5.0}
SURNAMES = list("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗")
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛"]

EMPLOYEES = stats.lognorm(s=1.3, scale=9.0)        # median 9 employees, long upper tail
REVENUE_NOISE = stats.lognorm(s=0.9, scale=1.0)
ASSET_RATIO = stats.lognorm(s=0.7, scale=0.9)
WAGE_NOISE = stats.lognorm(s=0.3, scale=1.0)
LAYOFF_RATE = stats.beta(a=1.1, b=18.0)             # among firms that lay off: mean ≈ 5.8%
SHARES = {
    "no_layoffs": 0.72, "claimants_given": 0.65, "claim_rate": 0.6, "insured_rate": 0.95,
    "difficult": 0.04, "zombie": 0.008, "dishonest": 0.004, "policy_breach": 0.006,
    "arrears": 0.08, "arrears_settled": 0.5, "size_blank": 0.15, "si_due_given": 0.85,
    "already_paid": 0.10, "already_paid_topup": 0.35,
}


def _draw(mix: dict[str, float], n: int, rng: np.random.Generator) -> pd.Categorical:
    labels = list(mix)
    weights = np.array([mix[k] for k in labels])
    codes = rng.choice(len(labels), size=n, p=weights / weights.sum())
    return pd.Categorical.from_codes(codes, categories=labels)


def _bernoulli(p: float, n: int, rng: np.random.Generator) -> np.ndarray:
    return stats.bernoulli(p).rvs(size=n, random_state=rng).astype(bool)


def _codes(region_digits: np.ndarray, first: np.ndarray, rng: np.random.Generator) -> pa.Array:
    """Unique valid codes: '9'/'5' + '1' + the region's 6 digits + 9 random characters."""
    n = len(region_digits)
    space = 31 ** 9
    body = rng.integers(0, space, size=n, dtype=np.uint64)
    while True:  # redraw the (rare) repeats until every body is unique
        _, first_at, counts = np.unique(body, return_index=True, return_counts=True)
        repeated = np.setdiff1d(np.arange(n), first_at)
        if counts.max() == 1 or len(repeated) == 0:
            break
        body[repeated] = rng.integers(0, space, size=len(repeated), dtype=np.uint64)
    values = np.zeros((n, 18), dtype=np.uint8)
    values[:, 0] = first
    values[:, 1] = 1
    values[:, 2:8] = region_digits
    for j in range(16, 7, -1):  # base-31 digits of the body, over 9 positions
        values[:, j] = (body % np.uint64(31)).astype(np.uint8)
        body //= np.uint64(31)
    values[:, 17] = uscc.check_values(values)
    chars = np.frombuffer(uscc.CHARSET.encode(), dtype=np.uint8)[values]
    fixed = pa.FixedSizeBinaryArray.from_buffers(pa.binary(18), n,
                                                 [None, pa.py_buffer(chars.tobytes())])
    return pc.cast(fixed.cast(pa.binary()), pa.string())


def _phones(n: int, rng: np.random.Generator) -> pa.Array:
    digits = rng.integers(0, 10, size=(n, 11), dtype=np.uint8)
    digits[:, 0] = 1
    digits[:, 1] = rng.integers(3, 10, size=n)
    text = (digits + ord("0")).astype(np.uint8)
    fixed = pa.FixedSizeBinaryArray.from_buffers(pa.binary(11), n,
                                                 [None, pa.py_buffer(text.tobytes())])
    return pc.cast(fixed.cast(pa.binary()), pa.string())


def _region_digits(codes: np.ndarray) -> np.ndarray:
    """Six digits per region for positions 3–8: the code itself when it is 6 digits."""
    out = np.zeros((len(codes), 6), dtype=np.uint8)
    for i, code in enumerate(codes):  # over the regions
        text = code if len(code) == 6 and code.isdigit() else f"{abs(hash(code)) % 10**6:06d}"
        out[i] = [int(c) for c in text]
    return out


def _days(year: int, n: int, first: int, last: int, rng: np.random.Generator) -> np.ndarray:
    start = np.datetime64(f"{year}-01-01")
    return start + rng.integers(first, last + 1, size=n).astype("timedelta64[D]")


def synth_roster(firms: int, seed: int = 0, scenario: str | Path | Scenario = "default",
                 year: int | None = None, bad_share: float = 0.0,
                 progress: Callable[[int, int], None] | None = None) -> pd.DataFrame:
    """A synthetic roster of ``firms`` firms for ``scenario``'s regions and policy ``year``.

    Columns are the roster's English names. ``bad_share`` of the rows get one deliberate error
    each (a wrong check character, a repeated code, an unknown region or industry, a negative
    or too large paid amount, an unknown ownership type), to exercise validation.
    ``progress(done, total)`` is called after each of :data:`STEPS` steps of drawing.
    """
    problems = []
    if isinstance(firms, bool) or not isinstance(firms, int) or firms < 1:
        problems.append(Problem("synth", "", "firms", f"must be a whole number ≥ 1, got {firms!r}"))
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        problems.append(Problem("synth", "", "seed", f"must be a whole number ≥ 0, got {seed!r}"))
    if not 0.0 <= bad_share <= 1.0:
        problems.append(Problem("synth", "", "bad_share", f"must lie in [0, 1], got {bad_share}"))
    if problems:
        raise InputError(problems)
    loaded = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    years = horizon_years(loaded)
    year = years.start if year is None else year
    if year not in years:
        raise InputError([Problem("--year", "", "year", f"policy year {year} is outside the "
                                  f"horizon of scenario {loaded.name!r}: choose "
                                  f"{years.start}–{years.stop - 1}")])
    n = firms
    rng = np.random.default_rng(seed)
    step = _stepper(progress)
    regions = load_regions(loaded.data_path)
    weights = regions["firms"] / regions["firms"].sum()
    region = rng.choice(len(regions), size=n, p=weights)

    industry = _draw({k: v[0] for k, v in INDUSTRY_MIX.items()}, n, rng)
    table = load_size_table()
    parsed = [parse_industry(code, table) for code in industry.categories]
    other = table.codes.index("other")
    group = np.array([p.group if p.group >= 0 else other for p in parsed])[industry.codes]
    social = np.array([c.startswith("S") for c in industry.categories])[industry.codes]
    per_employee = np.array([INDUSTRY_MIX[c][1] for c in industry.categories])[industry.codes]

    employees = np.clip(np.ceil(EMPLOYEES.rvs(size=n, random_state=rng)), 1, 50_000)
    revenue = np.round(employees * per_employee * REVENUE_NOISE.rvs(size=n, random_state=rng), -2)
    assets = np.round(revenue * ASSET_RATIO.rvs(size=n, random_state=rng), -2)
    level, _ = classify(group, employees, revenue, assets, table)
    size = np.where(social, 4, level)  # 社会团体 for social organisations
    size_names = np.array([c.zh for c in SIZE_CLASS] + [""], dtype=object)
    blank = _bernoulli(SHARES["size_blank"], n, rng) & ~social
    blank &= ~np.array([p.group < 0 for p in parsed])[industry.codes]  # J must be given
    size_text = pd.Categorical(size_names[np.where(blank, len(SIZE_CLASS), size)])
    step()

    insured = np.maximum(stats.binom.rvs(employees.astype(np.int64), SHARES["insured_rate"],
                                         random_state=rng), 1)
    wage = regions["wage"][region] * WAGE_NOISE.rvs(size=n, random_state=rng)
    last = dt.date(year - 1, 1, 1)
    rate = loaded.param("policy.contributions.rate").value_at(last)
    months = np.arange(np.datetime64(f"{year - 1}-01"), np.datetime64(f"{year}-01"))
    employer = loaded.param("policy.contributions.employer_share").monthly(months)
    relief = loaded.param("policy.contributions.sme_employer_relief").monthly(months)
    large = np.isin(size, [i for i, c in enumerate(SIZE_CLASS) if c.code in LARGE_RATIO])
    sme_months = float(np.sum(1.0 - employer * relief))  # the 2020 waiver of the employer share
    due = np.round(insured * wage * rate * np.where(large, 12.0, sme_months), 2)
    arrears = _bernoulli(SHARES["arrears"], n, rng)
    paid = np.where(arrears, np.round(due * rng.uniform(0.5, 0.98, size=n), 2), due)
    settled = arrears & _bernoulli(SHARES["arrears_settled"], n, rng)
    step()

    lays_off = ~_bernoulli(SHARES["no_layoffs"], n, rng)
    rates = LAYOFF_RATE.rvs(size=n, random_state=rng)
    layoffs = np.where(lays_off, stats.binom.rvs(employees.astype(np.int64), rates,
                                                 random_state=rng), 0).astype(np.float64)
    claimants = stats.binom.rvs(layoffs.astype(np.int64), SHARES["claim_rate"], random_state=rng)
    claimants = np.where(_bernoulli(SHARES["claimants_given"], n, rng), claimants, np.nan)
    si_due = np.round(insured * wage * loaded.assumptions.social_insurance_rate, 2)
    si_due = np.where(_bernoulli(SHARES["si_due_given"], n, rng), si_due, np.nan)
    step()

    flags = {name: _bernoulli(SHARES[name], n, rng)
             for name in ("difficult", "zombie", "dishonest", "policy_breach")}
    excluded = flags["zombie"] | flags["dishonest"] | flags["policy_breach"]
    topup_year = bool(loaded.param("policy.roster.topup").value_at(dt.date(year, 1, 1)))
    if topup_year:  # SMEs paid early in the year at last year's standard (seed 001 二(一))
        before = dt.date(year - 1, 1, 1)
        ratio = loaded.param("policy.returns.ratio.sme").value_at(before)
        was_paid = ~large & ~excluded & _bernoulli(SHARES["already_paid_topup"], n, rng)
    else:
        ratio_sme = loaded.param("policy.returns.ratio.sme").value_at(dt.date(year, 1, 1))
        ratio_large = loaded.param("policy.returns.ratio.large").value_at(dt.date(year, 1, 1))
        ratio = np.where(large, ratio_large, ratio_sme)
        was_paid = ~excluded & _bernoulli(SHARES["already_paid"], n, rng)
    amount_paid = np.where(was_paid, np.round(ratio * paid, 2), np.nan)
    applied = _days(year, n, 0, 150, rng)
    approved = applied + rng.integers(3, 21, size=n).astype("timedelta64[D]")
    paid_on = approved + rng.integers(1, 11, size=n).astype("timedelta64[D]")
    nat = np.datetime64("NaT", "D")
    step()

    names = np.array([s + g for s in SURNAMES for g in GIVEN], dtype=object)
    codes = _codes(_region_digits(regions.code.astype(str))[region],
                   np.where(social, uscc.CHARSET.index("5"), 9), rng).to_pandas()
    step()  # the codes are the slowest draw; the order of draws is unchanged
    data: dict[str, object] = {
        "uscc": codes,
        "contact": pd.Categorical(names[rng.integers(0, len(names), size=n)]),
        "phone": _phones(n, rng).to_pandas(),
        "ownership": _draw(OWNERSHIP_MIX, n, rng),
        "region": pd.Categorical.from_codes(region, categories=list(regions.code.astype(str))),
        "policy_type": _draw(POLICY_MIX, n, rng),
        "industry": industry,
        "size_class": size_text,
        "subsidy_year": np.full(n, year, dtype=np.int64),
        "employees": employees.astype(np.int64),
        "layoffs": layoffs.astype(np.int64),
        "paid_last_year": paid,
        "due_last_year": due,
        "amount_applied": amount_paid,
        "amount_approved": amount_paid,
        "amount_paid": amount_paid,
        "date_applied": applied,
        "date_approved": np.where(was_paid, approved, nat),
        "date_paid": np.where(was_paid, paid_on, nat),
        "share_returned": np.where(was_paid, ratio, np.nan),
        "insured": insured.astype(np.int64),
        "claimants": claimants,
        "si_due_monthly": si_due,
        "revenue": revenue,
        "assets": assets,
        **flags,
        "arrears_settled": settled,
        "main_use": _draw(USE_MIX, n, rng),
    }
    step()
    frame = pd.DataFrame(data, copy=False)
    if bad_share > 0:
        _spoil(frame, int(round(bad_share * n)), rng)
    step()
    return frame


#: Steps of :func:`synth_roster` reported to its ``progress``.
STEPS = 7


def _stepper(progress: Callable[[int, int], None] | None) -> Callable[[], None]:
    """A function reporting one more of :data:`STEPS` steps done (nothing without progress)."""
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, STEPS)

    return step


def _spoil(frame: pd.DataFrame, count: int, rng: np.random.Generator) -> None:
    """Give ``count`` rows one deliberate error each (for trying validation)."""
    n = len(frame)
    rows = np.sort(rng.choice(n, size=min(count, n), replace=False))
    kind = rng.integers(0, 7, size=len(rows))
    codes = pa.array(frame["uscc"].array)
    spoilt = rows[kind == 0]  # a wrong check character: the last one changed
    taken = pc.take(codes, pa.array(spoilt)).cast(pa.string())
    last = pc.utf8_slice_codeunits(taken, 17, 18)
    wrong = pc.binary_join_element_wise(pc.utf8_slice_codeunits(taken, 0, 17),
                                        pc.if_else(pc.equal(last, "0"), "1", "0"), "")
    repeat = rows[kind == 1]  # the code of another firm
    copied = pc.take(codes, pa.array(rng.integers(0, n, size=len(repeat))))
    changed = np.sort(np.concatenate([spoilt, repeat]))
    values = pa.concat_arrays([wrong, copied.cast(pa.string())])
    order = np.argsort(np.concatenate([spoilt, repeat]), kind="stable")
    mask = np.zeros(n, dtype=bool)
    mask[changed] = True
    codes = pc.replace_with_mask(codes.cast(pa.string()), pa.array(mask),
                                 pc.take(values, pa.array(order)))
    frame["uscc"] = codes.to_pandas()
    for column, kinds, label in (("region", 2, "999999"), ("industry", 3, "Z99"),
                                 ("ownership", 6, "999")):
        frame[column] = frame[column].cat.add_categories([label])
        frame.loc[rows[kind == kinds], column] = label
    frame.loc[rows[kind == 4], "paid_last_year"] *= -1
    larger = rows[kind == 5]
    frame.loc[larger, "paid_last_year"] = frame.loc[larger, "due_last_year"] * 1.5 + 10
