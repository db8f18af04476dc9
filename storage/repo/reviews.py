"""Reviews: stored once and never changed, their action items, amendments, drafts and moved slots."""

import datetime as dt
import json
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, col, select

from coaching.review_form import ActionItem, Assessment, Decision, Owner, ReviewInput
from storage.db import one_of
from storage.tables import (
    ReviewActionRow,
    ReviewAmendmentRow,
    ReviewDraftRow,
    ReviewMoveRow,
    ReviewRow,
)


@dataclass(frozen=True)
class StoredAction:
    id: int
    rep_id: str
    item: ActionItem
    done_at: dt.datetime | None


@dataclass(frozen=True)
class StoredReview:
    id: int
    rep_id: str
    author_id: str
    slot: dt.date | None
    checkpoint: int | None
    submitted_at: dt.datetime
    seconds: float | None
    review: ReviewInput
    actions: list[StoredAction]
    amendments: list[str]


def save_review(
    session: Session,
    *,
    team_id: str,
    rep_id: str,
    author_id: str,
    slot: dt.date | None,
    checkpoint: int | None,
    review: ReviewInput,
    seconds: float | None,
    now: dt.datetime,
) -> int:
    """Store a submitted review and its action items; drop the author's draft for this rep."""
    row = ReviewRow(
        team_id=team_id,
        rep_id=rep_id,
        author_id=author_id,
        slot=slot,
        checkpoint=checkpoint,
        submitted_at=now,
        seconds=seconds,
        ratings=json.dumps(review.ratings),
        people=review.people,
        control=review.control,
        environment=review.environment,
        evidence=review.evidence,
        assessment=review.assessment.value,
        decision=review.decision.value if review.decision else None,
        next_review=review.next_review,
    )
    session.add(row)
    session.flush()
    assert row.id is not None  # noqa: S101 (set by the flush)
    session.add_all(
        ReviewActionRow(
            review_id=row.id, team_id=team_id, rep_id=rep_id, owner=a.owner.value, text=a.text, due=a.due
        )
        for a in review.actions
    )
    delete_draft(session, team_id=team_id, author_id=author_id, rep_id=rep_id)
    session.flush()
    return row.id


def mark_done(
    session: Session, *, team_id: str, rep_id: str, action_ids: Collection[int], by: str, now: dt.datetime
) -> int:
    """Mark these open action items of this rep done; return how many changed (others' ids are ignored)."""
    rows = session.exec(
        select(ReviewActionRow).where(
            ReviewActionRow.team_id == team_id,
            ReviewActionRow.rep_id == rep_id,
            col(ReviewActionRow.id).in_(list(action_ids)),
            col(ReviewActionRow.done_at).is_(None),
        )
    ).all()
    for row in rows:
        row.done_at, row.done_by = now, by
    session.flush()
    return len(rows)


def action(session: Session, *, team_id: str, action_id: int) -> StoredAction | None:
    row = session.get(ReviewActionRow, action_id)
    return _action(row) if row is not None and row.team_id == team_id else None


def open_actions(session: Session, *, team_id: str, rep_ids: Collection[str]) -> list[StoredAction]:
    """Return the action items of these reps not yet done, soonest due first."""
    query = (
        select(ReviewActionRow)
        .where(
            ReviewActionRow.team_id == team_id,
            one_of(session, col(ReviewActionRow.rep_id), rep_ids),
            col(ReviewActionRow.done_at).is_(None),
        )
        .order_by(col(ReviewActionRow.due), col(ReviewActionRow.id))
    )
    return [_action(row) for row in session.exec(query)]


def reviews(
    session: Session, *, team_id: str, rep_ids: Collection[str] | None = None, author_id: str | None = None
) -> list[StoredReview]:
    """Return reviews in a workspace (of some reps or by one author), newest first, with their items."""
    query = select(ReviewRow).where(ReviewRow.team_id == team_id)
    if rep_ids is not None:
        query = query.where(one_of(session, col(ReviewRow.rep_id), rep_ids))
    if author_id is not None:
        query = query.where(ReviewRow.author_id == author_id)
    rows = session.exec(query.order_by(col(ReviewRow.submitted_at).desc(), col(ReviewRow.id).desc())).all()
    ids = [row.id for row in rows]
    actions: dict[int, list[StoredAction]] = {}
    for action in session.exec(
        select(ReviewActionRow)
        .where(col(ReviewActionRow.review_id).in_(ids))
        .order_by(col(ReviewActionRow.id))
    ):
        actions.setdefault(action.review_id, []).append(_action(action))
    amendments: dict[int, list[str]] = {}
    for amendment in session.exec(
        select(ReviewAmendmentRow)
        .where(col(ReviewAmendmentRow.review_id).in_(ids))
        .order_by(col(ReviewAmendmentRow.id))
    ):
        amendments.setdefault(amendment.review_id, []).append(amendment.text)
    return [_review(row, actions.get(row.id or 0, []), amendments.get(row.id or 0, [])) for row in rows]


