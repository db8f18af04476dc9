"""A few reps' early calls (a manager's Home) read only their weeks, yet agree with the whole workspace's;
the recalibration they share is fitted again when a finished ramp changes, not when one in progress does."""

import datetime as dt
import os
import sys
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from sqlalchemy import text

from bot.deps import Deps, SettableClock
from bot.services import early_call, figures_memo
from bot.services.early_call import team_early_calls
from coaching.activity import Enrollment, WeekLog
from coaching.decisions import DecisionInput
from coaching.early_call import calibration_pairs
from coaching.ramp_clock import clock_for
from coaching.review_form import Decision
from storage.db import make_engine, session_scope
from storage.repo import activity, decisions, plans
from storage.repo.early_call import RampHistory
from tests.bot.test_early_call_cli import COMPLETED, CURRENT, DONE, TODAY, setup, workdir
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
    assert early_call._ramp_pairs((0, "T1"), ramp, CLOCK) == calibration_pairs(PLAN, REP, logs, clock=CLOCK)
    plain = early_call._ramp_pairs((0, "T1"), ramp, clock_for(REP.start, (), frozenset()))
    assert plain == calibration_pairs(PLAN, REP, logs) != early_call._ramp_pairs((0, "T1"), ramp, CLOCK)
    better = [WeekLog(w.week_start, {k: v * 3 for k, v in w.values.items()}) for w in after_leave(logs)]
    kept = early_call._ramp_pairs((0, "T1"), RampHistory(REP, PLAN, better), CLOCK)
    assert (
        kept
        == calibration_pairs(PLAN, REP, better, clock=CLOCK)
        != calibration_pairs(PLAN, REP, logs, clock=CLOCK)
    )


def test_a_few_reps_calls_follow_a_finished_ramp_enrolled_again(workdir: Path) -> None:
    """Moving finished ramps (a corrected start) changes no log, decision or leave, only enrollments of
    reps not asked about: the recalibration the few reps' calls use still follows."""
    setup(workdir, completed=COMPLETED)
    deps = Deps(make_engine(os.environ["DATABASE_URL"]), SettableClock(dt.datetime.now(dt.UTC)))
    mine = team_early_calls(deps, team_id="T111", today=TODAY, rep_ids=["U0NOW"])
    assert mine["U0NOW"] is not None
    before = mine["U0NOW"].p_on_track
    with session_scope(deps.engine) as session:  # three of them start again now: too few have ended
        for rep in ("U0D00", "U0D01", "U0D02"):
            again = Enrollment(rep, "ae-90", 1, CURRENT)
            plans.enroll(session, team_id="T111", enrollment=again, by="U0MGR1", now=deps.clock())
    everyone = team_early_calls(deps, team_id="T111", today=TODAY)
    mine = team_early_calls(deps, team_id="T111", today=TODAY, rep_ids=["U0NOW"])
    assert mine["U0NOW"] is not None and everyone["U0NOW"] is not None
    assert mine["U0NOW"].p_on_track == everyone["U0NOW"].p_on_track != before
    deps.engine.dispose()


def test_finished_ramps_are_worked_out_per_database(
    workdir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plan version never changes within one database, but another database (a second workspace's
    server in the same process, a test's) may hold other content under the same id and version."""
    setup(workdir, completed=COMPLETED)
    here = Deps(make_engine(os.environ["DATABASE_URL"]), SettableClock(dt.datetime.now(dt.UTC)))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{elsewhere / 'other.db'}")
    setup(elsewhere, completed=COMPLETED)
    there = Deps(make_engine(os.environ["DATABASE_URL"]), here.clock)
    with session_scope(there.engine) as session:  # the same ramps; its ae-90 v1 asks less to be on track
        lower = "replace(source, 'on_track: 0.9, at_risk: 0.7', 'on_track: 0.6, at_risk: 0.4')"
        session.execute(text(f"UPDATE ramp_plan SET source = {lower}"))  # noqa: S608
    team_early_calls(here, team_id="T111", today=TODAY)  # its finished ramps are worked out
    kept = team_early_calls(there, team_id="T111", today=TODAY)
    early_call._PAIRS.clear()
    figures_memo.forget_all()
    fresh = team_early_calls(there, team_id="T111", today=TODAY)
    assert kept == fresh
    here.engine.dispose()
    there.engine.dispose()


def test_a_recalibration_is_returned_though_another_thread_clears_the_kept_ones(workdir: Path) -> None:
    """Listeners run in threads: another Home may fill the kept recalibrations and clear them (they are
    cleared wholesale when full) at any point of this one's lookup."""
    setup(workdir, completed=COMPLETED)
    deps = Deps(make_engine(os.environ["DATABASE_URL"]), SettableClock(dt.datetime.now(dt.UTC)))

    def cleared_meanwhile(frame: FrameType, _event: str, _arg: object) -> Any:
        if frame.f_code is not early_call._team_calibration.__code__:
            return None

        def each_line(frame: FrameType, _event: str, _arg: object) -> Any:
            if "key" in frame.f_locals:  # from the lookup on: the other thread's clear lands here
                early_call._CALIBRATIONS.clear()
            return each_line

        return each_line

    earlier = sys.gettrace()
    sys.settrace(cleared_meanwhile)
    try:
        with session_scope(deps.engine) as session:
            fitted = early_call._team_calibration(session, "T111", TODAY, frozenset())
    finally:
        sys.settrace(earlier)
    assert fitted is not None
    deps.engine.dispose()
