"""Installations and OAuth states for multi-workspace mode. Rows arrive sealed: no token is clear here."""

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, delete
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from storage.tables_oauth import InstallationRow, OAuthStateRow


def save(session: Session, row: InstallationRow) -> None:
    """Store an installation, replacing the one of the same user and install time (a token refresh)."""
    existing = session.exec(
        _where(row.enterprise_id, row.team_id, row.user_id).where(
            col(InstallationRow.installed_at) == row.installed_at
        )
    ).first()
    if existing is not None:
        row.id = existing.id
        session.merge(row)
    else:
        session.add(row)
    session.flush()


def latest(
    session: Session,
    *,
    enterprise_id: str | None,
    team_id: str | None,
    user_id: str | None = None,
    with_bot: bool = False,
) -> InstallationRow | None:
    """Return the newest installation of a workspace (of one installer, or one that has a bot token)."""
    query = _where(enterprise_id, team_id, user_id)
    if with_bot:
        query = query.where(col(InstallationRow.has_bot).is_(True))
    order = (col(InstallationRow.installed_at).desc(), col(InstallationRow.id).desc())
    return session.exec(query.order_by(*order).limit(1)).first()


def enterprise_of(session: Session, *, team_id: str) -> str | None:
    """Return the Enterprise Grid org of a workspace's newest bot installation (None: not in a Grid org).

    Bolt learns the org from each request; work outside a request (the scheduler) knows only the team.
    """
    query = (
        select(InstallationRow.enterprise_id)
        .where(col(InstallationRow.team_id) == team_id, col(InstallationRow.has_bot).is_(True))
        .order_by(col(InstallationRow.installed_at).desc(), col(InstallationRow.id).desc())
        .limit(1)
    )
    return session.exec(query).first()


def remove(
    session: Session, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
) -> int:
    """Delete a workspace's installations (or one installer's); return how many rows went."""
    rows = list(session.exec(_where(enterprise_id, team_id, user_id)))
    for row in rows:
        session.delete(row)
    session.flush()
    return len(rows)


def _where(
    enterprise_id: str | None, team_id: str | None, user_id: str | None
) -> SelectOfScalar[InstallationRow]:
    query = select(InstallationRow).where(
        _is(InstallationRow.enterprise_id, enterprise_id), _is(InstallationRow.team_id, team_id)
    )
    return query.where(col(InstallationRow.user_id) == user_id) if user_id is not None else query


def _is(column: Any, value: str | None) -> ColumnElement[bool]:
    # `= NULL` never matches: org-wide installs have no team id and workspace ones no enterprise id.
    return col(column).is_(None) if value is None else col(column) == value


def add_state(session: Session, *, state: str, expires_at: dt.datetime) -> None:
    """Record an issued OAuth state."""
    session.add(OAuthStateRow(state=state, expires_at=expires_at))
    session.flush()


def take_state(session: Session, *, state: str, now: dt.datetime) -> bool:
    """Consume a state: True once if it was issued and has not expired; expired states are dropped."""
    session.execute(delete(OAuthStateRow).where(col(OAuthStateRow.expires_at) < now))
    row = session.get(OAuthStateRow, state)
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True
