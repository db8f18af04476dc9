"""Enrolling a rep in a ramp plan: managers for their reports, leaders and admins for anyone."""

from dataclasses import dataclass

import structlog

from bot.deps import Deps
from bot.services.admin_audit import audit_admin
from bot.services.errors import NotAllowed, NotAMember
from coaching.activity import Enrollment
from coaching.enroll_text import parse_enroll_text
from coaching.errors import FieldProblem
from coaching.policy import can_enroll
from coaching.team import Role
from storage.db import session_scope
from storage.repo import people, plans

log = structlog.get_logger("rampcoach.enrolment")


@dataclass(frozen=True)
class Enrolled:
    enrollment: Enrollment
    plan_name: str
    changed: bool


def enroll_from_text(deps: Deps, *, team_id: str, actor_id: str, text: str) -> Enrolled:
    """Enroll the @mentioned rep; raise NotAMember, NotAllowed or FieldProblem (nothing is stored then)."""
    request = parse_enroll_text(text)
    with session_scope(deps.engine) as session:
        actor = people.get_member(session, team_id=team_id, slack_id=actor_id)
        if actor is None:
            raise NotAMember(actor_id)
        if not can_enroll(actor, request.rep_id, people.manager_map(session, team_id=team_id)):
            log.warning("enrolment refused", team_id=team_id, user_id=actor_id, subject=request.rep_id)
            raise NotAllowed(request.rep_id)
        rep = people.get_member(session, team_id=team_id, slack_id=request.rep_id)
        if rep is None or rep.role is not Role.REP:
            raise FieldProblem([f"{request.rep_id} is not a rep in Ramp Coach's team file"])
        plan = plans.latest_plan(session, team_id=team_id, plan_id=request.plan_id)
        if plan is None:
            known = ", ".join(plans.plan_ids(session, team_id=team_id)) or "none yet"
            raise FieldProblem([f"plan: there is no plan `{request.plan_id[:40]}` (plans: {known})"])
        enrollment = Enrollment(request.rep_id, plan.id, plan.version, request.start)
        changed = plans.enroll(session, team_id=team_id, enrollment=enrollment, by=actor_id, now=deps.clock())
        detail = f"plan={plan.id} v{plan.version} start={request.start}"
        audit_admin(session, actor, "enroll", request.rep_id, deps.clock(), detail)
    return Enrolled(enrollment, plan.name, changed)
