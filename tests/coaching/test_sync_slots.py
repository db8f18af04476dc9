"""When the scheduled CRM sync runs: 02:00 UTC nightly, and an hour before each rep's check-in, in the
rep's own zone, across DST changes and holidays."""

import datetime as dt

import pytest

from coaching.cadence import Ramp, Schedules
from coaching.sync_slots import sync_slot


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=dt.UTC)


CHICAGO = Ramp("T111", "U0REP1", "America/Chicago", dt.date(2026, 10, 5), dt.date(2027, 1, 3))
BERLIN = Ramp("T111", "U0REP2", "Europe/Berlin", dt.date(2026, 10, 5), dt.date(2027, 1, 3))


@pytest.mark.parametrize(
    ("now", "slot"),
    [
        (utc(2026, 11, 18, 1, 59), None),
        (utc(2026, 11, 18, 2, 0), utc(2026, 11, 18, 2, 0)),
        (utc(2026, 11, 18, 2, 59), utc(2026, 11, 18, 2, 0)),
        (utc(2026, 11, 18, 3, 0), None),
    ],
)
def test_the_nightly_slot_is_two_am_utc_and_runs_within_the_hour(now: dt.datetime, slot: dt.datetime) -> None:
    assert sync_slot([], Schedules(), now) == slot


@pytest.mark.parametrize(
    ("now", "slot"),
    [
        # Friday 2026-10-30, before the clocks go back (CDT, UTC-5): 15:00 local is 20:00 UTC.
        (utc(2026, 10, 30, 19, 59), None),
        (utc(2026, 10, 30, 20, 0), utc(2026, 10, 30, 20, 0)),
        (utc(2026, 10, 30, 20, 30), utc(2026, 10, 30, 20, 0)),
        # Friday 2026-11-06, after (CST, UTC-6): 20:00 UTC is 14:00 local, too early; 21:00 is 15:00.
        (utc(2026, 11, 6, 20, 0), None),
        (utc(2026, 11, 6, 21, 0), utc(2026, 11, 6, 21, 0)),
        (utc(2026, 11, 6, 22, 0), None),  # the check-in itself: the sync came an hour before
        (utc(2027, 1, 8, 21, 0), None),  # after the ramp: no check-in, no sync before it
    ],
)
def test_the_pre_check_in_slot_is_three_pm_in_chicago_on_both_sides_of_a_dst_change(
    now: dt.datetime, slot: dt.datetime | None
) -> None:
    assert sync_slot([CHICAGO], Schedules(), now) == slot


def test_the_spring_change_moves_the_slot_an_hour_earlier_in_utc() -> None:
    spring = Ramp("T111", "U0REP1", "America/Chicago", dt.date(2026, 3, 2), dt.date(2026, 6, 1))
    assert sync_slot([spring], Schedules(), utc(2026, 3, 6, 21, 0)) == utc(2026, 3, 6, 21, 0)  # CST
    assert sync_slot([spring], Schedules(), utc(2026, 3, 13, 21, 0)) is None  # CDT: 16:00 local
    assert sync_slot([spring], Schedules(), utc(2026, 3, 13, 20, 0)) == utc(2026, 3, 13, 20, 0)


def test_each_zone_has_its_own_slot_and_a_late_tick_runs_only_the_latest() -> None:
    assert sync_slot([CHICAGO, BERLIN], Schedules(), utc(2026, 11, 20, 14, 0)) == utc(2026, 11, 20, 14, 0)
    assert sync_slot([CHICAGO, BERLIN], Schedules(), utc(2026, 11, 20, 21, 0)) == utc(2026, 11, 20, 21, 0)
    # Slots a quarter of an hour apart (Kathmandu +5:45, Kolkata +5:30): a tick after both runs the later.
    kathmandu = Ramp("T111", "U0REP3", "Asia/Kathmandu", CHICAGO.start, CHICAGO.end)
    kolkata = Ramp("T111", "U0REP4", "Asia/Kolkata", CHICAGO.start, CHICAGO.end)
    assert sync_slot([kathmandu, kolkata], Schedules(), utc(2026, 11, 20, 9, 20)) == utc(2026, 11, 20, 9, 15)
    assert sync_slot([kathmandu, kolkata], Schedules(), utc(2026, 11, 20, 9, 40)) == utc(2026, 11, 20, 9, 30)


def test_a_check_in_moved_by_a_holiday_moves_its_sync_too() -> None:
    friday = dt.date(2026, 11, 27)
    schedules = Schedules(holidays=frozenset({friday}))
    assert sync_slot([CHICAGO], schedules, utc(2026, 11, 27, 21, 0)) is None
    assert sync_slot([CHICAGO], schedules, utc(2026, 11, 26, 21, 0)) == utc(2026, 11, 26, 21, 0)
