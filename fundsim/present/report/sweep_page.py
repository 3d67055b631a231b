"""The report of a sweep folder (``sweep.nc``, written by ``fundsim sweep``).

The page asks the sweep's question (which keys over which values, the scenario's own
description), shows the metrics per swept value as a table and as charts (with the 5%–95%
range of the paths when stochastic), the risks when stochastic, and warns where regions fall
below the reserve tests or public finance is needed. Figures are read from ``sweep.nc`` alone;
:func:`sweep_points` gives them as a DataFrame for a notebook.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from fundsim.base.errors import InputError, Problem
from fundsim.law.parameter import Parameter
from fundsim.present import numbers as num
from fundsim.present.charts import panels as charts
from fundsim.present.charts.jobs import Jobs
from fundsim.present.messages import MESSAGES, messages
from fundsim.present.report import language, tables
from fundsim.present.report.folders import read_netcdf, require
from fundsim.present.report.render import (
    _TRAILING_CHINESE,
    Cell,
    Page,
    Section,
    _value,
    esc,
    page_html,
    parameters_body,
    write_page,
)
from fundsim.present.report.scenarios import Descriptions, description_of
from fundsim.present.report.scenarios import current_law as _law
from fundsim.present.report.scenarios import scenario_description as scenario_description
from fundsim.run.record import recorded_parameters, run_record

#: The metrics of CONTRACT.md's sweep.nc (means over paths), the two causes of the fiscal
#: subsidy, and the probabilities of a stochastic sweep.
METRICS = ("returns_paid_total", "lowest_reserve_months", "regions_below_general",
           "regions_below_difficult", "pool_transfer_total", "fiscal_subsidy_total")
CAUSES = ("fiscal_subsidy_returns_total", "fiscal_subsidy_deficit_total")
RISKS = ("p_fail_general", "p_fail_difficult", "p_fiscal")
QUANTILES = (0.05, 0.5, 0.95)
#: At most this many lines (combinations of the keys not on the x axis) per chart.
MAX_LINES = 8
#: Reserve months above this are drawn at it (as in the run report's charts).
CLIP_MONTHS = 60.0


def load_sweep(path: Path) -> xr.Dataset:
    """``sweep.nc`` read and checked to be a fundsim sweep; InputError otherwise."""
    ds = read_netcdf(path, "sweep")
    require(ds, path, "sweep", METRICS,
            ("scenario", "swept", "paths", "general_months", "difficult_months"))
    absent = [key for key in swept_keys(ds) if key not in ds.dims]
    if absent:
        raise InputError([Problem(str(path), "", "swept", "the swept keys "
                                  + ", ".join(absent) + " are not dimensions of the file")])
    return ds


def swept_keys(ds: xr.Dataset) -> list[str]:
    """The swept keys, in the order of the grid."""
    return [k.strip() for k in str(ds.attrs["swept"]).split(",") if k.strip()]


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


def sweep_points(ds: xr.Dataset) -> pd.DataFrame:
    """One row per grid point (C order of the swept keys): the swept values, the metrics
    (means over paths; money in yuan), the probabilities, and with paths the 5%, 50% and 95%
    quantiles over paths as ``<metric>_q05`` / ``_q50`` / ``_q95``."""
    keys = swept_keys(ds)
    grid = list(itertools.product(*(ds[k].values.tolist() for k in keys)))
    frame = pd.DataFrame(grid, columns=keys)
    for name in (*METRICS, *CAUSES, *RISKS):
        if name in ds:
            frame[name] = ds[name].transpose(*keys).values.ravel()
    for name in (*METRICS, *CAUSES):
        if f"{name}_quantile" in ds:
            quantile = ds[f"{name}_quantile"].transpose(*keys, "quantile")
            for q in QUANTILES:
                frame[f"{name}_q{round(q * 100):02d}"] = quantile.sel(quantile=q).values.ravel()
    return frame


def _param(key: str, params: dict[str, Parameter] | None) -> Parameter | None:
    """The parameter ``key`` as the run record keeps it (with its unit), else as current law
    has it."""
    found = (params or {}).get(key)
    return found if found is not None and found.unit else _law().get(key)


def key_label(key: str, lang: str, params: dict[str, Parameter] | None = None) -> str:
    """A key's meaning (its Chinese name in a Chinese report), or the key itself; from
    ``params`` (a run record's) where it has the key, else from current law."""
    param = _param(key, params)
    if param is None:
        return key
    short = _TRAILING_CHINESE.search(param.description) if lang == "zh" else None
    return short[1] if short else language.description(param, lang)


def short_label(key: str, lang: str, params: dict[str, Parameter] | None = None) -> str:
    """A key as a table header or axis reads it: its Chinese name in a Chinese report (the
    name the law's description gives, else the catalogue's ``param.<key>``), the key itself
    in English."""
    param = _param(key, params)
    if lang == "zh" and param is not None:
        found = _TRAILING_CHINESE.search(param.description)
        if found:
            return found[1]
    if lang == "zh" and f"param.{key}" in MESSAGES:
        return messages(lang)(f"param.{key}")
    return key


class SweepPage(Page):
    """What the sweep page's sections get: the sweep, its points, labels for the values."""

    def __init__(self, ds: xr.Dataset, lang: str, jobs: Jobs | None = None,
                 descriptions: Descriptions | None = None):
        super().__init__(ds, lang, jobs)
        self.descriptions = dict(descriptions or {})
        self.keys = swept_keys(ds)
        self.points = sweep_points(ds)
        self.paths = int(ds.attrs.get("paths", 1))
        self.stochastic = self.paths > 1 and "p_fail_general" in ds
        self.general = float(ds.attrs["general_months"])
        self.difficult = float(ds.attrs["difficult_months"])
        self.params = recorded_parameters(ds)
        self.record = run_record(ds)
        self.labels = [self.point_label(row) for _, row in self.points.iterrows()]
        start = self.record.get("start")
        months = self.record.get("months")
        self.first = self.last = ""
        if start and months:
            first = np.datetime64(str(start), "M")
            self.months = np.arange(first, first + int(months)).astype("datetime64[ns]")
            self.first = num.month_label(self.months[0], lang)
            self.last = num.month_label(self.months[-1], lang)
        else:
            self.months = np.array([], dtype="datetime64[ns]")

    # ---- how swept keys and values read ------------------------------------------------
    def unit(self, key: str) -> str | None:
        param = _param(key, self.params)
        return param.unit if param is not None else None

    def key_label(self, key: str) -> str:
        return key_label(key, self.lang, self.params)

    def short_label(self, key: str) -> str:
        return short_label(key, self.lang, self.params)

    def value(self, key: str, value: Any) -> str:
        value = _plain(value)
        if isinstance(value, float) and self.unit(key) is None:
            return f"{value:g}"
        return _value(value, self.unit(key), self)

    def point_label(self, row: pd.Series) -> str:
        """A grid point as text: '60%', or '60% / 不发放 (no_return)' for a grid."""
        return " / ".join(self.value(k, row[k]) for k in self.keys)

    def values_text(self, key: str) -> str:
        """The values of a key: a list, or an even range as 'from, to, step'."""
        values = [_plain(v) for v in self.ds[key].values]
        numeric = all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)
        if numeric and len(values) >= 4:
            steps = np.diff(np.asarray(values, dtype=float))
            if np.allclose(steps, steps[0], rtol=1e-9, atol=1e-12) and steps[0] != 0:
                step = float(steps[0])
                return self.t("sweep.values_range", first=self.value(key, values[0]),
                              last=self.value(key, values[-1]),
                              step=self.value(key, abs(step)), count=len(values))
        return num.join((self.value(key, v) for v in values), self.lang)

    def at(self, column: str, which: str, mask: np.ndarray | None = None
           ) -> tuple[float, str]:
        """The lowest or highest value of a column (among the points ``mask`` picks) and the
        point where it is reached."""
        series = self.points[column] if mask is None else self.points[column][mask]
        index = series.idxmin() if which == "min" else series.idxmax()
        return float(series[index]), self.labels[index]

    def where(self, mask: np.ndarray) -> str:
        """'all 8 values' or '3 of 8 values (80%–100%)'."""
        if mask.all():
            return self.t("sweep.where_all", count=len(mask))
        return self.t("sweep.where_some", found=int(mask.sum()), count=len(mask),
                      points=self.points_where(mask))

    def points_where(self, mask: np.ndarray) -> str:
        """The grid points where ``mask`` holds: consecutive values of a one-key sweep
        collapsed into 'a–b'."""
        chosen = np.flatnonzero(mask)
        if len(self.keys) > 1:
            return num.join((self.labels[i] for i in chosen), self.lang)
        spans: list[tuple[int, int]] = []
        for i in chosen:
            if spans and i == spans[-1][1] + 1:
                spans[-1] = (spans[-1][0], int(i))
            else:
                spans.append((int(i), int(i)))
        return num.join((self.labels[a] if a == b else
                         self.t("range.years", first=self.labels[a], last=self.labels[b])
                         for a, b in spans), self.lang)

    # ---- charts --------------------------------------------------------------------------
    def x_key(self) -> str:
        """The key on the x axis: the numeric key with the most values (else the first)."""
        numeric = [k for k in self.keys
                   if all(isinstance(_plain(v), int | float) and not isinstance(_plain(v), bool)
                          for v in self.ds[k].values)]
        return max(numeric, key=lambda k: self.ds.sizes[k]) if numeric else self.keys[0]

    def x_axis(self, key: str) -> charts.XAxis:
        values = [_plain(v) for v in self.ds[key].values]
        numeric = all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)
        label = self.short_label(key)
        label = self.t("sweep.key_axis", label=label, key=key) if label != key else key
        if numeric:
            return charts.XAxis(np.asarray(values, dtype=float), label,
                                percent=self.unit(key) == "share")
        return charts.XAxis(np.arange(len(values)), label,
                            labels=[self.value(key, v) for v in values])

    def lines(self, name: str, x_key: str, scale: float = 1.0, band: bool = True
              ) -> list[charts.Line]:
        """One line per combination of the keys not on the x axis (at most MAX_LINES)."""
        others = [k for k in self.keys if k != x_key]
        combos = list(itertools.product(*(self.ds[k].values.tolist() for k in others)))
        out = []
        for combo in combos[:MAX_LINES]:
            selection = dict(zip(others, combo, strict=True))
            view = self.ds.sel(selection) if selection else self.ds
            label = (" / ".join(self.t("sweep.chart.line", key=self.short_label(k),
                                       value=self.value(k, v)) for k, v in selection.items())
                     if selection
                     else self.t("sweep.chart.mean", paths=self.paths) if self.stochastic
                     else self.t("sweep.chart.value"))
            y = view[name].transpose(x_key).values / scale
            low = high = None
            if band and self.stochastic and f"{name}_quantile" in view:
                q = view[f"{name}_quantile"].transpose(x_key, "quantile")
                low = q.sel(quantile=0.05).values / scale
                high = q.sel(quantile=0.95).values / scale
            out.append(charts.Line(label, y, low, high))
        return out

    def chart_title(self, what: str) -> str:
        note = self.t("sweep.chart.paths_note", paths=self.paths) if self.stochastic else ""
        return self.t("sweep.chart.title", what=what, scenario=self.ds.attrs["scenario"],
                      note=note)

    def lines_note(self, x_key: str) -> str:
        """Said in a caption when the chart shows only some combinations."""
        others = [k for k in self.keys if k != x_key]
        count = int(np.prod([self.ds.sizes[k] for k in others])) if others else 1
        if count > MAX_LINES:
            return self.t("sweep.chart.lines_cut", shown=MAX_LINES, count=count)
        return ""


