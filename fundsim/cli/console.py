"""What every command shares: the consoles, and turning bad input into exit code 2.

Commands in other modules (pipeline, report, validation, roster) import these from here, so
that ``fundsim.cli.app`` can register them without an import cycle.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup

from fundsim.base.errors import InputError

out = Console(width=None if sys.stdout.isatty() else 150)
err = Console(stderr=True, width=None if sys.stderr.isatty() else 150)


class Group(TyperGroup):
    """A command group whose ``--help`` flag defaults to ``False``, not ``None``, and whose
    commands are polished before it runs (:func:`polish`).

    Typer coerces a flag's ``None`` through a pydantic adapter, so every ``fundsim COMMAND``
    (``--help`` too) would import pydantic (about 0.25 s) just to read the group's own unused
    ``--help``; a ``False`` default is a bool and skips that (issue 12, start-up)."""

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        if option is not None and option.default is None:
            option.default = False
        return option

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run the command line (the top group only; subgroups are invoked, not run), its
        commands polished first (:func:`polish`)."""
        polish(self)
        return super().main(*args, **kwargs)


def command_group(help: str) -> typer.Typer:
    """``fundsim`` or one of its command groups: a :class:`Group` with click's plain help
    (rich's costs 0.1–0.2 s of start-up), no shell completion, help when given no command."""
    return typer.Typer(help=help, cls=Group, pretty_exceptions_enable=False,
                       rich_markup_mode=None, add_completion=False, no_args_is_help=True)


#: An example of every command (by its path under ``fundsim``), shown at the end of its
#: ``--help`` unless the command declares an epilog of its own.
EXAMPLES = {
    "run": "fundsim run default --paths 1000",
    "sweep": "fundsim sweep default --set policy.returns.ratio.sme=0.4:0.8:0.1",
    "compare": "fundsim compare default baseline raised-2022",
    "frontier": "fundsim frontier default --key policy.returns.ratio.sme --paths 500",
    "params": "fundsim params default",
    "check": "fundsim check my-province.yaml",
    "plot": "fundsim plot outputs/default/results.nc --kind balance --out balances.png",
    "report": "fundsim report outputs/default --lang en",
    "validate": "fundsim validate",
    "scenarios": "fundsim scenarios",
    "pipeline": "fundsim pipeline automatic --firms 2000",
    "roster": "fundsim roster run firms.xlsx --scenario default",
    "roster template": "fundsim roster template firms.xlsx",
    "roster run": "fundsim roster run firms.xlsx --scenario default --year 2021",
    "roster synth": "fundsim roster synth --firms 2000 --out firms.xlsx --seed 1",
    "init": "fundsim init my-province --province inner_mongolia",
}


def polish(group: Any) -> None:
    """Every command under ``group``: an example at the end of its ``--help``
    (:data:`EXAMPLES`), and each on/off option that is off by default (``--force``) shown and
    parsed as the plain flag it is, not as ``--force / --no-force``."""
    if not group.epilog:
        group.epilog = ("Example: fundsim run default --paths 1000   (fundsim COMMAND --help: "
                        "its options and an example)")
    for path, command in _commands(group, ""):
        if not command.epilog and path in EXAMPLES:
            command.epilog = f"Example: {EXAMPLES[path]}"
        for param in command.params:
            if (getattr(param, "is_bool_flag", False) and getattr(param, "secondary_opts", ())
                    and param.default is False):
                param.secondary_opts = []


def _commands(group: Any, prefix: str) -> Iterable[tuple[str, Any]]:
    """(path, command) of every command and subgroup under ``group`` (Typer's own Click
    commands and groups), depth first."""
    for name, command in group.commands.items():
        path = f"{prefix}{name}"
        yield path, command
        if hasattr(command, "commands"):
            yield from _commands(command, path + " ")


#: The longest default output folder name (file systems allow 255 bytes; room for "-N").
MAX_FOLDER_NAME = 120


def folder_name(command: str, scenarios: Sequence[str], detail: Sequence[str] = ()) -> str:
    """The default output folder under ``outputs/`` of a command: ``run`` the scenario's name
    (CONTRACT.md); the others the command, every scenario (``compare-default-vs-baseline``)
    and what is varied (``sweep-default-returns.ratio.sme``). Characters a file name should
    not hold become ``-``; past :data:`MAX_FOLDER_NAME` characters the last scenarios are
    counted (``-and-3-more``)."""
    names = [_safe(name) for name in scenarios]
    if command == "run":
        return names[0]
    extra = [_safe(d.removeprefix("policy.").removeprefix("assumptions.")) for d in detail]
    name = "-".join([command, "-vs-".join(names), *extra])
    shown = len(names)
    while len(name) > MAX_FOLDER_NAME and shown > 1:
        shown -= 1
        name = "-".join([command, "-vs-".join(names[:shown]), f"and-{len(names) - shown}-more",
                         *extra])
    return name[:MAX_FOLDER_NAME]


def _safe(text: str) -> str:
    """``text`` as one safe file name (:func:`fundsim.base.delivery.safe_name`): every run of
    characters other than letters, digits, ``.``, ``_`` and ``-`` as one ``-`` (Chinese
    letters stay), so that ``../../x``, ``/abs/path`` and ``a/b/c`` stay one name inside
    ``outputs/``; ``scenario`` when nothing is left."""
    from fundsim.base.delivery import safe_name

    return safe_name(text, "scenario")


def handled(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn input problems into a clear message and exit code 2; Ctrl-C into exit 130."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            count = len(exc.problems)
            err.print(f"[bold red]error:[/] {count} problem{'s' if count != 1 else ''} found, "
                      "nothing was written", highlight=False, soft_wrap=True)
            for problem in exc.problems:
                # one problem per line, never wrapped: scripts grep "file, line N [key]"
                err.print(f"  {problem}", highlight=False, markup=False, soft_wrap=True)
            raise typer.Exit(2) from None
        except KeyboardInterrupt:
            err.print("interrupted: nothing was written")
            raise typer.Exit(130) from None

    return wrapper


def warn(warnings: Iterable[str]) -> None:
    """Print warnings on stderr, one per line, each once."""
    for warning in dict.fromkeys(warnings):
        err.print(f"[yellow]warning:[/] {escape(warning)}", highlight=False, soft_wrap=True)


def scenario_warnings(scenarios: Sequence[tuple[str, Sequence[str]]]) -> list[str]:
    """The warnings of several scenarios (name, warnings), each once, named by the scenarios
    that have it: ``default, baseline: policy.x: …`` (a notice that ends before the horizon
    does is said once for a comparison, not once per scenario)."""
    having: dict[str, list[str]] = {}
    for name, warnings in scenarios:
        for warning in warnings:
            having.setdefault(warning, [])
            if name not in having[warning]:
                having[warning].append(name)
    return [f"{', '.join(names)}: {warning}" for warning, names in having.items()]


def load_for_out(scenario: str, overrides: Sequence[str], out_dir: Any, force: bool,
                 problems: list[Any]) -> Any:
    """Load a scenario for a command writing an ``--out`` folder, adding to ``problems`` every
    problem of the scenario and of the folder (never overwriting the scenario's own inputs);
    the loaded scenario, or None when it could not be loaded."""
    from fundsim.base.delivery import out_problems
    from fundsim.inputs.scenario import load_scenario

    loaded = None
    try:
        loaded = load_scenario(scenario, list(overrides))
    except InputError as exc:
        problems += exc.problems
    problems += out_problems(out_dir, force, loaded.input_files if loaded else ())
    return loaded
