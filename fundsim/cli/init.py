"""``fundsim init DIR [--province NAME]``: a folder a planner owns, to fill in and run.

Thin like every command: parse, call :func:`fundsim.inputs.planner.init_folder`, print what was
made and what to do next; bad input (an existing non-empty folder, an unknown province) is a
clear message and exit code 2 (:func:`fundsim.cli.console.handled`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fundsim.cli.console import handled, out


@handled
def init_command(
    folder: Annotated[Path, typer.Argument(
        metavar="DIR", help="a new (or empty) folder to make")],
    province: Annotated[str | None, typer.Option(
        metavar="NAME", help="start from a shipped province's law (see `fundsim params`), "
        "e.g. inner_mongolia; without it law/ is an empty layer for your own notices")] = None,
) -> None:
    """Make a folder to plan your own province in: regions.xlsx (the region-data workbook),
    scenario.yaml, assumptions.yaml, law/ and a README of next steps."""
    from fundsim.inputs.planner import init_folder

    made = init_folder(folder, province)
    say = {"highlight": False, "markup": False, "soft_wrap": True}
    out.print(f"made {made}/: regions.xlsx, scenario.yaml, assumptions.yaml, law/, README.md",
              **say)
    out.print("next / 下一步:", **say)
    out.print(f"  1. fill in {made / 'regions.xlsx'} (sheet 地区数据; sheet 说明 explains every "
              "column) and pool_opening_balance in scenario.yaml", **say)
    out.print(f"  2. fundsim check {made / 'scenario.yaml'}", **say)
    out.print(f"  3. fundsim run {made / 'scenario.yaml'}", **say)
