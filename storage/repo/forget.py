"""Forgetting a person: every row about them is deleted, and their id where they acted on others' rows
is replaced, so nothing left names them. Workspace-scoped like every query."""

from typing import Any

from sqlalchemy import delete, select, update
from sqlmodel import Session, col

from storage.tables import (
    ActivityAuditRow,
    ActivityRow,
    AdminActionRow,
    DeliveryRow,
    EnrollmentRow,
    ExperimentRow,
    NudgeFeedbackRow,
    NudgeInsightRow,
    OutreachTouchRow,
    PersonRow,
    RampFactsRow,
    ReviewActionRow,
    ReviewAmendmentRow,
    ReviewDraftRow,
    ReviewMoveRow,
    ReviewRow,
    WeekLogRow,
)
from storage.tables_crm import CrmProposalRow
from storage.tables_decisions import DecisionAmendmentRow, DecisionRow, MilestoneMarkRow
from storage.tables_roster import LeaveRow, PlanPeriodRow, RosterChangeRow

FORGOTTEN = "U0FORGOTTEN"  # stands in for the person where others' records keep a trace of an act

# Rows about the person, children before parents (foreign keys).
ABOUT: list[tuple[Any, str]] = [
    (DecisionRow, "rep_id"),  # before the reviews they may belong to; their amendments go first
    (MilestoneMarkRow, "rep_id"),
    (ReviewActionRow, "rep_id"),
    (ReviewDraftRow, "rep_id"),
    (ReviewDraftRow, "author_id"),
    (ReviewMoveRow, "rep_id"),
    (ActivityRow, "rep_id"),
    (ActivityAuditRow, "rep_id"),
    (WeekLogRow, "rep_id"),
    (RampFactsRow, "rep_id"),
    (EnrollmentRow, "rep_id"),
    (OutreachTouchRow, "rep_id"),
    (NudgeFeedbackRow, "rep_id"),
    (NudgeInsightRow, "rep_id"),
    (ExperimentRow, "rep_id"),
    (DeliveryRow, "person_id"),
    (CrmProposalRow, "rep_id"),
    (RosterChangeRow, "person_id"),
    (LeaveRow, "rep_id"),
    (PlanPeriodRow, "rep_id"),
]
# Where the person acted on someone else's rows: the act stays, the name goes.
ACTED: list[tuple[Any, str]] = [
    (ActivityAuditRow, "changed_by"),
    (ActivityRow, "updated_by"),
    (WeekLogRow, "updated_by"),
    (EnrollmentRow, "enrolled_by"),
    (ReviewRow, "author_id"),
    (ReviewAmendmentRow, "author_id"),
    (ReviewActionRow, "done_by"),
    (ReviewMoveRow, "moved_by"),
    (DecisionRow, "decided_by"),
    (DecisionAmendmentRow, "author_id"),
    (MilestoneMarkRow, "marked_by"),
    (AdminActionRow, "actor_id"),
    (AdminActionRow, "subject_id"),
    (RosterChangeRow, "actor_id"),
    (LeaveRow, "recorded_by"),
    (PlanPeriodRow, "ended_by"),
]


def forget_person(session: Session, *, team_id: str, slack_id: str) -> dict[str, int]:
    """Delete or anonymize everything about one person in a workspace; return the count per table.column."""
    report: dict[str, int] = {}
    reviews = select(col(ReviewRow.id)).where(*_of(ReviewRow, "rep_id", team_id, slack_id))
    report["review_amendment.review_id"] = _rows(
        session.execute(delete(ReviewAmendmentRow).where(col(ReviewAmendmentRow.review_id).in_(reviews)))
    )
    decided = select(col(DecisionRow.id)).where(*_of(DecisionRow, "rep_id", team_id, slack_id))
    report["decision_amendment.decision_id"] = _rows(
        session.execute(
            delete(DecisionAmendmentRow).where(col(DecisionAmendmentRow.decision_id).in_(decided))
        )
    )
    for table, column in ABOUT:
        where = (table.team_id == team_id, getattr(table, column) == slack_id)
        report[f"{table.__tablename__}.{column}"] = _rows(session.execute(delete(table).where(*where)))
    report["review.rep_id"] = _rows(
        session.execute(delete(ReviewRow).where(*_of(ReviewRow, "rep_id", team_id, slack_id)))
    )
    for table, column in ACTED:
        statement = update(table).where(*_of(table, column, team_id, slack_id)).values({column: FORGOTTEN})
        report[f"{table.__tablename__}.{column} (anonymized)"] = _rows(session.execute(statement))
    managed = (
        update(PersonRow).where(*_of(PersonRow, "manager_id", team_id, slack_id)).values(manager_id=None)
    )
    report["person.manager_id (cleared)"] = _rows(session.execute(managed))
    report["person.slack_id"] = _rows(
        session.execute(delete(PersonRow).where(*_of(PersonRow, "slack_id", team_id, slack_id)))
    )
    return {name: count for name, count in report.items() if count}


def _of(table: Any, column: str, team_id: str, slack_id: str) -> tuple[Any, Any]:
    return table.team_id == team_id, getattr(table, column) == slack_id


def _rows(result: Any) -> int:
    return int(result.rowcount or 0)