def _range(p: SweepPage, column: str, text: Any, mask: np.ndarray | None = None
           ) -> tuple[str, str]:
    """Lowest and highest of a column (among the points ``mask`` picks) as text, with the
    point where each is reached."""
    low, low_at = p.at(column, "min", mask)
    high, high_at = p.at(column, "max", mask)
    return (p.t("sweep.at", value=text(low), at=low_at),
            p.t("sweep.at", value=text(high), at=high_at))


def _point(p: SweepPage, what: str, column: str, text: Any) -> str:
    series = p.points[column]
    if np.isclose(series.min(), series.max(), rtol=1e-9, atol=1e-9):
        return p.t("sweep.point_same", what=what, value=text(float(series.iloc[0])))
    low, high = _range(p, column, text)
    return p.t("sweep.point_range", what=what, low=low, high=high)


# ------------------------------------------------------------------------------ sections


def section_question(p: SweepPage) -> Section:
    """Which keys were swept over which values, the scenario's description, the facts."""
    t, ds = p.t, p.ds
    if len(p.keys) == 1:
        key = p.keys[0]
        question = t("sweep.question_one", label=p.key_label(key), key=key,
                     values=p.values_text(key), count=len(p.points))
        parts = [f"<p>{esc(question)}</p>"]
    else:
        items = "".join(f"<li><code>{esc(k)}</code> {esc(p.key_label(k))}: "
                        f"{esc(p.values_text(k))}</li>" for k in p.keys)
        parts = [f"<p>{esc(t('sweep.question_grid', keys=len(p.keys), count=len(p.points)))}"
                 f"</p>", f"<ul>{items}</ul>"]
    parts.append(f"<p>{esc(t('sweep.question_held'))}</p>")
    description = (tables.read_record(ds).get(f"description_{p.lang}")
                   or description_of(str(ds.attrs.get("scenario_source") or ""), p.descriptions,
                                     p.lang))
    parts.append(f"<blockquote><p>{language.cited_html(description)}</p></blockquote>"
                 if description
                 else f"<p>{esc(t('sweep.no_description'))}</p>")
    paths = (t("fact.paths_one") if p.paths <= 1
             else t("sweep.fact.paths_many", paths=p.paths, seed=int(ds.attrs.get("seed", 0))))
    facts = [
        ("fact.scenario", esc(ds.attrs.get("scenario", ""))),
        ("fact.source", f"<code>{esc(ds.attrs.get('scenario_source', ''))}</code>"),
    ]
    if p.first:
        facts.append(("fact.period", esc(t("fact.period_value", first=p.first, last=p.last,
                                             months=len(p.months)))))
    facts += [
        ("sweep.fact.points", esc(len(p.points))),
        ("fact.paths", esc(paths)),
        ("fact.tests", esc(t("fact.tests_value", general=p.g(p.general),
                               difficult=p.g(p.difficult)))),
        ("fact.data", f"<code>{esc(p.record.get('data', ''))}</code>"),
        ("fact.version", esc(ds.attrs.get("fundsim_version", ""))),
    ]
    items = "\n".join(f"<dt>{esc(t(k))}</dt><dd>{v}</dd>" for k, v in facts)
    parts.append(f"<h3>{esc(t('question.facts'))}</h3>\n<dl class=\"facts\">\n{items}\n</dl>")
    return Section("question", t("sweep.question.heading"), "\n".join(parts))


