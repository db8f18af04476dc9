"""When a rep's reviews are due: a cadence during and after the ramp, plus checkpoints, on working days."""

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from coaching.plans import ReviewCadence
from coaching.schedule import Shift, business_day


@dataclass(frozen=True)
class Slot:
    """One review a rep is due. `slot` is the date the cadence gave it, its identity even when moved."""

    slot: dt.date
    due: dt.date
    checkpoint: int | None = None  # the ramp day, for a checkpoint review


def review_slots(
    cadence: ReviewCadence,
    start: dt.date,
    length_days: int,
    until: dt.date,
    *,
    holidays: Collection[dt.date] = frozenset(),
    moved: Mapping[dt.date, dt.date] | None = None,
) -> list[Slot]:
    """Return the rep's review slots due up to `until`, oldest first.

    Regular reviews fall every `every_weeks` during the ramp and every `after_ramp_every_weeks` after it;
    checkpoints on their ramp days. Each moves to the next working day, and reviews landing on the same
    day merge into one (a checkpoint, if either is). `moved` holds rescheduled slots' new dates.
    """
    ramp_end = start + dt.timedelta(days=length_days)
    dates: dict[dt.date, int | None] = {}
    for day in _regular(cadence, start, ramp_end, until):
        dates.setdefault(business_day(day, Shift.LATER, holidays), None)
    for ramp_day in sorted(cadence.checkpoints):
        if ramp_day <= length_days:
            day = business_day(start + dt.timedelta(days=ramp_day - 1), Shift.LATER, holidays)
            dates[day] = ramp_day
    moved = moved or {}
    slots = [Slot(day, moved.get(day, day), checkpoint) for day, checkpoint in dates.items()]
    return sorted((s for s in slots if s.due <= until or s.slot <= until), key=lambda s: s.slot)


def _regular(cadence: ReviewCadence, start: dt.date, ramp_end: dt.date, until: dt.date) -> list[dt.date]:
    days = []
    day = start + dt.timedelta(weeks=cadence.every_weeks)
    while day < ramp_end and day <= until:
        days.append(day)
        day += dt.timedelta(weeks=cadence.every_weeks)
    day = ramp_end + dt.timedelta(weeks=cadence.after_ramp_every_weeks)
    while day <= until:
        days.append(day)
        day += dt.timedelta(weeks=cadence.after_ramp_every_weeks)
    return days
