"""The pipeline's outputs as an xarray Dataset, and writing a run's folder atomically.

Times to payment are calendar days from the application (or, with 免申即享, the confirmation)
to the payment run; stage times are working days. Money in yuan.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import xarray as xr
import yaml

from fundsim.base.delivery import write_folder
from fundsim.pipeline.fluid import MAX_LAG, cohort_kernel, fluid_pipeline, payment_kernel
from fundsim.pipeline.model import STAFFED, STAGE_NAMES, STAGES, Plan, Records

ROUTES = ("all", "general", "government", "training")
STATISTICS = ("median", "p90", "max", "mean")
TIMED_STAGES = ("window", "department", "joint", "joint_meeting", "government",
                "government_meeting", "publication", "payment")


def _stats(values: np.ndarray) -> np.ndarray:
    values = values[np.isfinite(values)]
    if not values.size:
        return np.full(len(STATISTICS), np.nan)
    return np.array([np.median(values), np.quantile(values, 0.9), values.max(), values.mean()])


def _busy(start: np.ndarray, service: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Reviewer time spent inside each interval of ``edges`` (working days), vectorised."""
    ok = np.isfinite(start)
    a = np.sort(start[ok])
    b = np.sort((start + service)[ok])
    ca = np.concatenate([[0.0], np.cumsum(a)])
    cb = np.concatenate([[0.0], np.cumsum(b)])
    na = np.searchsorted(a, edges)
    nb = np.searchsorted(b, edges)
    before = edges * na - ca[na] - (edges * nb - cb[nb])
    return np.diff(before)


def _month_index(days: np.ndarray, year: int) -> np.ndarray:
    months = days.astype("datetime64[M]") - np.datetime64(f"{year}-01", "M")
    return months.astype(np.int64)


def fluid_for_plan(plan: Plan, months: int) -> np.ndarray:
    """The fluid approximation fed the run's own arrivals, day by day: yuan paid (month,
    region)."""
    regions = len(plan.region_code)
    firms = plan.firms
    days = len(plan.calendar)
    day = np.floor(plan.arrive).astype(np.int64).clip(0, days - 1)
    flat = day * regions + firms.region

    def per_day(weights: np.ndarray) -> np.ndarray:
        return np.bincount(flat, weights=weights, minlength=days * regions).reshape(
            days, regions)

    gov = plan.government.astype(float)

    def periods(times: np.ndarray) -> np.ndarray:
        runs = np.zeros(days, dtype=bool)
        runs[np.floor(times).astype(np.int64).clip(0, days - 1)] = True
        return runs

    runs = {"payment": periods(plan.pay_runs), "joint": periods(plan.joint_meetings),
            "government": periods(plan.government_meetings)}
    result = fluid_pipeline(plan.config, per_day(np.ones(len(firms))), per_day(firms.amount),
                            per_day(gov), per_day(gov * firms.amount), plan.staff,
                            np.ones(days), plan.pay_runs, runs)
    month = _month_index(plan.calendar.days, plan.year).clip(0, months - 1)
    paid = np.zeros((months, regions))
    np.add.at(paid, month, result.payments)
    return paid


