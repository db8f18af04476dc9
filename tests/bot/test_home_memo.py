"""A leader's Home read from kept figures (bot/services/figures_memo.py) and kept whole by the data's
revision (bot/services/home.py) is the one worked out afresh; a log, a decision, leave, a review, a change
to the people or a new day makes it work them out again."""

import datetime as dt

from sqlalchemy import event
from status import NOW, START, TEAM  # bench/, on the path from tests/bot/conftest.py

from bot.deps import Deps, SettableClock, Tuning
from bot.services import early_call, figures_memo, leave
from bot.services.home import Home, home_for
from bot.services.leader_home import HomeState, leader_home
from bot.views.home import home_view
from coaching.activity import WeekLog
from coaching.decisions import DecisionInput
from coaching.leave import LeaveRequest, LeaveVerb
from coaching.review_form import Assessment, Decision, ReviewInput
from coaching.team import Person, Role
from storage.db import session_scope
from storage.repo import activity, decisions, people, reviews

LEADER = "UL00300"  # over the first 12 managers: every rep of this small org
REP = "UR00007"
OTHER = "UR00011"
MANAGER = "UM00000"  # of the first 25 reps


def _fresh(deps: Deps) -> Home:
    figures_memo.forget_all()
    early_call._CALIBRATIONS.clear()  # the recalibration and finished ramps' pairs, kept apart
    early_call._PAIRS.clear()
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


def test_the_kept_leaders_home_is_the_fresh_one_and_a_change_is_seen(bench_org: Deps) -> None:
    deps = bench_org
    engine = deps.engine
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


def test_a_kept_home_follows_reviews_people_and_the_day(bench_org: Deps) -> None:
    deps = bench_org
    engine, clock = deps.engine, deps.clock
    assert isinstance(clock, SettableClock)
    before = _kept(deps)
    due = _line(before, REP).next_review  # type: ignore[attr-defined]
    assert due is not None

    review = ReviewInput({}, "", "", "", "", Assessment.ON_TRACK, None, [], None)
    with session_scope(engine) as session:  # the manager reviews the rep: their next review moves on
        reviews.save_review(
            session,
            team_id=TEAM,
            rep_id=REP,
            author_id="UM00000",
            slot=due,
            checkpoint=None,
            review=review,
            seconds=None,
            now=NOW,
        )
    reviewed = _kept(deps)
    assert _line(reviewed, REP).next_review != due  # type: ignore[attr-defined]
    _same(reviewed, _fresh(deps))

    # The team file renames the rep's manager and moves the rep to another one.
    moved = [
        Person(slack_id="UM00000", name="Maria Manager", role=Role.MANAGER, manager=LEADER),
        Person(slack_id=REP, name=REP, role=Role.REP, manager="UM00001"),
    ]
    with session_scope(engine) as session:
        people.upsert_people(session, team_id=TEAM, people=moved, now=NOW)
    renamed = _kept(deps)
    assert _line(renamed, REP).manager == "UM00001"  # type: ignore[attr-defined]
    assert _line(renamed, "UR00001").manager == "Maria Manager"  # type: ignore[attr-defined]
    _same(renamed, _fresh(deps))

    clock.now = NOW + dt.timedelta(days=1)  # nothing was written, but it is another day
    tomorrow = _kept(deps)
    assert tomorrow.today == renamed.today + dt.timedelta(days=1)  # type: ignore[operator]
    _same(tomorrow, _fresh(deps))


def test_a_kept_home_is_not_read_again(bench_org: Deps) -> None:
    deps = bench_org
    statements: list[str] = []
    event.listen(
        deps.engine, "before_cursor_execute", lambda _c, _k, sql, *_: statements.append(sql.split()[0])
    )
    first = _fresh(deps)
    worked_out = len(statements)
    statements.clear()
    again = home_for(deps, team_id=TEAM, user_id=LEADER)
    assert again == first
    # The revision, the viewer and the nudges' switches (read afresh on each render), not the team.
    assert statements.count("SELECT") <= 4 < worked_out


def test_a_kept_home_is_the_viewers_own_with_the_settings_in_force(bench_org: Deps) -> None:
    deps = bench_org
    _kept(deps)  # the leader's whole org is kept at this revision and quarter hour
    manager = home_for(deps, team_id=TEAM, user_id=MANAGER)
    assert {line.rep.slack_id for line in manager.team} == {f"UR{n:05d}" for n in range(25)}
    assert any(line.call is not None for line in manager.team)
    figures_memo.forget_all()
    assert home_for(deps, team_id=TEAM, user_id=MANAGER) == manager
    # The same data, other settings: early calls are for leaders only, and a manager sees none.
    leaders_only = Deps(engine=deps.engine, clock=deps.clock, tuning=Tuning(early_call_visible_to="leaders"))
    hidden = home_for(leaders_only, team_id=TEAM, user_id=MANAGER)
    assert [line.call for line in hidden.team] == [None] * 25
    assert home_for(deps, team_id=TEAM, user_id=MANAGER) == manager
