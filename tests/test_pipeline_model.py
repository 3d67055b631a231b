"""The SimPy pipeline: a hand-computed case, Little's law, seeds, and the two station kinds."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from fundsim.base.yamlio import Lines
from fundsim.inputs.regions import load_regions
from fundsim.inputs.scenario import load_scenario
from fundsim.pipeline import model
from fundsim.pipeline.calendar import WorkCalendar
from fundsim.pipeline.config import build_config
from fundsim.pipeline.firms import Firms, draw_firms


def config(**over):
    """Pipeline settings over the shipped defaults, as a scenario's `pipeline:` would give."""
    return build_config([(over, "test", Lines(), ())])


def constant(value):
    return {"dist": "constant", "params": {"value": value}}


HAND = dict(
    year=2021, training={"enabled": False},
    applications={"opens": "03-01", "delay_days": constant(0)},
    window={"staff": 1, "staff_per_10k_firms": None, "service_hours": constant(4)},
    department={"staff": 1, "staff_per_10k_firms": None, "service_hours": constant(8)},
    joint_review={"departments": 2, "staff": 1, "staff_per_10k_firms": None,
                  "service_hours": constant(2), "meeting_every_days": 0},
    government_review={"staff": 1, "service_hours": constant(8), "meeting_every_days": 0},
    publication_days=7, payment_days=[15],
)


@pytest.fixture
def one_region(province):
    scenario = load_scenario(province([{"code": "100", "name": "甲市", "insured": 1000,
                                        "wage": 5000, "opening_balance": 1e7,
                                        "last_year_expenditure": 1e6, "last_year_benefits": 5e5,
                                        "last_year_contributions": 6e5,
                                        "benefit_recipients": 10, "monthly_benefit": 1500}],
                                      start="2021-01"))
    return scenario, load_regions(scenario.data_path)


def test_three_firms_applying_on_the_same_morning_are_paid_as_computed_by_hand(one_region):
    scenario, regions = one_region
    # Three firms apply on Monday 2021-03-01; the third asks 6 million yuan, at or above the
    # law's 5 million: it also needs the government's review.
    firms = Firms(np.array([0, 0, 0]), np.array([1e5, 2e5, 6e6]))
    plan = model.plan_run(scenario, regions, config(**HAND), firms, seed=0)
    rec = model.run(plan)
    c = WorkCalendar(dt.date(2021, 1, 1), dt.date(2021, 12, 31)).clock(
        np.array(["2021-03-01"], dtype="datetime64[D]"))[0]
    # Clock in working days from c (8-hour days). Window, 1 clerk, 4 h = 0.5 day each:
    #   A 0–0.5, B 0.5–1.0, C 1.0–1.5
    assert rec.start["window"] - c == pytest.approx([0.0, 0.5, 1.0])
    # Department, 1 reviewer, 8 h = 1 day each; arrivals 0.5, 1.0, 1.5:
    #   A 0.5–1.5, B waits 0.5 → 1.5–2.5, C waits 1.0 → 2.5–3.5
    assert rec.start["department"] - c == pytest.approx([0.5, 1.5, 2.5])
    # Joint review, 2 departments in parallel, 1 reviewer each, 2 h = 0.25 day:
    #   A 1.5–1.75, B 2.5–2.75, C 3.5–3.75 (both departments at once)
    assert rec.joint_done - c == pytest.approx([1.75, 2.75, 3.75])
    # Government review, C only, 1 day: 3.75–4.75. Publication 7 working days:
    #   A 1.75 → 8.75, B 2.75 → 9.75, C 4.75 → 11.75
    assert rec.published - c == pytest.approx([8.75, 9.75, 11.75])
    # Payment run on the 15th at midday: 2021-03-15 is working day 10 after 03-01 (1–5 and
    # 8–12 March), so the run is at 10.5: A and B are paid then (14 calendar days after
    # applying). C misses it and waits for 2021-04-15 (a Thursday): 45 calendar days.
    ds_days = (plan.calendar.date_of(rec.paid) - plan.applied).astype(int)
    assert list(ds_days) == [14, 14, 45]
    # At the close of 1 March (t = 1) B waits for the department reviewer (C starts its window
    # check exactly then, so no one waits at the window).
    day = int(c)
    assert rec.queue[model.STAGES.index("department"), day] == 1
    assert rec.queue[model.STAGES.index("window"), day] == 0


