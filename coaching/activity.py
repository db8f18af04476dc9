"""A rep's enrollment and logged weeks, and how a week compares with the plan's targets."""

import datetime as dt
from dataclasses import dataclass, field

from coaching.plans import RampPlan
from coaching.ramp_clock import RampClock
from coaching.weeks import ramp_week


@dataclass(frozen=True)
class Enrollment:
    """A rep on a plan version from day 1 on `start`. After a replan that kept the day count, the weeks
    before the week of `counted_from` belong to the earlier plan and are read against it, not this one."""

    rep_id: str
    plan_id: str
    plan_version: int
    start: dt.date
    counted_from: dt.date | None = None


@dataclass(frozen=True)
class WeekLog:
    """A logged week; metrics missing from `values` were not logged, which is not the same as zero."""

    week_start: dt.date
    values: dict[str, float] = field(default_factory=dict)
    note: str | None = None


@dataclass(frozen=True)
class MetricLine:
    key: str
    label: str
    actual: float | None
    target: float


@dataclass(frozen=True)
class WeekSummary:
    """One week of a rep's ramp against the plan: the numbers a confirmation or check-in shows."""

    week_start: dt.date
    ramp_week: int
    total_weeks: int
    lines: list[MetricLine]


def week_summary(
    plan: RampPlan, enrollment: Enrollment, log: WeekLog, clock: RampClock | None = None
) -> WeekSummary:
    """Return each plan metric's logged value (or None) next to its target for the week of `log`.

    With the rep's `clock` (issue 16), the week is the plan week the ramp stands in, which leave moves
    later, and each target is prorated by the share of the week the rep was at work (0 for a week fully
    on leave), as the status's trend reads it. Without one, the week is read from the calendar.
    """
    if clock is None:
        week, share = max(1, ramp_week(enrollment.start, log.week_start)), 1.0
    else:
        week, share = clock.ramp_week_index(log.week_start) + 1, clock.availability(log.week_start)
    lines = [
        MetricLine(m.key, m.label, log.values.get(m.key), m.target_for(week) * share) for m in plan.metrics
    ]
    return WeekSummary(log.week_start, week, plan.weeks, lines)
