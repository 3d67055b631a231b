"""Render a run as one self-contained HTML file: charts as inline SVG data, real tables, an
embedded font subset, a print stylesheet, and no network request (a Content-Security-Policy
forbids any).

The page is a list of sections. Each entry of :data:`SECTIONS` is a function taking a
:class:`Report` and returning a :class:`Section`, or None when the run has nothing for it.
Folders written by sweep, compare and frontier get pages of their own from the same
machinery (:class:`Page`, :func:`page_html`, :func:`write_page`): see
:mod:`fundsim.present.report.sweep_page`, :mod:`~fundsim.present.report.compare_page` and
:mod:`~fundsim.present.report.frontier_page`; :func:`write_report` tells the folders apart
(:mod:`fundsim.present.report.folders`).
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import functools
import html
import re
import string
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from fundsim.base.delivery import write_file
from fundsim.present import numbers as num
from fundsim.present.charts import run as plots
from fundsim.present.charts import selection
from fundsim.present.charts.jobs import Jobs
from fundsim.present.messages import MESSAGES, messages
from fundsim.present.report import language, tables, watch_section
from fundsim.present.report.fonts import font_face
from fundsim.run import metrics
from fundsim.run.tables import PROVINCE_ROW

#: The report's file name in the run folder, by language.
REPORT_FILES = {"zh": "report.html", "en": "report.en.html"}
_TRAILING_CHINESE = re.compile(r"[（(]([^()（）]*[\u3400-\u9fff][^()（）]*)[)）]\s*$")


def esc(value: object) -> str:
    """Text made safe for HTML."""
    return html.escape(str(value), quote=True)


@dataclass(frozen=True)
class Section:
    """One part of the page: an anchor id, a heading and its HTML body; ``new_page`` starts
    it on a new page when printed (sections opening with a chart or a page-long table)."""

    id: str
    title: str
    body: str
    new_page: bool = False


@dataclass(frozen=True)
class Cell:
    """One table cell: its HTML, its kind (``th`` row header, ``num`` or ``text``), a class."""

    html: str
    kind: str = "num"
    cls: str = ""
    rowspan: int = 1


def _image(svg: bytes, alt: str) -> str:
    """An ``img`` element holding an SVG chart as data, sized as the chart."""
    head = svg[:2000].decode("utf-8", "replace")
    size = re.search(r'<svg[^>]*\bwidth="([\d.]+)pt"[^>]*\bheight="([\d.]+)pt"', head)
    dims = (f' width="{round(float(size[1]) * 4 / 3)}" height="{round(float(size[2]) * 4 / 3)}"'
            if size else "")
    data = base64.b64encode(svg).decode("ascii")
    return f'<img src="data:image/svg+xml;base64,{data}" alt="{esc(alt)}"{dims}>'


class Page:
    """What every page's section builders share: the Dataset, the language, ``t`` for
    messages, and numbered figures and tables."""

    def __init__(self, ds: xr.Dataset, lang: str, jobs: Jobs | None = None):
        self.ds = ds
        self.lang = lang
        self.t = messages(lang)
        self.jobs = jobs
        self._figures = 0
        self._tables = 0
        # charts still being drawn: stand-in img -> (the call returning the SVG, alt text)
        self._pending: dict[str, tuple[Callable[[], bytes], str]] = {}

    def draw(self, make: Callable[[], bytes]) -> bytes | Callable[[], bytes]:
        """A chart's SVG bytes from ``make``: drawn now, or with the page's ``jobs`` started
        in a forked child while the page's text is written (a call returning the bytes, for
        :meth:`embed`)."""
        return make() if self.jobs is None else self.jobs.submit(make).result

    def g(self, months: float) -> str:
        """A threshold in months, as written in text: 12, 24, 18.5."""
        return f"{months:g}"

    def money(self, yuan: float) -> str:
        return num.money(float(yuan), self.lang)

    def embed(self, svg: bytes | Callable[[], bytes], anchor: str, caption: str, alt: str
              ) -> str:
        """A chart (SVG bytes) embedded as data, numbered, with its caption and alt text.

        ``svg`` may be a call returning the bytes (a chart still being drawn): the image then
        goes in when the page is put together (:func:`page_html`), after its text is known.
        """
        self._figures += 1
        if callable(svg):  # a stand-in with the alt text, so that the font covers it
            image = f'<img src="fundsim-figure-{self._figures}" alt="{esc(alt)}">'
            self._pending[image] = (svg, alt)
        else:
            image = _image(svg, alt)
        label = self.t("report.figure", number=self._figures, caption=caption)
        return (f'<figure class="chart" id="figure-{anchor}">\n{image}\n'
                f"<figcaption>{esc(label)}</figcaption>\n</figure>")

    def images(self, text: str) -> str:
        """``text`` with every chart still drawn when it was embedded put in."""
        for stand_in, (svg, alt) in self._pending.items():
            text = text.replace(stand_in, _image(svg(), alt), 1)
        return text

    def folded(self, caption: str, head: Sequence[str], rows: Sequence[Sequence[Cell]],
               foot: Sequence[Sequence[Cell]] = (), note: str | None = None) -> str:
        """:meth:`table`, or with many rows (more than :data:`~.selection.TABLE_ROWS` and many
        regions) the first rows open and the rest in a second table folded away."""
        if not selection.many_regions(self.ds) or len(rows) <= selection.TABLE_ROWS:
            return self.table(caption, head, rows, foot, note)
        shown, rest = rows[:selection.TABLE_ROWS], rows[selection.TABLE_ROWS:]
        first = self.table(self.t("table.first", caption=caption, shown=len(shown),
                                  rows=len(rows)), head, shown, foot, note)
        summary = esc(self.t("table.show_rest", count=len(rest)))
        second = self.table(self.t("table.rest", caption=caption, count=len(rest)), head, rest)
        return (f'{first}\n<details class="more">\n<summary>{summary}</summary>\n{second}\n'
                "</details>")

    def table(self, caption: str, head: Sequence[str], rows: Sequence[Sequence[Cell]],
              foot: Sequence[Sequence[Cell]] = (), note: str | None = None) -> str:
        """A real HTML table: a caption, column headers ``th scope=col``, row headers."""
        self._tables += 1
        label = self.t("report.table", number=self._tables, caption=caption)
        out = ['<div class="table-wrap">', "<table>", f"<caption>{esc(label)}</caption>",
               "<thead><tr>" + "".join(f'<th scope="col">{h}</th>' for h in head)
               + "</tr></thead>", "<tbody>"]
        out += [_row(row) for row in rows]
        out.append("</tbody>")
        if foot:
            out += ["<tfoot>", *(_row(row) for row in foot), "</tfoot>"]
        out += ["</table>", "</div>"]
        if note:
            out.append(f'<p class="table-note">{esc(note)}</p>')
        return "\n".join(out)


class Report(Page):
    """What a run's section builders get: the run, the language, numbered figures, tables."""

    def __init__(self, ds: xr.Dataset, lang: str,
                 charts: Mapping[str, Callable[[], bytes]] | None = None):
        super().__init__(ds, lang)
        self.charts = dict(charts or {})
        self.paths = int(ds.sizes.get("path", ds.attrs.get("paths", 1)))
        self.stochastic = metrics.stochastic(ds)
        # the tests' thresholds as text, with any change in force during the run
        self.general_text = num.threshold_text(ds, "general", lang)
        self.difficult_text = num.threshold_text(ds, "difficult", lang)
        self.codes = [str(c) for c in ds["region"].values]
        self.names = dict(zip(self.codes, (language.region_name(str(n), lang)
                                           for n in ds["region_name"].values), strict=True))
        months = ds["month"].values
        self.first = num.month_label(months[0], lang)
        self.last = num.month_label(months[-1], lang)

    # ---- figures computed once, shared by sections -------------------------------------
    @functools.cached_property
    def record(self) -> dict[str, Any]:
        """The run record (its YAML parsed once)."""
        return tables.read_record(self.ds)

    @functools.cached_property
    def order(self) -> list[str]:
        """Region codes in the order of the tables: the data's, or with many regions the
        lowest months of reserve first (:mod:`fundsim.present.charts.selection`)."""
        if not selection.many_regions(self.ds):
            return list(self.codes)
        return [self.codes[i] for i in selection.worst_first(self.ds)]

    @functools.cached_property
    def headline(self) -> pd.DataFrame:
        return tables.headline_table(self.ds)

    @functools.cached_property
    def failing_general(self) -> pd.DataFrame:
        return tables.failing_by_year(self.ds, "general")

    @functools.cached_property
    def failing_difficult(self) -> pd.DataFrame:
        return tables.failing_by_year(self.ds, "difficult")

    @functools.cached_property
    def regions(self) -> pd.DataFrame:
        return tables.region_table(self.ds)

    @functools.cached_property
    def warnings(self) -> Warnings:
        """Every warning of the run."""
        return _warnings(self)

    # ---- helpers ---------------------------------------------------------------------
    def names_of(self, codes: Iterable[str]) -> str:
        """Region names as a list in text; with many regions in table order (worst first), the
        first :data:`~fundsim.present.charts.selection.WORST_SHOWN` and how many in all."""
        codes = list(codes)
        if not selection.many_regions(self.ds):
            return num.join((self.names[c] for c in codes), self.lang)
        rank = {code: i for i, code in enumerate(self.order)}
        codes.sort(key=rank.__getitem__)
        first = codes[:selection.WORST_SHOWN]
        names = num.join((self.names[c] for c in first), self.lang)
        return names if len(first) == len(codes) else self.t("list.more", names=names,
                                                             count=len(codes))

    def figure(self, kind: str, caption: str, alt: str) -> str:
        """A chart of the run drawn in the report's language, embedded as SVG data (drawn
        already, being drawn, or drawn when the page is put together)."""
        svg = self.charts.get(kind) or functools.partial(plots.render, kind, self.ds, self.lang,
                                                         "svg")
        return self.embed(svg, kind, caption, alt)


