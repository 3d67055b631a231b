"""The report of a comparison folder (``compare.nc``, written by ``fundsim compare``).

The page names the scenarios compared (each one's description, read from its file when the
file still exists), shows the headline metrics side by side and their differences against the
first scenario, warns where regions fall below the tests or public finance is needed, and
overlays the province-level projections (with the 5%–95% range when stochastic). Figures are
read from ``compare.nc`` alone; :func:`compare_summary` and :func:`reserve_by_year` give them
as DataFrames for a notebook.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from fundsim.present import numbers as num
from fundsim.present.charts import panels as charts
from fundsim.present.charts import selection
from fundsim.present.charts.jobs import Jobs
from fundsim.present.report import language, tables
from fundsim.present.report.folders import read_netcdf, require
from fundsim.present.report.render import Cell, Page, Section, esc, page_html, write_page
from fundsim.present.report.scenarios import Descriptions, description_of
from fundsim.present.report.sweep_page import CLIP_MONTHS, count_cells

#: The metrics compared (means over paths), as in ``sweep.nc``, and the optional ones.
METRICS = ("returns_paid_total", "lowest_reserve_months", "regions_below_general",
           "regions_below_difficult", "pool_transfer_total", "fiscal_subsidy_total")
OPTIONAL = ("training_paid_total", "firms_covered_total")
RISKS = ("p_fail_general", "p_fiscal")
#: Province-level series by scenario and month (medians over paths when stochastic).
SERIES = ("province_reserve_months", "lowest_reserve_months_by_month", "balance_total")


def load_compare(path: Path) -> xr.Dataset:
    """``compare.nc`` read and checked to be a fundsim comparison; InputError otherwise."""
    ds = read_netcdf(path, "comparison")
    require(ds, path, "comparison", METRICS + SERIES,
            ("paths", "general_months", "difficult_months"), dims=("scenario", "month"))
    return ds


def compare_summary(ds: xr.Dataset) -> pd.DataFrame:
    """One row per scenario (in order): the metrics (means over paths; money in yuan), their
    differences against the first scenario (``<metric>_diff``), and with paths the
    probabilities that some region fails the general test and that public finance is
    needed."""
    frame = pd.DataFrame(index=pd.Index([str(s) for s in ds["scenario"].values],
                                        name="scenario"))
    for name in (*METRICS, *OPTIONAL):
        if name in ds:
            values = ds[name].values.astype(float)
            frame[name] = values
            frame[f"{name}_diff"] = values - values[0]
    for name in RISKS:
        if name in ds:
            frame[name] = ds[name].values.astype(float)
    return frame


def scenario_sources(ds: xr.Dataset) -> list[str]:
    """The scenario files compared, as the file records them (one per line)."""
    return str(ds.attrs.get("scenarios", "")).splitlines()


def scenario_facts(ds: xr.Dataset, descriptions: Descriptions | None = None,
                   lang: str = "zh") -> pd.DataFrame:
    """Per scenario: its file, its description in ``lang`` (missing when the file is gone or
    unreadable; from ``descriptions`` where already being read) and the first and last
    month it covers."""
    sources = scenario_sources(ds)
    names = [str(s) for s in ds["scenario"].values]
    sources += [""] * (len(names) - len(sources))
    stored = json.loads(ds.attrs.get("scenario_descriptions") or "[]")  # kept by compare
    stored += [{}] * (len(names) - len(stored))
    covered = ds["balance_total"].notnull()
    months = ds["month"].values
    rows = []
    for i, name in enumerate(names):
        present = months[covered.isel(scenario=i).values]
        rows.append({"scenario": name, "source": sources[i],
                     "description": (stored[i].get(lang)
                                     or description_of(sources[i], descriptions, lang)),
                     "first": present[0] if len(present) else None,
                     "last": present[-1] if len(present) else None})
    return pd.DataFrame(rows).set_index("scenario")


def reserve_by_year(ds: xr.Dataset, name: str = "province_reserve_months") -> pd.DataFrame:
    """Scenario × year: a series' value in each year's first month (the January assessment;
    medians over paths when stochastic). NaN where a scenario does not reach that year."""
    series = ds[name].groupby(ds["month"].dt.year).first()
    return pd.DataFrame(series.transpose("scenario", "year").values,
                        index=[str(s) for s in ds["scenario"].values],
                        columns=series["year"].values.tolist())


def signed(text: str, value: float) -> str:
    """A formatted difference with its sign: '+1.25 亿元', '−2.96 亿元', '0.0' (a figure
    that rounds to zero gets none)."""
    return "+" + text if value > 0 and any(c in "123456789" for c in text) else text


class ComparePage(Page):
    """What the comparison page's sections get."""

    def __init__(self, ds: xr.Dataset, lang: str, jobs: Jobs | None = None,
                 descriptions: Descriptions | None = None):
        super().__init__(ds, lang, jobs)
        self.names = [str(s) for s in ds["scenario"].values]
        self.summary = compare_summary(ds)
        self.facts = scenario_facts(ds, descriptions, lang)
        self.paths = int(ds.attrs.get("paths", 1))
        self.stochastic = self.paths > 1
        self.general = float(ds.attrs["general_months"])
        self.difficult = float(ds.attrs["difficult_months"])
        months = ds["month"].values
        self.first = num.month_label(months[0], lang)
        self.last = num.month_label(months[-1], lang)

    def diff_money(self, value: float) -> str:
        return signed(num.money(value, self.lang), value)

    def diff_count(self, value: float) -> str:
        return signed(num.count(value), value)


