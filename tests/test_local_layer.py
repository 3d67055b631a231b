"""A planner's own notices stacked over the province's layer (``local_layer:``): the province's
rules stay in force beneath, the planner's replace them only where and when they say."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from fundsim.inputs.scenario import load_scenario


def scenario_with_own_layer(tmp_path: Path, rule: str | None) -> Path:
    own = tmp_path / "law"
    own.mkdir()
    if rule is not None:
        (own / "training").mkdir()
        (own / "training" / "yuan_per_person_month.yaml").write_text(rule, encoding="utf-8")
    path = tmp_path / "s.yaml"
    path.write_text("extends: default\nprovince: inner_mongolia\nlocal_layer: law\n",
                    encoding="utf-8")
    return path


def test_an_empty_own_layer_keeps_the_provinces_rules_as_they_are(tmp_path: Path) -> None:
    plain = load_scenario("default").param("policy.training.yuan_per_person_month")
    mine = load_scenario(scenario_with_own_layer(tmp_path, None))
    training = mine.param("policy.training.yuan_per_person_month")
    assert training.values == plain.values and training.layers == plain.layers
    assert mine.law.names == ["national", "inner_mongolia", "local"]


def test_an_own_notice_replaces_the_provinces_value_from_its_date_only(tmp_path: Path) -> None:
    rule = ("metadata:\n  reference:\n    2021-01-01: \"本市通知 — 每人每月800元\"\nvalues:\n"
            "  2021-01-01: 800\n")
    mine = load_scenario(scenario_with_own_layer(tmp_path, rule))
    training = mine.param("policy.training.yuan_per_person_month")
    # Inner Mongolia's 600 yuan from 2019 (its own layer), then the planner's 800 from 2021
    assert training.value_at(dt.date(2020, 6, 1)) == 600
    assert training.layer(dt.date(2020, 6, 1)) == "inner_mongolia"
    assert training.value_at(dt.date(2021, 6, 1)) == 800
    assert training.layer(dt.date(2021, 6, 1)) == "local"
    record = yaml.safe_load(mine.resolved_yaml())
    assert record["law"]["local_layer"] == "law"  # relative to the scenario, never absolute
