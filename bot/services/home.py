"""What each person's Home tab shows: a rep their own ramp, a manager their team, a leader the org."""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.deps import Deps
from bot.services.activity import DEFAULT_TZ, current_week
from bot.services.errors import NotAMember
from coaching.activity import WeekSummary
from coaching.policy import manages
from coaching.status import RampStatus, status_from_facts
from coaching.team import Member, Role
from storage.db import session_scope
from storage.repo import people, plans
from storage.repo.ramp_facts import ramp_facts


@dataclass(frozen=True)
class TeamLine:
    rep: Member
    manager: str  # the rep's manager's name
    status: RampStatus | None  # None: not enrolled
    last_logged: dt.date | None


@dataclass(frozen=True)
class Home:
    viewer: Member
    week: WeekSummary | None = None
    ramp: RampStatus | None = None
    team: tuple[TeamLine, ...] = ()


def home_for(deps: Deps, *, team_id: str, user_id: str) -> Home:
    """Return the Home tab's data for this person; raise NotAMember or NotEnrolled (a rep with no plan)."""
    with session_scope(deps.engine) as session:
        viewer = people.get_member(session, team_id=team_id, slack_id=user_id)
        if viewer is None:
            raise NotAMember(user_id)
        lines = {} if viewer.role is Role.REP else people.reporting_lines(session, team_id=team_id)
        visible = visible_reps(viewer, lines)
        shown = people.members(
            session, team_id=team_id, slack_ids={*visible, *(lines[r][1] or "" for r in visible)}
        )
    today = deps.clock().astimezone(ZoneInfo(viewer.tz or DEFAULT_TZ)).date()
    if viewer.role is Role.REP:
        (line,) = team_lines(deps, team_id, [viewer], [], today)
        return Home(viewer, current_week(deps, team_id=team_id, rep_id=user_id), line.status)
    reps = [m for m in shown if m.slack_id in visible]
    return Home(viewer, team=tuple(team_lines(deps, team_id, reps, shown, today)))


def visible_reps(viewer: Member, lines: dict[str, tuple[Role, str | None]]) -> set[str]:
    """Return the reps whose data `viewer` may see: an admin all, a manager or leader those below them."""
    manager_of = {person: manager for person, (_, manager) in lines.items()}
    reps = {person for person, (role, _) in lines.items() if role is Role.REP}
    if viewer.role is Role.ADMIN:
        return reps
    below = {rep for rep in reps if manages(viewer.slack_id, rep, manager_of)}
    # A leader outside any reporting line (the usual single-leader setup) sees the whole org.
    return below if below or viewer.role is Role.MANAGER else reps


def team_lines(
    deps: Deps, team_id: str, reps: list[Member], everyone: list[Member], today: dt.date
) -> list[TeamLine]:
    """Return one line per rep with their status, from aggregate queries over only these reps' data."""
    ids = [rep.slack_id for rep in reps]
    with session_scope(deps.engine) as session:
        enrolled = plans.team_enrollments(session, team_id=team_id, rep_ids=ids)
        facts = ramp_facts(session, team_id=team_id, enrolled=enrolled, today=today)
    plan_of = {e.rep_id: (e, plan) for e, plan in enrolled}
    names = {m.slack_id: m.name for m in everyone}
    lines = []
    for rep in sorted(reps, key=lambda r: (names.get(r.manager_id or "", ""), r.name)):
        pair = plan_of.get(rep.slack_id)
        status = status_from_facts(pair[1], pair[0], facts[rep.slack_id], today) if pair else None
        last = facts[rep.slack_id].last_logged if pair else None
        lines.append(TeamLine(rep, names.get(rep.manager_id or "", "—"), status, last))
    return lines
