"""The roster: who has left (and since when), and the history of every roster change."""

import datetime as dt

from sqlmodel import Session, col, select

from coaching.roster import Change, RosterChange
from coaching.roster_sync import Stored
from coaching.team import Role
from storage.tables import PersonRow
from storage.tables_roster import RosterChangeRow


def set_left(session: Session, *, team_id: str, slack_id: str, on: dt.date | None) -> None:
    """Mark a person as having left on `on` (None: back again)."""
    row = session.get(PersonRow, (team_id, slack_id))
    if row is not None:
        row.left_on = on
        session.flush()


def left_on(session: Session, *, team_id: str, slack_id: str) -> dt.date | None:
    """Return the day a person left, or None while they are on the roster (or unknown)."""
    row = session.get(PersonRow, (team_id, slack_id))
    return row.left_on if row is not None else None


def departed(session: Session, *, team_id: str) -> dict[str, dt.date]:
    """Return everyone who has left a workspace, with the day they left."""
    query = select(col(PersonRow.slack_id), col(PersonRow.left_on)).where(
        PersonRow.team_id == team_id, col(PersonRow.left_on).is_not(None)
    )
    return {slack_id: day for slack_id, day in session.exec(query) if day is not None}


def record(session: Session, *, team_id: str, change: RosterChange) -> None:
    """Write a roster change down (the caller's scope commits it with the change itself)."""
    session.add(
        RosterChangeRow(
            team_id=team_id,
            person_id=change.person_id,
            actor_id=change.actor_id,
            change=change.change.value,
            detail=change.detail[:300],
            reason=change.reason[:300],
            at=change.at,
        )
    )
    session.flush()


def changes(session: Session, *, team_id: str) -> list[RosterChange]:
    """Return a workspace's roster changes, oldest first."""
    query = (
        select(RosterChangeRow)
        .where(RosterChangeRow.team_id == team_id)
        .order_by(col(RosterChangeRow.at), col(RosterChangeRow.id))
    )
    return [
        RosterChange(row.person_id, row.actor_id, Change(row.change), row.detail, row.reason, row.at)
        for row in session.exec(query)
    ]


def set_manager(session: Session, *, team_id: str, slack_id: str, manager_id: str) -> None:
    """Give a person a new manager (a roster move; a team file import may set it again)."""
    row = session.get(PersonRow, (team_id, slack_id))
    if row is not None:
        row.manager_id = manager_id
        session.flush()


def stored_team(session: Session, *, team_id: str) -> dict[str, Stored]:
    """Return everyone stored in a workspace as a team file sync compares them."""
    query = select(PersonRow).where(PersonRow.team_id == team_id)
    return {
        row.slack_id: Stored(row.slack_id, row.name, Role(row.role), row.manager_id, row.left_on is not None)
        for row in session.exec(query)
    }