def section_question(p: ComparePage) -> Section:
    """The scenarios compared, each with its description, period and file."""
    t, ds = p.t, p.ds
    parts = [f"<p>{esc(t('compare.question', count=len(p.names), first=p.names[0]))}</p>"]
    rows = []
    for name, row in p.facts.iterrows():
        description = (row["description"] if isinstance(row["description"], str)
                       else t("compare.no_description"))
        period = (num.DASH if pd.isna(row["first"]) else
                  t("compare.period", first=num.month_label(row["first"], p.lang),
                    last=num.month_label(row["last"], p.lang)))
        rows.append([Cell(esc(name), "th"), Cell(language.cited_html(description), "text"),
                     Cell(esc(period), "text"),
                     Cell(f"<code>{esc(row['source'])}</code>", "text")])
    head = [esc(t(k)) for k in ("compare.col.scenario", "compare.col.description",
                                "compare.col.period", "compare.col.source")]
    parts.append(p.table(t("compare.scenarios_caption"), head, rows,
                         note=t("compare.scenarios_note")))
    paths = (t("fact.paths_one") if not p.stochastic
             else t("compare.fact.paths_many", paths=p.paths, seed=int(ds.attrs.get("seed", 0))))
    facts = [("fact.paths", esc(paths)),
             ("fact.tests", esc(t("fact.tests_value", general=p.g(p.general),
                                   difficult=p.g(p.difficult)))),
             ("fact.version", esc(ds.attrs.get("fundsim_version", "")))]
    items = "\n".join(f"<dt>{esc(t(k))}</dt><dd>{v}</dd>" for k, v in facts)
    parts.append(f"<h3>{esc(t('question.facts'))}</h3>\n<dl class=\"facts\">\n{items}\n</dl>")
    return Section("question", t("compare.question.heading"), "\n".join(parts))


def _columns(p: ComparePage) -> list[tuple[str, str, str]]:
    """(metric, message, kind) of the comparison tables, kind ``money`` or ``count`` or
    ``months``."""
    columns = [("returns_paid_total", "headline.returns_paid", "money"),
               ("pool_transfer_total", "headline.pool_transfer", "money"),
               ("fiscal_subsidy_total", "sweep.col.fiscal", "money")]
    if "training_paid_total" in p.summary:
        columns.append(("training_paid_total", "compare.col.training", "money"))
    columns += [("lowest_reserve_months", "sweep.col.lowest", "months"),
                ("regions_below_general", "headline.below_general", "count"),
                ("regions_below_difficult", "headline.below_difficult", "count")]
    return columns


def _header(p: ComparePage, message: str, unit: str = "") -> str:
    months = p.g(p.difficult if message == "headline.below_difficult" else p.general)
    return esc(p.t(message, unit=unit, months=months))


