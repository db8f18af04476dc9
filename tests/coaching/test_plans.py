from pathlib import Path
from typing import Any

import pytest
import yaml

from coaching.errors import Code, FieldProblem, Problem, problem
from coaching.plans import Target, parse_plan
from tests.coaching.builders import plan_dict

ROOT = Path(__file__).resolve().parents[2]


def problems(data: Any) -> list[Problem]:
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
        ({"metrics": []}, problem(Code.TOO_FEW, "metrics", min=1, actual=0, text=False)),
        ({"version": 0}, problem(Code.TOO_SMALL, "version", limit=1, inclusive=True)),
        ({"id": "Bad Id"}, problem(Code.NO_MATCH, "id", pattern="^[a-z0-9][a-z0-9-]{0,39}$")),
        ({"thresholds": {"on_track": 0.7, "at_risk": 0.9}}, problem(Code.THRESHOLDS_ORDER, "thresholds")),
        ({"colour": "blue"}, problem(Code.EXTRA_FIELD, "colour")),
    ],
)
def test_errors_name_the_field_path(change: dict[str, Any], expected: Problem) -> None:
    assert problems(plan_dict(**change)) == [expected]


def test_a_target_needs_exactly_one_form() -> None:
    data = plan_dict()
    data["metrics"][1]["target"] = {"full": 5, "weekly": [1, 2]}
    assert problems(data) == [problem(Code.TARGET_ONE_FORM, "metrics[1].target")]


def test_milestones_and_funnel_must_name_known_metrics() -> None:
    funnel = problems(
        plan_dict(funnel=[{"metric": "calls"}, {"metric": "demos", "expected_conversion": 0.5}])
    )
    known = ["calls", "meetings", "pipeline"]
    assert funnel == [problem(Code.UNKNOWN_METRIC_REFERENCE, "", where="funnel[1]", key="demos", known=known)]
    threshold = problems(plan_dict(milestones=[{"day": 30, "label": "x", "kind": "threshold"}]))
    assert threshold == [problem(Code.THRESHOLD_MILESTONE_INCOMPLETE, "milestones[0]")]


def test_duplicate_metric_keys_are_refused() -> None:
    data = plan_dict()
    data["metrics"].append(dict(data["metrics"][0]))
    assert problems(data) == [problem(Code.METRIC_KEYS_REPEATED, "")]


def test_something_other_than_a_mapping_is_refused() -> None:
    assert problems(["id", "x"]) == [problem(Code.NOT_A_PLAN, "")]
