"""The report of a frontier folder (``frontier.nc``, written by ``fundsim frontier``).

The page gives the answer in one sentence (the highest return ratio keeping the general
reserve test with the chosen probability, or that no ratio does), the regions excluded because
no ratio can save them, the Monte Carlo curve with the target and the frontier marked, each
region's risk along the curve, and how precise the search was (tolerance, evaluations).
Figures come from ``frontier.nc`` alone; :func:`frontier_answer` and :func:`frontier_curve`
give them as plain data for a notebook.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from fundsim.law.parameter import Parameter
from fundsim.present import numbers as num
from fundsim.present.charts import panels as charts
from fundsim.present.charts.jobs import Jobs
from fundsim.present.report import language
from fundsim.present.report.folders import read_netcdf, require
from fundsim.present.report.render import Cell, Page, Section, esc, page_html, write_page
from fundsim.present.report.sweep_page import key_label, short_label

#: The answer, as ``save_frontier`` writes it into the file's attributes.
ATTRIBUTES = ("key", "probability", "scope", "frontier_ratio", "achieved_probability",
              "tolerance", "excluded_regions", "evaluations")
#: At most this many ratios as columns of the table of regions' risks.
MAX_RATIO_COLUMNS = 11


def load_frontier(path: Path) -> xr.Dataset:
    """``frontier.nc`` read and checked to be a fundsim frontier; InputError otherwise."""
    ds = read_netcdf(path, "frontier")
    require(ds, path, "frontier", ("probability",), ATTRIBUTES, dims=("ratio",))
    return ds


def _number(value: Any) -> float | None:
    value = float(value)
    return None if math.isnan(value) else value


def frontier_answer(ds: xr.Dataset) -> dict[str, Any]:
    """The answer and what it rests on: ``key``, ``target`` (probability), ``scope``,
    ``ratio`` (None: no ratio in the range meets the target), ``achieved`` (the estimated
    probability at that ratio), ``tolerance``, ``evaluations``, ``excluded`` (regions, as
    'code name'), the searched range ``low``–``high`` and the probability at ``low``."""
    curve = ds["probability"]
    ratios = ds["ratio"].values
    return {
        "key": str(ds.attrs["key"]),
        "target": float(ds.attrs["probability"]),
        "scope": str(ds.attrs["scope"]),
        "ratio": _number(ds.attrs["frontier_ratio"]),
        "achieved": _number(ds.attrs["achieved_probability"]),
        "tolerance": float(ds.attrs["tolerance"]),
        "evaluations": int(ds.attrs["evaluations"]),
        "excluded": [r for r in str(ds.attrs["excluded_regions"]).splitlines() if r.strip()],
        "low": float(ratios.min()),
        "high": float(ratios.max()),
        "p_low": float(curve.sel(ratio=ratios.min()).values),
    }


def frontier_curve(ds: xr.Dataset) -> pd.DataFrame:
    """The Monte Carlo curve: per ratio, the probability of keeping the test and whether it
    meets the target."""
    target = float(ds.attrs["probability"])
    frame = pd.DataFrame({"ratio": ds["ratio"].values, "probability": ds["probability"].values})
    frame["meets"] = frame["probability"] >= target
    return frame


def region_risk(ds: xr.Dataset, columns: int = MAX_RATIO_COLUMNS) -> pd.DataFrame:
    """Region × ratio (at most ``columns`` ratios, evenly chosen along the curve): the
    probability that the region falls below the general test at an assessment after the
    first. Empty when the file has no ``region_fail_probability``."""
    if "region_fail_probability" not in ds:
        return pd.DataFrame()
    risk = ds["region_fail_probability"].transpose("region", "ratio")
    n = risk.sizes["ratio"]
    picks = np.unique(np.round(np.linspace(0, n - 1, min(columns, n))).astype(int))
    chosen = risk.isel(ratio=picks)
    names = (ds["region_name"].values if "region_name" in ds.coords
             else ds["region"].values)
    return pd.DataFrame(chosen.values, index=pd.Index([f"{c} {m}" for c, m in zip(
        ds["region"].values, names, strict=True)], name="region"),
        columns=chosen["ratio"].values.tolist())


def _labelled(region: str, lang: str) -> str:
    """'150100 呼和浩特市' as a page in ``lang`` names it ('150100 Huhehaote Shi (呼和浩特市)')."""
    code, _, name = region.partition(" ")
    return f"{code} {language.region_name(name, lang)}" if name else region


class FrontierPage(Page):
    """What the frontier page's sections get."""

    def __init__(self, ds: xr.Dataset, lang: str, jobs: Jobs | None = None,
                 params: Callable[[], dict[str, Parameter]] | None = None):
        super().__init__(ds, lang, jobs)
        self.answer = frontier_answer(ds)
        self.curve = frontier_curve(ds)
        a = self.answer
        found = params() if params is not None else None
        self.label = key_label(a["key"], lang, found)
        self.short = short_label(a["key"], lang, found)
        self.what = (self.t("sweep.key_axis", label=self.short, key=a["key"])
                     if self.short != a["key"] else a["key"])
        self.scope_text = self.t(f"frontier.scope.{a['scope']}")

    def ratio(self, value: float) -> str:
        """A return ratio as a percentage, to a tenth of a point: '84.7%'."""
        return num.share(round(value, 3))

    def sentence(self) -> str:
        """The answer in one sentence."""
        a, t = self.answer, self.t
        if a["ratio"] is None:
            return t("frontier.none", what=self.what, scope=self.scope_text,
                     target=num.share(a["target"]), low=self.ratio(a["low"]),
                     high=self.ratio(a["high"]), p_low=num.share(a["p_low"]))
        text = t("frontier.answer", what=self.what, scope=self.scope_text,
                 target=num.share(a["target"]), ratio=self.ratio(a["ratio"]),
                 achieved=num.share(a["achieved"]))
        if a["ratio"] >= a["high"]:
            text += t("frontier.at_top", high=self.ratio(a["high"]))
        return text

    def above(self) -> str | None:
        """Said when points of the curve above the reported ratio also meet the target: the
        estimate is a step function of the ratio, not strictly decreasing, and the search
        reports the highest ratio its own bracketing evaluated."""
        a = self.answer
        if a["ratio"] is None:
            return None
        curve = self.curve
        above = curve[(curve["ratio"] > a["ratio"]) & curve["meets"]]
        if above.empty:
            return None
        return self.t("frontier.above", ratios=num.join(
            (f"{self.ratio(r)} ({num.share(q)})" for r, q in
             zip(above["ratio"], above["probability"], strict=True)), self.lang),
            ratio=self.ratio(a["ratio"]))


