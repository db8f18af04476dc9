"""A rep's "Past weeks" after leave (issue 16), on SQLite and PostgreSQL: each week carries the plan week the
ramp stood in and its prorated targets, its attainment is the status trend's figure for that week, and the
list runs on to the last week the status counts, which leave moved later."""

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.deps import Deps, SettableClock
from bot.services import setup
from bot.services.activity import past_weeks
from bot.services.status import team_status
from coaching.activity import WeekLog
from coaching.leave import LeavePeriod
from storage import migrate
from storage.db import make_engine, session_scope
from storage.repo import activity, leave

ROOT = Path(__file__).resolve().parents[2]
TEAM, RILEY = "T111", "U0REP1"  # Riley starts on Mon Oct 5, 2026 on ae-90, 13 weeks (examples/team.yml)
START = dt.date(2026, 10, 5)
AWAY = LeavePeriod(dt.date(2026, 10, 26), dt.date(2026, 11, 11), "parental")  # weeks 4, 5 and Mon-Wed of 6


def monday(week: int) -> dt.date:
    return START + dt.timedelta(weeks=week)


def at(deps: Deps, now: dt.datetime) -> None:
    assert isinstance(deps.clock, SettableClock)
    deps.clock.now = now


@pytest.fixture
def deps(database_url: str) -> Iterator[Deps]:
    migrate.upgrade(database_url)
    deps = Deps(make_engine(database_url), SettableClock(dt.datetime(2026, 10, 1, 15, tzinfo=dt.UTC)))
    setup.import_plan(deps, team_id=TEAM, source=(ROOT / "plans" / "ae-90.yml").read_text())
    setup.import_team(deps, team_id=TEAM, source=(ROOT / "examples" / "team.yml").read_text())
    with session_scope(deps.engine) as session:
        for i in (0, 1, 2, 5, 6, 7):
            log = WeekLog(monday(i), {"calls": 20.0 + 5 * i, "meetings": 3.0})
            activity.write_week(
                session, team_id=TEAM, rep_id=RILEY, log=log, actor=RILEY, source="test", now=deps.clock()
            )
        leave.add(session, team_id=TEAM, rep_id=RILEY, period=AWAY, by="U0MGR1", now=deps.clock())
    yield deps
    deps.engine.dispose()


def test_past_weeks_after_leave_read_the_ramp_clock_and_agree_with_the_trend(deps: Deps) -> None:
    at(deps, dt.datetime(2026, 11, 25, 18, tzinfo=dt.UTC))  # Wed of Riley's eighth calendar week
    weeks = {w.summary.week_start: w for w in past_weeks(deps, team_id=TEAM, rep_id=RILEY)}
    # A week that begins on leave carries the week the ramp stopped in (3); back at work it runs on.
    assert [weeks[monday(i)].summary.ramp_week for i in range(8)] == [1, 2, 3, 3, 3, 3, 4, 5]
    calls = {i: weeks[monday(i)].summary.lines[0].target for i in range(8)}
    assert calls[3] == calls[4] == 0  # fully on leave: nothing asked
    assert calls[5] == pytest.approx(34 * 0.4)  # week 3's 34 calls, at work 2 days of 5
    (status,) = [s for s in team_status(deps, team_id=TEAM) if s.rep_id == RILEY]
    trend_weeks = range(7 - len(status.trend), 7)  # the weeks ended before this one
    assert status.trend and [weeks[monday(i)].attainment for i in trend_weeks] == status.trend


def test_past_weeks_run_on_to_the_last_week_the_status_counts_which_leave_moved_later(deps: Deps) -> None:
    at(deps, dt.datetime(2027, 3, 1, 18, tzinfo=dt.UTC))  # long after the ramp
    weeks = past_weeks(deps, team_id=TEAM, rep_id=RILEY)
    # 13 plan weeks and 13 working days of leave: the status counts 15 real weeks, and so does this list.
    assert [w.summary.week_start for w in weeks] == [monday(i) for i in reversed(range(15))]