def section_headline(p: ComparePage) -> Section:
    """Key points per scenario against the first, the metrics side by side, and the
    differences against the first."""
    t, summary = p.t, p.summary
    first = p.names[0]
    points = [t("compare.point", name=name, first=first,
                returns=p.diff_money(summary.loc[name, "returns_paid_total_diff"]),
                fiscal=p.diff_money(summary.loc[name, "fiscal_subsidy_total_diff"]),
                below=p.diff_count(summary.loc[name, "regions_below_general_diff"]),
                months=p.g(p.general)) for name in p.names[1:]]
    listing = "".join(f"<li>{esc(x)}</li>" for x in points)
    columns = _columns(p)
    head = [esc(t("compare.col.scenario"))]
    diff_head = [esc(t("compare.col.scenario"))]
    value_cells: dict[str, list[Cell]] = {}
    diff_cells: dict[str, list[Cell]] = {}
    for name, message, kind in columns:
        values = summary[name].to_numpy(dtype=float)
        diffs = summary[f"{name}_diff"].to_numpy(dtype=float)
        if kind == "money":
            unit = num.money_unit(values, p.lang)
            head.append(_header(p, message, unit.label))
            value_cells[name] = [Cell(esc(unit.format(v))) for v in values]
            diff_unit = num.money_unit(diffs, p.lang)
            diff_head.append(_header(p, message, diff_unit.label))
            diff_cells[name] = [Cell(esc(signed(diff_unit.format(v), v))) for v in diffs]
        else:
            head.append(_header(p, message))
            diff_head.append(_header(p, message))
            if kind == "months":
                value_cells[name] = [Cell(esc(num.months(v))) for v in values]
                diff_cells[name] = [Cell(esc(signed(num.months(v), v))) for v in diffs]
            else:
                value_cells[name] = count_cells(values)
                diff_cells[name] = [Cell(esc(signed(c.html, v)))
                                    for c, v in zip(count_cells(diffs), diffs, strict=True)]
    risks = [(name, message) for name, message in (
        ("p_fail_general", "sweep.col.p_fail_general"), ("p_fiscal", "sweep.col.p_fiscal"))
        if name in summary]
    head += [_header(p, message) for _, message in risks]
    rows, diff_rows = [], []
    for i, name in enumerate(p.names):
        rows.append([Cell(esc(name), "th")] + [value_cells[c][i] for c, _, _ in columns]
                    + [Cell(esc(num.share(summary.loc[name, r]))) for r, _ in risks])
        if i:
            diff_rows.append([Cell(esc(name), "th")] + [diff_cells[c][i] for c, _, _ in columns])
    caption = (t("compare.table_caption_paths", paths=p.paths) if p.stochastic
               else t("compare.table_caption"))
    body = [f"<h3>{esc(t('findings.heading'))}</h3>"]
    if listing:
        body.append(f'<ul class="points">{listing}</ul>')
    body.append(p.table(caption, head, rows, note=t("sweep.table_note")))
    if diff_rows:
        body.append(p.table(t("compare.diff_caption", first=first), diff_head, diff_rows,
                            note=t("compare.diff_note", first=first)))
    return Section("headline", t("headline.heading"), "\n".join(body))


def section_warnings(p: ComparePage) -> Section:
    """Per scenario: regions below the tests, public finance needed, and its parameters run
    past their notice's end date."""
    t, summary = p.t, p.summary
    items: list[tuple[str, str]] = []
    for name in p.names:
        row = summary.loc[name]
        if row["regions_below_general"] > 0 or row["regions_below_difficult"] > 0:
            risk = (t("compare.warn.p_fail", probability=num.share(row["p_fail_general"]),
                      months=p.g(p.general)) if "p_fail_general" in row else "")
            items.append(("tests", t("compare.warn.below", name=name,
                                     general=num.count(row["regions_below_general"]),
                                     difficult=num.count(row["regions_below_difficult"]),
                                     months_general=p.g(p.general),
                                     months_difficult=p.g(p.difficult), risk=risk)))
        if row["fiscal_subsidy_total"] > tables.NEGLIGIBLE_YUAN:
            risk = (t("compare.warn.p_fiscal", probability=num.share(row["p_fiscal"]))
                    if "p_fiscal" in row else "")
            items.append(("fiscal", t("compare.warn.fiscal", name=name,
                                      amount=p.money(row["fiscal_subsidy_total"]), risk=risk)))
    for line in str(p.ds.attrs.get("warnings", "")).splitlines():
        if not line.strip():
            continue
        owner = next((n for n in sorted(p.names, key=len, reverse=True)
                      if line.startswith(n + ": ")), None)
        rest = line[len(owner) + 2:] if owner else line
        parsed = tables._PAST_END.match(rest.strip())
        text = (t("warnings.past_end", **parsed.groupdict()) if parsed
                else t("warnings.other", text=rest.strip()))
        items.append(("parameters", t("compare.warn.scenario", name=owner, text=text)
                      if owner else text))
    if not items:
        return Section("warnings", t("warnings.heading"),
                       f"<p>{esc(t('compare.warn.none'))}</p>")
    parts = ['<div class="warnings">']
    for group in ("tests", "fiscal", "parameters"):
        entries = [text for g, text in items if g == group]
        if entries:
            parts.append(f"<h3>{esc(t('sweep.warn.group.' + group))}</h3>")
            parts.append("<ul>" + "".join(f"<li>{esc(e)}</li>" for e in entries) + "</ul>")
    parts.append("</div>")
    return Section("warnings", t("warnings.heading"), "\n".join(parts))


