"""Leave: recording, changing and ending a rep's leave, and holding back what would reach a rep on leave.

While a rep is on leave, no check-in, reminder or nudge reaches them (they are not recorded as due, and
one recorded before the leave is skipped when its turn comes), and review prompts about them wait.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.deps import DEFAULT_TZ, Deps
from bot.services.roster import acting, rep_for
from coaching.delivery import Due, Kind
from coaching.errors import Code, FieldProblem, problem
from coaching.leave import (
    LeavePeriod,
    LeaveRequest,
    LeaveVerb,
    check_new_end,
    check_new_leave,
    current_or_next,
    form_request,
    on_leave,
    parse_leave_text,
)
from coaching.policy import Action
from coaching.roster import Change, RosterChange
from coaching.team import Member
from coaching.weeks import local_today
from storage.db import session_scope
from storage.repo import leave, people, roster

ON_LEAVE = "on leave"  # the ledger's reason for a message held back
# What leave holds back: messages to the rep. Digests and review prompts go to others.
HELD = frozenset({Kind.CHECKIN, Kind.REMINDER, Kind.NUDGE})


@dataclass(frozen=True)
class LeaveResult:
    """What a leave command did: to whom, and the leave as it now stands (None: dropped)."""

    rep: Member
    verb: LeaveVerb
    period: LeavePeriod | None
    before: LeavePeriod | None = None  # the leave as it was, for a change or an end


def leave_from_text(deps: Deps, *, team_id: str, actor_id: str, text: str) -> LeaveResult:
    """Run `/ramp leave …` for the person asking; raise FieldProblem, NotAMember or NotAllowed."""
    return change_leave(deps, team_id=team_id, actor_id=actor_id, request=parse_leave_text(text))


def change_leave(deps: Deps, *, team_id: str, actor_id: str | None, request: LeaveRequest) -> LeaveResult:
    """Record, change or end a rep's leave (None actor: the command line); nothing changes on a refusal."""
    with session_scope(deps.engine) as session:
        actor = acting(session, team_id, actor_id)
        rep = rep_for(session, actor, Action.RECORD_LEAVE, request.rep_id)
        today = local_today(deps.clock(), rep.tz or DEFAULT_TZ)
        existing = leave.periods(session, team_id=team_id, rep_ids=[rep.slack_id]).get(rep.slack_id, [])
        if request.verb is LeaveVerb.RECORD:
            result = _record(session, deps, actor.slack_id, rep, request, existing, today)
        else:
            result = _change(session, rep, request, existing, today)
        detail = _detail(result)
        kind = {LeaveVerb.RECORD: Change.LEAVE, LeaveVerb.CHANGE: Change.LEAVE_CHANGED}.get(
            request.verb, Change.LEAVE_ENDED
        )
        change = RosterChange(rep.slack_id, actor.slack_id, kind, detail, request.reason, deps.clock())
        roster.record(session, team_id=team_id, change=change)
    return result


@dataclass(frozen=True)
class LeaveForm:
    """What the leave form of a rep's row starts from: the current or next leave, which it can change."""

    rep: Member
    target: LeavePeriod | None
    today: dt.date


@dataclass(frozen=True)
class LeaveAnswer:
    """What was submitted in the leave form (dates a forged submission may leave out)."""

    rep_id: str
    first: dt.date | None
    last: dt.date | None
    reason: str
    end: bool


def leave_form(deps: Deps, *, team_id: str, actor_id: str, rep_id: str) -> LeaveForm:
    """Return what the leave form shows; raise NotAMember or NotAllowed for someone who may not use it."""
    with session_scope(deps.engine) as session:
        actor = acting(session, team_id, actor_id)
        rep = rep_for(session, actor, Action.RECORD_LEAVE, rep_id)
        today = local_today(deps.clock(), rep.tz or DEFAULT_TZ)
        existing = leave.periods(session, team_id=team_id, rep_ids=[rep.slack_id]).get(rep.slack_id, [])
    return LeaveForm(rep, current_or_next(existing, today), today)


