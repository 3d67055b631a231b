"""What the sweep, compare and frontier pages read besides their folder's file: the scenario
files' descriptions and current law's parameters (for a key's name).

Each takes a few tenths of a second (loading a scenario validates it against the law), so
:mod:`fundsim.present.outputs` has them read in forked children while it loads Matplotlib and
the page's text is written. This module loads neither Matplotlib nor the report's renderer,
so a child started here does not load them either."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fundsim.base.errors import InputError

if TYPE_CHECKING:
    from fundsim.law.parameter import Parameter
    from fundsim.present.charts.jobs import Jobs

#: Scenario files' descriptions being read: source -> a call returning
#: :func:`scenario_description`'s answer.
Descriptions = Mapping[str, Callable[[], "dict[str, str] | None"]]


def scenario_description(source: str) -> dict[str, str] | None:
    """A scenario file's description by language (``zh``, ``en``: its ``description_<lang>``,
    else its ``description``), when the file still loads and gives one (None otherwise)."""
    from fundsim.inputs.scenario import load_scenario

    if not source or not Path(source).is_file():
        return None
    try:
        scenario = load_scenario(source)
    except InputError:
        return None
    found = {lang: scenario.describe(lang).strip() for lang in ("zh", "en")}
    return {lang: text for lang, text in found.items() if text} or None


def start_descriptions(jobs: Jobs, sources: Iterable[str]
                       ) -> dict[str, Callable[[], dict[str, str] | None]]:
    """:func:`scenario_description` of each source that is a file, read in forked children
    of ``jobs`` started now, for a page's ``descriptions``."""
    return {source: jobs.submit(functools.partial(scenario_description, source)).result
            for source in dict.fromkeys(sources) if source and Path(source).is_file()}


def description_of(source: str, descriptions: Descriptions | None = None, lang: str = "zh"
                   ) -> str | None:
    """:func:`scenario_description` of ``source`` in ``lang``: as already started in
    ``descriptions``, else read now."""
    started = (descriptions or {}).get(source)
    found = started() if started is not None else scenario_description(source)
    return (found or {}).get(lang)


@functools.cache
def current_law() -> dict[str, Any]:
    """Every national-law parameter (:func:`fundsim.law.parameter.load_law`), loaded once."""
    from fundsim.law.parameter import load_law

    return load_law()


def law_parameters(keys: Iterable[str]) -> dict[str, Parameter]:
    """Current law's parameters of ``keys`` (those it has), as
    :func:`fundsim.present.report.sweep_page.key_label` reads them from ``params``: to be read
    in a forked child and passed to a page."""
    law = current_law()
    return {key: law[key] for key in keys if key in law}
