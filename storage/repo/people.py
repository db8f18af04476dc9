"""Workspaces and people."""

import datetime as dt
from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy import and_, or_
from sqlmodel import Session, col, select

from coaching.rep_match import Directory
from coaching.team import Member, Person, Role
from storage.db import one_of
from storage.tables import PersonRow, Workspace

# A role by its stored value: a leader's Home reads 2,000 people, and a dict is cheaper than Role(...).
_ROLE = {role.value: role for role in Role}


def ensure_workspace(session: Session, *, team_id: str, now: dt.datetime) -> None:
    """Create the workspace row the first time a team is seen."""
    if session.get(Workspace, team_id) is None:
        session.add(Workspace(team_id=team_id, created_at=now))
        session.flush()


def workspace_ids(session: Session) -> list[str]:
    """Return every known Slack team id."""
    return list(session.exec(select(Workspace.team_id).order_by(Workspace.team_id)))


def get_member(session: Session, *, team_id: str, slack_id: str) -> Member | None:
    """Return the person with this Slack id in this workspace, or None."""
    row = session.get(PersonRow, (team_id, slack_id))
    return _member(row) if row else None


def upsert_people(session: Session, *, team_id: str, people: Iterable[Person], now: dt.datetime) -> int:
    """Create or update people from a team file; return how many rows changed (0 on a re-import)."""
    changed = 0
    for person in people:
        row = session.get(PersonRow, (team_id, person.slack_id))
        wanted: dict[str, str | bool | None] = {
            "name": person.name,
            "role": person.role.value,
            "manager_id": person.manager,
            "email": person.email,
            "segment": person.segment,
        }
        if person.tz is not None:
            wanted |= {"tz": person.tz, "tz_from_admin": True}
        if row is None:
            session.add(
                PersonRow.model_validate(
                    dict(wanted, team_id=team_id, slack_id=person.slack_id, updated_at=now)
                )
            )
            changed += 1
        elif any(getattr(row, k) != v for k, v in wanted.items()):
            for key, value in wanted.items():
                setattr(row, key, value)
            row.updated_at = now
            changed += 1
    session.flush()
    return changed


def stale_time_zones(session: Session, *, checked_before: dt.datetime, limit: int) -> list[tuple[str, str]]:
    """Return (team, user) of people whose zone comes from Slack and was not checked since then."""
    stale = or_(col(PersonRow.tz_checked_at).is_(None), col(PersonRow.tz_checked_at) < checked_before)
    query = select(PersonRow.team_id, PersonRow.slack_id).where(
        col(PersonRow.tz_from_admin).is_(False), stale
    )
    return [(team, user) for team, user in session.exec(query.limit(limit))]


def time_zones(session: Session) -> list[tuple[str, str, str | None]]:
    """Return (team, person, time zone or None) of everyone on the roster (not those who left)."""
    query = select(PersonRow.team_id, PersonRow.slack_id, PersonRow.tz).where(
        col(PersonRow.left_on).is_(None)
    )
    return [(team, user, tz) for team, user, tz in session.exec(query)]


def set_time_zone(session: Session, *, team_id: str, slack_id: str, tz: str | None, now: dt.datetime) -> None:
    """Store the zone Slack reports for a person (None keeps the old one) and when it was checked."""
    row = session.get(PersonRow, (team_id, slack_id))
    if row is not None and not row.tz_from_admin:
        row.tz = tz or row.tz
        row.tz_checked_at = now
        session.flush()


def _member(row: PersonRow) -> Member:
    return Member(row.team_id, row.slack_id, row.name, Role(row.role), row.manager_id, row.tz, row.segment)


def manager_map(session: Session, *, team_id: str) -> dict[str, str | None]:
    """Return each person's manager in a workspace, for reporting-line checks."""
    query = select(PersonRow.slack_id, PersonRow.manager_id).where(PersonRow.team_id == team_id)
    return dict(session.exec(query).all())


