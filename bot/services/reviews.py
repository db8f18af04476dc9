"""Writing a review: what the modal opens with, saving it (or a draft), and following up its action items."""

import dataclasses
import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import structlog
from sqlmodel import Session

from bot.deps import DEFAULT_TZ, Deps
from bot.services.access import allowed_actor, member, require
from bot.services.admin_audit import audit_admin
from bot.services.decisions import CheckpointAid, checkpoint_aid, record_decision, rep_status
from bot.services.early_call import team_early_calls
from bot.services.errors import NotAllowed, NotEnrolled
from bot.services.review_prompts import reviewee
from bot.services.status import rep_statuses
from coaching.activity import Enrollment
from coaching.decisions import checkpoint_review
from coaching.errors import Code, FieldProblem, FormProblems, Problem, problem
from coaching.plans import RampPlan
from coaching.policy import Action
from coaching.review_form import RawReview
from coaching.review_schedule import Reviewee, Slot, open_slots
from coaching.status import RampStatus
from coaching.team import Member
from storage.db import session_scope
from storage.repo import leave, people, plans, reviews
from storage.repo.reviews import StoredAction, StoredReview

log = structlog.get_logger("rampcoach.reviews")
SOON = dt.timedelta(days=3)  # a review done this early still counts for the coming slot
NEXT_REVIEW_AHEAD = dt.timedelta(days=62)  # the after-ramp cadence is monthly


@dataclass(frozen=True)
class ReviewContext:
    """What the review modal opens with."""

    rep: Member
    plan: RampPlan
    status: RampStatus
    slot: Slot | None  # the slot this review fulfils (None: an extra review)
    last: StoredReview | None
    open_actions: list[StoredAction]
    draft: dict[str, Any] | None
    aid: CheckpointAid | None = None  # at a checkpoint: the suggested decision, and the early call


def review_context(deps: Deps, *, team_id: str, actor_id: str, rep_id: str) -> ReviewContext:
    """Return the modal's content; raise NotAMember, NotAllowed or NotEnrolled."""
    with session_scope(deps.engine) as session:
        actor, rep = _authorized(session, team_id, actor_id, rep_id)
        plan, subject_slot, today = _ramp(session, deps, team_id, actor, rep)
        enrollment = plans.get_enrollment(session, team_id=team_id, rep_id=rep_id)
        assert enrollment is not None  # noqa: S101 (_ramp raised NotEnrolled otherwise)
        status = rep_statuses(
            session,
            team_id=team_id,
            enrolled=[(enrollment, plan)],
            now=deps.clock(),
            holidays=deps.tuning.holidays,
        )
        earlier = reviews.reviews(session, team_id=team_id, rep_ids=[rep_id])
        context = ReviewContext(
            rep,
            plan,
            status[rep_id],
            subject_slot,
            earlier[0] if earlier else None,
            reviews.open_actions(session, team_id=team_id, rep_ids=[rep_id]),
            reviews.get_draft(session, team_id=team_id, author_id=actor_id, rep_id=rep_id),
        )
        if subject_slot and subject_slot.checkpoint:
            final = subject_slot.checkpoint >= plan.length_days
            aid = checkpoint_aid(deps, session, actor, status[rep_id], final=final)
            context = dataclasses.replace(context, aid=aid)
        return context