def build_dataset(plan: Plan, rec: Records, *, name: str, seed: int, stations: str,
                  version: str, scenario_record: str) -> xr.Dataset:
    """Assemble the outputs of one run (see docs/pipeline.md for every variable)."""
    cal = plan.calendar
    cfg = plan.config
    firms = plan.firms
    year = plan.year
    first = np.datetime64(f"{year}-01", "M")
    months = first + np.arange(int((np.datetime64(cal.last, "M") - first).astype(int)) + 1)
    n_months = len(months)
    regions = len(plan.region_code)
    edges = cal.month_bounds(months)

    paid_date = np.where(np.isfinite(rec.paid), cal.date_of(np.nan_to_num(rec.paid)),
                         np.datetime64("NaT"))
    days = (paid_date - plan.applied).astype("timedelta64[D]").astype(float)
    days[~np.isfinite(rec.paid)] = np.nan
    gov = plan.government
    stats = [_stats(days), _stats(days[~gov]), _stats(days[gov])]
    claims = plan.training
    if claims is not None:
        t_date = cal.date_of(np.nan_to_num(rec.training_paid))
        t_days = (t_date - claims.applied).astype("timedelta64[D]").astype(float)
        t_days[~np.isfinite(rec.training_paid)] = np.nan
        stats.append(_stats(t_days))
    else:
        stats.append(_stats(np.zeros(0)))

    # time spent in each stage (waiting and service), working days
    window_end = (rec.start["window"] + plan.service["window"]) if not cfg.automatic \
        else plan.arrive
    department_end = rec.start["department"] + plan.service["department"]
    gov_end = rec.start["government"] + plan.service["government"]
    spans = {
        "window": window_end - plan.arrive if not cfg.automatic else np.full(len(firms), np.nan),
        "department": department_end - window_end,
        "joint": rec.joint_done - department_end,
        "joint_meeting": rec.released - rec.joint_done,
        "government": np.where(gov, gov_end - rec.released, np.nan),
        "government_meeting": np.where(gov, rec.approved - gov_end, np.nan),
        "publication": rec.published - rec.approved,
        "payment": rec.paid - rec.published,
    }
    stage_days = np.array([_stats(spans[s]) for s in TIMED_STAGES])

    # reviewer utilisation per month: busy time ÷ (reviewers × working days)
    busy = {
        "window": _busy(rec.start["window"], plan.service["window"], edges),
        "department": _busy(rec.start["department"], plan.service["department"], edges),
        "joint": _busy(rec.start["joint"].ravel(), plan.service["joint"].ravel(), edges),
        "government": _busy(rec.start["government"], plan.service["government"], edges),
        "training": (_busy(rec.training_start, claims.service, edges) if claims is not None
                     else np.zeros(n_months)),
    }
    departments = cfg.joint_review.departments
    staff_total = {s: float(plan.staff[s].sum()) * (departments if s == "joint" else 1)
                   for s in STAFFED}
    wd = np.diff(edges)
    utilisation = np.array([np.divide(busy[s], staff_total[s] * wd, out=np.zeros(n_months),
                                      where=wd > 0) for s in STAFFED])

    # money by region and month
    def by_month(month: np.ndarray, region: np.ndarray, weights: np.ndarray) -> np.ndarray:
        ok = (month >= 0) & (month < n_months)
        flat = month[ok] * regions + region[ok]
        return np.bincount(flat, weights=weights[ok], minlength=n_months * regions).reshape(
            n_months, regions).T

    applied_month = _month_index(plan.applied, year)
    paid_month = np.where(np.isfinite(rec.paid), _month_index(paid_date, year), -1)
    payments = by_month(paid_month, firms.region, firms.amount)
    applications = by_month(applied_month, firms.region, firms.amount)
    if claims is not None:
        t_month = np.where(np.isfinite(rec.training_paid),
                           _month_index(cal.date_of(np.nan_to_num(rec.training_paid)), year), -1)
        training_paid = by_month(t_month, claims.region, claims.amount)
    else:
        training_paid = np.zeros((regions, n_months))
    fluid = fluid_for_plan(plan, n_months).T

    profile, lag = cohort_kernel(applied_month.astype(float),
                                 np.where(np.isfinite(rec.paid), paid_month, np.nan),
                                 firms.amount)
    fluid_profile, fluid_lag = payment_kernel(applications.sum(axis=0), fluid.sum(axis=0))
    total = max(applications.sum(), 1e-300)
    modelled = np.convolve(profile, lag)[:n_months] * applications.sum()
    schedule_error = float(np.abs(np.pad(modelled, (0, max(0, n_months - len(modelled))))[
        :n_months] - payments.sum(axis=0)).max() / total)

    unpaid = int((~np.isfinite(rec.paid)).sum())
    warnings = list(plan.warnings)
    if unpaid:
        warnings.append(f"{unpaid} firms not paid by {cal.last}: the staff cannot clear the "
                        "queue within the calendar")
    pad = lambda x: np.pad(np.asarray(x, float), (0, MAX_LAG - len(x)))  # noqa: E731
    month_coord = months.astype("datetime64[ns]")
    ds = xr.Dataset(
        {
            "days_to_payment": (("route", "statistic"), np.array(stats),
                                {"units": "days", "long_name": "calendar days from application "
                                 "to payment (以工代训: from the claim)"}),
            "stage_days": (("stage", "statistic"), stage_days,
                           {"units": "working days", "long_name": "time in each stage, waiting "
                            "and service, per case passing it"}),
            "queue": (("queue_stage", "day"), rec.queue,
                      {"units": "cases", "long_name": "cases waiting at the close of the "
                       "working day (for staff, a sitting, the end of publication, or a "
                       "payment run)"}),
            "staff": (("staffed_stage", "region"), np.array([plan.staff[s] for s in STAFFED]),
                      {"units": "persons", "long_name": "reviewers in each region's office "
                       "(joint review: per department)"}),
            "utilisation": (("staffed_stage", "month"), utilisation,
                            {"units": "1", "long_name": "reviewer time busy ÷ reviewer time "
                             "available (all regions)"}),
            "applications": (("region", "month"), applications,
                             {"units": "yuan", "long_name": "returns applied for (due), by "
                              "month of application"}),
            "payments": (("region", "month"), payments,
                         {"units": "yuan", "long_name": "returns paid to firms (稳岗返还), by "
                          "month of payment: the fund's outflow"}),
            "fluid_payments": (("region", "month"), fluid,
                               {"units": "yuan", "long_name": "returns paid by month, fluid "
                                "and Erlang C approximation fed the same applications"}),
            "training_payments": (("region", "month"), training_paid,
                                  {"units": "yuan", "long_name": "以工代训 paid from the skills "
                                   "account, by month"}),
            "payment_profile": (("month_of_year",), np.array(profile),
                                {"units": "share", "long_name": "share of the year's returns "
                                 "applied for each month (assumption payment_profile)"}),
            "payment_lag": (("lag",), pad(lag),
                            {"units": "share", "long_name": "share of a month's applications "
                             "paid 0, 1, … months later (assumption payment_lag)"}),
            "fluid_payment_profile": (("month_of_year",), np.array(fluid_profile),
                                      {"units": "share", "long_name": "payment_profile from "
                                       "the fluid approximation"}),
            "fluid_payment_lag": (("lag",), pad(fluid_lag),
                                  {"units": "share", "long_name": "payment_lag fitted to the "
                                   "fluid approximation's payments"}),
            "firm_region": (("firm",), plan.region_code[firms.region]),
            "firm_amount": (("firm",), firms.amount, {"units": "yuan"}),
            "firm_route": (("firm",), np.where(gov, "government", "general")),
            "firm_applied": (("firm",), plan.applied.astype("datetime64[ns]")),
            "firm_paid": (("firm",), paid_date.astype("datetime64[ns]")),
            "firm_days": (("firm",), days, {"units": "days"}),
        },
        coords={
            "route": list(ROUTES), "statistic": list(STATISTICS), "stage": list(TIMED_STAGES),
            "queue_stage": list(STAGES),
            "queue_stage_name": ("queue_stage", [STAGE_NAMES[s] for s in STAGES]),
            "day": cal.days.astype("datetime64[ns]"), "staffed_stage": list(STAFFED),
            "region": plan.region_code.astype(str),
            "region_name": ("region", plan.region_name.astype(str)),
            "month": month_coord, "month_of_year": np.arange(1, 13), "lag": np.arange(MAX_LAG),
        },
    )
    ds.attrs.update({
        "title": "fundsim pipeline: the administration of 稳岗返还 as a discrete-event model",
        "scenario": name, "year": year, "seed": seed, "stations": stations,
        "firms": len(firms), "training_claims": 0 if claims is None else len(claims.region),
        "automatic": int(cfg.automatic),
        "government_threshold": plan.threshold, "events": rec.events,
        "fundsim_version": version, "pipeline_config": yaml.safe_dump(
            cfg.model_dump(), allow_unicode=True, sort_keys=False),
        "run_record": scenario_record,
        "payment_profile": yaml.safe_dump(profile, default_flow_style=True).strip(),
        "payment_lag": yaml.safe_dump(lag, default_flow_style=True).strip(),
        "schedule_error": schedule_error,
        "warnings": "\n".join(warnings),
    })
    return ds