def test_resource_stations_and_two_processes_give_the_same_times_as_fifo_stations(one_region):
    scenario, regions = one_region
    cfg = config(year=2021, training={"enabled": False},
                 window={"staff": 2, "staff_per_10k_firms": None},
                 department={"staff": 2, "staff_per_10k_firms": None},
                 joint_review={"departments": 3, "staff": 1, "staff_per_10k_firms": None})
    firms = draw_firms(scenario, regions, cfg.amounts.dist, 400, np.random.default_rng(5))
    plan = model.plan_run(scenario, regions, cfg, firms, seed=5)
    fifo = model.run(plan, "fifo")
    resource = model.run(plan, "resource")
    np.testing.assert_allclose(fifo.paid, resource.paid, rtol=0, atol=1e-9)
    np.testing.assert_allclose(fifo.start["joint"], resource.start["joint"], atol=1e-9)
    np.testing.assert_array_equal(fifo.queue, resource.queue)
    assert resource.events > fifo.events  # a request, a grant and a release per visit


def test_the_same_seed_gives_the_same_run_and_another_seed_another(tmp_path):
    from fundsim.pipeline import simulate_pipeline

    a = simulate_pipeline("application", firms=300, seed=11, workers=1)
    b = simulate_pipeline("application", firms=300, seed=11, workers=2)
    c = simulate_pipeline("application", firms=300, seed=12, workers=1)
    np.testing.assert_array_equal(a["firm_days"].values, b["firm_days"].values)
    np.testing.assert_array_equal(a["payments"].values, b["payments"].values)
    assert not np.array_equal(a["firm_days"].values, c["firm_days"].values)


def test_littles_law_holds_for_the_department_queue_on_a_long_random_run(one_region):
    scenario, regions = one_region
    # Applications spread over the whole year; exponential department reviews, 2 reviewers
    # busy about 80% of the time: a long queue that comes and goes.
    cfg = config(year=2021, training={"enabled": False},
                 applications={"opens": "01-01", "closes": "12-31",
                               "delay_days": {"dist": "uniform", "params": {"scale": 365}}},
                 window={"staff": 50, "staff_per_10k_firms": None},
                 department={"staff": 2, "staff_per_10k_firms": None,
                             "service_hours": {"dist": "expon", "params": {"scale": 1.0}}})
    n = 6000  # ≈ 24 a working day × 1 h ÷ (2 × 8 h) ≈ 0.75 load
    firms = draw_firms(scenario, regions, cfg.amounts.dist, n, np.random.default_rng(8))
    plan = model.plan_run(scenario, regions, cfg, firms, seed=8)
    per_day = 24
    rec = model.run(plan, samples_per_day=per_day)
    window_end = rec.start["window"] + plan.service["window"]
    wait = rec.start["department"] - window_end            # W: working days in the queue
    horizon = len(plan.calendar)                            # T: working days observed
    arrival_rate = n / horizon                              # λ
    queue = rec.queue[model.STAGES.index("department")]     # sampled every hour
    mean_queue = queue.mean()                               # L
    assert mean_queue > 0.5  # a real queue, not an empty test
    # L = λ W within 5% (sampling a continuous queue once an hour over two years)
    assert mean_queue == pytest.approx(arrival_rate * wait.mean(), rel=0.05)


def test_training_claims_by_the_25th_are_paid_next_month_later_ones_a_month_after(one_region):
    scenario, regions = one_region
    cfg = config(year=2020, training={"pay_day": 10})
    plan = model.plan_run(scenario, regions, cfg, Firms(np.zeros(0, np.int64), np.zeros(0)), 0)
    cal = plan.calendar
    applied = np.array(["2020-03-25", "2020-03-26", "2020-03-25"], dtype="datetime64[D]")
    # months from January 2020: a claim on the 25th → April (3), on the 26th → May (4)
    assert list(model.first_pay_month(applied, 25, 2020)) == [3, 4, 3]
    claims = model.TrainingClaims(
        region=np.zeros(3, np.int64), amount=np.full(3, 3000.0), applied=applied,
        arrive=cal.clock(applied),
        # a quick review for the first two; the third takes 20 working days, past 10 April
        service=np.array([0.1, 0.1, 20.0]),
        pay_clock=model.pay_day_clock(cal, np.arange("2020-01", "2022-01", dtype="datetime64[M]"),
                                      10),
        first_month=model.first_pay_month(applied, 25, 2020))
    plan.training = claims
    rec = model.run(plan)
    paid_on = cal.date_of(rec.training_paid).astype(str).tolist()
    # 10 April 2020 is a Friday; 10 May 2020 a Sunday, so the May pay day is Monday 11 May
    assert paid_on == ["2020-04-10", "2020-05-11", "2020-05-11"]