def _mark(p: SweepPage, months: float) -> tuple[str, str]:
    """Marker, hidden text and class of a reserve figure below the tests (as the run's)."""
    for level, cls, key in ((p.general, "fail-general", "reserve.below_general"),
                            (p.difficult, "fail-difficult", "reserve.below_difficult")):
        if months < level:
            marker = "▼" if cls == "fail-general" else "▽"
            hidden = p.t(key, months=p.g(level))
            return (f'<span class="mark" aria-hidden="true">{marker}</span>'
                    f"{esc(num.months(months))}"
                    f'<span class="visually-hidden"> ({esc(hidden)})</span>', cls)
    return esc(num.months(months)), ""


def count_cells(values: Sequence[float]) -> list[Cell]:
    """Counts (means over paths) sharing one number of decimals: 0, or 1 when any is
    fractional."""
    array = np.asarray(values, dtype=float)
    fractional = np.isfinite(array) & (np.abs(array - np.round(array)) >= 0.05)
    decimals = 1 if fractional.any() else 0
    return [Cell(esc(num.number(v, decimals))) for v in array]


def _key_header(p: SweepPage) -> str:
    return esc(" / ".join(p.short_label(k) for k in p.keys))


def section_headline(p: SweepPage) -> Section:
    """Key points in sentences, then the metrics per swept value."""
    t, points = p.t, p.points
    money = p.money
    findings = [
        _point(p, t("sweep.what.returns"), "returns_paid_total", money),
        _point(p, t("sweep.what.pool"), "pool_transfer_total", money),
        _point(p, t("sweep.what.fiscal"), "fiscal_subsidy_total", money),
        _point(p, t("sweep.what.below_general", months=p.g(p.general)),
               "regions_below_general", num.count),
        _point(p, t("sweep.what.lowest"), "lowest_reserve_months", num.months),
    ]
    if p.stochastic:
        findings.append(_point(p, t("sweep.what.p_fail_general", months=p.g(p.general)),
                               "p_fail_general", num.share))
    listing = "\n".join(f"<li>{esc(f)}</li>" for f in findings)
    money_columns = [("returns_paid_total", "headline.returns_paid"),
                     ("pool_transfer_total", "headline.pool_transfer"),
                     ("fiscal_subsidy_total", "sweep.col.fiscal")]
    money_columns += [(name, message) for name, message in (
        ("fiscal_subsidy_returns_total", "headline.fiscal_returns"),
        ("fiscal_subsidy_deficit_total", "headline.fiscal_deficit")) if name in points]
    head = [_key_header(p)]
    cells: dict[str, list[Cell]] = {}
    for name, message in money_columns:
        unit = num.money_unit(points[name].to_numpy(dtype=float), p.lang)
        head.append(esc(t(message, unit=unit.label)))
        cells[name] = [Cell(esc(unit.format(v))) for v in points[name]]
    head += [esc(t("sweep.col.lowest")),
             esc(t("headline.below_general", months=p.g(p.general))),
             esc(t("headline.below_difficult", months=p.g(p.difficult)))]
    below_general = count_cells(points["regions_below_general"])
    below_difficult = count_cells(points["regions_below_difficult"])
    rows = []
    for i, label in enumerate(p.labels):
        marked, cls = _mark(p, float(points["lowest_reserve_months"].iloc[i]))
        rows.append([Cell(esc(label), "th")] + [cells[name][i] for name, _ in money_columns]
                    + [Cell(marked, cls=cls), below_general[i], below_difficult[i]])
    caption = (t("sweep.table_caption_paths", paths=p.paths) if p.paths > 1
               else t("sweep.table_caption"))
    body = (f"<h3>{esc(t('findings.heading'))}</h3>\n<ul class=\"points\">\n{listing}\n</ul>\n"
            + p.table(caption, head, rows,
                      note=t("sweep.table_note") + " "
                      + t("reserve.legend", general=p.g(p.general), difficult=p.g(p.difficult))))
    return Section("headline", t("headline.heading"), body)