def _row(cells: Sequence[Cell]) -> str:
    parts = []
    for cell in cells:
        span = f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else ""
        if cell.kind == "th":
            scope = "rowgroup" if cell.rowspan > 1 else "row"
            cls = f' class="{cell.cls}"' if cell.cls else ""
            parts.append(f'<th scope="{scope}"{cls}{span}>{cell.html}</th>')
        else:
            cls = " ".join(c for c in (cell.kind, cell.cls) if c)
            parts.append(f'<td class="{cls}"{span}>{cell.html}</td>')
    return "<tr>" + "".join(parts) + "</tr>"


def _money_cells(values: Sequence[float], lang: str) -> tuple[str, list[Cell]]:
    """One unit for a row or column of money figures: its label and the formatted cells."""
    unit = num.money_unit(np.asarray(values, dtype=float), lang)
    return unit.label, [Cell(esc(unit.format(v))) for v in values]


# ------------------------------------------------------------------------------ sections


def section_question(r: Report) -> Section:
    """The question the scenario asks (its description) and the facts of the run."""
    t, ds = r.t, r.ds
    description = str(r.record.get(f"description_{r.lang}")
                      or ds.attrs.get("scenario_description") or "").strip()
    quote = (f"<blockquote><p>{language.cited_html(description)}</p></blockquote>" if description
             else f"<p>{esc(t('question.none'))}</p>")
    seed = int(ds.attrs.get("seed", -1))
    paths = (t("fact.paths_one") if not r.stochastic
             else t("fact.paths_many", paths=r.paths, seed=seed))
    record = r.record
    created = str(ds.attrs.get("created", ""))
    with contextlib.suppress(ValueError):
        created = dt.datetime.fromisoformat(created).strftime("%Y-%m-%d %H:%M UTC")
    facts = [
        ("fact.scenario", esc(ds.attrs.get("scenario", ""))),
        ("fact.period", esc(t("fact.period_value", first=r.first, last=r.last,
                                months=ds.sizes["month"]))),
        ("fact.regions", esc(len(r.codes))),
        ("fact.paths", esc(paths)),
        ("fact.tests", esc(t("fact.tests_value", general=r.general_text,
                               difficult=r.difficult_text))),
        ("fact.source", f"<code>{esc(ds.attrs.get('scenario_source', ''))}</code>"),
        ("fact.data", f"<code>{esc(record.get('data', ''))}</code>"),
        ("fact.created", esc(created)),
        ("fact.version", esc(ds.attrs.get("fundsim_version", ""))),
    ]
    items = "\n".join(f"<dt>{esc(t(key))}</dt><dd>{value}</dd>" for key, value in facts)
    body = (f"{quote}\n<h3>{esc(t('question.facts'))}</h3>\n"
            f'<dl class="facts">\n{items}\n</dl>')
    return Section("question", t("question.heading"), body)


