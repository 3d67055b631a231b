"""The results Dataset of a run (CONTRACT.md): variables, units, accounting attributes and the
run record.

Every money flow of a region's fund carries ``flow`` = ``in``/``out`` so that
``balance[t] = balance[t-1] + Σ in − Σ out`` can be checked from the file alone; flows to or from
the pool or the skills account also carry ``counterpart``; flows of those ledgers alone carry
``ledger``; parts of a flow carry ``component_of`` and no ``flow`` (so nothing counts twice).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import xarray as xr

from fundsim.base.lazy_dask import defer_dask_detection
from fundsim.inputs.actuals import Actuals
from fundsim.inputs.regions import Regions
from fundsim.inputs.scenario import Scenario
from fundsim.model.inputs import EngineInputs

# every Dataset fundsim makes is made below this module: xarray would import dask.array
# (0.5 s) to make one whenever dask is installed (fundsim.base.lazy_dask)
defer_dask_detection()

YUAN = "yuan"
#: Variables of a results file that are the same on every path (inputs, not the engine's).
GIVEN = ("covered_wages", "skills_subsidy", "skills_transfer", "training_subsidies",
         "other_spending", "trainees", "training_paid", "skills_balance")
# name: (long_name, units, extra attributes)
VARIABLES: dict[str, tuple[str, str, dict[str, str]]] = {
    "balance": ("rolling balance at month end (滚存结余)", YUAN, {}),
    "contributions": ("contribution income (失业保险费收入)", YUAN, {"flow": "in"}),
    "interest": ("interest on the balance (利息收入)", YUAN, {"flow": "in"}),
    "pool_transfer": ("received from the provincial pool (调剂金拨入)", YUAN,
                      {"flow": "in", "counterpart": "pool"}),
    "fiscal_subsidy": ("public-finance top-up (财政补贴)", YUAN, {"flow": "in"}),
    "pooling_transfer": ("received from (+) or paid to (−) the other regions of one province-wide "
                         "fund (自治区级统筹), netting to zero over the province", YUAN,
                         {"flow": "in", "counterpart": "province"}),
    "benefits": ("unemployment benefits paid (失业保险金)", YUAN, {"flow": "out"}),
    "medical_insurance": ("basic medical insurance paid for benefit recipients (失业人员基本医疗"
                          "保险费, 社会保险法 第四十八条)", YUAN, {"flow": "out"}),
    "funeral_grants": ("funeral grants and survivors' pensions for recipients who die (丧葬补助金"
                       "和抚恤金, 社会保险法 第四十九条): expected deaths × the grant", YUAN,
                       {"flow": "out"}),
    "price_subsidies": ("temporary price subsidies for recipients while the CPI rule triggers "
                        "them (价格临时补贴)", YUAN, {"flow": "out"}),
    "unemployment_subsidy": ("失业补助金 for the exhausted and the insured unemployed not entitled "
                             "to benefit, while in force (expanded coverage, seed 004 三)", YUAN,
                             {"flow": "out"}),
    "living_allowance": ("临时生活补助 for migrant workers insured under a year, while in force "
                         "(expanded coverage, seed 004 三)", YUAN, {"flow": "out"}),
    "migrant_lump_sum": ("one-off living allowance of migrant contract workers (农民合同制工人"
                         "一次性生活补助, 失业保险条例 第二十一条)", YUAN, {"flow": "out"}),
    "training_subsidies": ("vocational training and job-placement subsidies (职业培训补贴、职业"
                           "介绍补贴, 失业保险条例 第十条)", YUAN, {"flow": "out"}),
    "skills_subsidy": ("skill-improvement subsidies (技能提升补贴)", YUAN, {"flow": "out"}),
    "other_spending": ("other spending that cannot be itemised (其他支出, a stated assumption)",
                       YUAN, {"flow": "out"}),
    "returns_paid": ("job-stabilisation returns paid to firms, general and difficult-firm "
                     "(稳岗返还)", YUAN, {"flow": "out"}),
    "remittance": ("remitted to the provincial pool (上解调剂金)", YUAN,
                   {"flow": "out", "counterpart": "pool"}),
    "skills_transfer": ("transferred to the skills account to cover 以工代训", YUAN,
                        {"flow": "out", "counterpart": "skills"}),
    "loan_repayment": ("principal of the pool's loans repaid to the pool in January from the "
                       "surplus above the own-fund floor (policy.pool.support: loan)", YUAN,
                       {"flow": "out", "counterpart": "pool", "ledger": "loans",
                        "ledger_flow": "out"}),
    "loan_interest": ("interest paid to the pool on the loans outstanding at the end of last "
                      "month (policy.pool.loan_interest_rate ÷ 12)", YUAN,
                      {"flow": "out", "counterpart": "pool"}),
    "loan_advances": ("the part of pool_transfer lent, not granted (policy.pool.support: loan): "
                      "owed to the pool from the end of January", YUAN,
                      {"ledger": "loans", "ledger_flow": "in"}),
    "loans_outstanding": ("owed to the provincial pool at month end (the pool's loans less "
                          "repayments)", YUAN, {"stock_of": "loans"}),
    "returns_general": ("general return paid (普惠性稳岗返还)", YUAN,
                        {"component_of": "returns_paid"}),
    "returns_difficult": ("difficult-firm return paid (困难企业稳岗返还)", YUAN,
                          {"component_of": "returns_paid"}),
    "fiscal_subsidy_returns": ("public finance funding returns the pool could not cover", YUAN,
                               {"component_of": "fiscal_subsidy"}),
    "fiscal_subsidy_deficit": ("public finance keeping the balance from going negative", YUAN,
                               {"component_of": "fiscal_subsidy"}),
    "reserve_months": ("months of reserve as assessed for the tests in force (备付月数)", "months",
                       {}),
    "contribution_rate": ("contribution rate in force, employer and employee (失业保险费率): the "
                          "band of policy.contributions.schedule the region's reserve reached "
                          "in January, at most the national rate; recorded where the schedule "
                          "is on in some month", "share", {}),
    "passes_12": ("passes the general-return reserve test (reserve_months >= general_months)",
                  "1", {}),
    "passes_24": ("passes the difficult-firm reserve test (reserve_months >= difficult_months)",
                  "1", {}),
    "passes_general": ("passes the general-return reserve test in force (the same as passes_12)",
                       "1", {}),
    "passes_difficult": ("passes the difficult-firm reserve test in force (the same as "
                         "passes_24)", "1", {}),
    "general_months": ("months of reserve the general-return test asks for, in force that month "
                       "(policy.reserve.general_months)", "months", {}),
    "difficult_months": ("months of reserve the difficult-firm test asks for, in force that "
                         "month (policy.reserve.difficult_months)", "months", {}),
    "recipients": ("unemployment benefit recipients at month end", "persons", {}),
    "new_claims": ("new benefit claims this month", "persons", {}),
    "exhaustions": ("recipients whose entitlement ran out this month (12, 18 or 24 months by "
                    "years of contribution)", "persons", {}),
    "subsidy_recipients": ("people paid 失业补助金 this month", "persons", {}),
    "allowance_recipients": ("people paid 临时生活补助 this month", "persons", {}),
    "firms_covered": ("firms paid a return this month (a firm paid both returns counts twice)",
                      "firms", {}),
    "workers_covered": ("insured workers in firms paid a return this month", "persons", {}),
    "trainees": ("people whose 以工代训 subsidy is paid this month", "persons", {}),
    "training_paid": ("以工代训 paid from the skills account", YUAN,
                      {"ledger": "skills", "ledger_flow": "out"}),
    "skills_balance": ("skills special account balance at month end", YUAN, {"stock_of": "skills"}),
    "pool_balance": ("provincial adjustment pool balance at month end", YUAN, {}),
    "pool_interest": ("interest earned by the pool", YUAN, {"ledger": "pool", "ledger_flow": "in"}),
    "province_reserve_months": (
        "months of reserve of the province as one fund (regions and the pool), assessed each "
        "January: their year-end balances ÷ the regions' monthly spending of that year", "months",
        {}),
    "cap_multiple": ("pool cap multiple in force for the region", "multiple", {}),
    "actual_adjustment": ("in a month of actual accounts, the reported balance less the balance "
                          "the month's flows (reported, or the model's where not reported) give: "
                          "what the reported flows leave unexplained; 0 in projected months",
                          YUAN, {"flow": "in"}),
    "covered_wages": ("covered wages: insured × contribution wage (central path; stochastic "
                      "paths scale contributions by their own wage level)", YUAN, {}),
}


def build_dataset(scenario: Scenario, regions: Regions, inp: EngineInputs,
                  out: dict[str, np.ndarray], paths: int, seed: int | None,
                  version: str) -> xr.Dataset:
    """Assemble the CONTRACT.md Dataset (dims region, month[, path])."""
    stochastic = paths > 1
    months = inp.calendar.months.astype("datetime64[ns]")
    coords: dict[str, object] = {
        "region": ("region", regions.code.astype(str)),
        "region_name": ("region", regions.name.astype(str)),
        "month": ("month", months),
    }
    if stochastic:
        coords["path"] = ("path", np.arange(paths, dtype=np.int64))

    def regional(array: np.ndarray) -> xr.DataArray:
        if array.ndim == 2:  # month × region, the same on every path
            if stochastic:
                array = np.broadcast_to(array[:, :, None], array.shape + (paths,))
            else:
                array = array[:, :, None]
        if not stochastic:
            return xr.DataArray(array[:, :, 0], dims=("month", "region")).transpose()
        return xr.DataArray(array, dims=("month", "region", "path")).transpose(
            "region", "month", "path")

    def pooled(array: np.ndarray) -> xr.DataArray:
        return xr.DataArray(array if stochastic else array[:, 0],
                            dims=("month", "path") if stochastic else ("month",))

    data: dict[str, xr.DataArray] = {}
    for name, array in out.items():
        data[name] = pooled(array) if array.ndim == 2 else regional(array)
    given = {"covered_wages": inp.contributions.covered_wages,
             "skills_subsidy": inp.skills.subsidy, "skills_transfer": inp.skills.transfer,
             "training_subsidies": inp.services.training, "other_spending": inp.services.other,
             "trainees": inp.skills.trainees, "training_paid": inp.skills.training_paid,
             "skills_balance": inp.skills.balance}
    for name in GIVEN:  # the same on every path: not the engine's to compute
        data[name] = regional(given[name][..., 0])
    for alias, flag in (("passes_general", "passes_12"), ("passes_difficult", "passes_24")):
        if flag in data:  # the engine's flags under the names of the tests
            data[alias] = data[flag].copy()
    for name in ("general_months", "difficult_months"):  # the thresholds in force
        data[name] = xr.DataArray(scenario.monthly(f"policy.reserve.{name}").astype(float),
                                  dims="month")
    data["cap_multiple"] = xr.DataArray(inp.pool.cap_multiple[..., 0],
                                        dims=("month", "region")).transpose()
    ds = xr.Dataset(data, coords=coords)
    for name in ds.data_vars:
        long_name, units, extra = VARIABLES[name]
        ds[name].attrs.update({"long_name": long_name, "units": units, **extra})
    for name, array, long_name, units in (
            ("insured", inp.contributions.insured, "insured workers (central path)", "persons"),
            ("contribution_wage", inp.contributions.wage,
             "average monthly contribution wage (central path)", "yuan/person/month")):
        ds[name] = xr.DataArray(array[..., 0], dims=("month", "region")).transpose().assign_attrs(
            long_name=long_name, units=units)
    ds["opening_balance"] = xr.DataArray(inp.opening.balance, dims=("region",), attrs={
        "long_name": "rolling balance before the first month", "units": YUAN})
    ds["skills_opening_balance"] = xr.DataArray(
        regions["skills_opening_balance"], dims=("region",),
        attrs={"long_name": "skills account balance before the first month", "units": YUAN,
               "stock_of": "skills"})
    ds["last_year_expenditure"] = xr.DataArray(inp.opening.spent_total, dims=("region",), attrs={
        "long_name": "spending in the year before the first month (data; first reserve test)",
        "units": YUAN})
    ds["pool_opening_balance"] = xr.DataArray(inp.opening.pool_balance, attrs={
        "long_name": "provincial pool balance before the first month", "units": YUAN})
    ds.attrs.update({
        "title": f"fundsim run: {scenario.name}",
        "scenario": scenario.name,
        "scenario_description": scenario.description,
        "scenario_source": scenario.shown_source,
        "parameters": scenario.resolved_yaml(),
        "seed": -1 if seed is None else int(seed),
        "paths": int(paths),
        "fundsim_version": version,
        "general_months": float(inp.tests.general_months[0, 0]),
        "difficult_months": float(inp.tests.difficult_months[0, 0]),
        "warnings": "\n".join(scenario.warnings),
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "money_units": "yuan",
    })
    return ds


def mark_actuals(ds: xr.Dataset, actuals: Actuals, plan: dict[str, np.ndarray]) -> xr.Dataset:
    """A run given actual months: which months are actual (``actual``), where the actuals came
    from, and the same scenario's central projection without them (``plan_balance``,
    ``plan_reserve_months``, ``plan_pool_balance``, ``plan_province_reserve_months``: the
    projection the actuals are checked against)."""
    months = ds.sizes["month"]
    flag = np.zeros(months, dtype=bool)
    flag[:len(actuals.months)] = True
    ds["actual"] = xr.DataArray(flag, dims="month", attrs={
        "long_name": "the month's figures are the reported actuals (the rest is projected)",
        "units": "1"})
    for name, what, units in (
            ("balance", "rolling balance at month end", YUAN),
            ("reserve_months", "months of reserve as assessed", "months"),
            ("pool_balance", "provincial pool balance at month end", YUAN),
            ("province_reserve_months", "months of reserve of the province as one fund, "
             "assessed each January", "months")):
        array = plan[name][..., 0]  # (month, region) or, for the pool's, (month,)
        dims = ("month", "region")[:array.ndim]
        ds[f"plan_{name}"] = xr.DataArray(array, dims=dims).transpose(*reversed(dims)).assign_attrs(
            long_name=f"{what}, projected by the same scenario without the actuals (central "
                      "path)", units=units)
    ds.attrs["actuals_source"] = actuals.source
    ds.attrs["last_actual_month"] = str(actuals.last_month)
    return ds
