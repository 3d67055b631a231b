"""``fundsim init DIR``: a folder a planner owns, ready to fill in and run.

It holds regions.xlsx (the region-data workbook, :mod:`fundsim.inputs.workbook`), scenario.yaml
(naming the workbook, the law, the horizon and assumptions.yaml), assumptions.yaml (every
assumption commented out at its default), law/ (an empty layer for one's own notices: the
provincial layer, or with a shipped province a layer stacked over its rules, ``local_layer:``)
and README.md (the next steps, in
Chinese and English). The folder is written whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from pathlib import Path

from fundsim.base.delivery import write_folder
from fundsim.base.errors import InputError, Problem, suggest
from fundsim.inputs import assumptions as assumptions_module
from fundsim.inputs.assumptions import Assumptions
from fundsim.inputs.workbook import write_workbook
from fundsim.law.layers import known_provinces
from fundsim.law.parameter import parameters_root

LAW = "law"
SOURCE = Path(assumptions_module.__file__)  # every assumption with its default and reason
MONTHS = 60


def init_problems(folder: Path, province: str | None) -> list[Problem]:
    """Why ``fundsim init`` cannot make ``folder`` (an unknown province, a non-empty folder)."""
    problems = []
    if province is not None and province not in known_provinces():
        known = known_provinces()
        problems.append(Problem("--province", "", province, f"no shipped provincial law of this "
                                f"name{suggest(province, known)}; shipped: {', '.join(known)} "
                                "(or leave --province out and add your own notices to law/)"))
    if folder.exists() and not folder.is_dir():
        problems.append(Problem(str(folder), "", "DIR", "is a file, not a folder"))
    elif folder.is_dir() and any(folder.iterdir()):
        problems.append(Problem(str(folder), "", "DIR", "already exists and is not empty: "
                                "fundsim init makes a new folder and never writes over files; "
                                "give a new folder name"))
    return problems


def scenario_text(name: str, province: str | None, start: int) -> str:
    """scenario.yaml, commented for the planner."""
    quoted = json.dumps(name, ensure_ascii=False)  # a YAML string whatever the folder's name
    if province:
        law = (f"# 法规 law: national law, fundsim's {province} rules over it, and your own "
               "notices in law/\n# over those (empty until you add files, see law/README.md).\n"
               f"province: {province}\nlocal_layer: {LAW}\n")
    else:
        law = ("# 法规 law: national law with your own provincial layer in law/ (empty until you "
               "add your\n# notices, see law/README.md).\n"
               f"province: {quoted}\nprovince_layer: {LAW}\n")
    return f"""\
# 情景 scenario written by `fundsim init`. 填好后 when filled in:
#   fundsim check scenario.yaml    (lists everything still to fill in or fix)
#   fundsim run scenario.yaml
name: {quoted}
description: >-
  {name}: 本省统筹地区数据(regions.xlsx)与现行法规。 The province's pooling regions
  (regions.xlsx) under current law.
# 地区数据 region data, one row per pooling region (.xlsx or .csv), relative to this file
data: regions.xlsx
{law}# 省级调剂金期初余额(元) the provincial pool's opening balance in yuan: fill it in
pool_opening_balance: 0
# 首个模拟月(须为1月;地区数据中的"上年"为其前一年) first simulated month, a January
# (the data's "last year" is the year before)
start: {start}-01
# 模拟月数 months simulated
months: {MONTHS}
# 假设 assumptions (growth, take-up, claimants): every key optional, see the file
assumptions: assumptions.yaml
"""


def assumptions_text() -> str:
    """assumptions.yaml: every simple assumption commented out at its default, with its
    meaning; the nested ones named."""
    lines = ["# 假设 assumptions: every key is optional; a key left out keeps the default shown.",
             "# 去掉行首的 # 并修改数值 / remove the '#' and change the value to set one.",
             f"# All of them, with their reasons: {SOURCE}", ""]
    for name, field in Assumptions.model_fields.items():
        default = field.default
        text = (field.description or "").split(" (")[0]
        if isinstance(default, int | float) and not isinstance(default, bool):
            lines.append(f"# {name}: {default:g}    # {text}")
        else:
            lines.append(f"# {name}: ...    # {text or 'a mapping'} (see {SOURCE.name})")
    return "\n".join(lines) + "\n"


def law_readme(province: str | None) -> str:
    """law/README.md: how to add a notice's parameter to the provincial layer."""
    national = parameters_root() / "national"
    if province:
        start = (f"本文件夹是你自己的法规层,叠加在 fundsim 自带的 {province} 省级法规之上:"
                 "在此添加本地文件,只在其日期起替代下层的值。\n"
                 f"This folder is your own layer, stacked over fundsim's {province} rules: a "
                 "file here replaces their value only from its own dates.")
    else:
        start = ("本文件夹是空的省级法规层:运行只用国家法规,直到你在此添加本省文件。\n"
                 "This provincial layer is empty: runs use national law until you add files.")
    return f"""\
# 省级法规层 Provincial law layer

{start}

每个参数一个 YAML 文件,放在与国家法规文件相同的路径(国家法规见 `fundsim params` 和
`{national}`),只写本省规定的日期和数值,并注明文件号。
One YAML file per parameter, at the national file's path (see `fundsim params` and the national
files), holding only the dated values your province set, each with its notice.

例 Example — 本省2021年起中小微企业返还比例60%,file `returns/ratio/sme.yaml`:

```yaml
metadata:
  reference:
    2021-01-01: "(本省文件号 your notice's number) 第二条 — 中小微企业按60%返还"
  end:
    2021-01-01: 2021-12-31   # 可选 optional: the value's last day, national law after it
values:
  2021-01-01: 0.6
```

改好后运行 `fundsim check ../scenario.yaml` 与 `fundsim params ../scenario.yaml`:每个值都注明其
层级(`[national]` 或本省)。Then `fundsim check` and `fundsim params` on the scenario show
every value with its layer.
"""