def section_headline(r: Report) -> Section:
    """Key points in sentences, then the headline table (metrics × years)."""
    t, table = r.t, r.headline
    total = table.loc["total"]
    points = []
    failing = r.failing_general.index[(r.failing_general > 0).any(axis=1)]
    if r.stochastic:
        points.append(t("findings.below_general_paths",
                        count=num.count(total["regions_below_general"]), total=len(r.codes),
                        months=r.general_text,
                        probability=num.share(total["p_any_below_general"])))
    elif len(failing):
        points.append(t("findings.below_general", count=len(failing), total=len(r.codes),
                        months=r.general_text, names=r.names_of(failing)))
    else:
        points.append(t("findings.none_below_general", total=len(r.codes),
                        months=r.general_text))
    fiscal = total["fiscal_subsidy_returns"] + total["fiscal_subsidy_deficit"]
    points.append(t("findings.money", returns=r.money(total["returns_paid"]),
                    pool=r.money(total["pool_transfer"]), fiscal=r.money(fiscal),
                    fiscal_returns=r.money(total["fiscal_subsidy_returns"]),
                    fiscal_deficit=r.money(total["fiscal_subsidy_deficit"])))
    pool_end = r.ds["pool_balance"].isel(month=-1)
    regions_closing = r.regions["closing_balance"].drop(PROVINCE_ROW).sum()
    points.append(t("findings.closing", closing=r.money(regions_closing),
                    pool=r.money(float(pool_end.mean()))))
    if r.warnings:
        points.append(t("findings.warnings", regions=len(r.warnings.tests),
                        others=len(r.warnings.others)))
    listing = "\n".join(f"<li>{esc(p)}</li>" for p in points)

    columns = [str(y) for y in table.index[:-1]] + [t("headline.total")]
    rows: list[list[Cell]] = []

    def counts(key: str, label: str) -> None:
        rows.append([Cell(esc(label), "th")] + [Cell(esc(num.count(v))) for v in table[key]])

    counts("regions_below_general", t("headline.below_general", months=r.general_text))
    counts("regions_below_difficult", t("headline.below_difficult", months=r.difficult_text))
    if r.stochastic:
        rows.append([Cell(esc(t("headline.p_any_below", months=r.general_text)), "th")]
                    + [Cell(esc(num.share(v))) for v in table["p_any_below_general"]])
    for key, message in (("pool_transfer", "headline.pool_transfer"),
                         ("fiscal_subsidy_returns", "headline.fiscal_returns"),
                         ("fiscal_subsidy_deficit", "headline.fiscal_deficit"),
                         ("returns_paid", "headline.returns_paid")):
        unit, cells = _money_cells(table[key].tolist(), r.lang)
        rows.append([Cell(esc(t(message, unit=unit)), "th")] + cells)
    for key in ("firms_covered", "trainee_months", "trainees_peak"):
        rows.append([Cell(esc(t(f"headline.{key}")), "th")]
                    + [Cell(esc(num.number(v, 0))) for v in table[key]])
    caption = (t("headline.caption_paths", paths=r.paths) if r.stochastic
               else t("headline.caption"))
    head = [esc(t("headline.year"))] + [esc(c) for c in columns]
    body = (f"<h3>{esc(t('findings.heading'))}</h3>\n<ul class=\"points\">\n{listing}\n</ul>\n"
            + r.table(caption, head, rows, note=t("headline.notes")))
    return Section("headline", t("headline.heading"), body)


