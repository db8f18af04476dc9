"""The workspace's early calls read each rep's leave (issue 16), on SQLite and PostgreSQL: a rep back from
two weeks of leave is called on their ramp clock, as the pure call with that clock says."""

import datetime as dt
from pathlib import Path

from bot.deps import Deps, SettableClock
from bot.services import setup
from bot.services.early_call import team_early_calls
from coaching.activity import WeekLog
from coaching.early_call import early_call
from coaching.leave import LeavePeriod
from coaching.ramp_clock import clock_for
from storage import migrate
from storage.db import make_engine, session_scope
from storage.repo import activity, leave, plans

ROOT = Path(__file__).resolve().parents[2]
TEAM, RILEY = "T111", "U0REP1"  # Riley starts on Mon Oct 5, 2026 (examples/team.yml)
START = dt.date(2026, 10, 5)
AWAY = LeavePeriod(dt.date(2026, 10, 26), dt.date(2026, 11, 8), "parental")  # their weeks 4 and 5
TODAY = dt.date(2026, 11, 25)  # day 52 by the calendar, day 38 on Riley's clock


def test_a_rep_back_from_leave_is_called_on_their_ramp_clock(database_url: str) -> None:
    migrate.upgrade(database_url)
    deps = Deps(make_engine(database_url), SettableClock(dt.datetime(2026, 10, 1, 15, tzinfo=dt.UTC)))
    setup.import_plan(deps, team_id=TEAM, source=(ROOT / "plans" / "ae-90.yml").read_text())
    setup.import_team(deps, team_id=TEAM, source=(ROOT / "examples" / "team.yml").read_text())
    logs = [WeekLog(START + dt.timedelta(weeks=i), {"calls": 30.0, "meetings": 4.0}) for i in (0, 1, 2, 5, 6)]
    with session_scope(deps.engine) as session:
        for log in logs:
            activity.write_week(
                session, team_id=TEAM, rep_id=RILEY, log=log, actor=RILEY, source="test", now=deps.clock()
            )
        leave.add(session, team_id=TEAM, rep_id=RILEY, period=AWAY, by="U0MGR1", now=deps.clock())
        ((enrollment, plan),) = plans.team_enrollments(session, team_id=TEAM, rep_ids=[RILEY])
    calls = [team_early_calls(deps, team_id=TEAM, today=TODAY, rep_ids=ids)[RILEY] for ids in (None, [RILEY])]
    assert [call and call.day for call in calls] == [38, 38]  # the workspace's calls, and a Home's few
    expected = early_call(plan, enrollment, logs, TODAY, clock=clock_for(START, [AWAY], frozenset()))
    assert expected is not None and [call and call.score for call in calls] == [expected.score] * 2
    deps.engine.dispose()