def readme(name: str, province: str | None) -> str:
    """README.md: the next steps, in Chinese and English."""
    law = (f"law/ 是叠加在 {province} 省级法规之上的空法规层 / law/ is an empty layer of your own "
           f"over the {province} rules"
           if province else "law/ 是空的省级法规层 / law/ is an empty provincial layer")
    return f"""\
# {name}

由 `fundsim init` 生成 / made by `fundsim init`. {law}.

## 下一步 Next steps

1. **填写 regions.xlsx** 的「地区数据」表:每个统筹地区一行(从第3行起),删除示例行。「说明」表给出
   每列的含义、单位、范围和来源。金额单位为元;比例可写 0.05 或 5%;可用千分位 160,000。
   **Fill in regions.xlsx**, sheet 地区数据: one row per pooling region from row 3, then delete
   the example row. Sheet 说明 gives every column's meaning, unit, range and source. Money in
   yuan; shares as 0.05 or 5%; 160,000 is fine. A CSV (UTF-8 or GBK) works too: change `data:`.
2. **填写 scenario.yaml**:`pool_opening_balance`(省级调剂金期初余额,元)、`start`、`months`。
   **Fill in scenario.yaml**: the pool's opening balance (yuan), `start`, `months`.
3. 可选 optional: assumptions.yaml(增长率、申领率等假设 / growth, take-up, claimants) and
   law/(本省文件 / your province's notices, see law/README.md).
4. **检查 Check**: `fundsim check scenario.yaml` — 逐条列出仍需填写或修改之处 / lists every cell
   or key still to fill in or fix.
5. **运行 Run**: `fundsim run scenario.yaml` — 结果写入 outputs/ / results in outputs/.
"""


def init_folder(folder: Path, province: str | None = None) -> Path:
    """Make the planner's folder (see the module); InputError when it cannot."""
    problems = init_problems(folder, province)
    if problems:
        raise InputError(problems)
    name = folder.resolve().name
    start = dt.date.today().year

    def fill(target: Path) -> None:
        write_workbook(target / "regions.xlsx")
        (target / "scenario.yaml").write_text(scenario_text(name, province, start),
                                              encoding="utf-8")
        (target / "assumptions.yaml").write_text(assumptions_text(), encoding="utf-8")
        law = target / LAW
        law.mkdir()
        (law / "README.md").write_text(law_readme(province), encoding="utf-8")
        (target / "README.md").write_text(readme(name, province), encoding="utf-8")

    try:
        if not folder.is_dir():
            return write_folder(folder, fill)
        # an empty folder the planner may be inside (`fundsim init .`): kept, filled through a
        # hidden folder in it whose files then move up
        temp = Path(tempfile.mkdtemp(prefix=".fundsim-init-", dir=folder))
        try:
            fill(temp)
            for child in sorted(temp.iterdir()):
                os.replace(child, folder / child.name)
        finally:
            shutil.rmtree(temp, ignore_errors=True)
        return folder
    except OSError as exc:
        raise InputError([Problem(str(folder), "", "DIR", f"cannot write the folder: "
                                  f"{exc.strerror or exc}")]) from None
