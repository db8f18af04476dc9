"""Flat reads for exports: every logged week with who last changed it, and the delivery ledger."""

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select as select_columns
from sqlmodel import Session, col, select

from coaching.delivery import Delivery
from storage.repo.deliveries import to_delivery
from storage.tables import ActivityRow, DeliveryRow, PersonRow, WeekLogRow


@dataclass(frozen=True)
class LoggedWeek:
    rep_id: str
    week_start: dt.date
    values: dict[str, float]
    note: str | None
    updated_by: str
    updated_at: dt.datetime


def logged_weeks(
    session: Session, *, team_id: str, rep_ids: Collection[str] | None, since: dt.date | None
) -> list[LoggedWeek]:
    """Return every logged week in a workspace (or of `rep_ids`) from `since` on, by rep and week.

    Two plain-column queries, as for ramp status: an org's export can hold hundreds of thousands of values.
    """
    # SQLModel's select() is typed for at most four columns.
    headers = select_columns(
        col(WeekLogRow.rep_id),
        col(WeekLogRow.week_start),
        col(WeekLogRow.note),
        col(WeekLogRow.updated_by),
        col(WeekLogRow.updated_at),
    ).where(col(WeekLogRow.team_id) == team_id)
    values = select(
        col(ActivityRow.rep_id), col(ActivityRow.week_start), col(ActivityRow.metric), col(ActivityRow.value)
    ).where(ActivityRow.team_id == team_id)
    if rep_ids is not None:
        headers = headers.where(col(WeekLogRow.rep_id).in_(list(rep_ids)))
        values = values.where(col(ActivityRow.rep_id).in_(list(rep_ids)))
    if since is not None:
        headers = headers.where(col(WeekLogRow.week_start) >= since)
        values = values.where(col(ActivityRow.week_start) >= since)
    by_week: dict[tuple[str, dt.date], dict[str, float]] = {}
    for rep, week, metric, value in session.exec(values):
        by_week.setdefault((rep, week), {})[metric] = value
    rows = [
        LoggedWeek(rep, week, by_week.get((rep, week), {}), note, by, at)
        for rep, week, note, by, at in session.execute(headers)
    ]
    return sorted(rows, key=lambda row: (row.rep_id, row.week_start))


def names(session: Session, *, team_id: str) -> dict[str, str]:
    """Return every person's name in a workspace by Slack id."""
    query = select(col(PersonRow.slack_id), col(PersonRow.name)).where(PersonRow.team_id == team_id)
    return dict(session.exec(query).all())


def ledger(session: Session, *, team_id: str, since: dt.datetime | None) -> list[Delivery]:
    """Return a workspace's delivery rows due from `since` on, oldest first."""
    query = select(DeliveryRow).where(DeliveryRow.team_id == team_id)
    if since is not None:
        query = query.where(col(DeliveryRow.due_at) >= since)
    query = query.order_by(col(DeliveryRow.due_at), col(DeliveryRow.key))
    return [to_delivery(row) for row in session.exec(query)]