def _years_text(r: Report, shares: pd.Series) -> str:
    """Years with a failure: '2021–2023' (one path) or '2021 (35%)、2022 (60%)' (paths)."""
    years = [int(y) for y, v in shares.items() if v > 0]
    if not r.stochastic:
        return num.year_ranges(years, r.lang)
    return num.join((r.t("warnings.year_probability", year=y, probability=num.share(shares[y]))
                     for y in years), r.lang)


@dataclass(frozen=True)
class Warnings:
    """The warnings of a run: regions failing a test (name, years below each line), and the
    other warnings as (group, text)."""

    tests: list[tuple[str, str, str]]
    others: list[tuple[str, str]]

    def __bool__(self) -> bool:
        return bool(self.tests or self.others)


def _warnings(r: Report) -> Warnings:
    t, ds = r.t, r.ds
    tests = []
    failing = ((r.failing_general > 0).any(axis=1) | (r.failing_difficult > 0).any(axis=1))
    for code in (c for c in r.order if failing[c]):
        general = r.failing_general.loc[code]
        difficult = r.failing_difficult.loc[code]
        tests.append((r.names[code], _years_text(r, general), _years_text(r, difficult)))
    others: list[tuple[str, str]] = []
    for year, row in tables.pool_exhausted(ds).iterrows():
        if r.stochastic:
            text = t("warnings.pool_exhausted_paths", year=year,
                     probability=num.share(row["share"]), unmet=r.money(row["unmet"]))
        else:
            text = t("warnings.pool_exhausted", year=year, unmet=r.money(row["unmet"]))
        others.append(("pool", text))
    for _, row in tables.deficit_regions(ds).iterrows():
        if r.stochastic:
            text = t("warnings.deficit_paths", region=language.region_name(row["name"], r.lang),
                     probability=num.share(row["share"]), amount=r.money(row["total"]))
        else:
            text = t("warnings.deficit", region=language.region_name(row["name"], r.lang),
                     amount=r.money(row["total"]),
                     years=num.year_ranges(row["years"], r.lang))
        others.append(("deficit", text))
    for warning in tables.record_warnings(ds):
        if warning["kind"] == "past_end":
            text = t("warnings.past_end", key=warning["key"], start=warning["start"],
                     end=warning["end"], until=warning["until"])
        else:
            text = t("warnings.other", text=warning["text"])
        others.append(("parameters", text))
    return Warnings(tests, others)