def names(session: Session, *, team_id: str) -> dict[str, str]:
    """Return each person's name by Slack id in a workspace."""
    query = select(PersonRow.slack_id, PersonRow.name).where(PersonRow.team_id == team_id)
    return dict(session.exec(query).all())


def reporting_lines(session: Session, *, team_id: str) -> dict[str, tuple[Role, str | None]]:
    """Return each person's role and manager in a workspace (three plain columns, for large orgs)."""
    query = select(col(PersonRow.slack_id), col(PersonRow.role), col(PersonRow.manager_id)).where(
        PersonRow.team_id == team_id
    )
    return {slack_id: (_ROLE[role], manager) for slack_id, role, manager in session.exec(query)}


def below(session: Session, *, team_id: str, manager_id: str) -> dict[str, tuple[Role, str | None]]:
    """Return the role and manager of everyone under `manager_id`, at any depth, in one recursive query."""
    return {
        m.slack_id: (m.role, m.manager_id)
        for m in members_below(session, team_id=team_id, manager_id=manager_id)
    }


def members_below(session: Session, *, team_id: str, manager_id: str) -> list[Member]:
    """Return everyone under `manager_id`, at any depth, in one recursive query.

    UNION (not UNION ALL) stops at people already found, so a cycle in a bad team file cannot loop.
    """
    person = PersonRow.__table__.c  # type: ignore[attr-defined]
    columns = (person.slack_id, person.name, person.role, person.manager_id, person.tz, person.segment)
    tree = (
        sa.select(*columns)
        .where(person.team_id == team_id, person.manager_id == manager_id)
        .cte("below", recursive=True)
    )
    tree = tree.union(
        sa.select(*columns).join(tree, and_(person.team_id == team_id, person.manager_id == tree.c.slack_id))
    )
    query = sa.select(tree.c.slack_id, tree.c.name, tree.c.role, tree.c.manager_id, tree.c.tz, tree.c.segment)
    return [
        Member(team_id, slack_id, name, _ROLE[role], manager, tz, segment)
        for slack_id, name, role, manager, tz, segment in session.execute(query)
    ]


def members(session: Session, *, team_id: str, slack_ids: Iterable[str]) -> list[Member]:
    """Return the people with these Slack ids in a workspace (plain columns: a leader's Home reads 2,000)."""
    person = PersonRow.__table__.c  # type: ignore[attr-defined]
    query = sa.select(  # sqlmodel's select types at most four columns
        person.team_id,
        person.slack_id,
        person.name,
        person.role,
        person.manager_id,
        person.tz,
        person.segment,
    ).where(person.team_id == team_id, one_of(session, person.slack_id, list(slack_ids)))
    return [
        Member(team, slack_id, name, _ROLE[role], manager, tz, segment)
        for team, slack_id, name, role, manager, tz, segment in session.execute(query)
    ]


def rep_directory(session: Session, *, team_id: str) -> Directory:
    """Return who a touch's rep value can name in a workspace: each person's Slack id and email."""
    query = select(col(PersonRow.slack_id), col(PersonRow.email)).where(PersonRow.team_id == team_id)
    return Directory.of(session.exec(query).all())


def with_role(session: Session, *, role: Role, team_id: str | None = None) -> list[Member]:
    """Return everyone with this role, in one workspace or across all of them."""
    query = select(PersonRow).where(PersonRow.role == role.value)
    if team_id is not None:
        query = query.where(PersonRow.team_id == team_id)
    return [_member(row) for row in session.exec(query)]


def set_workspace_disabled(session: Session, *, team_id: str, now: dt.datetime, disabled: bool) -> None:
    """Disable a workspace (uninstalled, token revoked) or enable it again (installed)."""
    ensure_workspace(session, team_id=team_id, now=now)
    row = session.get(Workspace, team_id)
    if row is not None:
        row.disabled_at = now if disabled else None
        session.flush()


def workspace_disabled(session: Session, *, team_id: str) -> bool:
    """Return whether a workspace is disabled (unknown workspaces are not)."""
    row = session.get(Workspace, team_id)
    return row is not None and row.disabled_at is not None