def section_answer(p: FrontierPage) -> Section:
    """The answer in one sentence, then the facts it rests on."""
    t, a = p.t, p.answer
    answer = f'<p class="answer"><strong>{esc(p.sentence())}</strong></p>'
    points = [(t("frontier.fact.key"), f"<code>{esc(a['key'])}</code> {esc(p.label)}"),
              (t("frontier.fact.scope"), esc(p.scope_text)),
              (t("frontier.fact.target"), esc(num.share(a["target"]))),
              (t("frontier.fact.ratio"), esc(p.ratio(a["ratio"]) if a["ratio"] is not None
                                              else t("frontier.no_ratio"))),
              (t("frontier.fact.achieved"), esc(num.share(a["achieved"]))
               if a["achieved"] is not None else num.DASH),
              (t("frontier.fact.range"), esc(t("frontier.range", low=p.ratio(a["low"]),
                                                high=p.ratio(a["high"])))),
              (t("frontier.fact.tolerance"), esc(t("frontier.tolerance_value",
                                                    points=f"{a['tolerance'] * 100:g}"))),
              (t("frontier.fact.evaluations"), esc(num.count(a["evaluations"]))),
              (t("frontier.fact.excluded"), esc(num.count(len(a["excluded"]))))]
    # written only by a fundsim that records them (the frontier.nc of 0.2.0 does not)
    if "scenario" in p.ds.attrs:
        points.insert(0, (t("fact.scenario"), esc(p.ds.attrs["scenario"])))
    if "paths" in p.ds.attrs:
        points.append((t("fact.paths"), esc(t("frontier.paths", paths=int(p.ds.attrs["paths"]),
                                                 seed=int(p.ds.attrs.get("seed", 0))))))
    items = "\n".join(f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in points)
    above = p.above()
    if above:
        answer += f"\n<p>{esc(above)}</p>"
    body = (f"{answer}\n<p>{esc(t('frontier.method'))}</p>\n"
            f"<h3>{esc(t('frontier.facts'))}</h3>\n<dl class=\"facts\">\n{items}\n</dl>")
    return Section("answer", t("frontier.answer.heading"), body)


