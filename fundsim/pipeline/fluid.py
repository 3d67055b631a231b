"""A vectorised monthly approximation of the pipeline, for Monte Carlo runs of the fund model.

Per staffed stage, month by month, a fluid backlog: ``backlog = max(0, backlog + arrivals −
capacity)``; what leaves a stage in a month is delayed further by its mean service time and,
while the stage keeps up, by the Erlang C mean wait of an M/M/c queue (scipy). Sittings,
publication and payment runs add their mean delays. A flow delayed by ``d`` working days in a
month of ``w`` working days moves ``d / w`` months later, split linearly between the two
months it falls between. Arrays have the month first and any trailing axes (regions, paths,
scenarios); the only Python loops are over months and stages.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.optimize
import scipy.stats

from fundsim.pipeline.config import Dist, PipelineConfig

MAX_LAG = 12  # the fund model takes lags of 0 … 11 months


def erlang_c(arrival_rate: np.ndarray, service_rate: np.ndarray, servers: np.ndarray
             ) -> tuple[np.ndarray, np.ndarray]:
    """M/M/c: probability that a case waits, and the mean wait in the queue (rate units).

    ``inf`` wait (and probability 1) where the offered load reaches the staff
    (``arrival_rate >= servers × service_rate``).
    """
    lam, mu, c = np.broadcast_arrays(np.asarray(arrival_rate, float),
                                     np.asarray(service_rate, float),
                                     np.asarray(servers, float))
    load = lam / mu
    rho = load / c
    stable = rho < 1
    # Erlang C from the Poisson distribution: a^c/c! e^-a = pmf(c), Σ_{k<c} = cdf(c-1)
    pmf = scipy.stats.poisson.pmf(c, load)
    below = scipy.stats.poisson.cdf(c - 1, load)
    tail = np.divide(pmf, 1 - rho, out=np.zeros(rho.shape), where=stable)
    p_wait = np.where(stable, np.divide(tail, below + tail, out=np.ones(rho.shape),
                                        where=below + tail > 0), 1.0)
    p_wait = np.where(lam > 0, p_wait, 0.0)
    spare = c * mu - lam
    wait = np.divide(p_wait, spare, out=np.full(rho.shape, np.inf), where=stable)
    return p_wait, np.where(lam > 0, wait, 0.0)


def backlog_flow(inflow: np.ndarray, capacity: np.ndarray, amount: np.ndarray | None = None
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Fluid queue month by month: (cases out, backlog at month end, yuan out).

    Amounts leave in proportion to the cases (the mean amount of what is waiting).
    """
    out = np.zeros_like(inflow, dtype=float)
    backlog = np.zeros_like(inflow, dtype=float)
    money = None if amount is None else np.zeros_like(amount, dtype=float)
    held = np.zeros(inflow.shape[1:])
    held_money = np.zeros(inflow.shape[1:])
    for m in range(inflow.shape[0]):
        present = held + inflow[m]
        held = np.maximum(0.0, present - capacity[m])
        out[m] = present - held
        backlog[m] = held
        if money is not None:
            present_money = held_money + amount[m]
            share = np.divide(out[m], present, out=np.zeros_like(present), where=present > 0)
            money[m] = present_money * share
            held_money = present_money - money[m]
    return out, backlog, money


def shift(flow: np.ndarray, delay_days: np.ndarray, working_days: np.ndarray) -> np.ndarray:
    """Move each month's flow ``delay_days`` working days later (linear split between months).

    ``working_days`` is per month (M,); flow moved past the last month is dropped.
    """
    months = flow.shape[0]
    wd = working_days.reshape((-1,) + (1,) * (flow.ndim - 1))
    later = np.broadcast_to(np.asarray(delay_days, float), flow.shape) / wd
    whole = np.floor(later).astype(np.int64)
    frac = later - whole
    out = np.zeros_like(flow, dtype=float)
    for m in range(months):
        for k in np.unique(whole[m]):
            mask = whole[m] == k
            for target, part in ((m + k, 1.0 - frac[m]), (m + k + 1, frac[m])):
                if target < months:
                    out[target] += np.where(mask, flow[m] * part, 0.0)
    return out


