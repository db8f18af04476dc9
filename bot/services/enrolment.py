"""Enrolling a rep in a ramp plan: whoever is in charge of the rep, by the permission table."""

from dataclasses import dataclass

from bot.deps import Deps
from bot.services.access import allowed_actor
from bot.services.admin_audit import audit_admin
from coaching.activity import Enrollment
from coaching.enroll_text import parse_enroll_text
from coaching.errors import Code, FieldProblem, problem
from coaching.policy import Action
from coaching.team import Role
from storage.db import session_scope
from storage.repo import people, plans


@dataclass(frozen=True)
class Enrolled:
    enrollment: Enrollment
    plan_name: str
    changed: bool


def enroll_from_text(deps: Deps, *, team_id: str, actor_id: str, text: str) -> Enrolled:
    """Enroll the @mentioned rep; raise NotAMember, NotAllowed or FieldProblem (nothing is stored then)."""
    request = parse_enroll_text(text)
    with session_scope(deps.engine) as session:
        actor = allowed_actor(session, team_id, actor_id, Action.ENROLL, request.rep_id)
        rep = people.get_member(session, team_id=team_id, slack_id=request.rep_id)
        if rep is None or rep.role is not Role.REP:
            raise FieldProblem([problem(Code.NOT_A_REP, rep=request.rep_id)])
        plan = plans.latest_plan(session, team_id=team_id, plan_id=request.plan_id)
        if plan is None:
            known = plans.plan_ids(session, team_id=team_id)
            raise FieldProblem([problem(Code.NO_SUCH_PLAN, "plan", plan=request.plan_id[:40], known=known)])
        enrollment = Enrollment(request.rep_id, plan.id, plan.version, request.start)
        changed = plans.enroll(session, team_id=team_id, enrollment=enrollment, by=actor_id, now=deps.clock())
        detail = f"plan={plan.id} v{plan.version} start={request.start}"
        audit_admin(session, actor, "enroll", request.rep_id, deps.clock(), detail)
    return Enrolled(enrollment, plan.name, changed)
