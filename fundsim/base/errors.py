"""Input problems: collected, reported together, never a traceback."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is and what is wrong."""

    file: str
    where: str  # "line 12", "row 5", or "" when the whole file is at fault
    field: str
    message: str

    def __str__(self) -> str:
        place = self.file + (f", {self.where}" if self.where else "")
        field = f" [{self.field}]" if self.field else ""
        return f"{place}{field}: {self.message}"


class InputError(Exception):
    """Raised with every problem found in an input, so a user fixes them in one pass."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def nearest(name: str, valid: Iterable[str]) -> str | None:
    """The valid name nearest to ``name``, or None when none is close."""
    close = difflib.get_close_matches(name, list(valid), n=1, cutoff=0.6)
    return close[0] if close else None


def suggest(name: str, valid: Iterable[str], prefix: str = "") -> str:
    """A ' (did you mean X?)' hint naming the nearest valid name (after ``prefix``), or ''."""
    close = nearest(name, valid)
    return f" (did you mean '{prefix}{close}'?)" if close else ""
