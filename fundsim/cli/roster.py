"""``fundsim roster``: template, run, synth — parse, call the library, print. No logic of its own.

The lead registers it: ``app.add_typer(roster_app, name="roster")`` in ``fundsim/cli.py``.
Input problems become a message and exit code 2 through ``fundsim.cli.app._handled`` (imported when
a command runs, so the two modules may import each other in either order).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from fundsim.base.errors import InputError, Problem
from fundsim.cli.console import command_group

roster_app = command_group(
    "Firm rosters (企业名册): decide every firm's 稳岗返还 with a reason; synthetic rosters.")


def _handled(func: Callable[..., Any]) -> Callable[..., Any]:
    """``fundsim.cli.app._handled`` around ``func``, looked up when the command runs."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from fundsim.cli.console import handled

        return handled(func)(*args, **kwargs)

    return wrapper


def _consoles() -> tuple[Any, Any]:
    from fundsim.cli.console import err, out

    return out, err


@roster_app.command()
@_handled
def template(
    out_file: Annotated[Path, typer.Argument(metavar="OUT", help="template to write, .xlsx or "
                                             ".csv")],
    english: Annotated[bool, typer.Option(help="English column names instead of Chinese")
                       ] = False,
    force: Annotated[bool, typer.Option(help="replace an existing file")] = False,
) -> None:
    """Write the roster template (the columns documented in its 说明 and 代码 sheets)."""
    from fundsim.roster.template import write_template

    out, _ = _consoles()
    written = write_template(out_file, english=english, force=force)
    out.print(f"template written to {written}", highlight=False, markup=False, soft_wrap=True)


@roster_app.command()
@_handled
def run(
    roster: Annotated[Path, typer.Argument(help="the roster: .csv, .xlsx or .parquet")],
    scenario: Annotated[str, typer.Option(help="scenario YAML file or shipped name")
                        ] = "default",
    year: Annotated[int | None, typer.Option(help="policy year (default: the roster's 补贴年度, "
                                             "else the scenario's first year)")] = None,
    out_dir: Annotated[Path | None, typer.Option("--out", help="output folder")] = None,
    force: Annotated[bool, typer.Option(help="replace an existing --out folder")] = False,
    set_: Annotated[list[str] | None, typer.Option(
        "--set", help="override a parameter or assumption, KEY=VALUE (repeatable)")] = None,
    allow_large: Annotated[bool, typer.Option(
        help="decide a roster estimated above 8 GiB of memory")] = False,
) -> None:
    """Decide every firm of a roster; write decisions, rejects and the tables by group (yuan,
    to the fen), columns.csv and roster.xlsx."""
    from fundsim.base.delivery import deliver, explicit_target
    from fundsim.cli.console import warn as _warn
    from fundsim.cli.progress import Bar
    from fundsim.inputs.scenario import load_scenario
    from fundsim.present.outputs import save_roster
    from fundsim.roster.runner import empty_message, run_roster

    out, err = _consoles()
    loaded = load_scenario(scenario, set_ or [])
    if out_dir is not None:
        explicit_target(out_dir, force, loaded.input_files)
    with Bar(f"reading {escape(roster.name)}") as bar:
        result = run_roster(roster, loaded, year, progress=bar.callback("deciding"),
                            allow_large=allow_large)
        empty = empty_message(result)
        _warn(loaded.warnings + list(result.notes)
              + ([f"{roster}: {empty}; the outputs hold zero firms"] if empty else []))
        target = deliver(f"roster-{roster.stem}-{result.year}", out_dir, lambda folder:
                         save_roster(result, folder, progress=bar.callback("writing")))
    summary = result.summary()
    out.print(f"{summary['roster']}: {summary['rows_read']:,} rows read, "
              f"{summary['rows_accepted']:,} accepted, {summary['rows_rejected']:,} rejected "
              f"— policy year {result.year}, scenario {loaded.name}", highlight=False,
              markup=False, soft_wrap=True)
    out.print(_regions_view(result.tables["by_region"], result.year))
    out.print(f"firms paid {summary['firms_paid']:,} (difficult-firm return "
              f"{summary['firms_difficult_return']:,}; government review "
              f"{summary['firms_government_review']:,}); entitlement "
              f"{summary['entitlement_yuan'] / 1e4:,.1f} 万元, already paid "
              f"{summary['already_paid_yuan'] / 1e4:,.1f} 万元, to pay "
              f"{summary['to_pay_yuan'] / 1e4:,.1f} 万元", highlight=False, markup=False,
              soft_wrap=True)
    if result.rows_rejected:
        err.print(f"{result.rows_rejected:,} rows rejected: see {target / 'rejects.csv'}",
                  highlight=False, markup=False, soft_wrap=True)
    out.print(f"outputs written to {target}/", highlight=False, markup=False, soft_wrap=True)


