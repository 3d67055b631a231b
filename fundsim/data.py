"""The opening state of each pooling region: one row per region, from CSV or an Excel sheet.

Every column, its unit and meaning is in ``COLUMNS`` (and in the README). Rows are validated
with pydantic; every problem is reported with its spreadsheet row (the header is row 1).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from fundsim.errors import InputError, Problem, suggest



class RegionRow(BaseModel):
    """One pooling region (统筹地区). Money in yuan; shares in [0, 1]."""

    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=1, description="region code (行政区划代码), unique")
    name: str = Field(min_length=1, description="Chinese name, e.g. 呼和浩特市")
    insured: float = Field(gt=0, allow_inf_nan=False, description="insured workers (参保人数), persons")
    wage: float = Field(gt=0, allow_inf_nan=False, description="average monthly contribution wage, yuan")
    opening_balance: float = Field(ge=0, allow_inf_nan=False,
                                   description="rolling balance (滚存结余) before the first month, yuan")
    last_year_expenditure: float = Field(
        ge=0, allow_inf_nan=False,
        description="last year's spending from the fund, remittance excluded, yuan")
    last_year_benefits: float = Field(
        ge=0, allow_inf_nan=False, description="last year's unemployment benefits paid, yuan")
    last_year_contributions: float = Field(
        ge=0, allow_inf_nan=False,
        description="last year's actually paid contributions, firms and employees, yuan")
    benefit_recipients: float = Field(ge=0, allow_inf_nan=False,
                                      description="benefit recipients at the start, persons")
    monthly_benefit: float = Field(ge=0, allow_inf_nan=False,
                                   description="unemployment benefit per recipient per month, yuan")
    remittance_rate: float = Field(ge=0, le=1, allow_inf_nan=False,
                                   description="remittance to the pool ÷ last year's contributions")
    sme_share: float = Field(ge=0, le=1, allow_inf_nan=False,
                             description="share of contributions from small, medium, micro firms")
    large_share: float = Field(ge=0, le=1, allow_inf_nan=False,
                               description="share from large firms and social organisations")
    eligible_share_sme: float = Field(
        ge=0, le=1, allow_inf_nan=False,
        description="share of SME contributions from firms not excluded (zombie, 严重失信, "
        "environmental/industrial policy), arrears settled")
    eligible_share_large: float = Field(ge=0, le=1, allow_inf_nan=False,
                                        description="the same for large firms")
    zero_layoff_share: float = Field(ge=0, le=1, allow_inf_nan=False,
                                     description="share of contributions from firms with no lay-offs")
    layoff_rate: float = Field(ge=0, le=1, allow_inf_nan=False,
                               description="mean lay-off rate of the firms that lay off")
    small30_share: float = Field(ge=0, le=1, allow_inf_nan=False,
                                 description="share of SME contributions from firms with ≤ 30 insured")
    firms: float = Field(ge=0, allow_inf_nan=False, description="insured firms")
    sme_firm_share: float = Field(ge=0, le=1, allow_inf_nan=False,
                                  description="share of insured firms that are SMEs")
    difficult_share: float = Field(
        ge=0, le=1, allow_inf_nan=False,
        description="share of insured workers in firms in temporary difficulty that apply "
        "for the difficult-firm return each year")
    trainee_intake: float = Field(
        ge=0, allow_inf_nan=False,
        description="new 以工代训 trainees claimed per month while claims are accepted, persons")
    special_difficulty: bool = Field(description="1 if the region has special difficulty (特殊困难)")
    skills_opening_balance: float = Field(
        ge=0, allow_inf_nan=False,
        description="vocational-skills special account (职业技能提升行动专账) balance, yuan")
    cap_multiple: float | None = Field(
        None, ge=0, allow_inf_nan=False,
        description="optional: this region's pool cap multiple, overriding the law")

    @model_validator(mode="after")
    def _consistent(self) -> RegionRow:
        if abs(self.sme_share + self.large_share - 1.0) > 1e-6:
            raise ValueError(
                f"sme_share + large_share must be 1, got {self.sme_share + self.large_share:.6g}")
        if self.last_year_benefits > self.last_year_expenditure * (1 + 1e-9):
            raise ValueError("last_year_benefits is larger than last_year_expenditure")
        return self


COLUMNS = {name: f.description or "" for name, f in RegionRow.model_fields.items()}
REQUIRED = [n for n, f in RegionRow.model_fields.items() if f.is_required()]


@dataclass(frozen=True)
class Regions:
    """Region data as arrays (one entry per region, in file order)."""

    code: np.ndarray
    name: np.ndarray
    values: dict[str, np.ndarray]
    cap_override: np.ndarray  # NaN where the law's multiple applies

    def __len__(self) -> int:
        return len(self.code)

    def __getitem__(self, column: str) -> np.ndarray:
        return self.values[column]


def _read_table(path: Path) -> pd.DataFrame:
    file = str(path)
    if not path.exists():
        raise InputError([Problem(file, "", "", "file not found")])
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        if suffix in (".xlsx", ".xlsm"):
            return pd.read_excel(path, dtype=str, keep_default_na=False)
    except (ValueError, OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise InputError([Problem(file, "", "", f"cannot read table: {exc}")]) from None
    raise InputError([Problem(file, "", "", f"region data must be .csv or .xlsx, not '{suffix}'")])


def load_regions(path: Path) -> Regions:
    """Read and validate region data; raise InputError listing every problem."""
    file = str(path)
    table = _read_table(path)
    table.columns = [str(c).strip() for c in table.columns]
    problems: list[Problem] = []
    known = set(COLUMNS)
    for column in table.columns:
        if column not in known:
            problems.append(Problem(file, "row 1", column,
                                    "unknown column" + suggest(column, known)))
    for column in REQUIRED:
        if column not in table.columns:
            problems.append(Problem(file, "row 1", column, "required column is missing"))
    if problems:
        raise InputError(problems)
    if table.empty:
        raise InputError([Problem(file, "", "", "no region rows")])
    rows: list[RegionRow] = []
    seen: dict[str, int] = {}
    for index, record in enumerate(table.to_dict(orient="records")):
        row_no = index + 2
        cleaned = {k: (v.strip() if isinstance(v, str) else v) for k, v in record.items()}
        cleaned = {k: v for k, v in cleaned.items() if v != ""}
        try:
            row = RegionRow.model_validate(cleaned)
        except ValidationError as exc:
            for err in exc.errors():
                field = ".".join(str(x) for x in err["loc"]) or "row"
                value = cleaned.get(field)
                shown = f" (got {value!r})" if value is not None else ""
                message = "required value is missing" if err["type"] == "missing" else err["msg"]
                problems.append(Problem(file, f"row {row_no}", field, message + shown))
            continue
        if row.code in seen:
            problems.append(Problem(file, f"row {row_no}", "code",
                                    f"duplicate region code {row.code!r} (first at row {seen[row.code]})"))
            continue
        seen[row.code] = row_no
        rows.append(row)
    if problems:
        raise InputError(problems)
    numeric = [n for n in COLUMNS if n not in ("code", "name", "cap_multiple")]
    values = {n: np.array([float(getattr(r, n)) for r in rows]) for n in numeric}
    cap = np.array([np.nan if r.cap_multiple is None else r.cap_multiple for r in rows])
    return Regions(
        code=np.array([r.code for r in rows]),
        name=np.array([r.name for r in rows]),
        values=values,
        cap_override=cap,
    )
