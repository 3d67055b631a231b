"""``fundsim validate``: the account reproduction, the 2020–2021 projection test and the 2008
provincial cross-section, printed with the publication behind every published figure. The
lead registers :func:`validate_command`; :func:`validation_tables` is the same as plain data."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.markup import escape
from rich.table import Table

from fundsim.cli.console import handled as _handled
from fundsim.cli.console import out
from fundsim.run.solvency import solvency_table
from fundsim.validation.cross_section import cross_section, sum_check, summarize
from fundsim.validation.history import HISTORY, load_history
from fundsim.validation.projection import compare, project
from fundsim.validation.reproduce import reproduce

HistoryOpt = Annotated[Path | None, typer.Option(
    "--history", help="a history CSV in the shipped format (default: the shipped table)")]


def validation_tables(history: Path | str | pd.DataFrame | None = None
                      ) -> dict[str, pd.DataFrame]:
    """The three tables of ``fundsim validate``: ``reproduction`` (published accounts rolled
    forward), ``projection`` (the national scenario against 2020–2021) and ``solvency``
    (months of reserve and AHCM of the national projection at end-2021). ``history`` is a
    history CSV (default: the shipped one) or a table already loaded by ``load_history``."""
    table = history if isinstance(history, pd.DataFrame) else load_history(
        HISTORY if history is None else Path(history))
    ds = project()
    return {"reproduction": reproduce(table), "projection": compare(ds, table),
            "solvency": solvency_table(ds)}


def _number(value: float, digits: int = 1, sign: bool = False) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{value:{'+' if sign else ''},.{digits}f}"


class _Sources:
    """Numbers each cited publication once: [n] in the tables, the list at the end."""

    def __init__(self, history: pd.DataFrame):
        self.urls = dict(zip(history["source_title"], history["source_url"], strict=True))
        self.order: list[str] = []

    def cite(self, title: str) -> str:
        if not title or title == "not found":
            return "—"
        if title not in self.order:
            self.order.append(title)
        return f"[{self.order.index(title) + 1}]"


@_handled
def validate_command(history: HistoryOpt = None) -> None:
    """Compare fundsim with China's published unemployment-insurance figures: the account
    reproduction and the 2020–2021 projection from end-2019, every figure with its source."""
    table = load_history(HISTORY if history is None else history)
    tables = validation_tables(table)
    sources = _Sources(table)

    view = Table(title="Account reproduction: closing(y−1) + income(y) − expenditure(y) against "
                 "the published closing(y), 亿元", title_justify="left")
    for label in ("year", "opening", "income", "expenditure", "rolled", "published",
                  "residual", "share", "explanation", "sources o/i/e/c"):
        view.add_column(label, justify="left" if label in ("explanation", "sources o/i/e/c")
                        else "right", overflow="fold")
    for _, row in tables["reproduction"].iterrows():
        cited = " ".join(sources.cite(row[f"{name}_source"])
                         for name in ("opening", "income", "expenditure", "closing"))
        view.add_row(str(row["year"]), _number(row["opening"]), _number(row["income"]),
                     _number(row["expenditure"]), _number(row["rolled"]),
                     _number(row["published_closing"]), _number(row["residual"], sign=True),
                     _number(100 * row["residual_share"], 3, sign=True) + "%"
                     if not math.isnan(row["residual_share"]) else "—",
                     escape(row["explanation"]), cited)
    out.print(view)

    view = Table(title="Projection from end-2019 (fundsim/validation/national-2019.yaml) against "
                 "published, 亿元", title_justify="left")
    for label in ("year", "measure", "projected", "published", "error", "error %", "source"):
        view.add_column(label, justify="left" if label in ("measure", "source") else "right")
    for _, row in tables["projection"].iterrows():
        view.add_row(str(row["year"]), escape(row["measure"]), _number(row["projected"]),
                     _number(row["published"]), _number(row["error"], sign=True),
                     _number(row["error_pct"], 1, sign=True) + "%"
                     if not math.isnan(row["error_pct"]) else "—",
                     sources.cite(row["source"]))
    out.print(view)
    for _, row in tables["projection"].iterrows():
        if row["also"]:
            out.print(f"{row['year']} {row['measure']} is also published as: {row['also']}",
                      highlight=False, markup=False, soft_wrap=True)
    national = tables["solvency"].iloc[0]
    out.print(f"National projection at end-{national['year']}: {national['reserve_months']:.1f} "
              f"months of reserve; US average high cost multiple {national['ahcm']:.2f} "
              f"(reserve ratio {100 * national['reserve_ratio']:.2f}% of covered wages, "
              f"lookback {national['years_in_lookback']} years).", highlight=False,
              soft_wrap=True)
    out.print("The opening balance (end-2019) is backed out of the published 2020 accounts "
              "(3354.1 − 951.5 + 2103 = 4505.6 亿元): the 2019 figure was not found, so the 2020 "
              "balance error equals the 2020 net-flow error. See validation/README.md.",
              highlight=False, markup=False, soft_wrap=True)
    _print_provinces(sources)
    out.print("Sources:", highlight=False)
    for number, title in enumerate(sources.order, start=1):
        url = sources.urls.get(title) or ""
        out.print(f"  [{number}] {title}" + (f" — {url}" if url else ""), highlight=False,
                  markup=False, soft_wrap=True)



def _yes(passes: bool, borderline: bool) -> str:
    return ("yes" if passes else "no") + (" (rounding)" if borderline else "")


def _print_provinces(sources: _Sources) -> None:
    """The 2008 provincial cross-section: fundsim's reserve tests on the published accounts,
    the sum check against the 全国 row and the summary."""
    cross, sums = cross_section(), sum_check()
    title = cross["source_title"].iloc[0]
    sources.urls.setdefault(title, cross["source_url"].iloc[0])
    view = Table(title="Provinces in 2008, not a projection: fundsim's reserve tests on the "
                 f"published accounts {sources.cite(title)}, 亿元",
                 title_justify="left")
    for label in ("province", "balance", "spent", "months", "≥12", "≥24", "in/out",
                  "yuan/recipient/month", "recipients/100 insured"):
        view.add_column(label, justify="left" if label == "province" else "right")
    for _, row in cross.iterrows():
        view.add_row(escape(row["province"]), _number(row["balance_yi"]),
                     _number(row["expenditure_yi"]), _number(row["reserve_months"]),
                     _yes(row["passes_general"], row["borderline"]),
                     _yes(row["passes_difficult"], row["borderline"]),
                     _number(row["income_to_expenditure"], 2),
                     _number(row["spending_per_recipient"], 0),
                     _number(row["recipients_per_100_insured"], 2),
                     end_section=row.name == len(cross) - 2)
    out.print(view)
    checked = ", ".join(f"{row['figure']} {_number(row['difference'], sign=True)} "
                        f"(±{row['tolerance']:.2f})" for _, row in sums.iterrows())
    beyond = sums.loc[~sums["within"], "figure"].tolist()
    out.print(f"{summarize(cross).text()} Provinces' sum − {cross['province'].iloc[-1]} row "
              f"(the rounding of the printed figures allows): {checked}; "
              + (f"BEYOND rounding: {', '.join(beyond)}." if beyond else "all within rounding.")
              + " Months = year-end balance ÷ (expenditure ÷ 12), the test a province would face "
              "in January 2009; spending per recipient takes the year-end recipients for the "
              "year's average stock. See validation/README.md.",
              highlight=False, markup=False, soft_wrap=True)
