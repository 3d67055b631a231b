"""Account reproduction: roll the published balance forward with the published flows.

For every year with a published closing balance, income and expenditure, and a published
closing balance of the year before:

    rolled(y)   = closing(y−1) + income(y) − expenditure(y)
    residual(y) = closing(y) − rolled(y)

The residual is explained, where the sources allow, by the rounding of the four published
figures (each is off by at most half a unit of its last printed digit), or by a transfer to the
vocational-skills special account recorded for the year (the 2019 break). Years that cannot be
rolled are listed too, with what is missing.
"""

from __future__ import annotations

import pandas as pd

from fundsim.validation.history import HISTORY, load_history, pick

NEEDED = (("opening", -1, "closing_balance"), ("income", 0, "income"),
          ("expenditure", 0, "expenditure"), ("published", 0, "closing_balance"))


def reproduce(history: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per year that has any of the four figures, in 亿元.

    Columns: year, opening, income, expenditure, rolled, published_closing, residual,
    residual_share (residual ÷ published closing), rounding_bound, explanation, and the title
    of the publication behind each figure (opening_source, income_source, expenditure_source,
    closing_source; empty where none). Years missing a figure have NaN numbers and an
    explanation naming what is missing.
    """
    history = load_history(HISTORY) if history is None else history
    money = history[history["figure"].isin(["closing_balance", "income", "expenditure"])]
    rows = []
    for year in sorted(set(money["year"])):
        found = {name: pick(history, year + shift, figure) for name, shift, figure in NEEDED}
        if found["published"] is None and found["income"] is None:
            continue  # only a closing balance that opens the next year
        missing = [f"{figure} {year + shift}" for name, shift, figure in NEEDED
                   if found[name] is None]
        value = {name: (row["canonical"] if row is not None else float("nan"))
                 for name, row in found.items()}
        rolled = value["opening"] + value["income"] - value["expenditure"]
        residual = value["published"] - rolled
        bound = sum(row["rounding"] for row in found.values() if row is not None)
        sources = {f"{'closing' if name == 'published' else name}_source":
                   (row["source_title"] if row is not None else "") for name, row in found.items()}
        if missing:
            explanation = "not reproducible: no published " + ", ".join(missing) + " found"
        else:
            explanation = _explain(history, year, residual, bound)
        rows.append({"year": year, **value, "rolled": rolled, "residual": residual,
                     "residual_share": residual / value["published"], "rounding_bound": bound,
                     "explanation": explanation, **sources})
    columns = ["year", "opening", "income", "expenditure", "rolled", "published", "residual",
               "residual_share", "rounding_bound", "explanation", "opening_source",
               "income_source", "expenditure_source", "closing_source"]
    table = pd.DataFrame(rows, columns=columns)
    return table.rename(columns={"published": "published_closing"})


def _explain(history: pd.DataFrame, year: int, residual: float, bound: float) -> str:
    if abs(residual) <= bound + 1e-9:
        return (f"within the rounding of the four published figures (±{bound:.2f} 亿元: each is "
                "rounded to its last printed digit)")
    transfers = history[(history["year"] == year) & (history["figure"] == "skills_transfer")]
    if residual < 0 and not transfers.empty:
        amounts = ", ".join(f"{row['canonical']:,.0f} 亿元 ({row['source_title']})"
                            for _, row in transfers.iterrows())
        return ("balance fell by more than income − expenditure: transfer of fund balances to "
                f"the vocational-skills special account recorded for {year}: {amounts}")
    return f"unexplained by the sources found (rounding explains at most ±{bound:.2f} 亿元)"
