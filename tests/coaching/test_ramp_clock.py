"""The ramp clock stops for the working days of leave (issue 16): day N, week W, targets, milestones."""

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coaching.activity import Enrollment, WeekLog
from coaching.leave import LeavePeriod
from coaching.plans import RampPlan, parse_plan
from coaching.ramp_clock import RampClock, clock_for, week_targets
from coaching.status import MilestoneState, ramp_status
from tests.coaching.builders import plan_dict
from tests.coaching.test_figures_properties import ENROLLMENT, as_logs, days, logs_strategy, on, plans

NOV_2 = dt.date(2026, 11, 2)  # a Monday
REP = Enrollment("U1", "ramping", 1, NOV_2)
CHRISTMAS = frozenset({dt.date(2026, 12, 25), dt.date(2027, 1, 1)})
WINTER_BREAK = LeavePeriod(dt.date(2026, 12, 21), dt.date(2027, 1, 3))  # Mon to Sun, two weeks


def ramping_plan(**overrides: Any) -> RampPlan:
    """A plan whose weekly targets differ every week, so a shifted week shows."""
    weekly = {"weekly": [10 * (n + 1) for n in range(13)]}
    metric = {"key": "calls", "label": "Calls", "unit": "currency", "max_per_week": 1e6, "target": weekly}
    return parse_plan(plan_dict(id="ramping", metrics=[metric]) | overrides)


def monday(week: int) -> dt.date:
    return NOV_2 + dt.timedelta(weeks=week)


leave_periods = st.lists(
    st.tuples(st.integers(-10, 80), st.integers(0, 20)).map(
        lambda p: LeavePeriod(on(p[0]), on(p[0]) + dt.timedelta(days=p[1]))
    ),
    max_size=3,
)


@given(plans(), logs_strategy, days, st.sets(st.integers(-5, 60).map(on)))
def test_without_leave_every_figure_is_exactly_as_before(
    plan: RampPlan, weeks: dict[int, dict[str, float]], day: int, holidays: set[dt.date]
) -> None:
    before_start = LeavePeriod(on(-30), on(0))  # leave that ended before the ramp began stops nothing
    clock = clock_for(ENROLLMENT.start, [before_start], holidays)
    with_clock = ramp_status(plan, ENROLLMENT, as_logs(weeks), on(day), clock=clock)
    assert with_clock == ramp_status(plan, ENROLLMENT, as_logs(weeks), on(day))


@settings(deadline=None)  # each example walks a few hundred days
@given(leave_periods, st.sets(st.integers(0, 90).map(on)))
def test_the_ramp_never_goes_backwards_nor_runs_ahead_of_the_calendar(
    leave: list[LeavePeriod], holidays: set[dt.date]
) -> None:
    clock = clock_for(ENROLLMENT.start, leave, holidays)
    ramp = [clock.ramp_date(on(day)) for day in range(-3, 120)]
    assert ramp == sorted(ramp)
    assert all(r <= on(day) for r, day in zip(ramp, range(-3, 120), strict=True))
    for day in range(1, 100):
        assert clock.ramp_date(clock.real_date(on(day))) >= on(day)


def test_two_weeks_of_leave_over_christmas_stop_day_n_and_move_it_by_their_eight_working_days() -> None:
    clock = clock_for(NOV_2, [WINTER_BREAK], CHRISTMAS)
    assert clock.leave_days(NOV_2, dt.date(2027, 1, 31)) == 8  # ten weekdays less two holidays
    before = clock.ramp_day(dt.date(2026, 12, 18))  # the Friday before
    assert before == 47
    assert {clock.ramp_day(WINTER_BREAK.first + dt.timedelta(days=n)) for n in range(14)} == {47}
    assert clock.ramp_day(dt.date(2027, 1, 4)) == 50  # back on Monday: where Dec 21 was
    assert clock.real_date(dt.date(2026, 12, 21)) == dt.date(2027, 1, 4)


def test_weeks_fully_on_leave_are_neither_due_nor_missing_and_the_next_week_carries_on_the_plan() -> None:
    plan = ramping_plan()
    clock = clock_for(NOV_2, [WINTER_BREAK], CHRISTMAS)
    targets = week_targets(plan, clock, 11)
    # Weeks 7 and 8 (Dec 21, Dec 28) are on leave; week 9 carries week 8's targets of the plan.
    logged = {i: {"calls": targets[i][0]} for i in range(11) if i not in (7, 8)}
    status = ramp_status(plan, REP, as_logs_from(logged), monday(11), clock=clock)

    assert [t[0] for t in targets] == [10, 20, 30, 40, 50, 60, 70, 0, 0, 80, 90]
    assert status.missing_weeks == []
    assert status.attainment == 1.0
    assert status.week == 10  # week 12 of the calendar, less two weeks on leave
    assert status.day == 66  # Jan 18 less eight working days is Wed Jan 6