def section_warnings(p: SweepPage) -> Section:
    """Values where regions fall below the tests or public finance is needed, and the run
    record's parameter warnings (those of the swept keys do not apply: the sweep sets them)."""
    t, points = p.t, p.points
    items: list[tuple[str, str]] = []
    for column, months, key in (("regions_below_general", p.general, "sweep.warn.below"),
                                ("regions_below_difficult", p.difficult, "sweep.warn.below")):
        mask = points[column].to_numpy() > 0
        if mask.any():
            low, high = _range(p, column, num.count, mask)
            items.append(("tests", t(key, months=p.g(months), where=p.where(mask), low=low,
                                     high=high)))
    for column, key in (("fiscal_subsidy_returns_total", "sweep.warn.fiscal_returns"),
                        ("fiscal_subsidy_deficit_total", "sweep.warn.fiscal_deficit"),
                        ("fiscal_subsidy_total", "sweep.warn.fiscal")):
        if column not in points:
            continue
        if column == "fiscal_subsidy_total" and all(c in points for c in CAUSES):
            continue  # the two causes said it already
        mask = points[column].to_numpy() > tables.NEGLIGIBLE_YUAN
        if mask.any():
            low, high = _range(p, column, p.money, mask)
            items.append(("fiscal", t(key, where=p.where(mask), low=low, high=high)))
    if p.stochastic:
        for column, key in (("p_fail_general", "sweep.what.p_fail_general"),
                            ("p_fiscal", "sweep.what.p_fiscal")):
            if column in points and (points[column] > 0).any():
                items.append(("risk", _point(p, t(key, months=p.g(p.general)), column,
                                             num.share)))
    for warning in tables.record_warnings(p.ds):
        if warning["kind"] == "past_end":
            if warning["key"] in p.keys:
                continue
            text = t("warnings.past_end", key=warning["key"], start=warning["start"],
                     end=warning["end"], until=warning["until"])
        else:
            text = t("warnings.other", text=warning["text"])
        items.append(("parameters", text))
    if not items:
        return Section("warnings", t("warnings.heading"), f"<p>{esc(t('sweep.warn.none'))}</p>")
    parts = ['<div class="warnings">']
    for group in ("tests", "fiscal", "risk", "parameters"):
        entries = [text for g, text in items if g == group]
        if entries:
            parts.append(f"<h3>{esc(t('sweep.warn.group.' + group))}</h3>")
            parts.append("<ul>" + "".join(f"<li>{esc(e)}</li>" for e in entries) + "</ul>")
    parts.append("</div>")
    return Section("warnings", t("warnings.heading"), "\n".join(parts))


