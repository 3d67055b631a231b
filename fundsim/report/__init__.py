"""The HTML report of a run: one self-contained file a decision maker can open, print, forward.

``write_report(results_dir, lang="zh")`` reads a folder written by ``fundsim run`` and writes
``report.html`` (Chinese) or ``report.en.html`` (English) into it; see docs/report.md. The
names below are imported on first use, so that :mod:`fundsim.plots` can use the message
catalogue without importing the renderer.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "LANGUAGES": "fundsim.report.messages",
    "REPORT_FILES": "fundsim.report.render",
    "headline_table": "fundsim.report.tables",
    "load_run": "fundsim.report.tables",
    "render_report": "fundsim.report.render",
    "save_report": "fundsim.report.render",
    "write_report": "fundsim.report.render",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'fundsim.report' has no attribute {name!r}")
