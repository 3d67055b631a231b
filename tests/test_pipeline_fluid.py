"""The fluid / Erlang C approximation: hand values, and against the SimPy model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from fundsim.pipeline import simulate_pipeline
from fundsim.pipeline.fluid import backlog_flow, erlang_c, payment_kernel


def test_erlang_c_matches_the_single_and_two_server_formulas():
    # M/M/1, λ = 3, μ = 4: P(wait) = ρ = 0.75, Wq = ρ / (μ − λ) = 0.75
    p_wait, wait = erlang_c(np.array(3.0), np.array(4.0), np.array(1))
    assert p_wait == pytest.approx(0.75)
    assert wait == pytest.approx(0.75)
    # M/M/2, λ = 3, μ = 2 (a = 1.5, ρ = 0.75): P(wait) = 2ρ² / (1 + ρ) = 1.125 / 1.75,
    # Wq = P(wait) / (cμ − λ) = 0.642857 / 1
    p_wait, wait = erlang_c(np.array(3.0), np.array(2.0), np.array(2))
    assert p_wait == pytest.approx(1.125 / 1.75)
    assert wait == pytest.approx(1.125 / 1.75)
    # an overloaded office: the wait has no steady state
    assert np.isinf(erlang_c(np.array(5.0), np.array(2.0), np.array(2))[1])


def test_a_fluid_backlog_carries_what_the_staff_cannot_handle():
    # capacity 100 cases a month; arrivals 250, 50, 0: backlog 150, 100, 0
    out, backlog, money = backlog_flow(np.array([[250.0], [50.0], [0.0]]),
                                       np.full((3, 1), 100.0), np.array([[500.0], [100.0], [0.0]]))
    assert backlog[:, 0] == pytest.approx([150, 100, 0])
    assert out[:, 0] == pytest.approx([100, 100, 100])
    assert money[:, 0] == pytest.approx([200, 200, 200])  # 2 yuan a case throughout


def test_payment_kernel_recovers_a_known_lag():
    applied = np.array([0, 0, 30, 20, 10, 10, 10, 5, 5, 5, 3, 2], float)
    lag = np.array([0.2, 0.5, 0.3])
    paid = np.convolve(applied, lag)
    profile, fitted = payment_kernel(applied, paid)
    assert profile == pytest.approx(list(applied / applied.sum()))
    assert fitted == pytest.approx(list(lag), abs=1e-6)


@pytest.mark.parametrize("scenario,settings", [
    ("application", {}),
    ("automatic", {}),
    # an under-staffed department: a backlog for months
    ("application", {"department": {"staff_per_10k_firms": 2}}),
])
def test_the_fluid_approximation_pays_each_month_within_5_percent_of_the_simpy_model(
        tmp_path: Path, scenario, settings):
    config = tmp_path / "settings.yaml"
    config.write_text(yaml.safe_dump({"training": {"enabled": False}, **settings}))
    ds = simulate_pipeline(scenario, firms=20000, seed=3, config=config)
    total = float(ds["applications"].sum())
    simpy_paid = ds["payments"].sum("region").values / total
    fluid_paid = ds["fluid_payments"].sum("region").values / total
    # stated tolerance: every month within 5% of the year's returns
    assert np.abs(simpy_paid - fluid_paid).max() < 0.05
    assert fluid_paid.sum() == pytest.approx(simpy_paid.sum(), abs=0.01)
