"""The roster template: the header row, with the columns and codes documented beside it.

An Excel template has three sheets: the roster itself (header row only), 说明 (every column:
header, English name, kind, unit, required, seed 003 indicator, meaning) and 代码 (the values
each category column takes). A CSV template is the header row alone (docs/roster.md documents
it). The personal columns (联系人, 联系电话) are left out: no rule needs them.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from fundsim.base.delivery import file_problems, writing
from fundsim.base.errors import InputError, Problem
from fundsim.roster.categories import CATEGORIES
from fundsim.roster.classify import SECTIONS
from fundsim.roster.columns import COLUMNS, KINDS
from fundsim.roster.io import atomic_write, write_csv_file

TEMPLATE_COLUMNS = tuple(c for c in COLUMNS if c.kind not in ("personal", "ignored"))


def columns_table() -> pd.DataFrame:
    """One row per template column, documented."""
    return pd.DataFrame({
        "列名 header": [c.zh for c in TEMPLATE_COLUMNS],
        "column": [c.name for c in TEMPLATE_COLUMNS],
        "必填 required": ["是 yes" if c.required else "否 no" for c in TEMPLATE_COLUMNS],
        "类型 kind": [f"{c.kind}: {KINDS[c.kind]}" for c in TEMPLATE_COLUMNS],
        "单位 unit": [c.unit for c in TEMPLATE_COLUMNS],
        "指标 seed 003": [f"附件1 第{c.seed}项" if c.seed else "补充 extra"
                         for c in TEMPLATE_COLUMNS],
        "说明 meaning": [c.description for c in TEMPLATE_COLUMNS],
    })


def codes_table() -> pd.DataFrame:
    """The values of every category column (and the industry sections)."""
    rows = [(name, c.code, c.zh, c.en) for name, cats in CATEGORIES.items() for c in cats]
    rows += [("industry", s[0], s[1], f"{s[2]} (divisions {s[3]:02d}–{s[4]:02d})")
             for s in SECTIONS]
    return pd.DataFrame(rows, columns=["column", "code", "中文", "English"])


def write_template(path: str | Path, english: bool = False, force: bool = False) -> Path:
    """Write the template to ``path`` (.xlsx or .csv), atomically; refuse to overwrite unless
    ``force`` (and then only a file); a folder that cannot be written is an InputError."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise InputError([Problem(str(path), "", "", f"a template is .xlsx or .csv, not "
                                  f"'{suffix or '(no extension)'}'")])
    problems = file_problems(path, force, (".xlsx", ".csv"), field="OUT")
    if problems:
        raise InputError(problems)
    header = [c.name if english else c.zh for c in TEMPLATE_COLUMNS]
    empty = pd.DataFrame({h: pd.Series(dtype="str") for h in header})
    if suffix == ".csv":
        with writing(path, "the template", "OUT"):
            return atomic_write(path, lambda p: write_csv_file(empty, p))

    def excel(target: Path) -> None:
        with pd.ExcelWriter(target, engine="openpyxl") as book:
            empty.to_excel(book, sheet_name="名册 roster", index=False)
            columns_table().to_excel(book, sheet_name="说明 columns", index=False)
            codes_table().to_excel(book, sheet_name="代码 codes", index=False)

    with writing(path, "the template", "OUT"):
        return atomic_write(path, excel)