def test_a_week_partly_on_leave_has_its_targets_prorated() -> None:
    plan = ramping_plan()
    wednesday_to_friday = LeavePeriod(monday(1) + dt.timedelta(days=2), monday(1) + dt.timedelta(days=4))
    clock = clock_for(NOV_2, [wednesday_to_friday], frozenset())
    logs = as_logs_from({0: {"calls": 10}, 1: {"calls": 8}})  # 2 days of 5 at 20 a week

    status = ramp_status(plan, REP, logs, monday(2), clock=clock)

    assert status.metrics[0].target == 18
    assert status.trend[-1] == 1.0
    assert status.attainment == 1.0


def test_a_holiday_next_to_the_leave_makes_the_week_fully_on_leave() -> None:
    monday_to_thursday = LeavePeriod(dt.date(2026, 12, 21), dt.date(2026, 12, 24))
    week = dt.date(2026, 12, 21)
    assert clock_for(NOV_2, [monday_to_thursday], CHRISTMAS).availability(week) == 0.0
    assert clock_for(NOV_2, [monday_to_thursday], frozenset()).availability(week) == pytest.approx(0.2)


def test_a_milestone_during_leave_is_still_due_until_the_ramp_reaches_its_day() -> None:
    milestone = {"kind": "threshold", "day": 30, "label": "30 calls", "metric": "calls", "at_least": 10_000}
    plan = ramping_plan(milestones=[milestone])
    leave = LeavePeriod(dt.date(2026, 11, 23), dt.date(2026, 12, 4))  # days 22 to 33, ten working days
    away = clock_for(NOV_2, [leave], frozenset())
    day_35 = dt.date(2026, 12, 6)

    assert ramp_status(plan, REP, [], day_35).milestones[0].state is MilestoneState.MISSED
    status = ramp_status(plan, REP, [], day_35, clock=away)
    assert status.day == 21  # stopped on Fri Nov 20 (day 19), then ran on for the weekend after
    assert status.milestones[0].state is MilestoneState.DUE
    later = ramp_status(plan, REP, [], dt.date(2026, 12, 20), clock=away)
    assert later.milestones[0].state is MilestoneState.MISSED


def test_no_leave_means_the_plain_calendar() -> None:
    clock = RampClock(NOV_2)
    assert not clock.stopped
    assert [clock.ramp_date(NOV_2 + dt.timedelta(days=n)) for n in range(10)] == [
        NOV_2 + dt.timedelta(days=n) for n in range(10)
    ]


def as_logs_from(weeks: dict[int, dict[str, float]]) -> list[WeekLog]:
    return [WeekLog(monday(i), values) for i, values in sorted(weeks.items())]


def test_leave_makes_the_ramp_end_later_and_its_last_weeks_still_count() -> None:
    plan = ramping_plan()  # 13 weeks: without leave, weeks 0 to 12 count
    clock = clock_for(NOV_2, [WINTER_BREAK], CHRISTMAS)
    targets = week_targets(plan, clock, 14)
    logged = {i: {"calls": targets[i][0]} for i in range(14) if i not in (7, 8)}

    status = ramp_status(plan, REP, as_logs_from(logged), monday(16), clock=clock)

    assert status.logged_weeks == 12  # weeks 12 and 13 count too: the plan ends two weeks later
    assert status.metrics[0].actual == sum(10 * (n + 1) for n in range(12))
    assert (status.attainment, status.projection, status.missing_weeks) == (1.0, 1.0, [])
    assert status.weeks_left == 0


def test_a_milestone_counts_the_logs_up_to_its_day_moved_by_the_leave() -> None:
    milestone = {"kind": "threshold", "day": 60, "label": "450 calls", "metric": "calls", "at_least": 450}
    plan = ramping_plan(milestones=[milestone])
    clock = clock_for(NOV_2, [WINTER_BREAK], CHRISTMAS)
    # Day 60 (Dec 31) falls in week 8 without leave; with it, in week 10 (Jan 11).
    logs = as_logs_from(
        {i: {"calls": 10.0 * (i + 1)} for i in range(7)} | {9: {"calls": 80.0}, 10: {"calls": 90.0}}
    )

    assert ramp_status(plan, REP, logs, monday(12)).milestones[0].state is MilestoneState.MISSED
    assert ramp_status(plan, REP, logs, monday(12), clock=clock).milestones[0].state is MilestoneState.HIT
