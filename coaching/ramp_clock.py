"""The ramp clock: it stops for the working days a rep is on leave (issue 16).

A leave day counts only when it is a working day (not a weekend, not a company holiday): a holiday is
off for everyone, so it does not push a rep's ramp later. Everything dated by the ramp (day N, week W,
weekly targets, milestones, checkpoints, review slots) moves later by the working days of leave before it.

Two maps between the calendar and the ramp: `ramp_date(real)` is where the rep's ramp stands on a real
day (it stands still during leave), and `real_date(ramp)` is the real day a ramp date falls on (after
the leave that came before it). With no leave both are the identity, so every figure is unchanged.
"""

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from coaching.leave import LeavePeriod
from coaching.plans import RampPlan
from coaching.weeks import week_start

_DAY = dt.timedelta(days=1)


def is_working_day(day: dt.date, holidays: Collection[dt.date]) -> bool:
    """Return whether `day` is a working day: a weekday that is not a company holiday."""
    return day.weekday() < 5 and day not in holidays


@dataclass(frozen=True)
class RampClock:
    """A rep's ramp clock: their start, their leave periods and the company holidays."""

    start: dt.date
    leave: tuple[LeavePeriod, ...] = ()
    holidays: frozenset[dt.date] = field(default_factory=frozenset)

    @property
    def stopped(self) -> bool:
        """Return whether any leave falls on or after the start: without it the clock is the calendar."""
        return any(p.last >= self.start for p in self.leave)

    def is_leave_day(self, day: dt.date) -> bool:
        """Return whether the clock stands still on `day`: a working day of leave, on or after the start."""
        return (
            day >= self.start and is_working_day(day, self.holidays) and any(p.holds(day) for p in self.leave)
        )

    def leave_days(self, first: dt.date, last: dt.date) -> int:
        """Return the working days of leave from `first` to `last`, both included (each day once)."""
        days: set[dt.date] = set()
        for period in self.leave:
            day = max(first, self.start, period.first)
            while day <= min(last, period.last):
                if is_working_day(day, self.holidays):
                    days.add(day)
                day += _DAY
        return len(days)

    def ramp_date(self, real: dt.date) -> dt.date:
        """Return where the ramp stands on the real day `real`: moved back by the working days of leave up
        to it. It never goes backwards, and stands still while the rep is on leave."""
        if not self.stopped or is_working_day(real, self.holidays):
            return self._on_working_day(real)
        # A weekend or holiday stands still inside a leave; otherwise it runs on from the day before, but
        # never past the next working day (where the clock stands if the rep is away then).
        before = self.ramp_date(real - _DAY)
        if any(p.holds(real) for p in self.leave):
            return before
        return min(before + _DAY, self._on_working_day(_working_day(real, 1, self.holidays)))

    def _on_working_day(self, day: dt.date) -> dt.date:
        owed = self.leave_days(self.start, day) if self.stopped else 0
        while owed:
            day -= _DAY
            owed -= is_working_day(day, self.holidays)
        return day

    def real_date(self, ramp: dt.date) -> dt.date:
        """Return the first real day on which the ramp reaches the ramp date `ramp` (after any leave)."""
        day = ramp
        if self.stopped:
            while self.ramp_date(day) < ramp:
                day += _DAY
        return day

    def ramp_day(self, real: dt.date) -> int:
        """Return day N on the real day `real`: 1 on the start, stopped during leave."""
        return (self.ramp_date(real) - self.start).days + 1

    def availability(self, monday: dt.date) -> float:
        """Return the share of the week from `monday` the rep was at work: 0 for a week fully on leave,
        between 0 and 1 for a week partly on leave, 1 otherwise (and for a week with no working day)."""
        if not self.stopped:  # most reps: no leave, and no list of days to make for each of their weeks
            return 1.0
        working = [monday + _DAY * n for n in range(7) if is_working_day(monday + _DAY * n, self.holidays)]
        if not working:
            return 1.0
        away = sum(1 for day in working if self.is_leave_day(day))
        return 1.0 - away / len(working)

    def ramp_week_index(self, monday: dt.date) -> int:
        """Return the index of the plan week whose targets the real week from `monday` carries (0: the
        week of the start): the week the ramp stands in on that Monday (or on the start, if later)."""
        ramp = self.ramp_date(max(monday, self.start))
        return (week_start(ramp) - week_start(self.start)).days // 7


def _working_day(day: dt.date, step: int, holidays: Collection[dt.date]) -> dt.date:
    """Return the nearest working day before (`step` -1) or after (1) `day`."""
    day += _DAY * step
    while not is_working_day(day, holidays):
        day += _DAY * step
    return day


def week_targets(plan: RampPlan, clock: RampClock, weeks: int) -> list[tuple[float, ...]]:
    """Return the targets of the rep's first `weeks` real weeks: each carries the plan week the ramp
    stands in, prorated by the share of the week the rep was at work (nothing for a week on leave)."""
    first = week_start(clock.start)
    if not clock.stopped:
        return [plan.weekly_targets[min(i, plan.weeks - 1)] for i in range(weeks)]
    found = []
    for i in range(weeks):
        monday = first + dt.timedelta(weeks=i)
        share = clock.availability(monday)
        week = plan.weekly_targets[min(clock.ramp_week_index(monday), plan.weeks - 1)]
        found.append(tuple(t * share for t in week))
    return found


def counted_weeks(plan: RampPlan, clock: RampClock, today: dt.date) -> int:
    """Return how many real weeks count on `today`: those ended before today's week, up to the week the
    plan ends in, which leave moves later (without leave: `ramp_facts.complete_weeks`)."""
    first = week_start(clock.start)
    end = clock.real_date(first + dt.timedelta(weeks=plan.weeks)) if clock.stopped else None
    last = (week_start(end) - first).days // 7 if end else plan.weeks
    return max(0, min(last, (week_start(today) - first).days // 7))


def milestone_week(clock: RampClock, day: int) -> int:
    """Return the index of the last real week that counts for a milestone on ramp day `day`, which leave
    moves later (without leave: `ramp_facts.milestone_cutoff`)."""
    real = clock.real_date(clock.start + dt.timedelta(days=day - 1))
    return (week_start(real) - week_start(clock.start)).days // 7


def clock_for(start: dt.date, leave: Sequence[LeavePeriod], holidays: Collection[dt.date]) -> RampClock:
    """Return the ramp clock of a rep who started on `start`, with their leave and the company holidays."""
    return RampClock(start, tuple(leave), frozenset(holidays))
