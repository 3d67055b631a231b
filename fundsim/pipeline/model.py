"""The administration pipeline as a SimPy discrete-event model.

A firm applies (or, with 免申即享, is pushed by data matching and confirms), passes the window
check, the department review, the joint review by N departments in parallel and, at or above
the threshold, the city government's review; the joint meeting and the government sit on set
working days; the result is published for a number of working days; the money goes out at the
first payment run after that. 以工代训 claims are reviewed and paid on the pay day of the next
month when made by the cutoff day (seed 001 三(五)). Time is the working-day clock of
:mod:`fundsim.pipeline.calendar`; every random draw is made before the run.

Staffed stages are first-come-first-served with ``c`` reviewers. Two implementations give the
same times (tested): ``"resource"`` runs a SimPy process per case queueing on
``simpy.Resource`` stations (the textbook form); ``"fifo"`` (the default) gives an arriving
case the reviewer who frees up first, which fixes its start and end at arrival (the
Kiefer–Wolfowitz recursion, exact for first-come-first-served service that does not depend on
the queue), and moves each case on by event callbacks: one timeout per stage, one for all the
joint-review departments, no process start or end events.
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
import multiprocessing
from collections.abc import Callable
from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, wait
from dataclasses import dataclass, field

import numpy as np
import simpy

from fundsim.inputs.regions import Regions
from fundsim.inputs.scenario import Scenario
from fundsim.pipeline.calendar import WorkCalendar
from fundsim.pipeline.config import Dist, PipelineConfig
from fundsim.pipeline.firms import Firms

#: Queues recorded at the close of every working day (cases waiting, not being served).
STAGES = ("window", "department", "joint", "joint_meeting", "government", "government_meeting",
          "publication", "payment", "training")
STAGE_NAMES = {"window": "窗口初审", "department": "部门审核", "joint": "联合会审",
               "joint_meeting": "联审会议", "government": "政府审议",
               "government_meeting": "政府常务会议", "publication": "公示",
               "payment": "待拨付", "training": "以工代训审核"}
#: Staffed stages (reviewers, utilisation).
STAFFED = ("window", "department", "joint", "government", "training")
MIDDAY = 0.5  # sittings and payment runs happen at midday of their working day


@dataclass
class TrainingClaims:
    """以工代训 claims: one per firm and month, ``persons_per_claim`` trainees each."""

    region: np.ndarray
    amount: np.ndarray
    applied: np.ndarray      # datetime64[D]
    arrive: np.ndarray       # clock
    service: np.ndarray      # working days
    pay_clock: np.ndarray    # clock of the pay day of each month from the policy year's January
    first_month: np.ndarray  # index into pay_clock of the earliest month each claim can be paid


@dataclass
class Plan:
    """Everything a run needs, drawn and precomputed before the first event."""

    config: PipelineConfig
    calendar: WorkCalendar
    year: int
    threshold: float
    region_code: np.ndarray
    region_name: np.ndarray
    firms: Firms
    government: np.ndarray     # bool per firm: at or above the threshold
    applied: np.ndarray        # datetime64[D]: application (or confirmation) date
    arrive: np.ndarray         # clock when the case reaches the first stage
    service: dict[str, np.ndarray]  # working days; joint is (firms, departments)
    staff: dict[str, np.ndarray]    # reviewers per region (joint: per department)
    joint_meetings: np.ndarray
    government_meetings: np.ndarray
    pay_runs: np.ndarray
    training: TrainingClaims | None
    warnings: list[str] = field(default_factory=list)


@dataclass
class Records:
    """What happened to every case (clock times; NaN = the stage was skipped or never reached)."""

    start: dict[str, np.ndarray]   # service start per staffed stage (joint: firms × departments)
    joint_done: np.ndarray
    released: np.ndarray           # after the joint meeting
    approved: np.ndarray           # after the joint meeting, or the government sitting
    published: np.ndarray
    paid: np.ndarray
    training_start: np.ndarray
    training_paid: np.ndarray
    queue: np.ndarray              # (stage, sample) cases waiting; by default at each day's close
    events: int


def _truncated(dist: Dist, span: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Draws of ``dist`` conditioned on being below ``span`` (by inversion, vectorised)."""
    top = np.asarray(dist.cdf(span), dtype=float)
    u = rng.uniform(size=np.shape(span)) * top
    return np.minimum(dist.ppf(u), np.nextafter(span, 0))


