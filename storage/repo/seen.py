"""Requests already handled: a replayed or retried Slack request is recognised and not run twice."""

import datetime as dt

from sqlalchemy import delete
from sqlmodel import Session, col

from storage.db import dialect_insert
from storage.tables import SeenRequestRow


def first_time(session: Session, *, key: str, now: dt.datetime) -> bool:
    """Record `key`; return False if it was recorded before (by this or any other instance)."""
    statement = dialect_insert(session, SeenRequestRow).values(key=key, seen_at=now).on_conflict_do_nothing()
    # RETURNING, not rowcount: psycopg reports -1 rows for this statement.
    return session.execute(statement.returning(SeenRequestRow.key)).first() is not None


def forget_before(session: Session, *, before: dt.datetime) -> int:
    """Drop keys older than Slack's 5-minute replay window could bring back; return how many."""
    result = session.execute(delete(SeenRequestRow).where(col(SeenRequestRow.seen_at) < before))
    return int(result.rowcount)  # type: ignore[attr-defined]


def release(session: Session, *, key: str) -> None:
    """Forget one key: its request failed, and Slack's retry must be handled."""
    session.execute(delete(SeenRequestRow).where(col(SeenRequestRow.key) == key))