def submit_review(
    deps: Deps,
    *,
    team_id: str,
    actor_id: str,
    rep_id: str,
    opened_at: dt.datetime | None,
    raw: RawReview,
    done_ids: list[int],
) -> StoredReview:
    """Check and store a review; raise FormProblems (nothing stored), NotAllowed or NotEnrolled."""
    now = deps.clock()
    # The early call kept with a decision: read before the write, from the same figures the modal showed.
    early_calls = team_early_calls(deps, team_id=team_id, today=now.date()) if raw.decision else {}
    with session_scope(deps.engine) as session:
        actor, rep = _authorized(session, team_id, actor_id, rep_id)
        plan, subject_slot, today = _ramp(session, deps, team_id, actor, rep)
        checkpoint = subject_slot.checkpoint if subject_slot else None
        review, decision = checkpoint_review(
            raw, plan.sales_tasks, checkpoint=checkpoint is not None, today=today
        )
        seconds = (now - opened_at).total_seconds() if opened_at else None
        review_id = reviews.save_review(
            session,
            team_id=team_id,
            rep_id=rep_id,
            author_id=actor_id,
            slot=subject_slot.slot if subject_slot else None,
            checkpoint=checkpoint,
            review=review,
            seconds=seconds,
            now=now,
        )
        reviews.mark_done(session, team_id=team_id, rep_id=rep_id, action_ids=done_ids, by=actor_id, now=now)
        audit_admin(session, actor, "review", rep_id, now, f"review {review_id}")
        if decision is not None:
            status = rep_status(session, deps, team_id, rep_id)
            record_decision(
                session,
                actor=actor,
                rep_id=rep_id,
                decision=decision,
                status=status,
                call=early_calls.get(rep_id),
                checkpoint=checkpoint,
                review_id=review_id,
                now=now,
            )
        if review.next_review:
            _move_next_slot(session, deps, team_id, actor, rep_id, plan, review.next_review)
        stored = reviews.reviews(session, team_id=team_id, rep_ids=[rep_id])
    log.info("review stored", team_id=team_id, user_id=actor_id, rep=rep_id, review_id=review_id)
    return next(r for r in stored if r.id == review_id)


def save_draft(deps: Deps, *, team_id: str, actor_id: str, rep_id: str, state: dict[str, Any]) -> None:
    """Keep what the manager typed so far; a draft from someone who may not review is dropped."""
    with session_scope(deps.engine) as session:
        _authorized(session, team_id, actor_id, rep_id)
        reviews.save_draft(
            session, team_id=team_id, author_id=actor_id, rep_id=rep_id, state=state, now=deps.clock()
        )


def mark_action_done(deps: Deps, *, team_id: str, actor_id: str, action_id: int) -> str:
    """Mark an action item done for its rep, their manager or an admin; return the rep's id."""
    with session_scope(deps.engine) as session:
        actor = member(session, team_id, actor_id)
        action = reviews.action(session, team_id=team_id, action_id=action_id)
        if action is None:
            raise FieldProblem([problem(Code.ACTION_ITEM_GONE)])
        require(session, actor, Action.COMPLETE_ACTION_ITEM, action.rep_id)
        reviews.mark_done(
            session,
            team_id=team_id,
            rep_id=action.rep_id,
            action_ids=[action_id],
            by=actor_id,
            now=deps.clock(),
        )
        audit_admin(session, actor, "action item done", action.rep_id, deps.clock(), f"item {action_id}")
        return action.rep_id


def own_reviews(deps: Deps, *, team_id: str, actor_id: str, rep_id: str) -> list[StoredReview]:
    """Return a rep's reviews for someone allowed to read them; raise NotAllowed otherwise."""
    with session_scope(deps.engine) as session:
        allowed_actor(session, team_id, actor_id, Action.READ_REVIEWS, rep_id)
        return reviews.reviews(session, team_id=team_id, rep_ids=[rep_id])


def reschedule(
    deps: Deps,
    *,
    team_id: str,
    actor_id: str,
    rep_id: str,
    slot: dt.date | None,
    due: str | None,
    reason: str | None,
) -> dt.date:
    """Move an open review slot to a new date, with a reason; raise FormProblems or NotAllowed."""
    errors: dict[str, Problem] = {}
    if len((reason or "").strip()) < 5:
        errors["reason"] = problem(Code.RESCHEDULE_WHY)
    with session_scope(deps.engine) as session:
        actor, rep = _authorized(session, team_id, actor_id, rep_id)
        enrollment = plans.get_enrollment(session, team_id=team_id, rep_id=rep_id)
        plan, _, today = _ramp(session, deps, team_id, actor, rep)  # today in the actor's zone
        new_date = _future_date(due, today)
        if new_date is None:
            errors["due"] = problem(Code.DUE_NOT_AFTER_TODAY)
        open_now = (
            _open(session, deps, team_id, rep_id, enrollment, plan, today + dt.timedelta(days=366))
            if enrollment
            else []
        )
        if slot not in {s.slot for s in open_now}:
            errors["due"] = problem(Code.REVIEW_NOT_OPEN)
        if errors or new_date is None or slot is None:
            raise FormProblems(errors)
        reviews.move_slot(
            session,
            team_id=team_id,
            rep_id=rep_id,
            slot=slot,
            due=new_date,
            reason=(reason or "").strip(),
            by=actor_id,
            now=deps.clock(),
        )
        audit_admin(session, actor, "review rescheduled", rep_id, deps.clock(), f"{slot} -> {new_date}")
    return new_date


