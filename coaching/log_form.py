"""The logging modal's fields, checked all together: a week, one optional number per metric, a note."""

import datetime as dt
from collections.abc import Mapping, Sequence

from coaching.activity import WeekLog
from coaching.errors import Code, FieldProblem, FormProblems, Problem, problem
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
    errors: dict[str, Problem] = {}
    if week not in allowed_weeks:
        errors["week"] = problem(Code.WEEK_NOT_OFFERED)
    values: dict[str, float] = {}
    for metric in plan.metrics:
        text = (raw.get(metric.key) or "").strip()
        if not text:
            continue
        try:
            values[metric.key] = metric_value(metric, text)
        except FieldProblem as err:
            errors[metric.key] = err.problems[0].at(None)  # the field is the metric: no need to name it
    if note and len(note) > NOTE_MAX:
        errors["note"] = problem(Code.NOTE_TOO_LONG, max=NOTE_MAX)
    if not values and not errors:
        errors[plan.metrics[0].key] = problem(Code.NO_NUMBER)
    if errors or week is None:
        raise FormProblems(errors)
    return WeekLog(week, values, (note or "").strip() or None)
