"""``fundsim report RESULTS_DIR [--lang zh|en]``: the HTML report of a folder written by
``fundsim run``, ``sweep``, ``compare`` or ``frontier`` (told by the file it holds).

Thin like every command: parse, call :func:`fundsim.present.report.write_report`, print where
the report went; bad input is a clear message and exit code 2 (:func:`fundsim.cli.console.handled`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fundsim.base.errors import InputError
from fundsim.cli.console import handled, out


@handled
def report_command(
    results_dir: Annotated[Path, typer.Argument(
        help="a folder written by fundsim run, sweep, compare, frontier or track")],
    lang: Annotated[str, typer.Option(help="language of the report: zh (Chinese) or en")] = "zh",
    force: Annotated[bool, typer.Option(help="replace the folder's existing report")] = False,
) -> None:
    """Write the folder's HTML report (report.html in Chinese, report.en.html in English); an
    existing report is replaced only with --force."""
    from fundsim.base.delivery import file_problems
    from fundsim.present.report.render import REPORT_FILES
    from fundsim.present.report.write import write_report

    if lang in REPORT_FILES:
        problems = file_problems(results_dir / REPORT_FILES[lang], force, (".html",),
                                 field="RESULTS_DIR")
        if problems:
            raise InputError(problems)
    written = write_report(results_dir, lang)
    out.print(f"report written to {written}", highlight=False, markup=False, soft_wrap=True)