#: The per-region figures of ``compare.nc`` (files written before 0.4.0 have none): the
#: variable, the caption's message and its kind (``months`` or ``money``).
REGION_TABLES = (("region_lowest_reserve_months", "compare.regions.lowest", "months"),
                 ("region_closing_balance", "compare.regions.closing", "money"),
                 ("region_returns_paid", "compare.regions.returns", "money"),
                 ("region_fiscal_subsidy", "compare.regions.fiscal", "money"))


def region_compare(ds: xr.Dataset, name: str) -> pd.DataFrame:
    """Region × scenario: a per-region figure of ``compare.nc`` (``region_closing_balance``,
    …; yuan or months, means over paths; NaN where a scenario does not have the region), then
    each later scenario's difference against the first (columns ``<scenario>_diff``). Indexed
    by region code, with the region's name in column ``name``."""
    values = ds[name].transpose("region", "scenario").values.astype(float)
    scenarios = [str(s) for s in ds["scenario"].values]
    frame = pd.DataFrame(values, columns=scenarios,
                         index=pd.Index([str(r) for r in ds["region"].values], name="region"))
    for i, scenario in enumerate(scenarios[1:], start=1):
        frame[f"{scenario}_diff"] = values[:, i] - values[:, 0]
    frame.insert(0, "name", [str(n) for n in ds["region_name"].values])
    return frame


def section_regions(p: ComparePage) -> Section | None:
    """Per region: each scenario's lowest months of reserve, closing balance, returns and
    fiscal subsidy, and the differences against the first scenario."""
    if "region_lowest_reserve_months" not in p.ds:
        return None
    t, first = p.t, p.names[0]
    parts = [f"<p>{esc(t('compare.regions.intro', first=first))}</p>"]
    note = t("compare.regions.paths_note", paths=p.paths) if p.stochastic else ""
    # the data's order; with many regions the lowest in reserve (first scenario) first
    lowest = region_compare(p.ds, "region_lowest_reserve_months")[p.names[0]].to_numpy()
    order = (np.argsort(np.where(np.isnan(lowest), np.inf, lowest), kind="stable")
             if selection.many_regions(p.ds) else np.arange(len(lowest)))
    for name, message, kind in REGION_TABLES:
        frame = region_compare(p.ds, name)
        values = frame[p.names].to_numpy(dtype=float)
        diffs = frame[[f"{n}_diff" for n in p.names[1:]]].to_numpy(dtype=float)
        if kind == "money":
            everything = np.concatenate([values.ravel(), diffs.ravel()])
            unit = num.money_unit(everything[np.isfinite(everything)], p.lang)
            caption = t(message, unit=unit.label) + note

            def text(v: float, unit: num.MoneyUnit = unit) -> str:
                return unit.format(v) if np.isfinite(v) else num.DASH
        else:
            caption = t(message) + note

            def text(v: float) -> str:
                return num.months(v)
        rows = []
        for i in order:
            cells = [Cell(esc(language.region_name(frame["name"].iloc[i], p.lang)), "th")]
            for v in values[i]:
                cls = ("fail-general" if kind == "months" and v < p.general else
                       "fail-difficult" if kind == "months" and v < p.difficult else "")
                marker = {"fail-general": "▼", "fail-difficult": "▽"}.get(cls, "")
                shown = esc(text(v))
                if marker:
                    shown = f'<span class="mark" aria-hidden="true">{marker}</span>{shown}'
                cells.append(Cell(shown, cls=cls))
            cells += [Cell(esc(signed(text(v), v) if np.isfinite(v) else num.DASH))
                      for v in diffs[i]]
            rows.append(cells)
        head = ([esc(t("reserve.region"))] + [esc(n) for n in p.names]
                + [esc(t("compare.regions.diff", name=n, first=first)) for n in p.names[1:]])
        legend = (t("reserve.legend", general=p.g(p.general), difficult=p.g(p.difficult))
                  if kind == "months" else None)
        parts.append(p.folded(caption, head, rows, note=legend))
    return Section("regions", t("compare.regions.heading"), "\n".join(parts), new_page=True)



