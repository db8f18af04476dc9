"""What the early call reads: every ramp in a workspace with its plan version and logged weeks."""

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlmodel import Session, col

from coaching.activity import Enrollment, WeekLog
from coaching.plans import RampPlan
from storage.db import one_of
from storage.repo.activity import team_week_logs
from storage.repo.plans import team_enrollments
from storage.tables import ActivityAuditRow, WeekLogRow
from storage.tables_decisions import DecisionAmendmentRow, DecisionRow, MilestoneMarkRow
from storage.tables_roster import LeaveRow, RosterChangeRow


@dataclass(frozen=True)
class RampHistory:
    enrollment: Enrollment
    plan: RampPlan
    logs: list[WeekLog]


def ramp_histories(
    session: Session, *, team_id: str, rep_ids: Collection[str] | None = None
) -> list[RampHistory]:
    """Return every enrolled rep's (or these reps') ramp with all their logged weeks, by rep id, in three
    queries."""
    logs = team_week_logs(session, team_id=team_id, rep_ids=rep_ids)
    enrolled = team_enrollments(session, team_id=team_id, rep_ids=rep_ids)
    return [
        RampHistory(enrollment, plan, logs.get(enrollment.rep_id, []))
        for enrollment, plan in sorted(enrolled, key=lambda p: p[0].rep_id)
    ]


def data_fingerprint(session: Session, *, team_id: str) -> tuple[int, ...]:
    """Return counts that change whenever a workspace's logs, decisions or milestone marks do, read from
    indexes alone.

    Every change to a logged value adds an audit row (even two within one instant), a new or forgotten
    week changes the weeks, decisions, their amendments and marks are only ever added, and every leave
    recorded, changed or ended adds a roster change (leave stops the ramp clock).
    """
    tables = (
        ActivityAuditRow,
        WeekLogRow,
        DecisionRow,
        DecisionAmendmentRow,
        MilestoneMarkRow,
        RosterChangeRow,
        LeaveRow,
    )
    counts = [select(func.count()).where(col(table.team_id) == team_id).scalar_subquery() for table in tables]
    # One round trip: the fingerprint is read on every Home render.
    return tuple(int(n) for n in session.execute(select(*counts)).one())


def ramps_fingerprint(session: Session, *, team_id: str, rep_ids: Collection[str]) -> tuple[int, ...]:
    """Return counts that change whenever these reps' logs, decisions or leave do: what their ramps, as
    the early call's recalibration reads them, are made of (as `data_fingerprint`, for some reps)."""
    by_rep = (
        (ActivityAuditRow, col(ActivityAuditRow.rep_id)),
        (WeekLogRow, col(WeekLogRow.rep_id)),
        (DecisionRow, col(DecisionRow.rep_id)),
        (LeaveRow, col(LeaveRow.rep_id)),
        (RosterChangeRow, col(RosterChangeRow.person_id)),
    )
    counts = [
        select(func.count())
        .where(col(table.team_id) == team_id, one_of(session, rep, rep_ids))
        .scalar_subquery()
        for table, rep in by_rep
    ]
    return tuple(int(n) for n in session.execute(select(*counts)).one())