def section_warnings(r: Report) -> Section:
    """Regions failing the tests, the pool exhausted, public finance preventing negative
    balances, and parameters run past their notice's end date."""
    t, found = r.t, r.warnings
    if not found:
        return Section("warnings", t("warnings.heading"), f"<p>{esc(t('warnings.none'))}</p>")
    parts = ['<div class="warnings">']
    if found.tests:
        parts.append(f"<h3>{esc(t('warnings.group.tests'))}</h3>")
        head = [esc(t("reserve.region")),
                esc(t("warnings.col.general", months=r.general_text)),
                esc(t("warnings.col.difficult", months=r.difficult_text))]
        rows = [[Cell(esc(name), "th"), Cell(esc(general), "text"),
                 Cell(esc(difficult), "text")] for name, general, difficult in found.tests]
        caption = (t("warnings.tests_caption_paths", paths=r.paths) if r.stochastic
                   else t("warnings.tests_caption"))
        parts.append(r.folded(caption, head, rows))
    for group in ("pool", "deficit", "parameters"):
        entries = [text for g, text in found.others if g == group]
        if entries:
            parts.append(f"<h3>{esc(t('warnings.group.' + group))}</h3>")
            parts.append(_list(r, entries))
    parts.append("</div>")
    return Section("warnings", t("warnings.heading"), "\n".join(parts))


def _list(r: Report, entries: Sequence[str]) -> str:
    """A bulleted list; with many regions and many entries the first
    :data:`~fundsim.present.charts.selection.TABLE_ROWS` open and the rest folded away."""
    def items(texts: Sequence[str]) -> str:
        return "<ul>" + "".join(f"<li>{esc(e)}</li>" for e in texts) + "</ul>"

    if not selection.many_regions(r.ds) or len(entries) <= selection.TABLE_ROWS:
        return items(entries)
    rest = entries[selection.TABLE_ROWS:]
    return (items(entries[:selection.TABLE_ROWS]) + '\n<details class="more">\n<summary>'
            + esc(r.t("list.show_rest", count=len(rest))) + "</summary>\n" + items(rest)
            + "\n</details>")


def _mark(general: float, difficult: float) -> tuple[str, str]:
    """Marker and cell class for a region-year failing the general test (``general``: 1/0 or
    the share of paths), only the difficult one, or neither (with paths: on at least half of
    the paths)."""
    if general >= 0.5:
        return '<span class="mark" aria-hidden="true">▼</span>', "fail-general"
    if difficult >= 0.5:
        return '<span class="mark" aria-hidden="true">▽</span>', "fail-difficult"
    return "", ""


def section_reserve(r: Report) -> Section:
    """The reserve projections: small-multiple chart (fan with paths) and the yearly table."""
    t = r.t
    reserve = tables.reserve_by_year(r.ds)
    fails = (r.failing_general > 0).any(axis=1)
    below = [c for c in r.codes if fails[c]]
    summary = (t("alt.reserve_below", months=r.general_text, names=r.names_of(below)) if below
               else t("alt.reserve_none_below", months=r.general_text))
    if r.stochastic:
        summary = t("alt.reserve_paths", paths=r.paths) + " " + summary
    parts = [f"<p>{esc(t('reserve.intro'))}</p>"]
    if selection.many_regions(r.ds):
        shown = len(selection.shown_regions(r.ds))
        alt = t("alt.reserve_worst", shown=shown, regions=len(r.codes), first=r.first,
                last=r.last, general=r.general_text, difficult=r.difficult_text,
                summary=summary)
        parts.append(r.figure("reserve", t("caption.reserve_worst", shown=shown,
                                           general=r.general_text, difficult=r.difficult_text),
                              alt))
        alt = t("alt.reserve_map", regions=len(r.codes), first=r.first, last=r.last,
                general=r.general_text, difficult=r.difficult_text)
        parts.append(r.figure("reserve_map", t("caption.reserve_map"), alt))
    else:
        alt = t("alt.reserve", regions=len(r.codes), first=r.first, last=r.last,
                general=r.general_text, difficult=r.difficult_text, summary=summary)
        parts.append(r.figure("reserve", t("caption.reserve", general=r.general_text,
                                           difficult=r.difficult_text), alt))
    years = list(reserve.columns)
    # region × year arrays in table order (one look-up per table, not per cell)
    months = reserve.loc[r.order, years].to_numpy()
    general = r.failing_general.loc[r.order, years].to_numpy()
    difficult = r.failing_difficult.loc[r.order, years].to_numpy()
    rows = []
    for i, code in enumerate(r.order):
        cells = [Cell(esc(r.names[code]), "th")]
        for j in range(len(years)):
            marker, cls = _mark(general[i, j], difficult[i, j])
            text = num.months(months[i, j])
            if cls:
                hidden = t("reserve.below_general" if cls == "fail-general"
                           else "reserve.below_difficult",
                           months=r.general_text if cls == "fail-general" else r.difficult_text)
                text = f'{esc(text)}<span class="visually-hidden"> ({esc(hidden)})</span>'
            else:
                text = esc(text)
            cells.append(Cell(marker + text, cls=cls))
        rows.append(cells)
    caption = (t("reserve.table_caption_paths", paths=r.paths) if r.stochastic
               else t("reserve.table_caption"))
    head = [esc(t("reserve.region"))] + [esc(y) for y in years]
    parts.append(r.folded(caption, head, rows,
                          note=t("reserve.legend", general=r.general_text,
                                 difficult=r.difficult_text)))
    if r.stochastic:
        rows = [[Cell(esc(r.names[c]), "th")]
                + [Cell(esc(num.share(v)), cls="fail-general" if v >= 0.5 else "")
                   for v in general[i]] for i, c in enumerate(r.order)]
        parts.append(r.folded(t("reserve.prob_caption", months=r.general_text, paths=r.paths),
                              head, rows))
    return Section("reserve", t("reserve.heading"), "\n".join(parts), new_page=True)