def _lines(p: ComparePage, name: str, scale: float = 1.0) -> list[charts.Line]:
    out = []
    for i, scenario in enumerate(p.names):
        view = p.ds.isel(scenario=i)
        low = high = None
        if f"{name}_p05" in view and f"{name}_p95" in view:
            low, high = view[f"{name}_p05"].values / scale, view[f"{name}_p95"].values / scale
        out.append(charts.Line(scenario, view[name].values / scale, low, high))
    return out


def _at_end(p: ComparePage, name: str, text: Any) -> str:
    """Each scenario's last value of a series, as 'default 10.2, baseline 15.3'."""
    values = []
    for i, scenario in enumerate(p.names):
        series = p.ds[name].isel(scenario=i).dropna("month")
        value = float(series.values[-1]) if series.size else float("nan")
        values.append(p.t("compare.alt.value", name=scenario, value=text(value)))
    return num.join(values, p.lang)


def section_projections(p: ComparePage) -> Section:
    """The overlaid province-level projections, and the January figures as tables."""
    t, ds = p.t, p.ds
    months = ds["month"].values
    x = charts.XAxis(months, t("plot.month"), dates=True)
    band = t("compare.chart.band", paths=p.paths) if p.stochastic else None
    references = [(p.general, t("plot.reserve.general_short", months=p.g(p.general)), "general"),
                  (p.difficult, t("plot.reserve.general_short", months=p.g(p.difficult)),
                   "difficult")]
    shown = np.concatenate([ds[n].values.ravel() for n in ds.data_vars
                            if str(n).startswith(("province_reserve_months",
                                                  "lowest_reserve_months_by_month"))])
    finite = shown[np.isfinite(shown)]
    top = min(CLIP_MONTHS, max(p.difficult * 1.3, float(finite.max()) if finite.size else 0.0))
    ylabel = t("plot.reserve.ylabel", clip=f"{CLIP_MONTHS:g}")
    reserve_panels = [
        charts.Panel(t("compare.chart.province"), ylabel,
                     _lines(p, "province_reserve_months"), references, top=top),
        charts.Panel(t("compare.chart.weakest"), ylabel,
                     _lines(p, "lowest_reserve_months_by_month"), references, top=top),
    ]
    balances = [ds["balance_total"].values.ravel()]
    if "balance_total_p95" in ds:
        balances += [ds["balance_total_p05"].values.ravel(), ds["balance_total_p95"].values.ravel()]
    unit = num.money_unit(np.concatenate(balances), p.lang)
    balance_panel = charts.Panel(t("compare.chart.balance"),
                                 t("plot.balance.ylabel", unit=unit.label),
                                 _lines(p, "balance_total", unit.scale))
    note = t("compare.chart.paths_note", paths=p.paths) if p.stochastic else ""
    how = t("compare.alt.bands", paths=p.paths) if p.stochastic else ""
    reserve_alt = t("compare.alt.reserve", count=len(p.names), first=p.first, last=p.last,
                    general=p.g(p.general), difficult=p.g(p.difficult),
                    province=_at_end(p, "province_reserve_months", num.months),
                    weakest=_at_end(p, "lowest_reserve_months_by_month", num.months), how=how)
    balance_alt = t("compare.alt.balance", count=len(p.names), first=p.first, last=p.last,
                    closing=_at_end(p, "balance_total", p.money), how=how)
    parts = [
        p.embed(p.draw(lambda: charts.svg(lambda: charts.line_panels(
            t("compare.chart.reserve_title", note=note), x, reserve_panels, band_label=band,
            ncols=1, width=10.5, panel_height=3.6))), "compare-reserve",
            t("compare.caption.reserve", general=p.g(p.general), difficult=p.g(p.difficult)),
            reserve_alt),
        p.embed(p.draw(lambda: charts.svg(lambda: charts.line_panels(
            t("compare.chart.balance_title", note=note), x, [balance_panel], band_label=band,
            width=10.5, panel_height=4.2))), "compare-balance", t("compare.caption.balance"),
            balance_alt),
    ]
    for name, caption in (("province_reserve_months", "compare.reserve_caption"),
                          ("lowest_reserve_months_by_month", "compare.weakest_caption")):
        table = reserve_by_year(ds, name)
        rows = []
        for scenario in table.index:
            cells = [Cell(esc(scenario), "th")]
            for year in table.columns:
                value = float(table.loc[scenario, year])
                cls = ("fail-general" if value < p.general else
                       "fail-difficult" if value < p.difficult else "")
                marker = {"fail-general": "▼", "fail-difficult": "▽"}.get(cls, "")
                text = esc(num.months(value))
                if marker:
                    hidden = t("reserve.below_general" if cls == "fail-general"
                               else "reserve.below_difficult",
                               months=p.g(p.general if cls == "fail-general" else p.difficult))
                    text = (f'<span class="mark" aria-hidden="true">{marker}</span>{text}'
                            f'<span class="visually-hidden"> ({esc(hidden)})</span>')
                cells.append(Cell(text, cls=cls))
            rows.append(cells)
        head = [esc(t("compare.col.scenario"))] + [esc(y) for y in table.columns]
        full = t(caption) + (t("compare.median_note", paths=p.paths) if p.stochastic else "")
        parts.append(p.table(full, head, rows,
                             note=t("reserve.legend", general=p.g(p.general),
                                    difficult=p.g(p.difficult))))
    return Section("projections", t("compare.projections.heading"), "\n".join(parts),
                   new_page=True)


