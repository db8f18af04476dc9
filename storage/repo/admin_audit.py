"""The admin audit trail: every action an admin takes on someone else's data, kept for export."""

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, col, select

from storage.tables import AdminActionRow


@dataclass(frozen=True)
class AdminAction:
    actor_id: str
    action: str
    subject_id: str | None
    detail: str
    at: dt.datetime


def record(
    session: Session,
    *,
    team_id: str,
    actor_id: str,
    action: str,
    subject_id: str | None,
    now: dt.datetime,
    detail: str = "",
) -> None:
    session.add(
        AdminActionRow(
            team_id=team_id,
            actor_id=actor_id,
            action=action,
            subject_id=subject_id,
            detail=detail[:300],
            at=now,
        )
    )
    session.flush()


def actions(session: Session, *, team_id: str, since: dt.datetime | None = None) -> list[AdminAction]:
    """Return a workspace's audited admin actions, oldest first."""
    query = select(AdminActionRow).where(AdminActionRow.team_id == team_id)
    if since is not None:
        query = query.where(col(AdminActionRow.at) >= since)
    rows = session.exec(query.order_by(col(AdminActionRow.at), col(AdminActionRow.id)))
    return [AdminAction(r.actor_id, r.action, r.subject_id, r.detail, r.at) for r in rows]
