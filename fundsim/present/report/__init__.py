"""The HTML report: one self-contained file a decision maker can open, print, forward.

``write_report(folder, lang="zh")`` reads a folder written by ``fundsim run``, ``sweep``,
``compare`` or ``frontier`` (told by the file it holds: ``results.nc``, ``sweep.nc``,
``compare.nc``, ``frontier.nc``) and writes ``report.html`` (Chinese) or ``report.en.html``
(English) into it; see docs/report.md. The names below are imported on first use, so that
:mod:`fundsim.present.charts.run` can use the message catalogue without importing the renderer.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "LANGUAGES": "fundsim.present.messages",
    "REPORT_FILES": "fundsim.present.report.render",
    "compare_summary": "fundsim.present.report.compare_page",
    "folder_kind": "fundsim.present.report.folders",
    "frontier_answer": "fundsim.present.report.frontier_page",
    "frontier_curve": "fundsim.present.report.frontier_page",
    "headline_table": "fundsim.present.report.tables",
    "load_run": "fundsim.present.report.tables",
    "render_compare_report": "fundsim.present.report.compare_page",
    "render_frontier_report": "fundsim.present.report.frontier_page",
    "render_report": "fundsim.present.report.render",
    "render_sweep_report": "fundsim.present.report.sweep_page",
    "save_compare_report": "fundsim.present.report.compare_page",
    "save_frontier_report": "fundsim.present.report.frontier_page",
    "save_report": "fundsim.present.report.render",
    "save_sweep_report": "fundsim.present.report.sweep_page",
    "sweep_points": "fundsim.present.report.sweep_page",
    "write_report": "fundsim.present.report.write",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'fundsim.present.report' has no attribute {name!r}")