def section_regions(r: Report) -> Section:
    """Whole-period results per region, with a province row."""
    t, table = r.t, r.regions
    money_columns = [("returns_paid", "regions.returns"), ("pool_transfer", "regions.pool"),
                     ("fiscal_subsidy_returns", "regions.fiscal_returns"),
                     ("fiscal_subsidy_deficit", "regions.fiscal_deficit"),
                     ("training_paid", "regions.training"), ("closing_balance", "regions.closing")]
    head = [esc(t("regions.name")), esc(t("regions.lowest")),
            esc(t("regions.months_below_general", months=r.general_text)),
            esc(t("regions.months_below_difficult", months=r.difficult_text))]
    if selection.many_regions(r.ds):  # the lowest months of reserve first
        table = table.loc[r.order + [PROVINCE_ROW]]
    money: dict[str, list[Cell]] = {}
    for key, message in money_columns:
        unit, money[key] = _money_cells(table[key].tolist(), r.lang)
        head.append(esc(t(message, unit=unit)))
    rows = []
    column = {key: table[key].to_numpy() for key in ("lowest_reserve_months", "name",
                                                     "months_below_general",
                                                     "months_below_difficult")}
    for i, code in enumerate(table.index):
        lowest = column["lowest_reserve_months"][i]
        below_general = column["months_below_general"][i]
        below_difficult = column["months_below_difficult"][i]
        marker, cls = ("", "")
        if below_general > 0:
            marker, cls = '<span class="mark" aria-hidden="true">▼</span>', "fail-general"
        elif below_difficult > 0:
            marker, cls = '<span class="mark" aria-hidden="true">▽</span>', "fail-difficult"
        name = t("regions.province") if code == PROVINCE_ROW else r.names[code]
        rows.append([Cell(esc(name), "th"), Cell(marker + esc(num.months(lowest)), cls=cls),
                     Cell(esc(num.count(below_general))),
                     Cell(esc(num.count(below_difficult)))]
                    + [money[key][i] for key, _ in money_columns])
    caption = (t("regions.caption_paths", paths=r.paths) if r.stochastic
               else t("regions.caption"))
    note = (t("reserve.legend", general=r.general_text, difficult=r.difficult_text) + " "
            + t("regions.province_note"))
    body = r.folded(caption, head, rows[:-1], foot=rows[-1:], note=note)
    return Section("regions", t("regions.heading"), body, new_page=True)


def section_charts(r: Report) -> Section:
    """Fund balances, the provincial pool and public finance, training in lieu of work."""
    t, ds = r.t, r.ds
    closing = r.regions["closing_balance"].drop(PROVINCE_ROW)
    top, bottom = closing.idxmax(), closing.idxmin()
    balance_alt = t("alt.balance", regions=len(r.codes), first=r.first, last=r.last,
                    top=r.names[top], top_value=r.money(closing[top]),
                    bottom=r.names[bottom], bottom_value=r.money(closing[bottom]))
    pool = metrics.mean_over_paths(ds["pool_balance"])
    total = r.headline.loc["total"]
    pool_alt = t("alt.pool", opening=r.money(float(ds["pool_opening_balance"])),
                 closing=r.money(float(pool[-1])), lowest=r.money(float(pool.min())),
                 transfers=r.money(total["pool_transfer"]),
                 fiscal=r.money(total["fiscal_subsidy_returns"]
                                + total["fiscal_subsidy_deficit"]))
    training_alt = t("alt.training", peak=num.count(total["trainees_peak"]),
                     paid=r.money(float(r.regions.loc[PROVINCE_ROW, "training_paid"])))
    body = "\n".join([
        r.figure("balance", t("caption.balance"), balance_alt),
        r.figure("pool", t("caption.pool"), pool_alt),
        r.figure("training", t("caption.training"), training_alt),
    ])
    return Section("charts", t("charts.heading"), body, new_page=True)