def review(session: Session, *, team_id: str, review_id: int) -> StoredReview | None:
    row = session.get(ReviewRow, review_id)
    if row is None or row.team_id != team_id:
        return None
    return next(r for r in reviews(session, team_id=team_id, rep_ids=[row.rep_id]) if r.id == review_id)


def add_amendment(
    session: Session, *, team_id: str, review_id: int, author_id: str, text: str, now: dt.datetime
) -> bool:
    """Add a correction to a stored review of this workspace; False if there is no such review."""
    review = session.get(ReviewRow, review_id)
    if review is None or review.team_id != team_id:
        return False
    session.add(
        ReviewAmendmentRow(review_id=review_id, team_id=team_id, author_id=author_id, text=text, added_at=now)
    )
    session.flush()
    return True


def save_draft(
    session: Session, *, team_id: str, author_id: str, rep_id: str, state: dict[str, Any], now: dt.datetime
) -> None:
    row = session.get(ReviewDraftRow, (team_id, author_id, rep_id))
    if row is None:
        row = ReviewDraftRow(team_id=team_id, author_id=author_id, rep_id=rep_id, state="", saved_at=now)
    row.state, row.saved_at = json.dumps(state), now
    session.add(row)
    session.flush()


def get_draft(session: Session, *, team_id: str, author_id: str, rep_id: str) -> dict[str, Any] | None:
    row = session.get(ReviewDraftRow, (team_id, author_id, rep_id))
    return json.loads(row.state) if row else None


def delete_draft(session: Session, *, team_id: str, author_id: str, rep_id: str) -> None:
    session.execute(
        delete(ReviewDraftRow).where(
            col(ReviewDraftRow.team_id) == team_id,
            col(ReviewDraftRow.author_id) == author_id,
            col(ReviewDraftRow.rep_id) == rep_id,
        )
    )


def move_slot(
    session: Session,
    *,
    team_id: str,
    rep_id: str,
    slot: dt.date,
    due: dt.date,
    reason: str,
    by: str,
    now: dt.datetime,
) -> None:
    """Reschedule a review slot (again, if it was moved before)."""
    row = session.get(ReviewMoveRow, (team_id, rep_id, slot))
    if row is None:
        row = ReviewMoveRow(
            team_id=team_id, rep_id=rep_id, slot=slot, due=due, reason=reason, moved_by=by, moved_at=now
        )
    row.due, row.reason, row.moved_by, row.moved_at = due, reason, by, now
    session.add(row)
    session.flush()


def moved_slots(
    session: Session, *, team_id: str | None = None, rep_id: str | None = None
) -> dict[tuple[str, str], dict[dt.date, dt.date]]:
    """Return each rep's moved slots, keyed (team, rep), across workspaces unless one (and a rep) is given."""
    query = select(ReviewMoveRow)
    if team_id is not None:
        query = query.where(ReviewMoveRow.team_id == team_id)
    if rep_id is not None:
        query = query.where(ReviewMoveRow.rep_id == rep_id)
    moved: dict[tuple[str, str], dict[dt.date, dt.date]] = {}
    for row in session.exec(query):
        moved.setdefault((row.team_id, row.rep_id), {})[row.slot] = row.due
    return moved


def done_slots(
    session: Session, *, team_id: str | None = None, rep_id: str | None = None
) -> dict[tuple[str, str], set[dt.date]]:
    """Return the slots reviews fulfilled, keyed (team, rep); across workspaces unless one is given."""
    query = select(col(ReviewRow.team_id), col(ReviewRow.rep_id), col(ReviewRow.slot)).where(
        col(ReviewRow.slot).is_not(None)
    )
    if team_id is not None:
        query = query.where(ReviewRow.team_id == team_id)
    if rep_id is not None:
        query = query.where(ReviewRow.rep_id == rep_id)
    done: dict[tuple[str, str], set[dt.date]] = {}
    for team, rep, slot in session.exec(query):
        if slot is not None:
            done.setdefault((team, rep), set()).add(slot)
    return done


def _action(row: ReviewActionRow) -> StoredAction:
    return StoredAction(row.id or 0, row.rep_id, ActionItem(Owner(row.owner), row.text, row.due), row.done_at)


def _review(row: ReviewRow, actions: list[StoredAction], amendments: list[str]) -> StoredReview:
    review = ReviewInput(
        ratings=json.loads(row.ratings),
        people=row.people,
        control=row.control,
        environment=row.environment,
        evidence=row.evidence,
        assessment=Assessment(row.assessment),
        decision=Decision(row.decision) if row.decision else None,
        actions=[a.item for a in actions],
        next_review=row.next_review,
    )
    return StoredReview(
        row.id or 0,
        row.rep_id,
        row.author_id,
        row.slot,
        row.checkpoint,
        row.submitted_at,
        row.seconds,
        review,
        actions,
        amendments,
    )
