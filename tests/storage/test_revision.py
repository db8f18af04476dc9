"""The data's revision (storage/revision.py): every committed change to the data draws a new one, in
whatever way it was written and by whichever engine; reads, rollbacks and Slack's and the scheduler's
bookkeeping leave it as it was."""

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import Engine, delete, insert, text, update
from sqlmodel import Session, col, select

from storage import migrate
from storage.db import make_engine, session_scope
from storage.repo import people, seen
from storage.revision import changes_data, data_revision
from storage.tables import ConnectorStateRow, PersonRow, Workspace

TEAM = "T0REV"
NOW = dt.datetime(2026, 12, 3, 15, tzinfo=dt.UTC)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    migrate.upgrade(database_url)
    engine = make_engine(database_url)
    with session_scope(engine) as session:
        people.ensure_workspace(session, team_id=TEAM, now=NOW)
    yield engine
    engine.dispose()


def _revision(engine: Engine) -> int | None:
    with session_scope(engine) as session:
        return data_revision(session)


def _rename(session: Session) -> None:
    session.execute(update(Workspace).where(col(Workspace.team_id) == TEAM).values(name="Renamed"))


def _add_person(session: Session) -> None:
    session.add(PersonRow(team_id=TEAM, slack_id="U0NEW", name="New", role="rep", updated_at=NOW))


def _bulk_people(session: Session) -> None:
    rows = [
        {"team_id": TEAM, "slack_id": f"U0B{n}", "name": "B", "role": "rep", "updated_at": NOW}
        for n in range(3)
    ]
    session.execute(insert(PersonRow), rows)


def _text_delete(session: Session) -> None:
    session.execute(text("DELETE FROM person WHERE team_id = :team"), {"team": TEAM})


def _in_a_savepoint(session: Session) -> None:
    with session.begin_nested():  # released into the transaction, which then commits
        _rename(session)


@pytest.mark.parametrize("write", [_rename, _add_person, _bulk_people, _text_delete, _in_a_savepoint])
def test_a_committed_change_draws_a_new_revision(engine: Engine, write: Callable[[Session], None]) -> None:
    before = _revision(engine)
    assert before is not None
    with session_scope(engine) as session:
        write(session)
    assert _revision(engine) != before


def test_reads_rollbacks_and_bookkeeping_leave_it(engine: Engine) -> None:
    before = _revision(engine)
    with session_scope(engine) as session:
        session.exec(select(PersonRow)).all()
        session.execute(text("SELECT count(*) FROM activity"))
    with pytest.raises(RuntimeError), session_scope(engine) as session:
        _rename(session)
        raise RuntimeError("the unit of work fails: nothing it wrote is kept")
    with session_scope(engine) as session:  # a Slack request's key, a scheduled job's slot
        assert seen.first_time(session, key="req-1", now=NOW)
        session.add(ConnectorStateRow(team_id=TEAM, connector="hubspot", updated_at=NOW))
    with session_scope(engine) as session:
        session.execute(delete(ConnectorStateRow))
    assert _revision(engine) == before
    with session_scope(engine) as session:  # bookkeeping and data in one transaction: a change
        assert seen.first_time(session, key="req-2", now=NOW)
        _rename(session)
    assert _revision(engine) != before


def test_another_engine_sees_the_change(engine: Engine, database_url: str) -> None:
    other = make_engine(database_url)  # another process: the CLI, a second instance
    before = _revision(engine)
    with session_scope(other) as session:
        _add_person(session)
    assert _revision(engine) != before
    other.dispose()


@pytest.mark.parametrize(
    ("statement", "changes"),
    [
        ("SELECT name FROM person WHERE updated_at > ?", False),
        ("  WITH RECURSIVE below AS (SELECT 1) SELECT * FROM below", False),
        ("PRAGMA journal_mode=WAL", False),
        ("INSERT INTO activity (team_id) VALUES (?)", True),
        ('UPDATE "person" SET name=%(name)s', True),
        ("DELETE FROM leave_period WHERE id = ?", True),
        ("INSERT INTO seen_request (key, seen_at) VALUES (?, ?) ON CONFLICT DO NOTHING", False),
        ("DELETE FROM ramp_facts_cache WHERE team_id = ?", False),
        ("UPDATE delivery SET sent_at = ? WHERE key = ?", False),
        ("WITH gone AS (DELETE FROM person RETURNING slack_id) SELECT * FROM gone", True),
        ("CREATE TABLE x (id INTEGER)", True),
    ],
)
def test_which_statements_change_data(statement: str, changes: bool) -> None:
    assert changes_data(statement) is changes
