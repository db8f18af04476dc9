"""Checkpoint decisions and milestone marks: stored once, never changed; corrections are amendments."""

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Collection, Mapping

from sqlmodel import Session, col, select

from coaching.decisions import DecisionInput, Goal, StoredDecision
from coaching.milestone_marks import Mark, MilestoneMark
from coaching.review_form import Decision
from storage.db import one_of
from storage.tables_decisions import DecisionAmendmentRow, DecisionRow, MilestoneMarkRow


def save_decision(
    session: Session,
    *,
    team_id: str,
    rep_id: str,
    decision: DecisionInput,
    by: str,
    now: dt.datetime,
    on: dt.date,
    checkpoint: int | None,
    review_id: int | None,
    snapshot: Mapping[str, object],
) -> int:
    """Store a decision with the data it was made on; return its id."""
    row = DecisionRow(
        team_id=team_id,
        rep_id=rep_id,
        review_id=review_id,
        checkpoint=checkpoint,
        kind=decision.kind.value,
        why=decision.why,
        weeks=decision.weeks,
        goals=json.dumps([{"text": g.text, "due": g.due.isoformat()} for g in decision.goals]),
        decide_by=decision.decide_by,
        decided_by=by,
        decided_at=now,
        decided_on=on,
        snapshot=json.dumps(snapshot, default=str),
    )
    session.add(row)
    session.flush()
    assert row.id is not None  # noqa: S101 (set by the flush)
    return row.id


def decisions(
    session: Session, *, team_id: str, rep_ids: Collection[str] | None = None
) -> dict[str, list[StoredDecision]]:
    """Return each rep's decisions, oldest first, with their amendments, in two queries."""
    found = every_decision(session, team_id=team_id, rep_ids=rep_ids)
    return {rep: made for (_, rep), made in found.items()}


def every_decision(
    session: Session, *, team_id: str | None = None, rep_ids: Collection[str] | None = None
) -> dict[tuple[str, str], list[StoredDecision]]:
    """Return the decisions of every workspace (or one), by (team, rep), oldest first: the scheduler's."""
    query = select(DecisionRow)
    if team_id is not None:
        query = query.where(DecisionRow.team_id == team_id)
    if rep_ids is not None:
        query = query.where(one_of(session, col(DecisionRow.rep_id), rep_ids))
    rows = list(session.exec(query.order_by(col(DecisionRow.decided_at), col(DecisionRow.id))))
    amendments: dict[int, list[str]] = defaultdict(list)
    if rows:
        found = select(DecisionAmendmentRow).where(
            col(DecisionAmendmentRow.decision_id).in_([r.id for r in rows])
        )
        for a in session.exec(found.order_by(col(DecisionAmendmentRow.id))):
            amendments[a.decision_id].append(a.text)
    by_rep: dict[tuple[str, str], list[StoredDecision]] = defaultdict(list)
    for row in rows:
        by_rep[(row.team_id, row.rep_id)].append(_decision(row, amendments.get(row.id or 0, [])))
    return dict(by_rep)


def decision(session: Session, *, team_id: str, decision_id: int) -> StoredDecision | None:
    row = session.get(DecisionRow, decision_id)
    if row is None or row.team_id != team_id:
        return None
    return next(
        d
        for d in decisions(session, team_id=team_id, rep_ids=[row.rep_id])[row.rep_id]
        if d.id == decision_id
    )


def add_amendment(
    session: Session, *, team_id: str, decision_id: int, author_id: str, text: str, now: dt.datetime
) -> None:
    """Add a correction to a stored decision (the caller checked that it exists in this workspace)."""
    session.add(
        DecisionAmendmentRow(
            decision_id=decision_id, team_id=team_id, author_id=author_id, text=text, added_at=now
        )
    )
    session.flush()


def _decision(row: DecisionRow, amendments: list[str]) -> StoredDecision:
    goals = tuple(Goal(g["text"], dt.date.fromisoformat(g["due"])) for g in json.loads(row.goals))
    made = DecisionInput(Decision(row.kind), row.why, row.weeks, goals, row.decide_by)
    return StoredDecision(
        row.id or 0,
        row.rep_id,
        made,
        row.decided_by,
        row.decided_at,
        row.decided_on,
        row.checkpoint,
        json.loads(row.snapshot),
        tuple(amendments),
    )


def add_mark(session: Session, *, team_id: str, rep_id: str, mark: MilestoneMark, day: int) -> None:
    """Record a Confirm or Not yet click on one of the rep's milestones."""
    session.add(
        MilestoneMarkRow(
            team_id=team_id,
            rep_id=rep_id,
            label=mark.label,
            day=day,
            mark=mark.mark.value,
            marked_by=mark.by,
            marked_at=mark.at,
            ramp_day=mark.ramp_day,
        )
    )
    session.flush()


def marks(session: Session, *, team_id: str, rep_ids: Collection[str]) -> dict[str, list[MilestoneMark]]:
    """Return each rep's milestone marks, oldest first, in one query."""
    query = (
        select(MilestoneMarkRow)
        .where(MilestoneMarkRow.team_id == team_id, one_of(session, col(MilestoneMarkRow.rep_id), rep_ids))
        .order_by(col(MilestoneMarkRow.marked_at), col(MilestoneMarkRow.id))
    )
    found: dict[str, list[MilestoneMark]] = defaultdict(list)
    for row in session.exec(query):
        found[row.rep_id].append(
            MilestoneMark(row.label, Mark(row.mark), row.marked_by, row.marked_at, row.ramp_day)
        )
    return dict(found)
