"""Small builders for domain values."""

from typing import Any

from coaching.plans import RampPlan, parse_plan


def plan_dict(**overrides: Any) -> dict[str, Any]:
    plan: dict[str, Any] = {
        "id": "tiny",
        "version": 1,
        "name": "Tiny plan",
        "metrics": [
            {"key": "calls", "label": "Calls", "max_per_week": 400, "target": {"full": 60}},
            {"key": "meetings", "label": "Meetings booked", "max_per_week": 40, "target": {"full": 6}},
            {
                "key": "pipeline",
                "label": "Pipeline",
                "unit": "currency",
                "max_per_week": 1e6,
                "target": {"full": 50000},
            },
        ],
    }
    return plan | overrides


def make_plan(**overrides: Any) -> RampPlan:
    return parse_plan(plan_dict(**overrides))
