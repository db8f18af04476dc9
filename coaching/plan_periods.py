"""The plans a rep was on before their current one (issue 16): each period is read against its own plan.

A replan ends the old plan on the day before the new one takes over. The week a plan takes over in is the
new plan's first week; the weeks before it stay the old plan's, in the status and in the exports.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from coaching.activity import Enrollment
from coaching.weeks import week_start


@dataclass(frozen=True)
class PlanPeriod:
    """A plan a rep was on: its enrollment (day 1, and the day it took over), in force until `last_day`."""

    enrollment: Enrollment
    last_day: dt.date

    @property
    def first_day(self) -> dt.date:
        return self.enrollment.counted_from or self.enrollment.start

    def reading_day(self, today: dt.date) -> dt.date:
        """Return the day its figures are read on: the day after it ended (its last week complete), or
        today while it is still in force (a replan from a later date)."""
        return min(today, self.last_day + dt.timedelta(days=1))


def ended_period(current: Enrollment, switch: dt.date) -> PlanPeriod | None:
    """Return the period `current` becomes when another plan takes over on `switch`; None when it never
    was in force (a second replan on the same day, or before the plan's own start)."""
    period = PlanPeriod(current, switch - dt.timedelta(days=1))
    return period if period.last_day >= period.first_day else None


def still_earlier(current: Enrollment, periods: Sequence[PlanPeriod]) -> list[PlanPeriod]:
    """Return the periods that ended before the current plan took over: a later correction of the current
    enrollment (a team file moving the rep back to an earlier start) overrides the ones it overlaps."""
    return [p for p in periods if p.last_day < (current.counted_from or current.start)]


def enrollment_on(monday: dt.date, current: Enrollment, earlier: Sequence[PlanPeriod]) -> Enrollment:
    """Return the enrollment whose plan the week from `monday` is read against: the current one from the
    week it took over in, else the latest earlier plan that had taken over by then."""
    taken_over = [
        p.enrollment for p in sorted(earlier, key=lambda p: p.first_day) if week_start(p.first_day) <= monday
    ]
    if monday >= week_start(current.counted_from or current.start) or not taken_over:
        return current
    return taken_over[-1]
