"""Firm rosters (企业名册): decide every firm's 稳岗返还 with a reason, aggregate, synthesise.

One module per job: ``columns`` (the seed 003 indicators), ``categories`` (their fixed lists),
``io`` (reading and atomic writing), ``uscc`` (GB 32100-2015 check characters), ``classify``
(industries and size classes, 工信部联企业〔2011〕300号), ``validate`` (row checks), ``gate``
(each region's reserve tests, from the engine), ``decide`` (eligibility, amounts, reasons),
``reasons`` (the reason codes), ``aggregate`` (the seed 003 五 tables), ``monthly`` (region ×
month totals for the engine), ``runner`` (a run end to end), ``synth`` (synthetic rosters),
``template`` (the roster template) and ``cli`` (``fundsim roster``). See docs/roster.md.
"""

from importlib import import_module
from typing import Any

_PUBLIC = {
    "RosterReturns": "monthly", "roster_returns": "monthly", "RosterRun": "runner",
    "run_roster": "runner", "write_outputs": "runner", "synth_roster": "synth",
    "write_template": "template",
}
__all__ = sorted(_PUBLIC)


def __getattr__(name: str) -> Any:
    """Import on first use, so ``fundsim roster`` adds nothing to the start-up of other commands."""
    if name in _PUBLIC:
        return getattr(import_module(f"fundsim.roster.{_PUBLIC[name]}"), name)
    raise AttributeError(f"module 'fundsim.roster' has no attribute {name!r}")
