"""A leader's Home read from kept figures (bot/services/figures_memo.py) is the one worked out afresh, and
a log or a decision makes it work them out again."""

import datetime as dt
import sys
from pathlib import Path

from bot.deps import Deps, SettableClock
from bot.services import figures_memo, leave
from bot.services.home import Home, home_for
from bot.services.leader_home import HomeState, leader_home
from bot.views.home import home_view
from coaching.activity import WeekLog
from coaching.decisions import DecisionInput
from coaching.leave import LeaveRequest, LeaveVerb
from coaching.review_form import Decision
from storage import migrate
from storage.db import make_engine, session_scope
from storage.repo import activity, decisions

# The benchmark's org, smaller: bench/ holds scripts, imported as bench/digest.py does.
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from status import NOW, START, TEAM, seed  # noqa: E402

LEADER = "UL00300"  # over the first 12 managers: every rep of this small org
REP = "UR00007"
OTHER = "UR00011"


def _fresh(deps: Deps) -> Home:
    figures_memo.forget_all()
    return home_for(deps, team_id=TEAM, user_id=LEADER)


def _kept(deps: Deps) -> Home:
    home_for(deps, team_id=TEAM, user_id=LEADER)  # the figures are kept now, if they were not
    return home_for(deps, team_id=TEAM, user_id=LEADER)


def _same(kept: Home, fresh: Home) -> None:
    assert kept == fresh
    assert home_view(kept).to_dict() == home_view(fresh).to_dict()
    assert leader_home(kept, HomeState()) == leader_home(fresh, HomeState())


def _status(home: Home, rep: str) -> object:
    return next(line.status for line in home.team if line.rep.slack_id == rep)


def _line(home: Home, rep: str) -> object:
    return next(line for line in home.team if line.rep.slack_id == rep)


def test_the_kept_leaders_home_is_the_fresh_one_and_a_change_is_seen(database_url: str) -> None:
    migrate.upgrade(database_url)
    engine = make_engine(database_url)
    seed(engine, count=75)
    deps = Deps(engine=engine, clock=SettableClock(NOW))
    before = _fresh(deps)
    assert len(before.team) == 75 and any(line.early_call_p is not None for line in before.team)
    _same(_kept(deps), before)

    with session_scope(engine) as session:  # the rep's best weeks are corrected to nothing
        for week in range(13):
            log = WeekLog(START + dt.timedelta(weeks=week), {"meetings": 0.0, "demos": 0.0, "calls": 0.0})
            activity.write_week(session, team_id=TEAM, rep_id=REP, log=log, actor=REP, source="test", now=NOW)
    after = _kept(deps)
    assert _line(after, REP) != _line(before, REP)
    _same(after, _fresh(deps))

    with session_scope(engine) as session:  # an extension: the ramp is measured on the longer plan
        decisions.save_decision(
            session,
            team_id=TEAM,
            rep_id=REP,
            decision=DecisionInput(Decision.EXTEND, "Four more weeks to build the pipeline back", weeks=4),
            by="UM00000",
            now=NOW,
            on=NOW.date(),
            checkpoint=90,
            review_id=None,
            snapshot={},
        )
    extended = _kept(deps)
    assert _line(extended, REP) != _line(after, REP)
    _same(extended, _fresh(deps))

    # Leave from today stops the rep's clock (day N stands still): the kept figures follow.
    away = LeaveRequest(OTHER, LeaveVerb.RECORD, NOW.date(), NOW.date() + dt.timedelta(days=20))
    leave.change_leave(deps, team_id=TEAM, actor_id=None, request=away)
    on_leave = _kept(deps)
    assert _status(on_leave, OTHER) != _status(extended, OTHER)  # the figures, not only the leave line
    _same(on_leave, _fresh(deps))
    engine.dispose()
