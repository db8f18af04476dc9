"""A few reps' early calls (a manager's Home) read only their weeks, yet agree with the whole workspace's;
the recalibration they share is fitted again when a finished ramp changes, not when one in progress does."""

import datetime as dt
import os
from pathlib import Path

from bot.deps import Deps, SettableClock
from bot.services import early_call
from bot.services.early_call import team_early_calls
from coaching.activity import WeekLog
from coaching.decisions import DecisionInput
from coaching.early_call import calibration_pairs
from coaching.ramp_clock import clock_for
from coaching.review_form import Decision
from storage.db import make_engine, session_scope
from storage.repo import activity, decisions
from storage.repo.early_call import RampHistory
from tests.bot.test_early_call_cli import COMPLETED, DONE, TODAY, setup, workdir
from tests.coaching.test_early_call_leave import CLOCK, PLAN, REP, after_leave, worked  # a rep who fades

__all__ = ["workdir"]  # the fixture, shared with the CLI tests


def test_a_few_reps_calls_agree_with_the_workspaces_and_follow_new_logs(workdir: Path) -> None:
    setup(workdir, completed=COMPLETED)
    deps = Deps(make_engine(os.environ["DATABASE_URL"]), SettableClock(dt.datetime.now(dt.UTC)))
    everyone = team_early_calls(deps, team_id="T111", today=TODAY)
    mine = team_early_calls(deps, team_id="T111", today=TODAY, rep_ids=["U0NOW"])
    assert set(mine) == {"U0NOW"} and mine["U0NOW"] is not None and everyone["U0NOW"] is not None
    assert mine["U0NOW"].p_on_track == everyone["U0NOW"].p_on_track  # the same recalibration
    before = mine["U0NOW"].p_on_track
    # A completed ramp's weeks change: the recalibration is fitted again, as the whole workspace's is.
    with session_scope(deps.engine) as session:
        for week in range(13):
            log = WeekLog(DONE + dt.timedelta(weeks=week), {"calls": 0.0, "meetings": 0.0})
            activity.write_week(
                session,
                team_id="T111",
                rep_id="U0D21",
                log=log,
                actor="U0MGR1",
                source="test",
                now=deps.clock(),
            )
    everyone = team_early_calls(deps, team_id="T111", today=TODAY)
    mine = team_early_calls(deps, team_id="T111", today=TODAY, rep_ids=["U0NOW"])
    assert mine["U0NOW"] is not None and everyone["U0NOW"] is not None
    assert mine["U0NOW"].p_on_track == everyone["U0NOW"].p_on_track != before
    deps.engine.dispose()


def test_the_recalibration_is_kept_while_only_ramps_in_progress_change(workdir: Path) -> None:
    setup(workdir, completed=COMPLETED)
    deps = Deps(make_engine(os.environ["DATABASE_URL"]), SettableClock(dt.datetime.now(dt.UTC)))

    def fitted() -> object:
        with session_scope(deps.engine) as session:
            return early_call._team_calibration(session, "T111", TODAY, frozenset())

    def agree() -> None:
        everyone = team_early_calls(deps, team_id="T111", today=TODAY)  # fitted afresh, from every ramp
        mine = team_early_calls(deps, team_id="T111", today=TODAY, rep_ids=["U0NOW"])
        assert mine["U0NOW"] is not None and everyone["U0NOW"] is not None
        assert mine["U0NOW"].p_on_track == everyone["U0NOW"].p_on_track

    kept = fitted()
    assert kept is not None
    with session_scope(deps.engine) as session:  # the rep in the middle of their ramp logs
        log = WeekLog(TODAY - dt.timedelta(days=TODAY.weekday() + 7), {"calls": 3.0})
        activity.write_week(
            session, team_id="T111", rep_id="U0NOW", log=log, actor="U0NOW", source="test", now=deps.clock()
        )
    assert fitted() is kept
    agree()
    with session_scope(deps.engine) as session:  # a finished ramp is extended: it has not ended after all
        decisions.save_decision(
            session,
            team_id="T111",
            rep_id="U0D03",
            decision=DecisionInput(Decision.EXTEND, "Four more weeks", weeks=4),
            by="U0MGR1",
            now=deps.clock(),
            on=DONE + dt.timedelta(weeks=13),
            checkpoint=90,
            review_id=None,
            snapshot={},
        )
    assert fitted() is not kept
    agree()
    deps.engine.dispose()


def test_a_finished_ramps_kept_pairs_are_its_fresh_pairs() -> None:
    logs = worked(13)
    ramp = RampHistory(REP, PLAN, logs)
    assert early_call._ramp_pairs("T1", ramp, CLOCK) == calibration_pairs(PLAN, REP, logs, clock=CLOCK)
    plain = early_call._ramp_pairs("T1", ramp, clock_for(REP.start, (), frozenset()))
    assert plain == calibration_pairs(PLAN, REP, logs) != early_call._ramp_pairs("T1", ramp, CLOCK)
    better = [WeekLog(w.week_start, {k: v * 3 for k, v in w.values.items()}) for w in after_leave(logs)]
    kept = early_call._ramp_pairs("T1", RampHistory(REP, PLAN, better), CLOCK)
    assert (
        kept
        == calibration_pairs(PLAN, REP, better, clock=CLOCK)
        != calibration_pairs(PLAN, REP, logs, clock=CLOCK)
    )