def section_excluded(p: FrontierPage) -> Section:
    """The regions left out of the search because no ratio can save them."""
    t, a = p.t, p.answer
    if a["scope"] == "province":
        body = f"<p>{esc(t('frontier.excluded_province'))}</p>"
    elif a["excluded"]:
        items = "".join(f"<li>{esc(_labelled(region, p.lang))}</li>" for region in a["excluded"])
        intro = t("frontier.excluded_intro", count=len(a["excluded"]),
                  target=num.share(a["target"]), fail=num.share(1 - a["target"]))
        body = f'<p>{esc(intro)}</p>\n<div class="warnings"><ul>{items}</ul></div>'
    else:
        body = f"<p>{esc(t('frontier.excluded_none'))}</p>"
    return Section("excluded", t("frontier.excluded.heading"), body)


def section_curve(p: FrontierPage) -> Section:
    """The curve with the target and the frontier marked, and the curve as a table."""
    t, a, curve = p.t, p.answer, p.curve
    ratio_text = p.ratio(a["ratio"]) if a["ratio"] is not None else None
    alt = t("frontier.alt", count=len(curve), low=p.ratio(a["low"]), high=p.ratio(a["high"]),
            p_low=num.share(float(curve["probability"].iloc[0])),
            p_high=num.share(float(curve["probability"].iloc[-1])),
            target=num.share(a["target"]),
            frontier=(t("frontier.alt_ratio", ratio=ratio_text) if ratio_text
                      else t("frontier.alt_none")))
    figure = p.embed(p.draw(lambda: charts.svg(lambda: charts.frontier_figure(
        t("frontier.chart.title", scope=p.scope_text), curve["ratio"].to_numpy(),
        curve["probability"].to_numpy(), xlabel=p.what, ylabel=t("frontier.chart.ylabel"),
        curve_label=t("frontier.chart.curve"),
        target=a["target"], target_label=t("frontier.chart.target",
                                           target=num.share(a["target"])),
        frontier=a["ratio"], frontier_label=(t("frontier.chart.frontier", ratio=ratio_text)
                                             if ratio_text else None),
        achieved=a["achieved"], meets_label=t("frontier.chart.meets")))),
        "frontier", t("frontier.caption", target=num.share(a["target"])), alt)
    rows = [[Cell(esc(p.ratio(r.ratio)), "th"), Cell(esc(num.share(r.probability))),
             Cell(esc(t("frontier.meets_yes") if r.meets else t("frontier.meets_no")),
                  cls="" if r.meets else "fail-general")]
            for r in curve.itertuples()]
    head = [esc(t(k)) for k in ("frontier.col.ratio", "frontier.col.probability",
                                "frontier.col.meets")]
    table = p.table(t("frontier.curve_caption", target=num.share(a["target"])), head, rows,
                    note=t("frontier.curve_note"))
    return Section("curve", t("frontier.curve.heading"), figure + "\n" + table, new_page=True)