def _regions_view(table: Any, year: int) -> Table:
    view = Table(title=f"by region (reserve tests of January {year}; money in 万元)",
                 title_justify="left")
    headers = [("name_zh", "地区\nregion"), ("reserve_months", "备付月数\nreserve"),
               ("passes_12", "≥12月"), ("passes_24", "≥24月"), ("firms", "企业\nfirms"),
               ("firms_paid", "获返还\npaid"), ("entitlement_wan", "返还\nreturn"),
               ("to_pay", "待发\nto pay")]
    for key, label in headers:
        view.add_column(label, justify="left" if key == "name_zh" else "right", no_wrap=True)
    last = len(table) - 1
    for i, row in table.iterrows():
        cells = [str(row["name_zh"]),
                 "" if i == last else f"{row['reserve_months']:.1f}",
                 "" if i == last else ("yes" if row["passes_12"] else "no"),
                 "" if i == last else ("yes" if row["passes_24"] else "no"),
                 f"{row['firms']:,}", f"{row['firms_paid']:,}",
                 f"{row['entitlement_wan']:,.1f}", f"{row['to_pay'] / 1e4:,.1f}"]
        view.add_row(*map(escape, cells), end_section=i == last - 1)
    return view


@roster_app.command()
@_handled
def synth(
    firms: Annotated[int, typer.Option(help="number of firms")],
    out_file: Annotated[Path, typer.Option("--out", help="roster to write: .parquet, .csv or "
                                           ".xlsx")],
    seed: Annotated[int, typer.Option(help="random seed (same seed, same roster)")] = 0,
    scenario: Annotated[str, typer.Option(help="scenario whose regions the firms belong to")
                        ] = "default",
    year: Annotated[int | None, typer.Option(help="policy year (default: the scenario's first)")
                    ] = None,
    bad_share: Annotated[float, typer.Option(help="share of rows given a deliberate error")
                         ] = 0.0,
    english: Annotated[bool, typer.Option(help="English column names instead of Chinese")
                       ] = False,
    force: Annotated[bool, typer.Option(help="replace an existing file")] = False,
) -> None:
    """Write a synthetic roster for a scenario's province, reproducible by seed."""
    from fundsim.base.seeds import seed_problems
    from fundsim.cli.console import warn as _warn
    from fundsim.cli.progress import Bar
    from fundsim.roster.io import EXCEL_SLOW_ROWS, header_of, roster_format, write_table
    from fundsim.roster.synth import synth_roster

    out, _ = _consoles()
    problems = seed_problems(seed)
    if firms < 1:
        problems.append(Problem("--firms", "", "firms", f"must be at least 1, got {firms}"))
    try:
        roster_format(out_file)
    except InputError as exc:
        problems += exc.problems
    if out_file.exists() and not force:
        problems.append(Problem(str(out_file), "", "--out", "already exists; pass --force"))
    if problems:
        raise InputError(problems)
    if roster_format(out_file) == "excel" and firms > EXCEL_SLOW_ROWS:
        _warn([f"{out_file}: writing {firms:,} rows to Excel is slow, and so is reading them; "
               "--out with .parquet is many times faster"])
    with Bar("drawing firms") as bar:
        frame = synth_roster(firms, seed=seed, scenario=scenario, year=year,
                             bad_share=bad_share, progress=bar.update)
        frame.columns = header_of(list(frame.columns), english)
        bar.stage(f"writing {escape(out_file.name)}")
        write_table(frame, out_file, progress=bar.update)
    out.print(f"{len(frame):,} firms written to {out_file}", highlight=False, markup=False,
              soft_wrap=True)
