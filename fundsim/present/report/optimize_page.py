"""The report of an optimiser's folder (``optimize.nc``, written by ``fundsim optimize``): the
best setting of the levers with its standard errors, the constraints at it and which bind, the
trade-off curve as a chart and a table. Figures come from ``optimize.nc`` alone."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import xarray as xr

from fundsim.present.charts.jobs import Jobs
from fundsim.present.charts.optimize import plot_tradeoff
from fundsim.present.report.folders import read_netcdf, require
from fundsim.present.report.render import Cell, Page, Section, esc, page_html, write_page
from fundsim.run.optimize import ATTRIBUTES, MEASURES, answer, front_table

#: At most this many settings of the trade-off curve in its table.
FRONT_ROWS = 15


def load_optimize(path: Path) -> xr.Dataset:
    """``optimize.nc`` read and checked; InputError otherwise."""
    ds = read_netcdf(path, "optimize")
    require(ds, path, "optimize", ("on_front", "best"), ATTRIBUTES, dims=("setting",))
    return ds


def _figure(value: float | None, measure: str) -> str:
    """A measure's value as read: probabilities in %, money in yuan with separators."""
    if value is None:
        return "—"
    unit = MEASURES.get(measure, (None, "", ""))[1]
    if unit == "probability":
        return f"{value:.1%}"
    return f"{value:,.2f}" if abs(value) < 100 else f"{value:,.0f}"


class OptimizePage(Page):
    def __init__(self, ds: xr.Dataset, lang: str, jobs: Jobs | None = None):
        super().__init__(ds, lang, jobs)
        self.answer = answer(ds)


def section_answer(p: OptimizePage) -> Section:
    t, a = p.t, p.answer
    if a["best"] is None:
        body = f"<p><strong>{esc(t('optimize.none', evaluations=a['evaluations']))}</strong></p>"
        return Section("answer", t("optimize.answer.heading"), body)
    objective = str(a["objective"])
    text = t("optimize.answer", objective=objective, value=_figure(a["value"], objective),
             se=_figure(a["se"], objective))
    levers = [[Cell(f"<code>{esc(key)}</code>", "th"),
               Cell(esc(f"{low:g} – {high:g}")), Cell(esc(f"{a['best'][key]:.4f}"))]
              for key, (low, high) in a["levers"].items()]
    limits = [[Cell(f"<code>{esc(c['text'])}</code>", "th"),
               Cell(esc(f"{_figure(c['mean'], c['measure'])} ({_figure(c['se'], c['measure'])})")),
               Cell(esc(t("optimize.binding.yes" if c["binding"] else "optimize.binding.no")))]
              for c in a["constraints"]]
    body = (f'<p class="answer"><strong>{esc(text)}</strong></p>\n'
            + p.table(t("optimize.levers_caption"), [esc(t("optimize.head.lever")),
                      esc(t("optimize.head.range")), esc(t("optimize.head.best"))], levers))
    if limits:
        body += "\n" + p.table(t("optimize.constraints_caption"),
                               [esc(t("optimize.head.constraint")),
                                esc(t("optimize.head.value")),
                                esc(t("optimize.head.binding"))], limits)
    return Section("answer", t("optimize.answer.heading"), body)


def section_front(p: OptimizePage) -> Section:
    t, a = p.t, p.answer
    objective, risk = str(a["objective"]), str(a["risk_measure"])
    text = t("optimize.front.text", evaluations=a["evaluations"], objective=objective, risk=risk)
    chart = p.draw(lambda: plot_tradeoff(p.ds) or b"")
    front = front_table(p.ds)
    keys = list(a["levers"])
    shown = front.head(FRONT_ROWS)
    rows = [[*(Cell(esc(f"{row[k]:.4f}")) for k in keys),
             Cell(esc(_figure(float(row[objective]), objective))),
             Cell(esc(_figure(float(row[risk]), risk)))] for _, row in shown.iterrows()]
    head = [f"<code>{esc(k)}</code>" for k in keys] + [esc(objective), esc(risk)]
    body = (f"<p>{esc(text)}</p>\n"
            + p.embed(chart, "tradeoff", t("optimize.chart_caption"), t("optimize.chart_alt"))
            + "\n" + p.table(t("optimize.front_caption"), head, rows))
    return Section("front", t("optimize.front.heading"), body)


def section_about(p: OptimizePage) -> Section:
    a = p.answer
    text = p.t("optimize.about", generations=a["generations"], evaluations=a["evaluations"])
    return Section("about", p.t("about.heading"), f"<p>{esc(text)}</p>")


SECTIONS = [section_answer, section_front, section_about]


def render_optimize_report(ds: xr.Dataset, lang: str = "zh",
                           sections: Sequence[Any] | None = None,
                           jobs: Jobs | None = None) -> str:
    """The optimiser's report as one HTML document (text); its chart drawn in a forked child
    of ``jobs`` (by default its own) while the text is written."""
    from fundsim.base.version import __version__

    if jobs is None:
        with Jobs() as own:
            return render_optimize_report(ds, lang, sections, own)
    p = OptimizePage(ds, lang, jobs)
    t = p.t
    return page_html(p, (build(p) for build in (sections or SECTIONS)),
                     t("optimize.title", scenario=ds.attrs.get("scenario", "")),
                     t("optimize.subtitle", objective=ds.attrs["objective"],
                       paths=f"{int(ds.attrs['paths']):,}", version=__version__),
                     t("report.illustrative_folder"), __version__)


def save_optimize_report(ds: xr.Dataset, folder: Path, lang: str = "zh",
                         jobs: Jobs | None = None) -> Path:
    """Render and write the optimiser's report into ``folder``, atomically."""
    return write_page(render_optimize_report(ds, lang, jobs=jobs), folder, lang)