def amend(deps: Deps, *, team_id: str, actor_id: str, review_id: int, text: str | None) -> StoredReview:
    """Add a correction to a stored review (its author or an admin); raise FormProblems or NotAllowed."""
    if len((text or "").strip()) < 10:
        raise FormProblems({"text": problem(Code.CORRECTION_TOO_SHORT)})
    with session_scope(deps.engine) as session:
        actor, found = _amendable(session, team_id, actor_id, review_id)
        reviews.add_amendment(
            session,
            team_id=team_id,
            review_id=review_id,
            author_id=actor_id,
            text=(text or "").strip(),
            now=deps.clock(),
        )
        audit_admin(session, actor, "review amended", found.rep_id, deps.clock(), f"review {review_id}")
        updated = reviews.review(session, team_id=team_id, review_id=review_id)
    assert updated is not None  # noqa: S101 (it was just found)
    return updated


def stored_review(deps: Deps, *, team_id: str, review_id: int) -> tuple[StoredReview, str, str]:
    """Return a stored review with its rep's and author's names; raise LookupError if there is none."""
    with session_scope(deps.engine) as session:
        found = reviews.review(session, team_id=team_id, review_id=review_id)
        if found is None:
            raise LookupError(review_id)
        names = {
            m.slack_id: m.name
            for m in people.members(session, team_id=team_id, slack_ids={found.rep_id, found.author_id})
        }
    return found, names.get(found.rep_id, found.rep_id), names.get(found.author_id, found.author_id)


def review_to_amend(deps: Deps, *, team_id: str, actor_id: str, review_id: int) -> tuple[StoredReview, str]:
    """Return a review and its rep's name for someone who may correct it; raise LookupError (no such
    review), NotAMember or NotAllowed."""
    with session_scope(deps.engine) as session:
        if reviews.review(session, team_id=team_id, review_id=review_id) is None:
            raise LookupError(review_id)
        _, found = _amendable(session, team_id, actor_id, review_id)
        rep = people.get_member(session, team_id=team_id, slack_id=found.rep_id)
    return found, rep.name if rep else found.rep_id


def reviewable_name(deps: Deps, *, team_id: str, actor_id: str, rep_id: str) -> str:
    """Return the rep's name if the actor may review them; raise NotAllowed or NotAMember."""
    with session_scope(deps.engine) as session:
        _, rep = _authorized(session, team_id, actor_id, rep_id)
    return rep.name


def _future_date(text: str | None, today: dt.date) -> dt.date | None:
    try:
        day = dt.date.fromisoformat(text or "")
    except ValueError:
        return None
    return day if day > today else None


def next_reviews(
    session: Session, deps: Deps, *, team_id: str, rep_ids: Collection[str], today: dt.date
) -> dict[str, dt.date]:
    """Return when each of these reps' next open review is due (possibly past: overdue), if they have one.

    Three queries for any number of reps: a manager's Home tab shows one per rep.
    """
    one = next(iter(rep_ids)) if len(rep_ids) == 1 else None  # one rep: read only their slots
    moved = reviews.moved_slots(session, team_id=team_id, rep_id=one)
    done = reviews.done_slots(session, team_id=team_id, rep_id=one)
    away = leave.by_rep(session, team_id=team_id)
    found = {}
    until = today + NEXT_REVIEW_AHEAD
    for subject in plans.review_subjects(session, team_id=team_id, rep_ids=rep_ids):
        key = (team_id, subject.enrollment.rep_id)
        slots = open_slots(
            reviewee(deps, subject, away.get(key, ())),
            until,
            moved.get(key, {}),
            done.get(key, set()),
            deps.tuning.holidays,
        )
        if slots:
            found[subject.enrollment.rep_id] = min(s.due for s in slots)
    return found