def payment_assumptions(ds: xr.Dataset, source: str = "simpy") -> dict[str, list[float]]:
    """{'payment_profile': 12 shares, 'payment_lag': shares} for the fund model's assumptions.

    ``source`` is ``simpy`` (the discrete-event run) or ``fluid`` (the approximation).
    """
    prefix = "" if source == "simpy" else "fluid_"
    if source not in ("simpy", "fluid"):
        raise ValueError(f"source must be 'simpy' or 'fluid', got {source!r}")
    profile = [float(x) for x in ds[f"{prefix}payment_profile"].values]
    lag = [float(x) for x in np.trim_zeros(ds[f"{prefix}payment_lag"].values, "b")]
    return {"payment_profile": _unit_sum(profile), "payment_lag": _unit_sum(lag or [1.0])}


def _unit_sum(shares: list[float]) -> list[float]:
    """Round to 6 decimals keeping the sum exactly one (the fund model checks it to 1e-9)."""
    rounded = [round(x, 6) for x in shares]
    biggest = int(np.argmax(rounded))
    rounded[biggest] = round(rounded[biggest] + 1.0 - sum(rounded), 9)
    return rounded


def fund_scenario(ds: xr.Dataset, extends: str) -> str:
    """A fund scenario (YAML text) extending ``extends`` with this run's payment timing."""
    record = {"name": f"{ds.attrs['scenario']}-paced",
              "description": f"{extends} with returns paid as the pipeline run "
                             f"{ds.attrs['scenario']} (seed {ds.attrs['seed']}) pays them",
              "extends": extends,
              "assumptions": payment_assumptions(ds)}
    return yaml.safe_dump(record, allow_unicode=True, sort_keys=False)


