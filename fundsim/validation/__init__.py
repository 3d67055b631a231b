"""Validation against official statistics: published national UI figures with their sources,
the account reproduction, the 2020–2021 projection test, the US average high cost multiple and
the 2008 provincial cross-section (fundsim's reserve tests on the published provincial accounts).

See ``validation/README.md`` for the tables, the errors and what they teach.
"""

from fundsim.run.solvency import (
    average_high_cost_multiple,
    covered_wages,
    solvency_table,
    yearly_rates,
)
from fundsim.validation.cross_section import (
    PROVINCES,
    cross_section,
    load_provinces,
    sum_check,
    summarize,
)
from fundsim.validation.history import HISTORY, load_history
from fundsim.validation.projection import SCENARIO, compare, national_years, project
from fundsim.validation.reproduce import reproduce

__all__ = ["HISTORY", "PROVINCES", "SCENARIO", "average_high_cost_multiple", "compare",
           "covered_wages", "cross_section", "load_history", "load_provinces", "national_years",
           "project", "reproduce", "solvency_table", "sum_check", "summarize", "yearly_rates"]