def _money_panel(p: SweepPage, name: str, title: str, x_key: str) -> charts.Panel:
    values = [p.ds[name].values.ravel()]
    if p.stochastic and f"{name}_quantile" in p.ds:
        values.append(p.ds[f"{name}_quantile"].values.ravel())
    unit = num.money_unit(np.concatenate(values), p.lang)
    return charts.Panel(title, p.t("sweep.chart.money_axis", unit=unit.label),
                        p.lines(name, x_key, unit.scale))


def _span(p: SweepPage, column: str, text: Any) -> str:
    series = p.points[column]
    return p.t("sweep.alt.span", low=text(float(series.min())), high=text(float(series.max())))


def section_charts(p: SweepPage) -> Section:
    """The metrics against the swept value: money, reserves and regions below the tests."""
    t = p.t
    x_key = p.x_key()
    x = p.x_axis(x_key)
    band = t("sweep.chart.band") if p.stochastic else None
    general_label = t("plot.reserve.general_short", months=p.g(p.general))
    difficult_label = t("plot.reserve.general_short", months=p.g(p.difficult))
    money_panels = [_money_panel(p, "returns_paid_total", t("sweep.chart.returns"), x_key),
                    _money_panel(p, "pool_transfer_total", t("sweep.chart.pool"), x_key),
                    _money_panel(p, "fiscal_subsidy_total", t("sweep.chart.fiscal"), x_key)]
    reserve_panels = [
        charts.Panel(t("sweep.chart.lowest"),
                     t("plot.reserve.ylabel", clip=f"{CLIP_MONTHS:g}"),
                     p.lines("lowest_reserve_months", x_key),
                     [(p.general, general_label, "general"),
                      (p.difficult, difficult_label, "difficult")],
                     top=max(CLIP_MONTHS if np.nanmax(p.points["lowest_reserve_months"])
                             > CLIP_MONTHS else 0.0, p.difficult * 1.3,
                             float(np.nanmax(p.points["lowest_reserve_months"])) * 1.1)),
        charts.Panel(t("sweep.chart.below", months=p.g(p.general)), t("sweep.chart.regions"),
                     p.lines("regions_below_general", x_key), integer=True),
        charts.Panel(t("sweep.chart.below", months=p.g(p.difficult)), t("sweep.chart.regions"),
                     p.lines("regions_below_difficult", x_key), integer=True),
    ]
    how = t("sweep.alt.bands", paths=p.paths) if p.stochastic else ""
    cut = p.lines_note(x_key)
    money_alt = t("sweep.alt.money", x=x.label,
                  returns=_span(p, "returns_paid_total", p.money),
                  pool=_span(p, "pool_transfer_total", p.money),
                  fiscal=_span(p, "fiscal_subsidy_total", p.money), how=how)
    reserve_alt = t("sweep.alt.reserve", x=x.label, general=p.g(p.general),
                    difficult=p.g(p.difficult),
                    lowest=_span(p, "lowest_reserve_months", num.months),
                    below_general=_span(p, "regions_below_general", num.count),
                    below_difficult=_span(p, "regions_below_difficult", num.count), how=how)
    body = "\n".join([
        p.embed(p.draw(lambda: charts.svg(lambda: charts.line_panels(
            p.chart_title(t("sweep.chart.money_title")), x, money_panels, band_label=band))),
            "sweep-money", t("sweep.caption.money") + cut, money_alt),
        p.embed(p.draw(lambda: charts.svg(lambda: charts.line_panels(
            p.chart_title(t("sweep.chart.reserve_title")), x, reserve_panels,
            band_label=band))), "sweep-reserve", t("sweep.caption.reserve", general=p.g(p.general),
                               difficult=p.g(p.difficult)) + cut, reserve_alt),
    ])
    return Section("charts", t("sweep.charts.heading"), body, new_page=True)


