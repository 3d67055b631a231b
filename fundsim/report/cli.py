"""``fundsim report RESULTS_DIR [--lang zh|en]``: the HTML report of a folder written by
``fundsim run``, ``sweep``, ``compare`` or ``frontier`` (told by the file it holds).

Registered by the main app as ``app.command("report")(report_command)``; thin like every
command: parse, call :func:`fundsim.report.write_report`, print where the report went. Bad
input goes through :func:`fundsim.cli._handled` (a clear message, exit code 2). ``fundsim.cli``
is imported when the command runs, not when this module loads, so that ``fundsim.cli`` can
import this module at its top without an import cycle.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def report_command(
    results_dir: Annotated[Path, typer.Argument(
        help="a folder written by fundsim run, sweep, compare or frontier")],
    lang: Annotated[str, typer.Option(help="language of the report: zh (Chinese) or en")] = "zh",
) -> None:
    """Write the folder's HTML report (report.html in Chinese, report.en.html in English)."""
    from fundsim.cli import _handled

    _handled(_report)(results_dir, lang)


def _report(results_dir: Path, lang: str) -> None:
    from fundsim.cli import out
    from fundsim.report.render import write_report

    written = write_report(results_dir, lang)
    out.print(f"report written to {written}", highlight=False, markup=False, soft_wrap=True)