def _amendable(session: Session, team_id: str, actor_id: str, review_id: int) -> tuple[Member, StoredReview]:
    """Return the actor and the review if the actor may correct it (by the table, about its author)."""
    actor = member(session, team_id, actor_id)
    found = reviews.review(session, team_id=team_id, review_id=review_id)
    if found is None:
        raise NotAllowed(str(review_id))
    require(session, actor, Action.AMEND_REVIEW, found.author_id)
    return actor, found


def _authorized(session: Session, team_id: str, actor_id: str, rep_id: str) -> tuple[Member, Member]:
    """Return the actor and the rep if the actor may review the rep (by the permission table)."""
    actor = allowed_actor(session, team_id, actor_id, Action.REVIEW, rep_id)
    rep = people.get_member(session, team_id=team_id, slack_id=rep_id)
    if rep is None:
        raise NotAllowed(rep_id)
    return actor, rep


def _ramp(
    session: Session, deps: Deps, team_id: str, actor: Member, rep: Member
) -> tuple[RampPlan, Slot | None, dt.date]:
    """Return the rep's plan, the open slot this review fulfils, and the actor's today."""
    enrollment = plans.get_enrollment(session, team_id=team_id, rep_id=rep.slack_id)
    if enrollment is None:
        raise NotEnrolled(rep.slack_id)
    plan = plans.get_plan(
        session, team_id=team_id, plan_id=enrollment.plan_id, version=enrollment.plan_version
    )
    if plan is None:
        raise NotEnrolled(rep.slack_id)
    today = deps.clock().astimezone(ZoneInfo(actor.tz or DEFAULT_TZ)).date()
    # A review covers every open slot due by next week: the latest is the one it fulfils, and it is a
    # checkpoint review if any of them is.
    covered = _open(session, deps, team_id, rep.slack_id, enrollment, plan, today + SOON)
    if not covered:
        return plan, None, today
    checkpoint = max((s.checkpoint for s in covered if s.checkpoint), default=None)
    return plan, Slot(covered[-1].slot, covered[-1].due, checkpoint), today


def _open(
    session: Session,
    deps: Deps,
    team_id: str,
    rep_id: str,
    enrollment: Enrollment,
    plan: RampPlan,
    until: dt.date,
) -> list[Slot]:
    # The same slots the scheduler prompts for: counted from when the rep joined, in the manager's zone.
    subjects = plans.review_subjects(session, team_id=team_id, rep_ids=[rep_id])
    away = leave.periods(session, team_id=team_id, rep_ids=[rep_id]).get(rep_id, [])
    if subjects:
        who = reviewee(deps, subjects[0], tuple(away))
    else:
        start, days = enrollment.start, plan.length_days
        who = Reviewee(team_id, rep_id, "", DEFAULT_TZ, start, days, plan.reviews, leave=tuple(away))
    moved = reviews.moved_slots(session, team_id=team_id, rep_id=rep_id).get((team_id, rep_id), {})
    done = reviews.done_slots(session, team_id=team_id, rep_id=rep_id).get((team_id, rep_id), set())
    return open_slots(who, until, moved, done, deps.tuning.holidays)


def _move_next_slot(
    session: Session, deps: Deps, team_id: str, actor: Member, rep_id: str, plan: RampPlan, due: dt.date
) -> None:
    """Move the rep's next open slot after the chosen date's week to the date the manager chose."""
    enrollment = plans.get_enrollment(session, team_id=team_id, rep_id=rep_id)
    if enrollment is None:
        return
    upcoming = _open(session, deps, team_id, rep_id, enrollment, plan, due + dt.timedelta(days=366))
    today = deps.clock().astimezone(ZoneInfo(actor.tz or DEFAULT_TZ)).date()
    later = [s for s in upcoming if s.due > today]
    if later:
        reviews.move_slot(
            session,
            team_id=team_id,
            rep_id=rep_id,
            slot=later[0].slot,
            due=due,
            reason="chosen in the last review",
            by=actor.slack_id,
            now=deps.clock(),
        )
