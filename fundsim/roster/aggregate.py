"""The statistics seed 003 五 asks for: firms and amounts by region, industry, ownership, size
class, policy type, amount band and use, and by reason — with a total row each.

Every table has the same measures. The firms are first summed once per combination of all
the grouping columns (one ``np.bincount`` pass over the firms per measure), then each table
sums those combinations — so eight tables cost little more than one:

- ``firms``: firms decided; ``firms_paid``: with an entitlement above zero;
- ``insured_covered``: insured workers of the firms paid; ``base``: their 上年实缴金额;
- ``entitlement`` (yuan and ``entitlement_wan``, 万元), ``already_paid``, ``to_pay``;
- ``share_of_base``: entitlement ÷ base, the share of contributions returned (indicator 20);
- ``government_review``: firms whose entitlement needs government review.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from fundsim.base.names import pinyin
from fundsim.roster import reasons
from fundsim.roster.categories import MAIN_USE, OWNERSHIP, POLICY_TYPE, SIZE_CLASS, Category
from fundsim.roster.classify import SECTIONS
from fundsim.roster.gate import RegionGate

NOT_GIVEN = ("", "未填报", "not given")
TOTAL = ("total", "合计", "total")
# Amount bands (presentation only, not law), in yuan; the review threshold is the last edge.
BAND_EDGES = (1e4, 5e4, 1e5, 5e5, 1e6)

def amount_bands(edges: list[float]) -> list[tuple[str, str, str]]:
    """Labels of the bands nothing, under edges[0], [edges[i], edges[i+1]), ≥ edges[-1]."""
    def wan(x: float) -> str:
        return f"{x / 1e4:g}"

    labels = [("0", "未获返还", "nothing"),
              (f"lt_{wan(edges[0])}w", f"{wan(edges[0])}万元以下", f"under {edges[0]:,.0f}")]
    for lo, hi in zip(edges, edges[1:], strict=False):
        labels.append((f"{wan(lo)}w_{wan(hi)}w", f"{wan(lo)}万–{wan(hi)}万元",
                       f"{lo:,.0f}–{hi:,.0f}"))
    last = edges[-1]
    labels.append((f"ge_{wan(last)}w", f"{wan(last)}万元及以上（需政府审议）",
                   f"{last:,.0f} and over (government review)"))
    return labels


TABLES = ("by_region", "by_industry", "by_ownership", "by_size", "by_policy_type", "by_amount",
          "by_use", "by_reason")
MEASURES = ("firms", "firms_paid", "insured_covered", "base", "entitlement", "already_paid",
            "to_pay", "government_review")


def _measures(codes: np.ndarray, groups: int, sums: dict[str, np.ndarray]) -> pd.DataFrame:
    """Sum the per-combination ``sums`` over ``codes`` (0 … groups-1) and append the total."""
    def total(name: str) -> np.ndarray:
        out = np.bincount(codes, weights=sums[name], minlength=groups)
        return np.append(out, out.sum())

    table = pd.DataFrame({name: total(name) for name in MEASURES})
    for name in ("firms", "firms_paid", "government_review"):
        table[name] = np.rint(table[name]).astype(np.int64)
    table.insert(5, "entitlement_wan", table["entitlement"] / 1e4)
    with np.errstate(divide="ignore", invalid="ignore"):
        table.insert(6, "share_of_base", np.where(table["base"] > 0,
                                                   table["entitlement"] / table["base"], np.nan))
    return table


def _labelled(codes: np.ndarray, labels: list[tuple[str, str, str]],
              sums: dict[str, np.ndarray]) -> pd.DataFrame:
    """A table over codes 0 … len(labels)-1, groups with no firm left out."""
    table = _measures(codes, len(labels), sums)
    head = pd.DataFrame(list(labels) + [TOTAL], columns=["code", "name_zh", "name_en"])
    out = pd.concat([head, table], axis=1)
    keep = (out["firms"] > 0) | (out["code"] == TOTAL[0])
    return out[keep].reset_index(drop=True)


def _cats(cats: tuple[Category, ...], blank: bool = False) -> list[tuple[str, str, str]]:
    return [(c.code, c.zh, c.en) for c in cats] + ([NOT_GIVEN] if blank else [])


def _combinations(dims: dict[str, tuple[np.ndarray | None, int]], firm: dict[str, np.ndarray],
                  edges: list[float], block: int = 1 << 20
                  ) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Sum the firm measures per combination of the dimension codes; each combination's codes.

    ``dims`` maps a dimension to its codes (-1 = not given, counted as the last code; None for
    the amount band, computed here) and its number of codes. Firms are taken ``block`` at a
    time so the work arrays stay small.
    """
    strides, stride = {}, 1
    for name, (_, size) in dims.items():
        strides[name] = stride
        stride *= size
    bounds = np.array([0.0] + edges)
    parts = []
    for start in range(0, len(firm["entitlement"]), block):
        part = slice(start, start + block)
        entitlement = firm["entitlement"][part]
        paid = entitlement > 0
        key = np.zeros(len(entitlement), dtype=np.int64)
        for name, (codes, size) in dims.items():  # over the 8 dimensions
            if codes is None:
                here = np.where(paid, np.searchsorted(bounds, entitlement, "right"), 0)
            else:
                here = codes[part].astype(np.int64)
                here[here < 0] = size - 1
            key += here * strides[name]
        combo, uniques = pd.factorize(key, sort=False)
        weights = {
            "firms": None,
            "firms_paid": paid.astype(np.float64),
            "insured_covered": np.where(paid, firm["insured"][part], 0.0),
            "base": np.where(paid, firm["paid_last_year"][part], 0.0),
            "entitlement": entitlement,
            "already_paid": firm["already_paid"][part],
            "to_pay": firm["to_pay"][part],
            "government_review": firm["government_review"][part].astype(np.float64),
        }
        parts.append(pd.DataFrame({"key": uniques} | {
            name: np.bincount(combo, weights=w, minlength=len(uniques)).astype(np.float64)
            for name, w in weights.items()}))
    if parts:
        summed = pd.concat(parts, ignore_index=True).groupby("key", sort=False).sum()
    else:
        summed = pd.DataFrame({name: np.zeros(0) for name in MEASURES},
                              index=pd.Index(np.zeros(0, dtype=np.int64)))
    keys = summed.index.to_numpy(dtype=np.int64)
    sums = {name: summed[name].to_numpy() for name in MEASURES}
    codes = {name: (keys // strides[name]) % size for name, (_, size) in dims.items()}
    return sums, codes


def _codes(decisions: pd.DataFrame, column: str) -> np.ndarray:
    """Category codes of a column (-1 where blank), without a copy."""
    return decisions[column].cat.codes.to_numpy()


def aggregate(decisions: pd.DataFrame, gate: RegionGate, review_threshold: float
              ) -> dict[str, pd.DataFrame]:
    """The tables ``by_region``, ``by_industry``, ``by_ownership``, ``by_size``,
    ``by_policy_type``, ``by_amount``, ``by_use`` and ``by_reason`` (groups with no firm are
    left out, except the regions)."""
    firm = {name: decisions[name].to_numpy() for name in
            ("entitlement", "insured", "paid_last_year", "already_paid", "to_pay",
             "government_review")}
    edges = [e for e in BAND_EDGES if e < review_threshold] + [review_threshold]
    labels = {
        "region": [(c, n, pinyin(n)) for c, n in zip(gate.codes, gate.names, strict=True)],
        "industry_section": [(s[0], s[1], s[2]) for s in SECTIONS],
        "ownership": _cats(OWNERSHIP, blank=True),
        "size_class": _cats(SIZE_CLASS),
        "policy_type": _cats(POLICY_TYPE, blank=True),
        "main_use": _cats(MAIN_USE, blank=True),
        "reason_code": [(r.code, r.zh, r.en) for r in reasons.REASONS],
        "band": amount_bands(edges),
    }
    dims = {name: (None if name == "band" else _codes(decisions, name), len(labels[name]))
            for name in labels}
    sums, codes = _combinations(dims, firm, edges)

    region = _measures(codes["region"], len(labels["region"]), sums)
    head = pd.DataFrame(labels["region"] + [TOTAL], columns=["code", "name_zh", "name_en"])
    head["reserve_months"] = np.append(gate.reserve_months, np.nan)
    for name in ("passes_12", "passes_24"):
        head[name] = pd.array(list(getattr(gate, name)) + [None], dtype="boolean")
    tables = {"by_region": pd.concat([head, region], axis=1)}
    for table, name in (("by_industry", "industry_section"), ("by_ownership", "ownership"),
                        ("by_size", "size_class"), ("by_policy_type", "policy_type"),
                        ("by_amount", "band"), ("by_use", "main_use"),
                        ("by_reason", "reason_code")):
        tables[table] = _labelled(codes[name], labels[name], sums)

    flags = decisions["reason_flags"].to_numpy()
    counts = np.bincount(flags, minlength=1 << len(reasons.REASONS))  # one pass over firms
    values = np.flatnonzero(counts)
    with_flag = {r.code: int(counts[values[(values & (1 << i)) > 0]].sum())
                 for i, r in enumerate(reasons.REASONS)}
    by_reason = tables["by_reason"]
    by_reason.insert(4, "firms_with_flag", by_reason["code"].map(with_flag).astype("Int64"))
    return tables
