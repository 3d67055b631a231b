"""The HTML report: one self-contained file a decision maker can open, print, forward.

``write_report(folder, lang="zh")`` reads a folder written by ``fundsim run``, ``sweep``,
``compare`` or ``frontier`` (told by the file it holds: ``results.nc``, ``sweep.nc``,
``compare.nc``, ``frontier.nc``) and writes ``report.html`` (Chinese) or ``report.en.html``
(English) into it; see docs/report.md. The names below are imported on first use, so that
:mod:`fundsim.plots` can use the message catalogue without importing the renderer.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "LANGUAGES": "fundsim.report.messages",
    "REPORT_FILES": "fundsim.report.render",
    "compare_summary": "fundsim.report.compare_page",
    "folder_kind": "fundsim.report.folders",
    "frontier_answer": "fundsim.report.frontier_page",
    "frontier_curve": "fundsim.report.frontier_page",
    "headline_table": "fundsim.report.tables",
    "load_run": "fundsim.report.tables",
    "render_compare_report": "fundsim.report.compare_page",
    "render_frontier_report": "fundsim.report.frontier_page",
    "render_report": "fundsim.report.render",
    "render_sweep_report": "fundsim.report.sweep_page",
    "save_compare_report": "fundsim.report.compare_page",
    "save_frontier_report": "fundsim.report.frontier_page",
    "save_report": "fundsim.report.render",
    "save_sweep_report": "fundsim.report.sweep_page",
    "sweep_points": "fundsim.report.sweep_page",
    "write_report": "fundsim.report.render",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'fundsim.report' has no attribute {name!r}")