def write_run_files(ds: xr.Dataset, folder: Path, extends: str,
                    plot: Callable[[xr.Dataset, Path], list[Path]] | None = None) -> None:
    """Write pipeline.nc, payment.yaml, scenario.yaml, summary.csv (and plots) into a folder
    (a staging folder: :func:`write_run` makes the whole of it appear at once)."""
    ds.to_netcdf(folder / "pipeline.nc", engine="h5netcdf")  # the folder itself is staged
    (folder / "payment.yaml").write_text(
        "# Payment timing of returns from fundsim pipeline; merge into a scenario's "
        "assumptions\n" + yaml.safe_dump(payment_assumptions(ds), sort_keys=False),
        encoding="utf-8")
    (folder / "scenario.yaml").write_text(fund_scenario(ds, extends), encoding="utf-8")
    summary_table(ds).to_csv(folder / "summary.csv", encoding="utf-8-sig", float_format="%.2f")
    if plot is not None:
        plot(ds, folder)


def write_run(ds: xr.Dataset, folder: Path, extends: str,
              plot: Callable[[xr.Dataset, Path], list[Path]] | None = None) -> Path:
    """Write a pipeline run's outputs into ``folder`` atomically (``outputs.write_folder``)."""
    return write_folder(folder, lambda temp: write_run_files(ds, temp, extends, plot))


def summary_table(ds: xr.Dataset):
    """Days to payment by route (rows) and statistic (columns)."""
    table = ds["days_to_payment"].to_pandas()
    table.index.name = "route"
    return table
