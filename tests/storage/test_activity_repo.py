import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError

from coaching.activity import Enrollment, WeekLog
from coaching.plans import parse_plan
from coaching.team import Person, Role
from storage.db import make_engine, session_scope
from storage.repo import activity, people, plans

TEAM = "T111"
REP = "U0REP1"
NOW = dt.datetime(2026, 11, 20, 21, 0, tzinfo=dt.UTC)
MONDAY = dt.date(2026, 11, 16)
PLAN_SOURCE = """
id: tiny
version: 1
name: Tiny plan
metrics:
  - {key: calls, label: Calls, max_per_week: 500, target: {full: 50}}
  - {key: meetings, label: Meetings, max_per_week: 50, target: {full: 5}}
"""


@pytest.fixture
def seeded(engine: Engine) -> Engine:
    plan = parse_plan(__import__("yaml").safe_load(PLAN_SOURCE))
    with session_scope(engine) as session:
        people.ensure_workspace(session, team_id=TEAM, now=NOW)
        people.upsert_people(
            session, team_id=TEAM, people=[Person(slack_id=REP, name="Riley", role=Role.REP)], now=NOW
        )
        plans.save_plan(session, team_id=TEAM, plan=plan, source=PLAN_SOURCE, now=NOW)
        plans.enroll(
            session, team_id=TEAM, enrollment=Enrollment(REP, "tiny", 1, MONDAY), by="U0MGR", now=NOW
        )
    return engine


def write(engine: Engine, values: dict[str, float], note: str | None = None) -> list[activity.Change]:
    with session_scope(engine) as session:
        return activity.write_week(
            session,
            team_id=TEAM,
            rep_id=REP,
            log=WeekLog(MONDAY, values, note),
            actor=REP,
            source="test",
            now=NOW,
        )


def test_a_new_week_is_stored_with_an_audit_entry_per_value(seeded: Engine) -> None:
    changes = write(seeded, {"calls": 12, "meetings": 0})
    assert {(c.field, c.old, c.new) for c in changes} == {("calls", None, "12"), ("meetings", None, "0")}
    with session_scope(seeded) as session:
        assert activity.get_week(session, team_id=TEAM, rep_id=REP, week_start=MONDAY) == WeekLog(
            MONDAY, {"calls": 12.0, "meetings": 0.0}
        )
        assert len(activity.audit_trail(session, team_id=TEAM, rep_id=REP)) == 2


def test_logging_zero_is_not_the_same_as_not_logging(seeded: Engine) -> None:
    write(seeded, {"meetings": 0})
    with session_scope(seeded) as session:
        week = activity.get_week(session, team_id=TEAM, rep_id=REP, week_start=MONDAY)
        never = activity.get_week(
            session, team_id=TEAM, rep_id=REP, week_start=MONDAY - dt.timedelta(weeks=1)
        )
    assert week is not None and week.values == {"meetings": 0.0}
    assert "calls" not in week.values
    assert never is None


def test_writing_the_same_values_again_changes_nothing_and_audits_nothing(seeded: Engine) -> None:
    write(seeded, {"calls": 12})
    assert write(seeded, {"calls": 12}) == []
    with session_scope(seeded) as session:
        assert len(activity.audit_trail(session, team_id=TEAM, rep_id=REP)) == 1


def test_a_correction_keeps_the_old_value_in_the_audit_trail(seeded: Engine) -> None:
    write(seeded, {"calls": 12})
    write(seeded, {"calls": 21}, note="fat-fingered it")
    with session_scope(seeded) as session:
        trail = activity.audit_trail(session, team_id=TEAM, rep_id=REP)
        logs = activity.week_logs(session, team_id=TEAM, rep_id=REP)
    assert [(e.change.field, e.change.old, e.change.new) for e in trail] == [
        ("calls", None, "12"),
        ("calls", "12", "21"),
        ("note", None, "fat-fingered it"),
    ]
    assert all(e.changed_at == NOW and e.changed_at.tzinfo is not None for e in trail)
    assert logs == [WeekLog(MONDAY, {"calls": 21.0}, "fat-fingered it")]


def test_a_failed_unit_of_work_leaves_nothing_half_written(seeded: Engine) -> None:
    with pytest.raises(RuntimeError), session_scope(seeded) as session:
        activity.write_week(
            session,
            team_id=TEAM,
            rep_id=REP,
            log=WeekLog(MONDAY, {"calls": 5}),
            actor=REP,
            source="test",
            now=NOW,
        )
        raise RuntimeError("the process failed after the first write")
    with session_scope(seeded) as session:
        assert activity.get_week(session, team_id=TEAM, rep_id=REP, week_start=MONDAY) is None
        assert activity.audit_trail(session, team_id=TEAM, rep_id=REP) == []


def test_activity_for_someone_who_is_not_a_person_is_refused_by_the_database(seeded: Engine) -> None:
    with pytest.raises(IntegrityError), session_scope(seeded) as session:
        activity.write_week(
            session,
            team_id=TEAM,
            rep_id="U0GHOST",
            log=WeekLog(MONDAY, {"calls": 1}),
            actor="U0GHOST",
            source="test",
            now=NOW,
        )


def test_weeks_are_kept_apart_by_workspace(seeded: Engine) -> None:
    write(seeded, {"calls": 12})
    with session_scope(seeded) as session:
        assert activity.week_logs(session, team_id="T222", rep_id=REP) == []


def test_naive_timestamps_are_refused(seeded: Engine) -> None:
    with pytest.raises(Exception, match="naive"), session_scope(seeded) as session:
        people.ensure_workspace(session, team_id="T999", now=dt.datetime(2026, 1, 1))  # noqa: DTZ001


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'wal.db'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()
