"""The logging modal's fields, checked all together: a week, one optional number per metric, a note."""

import datetime as dt
from collections.abc import Mapping, Sequence

from coaching.activity import WeekLog
from coaching.errors import FormProblems
from coaching.log_text import metric_value
from coaching.plans import RampPlan

NOTE_MAX = 2000


def parse_form(
    plan: RampPlan,
    week: dt.date | None,
    allowed_weeks: Sequence[dt.date],
    raw: Mapping[str, str | None],
    note: str | None,
) -> WeekLog:
    """Return the week to store; raise FormProblems with every bad field. Empty fields mean "not logged"."""
    errors: dict[str, str] = {}
    if week not in allowed_weeks:
        errors["week"] = "Pick one of the weeks in the list."
    values: dict[str, float] = {}
    for metric in plan.metrics:
        text = (raw.get(metric.key) or "").strip()
        if not text:
            continue
        try:
            values[metric.key] = metric_value(metric, text)
        except ValueError as err:
            errors[metric.key] = str(err).removeprefix(f"{metric.key}: ")
    if note and len(note) > NOTE_MAX:
        errors["note"] = f"Keep the note under {NOTE_MAX} characters."
    if not values and not errors:
        errors[plan.metrics[0].key] = "Fill in at least one number."
    if errors or week is None:
        raise FormProblems(errors)
    return WeekLog(week, values, (note or "").strip() or None)
