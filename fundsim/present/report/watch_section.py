"""The report's section on a re-forecast (a run started from actuals): what the actuals cover,
the watch list (:mod:`fundsim.run.watch`) as a table and its chart
(:mod:`fundsim.present.charts.watch`). A run without actuals has no such section.

The renderer lists the section among a run report's (``render.section_watch``) and hands
its ``Section`` and ``Cell`` classes in: this module never imports the renderer, so that no
module imports its way back to itself.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable
from typing import Any

import numpy as np

from fundsim.present import numbers as num
from fundsim.run import watch
from fundsim.run.metrics import PROVINCE_ROW

#: The table cell's class of each grade (the report's colours for failing cells).
GRADE_CLASSES = {"red": "fail-general", "amber": "fail-difficult", "green": ""}
#: A marker before the grade's word (the word carries the meaning, not the colour).
GRADE_MARKS = {"red": "●", "amber": "◐", "green": "○"}
#: Regions to watch named in the text (the table lists them all).
LISTED = 14


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def section_watch(r: Any, section: Callable[..., Any], cell: Callable[..., Any]) -> Any:
    """What the actuals cover, the regions to watch at the next January's assessment (grade,
    p(fail general), months of reserve, year-end balance re-forecast beside the January
    projection) and the chart, for the run report ``r``
    (:class:`fundsim.present.report.render.Report`), built as the renderer's ``section``
    with its table ``cell`` class; None when the run holds no actuals."""
    from fundsim.present.charts.watch import panel_codes, plot_watch

    Cell, Section = cell, section  # noqa: N806 - the renderer's classes

    ds = r.ds
    if not watch.has_actuals(ds):
        return None
    t, lang = r.t, r.lang
    first_actual = ds["month"].values[int(np.flatnonzero(
        np.asarray(ds["actual"].values, dtype=bool))[0])]
    count = int(np.asarray(ds["actual"].values, dtype=bool).sum())
    label = functools.partial(num.month_label, lang=lang)
    if not watch.watchable(ds):  # the run ends before the next January: say so
        last_actual = watch.last_actual_month(ds)
        january = np.datetime64(f"{int(str(last_actual)[:4]) + 1}-01-01", "D")
        text = t("watch.too_short", first=label(first_actual),
                 last=label(np.datetime64(last_actual, "D")), months=count,
                 end=label(ds["month"].values[-1]), assessment=label(january))
        return Section("watch", t("watch.heading"), f"<p>{_esc(text)}</p>")
    table = watch.watch_table(ds)
    attrs = table.attrs
    months = watch.watch_months(ds)
    year, assessment = months.year, label(np.datetime64(months.january, "D"))
    last = label(np.datetime64(months.last_actual, "D"))
    source = str(ds.attrs.get("actuals_source") or "")
    intro = t("watch.intro" if source else "watch.intro_nosource", first=label(first_actual),
              last=last, months=count, source="\x00", year=year, assessment=assessment)
    intro = _esc(intro).replace("\x00", f"<code>{_esc(source)}</code>")
    general = f"{attrs['general_months']:g}"
    rule = t("watch.rule", assessment=assessment, general=general,
             red=num.share(attrs["red"]), amber=num.share(attrs["amber"]))
    if not r.stochastic:
        rule += t("watch.single_path")
    regions = table[table["code"] != PROVINCE_ROW]
    watched = regions[regions["grade"] != "green"]
    if len(watched):
        items = [t("watch.list_item", name=r.names[str(row["code"])],
                   grade=t(f"watch.grade.{row['grade']}"),
                   probability=num.share(row["p_fail_general"]))
                 for _, row in watched.head(LISTED).iterrows()]
        names = num.join(items, lang)
        if len(watched) > LISTED:
            names = t("list.more", names=names, count=len(watched))
        listing = t("watch.list", count=len(watched), names=names)
    else:
        listing = t("watch.list_none")
    parts = [f"<p>{intro}</p>", f"<p>{_esc(rule)}</p>", f"<p><strong>{_esc(listing)}</strong></p>"]

    money = np.r_[table["year_end_balance_p50_yuan"].to_numpy(float),
                  table["plan_year_end_balance_yuan"].to_numpy(float)]
    unit = num.money_unit(money, lang)
    head = [_esc(t("watch.col.grade")), _esc(t("watch.col.region")),
            _esc(t("watch.col.p_general", assessment=assessment, general=general)),
            _esc(t("watch.col.reserve" if r.stochastic else "watch.col.reserve_one",
                   assessment=assessment)),
            _esc(t("watch.col.plan_reserve")),
            _esc(t("watch.col.balance" if r.stochastic else "watch.col.balance_one",
                   year=year, unit=unit.label)),
            _esc(t("watch.col.plan_balance", unit=unit.label))]
    rows = []
    for _, row in table.iterrows():
        code = str(row["code"])
        name = t("watch.province") if code == PROVINCE_ROW else r.names[code]
        reserve = num.months(row["reserve_months_p50"])
        if np.isfinite(row["reserve_months_p05"]):
            reserve += (f" [{num.months(row['reserve_months_p05'])}–"
                        f"{num.months(row['reserve_months_p95'])}]")
        grade = row["grade"]
        rows.append([
            Cell(f'<span class="mark" aria-hidden="true">{GRADE_MARKS[grade]}</span>'
                 + _esc(t(f"watch.grade.{grade}")), "text", GRADE_CLASSES[grade]),
            Cell(_esc(name), "th"),
            Cell(_esc(num.share(row["p_fail_general"]))),
            Cell(_esc(reserve)),
            Cell(_esc(num.months(row["plan_reserve_months"]))),
            Cell(_esc(unit.format(row["year_end_balance_p50_yuan"]))),
            Cell(_esc(unit.format(row["plan_year_end_balance_yuan"]))),
        ])
    caption = (t("watch.caption", paths=attrs["paths"]) if r.stochastic
               else t("watch.caption_one"))
    parts.append(r.folded(caption, head, rows[:-1], foot=rows[-1:], note=t("watch.note")))

    codes = panel_codes(ds)
    names = [t("watch.province") if c == PROVINCE_ROW else r.names[c] for c in codes]
    alt = t("watch.alt", panels=len(codes), names=num.join(names, lang), last=last,
            band=t("watch.alt_band") if r.stochastic else "")
    svg = r.charts.get("watch") or functools.partial(plot_watch, ds, None, lang)
    parts.append(r.embed(svg, "watch", t("watch.chart_caption"), alt))
    return Section("watch", t("watch.heading"), "\n".join(parts))
