"""Claiming a scheduled job's slot (the nightly CRM sync, ...), so it runs once per workspace whichever
instance ticks first. The slot is kept in connector_state, keyed by the job's name: the newest claimed
slot per job and workspace, moved forward by a conditional update that only one transaction can win."""

import datetime as dt

from sqlalchemy import or_, update
from sqlmodel import Session, col

from storage.db import dialect_insert
from storage.tables import ConnectorStateRow


def claim_slot(session: Session, *, team_id: str, job: str, slot: dt.datetime, now: dt.datetime) -> bool:
    """Record `slot` as the job's latest run in this workspace unless it or a later slot already is;
    return whether this call claimed it. The caller commits before running the job."""
    session.execute(
        dialect_insert(session, ConnectorStateRow)
        .values(team_id=team_id, connector=job, cursor=None, last_seen_at=None, updated_at=now)
        .on_conflict_do_nothing(index_elements=["team_id", "connector"])
    )
    # On PostgreSQL a second claimer waits for the first to commit, then re-reads the row and no longer
    # matches; SQLite takes one writer at a time (BEGIN IMMEDIATE).
    claimed = session.execute(
        update(ConnectorStateRow)
        .where(
            col(ConnectorStateRow.team_id) == team_id,
            col(ConnectorStateRow.connector) == job,
            or_(col(ConnectorStateRow.last_seen_at).is_(None), col(ConnectorStateRow.last_seen_at) < slot),
        )
        .values(last_seen_at=slot, updated_at=now)
        .returning(col(ConnectorStateRow.team_id))
    )
    return len(claimed.all()) == 1


def last_slot(session: Session, *, team_id: str, job: str) -> dt.datetime | None:
    """Return the latest slot the job claimed in this workspace (None: never run)."""
    row = session.get(ConnectorStateRow, (team_id, job))
    return None if row is None else row.last_seen_at
