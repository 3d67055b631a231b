"""Validation against official statistics: published national UI figures with their sources,
the account reproduction, the 2020–2021 projection test and the US average high cost multiple.

See ``validation/README.md`` for the tables, the errors and what they teach.
"""

from fundsim.run.solvency import (
    average_high_cost_multiple,
    covered_wages,
    solvency_table,
    yearly_rates,
)
from fundsim.validation.history import HISTORY, load_history
from fundsim.validation.projection import SCENARIO, compare, national_years, project
from fundsim.validation.reproduce import reproduce

__all__ = ["HISTORY", "SCENARIO", "average_high_cost_multiple", "compare", "covered_wages",
           "load_history", "national_years", "project", "reproduce", "solvency_table",
           "yearly_rates"]
