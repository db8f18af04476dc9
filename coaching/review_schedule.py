"""When a rep's reviews are due: a cadence during and after the ramp, plus checkpoints, on working days."""

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from coaching.cadence import CATCH_UP
from coaching.delivery import Due, Kind
from coaching.leave import LeavePeriod
from coaching.plans import ReviewCadence
from coaching.ramp_clock import RampClock
from coaching.schedule import Shift, business_day, local_instant

PROMPT_AT = dt.time(9, 0)  # in the manager's zone
OVERDUE_AFTER = (2, 5)  # days late when the manager is reminded (on the next working day)


@dataclass(frozen=True)
class Slot:
    """One review a rep is due. `slot` is the date the cadence gave it, its identity even when moved."""

    slot: dt.date
    due: dt.date
    checkpoint: int | None = None  # the ramp day, for a checkpoint review


@dataclass(frozen=True)
class Joined:
    """When a rep's enrollment was recorded, which may be mid-ramp (a team imported with past start dates).

    Nobody can have reviewed a rep in Ramp Coach before it knew them, so earlier slots are not owed. If
    some were skipped, the first review is due at the next slot, or `first_within` working days after
    joining if that is sooner (0: wait for the next slot), so a rep who joins late is not left unreviewed
    for weeks.
    """

    on: dt.date
    first_within: int = 0

    def first_due(self, holidays: Collection[dt.date]) -> dt.date:
        """Return the day the first review is due at the latest: `first_within` working days after joining."""
        return _working_days_after(self.on, self.first_within, frozenset(holidays))


# Memoized: a large org's Home works out every rep's slots, and most reps share their dates.
@lru_cache(maxsize=4096)
def _working_days_after(on: dt.date, count: int, holidays: frozenset[dt.date]) -> dt.date:
    day = on
    for _ in range(count):
        day = business_day(day + dt.timedelta(days=1), Shift.LATER, holidays)
    return day


def review_slots(
    cadence: ReviewCadence,
    start: dt.date,
    length_days: int,
    until: dt.date,
    *,
    holidays: Collection[dt.date] = frozenset(),
    moved: Mapping[dt.date, dt.date] | None = None,
    joined: Joined | None = None,
    leave: tuple[LeavePeriod, ...] = (),
) -> list[Slot]:
    """Return the rep's review slots due up to `until`, oldest first.

    Regular reviews fall every `every_weeks` during the ramp and every `after_ramp_every_weeks` after it;
    checkpoints on their ramp days. Each moves to the next working day, and reviews landing on the same
    day merge into one (a checkpoint, if either is). `moved` holds rescheduled slots' new dates. With
    `joined`, slots on or before the day the rep joined Ramp Coach are not owed (see `Joined`). `leave`
    stops the ramp clock: every slot moves later by the working days of leave before it, so a review
    that would fall during leave comes due after it, not as late.
    """
    horizon = max(until, joined.first_due(holidays)) if joined else until
    dates = _cadence_dates(cadence, start, length_days, horizon, holidays)
    if joined:
        dates = _owed_since(dates, joined, holidays)
    moved = moved or {}
    slots = [Slot(day, moved.get(day, day), checkpoint) for day, checkpoint in dates.items()]
    if leave:
        slots = _after_leave(slots, RampClock(start, leave, frozenset(holidays)), moved.keys())
    return sorted((s for s in slots if s.due <= until or s.slot <= until), key=lambda s: s.slot)


def _cadence_dates(
    cadence: ReviewCadence, start: dt.date, length_days: int, until: dt.date, holidays: Collection[dt.date]
) -> dict[dt.date, int | None]:
    """Return the cadence's review days up to about `until`, each with its checkpoint day (or None)."""
    every = (cadence.every_weeks, cadence.after_ramp_every_weeks, tuple(cadence.checkpoints))
    return dict(_dates(every, start, length_days, until, frozenset(holidays)))


@lru_cache(maxsize=4096)  # as `_working_days_after`: many reps share a start date
def _dates(
    cadence: tuple[int, int, tuple[int, ...]],
    start: dt.date,
    length_days: int,
    until: dt.date,
    holidays: frozenset[dt.date],
) -> tuple[tuple[dt.date, int | None], ...]:
    every_weeks, after_ramp_every_weeks, checkpoints = cadence
    ramp_end = start + dt.timedelta(days=length_days)
    dates: dict[dt.date, int | None] = {}
    for day in _regular(every_weeks, after_ramp_every_weeks, start, ramp_end, until):
        dates.setdefault(business_day(day, Shift.LATER, holidays), None)
    for ramp_day in sorted(checkpoints):
        if ramp_day <= length_days:
            day = business_day(start + dt.timedelta(days=ramp_day - 1), Shift.LATER, holidays)
            dates[day] = ramp_day
    return tuple(dates.items())


