"""What every command shares: the consoles, and turning bad input into exit code 2.

Commands in other modules (pipeline, report, validation, roster) import these from here, so
that ``fundsim.cli.app`` can register them without an import cycle.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup

from fundsim.base.errors import InputError

out = Console(width=None if sys.stdout.isatty() else 150)
err = Console(stderr=True, width=None if sys.stderr.isatty() else 150)


class Group(TyperGroup):
    """A command group whose ``--help`` flag defaults to ``False``, not ``None``.

    Typer coerces a flag's ``None`` through a pydantic adapter, so every ``fundsim COMMAND``
    (``--help`` too) would import pydantic (about 0.25 s) just to read the group's own unused
    ``--help``; a ``False`` default is a bool and skips that (issue 12, start-up)."""

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        if option is not None and option.default is None:
            option.default = False
        return option


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


def warn(warnings: list[str]) -> None:
    """Print warnings on stderr, one per line."""
    for warning in warnings:
        err.print(f"[yellow]warning:[/] {escape(warning)}", highlight=False, soft_wrap=True)