def _description(description: str, lang: str) -> str:
    """A parameter's meaning: its Chinese name in a Chinese report where the law gives one."""
    if lang == "zh":
        found = _TRAILING_CHINESE.search(description)
        if found:
            return found[1]
    return description


def _value(value: Any, unit: str | None, r: Page) -> str:
    t = r.t
    if isinstance(value, bool):
        return t("value.true") if value else t("value.false")
    if unit == "choice" and isinstance(value, str):
        key = f"choice.{value}"
        return f"{t(key)} ({value})" if key in MESSAGES else value
    if not isinstance(value, int | float):
        return str(value)
    shown = f"{value:,.6g}"
    return {
        "share": lambda: num.share(value),
        "months": lambda: t("value.months", value=shown),
        "multiple": lambda: t("value.multiple", value=shown),
        "yuan": lambda: r.money(value),
        "yuan/person/month": lambda: t("value.yuan_person_month", value=shown),
        "persons": lambda: t("value.persons", value=shown),
    }.get(unit or "", lambda: shown)()


def section_parameters(r: Report) -> Section:
    """The parameters in force over the run with their sources, and the assumptions."""
    body = parameters_body(r, tables.parameters_in_force(r.ds, r.record))
    return Section("parameters", r.t("params.heading"), body, new_page=True)


def parameters_body(r: Page, found: tables.Parameters, skip: Iterable[str] = ()) -> str:
    """The parameters table (values by date, sources) and the assumptions table; keys in
    ``skip`` (e.g. the keys a sweep varies) are left out."""
    t = r.t
    skipped = set(skip)
    note = t("params.sources_recorded" if found.sources_recorded else "params.sources_missing")
    parts = [f"<p>{esc(note)}</p>"]
    rows = []
    by_key: dict[str, list[tables.ParameterRow]] = {}
    for row in found.rows:
        if row.key not in skipped:
            by_key.setdefault(row.key, []).append(row)
    for key, entries in by_key.items():
        for i, row in enumerate(entries):
            cells = []
            if i == 0:
                meaning = (language.description(row, r.lang) if row.unit
                           else t("params.unknown"))
                name = (f"<strong>{esc(t('param.' + key))}</strong><br>"
                        if row.unit and f"param.{key}" in MESSAGES else "")
                cells.append(Cell(f"<code>{esc(key)}</code><br>{name}{esc(meaning)}", "th",
                                  "wrap", rowspan=len(entries)))
            if row.origin == "unavailable":
                text = esc(t("params.source_unavailable"))
            elif row.origin == "law" and not found.sources_recorded:
                text = esc(t("params.law_reference", reference="\x00")).replace(
                    "\x00", language.source_html(row.source, "law", r.lang, t))
            else:
                text = language.source_html(row.source, row.origin, r.lang, t)
            if row.end is not None:
                text += esc(t("params.ends", end=row.end))
            cells += [Cell(esc(row.start.isoformat())), Cell(esc(_value(row.value, row.unit, r))),
                      Cell(text, "text")]
            rows.append(cells)
    if rows:
        head = [esc(t(k)) for k in ("params.key", "params.from", "params.value",
                                    "params.source")]
        parts.append(r.table(t("params.caption"), head, rows, note=t("params.sources_note")))
    else:
        parts.append(f"<p>{esc(t('params.none'))}</p>")
    assumptions = {k: v for k, v in found.assumptions.items()
                   if f"assumptions.{k}" not in skipped}
    if assumptions:
        rows = [[Cell(f"{esc(language.assumption_label(k, t))}<br>"
                      f"<code>assumptions.{esc(k)}</code>", "th", "wrap"),
                 Cell(esc(language.assumption_value(k, v, r.lang, t)), "text")]
                for k, v in assumptions.items()]
        parts.append(r.table(t("params.assumptions_caption"),
                             [esc(t("params.assumption")), esc(t("params.value"))], rows))
    return "\n".join(parts)


