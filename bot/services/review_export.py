"""The reviews export: one row per stored review, for the reps whose reviews the asker may read."""

import json

from bot.deps import Deps
from bot.services.access import allowed_actor, permitted_reps
from bot.services.admin_audit import audit_admin
from bot.services.export import Cell, Export
from coaching.policy import ORG, Action
from storage.db import session_scope
from storage.repo import exports, reviews
from storage.repo.reviews import StoredReview

REVIEW_COLUMNS = [
    "team_id",
    "review_id",
    "rep_id",
    "rep_name",
    "author_id",
    "author_name",
    "submitted_at",
    "slot",
    "checkpoint",
    "assessment",
    "decision",
    "ratings",
    "people",
    "control",
    "environment",
    "evidence",
    "action_items",
    "next_review",
    "amendments",
    "seconds",
]


def review_export(deps: Deps, *, team_id: str, rep_ids: set[str] | None = None) -> Export:
    """Return every stored review of a workspace (or of these reps), newest first."""
    with session_scope(deps.engine) as session:
        stored = reviews.reviews(session, team_id=team_id, rep_ids=rep_ids)
        names = exports.names(session, team_id=team_id)
    return Export(REVIEW_COLUMNS, [_row(team_id, r, names) for r in stored])


def visible_review_export(deps: Deps, *, team_id: str, viewer_id: str) -> Export:
    """Return the reviews `viewer_id` may read (their tree, or the org); raise NotAMember or NotAllowed."""
    with session_scope(deps.engine) as session:
        viewer = allowed_actor(session, team_id, viewer_id, Action.EXPORT_REVIEWS, ORG)
        readable = set(permitted_reps(session, viewer, Action.READ_REVIEWS))
        audit_admin(session, viewer, "export reviews", None, deps.clock(), f"{len(readable)} reps")
    return review_export(deps, team_id=team_id, rep_ids=readable)


def _row(team_id: str, stored: StoredReview, names: dict[str, str]) -> list[Cell]:
    r = stored.review
    items = [{"owner": a.owner.value, "text": a.text, "due": a.due.isoformat()} for a in r.actions]
    return [
        team_id,
        stored.id,
        stored.rep_id,
        names.get(stored.rep_id),
        stored.author_id,
        names.get(stored.author_id),
        stored.submitted_at.isoformat(),
        stored.slot.isoformat() if stored.slot else None,
        stored.checkpoint,
        r.assessment.value,
        r.decision.value if r.decision else None,
        json.dumps(r.ratings, ensure_ascii=False),
        r.people,
        r.control,
        r.environment,
        r.evidence,
        json.dumps(items, ensure_ascii=False),
        r.next_review.isoformat() if r.next_review else None,
        json.dumps(stored.amendments, ensure_ascii=False),
        stored.seconds,
    ]
