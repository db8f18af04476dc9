"""Auditing admins: an admin may act on anyone's data, so each such act is written down."""

import datetime as dt

from sqlmodel import Session

from coaching.team import Member, Role
from storage.repo import admin_audit


def audit_admin(
    session: Session, actor: Member, action: str, subject_id: str | None, now: dt.datetime, detail: str = ""
) -> None:
    """Record the act if an admin did it to someone else (their own data is not an admin act)."""
    if actor.role is Role.ADMIN and subject_id != actor.slack_id:
        admin_audit.record(
            session,
            team_id=actor.team_id,
            actor_id=actor.slack_id,
            action=action,
            subject_id=subject_id,
            now=now,
            detail=detail,
        )