def _day(year: int, month_day: str) -> np.datetime64:
    return np.datetime64(f"{year}-{month_day}", "D")


def _to_clock(cal: WorkCalendar, days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(date, clock) of continuous calendar days since the epoch (fraction = time of day).

    A case submitted on a day off reaches the office when the next working day opens.
    """
    whole = np.floor(days)
    date = whole.astype("datetime64[D]")
    clock = cal.clock(date) + np.where(cal.is_working(date), days - whole, 0.0)
    return date, clock


def plan_run(scenario: Scenario, regions: Regions, config: PipelineConfig, firms: Firms,
             seed: int) -> Plan:
    """Draw arrivals and service times and lay out the calendar for one run."""
    year = config.year or int(str(scenario.start)[:4])
    last = min(dt.date(year + 1, 12, 31), dt.date(2100, 12, 31))
    cal = WorkCalendar(dt.date(year, 1, 1), last)
    first_day = dt.date(year, 1, 1)
    threshold = config.government_review.threshold
    if threshold is None:
        threshold = float(scenario.param("policy.review.government_threshold").value_at(first_day))
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(8)]
    n = len(firms)
    hours = config.hours_per_day
    closes = _day(year, config.applications.closes)
    if config.automatic:
        pushes = np.array([_day(year, d) for d in config.push.dates])
        base = pushes[streams[0].integers(len(pushes), size=n)]
        span = (closes - base).astype(float) + 1.0
        delay = _truncated(config.push.confirm_days, np.maximum(span, 1e-9), streams[1])
    else:
        opens = _day(year, config.applications.opens)
        base = np.full(n, opens)
        span = np.full(n, (closes - opens).astype(float) + 1.0)
        delay = _truncated(config.applications.delay_days, np.maximum(span, 1e-9), streams[1])
    applied, arrive = _to_clock(cal, base.astype(float) + delay)

    departments = config.joint_review.departments
    service = {
        "window": config.window.service_hours.draw(n, streams[2]) / hours,
        "department": config.department.service_hours.draw(n, streams[3]) / hours,
        "joint": config.joint_review.service_hours.draw((n, departments), streams[4]) / hours,
        "government": config.government_review.service_hours.draw(n, streams[5]) / hours,
    }
    firms_data = regions["firms"]
    staff = {"window": config.window.staff_for(firms_data),
             "department": config.department.staff_for(firms_data),
             "joint": config.joint_review.staff_for(firms_data),
             "government": config.government_review.staff_for(firms_data),
             "training": config.training.review.staff_for(firms_data)}

    def sittings(every: int) -> np.ndarray:
        return np.arange(0, len(cal), every) + MIDDAY if every else np.zeros(0)

    months = np.arange(np.datetime64(f"{year}-01", "M"),
                       np.datetime64(last, "M") + 1)
    month_start = months.astype("datetime64[D]")
    runs = np.concatenate([month_start + (d - 1) for d in config.payment_days])
    pay_runs = np.unique(cal.clock(runs[runs <= np.datetime64(last, "D")])) + MIDDAY
    pay_runs = pay_runs[pay_runs < len(cal)]
    training = _training(scenario, regions, config, cal, year, months, streams[6])
    return Plan(config=config, calendar=cal, year=year, threshold=threshold,
                region_code=regions.code, region_name=regions.name, firms=firms,
                government=firms.amount >= threshold, applied=applied, arrive=arrive,
                service=service, staff=staff,
                joint_meetings=sittings(config.joint_review.meeting_every_days),
                government_meetings=sittings(config.government_review.meeting_every_days),
                pay_runs=pay_runs, training=training, warnings=list(cal.warnings))


def _training(scenario: Scenario, regions: Regions, config: PipelineConfig, cal: WorkCalendar,
              year: int, months: np.ndarray, rng: np.random.Generator) -> TrainingClaims | None:
    """Claims of the policy year from the data's trainee intake and the law in force."""
    tc = config.training
    if not tc.enabled:
        return None
    year_months = months[:12]
    accepting = scenario.params["policy.training.accepting_claims"].monthly(year_months)
    rate = scenario.params["policy.training.yuan_per_person_month"].monthly(year_months)
    duration = scenario.params["policy.training.max_months"].monthly(year_months)
    intake = regions["trainee_intake"][None, :] * accepting[:, None]       # (12, R)
    # trainees in month m: intakes of the last `duration` months (cohorts of this year only)
    lagged = np.arange(12)[:, None] - np.arange(12)[None, :]              # m − c
    in_force = (lagged >= 0) & (lagged < duration[None, :])              # claim month c
    active = in_force.astype(float) @ intake                              # (12, R)
    claims = np.rint(active / tc.persons_per_claim).astype(np.int64)
    if claims.sum() == 0:
        return None
    month_of = np.repeat(np.repeat(np.arange(12), len(regions)), claims.ravel())
    region = np.repeat(np.tile(np.arange(len(regions)), 12), claims.ravel())
    start = year_months.astype("datetime64[D]")
    length = ((year_months + 1).astype("datetime64[D]") - start).astype(float)
    days = start[month_of].astype(float) + rng.uniform(size=len(region)) * length[month_of]
    applied, arrive = _to_clock(cal, days)
    service = tc.review.service_hours.draw(len(region), rng) / config.hours_per_day
    pay_clock = pay_day_clock(cal, months, tc.pay_day)
    first_month = first_pay_month(applied, tc.claim_cutoff_day, year)
    return TrainingClaims(region=region.astype(np.int64),
                          amount=tc.persons_per_claim * rate[month_of], applied=applied,
                          arrive=arrive, service=service, pay_clock=pay_clock,
                          first_month=first_month)


def pay_day_clock(cal: WorkCalendar, months: np.ndarray, pay_day: int) -> np.ndarray:
    """Clock of each month's pay day (the next working day when it is a day off), at midday;
    ``inf`` past the calendar."""
    dates = months.astype("datetime64[D]") + (pay_day - 1)
    clock = cal.clock(dates) + MIDDAY
    clock[dates > cal.days[-1]] = np.inf
    return clock


def first_pay_month(applied: np.ndarray, cutoff_day: int, year: int) -> np.ndarray:
    """Month (0 = January of ``year``) whose pay day first pays a claim made on ``applied``:
    the next month for a claim by the cutoff day, else the month after (seed 001 三(五))."""
    applied = np.asarray(applied, dtype="datetime64[D]")
    month = applied.astype("datetime64[M]")
    day_of_month = (applied - month.astype("datetime64[D]")).astype(int) + 1
    since = (month - np.datetime64(f"{year}-01", "M")).astype(int)
    return since + np.where(day_of_month <= cutoff_day, 1, 2)


class FifoStation:
    """``servers`` reviewers, first come first served: start and end fixed at arrival.

    ``pending`` (a heap of start times still in the future) may be shared by the stations of
    one stage, so that a monitor counts the stage's waiting cases at once.
    """

    __slots__ = ("env", "free", "pending")

    def __init__(self, env: simpy.Environment, servers: int, pending: list[float]):
        self.env = env
        self.free = [0.0] * int(servers)  # when each reviewer is next free (a heap)
        self.pending = pending

    def serve(self, service: float) -> tuple[float, float]:
        now = self.env.now
        free = self.free[0]
        start = free if free > now else now
        end = start + service
        heapq.heapreplace(self.free, end)
        if start > now:
            heapq.heappush(self.pending, start)
        return start, end


def _inside(begin: np.ndarray, end: np.ndarray, t: np.ndarray) -> np.ndarray:
    """How many cases are between ``begin`` and ``end`` at each time (NaN end: never left)."""
    started = np.isfinite(begin)
    first = np.sort(begin[started])
    last = np.sort(np.where(np.isfinite(end[started]), end[started], np.inf))
    return (np.searchsorted(first, t, side="right") - np.searchsorted(last, t, side="right"))


def _waiting(pending: list[float], t: float) -> int:
    """Cases in a shared pending heap that have not started by ``t``."""
    while pending and pending[0] <= t:
        heapq.heappop(pending)
    return len(pending)


class Sittings:
    """Meetings at set clock times: processes wait for ``next``; callers of :meth:`join` are
    handed to ``handler`` when the sitting's event is processed (the same moment)."""

    def __init__(self, env: simpy.Environment, times: np.ndarray, handler=None):
        self.env = env
        self.next = env.event()
        self.waiting = 0
        self.waiters: list[int] = []
        self.handler = handler
        env.process(self._run([float(t) for t in times]))

    def join(self, case: int) -> None:
        self.waiting += 1
        self.waiters.append(case)

    def _release(self, waiters: list[int]):
        handler = self.handler
        return lambda _event: [handler(case) for case in waiters]

    def _run(self, times: list[float]):
        for t in times:
            yield self.env.timeout(t - self.env.now)
            fired, self.next = self.next, self.env.event()
            if self.waiters:
                fired.callbacks.append(self._release(self.waiters))
                self.waiters = []
            self.waiting = 0
            fired.succeed()


def run(plan: Plan, stations: str = "fifo", regions: list[int] | None = None,
        samples_per_day: int = 1, progress: Callable[[int, int], None] | None = None
        ) -> Records:
    """Run the SimPy model to the end of the calendar; return every case's times.

    ``stations="resource"`` runs a SimPy process per case queueing on ``simpy.Resource``
    stations; ``"fifo"`` (default) drives each case by event callbacks through first-come-
    first-served stations (no process per case: about half the events), with the same times.
    Queues are sampled ``samples_per_day`` times a working day (the last at its close).
    ``regions`` (indices) limits the run to those regions' cases (the others stay NaN):
    regions share no staff, so runs over disjoint groups of regions add up to the whole.
    ``progress(days, total)`` is called at the close of each working day simulated.
    """
    if stations not in ("fifo", "resource"):
        raise ValueError(f"stations must be 'fifo' or 'resource', got {stations!r}")
    fifo = stations == "fifo"
    env = simpy.Environment()
    cfg = plan.config
    n = len(plan.firms)
    departments = cfg.joint_review.departments
    pending: dict[str, list[float]] = {s: [] for s in STAFFED}

    def station(stage: str, servers: int):
        if fifo:
            return FifoStation(env, servers, pending[stage])
        return simpy.Resource(env, int(servers))

    window = [station("window", c) for c in plan.staff["window"]]
    department = [station("department", c) for c in plan.staff["department"]]
    joint = [[station("joint", c) for _ in range(departments)] for c in plan.staff["joint"]]
    government = [station("government", c) for c in plan.staff["government"]]
    review = [station("training", c) for c in plan.staff["training"]]

    nan = float("nan")
    s_window, s_department, s_gov = [nan] * n, [nan] * n, [nan] * n
    s_joint = [nan] * (n * departments)
    joint_done, released, approved = [nan] * n, [nan] * n, [nan] * n
    published, paid = [nan] * n, [nan] * n
    use_window = not cfg.automatic
    publication = float(cfg.publication_days)
    region = plan.firms.region.tolist()
    gov = plan.government.tolist()
    sw, sd, sg = (plan.service[k].tolist() for k in ("window", "department", "government"))
    sj = plan.service["joint"].ravel().tolist()
    pay_times = plan.pay_runs.tolist()
    pay_events = [env.event() for _ in pay_times]
    pay_waiters: list[list[int]] = [[] for _ in pay_times]

    def payment_runs():
        for t, event, waiters in zip(pay_times, pay_events, pay_waiters, strict=True):
            yield env.timeout(t - env.now)
            if waiters:
                event.callbacks.append(lambda _event, waiters=waiters: [
                    paid.__setitem__(case, env.now) for case in waiters])
            event.succeed()

    env.process(payment_runs())

    # ---- fifo: each case is a chain of timeouts whose callbacks move it on ----------------
    def after(delay: float, step, case: int) -> None:
        env.timeout(delay, case).callbacks.append(step)

    def arrive(i: int) -> None:
        if use_window:
            s_window[i], end = window[region[i]].serve(sw[i])
            after(end - env.now, to_department, i)
        else:
            department_now(i)

    def to_department(event) -> None:
        department_now(event.value)

    def department_now(i: int) -> None:
        s_department[i], end = department[region[i]].serve(sd[i])
        after(end - env.now, to_joint, i)

    def to_joint(event) -> None:
        i = event.value
        last = 0.0
        base = i * departments
        for k, desk in enumerate(joint[region[i]]):
            s_joint[base + k], end = desk.serve(sj[base + k])
            if end > last:
                last = end
        after(last - env.now, joint_finished, i)

    def joint_finished(event) -> None:
        i = event.value
        joint_done[i] = env.now
        if joint_meeting is not None:
            joint_meeting.join(i)
        else:
            cleared_joint(i)

    def cleared_joint(i: int) -> None:
        released[i] = env.now
        if gov[i]:
            s_gov[i], end = government[region[i]].serve(sg[i])
            after(end - env.now, gov_reviewed, i)
        else:
            approve(i)

    def gov_reviewed(event) -> None:
        i = event.value
        if gov_meeting is not None:
            gov_meeting.join(i)
        else:
            approve(i)

    def approve(i: int) -> None:
        approved[i] = env.now
        # published after the period; paid at the first run after that
        published[i] = done = env.now + publication
        run_index = bisect.bisect_right(pay_times, done)
        if run_index < len(pay_times):
            pay_waiters[run_index].append(i)

    # ---- resource: a process per case --------------------------------------------------------
    def visit(res: simpy.Resource, service: float, out: list[float], index: int):
        with res.request() as request:
            yield request
            out[index] = env.now
            yield env.timeout(service)

    def firm(i: int):
        r = region[i]
        if use_window:
            yield from visit(window[r], sw[i], s_window, i)
        yield from visit(department[r], sd[i], s_department, i)
        base = i * departments
        yield env.all_of([env.process(visit(desk, sj[base + k], s_joint, base + k))
                          for k, desk in enumerate(joint[r])])
        joint_done[i] = env.now
        if joint_meeting is not None:
            joint_meeting.waiting += 1
            yield joint_meeting.next
        released[i] = env.now
        if gov[i]:
            yield from visit(government[r], sg[i], s_gov, i)
            if gov_meeting is not None:
                gov_meeting.waiting += 1
                yield gov_meeting.next
        approved[i] = env.now
        published[i] = done = env.now + publication
        run_index = bisect.bisect_right(pay_times, done)
        if run_index < len(pay_events):
            yield pay_events[run_index]
            paid[i] = env.now

    joint_meeting = Sittings(env, plan.joint_meetings, cleared_joint) if len(
        plan.joint_meetings) else None
    gov_meeting = Sittings(env, plan.government_meetings, approve) if len(
        plan.government_meetings) else None

    claims = plan.training
    m = 0 if claims is None else len(claims.region)
    t_start, t_paid = [nan] * m, [nan] * m
    if claims is not None:
        c_region = claims.region.tolist()
        c_service = claims.service.tolist()
        c_first = claims.first_month.tolist()
        pay_days = claims.pay_clock.tolist()

    def pay_day_after(j: int, reviewed: float) -> float:
        month = c_first[j]
        while month < len(pay_days) and pay_days[month] < reviewed:  # reviewed late: next month
            month += 1
        return pay_days[month] if month < len(pay_days) else float("inf")

    def claim_paid(event) -> None:
        t_paid[event.value] = env.now

    def claim_arrives(j: int) -> None:
        t_start[j], end = review[c_region[j]].serve(c_service[j])
        pay = pay_day_after(j, end)
        if pay != float("inf"):
            after(pay - env.now, claim_paid, j)

    def claim(j: int):
        yield from visit(review[c_region[j]], c_service[j], t_start, j)
        pay = pay_day_after(j, env.now)
        if pay != float("inf"):
            yield env.timeout(pay - env.now)
            t_paid[j] = env.now

    days = len(plan.calendar)
    queue = np.zeros((len(STAGES), days * samples_per_day), dtype=np.int64)
    all_desks = [desk for desks in joint for desk in desks]

    def waiting(stage: str, group) -> int:
        if fifo:
            return _waiting(pending[stage], env.now)
        return sum(len(s.queue) for s in group)

    def monitor():
        for sample in range(days * samples_per_day):
            yield env.timeout((sample + 1) / samples_per_day - env.now)
            queue[:, sample] = (
                waiting("window", window), waiting("department", department),
                waiting("joint", all_desks),
                joint_meeting.waiting if joint_meeting is not None else 0,
                waiting("government", government),
                gov_meeting.waiting if gov_meeting is not None else 0,
                0, 0, waiting("training", review))
            if progress is not None and (sample + 1) % samples_per_day == 0:
                progress((sample + 1) // samples_per_day, days)

    def source(times: np.ndarray, chosen: np.ndarray, start):
        """Start each chosen case when it arrives (keeps the event queue short)."""
        order = np.flatnonzero(chosen)
        order = order[np.argsort(times[order], kind="stable")]
        for i, t in zip(order.tolist(), times[order].tolist(), strict=True):
            if t > env.now:
                yield env.timeout(t - env.now)
            if fifo:
                start(i)
            else:
                env.process(start(i))

    keep = np.isin(np.arange(len(plan.region_code)),
                   np.arange(len(plan.region_code)) if regions is None else regions)
    env.process(source(plan.arrive, keep[plan.firms.region], arrive if fifo else firm))
    if claims is not None:
        env.process(source(claims.arrive, keep[claims.region],
                           claim_arrives if fifo else claim))
    env.process(monitor())
    env.run(until=days + 0.1)
    as_array = np.array
    samples = (np.arange(days * samples_per_day) + 1.0) / samples_per_day
    for stage, begin, finish in (("publication", approved, published),
                                 ("payment", published, paid)):
        queue[STAGES.index(stage)] = _inside(as_array(begin), as_array(finish), samples)
    return Records(start={"window": as_array(s_window), "department": as_array(s_department),
                          "joint": as_array(s_joint).reshape(n, departments),
                          "government": as_array(s_gov)},
                   joint_done=as_array(joint_done), released=as_array(released),
                   approved=as_array(approved), published=as_array(published),
                   paid=as_array(paid), training_start=as_array(t_start),
                   training_paid=as_array(t_paid), queue=queue, events=next(env._eid))


#: Working days simulated so far by each worker process (shared memory, set when forked).
_DAYS_DONE = None


def _share_days(days_done: object) -> None:
    global _DAYS_DONE
    _DAYS_DONE = days_done


def _run_group(args: tuple[Plan, str, list[int], int]) -> Records:
    plan, stations, group, slot = args

    def tick(days: int, total: int) -> None:
        _DAYS_DONE[slot] = days

    return run(plan, stations, group, progress=None if _DAYS_DONE is None else tick)


def run_parallel(plan: Plan, stations: str = "fifo", workers: int = 2,
                 progress: Callable[[int, int], None] | None = None) -> Records:
    """:func:`run` over groups of regions in ``workers`` processes, merged (same numbers).

    Regions share no reviewers, so each group runs alone; the groups are balanced by cases.
    Falls back to one process where ``fork`` is unavailable or there is one region.
    ``progress(days, total)``: working days simulated (by the slowest group, polled).
    """
    load = np.bincount(plan.firms.region, minlength=len(plan.region_code)).astype(float)
    if plan.training is not None:
        load += np.bincount(plan.training.region, minlength=len(plan.region_code))
    busy = np.flatnonzero(load > 0)
    workers = min(workers, len(busy))
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return run(plan, stations, progress=progress)
    groups: list[list[int]] = [[] for _ in range(workers)]
    totals = [0.0] * workers
    for r in busy[np.argsort(-load[busy], kind="stable")].tolist():  # largest first
        k = totals.index(min(totals))
        groups[k].append(r)
        totals[k] += load[r]
    fork = multiprocessing.get_context("fork")
    shared = None if progress is None else fork.RawArray("l", workers)  # inherited by fork
    with ProcessPoolExecutor(workers, mp_context=fork, initializer=_share_days,
                             initargs=(shared,)) as pool:
        futures = [pool.submit(_run_group, (plan, stations, g, k))
                   for k, g in enumerate(groups)]
        if progress is not None:
            _poll(futures, shared, len(plan.calendar), progress)
        parts = [future.result() for future in futures]
    return merge(parts)


def _poll(futures: list, shared: object, days: int,
          progress: Callable[[int, int], None]) -> None:
    """Report the days every group has simulated until all are done (or one fails)."""
    last = 0
    progress(0, days)
    while True:
        done, pending = wait(futures, timeout=0.2, return_when=FIRST_EXCEPTION)
        if any(future.exception() is not None for future in done):
            return
        now = min(shared) if pending else days
        if now > last:
            last = now
            progress(now, days)
        if not pending:
            return


def merge(parts: list[Records]) -> Records:
    """Join runs over disjoint groups of regions (values where a part has them; queues add)."""

    def join(arrays: list[np.ndarray]) -> np.ndarray:
        out = arrays[0].copy()
        for other in arrays[1:]:
            np.copyto(out, other, where=~np.isnan(other))
        return out

    first = parts[0]
    return Records(
        start={k: join([p.start[k] for p in parts]) for k in first.start},
        joint_done=join([p.joint_done for p in parts]),
        released=join([p.released for p in parts]),
        approved=join([p.approved for p in parts]),
        published=join([p.published for p in parts]),
        paid=join([p.paid for p in parts]),
        training_start=join([p.training_start for p in parts]),
        training_paid=join([p.training_paid for p in parts]),
        queue=sum(p.queue for p in parts),
        events=sum(p.events for p in parts))
