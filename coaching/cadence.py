"""What is due for whom at a given instant: the weekly check-in and, for unlogged weeks, its reminder."""

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from coaching.delivery import Due, Kind
from coaching.schedule import Shift, Weekly, iso_week, recent_occurrences

# A restarted process catches up on what it missed in this window; anything older is not sent late.
CATCH_UP = dt.timedelta(hours=12)


@dataclass(frozen=True)
class Schedules:
    """Defaults: the check-in on Friday 16:00 local, the reminder on Monday 10:00, the nudge Monday 09:00."""

    checkin: Weekly = Weekly(weekday=4, at=dt.time(16, 0), shift=Shift.EARLIER)
    reminder: Weekly = Weekly(weekday=0, at=dt.time(10, 0), shift=Shift.LATER)
    nudge: Weekly = Weekly(weekday=0, at=dt.time(9, 0), shift=Shift.LATER)
    holidays: frozenset[dt.date] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Ramp:
    """A rep during their ramp, in their own time zone."""

    team_id: str
    rep_id: str
    tz: str
    start: dt.date
    end: dt.date  # the first day after the ramp

    def covers(self, monday: dt.date) -> bool:
        """Return whether any day of the week starting `monday` is inside the ramp."""
        return monday <= self.end - dt.timedelta(days=1) and monday + dt.timedelta(days=6) >= self.start


def due_checkins(ramps: Iterable[Ramp], schedules: Schedules, now: dt.datetime) -> list[Due]:
    """Return the check-ins due by `now` (within the catch-up window) for weeks inside each ramp."""
    return [
        Due(Kind.CHECKIN, ramp.team_id, ramp.rep_id, iso_week(run.week), run.due_at)
        for ramp in ramps
        for run in recent_occurrences(schedules.checkin, ramp.tz, now, CATCH_UP, schedules.holidays)
        if ramp.covers(run.week)
    ]


def due_reminders(
    ramps: Iterable[Ramp],
    schedules: Schedules,
    now: dt.datetime,
    logged: Collection[tuple[str, str, dt.date]],
) -> list[Due]:
    """Return reminders due by `now` about last week for reps who have not logged it (team, rep, week)."""
    found = []
    for ramp in ramps:
        for run in recent_occurrences(schedules.reminder, ramp.tz, now, CATCH_UP, schedules.holidays):
            last_week = run.week - dt.timedelta(weeks=1)
            if ramp.covers(last_week) and (ramp.team_id, ramp.rep_id, last_week) not in logged:
                found.append(Due(Kind.REMINDER, ramp.team_id, ramp.rep_id, iso_week(last_week), run.due_at))
    return found


@dataclass(frozen=True)
class Outreacher:
    """A person with outreach touches in the nudge window, in their own time zone."""

    team_id: str
    rep_id: str
    tz: str


def due_nudges(reps: Iterable[Outreacher], schedules: Schedules, now: dt.datetime) -> list[Due]:
    """Return the weekly messaging nudges due by `now`: one per rep per ISO week."""
    return [
        Due(Kind.NUDGE, rep.team_id, rep.rep_id, iso_week(run.week), run.due_at)
        for rep in reps
        for run in recent_occurrences(schedules.nudge, rep.tz, now, CATCH_UP, schedules.holidays)
    ]