def section_risk(p: SweepPage) -> Section | None:
    """With paths: the probabilities per swept value, as a table and a chart."""
    if not p.stochastic:
        return None
    t, points = p.t, p.points
    present = [(c, m) for c, m in (("p_fail_general", "sweep.col.p_fail_general"),
                                   ("p_fail_difficult", "sweep.col.p_fail_difficult"),
                                   ("p_fiscal", "sweep.col.p_fiscal")) if c in points]
    head = [_key_header(p)] + [esc(t(m, months=p.g(p.general if "difficult" not in c
                                                   else p.difficult))) for c, m in present]
    quantiles = all(f"fiscal_subsidy_total_q{q}" in points for q in ("50", "95"))
    fiscal_cells: dict[str, list[Cell]] = {}
    if quantiles:
        for q in ("50", "95"):
            column = f"fiscal_subsidy_total_q{q}"
            unit = num.money_unit(points[column].to_numpy(dtype=float), p.lang)
            head.append(esc(t(f"sweep.col.fiscal_q{q}", unit=unit.label)))
            fiscal_cells[q] = [Cell(esc(unit.format(v))) for v in points[column]]
    ranged = all(f"regions_below_general_q{q}" in points for q in ("05", "95"))
    if ranged:
        head.append(esc(t("sweep.col.below_range", months=p.g(p.general))))
    rows = []
    for i, label in enumerate(p.labels):
        row = points.iloc[i]
        cells = [Cell(esc(label), "th")]
        cells += [Cell(esc(num.share(row[c])), cls="fail-general" if row[c] >= 0.5 else "")
                  for c, _ in present]
        if quantiles:
            cells += [fiscal_cells["50"][i], fiscal_cells["95"][i]]
        if ranged:
            cells.append(Cell(esc(t("sweep.range", low=num.count(
                row["regions_below_general_q05"]), high=num.count(
                row["regions_below_general_q95"])))))
        rows.append(cells)
    table = p.table(t("sweep.risk.caption", paths=p.paths), head, rows,
                    note=t("sweep.risk.note", months=p.g(p.general)))
    x_key = p.x_key()
    x = p.x_axis(x_key)
    panels = [charts.Panel(t(m, months=p.g(p.general if "difficult" not in c else p.difficult)),
                           t("sweep.chart.probability"), p.lines(c, x_key, band=False),
                           percent=True) for c, m in present]
    alt = t("sweep.alt.risk", x=x.label, paths=p.paths, items=num.join(
        (f"{t(m, months=p.g(p.general if 'difficult' not in c else p.difficult))} "
         + _span(p, c, num.share) for c, m in present), p.lang))
    figure = p.embed(p.draw(lambda: charts.svg(lambda: charts.line_panels(
        p.chart_title(t("sweep.chart.risk_title")), x, panels))), "sweep-risk",
        t("sweep.caption.risk", paths=p.paths) + p.lines_note(x_key), alt)
    return Section("risk", t("sweep.risk.heading"), figure + "\n" + table, new_page=True)


