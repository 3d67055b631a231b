"""``fundsim.simulate`` takes ``overrides`` whether it is given a scenario's name or a scenario
already loaded (they were silently ignored for a loaded one)."""

import pytest

import fundsim
from fundsim.base.errors import InputError


def test_overrides_apply_to_a_loaded_scenario_as_to_a_name():
    loaded = fundsim.load_scenario("default")
    by_name = fundsim.simulate("default", overrides=["policy.returns.ratio.sme=0.2"])
    by_object = fundsim.simulate(loaded, overrides=["policy.returns.ratio.sme=0.2"])
    plain = fundsim.simulate(loaded)
    assert float(by_object["returns_paid"].sum()) == float(by_name["returns_paid"].sum())
    assert float(by_object["returns_paid"].sum()) < float(plain["returns_paid"].sum())
    with pytest.raises(InputError, match="KEY=VALUE"):
        fundsim.simulate(loaded, overrides=["policy.returns.ratio.sme"])


def test_a_number_in_scientific_notation_is_a_number():
    """`--set KEY=1e-09` is a number, though YAML 1.1 alone would read it as text (found by the
    loans' property test)."""
    from fundsim.base.yamlio import parse_value

    assert parse_value("1e-09") == 1e-09 and parse_value("-2.5E3") == -2500.0
    assert parse_value("1e") == "1e"
    ds = fundsim.simulate("default", overrides=["policy.pool.loan_repayment_share=1e-09"])
    assert "balance" in ds
