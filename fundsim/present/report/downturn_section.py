"""The report's section on a replayed recession (``downturn:`` in the scenario): for each
region and the province, the months until exhaustion without public finance and the public
finance needed (:func:`fundsim.run.downturn.exhaustion_table`). A run without a downturn has
no such section.

The renderer lists it among a run report's sections (``render.section_downturn``) and hands
its ``Section`` and ``Cell`` classes in: this module never imports the renderer.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import numpy as np

from fundsim.inputs.downturns import load_profile, profiles_dir
from fundsim.present import numbers as num
from fundsim.run import downturn
from fundsim.run.metrics import PROVINCE_ROW, summarised


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _description(found: dict[str, Any], lang: str) -> str:
    """The shipped profile's description in ``lang`` ('' for a user's own file)."""
    path = profiles_dir() / str(found.get("file", ""))
    if not found.get("file") or not path.is_file():
        return ""
    try:
        profile = load_profile(path)
    except Exception:  # noqa: BLE001 - a profile changed since the run: the table still stands
        return ""
    return (profile.description_zh if lang == "zh" else "") or profile.description


def section_downturn(r: Any, section: Callable[..., Any], cell: Callable[..., Any]) -> Any:
    """The recession replay of the run report ``r``
    (:class:`fundsim.present.report.render.Report`): what was replayed from when, which funds
    run dry and when, and the public finance needed, as a table; None without a downturn."""
    Cell, Section = cell, section  # noqa: N806 - the renderer's classes

    ds = r.ds
    found = downturn.downturn_of(ds)
    if found is None:
        return None
    t, lang = r.t, r.lang
    table = downturn.exhaustion_table(ds)
    start = np.datetime64(table.attrs["start"], "M")
    start_text = num.month_label(start, lang)
    end_text = num.month_label(np.datetime64(table.attrs["end"], "M"), lang)
    intro = t("downturn.intro", profile=found.get("profile", ""), start=start_text,
              end=end_text)
    description = _description(found, lang)
    parts = [f"<p>{_esc(intro)}</p>"]
    if description:
        parts.append(f"<p>{_esc(description)}</p>")
    regions = table[table["region"] != PROVINCE_ROW]
    dry = regions[regions["months_to_exhaustion"].notna()].sort_values("months_to_exhaustion",
                                                                        kind="stable")
    if len(dry):
        first = dry.iloc[0]
        text = t("downturn.summary", count=len(dry), regions=len(regions),
                 name=r.names[str(first["region"])],
                 months=num.number(first["months_to_exhaustion"], 0),
                 month=num.month_label(start + int(first["months_to_exhaustion"]), lang))
    else:
        text = t("downturn.summary_none", regions=len(regions), end=end_text)
    parts.append(f"<p><strong>{_esc(text)}</strong></p>")

    money = np.r_[table["public_finance_needed_yuan"].to_numpy(float),
                  table["of_which_deficit_yuan"].to_numpy(float)]
    unit = num.money_unit(money, lang)
    head = [_esc(t("downturn.col.region")),
            _esc(t("downturn.col.months" if r.stochastic else "downturn.col.months_one",
                   start=start_text)),
            _esc(t("downturn.col.first_month"))]
    if r.stochastic:
        head.append(_esc(t("downturn.col.p")))
    head += [_esc(t("downturn.col.needed" if r.stochastic else "downturn.col.needed_one",
                    unit=unit.label)),
             _esc(t("downturn.col.deficit", unit=unit.label))]
    rows = []
    never = t("downturn.never")
    for _, row in table.iterrows():
        code = str(row["region"])
        name = t("downturn.province") if code == PROVINCE_ROW else r.names[code]
        months = row["months_to_exhaustion"]
        dried = np.isfinite(months)
        cells = [Cell(_esc(name), "th"),
                 Cell(_esc(num.number(months, 1 if months % 1 else 0) if dried else never)),
                 Cell(_esc(num.month_label(start + int(months), lang) if dried else "—"))]
        if r.stochastic:
            cells.append(Cell(_esc(num.share(row["p_exhausted"]))))
        cells += [Cell(_esc(unit.format(row["public_finance_needed_yuan"]))),
                  Cell(_esc(unit.format(row["of_which_deficit_yuan"])))]
        rows.append(cells)
    caption = t("downturn.caption", profile=found.get("profile", ""), start=start_text)
    note = t("downturn.note")
    if r.stochastic:
        note += t("downturn.note_paths", paths=table.attrs["paths"])
        if summarised(ds):
            note += t("downturn.note_summary")
    parts.append(r.folded(caption, head, rows[:-1], foot=rows[-1:], note=note))
    return Section("downturn", t("downturn.heading"), "\n".join(parts))