def mean_max(dist: Dist, n: int) -> float:
    """Mean of the largest of ``n`` independent draws (the joint review waits for all)."""
    u = (np.arange(4000) + 0.5) / 4000
    return float(np.mean(dist.ppf(u ** (1.0 / n)))) if dist.dist != "constant" else dist.mean()


def mean_wait_for_runs(times: np.ndarray) -> float:
    """Mean wait to the next of ``times`` for a case ready at a uniform time between them."""
    gaps = np.diff(np.asarray(times, float))
    return float((gaps ** 2).sum() / (2 * gaps.sum())) if gaps.sum() > 0 else 0.0


@dataclass(frozen=True)
class FluidResult:
    """Monthly flows of the approximation (month first, then the caller's trailing axes)."""

    payments: np.ndarray     # yuan paid to firms
    paid_cases: np.ndarray
    backlog: dict[str, np.ndarray]


def gate(flow: np.ndarray, runs: np.ndarray) -> np.ndarray:
    """Hold a flow until the next period with a payment run (``runs``: bool per period)."""
    out = np.zeros_like(flow, dtype=float)
    held = np.zeros(flow.shape[1:])
    for t in range(flow.shape[0]):
        held = held + flow[t]
        if runs[t]:
            out[t] = held
            held = np.zeros(flow.shape[1:])
    return out


def fluid_pipeline(config: PipelineConfig, cases: np.ndarray, amounts: np.ndarray,
                   government_cases: np.ndarray, government_amounts: np.ndarray,
                   staff: dict[str, np.ndarray], working_days: np.ndarray,
                   pay_runs: np.ndarray, run_periods: dict[str, np.ndarray] | None = None
                   ) -> FluidResult:
    """Payments per period from arrivals per period (cases and yuan, period × regions × …).

    A period is a month (``working_days`` ≈ 21) or a working day (``working_days`` = 1).
    ``government_*`` is the part at or above the government-review threshold (included in
    ``cases``/``amounts``); ``staff`` is reviewers per region (trailing axes broadcast);
    ``pay_runs`` the payment-run clock times. With ``run_periods`` (for daily periods: bool
    per period for ``payment``, ``joint`` and ``government``) cases leave a sitting or a
    payment run only in periods that have one; without, half the interval between sittings
    and the mean wait for the next payment run are added as delays.
    """
    hours = config.hours_per_day
    wd = working_days.reshape((-1,) + (1,) * (cases.ndim - 1))
    backlogs: dict[str, np.ndarray] = {}

    def stage(name: str, flow: np.ndarray, money: np.ndarray, dist: Dist, servers: np.ndarray,
              service_delay: float) -> tuple[np.ndarray, np.ndarray]:
        mean_days = dist.mean() / hours
        servers = np.asarray(servers, float)
        capacity = servers * wd / max(mean_days, 1e-12)
        out, held, out_money = backlog_flow(flow, np.broadcast_to(capacity, flow.shape), money)
        backlogs[name] = held
        _, wait = erlang_c(flow / wd, 1.0 / max(mean_days, 1e-12), servers)
        wait = np.where(np.isfinite(wait), wait, 0.0)  # saturated: the backlog holds the delay
        delay = wait + service_delay
        return shift(out, delay, working_days), shift(out_money, delay, working_days)

    def later(flow: np.ndarray, days: float) -> np.ndarray:
        return shift(flow, np.full(flow.shape, days), working_days)

    flow, money = cases, amounts
    if not config.automatic:
        flow, money = stage("window", flow, money, config.window.service_hours, staff["window"],
                            config.window.service_hours.mean() / hours)
    flow, money = stage("department", flow, money, config.department.service_hours,
                        staff["department"], config.department.service_hours.mean() / hours)
    jr = config.joint_review
    flow, money = stage("joint", flow, money, jr.service_hours, staff["joint"],
                        mean_max(jr.service_hours, jr.departments) / hours)
    # the government share of what leaves the joint review (by cases and by yuan)
    total = cases.sum(axis=0)
    share = np.divide(government_cases.sum(axis=0), total, out=np.zeros(total.shape),
                      where=total > 0)
    total_money = amounts.sum(axis=0)
    share_money = np.divide(government_amounts.sum(axis=0), total_money,
                            out=np.zeros(total.shape), where=total_money > 0)
    gr = config.government_review
    if run_periods is None:
        meeting, g_meeting = jr.meeting_every_days / 2.0, gr.meeting_every_days / 2.0
        after = config.publication_days + mean_wait_for_runs(pay_runs)
    else:
        meeting = g_meeting = 0.0
        after = float(config.publication_days)
        if jr.meeting_every_days:
            flow, money = gate(flow, run_periods["joint"]), gate(money, run_periods["joint"])
    g_flow, g_money = stage("government", later(flow * share, meeting),
                            later(money * share_money, meeting), gr.service_hours,
                            staff["government"], gr.service_hours.mean() / hours)
    if run_periods is not None and gr.meeting_every_days:
        g_flow, g_money = gate(g_flow, run_periods["government"]), gate(
            g_money, run_periods["government"])
    paid = later(flow * (1 - share), meeting + after) + later(g_flow, g_meeting + after)
    paid_money = (later(money * (1 - share_money), meeting + after)
                  + later(g_money, g_meeting + after))
    if run_periods is not None:
        paid = gate(paid, run_periods["payment"])
        paid_money = gate(paid_money, run_periods["payment"])
    return FluidResult(payments=paid_money, paid_cases=paid, backlog=backlogs)


