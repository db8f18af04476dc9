"""Leave periods of reps: recorded, changed or ended by the roster service, read by every surface."""

import datetime as dt
from collections import defaultdict
from collections.abc import Collection

from sqlmodel import Session, col, select

from coaching.leave import LeavePeriod
from storage.db import one_of
from storage.tables_roster import LeaveRow


def add(
    session: Session, *, team_id: str, rep_id: str, period: LeavePeriod, by: str, now: dt.datetime
) -> None:
    """Store a new leave period."""
    session.add(
        LeaveRow(
            team_id=team_id,
            rep_id=rep_id,
            first_day=period.first,
            last_day=period.last,
            reason=period.reason[:300],
            recorded_by=by,
            recorded_at=now,
        )
    )
    session.flush()


def periods(
    session: Session, *, team_id: str, rep_ids: Collection[str] | None = None
) -> dict[str, list[LeavePeriod]]:
    """Return each rep's leave periods (of `rep_ids`, default everyone), in date order."""
    query = select(LeaveRow).where(LeaveRow.team_id == team_id)
    if rep_ids is not None:
        query = query.where(one_of(session, col(LeaveRow.rep_id), rep_ids))
    found: dict[str, list[LeavePeriod]] = defaultdict(list)
    for row in session.exec(query.order_by(col(LeaveRow.first_day))):
        found[row.rep_id].append(LeavePeriod(row.first_day, row.last_day, row.reason))
    return dict(found)


def by_rep(session: Session, *, team_id: str | None = None) -> dict[tuple[str, str], tuple[LeavePeriod, ...]]:
    """Return every leave period by (team, rep), in date order (of one workspace, or all): past leave too,
    since it moves a rep's later review slots (the ramp clock stops during leave)."""
    query = select(LeaveRow)
    if team_id is not None:
        query = query.where(LeaveRow.team_id == team_id)
    found: dict[tuple[str, str], list[LeavePeriod]] = defaultdict(list)
    for row in session.exec(query.order_by(col(LeaveRow.first_day))):
        found[(row.team_id, row.rep_id)].append(LeavePeriod(row.first_day, row.last_day, row.reason))
    return {key: tuple(periods) for key, periods in found.items()}


def ending_from(session: Session, *, day: dt.date) -> dict[tuple[str, str], list[LeavePeriod]]:
    """Return the leave periods that end on `day` or later, by (team, rep), in every workspace: what the
    scheduler needs to hold back messages to reps on leave."""
    query = select(LeaveRow).where(col(LeaveRow.last_day) >= day)
    found: dict[tuple[str, str], list[LeavePeriod]] = defaultdict(list)
    for row in session.exec(query):
        found[(row.team_id, row.rep_id)].append(LeavePeriod(row.first_day, row.last_day, row.reason))
    return dict(found)


def set_last_day(session: Session, *, team_id: str, rep_id: str, period: LeavePeriod, last: dt.date) -> None:
    """Give a stored leave a new last day."""
    row = _row(session, team_id, rep_id, period)
    if row is not None:
        row.last_day = last
        session.flush()


def drop(session: Session, *, team_id: str, rep_id: str, period: LeavePeriod) -> None:
    """Delete a leave that has not started (ending it before its first day)."""
    row = _row(session, team_id, rep_id, period)
    if row is not None:
        session.delete(row)
        session.flush()


def _row(session: Session, team_id: str, rep_id: str, period: LeavePeriod) -> LeaveRow | None:
    query = select(LeaveRow).where(
        LeaveRow.team_id == team_id,
        LeaveRow.rep_id == rep_id,
        LeaveRow.first_day == period.first,
        LeaveRow.last_day == period.last,
    )
    return session.exec(query).first()