def section_parameters(p: SweepPage) -> Section | None:
    """The scenario's parameters in force (the swept keys left out: they take the values
    above) with their sources, and the assumptions."""
    if not p.record or not len(p.months):
        return None
    found = tables.parameters_in_force(p.ds, p.record)
    body = (f"<p>{esc(p.t('sweep.params_note', keys=num.join(p.keys, p.lang)))}</p>\n"
            + parameters_body(p, found, skip=p.keys))
    return Section("parameters", p.t("params.heading"), body, new_page=True)


def _command_value(value: Any) -> str:
    value = _plain(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return f"{value:g}" if isinstance(value, float) else str(value)


def reproduce_command(ds: xr.Dataset) -> str:
    """The ``fundsim sweep`` command that reproduces the sweep (as far as the file says)."""
    parts = ["fundsim sweep", str(ds.attrs.get("scenario_source") or ds.attrs["scenario"])]
    for key in swept_keys(ds):
        parts.append(f"--set {key}=" + ",".join(_command_value(v) for v in ds[key].values))
    if int(ds.attrs.get("paths", 1)) > 1:
        parts.append(f"--paths {int(ds.attrs['paths'])} --seed {int(ds.attrs.get('seed', 0))}")
    return " ".join(parts)


def section_about(p: SweepPage) -> Section:
    text = esc(p.t("sweep.about", command="\x00")).replace(
        "\x00", f"<code>{esc(reproduce_command(p.ds))}</code>")
    return Section("about", p.t("about.heading"), f"<p>{text}</p>")


SECTIONS = [section_question, section_headline, section_warnings, section_charts,
            section_risk, section_parameters, section_about]


def render_sweep_report(ds: xr.Dataset, lang: str = "zh",
                        sections: Sequence[Any] | None = None, jobs: Jobs | None = None,
                        descriptions: Descriptions | None = None) -> str:
    """The report of a sweep's Dataset (``sweep.nc``) as one HTML document (text); its
    charts drawn side by side in forked children of ``jobs`` (by default its own) while the
    text is written; ``descriptions`` as :func:`start_descriptions` gives them."""
    if jobs is None:
        with Jobs() as own:
            return render_sweep_report(ds, lang, sections, own, descriptions)
    p = SweepPage(ds, lang, jobs, descriptions)
    t = p.t
    version = str(ds.attrs.get("fundsim_version", ""))
    keys = num.join((p.short_label(k) for k in p.keys), lang)
    subtitle = (t("sweep.subtitle", keys=keys, count=len(p.points), first=p.first,
                  last=p.last, version=version) if p.first
                else t("sweep.subtitle_no_period", keys=keys, count=len(p.points),
                       version=version))
    return page_html(p, (build(p) for build in (sections or SECTIONS)),
                     t("sweep.title", scenario=ds.attrs["scenario"]), subtitle,
                     t("report.illustrative_folder"), version)


def save_sweep_report(ds: xr.Dataset, folder: Path, lang: str = "zh",
                      jobs: Jobs | None = None, descriptions: Descriptions | None = None
                      ) -> Path:
    """Render and write the sweep's report into ``folder`` (``report.html`` in Chinese,
    ``report.en.html`` in English), atomically; ``jobs`` and ``descriptions`` as for
    :func:`render_sweep_report`."""
    return write_page(render_sweep_report(ds, lang, jobs=jobs, descriptions=descriptions),
                      folder, lang)
