"""Where each outside connector stopped reading, per workspace, so a failed or later run resumes there."""

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session

from storage.tables import ConnectorStateRow


@dataclass(frozen=True)
class ConnectorState:
    cursor: str | None
    last_seen_at: dt.datetime | None


def get_state(session: Session, *, team_id: str, connector: str) -> ConnectorState:
    """Return where `connector` stopped for this workspace (nothing yet: both None)."""
    row = session.get(ConnectorStateRow, (team_id, connector))
    return ConnectorState(None, None) if row is None else ConnectorState(row.cursor, row.last_seen_at)


def save_state(
    session: Session, *, team_id: str, connector: str, state: ConnectorState, now: dt.datetime
) -> None:
    """Record where `connector` stopped; call it in the same unit of work as the data it read."""
    row = session.get(ConnectorStateRow, (team_id, connector))
    if row is None:
        row = ConnectorStateRow(team_id=team_id, connector=connector, updated_at=now)
    row.cursor, row.last_seen_at, row.updated_at = state.cursor, state.last_seen_at, now
    session.add(row)
    session.flush()