def reproduce_command(ds: xr.Dataset) -> str:
    """The ``fundsim compare`` command that reproduces the comparison."""
    sources = [s for s in str(ds.attrs.get("scenarios", "")).splitlines() if s]
    parts = ["fundsim compare", *(sources or [str(s) for s in ds["scenario"].values])]
    if int(ds.attrs.get("paths", 1)) > 1:
        parts.append(f"--paths {int(ds.attrs['paths'])} --seed {int(ds.attrs.get('seed', 0))}")
    return " ".join(parts)


def section_about(p: ComparePage) -> Section:
    text = esc(p.t("compare.about", command="\x00")).replace(
        "\x00", f"<code>{esc(reproduce_command(p.ds))}</code>")
    return Section("about", p.t("about.heading"), f"<p>{text}</p>")


SECTIONS = [section_question, section_headline, section_warnings, section_regions,
            section_projections, section_about]


def render_compare_report(ds: xr.Dataset, lang: str = "zh",
                          sections: Sequence[Any] | None = None, jobs: Jobs | None = None,
                          descriptions: Descriptions | None = None) -> str:
    """The report of a comparison's Dataset (``compare.nc``) as one HTML document (text); its
    charts drawn side by side in forked children of ``jobs`` (by default its own) while the
    text is written; ``descriptions`` as
    :func:`~fundsim.present.report.sweep_page.start_descriptions` gives them."""
    if jobs is None:
        with Jobs() as own:
            return render_compare_report(ds, lang, sections, own, descriptions)
    p = ComparePage(ds, lang, jobs, descriptions)
    t = p.t
    version = str(ds.attrs.get("fundsim_version", ""))
    return page_html(p, (build(p) for build in (sections or SECTIONS)),
                     t("compare.title", names=num.join(p.names, lang)),
                     t("compare.subtitle", count=len(p.names), first=p.first, last=p.last,
                       version=version),
                     t("report.illustrative_folder"), version)


def save_compare_report(ds: xr.Dataset, folder: Path, lang: str = "zh",
                        jobs: Jobs | None = None, descriptions: Descriptions | None = None
                        ) -> Path:
    """Render and write the comparison's report into ``folder`` (``report.html`` in Chinese,
    ``report.en.html`` in English), atomically; ``jobs`` and ``descriptions`` as for
    :func:`render_compare_report`."""
    return write_page(render_compare_report(ds, lang, jobs=jobs, descriptions=descriptions),
                      folder, lang)
