"""The report of a track folder (``track.nc``, written by ``fundsim track``).

The page says what is compared (the projection's results file, the actuals file, the months),
gives the key gaps in sentences (the balance at the last actual month, the flows furthest off,
the regions furthest off, where the actual balance lies in a Monte Carlo projection), the gaps
by region, the chart of actuals against the projection, the balance gap taken apart by flow
and each flow's gap by driver. Figures come from ``track.nc`` alone
(:mod:`fundsim.run.track`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import xarray as xr

from fundsim.present import numbers as num
from fundsim.present.charts import panels as charts
from fundsim.present.charts.jobs import Jobs
from fundsim.present.charts.track import REGIONS_SHOWN, part_label, track_figure
from fundsim.present.report import language
from fundsim.present.report.render import Cell, Page, Section, esc, page_html, write_page
from fundsim.run.track import DRIVERS

#: A gap smaller than this (yuan) is rounding: left out of the sentences and the parts.
NEGLIGIBLE_YUAN = 0.5
#: The flows of the gaps table (year to date), in order.
TABLE_FLOWS = ("contributions", "benefits", "returns_paid")


class TrackPage(Page):
    """What the track page's sections get."""

    def __init__(self, ds: xr.Dataset, lang: str, jobs: Jobs | None = None,
                 chart: bytes | None = None):
        super().__init__(ds, lang, jobs)
        self.chart = chart  # the chart's SVG, when already drawn
        self.fields = [str(f) for f in ds["field"].values]
        self.first = num.month_label(ds["month"].values[0], lang)
        self.last = num.month_label(ds["month"].values[-1], lang)
        self.total = ds.sizes["region"] - 1
        self.regions = ds.sizes["region"] - 1
        self.balance = "balance" in self.fields
        self.banded = "balance_band_low" in ds

    def name(self, i: int) -> str:
        if i == self.total:
            return self.t("track.total")
        return language.region_name(str(self.ds["region_name"].values[i]), self.lang)

    def last_ytd(self, key: str) -> np.ndarray:
        """(regions + total,) the year-to-date gap of ``key`` at the last actual month."""
        return self.ds["ytd_gap"].sel(field=key).values[:, -1]

    def balance_gap(self) -> np.ndarray:
        return self.ds["gap"].sel(field="balance").values[:, -1]

    def signed_money(self, yuan: float) -> str:
        """A gap in a sentence, with its sign: '+1.2 亿元', '−350 万元'."""
        return (num.MINUS if yuan < 0 else "+") + self.money(abs(yuan))

    def signed(self, yuan: float, unit: num.MoneyUnit) -> str:
        text = unit.format(yuan)
        return "+" + text if yuan > 0 and any(c in "123456789" for c in text) else text


def band_text(t: Any, low: float, high: float) -> str:
    """Where a figure lies in a distribution, from its band's quantile levels."""
    if np.isnan(low):
        return t("track.band.unknown")
    if low == 0:
        return t("track.band.below", high=f"{high * 100:g}")
    if high == 1:
        return t("track.band.above", low=f"{low * 100:g}")
    return t("track.band.between", low=f"{low * 100:g}", high=f"{high * 100:g}")


def section_question(p: TrackPage) -> Section:
    """What is compared with what."""
    t, ds = p.t, p.ds
    paths = int(ds.attrs.get("paths", 1))
    projection = (t("track.projection.mean", paths=paths) if paths > 1
                  else t("track.projection.central"))
    facts = [("fact.scenario", esc(ds.attrs.get("scenario", ""))),
             ("track.fact.results", f"<code>{esc(ds.attrs.get('results_source', ''))}</code>"),
             ("track.fact.actuals", f"<code>{esc(ds.attrs.get('actuals_source', ''))}</code>"),
             ("track.fact.months", esc(t("fact.period_value", first=p.first, last=p.last,
                                         months=ds.sizes["month"]))),
             ("fact.regions", esc(num.count(p.regions))),
             ("track.fact.projection", esc(projection)),
             ("fact.version", esc(ds.attrs.get("fundsim_version", "")))]
    notes = [n for n in str(ds.attrs.get("actuals_notes", "")).splitlines() if n.strip()]
    if notes:
        facts.append(("track.fact.notes", esc("; ".join(notes))))
    items = "\n".join(f"<dt>{esc(t(k))}</dt><dd>{v}</dd>" for k, v in facts)
    body = (f"<p>{esc(t('track.question', first=p.first, last=p.last))}</p>\n"
            f"<h3>{esc(t('question.facts'))}</h3>\n<dl class=\"facts\">\n{items}\n</dl>")
    return Section("question", t("track.question.heading"), body)


