"""``fundsim actuals``: template, check — parse, call the library, print. No logic of its own.

Registered in :mod:`fundsim.cli.app` (``app.add_typer(actuals_app, name="actuals")``). The
library (numpy, pandas behind it) is imported inside each command, so ``fundsim --help`` stays
fast; input problems become a message and exit code 2 (:func:`fundsim.cli.console.handled`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from fundsim.base.errors import InputError, Problem
from fundsim.cli.console import EXAMPLES, command_group, err, handled, out, warn

actuals_app = command_group(
    "Monthly actuals (实际数据): a template to fill in, and checking a filled file.")

# the example at the end of each command's --help (fundsim.cli.console.polish adds it)
EXAMPLES.update({
    "actuals": "fundsim actuals template actuals.xlsx --months 6",
    "actuals template": "fundsim actuals template actuals.xlsx --months 6",
    "actuals check": "fundsim actuals check actuals.xlsx --scenario default",
})

ScenarioOpt = Annotated[str, typer.Option(help="scenario YAML file or shipped name (its regions "
                                          "and first month)")]


def _regions(scenario: str) -> tuple[Any, Any]:
    """The scenario and its regions as a run sees them; a provincial fund takes no actuals."""
    from fundsim.inputs.scenario import load_scenario
    from fundsim.run.simulation import check_per_region, prepare

    loaded = load_scenario(scenario)
    check_per_region(loaded, scenario, "--scenario")
    return prepare(loaded)


@actuals_app.command()
@handled
def template(
    out_file: Annotated[Path, typer.Argument(metavar="OUT", help="template to write, .xlsx or "
                                             ".csv")],
    scenario: ScenarioOpt = "default",
    months: Annotated[int, typer.Option(help="months from the scenario's first")] = 6,
    force: Annotated[bool, typer.Option(help="replace an existing file")] = False,
) -> None:
    """Write an empty actuals table: one row per region and month, money in yuan."""
    from fundsim.base.delivery import file_problems
    from fundsim.inputs.actuals_template import write_actuals_template

    loaded, regions = _regions(scenario)
    problems = file_problems(out_file, force, (".xlsx", ".csv"), loaded.input_files, "OUT")
    if not 1 <= months <= loaded.months:
        problems.append(Problem("--months", "", "months", f"from 1 to the scenario's "
                                f"{loaded.months} months, got {months}"))
    if problems:
        raise InputError(problems)
    written = write_actuals_template(out_file, regions, loaded.start, months)
    last = loaded.start + months - 1
    out.print(f"template written to {written}: {len(regions)} regions × {months} months "
              f"({loaded.start} to {last}); money in yuan (元), persons in persons; leave a "
              "figure you do not have blank", highlight=False, markup=False, soft_wrap=True)


@actuals_app.command()
@handled
def check(
    file: Annotated[str, typer.Argument(metavar="FILE", help="actuals (.csv, .xlsx, .parquet), "
                                        "or a shipped example's name (default-2020H1)")],
    scenario: ScenarioOpt = "default",
) -> None:
    """Check an actuals file against a scenario: every problem at once, else what it holds."""
    import numpy as np
    from rich.markup import escape
    from rich.table import Table

    from fundsim.inputs.actuals import FIELDS, UNIT_ZH, balance_gaps, locate_actuals
    from fundsim.run.simulation import load_actuals_for

    loaded, regions = _regions(scenario)
    actuals = load_actuals_for(locate_actuals(file), loaded, regions)
    warn(actuals.notes)
    months, count = actuals.months, len(actuals.months)
    out.print(f"{actuals.source}: {count} month{'s' if count > 1 else ''} ({months[0]} to "
              f"{months[-1]}) × {len(actuals.region)} regions of scenario {loaded.name}; no "
              "problems", highlight=False, markup=False, soft_wrap=True)
    cells = count * len(actuals.region)
    view = Table(title="columns reported (money in yuan)", title_justify="left")
    for label, justify in (("key", "left"), ("中文", "left"), ("unit", "left"),
                           ("cells", "right"), ("total", "right")):
        view.add_column(label, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    for key, field in FIELDS.items():
        if key not in actuals.values:
            continue
        values = actuals.values[key]
        given = int((~np.isnan(values)).sum())
        stock = key in ("balance", "recipients", "insured", "wage")
        total = "" if stock else f"{np.nansum(values):,.0f}"
        view.add_row(key, escape(field.zh[0]), UNIT_ZH[field.unit], f"{given}/{cells}", total)
    if actuals.values:
        out.print(view)
    else:
        out.print("no figures reported yet (every cell is empty)", highlight=False)
    checked = int((~np.isnan(balance_gaps(actuals, regions["opening_balance"]))).sum())
    absent = [key for key in FIELDS if key not in actuals.values]
    out.print(f"balance identity checked on {checked} of {cells} region-months (those giving "
              "the balance and every flow)", highlight=False, markup=False, soft_wrap=True)
    if absent and actuals.values:
        err.print(f"not reported (the model fills them): {', '.join(absent)}", highlight=False,
                  markup=False, soft_wrap=True)