def section_regions(p: FrontierPage) -> Section | None:
    """Each region's probability of falling below the test, along the curve."""
    t, a = p.t, p.answer
    risk = region_risk(p.ds)
    if risk.empty:
        return None
    excluded = set(a["excluded"])
    rows = []
    for region, values in risk.iterrows():
        name = language.region_name(str(region).split(" ", 1)[-1], p.lang)
        label = esc(name) + (f" {esc(t('frontier.excluded_mark'))}" if region in excluded
                             else "")
        rows.append([Cell(label, "th")]
                    + [Cell(esc(num.share(v)), cls="fail-general" if v > 1 - a["target"]
                            else "") for v in values])
    head = [esc(t("reserve.region"))] + [esc(p.ratio(r)) for r in risk.columns]
    body = p.table(t("frontier.regions_caption"), head, rows,
                   note=t("frontier.regions_note", fail=num.share(1 - a["target"])))
    return Section("regions", t("frontier.regions.heading"), body, new_page=True)


def reproduce_command(ds: xr.Dataset) -> str:
    """The ``fundsim frontier`` command, as far as the file records it (not the scenario,
    paths or seed: SCENARIO stands for the scenario)."""
    a = frontier_answer(ds)
    scenario = str(ds.attrs.get("scenario_source") or ds.attrs.get("scenario") or "SCENARIO")
    parts = [f"fundsim frontier {scenario}", f"--key {a['key']}",
             f"--probability {a['target']:g}", f"--tolerance {a['tolerance']:g}"]
    if a["scope"] == "province":
        parts.append("--province")
    if "paths" in ds.attrs:
        parts.append(f"--paths {int(ds.attrs['paths'])} --seed {int(ds.attrs.get('seed', 0))}")
    return " ".join(parts)


def section_about(p: FrontierPage) -> Section:
    text = esc(p.t("frontier.about", command="\x00")).replace(
        "\x00", f"<code>{esc(reproduce_command(p.ds))}</code>")
    return Section("about", p.t("about.heading"), f"<p>{text}</p>")


SECTIONS = [section_answer, section_excluded, section_curve, section_regions, section_about]


def render_frontier_report(ds: xr.Dataset, lang: str = "zh",
                           sections: Sequence[Any] | None = None, jobs: Jobs | None = None,
                           params: Callable[[], dict[str, Parameter]] | None = None) -> str:
    """The report of a frontier's Dataset (``frontier.nc``) as one HTML document (text); its
    chart drawn in a forked child of ``jobs`` (by default its own) while the text is
    written. ``params`` returns current law's parameter of the key (e.g.
    :func:`~fundsim.present.report.scenarios.law_parameters` run by a job); by default it
    is read here."""
    from fundsim.base.version import __version__

    if jobs is None:
        with Jobs() as own:
            return render_frontier_report(ds, lang, sections, own, params)
    p = FrontierPage(ds, lang, jobs, params)
    t = p.t
    a = p.answer
    return page_html(p, (build(p) for build in (sections or SECTIONS)),
                     t("frontier.title", label=p.short),
                     t("frontier.subtitle", scope=p.scope_text, target=num.share(a["target"]),
                       version=__version__),
                     t("report.illustrative_folder"), __version__)


def save_frontier_report(ds: xr.Dataset, folder: Path, lang: str = "zh",
                         jobs: Jobs | None = None,
                         params: Callable[[], dict[str, Parameter]] | None = None) -> Path:
    """Render and write the frontier's report into ``folder`` (``report.html`` in Chinese,
    ``report.en.html`` in English), atomically; ``jobs`` and ``params`` as for
    :func:`render_frontier_report`."""
    return write_page(render_frontier_report(ds, lang, jobs=jobs, params=params), folder,
                      lang)
