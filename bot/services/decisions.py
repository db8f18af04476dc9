"""Checkpoint decisions and milestone confirmations: recording them, and who may see the early call."""

import dataclasses
import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import structlog
from sqlmodel import Session

from bot.deps import DEFAULT_TZ, Deps
from bot.services.access import Reach, allowed_actor, member, operator, permitted_reps, require
from bot.services.admin_audit import audit_admin
from bot.services.early_call import early_calls_in, team_early_calls
from bot.services.errors import NotAMember, NotEnrolled
from bot.services.status import rep_statuses
from coaching.activity import Enrollment
from coaching.decisions import (
    DecisionInput,
    StoredDecision,
    Suggestion,
    parse_decision,
    performance_plan,
    suggested_decision,
)
from coaching.early_call import EarlyCall
from coaching.errors import Code, FieldProblem, FormProblems, problem
from coaching.milestone_marks import Mark, MilestoneMark, to_confirm
from coaching.plans import RampPlan
from coaching.policy import Action, early_call_action
from coaching.review_form import Decision
from coaching.status import RampStatus
from coaching.team import Member
from storage.db import session_scope
from storage.repo import decisions, facts_cache, people, plans

log = structlog.get_logger("rampcoach.decisions")


@dataclass(frozen=True)
class CheckpointAid:
    """What the review modal shows at a checkpoint: the suggested decision, and the call if visible."""

    suggestion: Suggestion
    call: EarlyCall | None  # None: before day 21, or not for this viewer's eyes


def checkpoint_aid(
    deps: Deps, session: Session, actor: Member, status: RampStatus, *, final: bool
) -> CheckpointAid:
    """Return the suggested decision (from the early call and the milestones) for a checkpoint review."""
    calls = early_calls_in(
        session, team_id=actor.team_id, today=deps.clock().date(), holidays=deps.tuning.holidays
    )
    call = calls.get(status.rep_id)
    suggestion = suggested_decision(call, status.milestones, final=final)
    shown = visible_calls_of(deps, session, actor, {status.rep_id}, calls)
    if status.rep_id not in shown:
        # The suggestion stays, without the probability the viewer may not see.
        suggestion = dataclasses.replace(suggestion, p_on_track=None)
    return CheckpointAid(suggestion, shown.get(status.rep_id))


def visible_calls_of(
    deps: Deps,
    session: Session,
    viewer: Member,
    rep_ids: Collection[str],
    calls: Mapping[str, EarlyCall | None],
) -> dict[str, EarlyCall]:
    """Return the calls among `calls` of these reps that the viewer may see (by the visibility setting)."""
    action = early_call_action(deps.tuning.early_call_visible_to)
    allowed = set(permitted_reps(session, viewer, action)) & set(rep_ids)
    return {rep: call for rep in allowed if (call := calls.get(rep)) is not None}


def visible_calls(
    deps: Deps,
    session: Session,
    viewer: Member,
    rep_ids: Collection[str],
    today: dt.date,
    *,
    reach: Reach | None = None,
    enrolled: Sequence[tuple[Enrollment, RampPlan]] | None = None,
) -> dict[str, EarlyCall]:
    """Return the early call of each of these reps that the viewer may see (by the visibility setting);
    `reach` and `enrolled` (a superset of these reps' enrollments): what the caller has read already."""
    action = early_call_action(deps.tuning.early_call_visible_to)
    allowed = set((reach or Reach(session, viewer)).permitted(action)) & set(rep_ids)
    if not allowed:
        return {}  # the call is worked out only for someone who may see some of it
    # A Home tab is rendered after every change: only these reps' weeks are read for it.
    calls = early_calls_in(
        session,
        team_id=viewer.team_id,
        today=today,
        rep_ids=rep_ids,
        holidays=deps.tuning.holidays,
        enrolled=enrolled,
    )
    return {rep: call for rep in allowed if (call := calls.get(rep)) is not None}


def record_decision(
    session: Session,
    *,
    actor: Member,
    rep_id: str,
    decision: DecisionInput,
    status: RampStatus,
    call: EarlyCall | None,
    checkpoint: int | None,
    review_id: int | None,
    now: dt.datetime,
) -> int:
    """Store a decision with the data it was made on; the rep's figures are computed afresh from now."""
    rep = people.get_member(session, team_id=actor.team_id, slack_id=rep_id)
    on = now.astimezone(ZoneInfo((rep.tz if rep else None) or DEFAULT_TZ)).date()
    snapshot = {
        "day": status.day,
        "attainment": status.attainment,
        "status": status.status.value,
        "projection": status.projection,
        "early_call": call.to_json() if call else None,
    }
    decision_id = decisions.save_decision(
        session,
        team_id=actor.team_id,
        rep_id=rep_id,
        decision=decision,
        by=actor.slack_id,
        now=now,
        on=on,
        checkpoint=checkpoint,
        review_id=review_id,
        snapshot=snapshot,
    )
    # An extension changes how many weeks count: facts cached for the old length must not be reused.
    facts_cache.forget(session, team_id=actor.team_id, rep_id=rep_id)
    audit_admin(session, actor, "checkpoint decision", rep_id, now, f"{decision.kind.value} ({decision_id})")
    log.info(
        "decision recorded",
        team_id=actor.team_id,
        user_id=actor.slack_id,
        rep=rep_id,
        kind=decision.kind.value,
    )
    return decision_id