def payment_kernel(applied: np.ndarray, paid: np.ndarray) -> tuple[list[float], list[float]]:
    """The fund model's (payment_profile, payment_lag) from monthly yuan applied and paid.

    ``applied`` and ``paid`` are province totals by month from the policy year's January
    (applications within the year). The profile is the share applied each month; the lag is
    the non-negative kernel, summing to one, whose convolution with the profile best
    reproduces the payments (non-negative least squares, scipy).
    """
    applied = np.asarray(applied, float)
    paid = np.asarray(paid, float)
    total = applied[:12].sum()
    if total <= 0:
        return [1.0 / 12] * 12, [1.0]
    profile = applied[:12] / total
    months = max(len(paid), 12 + MAX_LAG)
    target = np.zeros(months)
    target[:len(paid)] = paid[:months] / total
    design = np.zeros((months, MAX_LAG))
    for k in range(MAX_LAG):
        design[k:k + 12, k] = profile
    weight = 100.0  # the shares must sum to one
    design = np.vstack([design, weight * np.ones(MAX_LAG)])
    target = np.append(target, weight)
    lag, _ = scipy.optimize.nnls(design, target)
    lag = lag / lag.sum()
    lag = np.trim_zeros(np.where(lag < 1e-9, 0.0, lag), "b")
    return [float(x) for x in profile / profile.sum()], [float(x) for x in lag / lag.sum()]


def cohort_kernel(applied_month: np.ndarray, paid_month: np.ndarray, amount: np.ndarray
                  ) -> tuple[list[float], list[float]]:
    """(payment_profile, payment_lag) from each case's month applied and paid (index from
    January of the policy year), weighted by amount. Lags beyond 11 months count as 11."""
    done = np.isfinite(paid_month)
    total = amount.sum()
    if total <= 0:
        return [1.0 / 12] * 12, [1.0]
    profile = np.bincount(applied_month.clip(0, 11).astype(int), weights=amount, minlength=12)
    lag_months = (paid_month[done] - applied_month[done]).clip(0, MAX_LAG - 1).astype(int)
    lag = np.bincount(lag_months, weights=amount[done], minlength=MAX_LAG)
    lag = np.trim_zeros(lag, "b")
    return ([float(x) for x in profile / profile.sum()],
            [float(x) for x in lag / lag.sum()] if lag.sum() > 0 else [1.0])
