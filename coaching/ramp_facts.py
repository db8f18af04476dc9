"""The few sums a rep's ramp status comes from, so storage can aggregate them, not load every value.

Weeks are counted by index: 0 is the week (Monday to Sunday) the rep started in.
"""

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from coaching.activity import Enrollment, WeekLog
from coaching.plans import RampPlan
from coaching.ramp_clock import RampClock, counted_weeks, milestone_week
from coaching.weeks import week_start

TREND_WEEKS = 3
MAX_WEEKS = 62  # logged weeks travel as bits of one signed 64-bit integer


@dataclass(frozen=True)
class RampFacts:
    logged: frozenset[int] = frozenset()  # indexes of the complete weeks that were logged
    totals: Mapping[str, float] = field(default_factory=dict)  # each metric over the logged complete weeks
    # the values of the logged weeks in the trend window, by index
    recent: Mapping[int, Mapping[str, float]] = field(default_factory=dict)
    milestone_totals: tuple[float, ...] = ()  # each milestone's metric by its day, in plan order
    last_logged: dt.date | None = None  # the latest week logged, complete or not
    # each metric's logged complete weeks: a week logged with this metric left blank is missing data for it
    metric_weeks: Mapping[str, frozenset[int]] = field(default_factory=dict)


def week_index(start: dt.date, monday: dt.date) -> int:
    return (monday - week_start(start)).days // 7


def first_week(enrollment: Enrollment) -> int:
    """Return the index of the first week read against the enrollment's plan: 0, or after a replan that
    kept the day count, the week it took effect in (the weeks before are the earlier plan's)."""
    if enrollment.counted_from is None:
        return 0
    return max(0, week_index(enrollment.start, week_start(enrollment.counted_from)))


def complete_weeks(plan: RampPlan, start: dt.date, today: dt.date) -> int:
    """Return how many of the plan's weeks have ended before the week of `today`."""
    return max(0, min(plan.weeks, week_index(start, week_start(today))))


def trend_window(complete: int) -> range:
    return range(max(0, complete - TREND_WEEKS), complete)


def milestone_cutoff(start: dt.date, day: int) -> int:
    """Return the index of the last week that counts for a milestone on ramp day `day`."""
    return (start.weekday() + day - 1) // 7


def facts_from_logs(
    plan: RampPlan,
    enrollment: Enrollment,
    logs: Sequence[WeekLog],
    today: dt.date,
    clock: RampClock | None = None,
) -> RampFacts:
    """Return the facts of these logs: the reference that storage's aggregate queries must agree with.

    With a `clock` that leave stopped, the weeks that count and the milestones' weeks move later.
    """
    clock = clock or RampClock(enrollment.start)
    complete = counted_weeks(plan, clock, today)
    first = first_week(enrollment)
    indexed = {week_index(enrollment.start, log.week_start): log for log in logs}
    counted = {i: log for i, log in indexed.items() if first <= i < complete}
    window = trend_window(complete)
    return RampFacts(
        logged=frozenset(counted),
        totals=_sum(log.values for log in counted.values()),
        recent={i: dict(log.values) for i, log in counted.items() if i in window},
        milestone_totals=tuple(
            _sum(log.values for i, log in indexed.items() if first <= i <= cutoff).get(m.metric or "", 0.0)
            for m, cutoff in ((m, milestone_week(clock, m.day)) for m in plan.milestones)
        ),
        last_logged=max((log.week_start for log in logs), default=None),
        metric_weeks=_metric_weeks(counted),
    )


def _metric_weeks(counted: Mapping[int, WeekLog]) -> dict[str, frozenset[int]]:
    weeks: dict[str, set[int]] = {}
    for i, log in counted.items():
        for key in log.values:
            weeks.setdefault(key, set()).add(i)
    return {key: frozenset(found) for key, found in weeks.items()}


def _sum(rows: Iterable[Mapping[str, float]]) -> dict[str, float]:
    totals: dict[str, float] = {}
    for values in rows:
        for key, value in values.items():
            totals[key] = totals.get(key, 0.0) + value
    return totals