def leave_from_form(deps: Deps, *, team_id: str, actor_id: str, answer: LeaveAnswer) -> LeaveResult:
    """Run a submitted leave form: end or change the rep's current or next leave, or record a new one."""
    form = leave_form(deps, team_id=team_id, actor_id=actor_id, rep_id=answer.rep_id)
    request = form_request(
        answer.rep_id, form.target, first=answer.first, last=answer.last, reason=answer.reason, end=answer.end
    )
    return change_leave(deps, team_id=team_id, actor_id=actor_id, request=request)


def _record(
    session: Session,
    deps: Deps,
    actor_id: str,
    rep: Member,
    request: LeaveRequest,
    existing: list[LeavePeriod],
    today: dt.date,
) -> LeaveResult:
    if request.first is None or request.last is None:
        raise FieldProblem([problem(Code.SAY_WHEN)])
    check_new_leave(existing, request.first, request.last, today)
    period = LeavePeriod(request.first, request.last, request.reason)
    now = deps.clock()
    leave.add(session, team_id=rep.team_id, rep_id=rep.slack_id, period=period, by=actor_id, now=now)
    return LeaveResult(rep, LeaveVerb.RECORD, period)


def _change(
    session: Session,
    rep: Member,
    request: LeaveRequest,
    existing: list[LeavePeriod],
    today: dt.date,
) -> LeaveResult:
    target = current_or_next(existing, today)
    if target is None:
        raise FieldProblem([problem(Code.NO_LEAVE_TO_CHANGE, person=rep.slack_id)])
    last = request.last if request.verb is LeaveVerb.CHANGE else today - dt.timedelta(days=1)
    if last is None:
        raise FieldProblem([problem(Code.SAY_NEW_LAST_DAY)])
    if request.verb is LeaveVerb.END and last < target.first:  # not started yet: it never happens
        leave.drop(session, team_id=rep.team_id, rep_id=rep.slack_id, period=target)
        return LeaveResult(rep, LeaveVerb.END, None, target)
    if request.verb is LeaveVerb.CHANGE:
        check_new_end(existing, target, last, today)
    leave.set_last_day(session, team_id=rep.team_id, rep_id=rep.slack_id, period=target, last=last)
    return LeaveResult(rep, request.verb, LeavePeriod(target.first, last, target.reason), target)


def _detail(result: LeaveResult) -> str:
    now = f"{result.period.first} to {result.period.last}" if result.period else "cancelled"
    was = f" (was {result.before.first} to {result.before.last})" if result.before else ""
    return now + was


def not_held(deps: Deps, dues: Iterable[Due]) -> list[Due]:
    """Return the dues that may go: not a check-in, reminder or nudge to a rep on leave that day."""
    dues = list(dues)
    held = [d for d in dues if d.kind in HELD]
    if not held:
        return dues
    with session_scope(deps.engine) as session:
        away = leave.ending_from(session, day=min(d.due_at for d in held).date() - dt.timedelta(days=1))
        zones = _zones(session, {(d.team_id, d.person_id) for d in held if (d.team_id, d.person_id) in away})
    return [d for d in dues if d.kind not in HELD or not _away(away, zones, d.team_id, d.person_id, d.due_at)]


def away_now(deps: Deps, who: Iterable[tuple[str, str]], now: dt.datetime) -> set[tuple[str, str]]:
    """Return those of `who` (team, person) on leave at `now`, each in their own calendar."""
    with session_scope(deps.engine) as session:
        away = leave.ending_from(session, day=now.date() - dt.timedelta(days=1))
        found = set(who) & set(away)
        zones = _zones(session, found)
    return {(team, person) for team, person in found if _away(away, zones, team, person, now)}


def _away(
    away: dict[tuple[str, str], list[LeavePeriod]],
    zones: dict[tuple[str, str], str],
    team_id: str,
    person_id: str,
    at: dt.datetime,
) -> bool:
    periods = away.get((team_id, person_id))
    if not periods:
        return False
    day = at.astimezone(ZoneInfo(zones.get((team_id, person_id)) or DEFAULT_TZ)).date()
    return on_leave(periods, day) is not None


def _zones(session: Session, who: set[tuple[str, str]]) -> dict[tuple[str, str], str]:
    zones: dict[tuple[str, str], str] = {}
    for team_id in {team for team, _ in who}:
        ids = [person for team, person in who if team == team_id]
        zones |= {
            (team_id, m.slack_id): m.tz or DEFAULT_TZ
            for m in people.members(session, team_id=team_id, slack_ids=ids)
        }
    return zones
