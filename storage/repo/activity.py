"""Weekly activity: the numbers, the note, and the audit trail of every change."""

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from sqlmodel import Session, col, select

from coaching.activity import WeekLog
from storage.db import one_of
from storage.repo import facts_cache
from storage.tables import ActivityAuditRow, ActivityRow, WeekLogRow


@dataclass(frozen=True)
class Change:
    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class AuditEntry:
    week_start: dt.date
    change: Change
    changed_by: str
    source: str
    changed_at: dt.datetime


def write_week(
    session: Session,
    *,
    team_id: str,
    rep_id: str,
    log: WeekLog,
    actor: str,
    source: str,
    now: dt.datetime,
) -> list[Change]:
    """Create or update a week's values (and note, if given); audit and return what actually changed."""
    header = session.get(WeekLogRow, (team_id, rep_id, log.week_start))
    created = header is None
    if header is None:
        header = WeekLogRow(
            team_id=team_id, rep_id=rep_id, week_start=log.week_start, updated_by=actor, updated_at=now
        )
        session.add(header)
        session.flush()  # the header must exist before its values, for the foreign key
    changes = [
        c for c in (_write_value(session, team_id, rep_id, log, key, actor, now) for key in log.values) if c
    ]
    if log.note is not None and log.note != (header.note or ""):
        changes.append(Change("note", header.note, log.note))
        header.note = log.note
    if changes:
        header.updated_by, header.updated_at = actor, now
    if changes or created:
        facts_cache.forget(session, team_id=team_id, rep_id=rep_id)
    session.add_all(_audit(team_id, rep_id, log.week_start, changes, actor, source, now))
    session.flush()
    return changes


def _audit(
    team_id: str, rep_id: str, week: dt.date, changes: list[Change], actor: str, source: str, now: dt.datetime
) -> list[ActivityAuditRow]:
    return [
        ActivityAuditRow(
            team_id=team_id,
            rep_id=rep_id,
            week_start=week,
            field=c.field,
            old_value=c.old,
            new_value=c.new,
            changed_by=actor,
            source=source,
            changed_at=now,
        )
        for c in changes
    ]


def _write_value(
    session: Session, team_id: str, rep_id: str, log: WeekLog, key: str, actor: str, now: dt.datetime
) -> Change | None:
    value = log.values[key]
    row = session.get(ActivityRow, (team_id, rep_id, log.week_start, key))
    if row is not None and row.value == value:
        return None
    old = None if row is None else f"{row.value:g}"
    if row is None:
        row = ActivityRow(
            team_id=team_id,
            rep_id=rep_id,
            week_start=log.week_start,
            metric=key,
            value=value,
            updated_by=actor,
            updated_at=now,
        )
        session.add(row)
    else:
        row.value, row.updated_by, row.updated_at = value, actor, now
    return Change(key, old, f"{value:g}")


def week_logs(session: Session, *, team_id: str, rep_id: str) -> list[WeekLog]:
    """Return every logged week of a rep, oldest first."""
    headers = session.exec(
        select(WeekLogRow).where(WeekLogRow.team_id == team_id, WeekLogRow.rep_id == rep_id)
    ).all()
    values = session.exec(
        select(ActivityRow).where(ActivityRow.team_id == team_id, ActivityRow.rep_id == rep_id)
    ).all()
    by_week: dict[dt.date, dict[str, float]] = {h.week_start: {} for h in headers}
    for row in values:
        by_week.setdefault(row.week_start, {})[row.metric] = row.value
    notes = {h.week_start: h.note for h in headers}
    return [WeekLog(week, by_week[week], notes.get(week)) for week in sorted(by_week)]


def get_week(session: Session, *, team_id: str, rep_id: str, week_start: dt.date) -> WeekLog | None:
    """Return one logged week of a rep, or None if that week was never logged."""
    header = session.get(WeekLogRow, (team_id, rep_id, week_start))
    if header is None:
        return None
    rows = session.exec(
        select(ActivityRow).where(
            ActivityRow.team_id == team_id, ActivityRow.rep_id == rep_id, ActivityRow.week_start == week_start
        )
    )
    return WeekLog(week_start, {row.metric: row.value for row in rows}, header.note)


def audit_trail(session: Session, *, team_id: str, rep_id: str) -> list[AuditEntry]:
    """Return every change to the rep's weeks, oldest first."""
    query = (
        select(ActivityAuditRow)
        .where(ActivityAuditRow.team_id == team_id, ActivityAuditRow.rep_id == rep_id)
        .order_by(col(ActivityAuditRow.id))
    )
    return [
        AuditEntry(
            r.week_start, Change(r.field, r.old_value, r.new_value), r.changed_by, r.source, r.changed_at
        )
        for r in session.exec(query)
    ]


def logged_weeks(session: Session, *, weeks: Iterable[dt.date]) -> set[tuple[str, str, dt.date]]:
    """Return (team, rep, week) for every week in `weeks` that someone logged, across workspaces."""
    query = select(col(WeekLogRow.team_id), col(WeekLogRow.rep_id), col(WeekLogRow.week_start)).where(
        col(WeekLogRow.week_start).in_(list(weeks))
    )
    return {(team, rep, week) for team, rep, week in session.exec(query)}


def team_week_logs(
    session: Session, *, team_id: str, rep_ids: Collection[str] | None = None
) -> dict[str, list[WeekLog]]:
    """Return the logged weeks of every rep in a workspace (or of `rep_ids`), oldest first, in two queries.

    Plain column tuples, not ORM objects: a large org has hundreds of thousands of values.
    """
    header_query = select(col(WeekLogRow.rep_id), col(WeekLogRow.week_start), col(WeekLogRow.note)).where(
        WeekLogRow.team_id == team_id
    )
    value_query = select(
        col(ActivityRow.rep_id), col(ActivityRow.week_start), col(ActivityRow.metric), col(ActivityRow.value)
    ).where(ActivityRow.team_id == team_id)
    if rep_ids is not None:
        header_query = header_query.where(one_of(session, col(WeekLogRow.rep_id), rep_ids))
        value_query = value_query.where(one_of(session, col(ActivityRow.rep_id), rep_ids))
    values: dict[tuple[str, dt.date], dict[str, float]] = {}
    for rep, week, metric, value in session.exec(value_query):
        values.setdefault((rep, week), {})[metric] = value
    logs: dict[str, list[WeekLog]] = {}
    for rep, week, note in sorted(session.exec(header_query)):
        logs.setdefault(rep, []).append(WeekLog(week, values.get((rep, week), {}), note))
    return logs
