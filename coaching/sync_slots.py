"""When the CRM is read on schedule: nightly, and an hour before each rep's check-in in the rep's zone.

A slot is an instant. A tick runs the latest slot of the past hour that no tick has claimed yet, so one
sync serves every slot of that hour (reps whose check-ins fall in the same hour share it) and a slot
missed for longer (nothing ticked) waits for the next one: the sync reads from where it stopped anyway.
"""

import datetime as dt
from collections.abc import Iterable

from coaching.cadence import Ramp, Schedules
from coaching.schedule import recent_occurrences

NIGHTLY = dt.time(2, 0)  # UTC: after the Americas' working day, before Europe's
BEFORE_CHECKIN = dt.timedelta(hours=1)  # so the check-in shows the CRM's numbers of that afternoon
WINDOW = dt.timedelta(hours=1)  # how late a tick may still run a slot


def nightly_slots(now: dt.datetime) -> list[dt.datetime]:
    """Return the nightly slots of today and yesterday (UTC)."""
    today = dt.datetime.combine(now.astimezone(dt.UTC).date(), NIGHTLY, tzinfo=dt.UTC)
    return [today - dt.timedelta(days=1), today]


def checkin_slots(ramps: Iterable[Ramp], schedules: Schedules, now: dt.datetime) -> list[dt.datetime]:
    """Return the slots an hour before the check-ins (in each rep's zone) of the hour after `now`."""
    ahead = now + BEFORE_CHECKIN
    return [
        run.due_at - BEFORE_CHECKIN
        for ramp in ramps
        for run in recent_occurrences(schedules.checkin, ramp.tz, ahead, WINDOW, schedules.holidays)
        if ramp.covers(run.week)
    ]


def sync_slot(ramps: Iterable[Ramp], schedules: Schedules, now: dt.datetime) -> dt.datetime | None:
    """Return the latest sync slot in (now - WINDOW, now], or None when no sync is due at `now`."""
    slots = [*nightly_slots(now), *checkin_slots(ramps, schedules, now)]
    return max((slot for slot in slots if now - WINDOW < slot <= now), default=None)