def key_points(p: TrackPage) -> list[str]:
    """The key gaps in sentences."""
    t, ds = p.t, p.ds
    points = []
    if p.balance and np.isfinite(p.balance_gap()[p.total]):
        gap = float(p.balance_gap()[p.total])
        projected = float(ds["projected"].sel(field="balance").values[p.total, -1])
        points.append(t("track.point.balance", month=p.last, amount=p.money(abs(gap)),
                        direction=t("track.above" if gap > 0 else "track.below"),
                        projected=p.money(projected), actual=p.money(projected + gap)))
        low = float(ds["balance_band_low"].values[p.total, -1]) if p.banded else np.nan
        if np.isfinite(low):  # not known for the total of a run summarised over paths
            points.append(t("track.point.band", band=band_text(
                t, low, float(ds["balance_band_high"].values[p.total, -1]))))
        rest = float(ds["balance_parts"].sel(balance_part="not_explained").values[p.total, -1])
        if np.isfinite(rest) and abs(rest) >= 0.5:
            points.append(t("track.point.unexplained", amount=p.money(rest)))
        if p.regions > 1:
            gaps = p.balance_gap()[:p.regions]
            order = [i for i in np.argsort(-np.abs(np.nan_to_num(gaps)), kind="stable")
                     if np.isfinite(gaps[i])][:3]
            if order:
                points.append(t("track.point.largest", regions=num.join(
                    (t("track.point.region", name=p.name(i), amount=p.signed_money(gaps[i]))
                     for i in order), p.lang)))
    else:
        points.append(t("track.point.no_balance"))
    flows = [k for k in p.fields if k in ("contributions", "benefits", "returns_paid",
                                          "pool_transfer", "remittance", "interest")]
    flows.sort(key=lambda k: -abs(np.nan_to_num(p.last_ytd(k)[p.total])))
    for key in flows[:3]:
        gap = float(p.last_ytd(key)[p.total])
        if np.isfinite(gap) and abs(gap) >= NEGLIGIBLE_YUAN:
            points.append(t("track.point.flow", month=p.last, flow=part_label(key, p.lang),
                            amount=p.money(abs(gap)),
                            direction=t("track.above" if gap > 0 else "track.below")))
    return points


def section_gaps(p: TrackPage) -> Section:
    """The key points, then the year-to-date gaps and the balance gap by region."""
    t, ds = p.t, p.ds
    listing = "".join(f"<li>{esc(x)}</li>" for x in key_points(p))
    flows = [k for k in TABLE_FLOWS if k in p.fields]
    columns = [p.last_ytd(k) for k in flows]
    if p.balance:
        columns.append(p.balance_gap())
    everything = np.concatenate(columns) if columns else np.zeros(1)
    unit = num.money_unit(everything[np.isfinite(everything)], p.lang)
    head = [esc(t("reserve.region"))] + [esc(part_label(k, p.lang)) for k in flows]
    if p.balance:
        head.append(esc(t("track.col.balance", month=p.last)))
    if p.banded:
        head.append(esc(t("track.col.band")))
    rows = []
    for i in [*range(p.regions), p.total]:
        cells = [Cell(esc(p.name(i)), "th")]
        cells += [Cell(esc(p.signed(float(c[i]), unit))) for c in columns]
        if p.banded:
            cells.append(Cell(esc(band_text(t, float(ds["balance_band_low"].values[i, -1]),
                                            float(ds["balance_band_high"].values[i, -1]))),
                              "text"))
        rows.append(cells)
    body = [f"<h3>{esc(t('findings.heading'))}</h3>", f'<ul class="points">{listing}</ul>',
            p.table(t("track.gaps.caption", month=p.last, unit=unit.label), head,
                    rows[:-1], foot=[rows[-1]], note=t("track.gaps.note"))]
    return Section("gaps", t("track.gaps.heading"), "\n".join(body))


def section_chart(p: TrackPage) -> Section | None:
    """The chart of actuals against the projection."""
    t, ds = p.t, p.ds
    if "projected_balance" not in ds:
        return None
    lang = p.lang
    parts = ""
    if "balance_parts" in ds:
        values = ds["balance_parts"].values[p.total, -1]
        names = [str(n) for n in ds["balance_part"].values]
        parts = num.join((f"{part_label(n, lang)} {p.money(v)}" for n, v in
                          zip(names, values, strict=True) if np.isfinite(v) and v != 0), lang)
    alt = t("track.chart.alt", count=min(REGIONS_SHOWN, p.regions), month=p.last,
            parts=parts or num.DASH)
    caption = t("track.chart.caption",
                band=t("track.chart.band_text") if "projected_balance_quantile" in ds else "")
    svg = p.chart if p.chart is not None else p.draw(
        lambda: charts.svg(lambda: track_figure(ds, lang)))
    figure = p.embed(svg, "track", caption, alt)
    return Section("chart", t("track.chart.heading"), figure, new_page=True)


