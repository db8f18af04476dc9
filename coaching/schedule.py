"""When a weekly delivery falls due in a person's own time zone, across DST changes, weekends and holidays."""

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo

from coaching.weeks import week_start


class Shift(StrEnum):
    """Where a delivery moves when its day is a weekend or a holiday."""

    EARLIER = "earlier"  # an end-of-week check-in goes out on the last business day before
    LATER = "later"  # a start-of-week reminder goes out on the next business day


@dataclass(frozen=True)
class Weekly:
    """A local weekday and time, every `every_weeks` weeks counted from the week of `anchor`."""

    weekday: int  # Monday is 0
    at: dt.time
    every_weeks: int = 1
    anchor: dt.date = dt.date(2026, 1, 5)
    shift: Shift = Shift.LATER

    def runs_in_week(self, monday: dt.date) -> bool:
        """Return whether the week starting `monday` is one of this schedule's weeks."""
        return ((monday - week_start(self.anchor)).days // 7) % self.every_weeks == 0


def local_instant(day: dt.date, at: dt.time, tz: str) -> dt.datetime:
    """Return the UTC instant of local `day` `at` in `tz`.

    An ambiguous time (autumn fold) is the first of the two; a time skipped in spring is sent as many
    minutes later as the clocks jumped (02:30 becomes 03:30), so nothing is skipped or sent twice.
    """
    local = dt.datetime.combine(day, at).replace(tzinfo=ZoneInfo(tz), fold=0)
    return local.astimezone(dt.UTC)


def business_day(day: dt.date, shift: Shift, holidays: Collection[dt.date]) -> dt.date:
    """Return `day`, or the nearest business day in the direction of `shift` (at most two weeks away)."""
    step = dt.timedelta(days=-1 if shift is Shift.EARLIER else 1)
    for _ in range(14):
        if day.weekday() < 5 and day not in holidays:
            return day
        day += step
    return day


@dataclass(frozen=True)
class Occurrence:
    """One run of a schedule: the week it belongs to (its period) and the UTC instant it is due."""

    week: dt.date
    due_at: dt.datetime


def occurrence(
    schedule: Weekly, monday: dt.date, tz: str, holidays: Collection[dt.date]
) -> Occurrence | None:
    """Return the schedule's run in the week of `monday`, or None if it skips that week."""
    if not schedule.runs_in_week(monday):
        return None
    day = business_day(monday + dt.timedelta(days=schedule.weekday), schedule.shift, holidays)
    return Occurrence(monday, local_instant(day, schedule.at, tz))


def recent_occurrences(
    schedule: Weekly, tz: str, now: dt.datetime, window: dt.timedelta, holidays: Collection[dt.date]
) -> list[Occurrence]:
    """Return the runs due in (now - window, now]: what a tick at `now` should record."""
    this_monday = week_start(now.astimezone(ZoneInfo(tz)).date())
    found = []
    # Shifts can push a run into a neighbouring week, so look one week either side.
    for weeks in (-2, -1, 0, 1):
        run = occurrence(schedule, this_monday + dt.timedelta(weeks=weeks), tz, holidays)
        if run is not None and now - window < run.due_at <= now:
            found.append(run)
    return found


def iso_week(monday: dt.date) -> str:
    """Return the ISO week label of a week, e.g. 2026-W47: the period part of a delivery key."""
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"
