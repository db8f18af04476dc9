from pathlib import Path
from typing import Any

import pytest
import yaml

from coaching.errors import FieldProblem
from coaching.plans import Target, parse_plan
from tests.coaching.builders import plan_dict

ROOT = Path(__file__).resolve().parents[2]


def problems(data: Any) -> list[str]:
    with pytest.raises(FieldProblem) as caught:
        parse_plan(data)
    return caught.value.problems


@pytest.mark.parametrize("path", sorted((ROOT / "plans").glob("*.yml")), ids=lambda p: p.name)
def test_the_example_plans_are_valid(path: Path) -> None:
    plan = parse_plan(yaml.safe_load(path.read_text()))
    assert plan.weeks == 13
    assert plan.sales_tasks and plan.funnel and plan.milestones


def test_a_ramp_rises_from_the_start_share_to_the_full_target_and_holds() -> None:
    target = Target(full=100, start_share=0.4, ramp_weeks=4)
    assert [target.for_week(w) for w in range(1, 7)] == [40.0, 60.0, 80.0, 100.0, 100.0, 100.0]


def test_a_weekly_list_holds_its_last_value_after_it_ends() -> None:
    assert [Target(weekly=[1, 2, 3]).for_week(w) for w in range(1, 6)] == [1, 2, 3, 3, 3]


def test_count_targets_are_whole_numbers() -> None:
    plan = parse_plan(
        plan_dict(
            metrics=[
                {
                    "key": "calls",
                    "label": "Calls",
                    "max_per_week": 400,
                    "target": {"full": 60, "start_share": 0.4, "ramp_weeks": 8},
                }
            ]
        )
    )
    assert plan.metrics[0].target_for(7) == 55.0


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"metrics": []}, "metrics: List should have at least 1 item after validation, not 0"),
        ({"version": 0}, "version: Input should be greater than or equal to 1"),
        ({"id": "Bad Id"}, "id: String should match pattern '^[a-z0-9][a-z0-9-]{0,39}$'"),
        (
            {"thresholds": {"on_track": 0.7, "at_risk": 0.9}},
            "thresholds: Value error, `at_risk` must be below `on_track`",
        ),
        ({"colour": "blue"}, "colour: Extra inputs are not permitted"),
    ],
)
def test_errors_name_the_field_path(change: dict[str, Any], expected: str) -> None:
    assert problems(plan_dict(**change)) == [expected]


def test_a_target_needs_exactly_one_form() -> None:
    data = plan_dict()
    data["metrics"][1]["target"] = {"full": 5, "weekly": [1, 2]}
    assert problems(data) == [
        "metrics[1].target: Value error, "
        "give either `weekly` (a list per week) or `full` (with optional ramp)"
    ]


def test_milestones_and_funnel_must_name_known_metrics() -> None:
    funnel = problems(
        plan_dict(funnel=[{"metric": "calls"}, {"metric": "demos", "expected_conversion": 0.5}])
    )
    assert funnel == [
        "(top level): Value error, funnel[1] names unknown metric 'demos' (known: calls, meetings, pipeline)"
    ]
    threshold = problems(plan_dict(milestones=[{"day": 30, "label": "x", "kind": "threshold"}]))
    assert threshold == ["milestones[0]: Value error, a threshold milestone needs `metric` and `at_least`"]


def test_duplicate_metric_keys_are_refused() -> None:
    data = plan_dict()
    data["metrics"].append(dict(data["metrics"][0]))
    assert problems(data) == ["(top level): Value error, metric keys must be unique"]


def test_something_other_than_a_mapping_is_refused() -> None:
    assert problems(["id", "x"]) == ["(top level): expected a mapping with id, version, name and metrics"]
