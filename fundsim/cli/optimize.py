"""``fundsim optimize SCENARIO --lever KEY=LOW:HIGH ... --objective NAME --constraint
"MEASURE<=VALUE"``: the best setting of several levers under probability constraints — parse,
call :func:`fundsim.run.optimize.optimize`, print. The library is imported inside the command,
so ``fundsim --help`` stays fast."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from fundsim.base.errors import InputError, Problem
from fundsim.cli.console import EXAMPLES, folder_name, handled, load_for_out, out

EXAMPLES["optimize"] = (
    'fundsim optimize default --lever policy.returns.ratio.sme=0:1 --lever '
    'policy.returns.ratio.large=0:0.6 --objective returns_paid --constraint '
    '"p_fail_general_province<=0.05"')


@handled
def optimize_command(
    scenario: Annotated[str, typer.Argument(help="a scenario YAML file or a shipped name")
                        ] = "default",
    lever: Annotated[list[str] | None, typer.Option(
        metavar="KEY=LOW:HIGH", help="a lever and its range: a policy.* parameter or an "
        "assumptions.* value (repeat for several)")] = None,
    objective: Annotated[str, typer.Option(
        help="what to maximise: returns_paid, firms_covered, workers_covered; or minimise: "
        "fiscal_subsidy, pool_transfer")] = "returns_paid",
    constraint: Annotated[list[str] | None, typer.Option(
        metavar="MEASURE<=VALUE", help="a constraint on a Monte Carlo estimate (repeat for "
        "several), e.g. p_fail_general_province<=0.05, p_fiscal<=0.1, "
        "regions_below_general<=2")] = None,
    paths: Annotated[int, typer.Option(help="Monte Carlo paths per setting (common to all)")
                     ] = 1000,
    seed: Annotated[int, typer.Option(help="random seed of the paths")] = 0,
    generations: Annotated[int, typer.Option(help="generations of the search at most")] = 12,
    population: Annotated[int, typer.Option(
        help="settings per generation per lever (scipy's popsize)")] = 6,
    set_: Annotated[list[str] | None, typer.Option(
        "--set", metavar="KEY=VALUE", help="override a parameter for every setting")] = None,
    out_dir: Annotated[Path | None, typer.Option("--out", help="output folder")] = None,
    force: Annotated[bool, typer.Option(help="replace an existing --out folder")] = False,
    plots: Annotated[bool, typer.Option(help="write optimize.png and report.html")] = True,
) -> None:
    """Find the best setting of several levers under constraints on Monte Carlo estimates;
    write optimize.nc, optimize.csv, front.csv, optimize.png and report.html."""
    from fundsim.base.delivery import deliver
    from fundsim.cli.progress import progress_bar
    from fundsim.present.outputs import save_optimum
    from fundsim.run.optimize import MEASURES, optimize, parse_constraint, parse_lever

    problems: list[Problem] = []
    levers, limits = [], []
    for text in lever or []:
        try:
            levers.append(parse_lever(text))
        except InputError as exc:
            problems += exc.problems
    for text in constraint or []:
        try:
            limits.append(parse_constraint(text))
        except InputError as exc:
            problems += exc.problems
    for name, value, least in (("--generations", generations, 1), ("--population", population, 4)):
        if value < least:
            problems.append(Problem(name, "", name.strip("-"), f"must be ≥ {least}"))
    loaded = load_for_out(scenario, set_ or [], out_dir, force, problems)
    if problems:
        raise InputError(problems)
    bar, update = progress_bar("generations")
    with bar:
        result = optimize(loaded, levers, objective, limits, paths=paths, seed=seed,
                          popsize=population, maxiter=generations, progress=update)
    target = deliver(folder_name("optimize", [loaded.name]), out_dir,
                     lambda folder: save_optimum(result, folder, plots))
    say = {"highlight": False, "markup": False, "soft_wrap": True}
    if result.best is None:
        out.print(f"no setting of the {len(result.evaluations)} evaluated keeps every "
                  "constraint: loosen one or widen a lever's range", **say)
    else:
        table = Table(title=f"{loaded.name}: best {objective} = {result.value:,.0f} "
                      f"(standard error {result.value_se:,.0f}), {paths:,} paths per setting, "
                      f"{len(result.evaluations)} settings in {result.generations} generations")
        for head in ("lever", "range", "best"):
            table.add_column(head)
        for item in result.levers:
            table.add_row(escape(item.key), f"{item.low:g} – {item.high:g}",
                          f"{result.best[item.key]:.4f}")
        out.print(table)
        for limit in result.constraints:
            mean, se = result.measures[limit.measure]
            binding = "binding" if str(limit) in result.binding else "not binding"
            unit = MEASURES[limit.measure][1]
            shown = f"{mean:.1%} (se {se:.1%})" if unit == "probability" else \
                f"{mean:,.3f} (se {se:,.3f})"
            out.print(f"constraint {limit}: {shown}, {binding}", **say)
        front = result.front()
        out.print(f"trade-off curve: {len(front)} settings from {result.risk_measure} "
                  f"{front[result.risk_measure].min():.3g} to "
                  f"{front[result.risk_measure].max():.3g} (front.csv)", **say)
    out.print(f"results written to {target}/", **say)
