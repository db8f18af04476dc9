"""Roster changes a person makes (offboard, reactivate) or Slack reports (a deactivated account).

Each change is checked against the permission table, applied, and written to the roster history in one
unit of work, so a refused or bad request changes nothing.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel import Session

from bot.deps import DEFAULT_TZ, Deps
from bot.services.access import member, operator, require
from bot.services.admin_audit import audit_admin
from coaching.activity import Enrollment
from coaching.errors import Code, FieldProblem, problem
from coaching.plan_periods import ended_period
from coaching.policy import Action
from coaching.roster import Change, ReplanRequest, RosterChange
from coaching.team import Member, Role
from coaching.weeks import local_today
from storage.db import session_scope
from storage.repo import deliveries, people, plan_periods, plans, reviews, roster

OFFBOARDED = "offboarded: the person has left"  # the ledger's reason for skipped rows
SLACK = "slack"  # the actor of a change Slack reported (an account deactivated)


Run = Callable[..., "RosterResult"]  # offboard or reactivate, for the adapters that pick one by name


@dataclass(frozen=True)
class RosterResult:
    """What a roster command did: to whom, whether anything changed, and what it means for messages."""

    person: Member
    changed: bool
    left_on: dt.date | None = None
    cancelled: int = 0  # pending deliveries cancelled


def offboard(deps: Deps, *, team_id: str, actor_id: str | None, rep_id: str, reason: str) -> RosterResult:
    """Offboard a rep now: no more messages, out of cohort figures, history kept; None actor: the CLI.

    Raise NotAMember, NotAllowed or FieldProblem; nothing changes then.
    """
    with session_scope(deps.engine) as session:
        actor = acting(session, team_id, actor_id)
        rep = rep_for(session, actor, Action.OFFBOARD, rep_id)
        left = roster.left_on(session, team_id=team_id, slack_id=rep_id)
        if left is not None:
            return RosterResult(rep, changed=False, left_on=left)
        return _offboard(session, deps, actor.slack_id, rep, reason, audit_as=actor)


def reactivate(deps: Deps, *, team_id: str, actor_id: str | None, rep_id: str, reason: str) -> RosterResult:
    """Undo an offboarding: the rep is on the roster again, and scheduled messages resume."""
    with session_scope(deps.engine) as session:
        actor = acting(session, team_id, actor_id)
        rep = rep_for(session, actor, Action.REACTIVATE, rep_id)
        left = roster.left_on(session, team_id=team_id, slack_id=rep_id)
        if left is None:
            return RosterResult(rep, changed=False)
        roster.set_left(session, team_id=team_id, slack_id=rep_id, on=None)
        now = deps.clock()
        change = RosterChange(rep_id, actor.slack_id, Change.REACTIVATE, f"had left on {left}", reason, now)
        roster.record(session, team_id=team_id, change=change)
        audit_admin(session, actor, "reactivate", rep_id, now, reason)
    return RosterResult(rep, changed=True)


def offboard_deactivated(deps: Deps, *, team_id: str, user_id: str) -> RosterResult | None:
    """Offboard a rep whose Slack account was deactivated; None when there is nothing to do."""
    with session_scope(deps.engine) as session:
        rep = people.get_member(session, team_id=team_id, slack_id=user_id)
        if rep is None or rep.role is not Role.REP:
            return None
        if roster.left_on(session, team_id=team_id, slack_id=user_id) is not None:
            return None
        return _offboard(session, deps, SLACK, rep, "Slack account deactivated", audit_as=None)


def _offboard(
    session: Session, deps: Deps, actor_id: str, rep: Member, reason: str, *, audit_as: Member | None
) -> RosterResult:
    now = deps.clock()
    day = local_today(now, rep.tz or DEFAULT_TZ)
    roster.set_left(session, team_id=rep.team_id, slack_id=rep.slack_id, on=day)
    cancelled = deliveries.cancel_pending(
        session, team_id=rep.team_id, person_id=rep.slack_id, reason=OFFBOARDED
    )
    detail = f"left on {day}; {cancelled} pending messages cancelled"
    change = RosterChange(rep.slack_id, actor_id, Change.OFFBOARD, detail, reason, now)
    roster.record(session, team_id=rep.team_id, change=change)
    if audit_as is not None:
        audit_admin(session, audit_as, "offboard", rep.slack_id, now, reason)
    return RosterResult(rep, changed=True, left_on=day, cancelled=cancelled)


def acting(session: Session, team_id: str, actor_id: str | None) -> Member:
    """Return who acts: the stored member, or the command line's operator (an admin) for None."""
    return operator(team_id) if actor_id is None else member(session, team_id, actor_id)


def rep_for(session: Session, actor: Member, action: Action, rep_id: str) -> Member:
    """Return the rep the action is about once the actor may act on them; refuse anyone else."""
    rep = people.get_member(session, team_id=actor.team_id, slack_id=rep_id)
    if rep is None:  # Slack shows everyone in the workspace anyway: saying so reveals nothing
        raise FieldProblem([problem(Code.NOT_A_REP, rep=rep_id)])
    require(session, actor, action, rep_id)
    if rep.role is not Role.REP:
        raise FieldProblem([problem(Code.NOT_A_REP, rep=rep_id)])
    return rep


