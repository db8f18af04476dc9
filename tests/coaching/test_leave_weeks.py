"""A week's summary follows the ramp clock (issue 16): leave moves a rep's week numbers and targets later,
a week fully on leave asks for nothing, a week partly on leave has prorated targets, and a past week's
attainment is the status trend's figure for that week."""

import datetime as dt

import pytest

from coaching.activity import Enrollment, WeekLog, week_summary
from coaching.leave import LeavePeriod
from coaching.ramp_clock import clock_for
from coaching.status import ramp_status, summary_attainment
from tests.coaching.test_ramp_clock import NOV_2, REP, monday, ramping_plan

PLAN = ramping_plan()  # calls: 10 in week 1, 20 in week 2, ... 130 in week 13
# Two weeks of leave from the Monday of the rep's fourth week, and Wednesday to Friday of their eighth.
TWO_WEEKS = LeavePeriod(monday(3), monday(5) - dt.timedelta(days=1))
WED_TO_FRI = LeavePeriod(monday(7) + dt.timedelta(days=2), monday(7) + dt.timedelta(days=4))
CLOCK = clock_for(NOV_2, [TWO_WEEKS, WED_TO_FRI], frozenset())


def summary(week: int, values: dict[str, float] | None = None) -> tuple[int, float]:
    found = week_summary(PLAN, REP, WeekLog(monday(week), values or {}), CLOCK)
    (line,) = found.lines
    return found.ramp_week, line.target


def test_weeks_after_two_weeks_of_leave_carry_the_plan_week_the_ramp_stands_in() -> None:
    assert summary(2) == (3, 30.0)  # before the leave: the calendar's week
    assert summary(5) == (4, 40.0)  # back from leave: the week the ramp stopped in, not week 6
    assert summary(6) == (5, 50.0)


def test_a_week_fully_on_leave_asks_for_nothing() -> None:
    assert summary(3)[1] == 0.0
    assert summary(4)[1] == 0.0


def test_a_week_partly_on_leave_has_its_targets_prorated() -> None:
    week, target = summary(7)
    assert week == 6 and target == pytest.approx(60 * 0.4)  # at work Monday and Tuesday: 2 of 5 days


def test_without_a_clock_or_without_leave_the_summary_is_the_calendars() -> None:
    log = WeekLog(monday(5), {"calls": 12})
    calendar = week_summary(PLAN, REP, log)
    assert (calendar.ramp_week, calendar.lines[0].target) == (6, 60.0)
    assert week_summary(PLAN, REP, log, clock_for(NOV_2, [], frozenset())) == calendar
    before = week_summary(PLAN, REP, WeekLog(NOV_2 - dt.timedelta(weeks=1)), CLOCK)
    assert before.ramp_week == 1  # a week before the start is week 1, as without the clock


def test_a_past_weeks_attainment_is_the_status_trends_figure_for_that_week() -> None:
    logs = [WeekLog(monday(i), {"calls": 25.0 + i}) for i in range(9) if i not in (3, 4)]
    status = ramp_status(PLAN, REP, logs, monday(9), clock=CLOCK)
    trend_weeks = range(9 - len(status.trend), 9)
    for i, trend in zip(trend_weeks, status.trend, strict=True):
        log = next((w for w in logs if w.week_start == monday(i)), None)
        mine = summary_attainment(PLAN, week_summary(PLAN, REP, log, CLOCK)) if log else None
        assert mine == trend
    partly = week_summary(PLAN, REP, logs[-2], CLOCK)  # week 8, the partly-away one
    assert summary_attainment(PLAN, partly) == pytest.approx(32 / 24)


def test_a_week_not_logged_or_logged_blank_has_no_attainment() -> None:
    blank = week_summary(PLAN, Enrollment("U1", "ramping", 1, NOV_2), WeekLog(monday(6)), CLOCK)
    assert summary_attainment(PLAN, blank) is None