def section_parts(p: TrackPage) -> Section | None:
    """The balance gap at the last actual month by part, per region."""
    t, ds = p.t, p.ds
    if "balance_parts" not in ds:
        return None
    values = ds["balance_parts"].values[:, -1, :]  # (regions + total, parts)
    names = [str(n) for n in ds["balance_part"].values]
    used = [k for k in range(len(names)) if names[k] == "not_explained"
            or (np.abs(np.nan_to_num(values[:, k])) >= NEGLIGIBLE_YUAN).any()]
    gap = p.balance_gap()
    shown = np.concatenate([values[:, used].ravel(), gap])
    unit = num.money_unit(shown[np.isfinite(shown)], p.lang)
    head = ([esc(t("reserve.region"))] + [esc(part_label(names[k], p.lang)) for k in used]
            + [esc(t("track.parts.gap"))])
    rows = []
    for i in [*range(p.regions), p.total]:
        rows.append([Cell(esc(p.name(i)), "th")]
                    + [Cell(esc(p.signed(float(values[i, k]), unit))) for k in used]
                    + [Cell(esc(p.signed(float(gap[i]), unit)))])
    body = (f"<p>{esc(t('track.parts.intro'))}</p>\n"
            + p.table(t("track.parts.caption", month=p.last, unit=unit.label), head, rows[:-1],
                      foot=[rows[-1]]))
    return Section("parts", t("track.parts.heading"), body)


def section_drivers(p: TrackPage) -> Section:
    """Each flow's year-to-date gap by driver, per region."""
    t, ds = p.t, p.ds
    flows = [f for f in DRIVERS if f"{f}_drivers_ytd" in ds]
    if not flows:
        return Section("drivers", t("track.drivers.heading"),
                       f"<p>{esc(t('track.drivers.none'))}</p>")
    parts = [f"<p>{esc(t('track.drivers.intro'))}</p>"]
    for flow in flows:
        da = ds[f"{flow}_drivers_ytd"]
        values = da.values[:, -1, :]
        gap = np.where(np.isnan(values).all(axis=1), np.nan, np.nansum(values, axis=1))
        names = [str(n) for n in da[da.dims[-1]].values]
        if flow == "new_claims":
            unit_label = t("track.persons")

            def text(v: float) -> str:
                return num.DASH if not np.isfinite(v) else (
                    ("+" if v > 0 else "") + num.number(v, 0))
        else:
            shown = np.concatenate([values.ravel(), gap])
            unit = num.money_unit(shown[np.isfinite(shown)], p.lang)
            unit_label = unit.label

            def text(v: float, unit: num.MoneyUnit = unit) -> str:
                return p.signed(v, unit)
        head = ([esc(t("reserve.region"))] + [esc(part_label(n, p.lang)) for n in names]
                + [esc(t("track.drivers.gap"))])
        rows = [[Cell(esc(p.name(i)), "th")] + [Cell(esc(text(float(v)))) for v in values[i]]
                + [Cell(esc(text(float(gap[i]))))] for i in [*range(p.regions), p.total]]
        parts.append(p.table(t("track.drivers.caption", flow=part_label(flow, p.lang),
                               month=p.last, unit=unit_label), head, rows[:-1],
                             foot=[rows[-1]]))
    return Section("drivers", t("track.drivers.heading"), "\n".join(parts))


def reproduce_command(ds: xr.Dataset) -> str:
    """The ``fundsim track`` command that reproduces the folder."""
    return (f"fundsim track {ds.attrs.get('results_source', 'RESULTS.nc')} --actuals "
            f"{ds.attrs.get('actuals_source', 'FILE')}")


def section_about(p: TrackPage) -> Section:
    text = esc(p.t("track.about", command="\x00")).replace(
        "\x00", f"<code>{esc(reproduce_command(p.ds))}</code>")
    return Section("about", p.t("about.heading"), f"<p>{text}</p>")


SECTIONS = [section_question, section_gaps, section_chart, section_parts, section_drivers,
            section_about]


def render_track_report(ds: xr.Dataset, lang: str = "zh",
                        sections: Sequence[Any] | None = None, jobs: Jobs | None = None,
                        chart: bytes | None = None) -> str:
    """The report of a ``track`` Dataset as one HTML document (text); its chart ``chart``
    (SVG bytes) or drawn in a forked child of ``jobs`` (by default its own) while the text
    is written."""
    if jobs is None and chart is None:
        with Jobs() as own:
            return render_track_report(ds, lang, sections, own)
    p = TrackPage(ds, lang, jobs, chart)
    t = p.t
    version = str(ds.attrs.get("fundsim_version", ""))
    return page_html(p, (build(p) for build in (sections or SECTIONS)),
                     t("track.title", scenario=ds.attrs.get("scenario", "")),
                     t("track.subtitle", first=p.first, last=p.last, version=version),
                     t("track.note"), version)


def save_track_report(ds: xr.Dataset, folder: Path, lang: str = "zh",
                      jobs: Jobs | None = None, chart: bytes | None = None) -> Path:
    """Render and write the track report into ``folder`` (``report.html`` in Chinese,
    ``report.en.html`` in English), atomically; ``chart`` as for
    :func:`render_track_report`."""
    return write_page(render_track_report(ds, lang, jobs=jobs, chart=chart), folder, lang)