@dataclass(frozen=True)
class Moved:
    """A move between managers: the rep, who they left and joined, and the open action items that follow."""

    rep: Member
    old_manager: str | None
    new_manager: Member
    open_items: int
    changed: bool


def move(
    deps: Deps, *, team_id: str, actor_id: str | None, rep_id: str, manager_id: str, reason: str
) -> Moved:
    """Give a rep a new manager: their history, open action items and next prompts go with them (all are
    read through the reporting line). Raise FieldProblem, NotAMember or NotAllowed; nothing changes then."""
    with session_scope(deps.engine) as session:
        actor = acting(session, team_id, actor_id)
        rep = rep_for(session, actor, Action.MOVE, rep_id)
        manager = people.get_member(session, team_id=team_id, slack_id=manager_id)
        if manager is None or manager.role is Role.REP:
            raise FieldProblem([problem(Code.NOT_A_MANAGER, person=manager_id)])
        items = len(reviews.open_actions(session, team_id=team_id, rep_ids=[rep_id]))
        if rep.manager_id == manager_id:
            return Moved(rep, rep.manager_id, manager, items, changed=False)
        roster.set_manager(session, team_id=team_id, slack_id=rep_id, manager_id=manager_id)
        now = deps.clock()
        detail = f"from {rep.manager_id or 'nobody'} to {manager_id}; {items} open action items"
        roster.record(
            session,
            team_id=team_id,
            change=RosterChange(rep_id, actor.slack_id, Change.MOVE, detail, reason, now),
        )
        audit_admin(session, actor, "move", rep_id, now, detail)
    return Moved(rep, rep.manager_id, manager, items, changed=True)


@dataclass(frozen=True)
class Replanned:
    rep: Member
    before: Enrollment
    after: Enrollment
    plan_name: str


def replan(deps: Deps, *, team_id: str, actor_id: str | None, request: ReplanRequest) -> Replanned:
    """Move a rep to another plan from a date (its own day 1), or keeping their day count (--keep-day).

    The old plan is kept as a period ending the day before (its weeks stay read against it); logs stay.
    Raise FieldProblem, NotAMember, NotAllowed.
    """
    with session_scope(deps.engine) as session:
        actor = acting(session, team_id, actor_id)
        rep = rep_for(session, actor, Action.REPLAN, request.rep_id)
        before = plans.get_enrollment(session, team_id=team_id, rep_id=rep.slack_id)
        if before is None:
            raise FieldProblem([problem(Code.NOT_ENROLLED_YET, person=rep.slack_id)])
        plan = plans.latest_plan(session, team_id=team_id, plan_id=request.plan_id)
        if plan is None:
            known = list(plans.plan_ids(session, team_id=team_id))
            raise FieldProblem([problem(Code.NO_SUCH_PLAN, "plan", plan=request.plan_id, known=known)])
        if request.keep_day and (before.plan_id, before.plan_version) == (plan.id, plan.version):
            raise FieldProblem([problem(Code.ALREADY_ON_PLAN, "plan", person=rep.slack_id, plan=plan.id)])
        today = local_today(deps.clock(), rep.tz or DEFAULT_TZ)
        start = before.start if request.keep_day else (request.start or today)
        if not request.keep_day and start < today:
            raise FieldProblem([problem(Code.DAY_IN_PAST, field="from", day=start, today=today)])
        # With --keep-day the day count goes on, and the new plan is read from today's week on.
        switch = today if request.keep_day else start
        after = Enrollment(rep.slack_id, plan.id, plan.version, start, today if request.keep_day else None)
        now = deps.clock()
        detail = record_replan(session, team_id, (before, after, switch), actor.slack_id, "", now)
        plans.enroll(session, team_id=team_id, enrollment=after, by=actor.slack_id, now=now)
        audit_admin(session, actor, "replan", rep.slack_id, now, detail)
    return Replanned(rep, before, after, plan.name)


def record_replan(
    session: Session,
    team_id: str,
    change: tuple[Enrollment, Enrollment, dt.date],
    by: str,
    reason: str,
    now: dt.datetime,
) -> str:
    """Keep the plan a rep leaves as an earlier period (if it was ever in force) and record the replan
    in the roster history; return its detail. `change`: the enrollments before and after, and the day
    the new plan takes over."""
    before, after, switch = change
    if (ended := ended_period(before, switch)) is not None:
        plan_periods.record(session, team_id=team_id, period=ended, by=by, now=now)
    detail = f"{before.plan_id} v{before.plan_version} from {before.start}"
    detail += f" → {after.plan_id} v{after.plan_version} from {after.start}"
    roster.record(
        session, team_id=team_id, change=RosterChange(after.rep_id, by, Change.REPLAN, detail, reason, now)
    )
    return detail