def decide(
    deps: Deps,
    *,
    team_id: str,
    actor_id: str,
    rep_id: str,
    kind: str,
    why: str | None,
    weeks: str | None = None,
    goals: str | None = None,
    decide_by: dt.date | None = None,
    as_operator: bool = False,
) -> StoredDecision:
    """Record a decision outside a review (the CLI, `as_operator`); raise FormProblems, NotAllowed or
    NotEnrolled."""
    try:
        chosen = Decision(kind)
    except ValueError:
        raise FormProblems(
            {"decision": problem(Code.NOT_A_DECISION, options=[d.value for d in Decision])}
        ) from None
    now = deps.clock()
    calls = team_early_calls(deps, team_id=team_id, today=now.date())
    with session_scope(deps.engine) as session:
        actor = _actor(session, team_id, actor_id, Action.DECIDE_CHECKPOINT, rep_id, as_operator)
        status = rep_status(session, deps, team_id, rep_id)
        decision = parse_decision(chosen, why, weeks, goals, decide_by, now.date())
        decision_id = record_decision(
            session,
            actor=actor,
            rep_id=rep_id,
            decision=decision,
            status=status,
            call=calls.get(rep_id),
            checkpoint=None,
            review_id=None,
            now=now,
        )
        return next(
            d
            for d in decisions.decisions(session, team_id=team_id, rep_ids=[rep_id])[rep_id]
            if d.id == decision_id
        )


def amend_decision(
    deps: Deps, *, team_id: str, actor_id: str, decision_id: int, text: str | None, as_operator: bool = False
) -> StoredDecision:
    """Add a correction to a decision (its author or an admin, as for reviews); raise FormProblems,
    LookupError or NotAllowed."""
    if len((text or "").strip()) < 10:
        raise FormProblems({"text": problem(Code.CORRECTION_TOO_SHORT)})
    with session_scope(deps.engine) as session:
        found = decisions.decision(session, team_id=team_id, decision_id=decision_id)
        if found is None:
            raise LookupError(decision_id)
        actor = operator(team_id) if as_operator else member(session, team_id, actor_id)
        require(session, actor, Action.AMEND_REVIEW, found.by)
        now = deps.clock()
        decisions.add_amendment(
            session,
            team_id=team_id,
            decision_id=decision_id,
            author_id=actor_id,
            text=(text or "").strip(),
            now=now,
        )
        audit_admin(session, actor, "decision amended", found.rep_id, now, f"decision {decision_id}")
        updated = decisions.decision(session, team_id=team_id, decision_id=decision_id)
    assert updated is not None  # noqa: S101 (it was just found)
    return updated


def mark_milestone(
    deps: Deps, *, team_id: str, actor_id: str, rep_id: str, label: str, mark: Mark, as_operator: bool = False
) -> None:
    """Record a manager's Confirm or Not yet on a due `confirm` milestone of the rep.

    Raise NotAMember or NotAllowed (only the rep's line of managers, a leader or an admin may), or
    FieldProblem when the rep has no such milestone due.
    """
    now = deps.clock()
    with session_scope(deps.engine) as session:
        actor = _actor(session, team_id, actor_id, Action.CONFIRM_MILESTONE, rep_id, as_operator)
        enrolled = plans.team_enrollments(session, team_id=team_id, rep_ids=[rep_id])
        if not enrolled:
            raise NotEnrolled(rep_id)
        status = rep_statuses(
            session, team_id=team_id, enrolled=enrolled, now=now, holidays=deps.tuning.holidays
        )[rep_id]
        due = {m.label: m for m in to_confirm(enrolled[0][1], status)}
        if label not in due:
            raise FieldProblem([problem(Code.NOT_A_MILESTONE_TO_CONFIRM, label=label)])
        decisions.add_mark(
            session,
            team_id=team_id,
            rep_id=rep_id,
            mark=MilestoneMark(label, mark, actor_id, now, status.day),
            day=due[label].day,
        )
        audit_admin(session, actor, f"milestone {mark.value}", rep_id, now, label[:200])


def plan_in_force(deps: Deps, *, team_id: str, rep_id: str) -> StoredDecision | None:
    """Return the rep's performance plan in force, if any: its goals go with every weekly check-in."""
    with session_scope(deps.engine) as session:
        return performance_plan(
            decisions.decisions(session, team_id=team_id, rep_ids=[rep_id]).get(rep_id, [])
        )


def rep_decisions(
    deps: Deps, *, team_id: str, rep_ids: Collection[str] | None
) -> dict[str, list[StoredDecision]]:
    """Return the decisions of these reps (default: every rep), oldest first: `rampcoach decisions`."""
    with session_scope(deps.engine) as session:
        return decisions.decisions(session, team_id=team_id, rep_ids=rep_ids)


def _actor(
    session: Session, team_id: str, actor_id: str, action: Action, rep_id: str, as_operator: bool
) -> Member:
    """Return who acts, if the table lets them: a Slack user, or the command line's operator (an admin)."""
    if not as_operator:
        return allowed_actor(session, team_id, actor_id, action, rep_id)
    actor = operator(team_id)
    if people.get_member(session, team_id=team_id, slack_id=rep_id) is None:
        raise NotAMember(rep_id)
    require(session, actor, action, rep_id)
    return actor


def rep_status(session: Session, deps: Deps, team_id: str, rep_id: str) -> RampStatus:
    enrolled = plans.team_enrollments(session, team_id=team_id, rep_ids=[rep_id])
    if not enrolled:
        raise NotEnrolled(rep_id)
    now, holidays = deps.clock(), deps.tuning.holidays
    return rep_statuses(session, team_id=team_id, enrolled=enrolled, now=now, holidays=holidays)[rep_id]