def _after_leave(slots: list[Slot], clock: RampClock, rescheduled: Collection[dt.date]) -> list[Slot]:
    """Return the slots moved later by the rep's leave, keeping each its cadence date as its identity.

    A slot the manager rescheduled keeps its date. Slots that leave pushes onto one day merge into the
    latest (a review fulfils every earlier slot), a checkpoint if any of them is.
    """
    by_due: dict[dt.date, Slot] = {}
    for slot in sorted(slots, key=lambda s: s.slot):
        due = slot.due
        if slot.slot not in rescheduled:
            due = business_day(clock.real_date(slot.slot), Shift.LATER, clock.holidays)
        earlier = by_due.get(due)
        checkpoint = slot.checkpoint
        if checkpoint is None and earlier is not None:
            checkpoint = earlier.checkpoint
        by_due[due] = Slot(slot.slot, due, checkpoint)
    return list(by_due.values())


def _owed_since(
    dates: Mapping[dt.date, int | None], joined: Joined, holidays: Collection[dt.date]
) -> dict[dt.date, int | None]:
    """Return the slots after the day the rep joined, plus an earlier first review if some were skipped."""
    owed = {day: checkpoint for day, checkpoint in dates.items() if day > joined.on}
    skipped = len(owed) < len(dates)
    first = joined.first_due(holidays)
    if skipped and joined.first_within and first < min(owed, default=dt.date.max):
        owed[first] = None
    return owed


def _regular(
    every_weeks: int, after_ramp_every_weeks: int, start: dt.date, ramp_end: dt.date, until: dt.date
) -> list[dt.date]:
    days = []
    day = start + dt.timedelta(weeks=every_weeks)
    while day < ramp_end and day <= until:
        days.append(day)
        day += dt.timedelta(weeks=every_weeks)
    day = ramp_end + dt.timedelta(weeks=after_ramp_every_weeks)
    while day <= until:
        days.append(day)
        day += dt.timedelta(weeks=after_ramp_every_weeks)
    return days


@dataclass(frozen=True)
class Reviewee:
    """A rep whose manager reviews them, with what their review slots are computed from."""

    team_id: str
    rep_id: str
    manager_id: str
    manager_tz: str
    start: dt.date
    length_days: int
    cadence: ReviewCadence
    joined: Joined | None = None  # None: every slot since the start is owed
    leave: tuple[LeavePeriod, ...] = ()  # the rep's leave, which moves their slots later


def open_slots(
    reviewee: Reviewee,
    until: dt.date,
    moved: Mapping[dt.date, dt.date],
    done: Collection[dt.date],
    holidays: Collection[dt.date] = frozenset(),
) -> list[Slot]:
    """Return the rep's slots due by `until` that no review has fulfilled yet.

    A review fulfils its slot and every earlier one: a late review catches up, it is not owed twice.
    """
    slots = review_slots(
        reviewee.cadence,
        reviewee.start,
        reviewee.length_days,
        until,
        holidays=holidays,
        moved=moved,
        joined=reviewee.joined,
        leave=reviewee.leave,
    )
    latest = max(done, default=None)
    return [s for s in slots if (latest is None or s.slot > latest) and s.due <= until]


def due_review_messages(
    reviewees: Collection[Reviewee],
    moved: Mapping[tuple[str, str], Mapping[dt.date, dt.date]],
    done: Mapping[tuple[str, str], Collection[dt.date]],
    now: dt.datetime,
    holidays: Collection[dt.date] = frozenset(),
) -> list[Due]:
    """Return the prompts (09:00 on the due day) and overdue reminders (2 and 5 days late) due by `now`.

    One per manager per day: a manager with several reps due gets a single message that lists them all,
    and on a day with a prompt, the prompt carries the late reviews too (issue 19: one DM, not two).
    """
    found: dict[str, Due] = {}
    for r in reviewees:
        until = now.date() + dt.timedelta(days=1)
        rep = (r.team_id, r.rep_id)
        for slot in open_slots(r, until, moved.get(rep, {}), done.get(rep, ()), holidays):
            runs = [(Kind.REVIEW_PROMPT, slot.due)]
            runs += [
                (Kind.REVIEW_OVERDUE, business_day(slot.due + dt.timedelta(days=late), Shift.LATER, holidays))
                for late in OVERDUE_AFTER
            ]
            for kind, day in runs:
                at = local_instant(day, PROMPT_AT, r.manager_tz)
                if now - CATCH_UP < at <= now:
                    due = Due(kind, r.team_id, r.manager_id, day.isoformat(), at)
                    found.setdefault(due.key, due)
    return one_a_day(found.values())


def one_a_day(dues: Iterable[Due]) -> list[Due]:
    """Return the dues without an overdue reminder that falls on the same day as a prompt to that manager."""
    dues = list(dues)
    prompted = {(d.team_id, d.person_id, d.period) for d in dues if d.kind is Kind.REVIEW_PROMPT}
    return [
        d
        for d in dues
        if d.kind is not Kind.REVIEW_OVERDUE or (d.team_id, d.person_id, d.period) not in prompted
    ]
