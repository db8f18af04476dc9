"""Which reviews a rep owes when they joined Ramp Coach after their ramp began (issue 13, defect 5)."""

import dataclasses
import datetime as dt

import pytest

from coaching.delivery import Kind
from coaching.leave import LeavePeriod
from coaching.plans import ReviewCadence
from coaching.review_schedule import Joined, Reviewee, Slot, due_review_messages, open_slots, review_slots

START = dt.date(2026, 10, 5)  # a Monday; slots Oct 19, Nov 2, Nov 3 (day 30), Nov 16, Nov 30, Dec 3 (day 60)
FRIDAY = dt.date(2026, 11, 20)


def due(slots: list[Slot]) -> list[dt.date]:
    return [s.due for s in slots]


def rep(joined: Joined | None, start: dt.date = START) -> Reviewee:
    return Reviewee("T1", "U1", "M1", "America/New_York", start, 90, ReviewCadence(), joined)


def test_a_rep_imported_mid_ramp_owes_no_review_from_before_they_joined() -> None:
    owed = open_slots(rep(Joined(FRIDAY, 10)), dt.date(2026, 11, 23), {}, ())
    assert owed == []
    # Without the day they joined, the same rep owed four reviews, up to 35 days late.
    assert len(open_slots(rep(None), dt.date(2026, 11, 23), {}, ())) == 4


def test_the_first_review_is_the_next_slot_when_it_comes_within_the_allowed_working_days() -> None:
    slots = review_slots(ReviewCadence(), START, 90, dt.date(2026, 12, 10), joined=Joined(FRIDAY, 10))
    assert due(slots) == [dt.date(2026, 11, 30), dt.date(2026, 12, 3)]


def test_the_first_review_comes_sooner_when_the_allowed_working_days_end_before_the_next_slot() -> None:
    # Three working days after Friday Nov 20 is Wednesday Nov 25, before the cadence's Nov 30.
    slots = review_slots(ReviewCadence(), START, 90, dt.date(2026, 12, 10), joined=Joined(FRIDAY, 3))
    assert slots[0] == Slot(dt.date(2026, 11, 25), dt.date(2026, 11, 25), None)
    assert due(slots)[1:] == [dt.date(2026, 11, 30), dt.date(2026, 12, 3)]


def test_a_tenured_rep_on_the_monthly_cadence_is_first_reviewed_within_ten_working_days() -> None:
    start = dt.date(2026, 6, 1)  # the ramp ended Aug 30; monthly since: ... Nov 23, Dec 21
    joined = Joined(dt.date(2026, 11, 24), 10)
    slots = review_slots(ReviewCadence(), start, 90, dt.date(2027, 1, 10), joined=joined)
    assert due(slots) == [dt.date(2026, 12, 8), dt.date(2026, 12, 21)]


def test_with_zero_working_days_the_first_review_waits_for_the_next_slot() -> None:
    slots = review_slots(ReviewCadence(), START, 90, dt.date(2026, 12, 10), joined=Joined(FRIDAY, 0))
    assert due(slots) == [dt.date(2026, 11, 30), dt.date(2026, 12, 3)]


@pytest.mark.parametrize("joined", [dt.date(2026, 9, 28), START, dt.date(2026, 10, 9)])
def test_a_rep_enrolled_before_their_first_slot_owes_every_slot_and_no_extra_review(joined: dt.date) -> None:
    until = dt.date(2027, 2, 28)
    assert review_slots(ReviewCadence(), START, 90, until, joined=Joined(joined, 3)) == review_slots(
        ReviewCadence(), START, 90, until
    )


def test_a_slot_on_the_day_the_rep_joined_is_not_owed() -> None:
    slots = review_slots(
        ReviewCadence(), START, 90, dt.date(2026, 11, 30), joined=Joined(dt.date(2026, 11, 16), 0)
    )
    assert due(slots) == [dt.date(2026, 11, 30)]


def test_the_first_review_skips_weekends_and_holidays() -> None:
    thanksgiving = dt.date(2026, 11, 26)
    joined = Joined(FRIDAY, 4)  # Mon 23, Tue 24, Wed 25, (Thu 26 off) Fri 27
    assert joined.first_due({thanksgiving}) == dt.date(2026, 11, 27)


def test_a_review_of_the_first_slot_leaves_nothing_open() -> None:
    reviewee = rep(Joined(FRIDAY, 3))
    assert open_slots(reviewee, dt.date(2026, 11, 27), {}, {dt.date(2026, 11, 25)}) == []


# Leave stops the ramp clock (issue 16): slots move later by the working days of leave before them.
AUTUMN_LEAVE = (LeavePeriod(dt.date(2026, 10, 26), dt.date(2026, 11, 8)),)  # across New York's DST change
ELECTION_DAY = frozenset({dt.date(2026, 11, 3)})


def test_a_checkpoint_during_leave_moves_by_its_working_days_and_keeps_its_identity() -> None:
    slots = review_slots(
        ReviewCadence(), START, 90, dt.date(2026, 12, 31), holidays=ELECTION_DAY, leave=AUTUMN_LEAVE
    )
    # Nine working days of leave (ten weekdays less the holiday): Nov 2 comes due Nov 16 (back from leave
    # Nov 9, the ramp reaches Nov 2 a week later), the day-30 checkpoint (Nov 4, after the holiday) Nov 17.
    assert [(s.slot, s.due, s.checkpoint) for s in slots[:4]] == [
        (dt.date(2026, 10, 19), dt.date(2026, 10, 19), None),
        (dt.date(2026, 11, 2), dt.date(2026, 11, 16), None),
        (dt.date(2026, 11, 4), dt.date(2026, 11, 17), 30),
        (dt.date(2026, 11, 16), dt.date(2026, 11, 27), None),
    ]


def test_a_rescheduled_slot_keeps_the_date_the_manager_chose_despite_leave() -> None:
    moved = {dt.date(2026, 11, 2): dt.date(2026, 11, 10)}
    slots = review_slots(ReviewCadence(), START, 90, dt.date(2026, 12, 31), moved=moved, leave=AUTUMN_LEAVE)
    assert slots[1] == Slot(dt.date(2026, 11, 2), dt.date(2026, 11, 10))


def test_a_review_held_during_leave_is_prompted_after_it_not_as_late_across_the_dst_change() -> None:
    reviewee = dataclasses.replace(rep(None), leave=AUTUMN_LEAVE)
    no_reviews: dict[tuple[str, str], set[dt.date]] = {}
    during = [
        due_review_messages([reviewee], {}, no_reviews, dt.datetime(2026, 11, day, 15, 0, tzinfo=dt.UTC))
        for day in range(2, 14)
    ]
    assert [d for found in during for d in found] == []  # nothing during the leave, nor the week after
    # 09:00 in New York on Mon Nov 16 is 14:00 UTC: standard time since Nov 1.
    found = due_review_messages([reviewee], {}, no_reviews, dt.datetime(2026, 11, 16, 14, 0, tzinfo=dt.UTC))
    assert [(d.kind, d.period, d.due_at) for d in found] == [
        (Kind.REVIEW_PROMPT, "2026-11-16", dt.datetime(2026, 11, 16, 14, 0, tzinfo=dt.UTC))
    ]
