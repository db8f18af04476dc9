import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coaching.cadence import Ramp, Schedules, due_checkins, due_reminders
from coaching.schedule import Shift, Weekly, business_day, iso_week, local_instant, recent_occurrences

UTC = dt.UTC
FRIDAY_16 = Weekly(weekday=4, at=dt.time(16), shift=Shift.EARLIER)
NO_HOLIDAYS: frozenset[dt.date] = frozenset()


def runs(schedule: Weekly, tz: str, now: dt.datetime, hours: int = 12) -> list[dt.datetime]:
    return [r.due_at for r in recent_occurrences(schedule, tz, now, dt.timedelta(hours=hours), NO_HOLIDAYS)]


@pytest.mark.parametrize(
    ("tz", "day", "expected_utc"),
    [
        (
            "America/New_York",
            dt.date(2026, 3, 6),
            dt.datetime(2026, 3, 6, 21, tzinfo=UTC),
        ),  # before spring DST
        ("America/New_York", dt.date(2026, 3, 13), dt.datetime(2026, 3, 13, 20, tzinfo=UTC)),  # after
        (
            "America/New_York",
            dt.date(2026, 10, 30),
            dt.datetime(2026, 10, 30, 20, tzinfo=UTC),
        ),  # before autumn
        ("America/New_York", dt.date(2026, 11, 6), dt.datetime(2026, 11, 6, 21, tzinfo=UTC)),  # after
        ("Europe/Berlin", dt.date(2026, 3, 27), dt.datetime(2026, 3, 27, 15, tzinfo=UTC)),
        ("Europe/Berlin", dt.date(2026, 4, 3), dt.datetime(2026, 4, 3, 14, tzinfo=UTC)),
        ("Europe/Berlin", dt.date(2026, 10, 23), dt.datetime(2026, 10, 23, 14, tzinfo=UTC)),
        ("Europe/Berlin", dt.date(2026, 10, 30), dt.datetime(2026, 10, 30, 15, tzinfo=UTC)),
    ],
)
def test_friday_four_pm_stays_four_pm_local_across_dst(
    tz: str, day: dt.date, expected_utc: dt.datetime
) -> None:
    assert local_instant(day, dt.time(16), tz) == expected_utc


def test_a_time_skipped_by_spring_forward_is_sent_once_and_later() -> None:
    # 2026-03-08 02:30 does not exist in New York: the clocks jump from 02:00 to 03:00.
    assert local_instant(dt.date(2026, 3, 8), dt.time(2, 30), "America/New_York") == dt.datetime(
        2026, 3, 8, 7, 30, tzinfo=UTC
    )


def test_a_time_repeated_by_fall_back_is_sent_at_its_first_occurrence() -> None:
    # 2026-11-01 01:30 happens twice in New York; the first is 05:30 UTC (EDT).
    assert local_instant(dt.date(2026, 11, 1), dt.time(1, 30), "America/New_York") == dt.datetime(
        2026, 11, 1, 5, 30, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("tz", "first_sunday"),
    [
        ("America/New_York", dt.date(2026, 3, 1)),  # spring forward on March 8
        ("America/New_York", dt.date(2026, 10, 25)),  # fall back on November 1
        ("Europe/Berlin", dt.date(2026, 3, 22)),  # spring forward on March 29
        ("Europe/Berlin", dt.date(2026, 10, 18)),  # fall back on October 25
    ],
)
def test_ticking_through_a_dst_change_finds_each_run_once(tz: str, first_sunday: dt.date) -> None:
    schedule = Weekly(weekday=6, at=dt.time(2, 30))  # Sundays, in the hour DST changes
    start = dt.datetime.combine(first_sunday, dt.time(), tzinfo=UTC)
    seen: list[dt.datetime] = []
    for minute in range(0, 60 * 24 * 14, 7):
        now = start + dt.timedelta(minutes=minute)
        seen.extend(r for r in runs(schedule, tz, now, hours=12) if r not in seen)
    assert len(seen) == 2
    assert all(r.astimezone(dt.UTC) == r for r in seen)


def test_weekends_and_holidays_move_the_check_in_earlier_and_the_reminder_later() -> None:
    christmas = dt.date(2026, 12, 25)  # a Friday
    assert business_day(christmas, Shift.EARLIER, {christmas}) == dt.date(2026, 12, 24)
    assert business_day(dt.date(2026, 12, 26), Shift.LATER, set()) == dt.date(2026, 12, 28)


def test_every_second_week_skips_the_weeks_between() -> None:
    schedule = Weekly(weekday=1, at=dt.time(9), every_weeks=2, anchor=dt.date(2026, 11, 3))
    assert schedule.runs_in_week(dt.date(2026, 11, 2))
    assert not schedule.runs_in_week(dt.date(2026, 11, 9))
    assert schedule.runs_in_week(dt.date(2026, 11, 16))


@given(st.dates(dt.date(2020, 1, 1), dt.date(2035, 12, 31)))
def test_the_week_label_is_the_iso_week(day: dt.date) -> None:
    monday = day - dt.timedelta(days=day.weekday())
    label = iso_week(monday)
    year, week, _ = monday.isocalendar()
    assert label == f"{year}-W{week:02d}"


RAMP = Ramp("T1", "U1", "America/Chicago", dt.date(2026, 10, 5), dt.date(2027, 1, 3))
FRIDAY = dt.datetime(2026, 11, 20, 22, 0, tzinfo=UTC)  # 16:00 in Chicago


def test_the_check_in_is_due_from_four_pm_local_for_twelve_hours() -> None:
    assert due_checkins([RAMP], Schedules(), FRIDAY - dt.timedelta(minutes=1)) == []
    (due,) = due_checkins([RAMP], Schedules(), FRIDAY)
    assert due.key == "checkin:T1:U1:2026-W47"
    assert due_checkins([RAMP], Schedules(), FRIDAY + dt.timedelta(hours=11, minutes=59)) == [due]
    assert due_checkins([RAMP], Schedules(), FRIDAY + dt.timedelta(hours=12, minutes=1)) == []


def test_no_check_in_before_or_after_the_ramp() -> None:
    before = Ramp("T1", "U1", "America/Chicago", dt.date(2026, 11, 30), dt.date(2027, 2, 28))
    after = Ramp("T1", "U1", "America/Chicago", dt.date(2026, 8, 3), dt.date(2026, 11, 1))
    assert due_checkins([before, after], Schedules(), FRIDAY) == []


def test_the_reminder_is_only_for_a_week_that_is_not_logged() -> None:
    monday = dt.datetime(2026, 11, 23, 16, 0, tzinfo=UTC)  # 10:00 in Chicago
    (due,) = due_reminders([RAMP], Schedules(), monday, logged=set())
    assert due.key == "reminder:T1:U1:2026-W47"
    assert due_reminders([RAMP], Schedules(), monday, logged={("T1", "U1", dt.date(2026, 11, 16))}) == []
