"""The opening state of each pooling region: one row per region, from CSV or an Excel sheet.

Every column, its unit and meaning is in ``COLUMNS`` (and in the README). Rows are validated
with pydantic; every problem is reported with its spreadsheet row (the header is row 1).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from fundsim.base.errors import InputError, Problem, suggest


class RegionRow(BaseModel):
    """One pooling region (统筹地区). Money in yuan; shares in [0, 1]."""

    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=1, description="region code (行政区划代码), unique")
    name: str = Field(min_length=1, description="Chinese name, e.g. 呼和浩特市")
    insured: float = Field(gt=0, allow_inf_nan=False,
                           description="insured workers (参保人数), persons")
    wage: float = Field(gt=0, allow_inf_nan=False,
                        description="average monthly contribution wage, yuan")
    opening_balance: float = Field(
        ge=0, allow_inf_nan=False,
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
    zero_layoff_share: float = Field(
        ge=0, le=1, allow_inf_nan=False,
        description="share of contributions from firms with no lay-offs")
    layoff_rate: float = Field(ge=0, le=1, allow_inf_nan=False,
                               description="mean lay-off rate of the firms that lay off")
    small30_share: float = Field(
        ge=0, le=1, allow_inf_nan=False,
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
    special_difficulty: bool = Field(
        description="1 if the region has special difficulty (特殊困难)")
    skills_opening_balance: float = Field(
        ge=0, allow_inf_nan=False,
        description="vocational-skills special account (职业技能提升行动专账) balance, yuan")
    cap_multiple: float | None = Field(
        None, ge=0, allow_inf_nan=False,
        description="optional: this region's pool cap multiple, overriding the law")
    adjustment_share: float = Field(
        0.0, ge=0, le=1, allow_inf_nan=False,
        description="optional: share of contributions paid by firms in industries with heavy "
                    "capacity-cut tasks (钢铁、煤炭、煤电), blank = 0")
    social_org_share: float = Field(
        0.0, ge=0, le=1, allow_inf_nan=False,
        description="optional: share of contributions paid by social organisations (社会团体、"
                    "基金会、社会服务机构、律师事务所、会计师事务所、以单位形式参保的个体工商户), "
                    "counted in large_share; blank = 0")
    wage_class: float = Field(
        0.0, ge=0, le=4, allow_inf_nan=False,
        description="optional: minimum-wage area class (1–4) of the region's main urban area, "
                    "for a benefit set as a share of the minimum wage; blank = 0 (none: the "
                    "benefit is monthly_benefit)")

    @model_validator(mode="after")
    def _consistent(self) -> RegionRow:
        if abs(self.sme_share + self.large_share - 1.0) > 1e-6:
            raise ValueError(
                f"sme_share + large_share must be 1, got {self.sme_share + self.large_share:.6g}")
        if self.social_org_share > self.large_share + 1e-9:
            raise ValueError(f"social_org_share ({self.social_org_share:g}) is part of "
                             f"large_share ({self.large_share:g}) and cannot exceed it")
        if self.wage_class != int(self.wage_class):
            raise ValueError(f"wage_class must be a whole class 0–4, got {self.wage_class:g}")
        if self.last_year_benefits > self.last_year_expenditure * (1 + 1e-9):
            raise ValueError("last_year_benefits is larger than last_year_expenditure")
        return self


COLUMNS = {name: f.description or "" for name, f in RegionRow.model_fields.items()}
REQUIRED = [n for n, f in RegionRow.model_fields.items() if f.is_required()]
#: Optional numeric columns and the value a region has without them.
OPTIONAL = {n: f.default for n, f in RegionRow.model_fields.items()
            if not f.is_required() and isinstance(f.default, float)}


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
        """A column; an optional one the data lack holds its default in every region."""
        if column not in self.values and column in OPTIONAL:
            return np.full(len(self.code), OPTIONAL[column])
        return self.values[column]


def _read_csv(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and (spreadsheet row, cells) of each non-blank row; the header is row 1."""
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        byte = exc.object[exc.start]
        raise InputError([Problem(file, "", "", f"not UTF-8 text (byte 0x{byte:02x} at position "
                                  f"{exc.start}): save it as 'CSV UTF-8', e.g. from Excel, or "
                                  "convert it from GBK")]) from None
    except OSError as exc:
        raise InputError([Problem(file, "", "", f"cannot read file: {exc.strerror or exc}")]
                         ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    try:
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue  # a blank line keeps its row number but is no region
            if header is None:
                header = cells
            else:
                rows.append((reader.line_num, cells))
    except csv.Error as exc:
        raise InputError([Problem(file, f"row {reader.line_num}", "", f"broken CSV: {exc}")]
                         ) from None
    if header is None:
        raise InputError([Problem(file, "", "", "the file is empty: no header row")])
    return header, rows


def _read_excel(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """As :func:`_read_csv`, from the first sheet of a workbook (header in row 1)."""
    try:
        table = pd.read_excel(path, dtype=str, keep_default_na=False, header=None)
    except (ValueError, OSError, KeyError) as exc:
        raise InputError([Problem(str(path), "", "", f"cannot read workbook: {exc}")]) from None
    cells = [["" if pd.isna(v) else str(v) for v in row] for row in table.itertuples(index=False)]
    if not cells:
        raise InputError([Problem(str(path), "", "", "the sheet is empty: no header row")])
    return cells[0], [(i + 1, row) for i, row in enumerate(cells) if i and any(
        c.strip() for c in row)]


def _read_table(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    file = str(path)
    if not path.is_file():
        raise InputError([Problem(file, "", "", "file not found")])
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path)
    if suffix in (".xlsx", ".xlsm"):
        return _read_excel(path)
    raise InputError([Problem(file, "", "", f"region data must be .csv or .xlsx, not '{suffix}'")])


def load_regions(path: Path) -> Regions:
    """Read and validate region data; raise InputError listing every problem."""
    file = str(path)
    header, table = _read_table(path)
    header = [c.strip() for c in header]
    if len(header) == 1 and any(sep in header[0] for sep in (";", "\t")):
        raise InputError([Problem(file, "row 1", "", "the columns are separated by ';' or tabs, "
                                  "not commas: save the file as CSV with commas")])
    problems: list[Problem] = []
    known = set(COLUMNS)
    # a column with no header and no values (a trailing comma, an Excel blank) is ignored
    used = [i for i, c in enumerate(header)
            if c or any(i < len(cells) and cells[i].strip() for _, cells in table)]
    for i in used:
        column = header[i]
        if not column:
            problems.append(Problem(file, "row 1", f"column {i + 1}",
                                    "a column without a name holds values"))
        elif column not in known:
            problems.append(Problem(file, "row 1", column,
                                    "unknown column" + suggest(column, known)))
        elif header.index(column) != i:
            problems.append(Problem(file, "row 1", column,
                                    f"column appears twice (columns {header.index(column) + 1} "
                                    f"and {i + 1})"))
    for column in REQUIRED:
        if column not in header:
            problems.append(Problem(file, "row 1", column, "required column is missing"))
    if problems:
        raise InputError(problems)
    if not table:
        raise InputError([Problem(file, "", "", "no region rows")])
    rows: list[RegionRow] = []
    seen: dict[str, int] = {}
    for row_no, cells in table:
        extra = [c for c in cells[len(header):] if c.strip()]
        if extra:
            problems.append(Problem(file, f"row {row_no}", "",
                                    f"{len(cells)} cells, but the header has {len(header)} "
                                    f"columns (a comma inside a value?)"))
            continue
        short = [header[i] for i in range(len(cells), len(header)) if header[i] in REQUIRED]
        if short:
            problems.append(Problem(file, f"row {row_no}", short[0],
                                    f"{len(cells)} cells, but the header has {len(header)} "
                                    f"columns: no value for {', '.join(short[:3])}"
                                    + (", …" if len(short) > 3 else "")))
            continue
        cleaned = {header[i]: cells[i].strip() for i in used if i < len(cells)}
        code = cleaned.get("code", "")
        if code in seen:
            problems.append(Problem(file, f"row {row_no}", "code",
                                    f"duplicate region code {code!r}: rows {seen[code]} and "
                                    f"{row_no}"))
        elif code:
            seen[code] = row_no
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


PROVINCE_CODE = "province"


def provincial(regions: Regions, pool_opening_balance: float) -> Regions:
    """The regions' funds merged into one provincial fund (省级统筹), with the pool inside it.

    Stocks and flows add up; rates and shares are averaged with the weights that make the
    totals right (wage by insured, benefit by recipients, contribution shares by contributions,
    eligibility by the size class's contributions, firm shares by firms). One fund remits to no
    pool (rate 0), and the pool's opening balance joins the fund's. The lay-off pass share is
    non-linear, so the merged fund's eligible contributions differ slightly from the regions'
    sum: a stated approximation.
    """
    v = regions.values
    contrib = v["last_year_contributions"]
    sme, large = contrib * v["sme_share"], contrib * v["large_share"]

    def mean(column: str, weights: np.ndarray) -> float:
        values = regions[column]
        total = weights.sum()
        return float((values * weights).sum() / total) if total > 0 else float(values.mean())

    summed = ("insured", "opening_balance", "last_year_expenditure", "last_year_benefits",
              "last_year_contributions", "benefit_recipients", "firms", "trainee_intake",
              "skills_opening_balance")
    merged = {column: float(v[column].sum()) for column in summed}
    merged["opening_balance"] += pool_opening_balance
    merged.update(
        wage=mean("wage", v["insured"]),
        monthly_benefit=mean("monthly_benefit", v["benefit_recipients"]),
        sme_share=mean("sme_share", contrib), large_share=mean("large_share", contrib),
        eligible_share_sme=mean("eligible_share_sme", sme),
        eligible_share_large=mean("eligible_share_large", large),
        zero_layoff_share=mean("zero_layoff_share", contrib),
        layoff_rate=mean("layoff_rate", contrib * (1 - v["zero_layoff_share"])),
        small30_share=mean("small30_share", sme),
        sme_firm_share=mean("sme_firm_share", v["firms"]),
        difficult_share=mean("difficult_share", v["insured"]),
        adjustment_share=mean("adjustment_share", contrib),
        social_org_share=mean("social_org_share", contrib),
        # one class for the merged fund: the class holding most recipients (stated)
        wage_class=float(regions["wage_class"][np.argmax(v["benefit_recipients"])]),
        remittance_rate=0.0, special_difficulty=0.0,
    )
    return Regions(code=np.array([PROVINCE_CODE]), name=np.array(["全省(省级统筹)"]),
                   values={k: np.array([merged[k]]) for k in merged},
                   cap_override=np.array([np.nan]))