def section_about(r: Report) -> Section:
    """How the report was made and how to reproduce the run."""
    ds = r.ds
    command = f"fundsim run {ds.attrs.get('scenario_source') or ds.attrs.get('scenario')}"
    if r.stochastic:
        command += f" --paths {r.paths} --seed {int(ds.attrs.get('seed', 0))}"
    text = esc(r.t("about.text", command="\x00")).replace("\x00", f"<code>{esc(command)}</code>")
    return Section("about", r.t("about.heading"), f"<p>{text}</p>")


def section_watch(r: Report) -> Section | None:
    """A re-forecast's early warning (:mod:`~fundsim.present.report.watch_section`; None for a
    run without actuals)."""
    return watch_section.section_watch(r, Section, Cell)


def section_downturn(r: Report) -> Section | None:
    """A replayed recession (:mod:`~fundsim.present.report.downturn_section`; None for a run
    without a downturn)."""
    from fundsim.present.report import downturn_section

    return downturn_section.section_downturn(r, Section, Cell)


SectionBuilder = Callable[[Report], Section | None]

#: The sections of a report, in order. Append a builder to add one (it returns None when the
#: run has nothing for it).
SECTIONS: list[SectionBuilder] = [
    section_question,
    section_headline,
    section_watch,
    section_warnings,
    section_reserve,
    section_regions,
    section_downturn,
    section_charts,
    section_parameters,
    section_about,
]


def _resource(name: str) -> str:
    return (files("fundsim.present.report") / name).read_text(encoding="utf-8")


def _section_html(section: Section) -> str:
    cls = ' class="new-page"' if section.new_page else ""
    return (f'<section id="{section.id}" aria-labelledby="{section.id}-heading"{cls}>\n'
            f'<h2 id="{section.id}-heading">{esc(section.title)}</h2>\n{section.body}\n'
            "</section>")


def page_html(page: Page, sections: Iterable[Section | None], title: str, subtitle: str,
              note: str, version: str) -> str:
    """One HTML document: the built sections (None skipped) in the shared template, with the
    stylesheet and the font subset of exactly the characters the page uses."""
    t = page.t
    built = [s for s in sections if s is not None]
    values = {
        "lang": t("html.lang"),
        "generator": esc(f"fundsim {version}"),
        "title": esc(title),
        "subtitle": esc(subtitle),
        "note": esc(note),
        "contents_label": esc(t("report.contents")),
        "nav": "\n".join(f'<li><a href="#{s.id}">{esc(s.title)}</a></li>' for s in built),
        "body": "\n".join(_section_html(s) for s in built),
        "css": _resource("report.css"),
        "font_face": "",
    }
    template = string.Template(_resource("template.html"))
    # the font subset holds every character of the page (images are base64: ASCII only)
    values["font_face"] = font_face(template.substitute(values))
    return page.images(template.substitute(values))


def render_report(ds: xr.Dataset, lang: str = "zh",
                  sections: Sequence[SectionBuilder] | None = None,
                  charts: Mapping[str, Callable[[], bytes]] | None = None) -> str:
    """The report of a run's Dataset as one HTML document (text).

    ``charts`` gives a call returning each chart's SVG bytes (e.g. the results of
    :func:`fundsim.present.charts.run.start_charts`); without it the charts are drawn here,
    side by side while the text is written."""
    if charts is None:
        with Jobs() as jobs:
            started = plots.start_charts(ds, jobs, lang)
            return render_report(ds, lang, sections, {k: j.result for k, j in started.items()})
    r = Report(ds, lang, charts)
    t = r.t
    version = str(ds.attrs.get("fundsim_version", ""))
    return page_html(r, (build(r) for build in (sections or SECTIONS)),
                     t("report.title", scenario=ds.attrs.get("scenario", "")),
                     t("report.subtitle", first=r.first, last=r.last, regions=len(r.codes),
                       version=version),
                     t("report.illustrative"), version)


def write_page(text: str, folder: Path, lang: str) -> Path:
    """Write a rendered page as the folder's report in ``lang``, atomically (temporary file
    beside it, then rename): an interrupted write leaves the previous report as it was."""
    data = text.encode("utf-8")
    return write_file(Path(folder) / REPORT_FILES[lang], lambda handle: handle.write(data))


def save_report(ds: xr.Dataset, folder: Path, lang: str = "zh",
                charts: Mapping[str, Callable[[], bytes]] | None = None) -> Path:
    """Render and write the report into ``folder`` atomically (temporary file, then rename);
    ``charts`` as for :func:`render_report`."""
    text = render_report(ds, lang) if charts is None else render_report(ds, lang,
                                                                        charts=charts)
    return write_page(text, folder, lang)
