"""The early call follows the ramp clock (issue 16): a rep back from two weeks of leave is called exactly as
the same rep would be had those weeks never been on the calendar, day N and the pace included."""

import datetime as dt
from pathlib import Path

import pytest
import yaml

from coaching.activity import Enrollment, WeekLog
from coaching.early_call import EarlyCall, calibration_pairs, early_call, made_it, ramp_end
from coaching.leave import LeavePeriod
from coaching.plans import parse_plan
from coaching.ramp_clock import clock_for

ROOT = Path(__file__).resolve().parents[2]
PLAN = parse_plan(yaml.safe_load((ROOT / "plans" / "ae-90.yml").read_text()))
START = dt.date(2026, 1, 5)  # a Monday
REP = Enrollment("U1", PLAN.id, PLAN.version, START)
AWAY = LeavePeriod(START + dt.timedelta(weeks=3), START + dt.timedelta(weeks=5, days=-1))  # weeks 4 and 5
CLOCK = clock_for(START, [AWAY], frozenset())
PACES = [1.2, 1.0, 0.9, 0.7, 0.6, 0.55, 0.5, 0.5, 0.45, 0.4, 0.4, 0.4, 0.4]  # a rep who fades


def worked(count: int) -> list[WeekLog]:
    """Return the rep's first `count` weeks at work, each at its pace times the plan's targets."""
    return [
        WeekLog(
            START + dt.timedelta(weeks=i),
            {k: round(t * PACES[i]) for k, t in zip(PLAN.keys, PLAN.weekly_targets[i], strict=True)},
        )
        for i in range(count)
    ]


def after_leave(logs: list[WeekLog]) -> list[WeekLog]:
    """Return the same weeks for the rep who took weeks 4 and 5 off: the later ones two weeks later."""
    return [
        WeekLog(log.week_start + dt.timedelta(weeks=2 if log.week_start >= AWAY.first else 0), log.values)
        for log in logs
    ]


def same_call(away: EarlyCall | None, calendar: EarlyCall | None) -> None:
    assert away is not None and calendar is not None
    assert away.day == calendar.day
    assert away.score == pytest.approx(calendar.score, abs=1e-9)
    assert away.p_on_track == pytest.approx(calendar.p_on_track, abs=1e-9)
    assert [(r.kind, r.metric, r.weeks) for r in away.reasons] == [
        (r.kind, r.metric, r.weeks) for r in calendar.reasons
    ]


@pytest.mark.parametrize("day", [30, 45, 60])
def test_a_rep_back_from_leave_is_called_as_if_the_leave_weeks_were_not_on_the_calendar(day: int) -> None:
    calendar_day = START + dt.timedelta(days=day - 1)
    real_day = CLOCK.real_date(calendar_day)  # two weeks later, for a day after the leave
    logs = worked(12)
    calendar = early_call(PLAN, REP, [w for w in logs if w.week_start < calendar_day], calendar_day)
    away_logs = [w for w in after_leave(logs) if w.week_start < real_day]
    away = early_call(PLAN, REP, away_logs, real_day, clock=CLOCK)
    same_call(away, calendar)
    if real_day > AWAY.last:
        assert away is not None and away.day == (real_day - START).days + 1 - 14  # day N stood still


def test_a_rep_on_leave_gets_no_call_before_their_day_21() -> None:
    real_day = START + dt.timedelta(days=30)  # day 31 by the calendar, day 21 is still ahead on the clock
    assert early_call(PLAN, REP, after_leave(worked(4)), real_day, clock=CLOCK) is None
    assert early_call(PLAN, REP, after_leave(worked(4)), real_day) is not None


def test_the_calibration_reads_a_ramp_with_leave_at_its_own_end_and_days() -> None:
    logs = worked(13)
    assert ramp_end(PLAN, REP, CLOCK) == ramp_end(PLAN, REP) + dt.timedelta(weeks=2)
    assert made_it(PLAN, REP, after_leave(logs), CLOCK) == made_it(PLAN, REP, logs)
    away = calibration_pairs(PLAN, REP, after_leave(logs), clock=CLOCK)
    calendar = calibration_pairs(PLAN, REP, logs)
    assert [hit for _, hit in away] == [hit for _, hit in calendar] and len(away) == 3
    assert [score for score, _ in away] == pytest.approx([score for score, _ in calendar], abs=1e-9)


def test_without_leave_the_clock_changes_nothing() -> None:
    holidays = {START + dt.timedelta(days=n) for n in (10, 40)}
    logs = worked(8)
    today = START + dt.timedelta(days=60)
    assert early_call(PLAN, REP, logs, today, clock=clock_for(START, [], holidays)) == early_call(
        PLAN, REP, logs, today
    )
