"""Input problems: collected, reported together, never a traceback."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

#: The most characters of an input's text an error quotes (a line, a key, a value).
QUOTE_LIMIT = 120


def excerpt(text: object, limit: int = QUOTE_LIMIT) -> str:
    """``text`` on one line, cut to ``limit`` characters with '…': what an error may quote
    of an input, never more than the offending line."""
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[:limit - 1] + "…"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is and what is wrong."""

    file: str
    where: str  # "line 12", "row 5", or "" when the whole file is at fault
    field: str
    message: str

    def __str__(self) -> str:
        place = self.file + (f", {self.where}" if self.where else "")
        field = f" [{excerpt(self.field)}]" if self.field else ""
        return f"{place}{field}: {self.message}"


class InputError(Exception):
    """Raised with every problem found in an input, so a user fixes them in one pass."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = _by_form(list(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


#: More unknown keys than this in one file and it is taken for another kind of file.
MAX_UNKNOWN_KEYS = 5


def _by_form(problems: list[Problem]) -> list[Problem]:
    """A file with more than :data:`MAX_UNKNOWN_KEYS` unknown keys is not the file expected
    (a private file named by mistake, whose every line reads as a YAML key): one problem
    naming the file and the count replaces them, so that no error echoes it line by line."""
    unknown: dict[str, list[Problem]] = {}
    for problem in problems:
        if problem.message.startswith("unknown key"):
            unknown.setdefault(problem.file, []).append(problem)
    crowded = {file: found for file, found in unknown.items() if len(found) > MAX_UNKNOWN_KEYS}
    if not crowded:
        return problems
    out = []
    for problem in problems:
        found = crowded.get(problem.file)
        if found is None or problem not in found:
            out.append(problem)
        elif problem is found[0]:
            first = problem.where or "its first line"
            out.append(Problem(problem.file, "", "", f"not the kind of file expected here: "
                               f"{len(found)} unknown keys, the first on {first}"))
    return out


def nearest(name: str, valid: Iterable[str]) -> str | None:
    """The valid name nearest to ``name``, or None when none is close."""
    close = difflib.get_close_matches(name, list(valid), n=1, cutoff=0.6)
    return close[0] if close else None


def suggest(name: str, valid: Iterable[str], prefix: str = "") -> str:
    """A ' (did you mean X?)' hint naming the nearest valid name (after ``prefix``), or ''."""
    close = nearest(name, valid)
    return f" (did you mean '{prefix}{close}'?)" if close else ""
