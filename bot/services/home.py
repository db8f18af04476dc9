"""What each person's Home tab shows: a rep their own ramp, a manager their team, a leader the org."""

import dataclasses
import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.deps import DEFAULT_TZ, Deps
from bot.services.access import permitted_reps, require
from bot.services.errors import NotAMember, NotEnrolled
from bot.services.reviews import next_reviews
from bot.services.status import rep_statuses
from coaching.activity import WeekLog, WeekSummary, week_summary
from coaching.leave import on_leave
from coaching.nudges import InsightRef
from coaching.policy import Action
from coaching.status import RampStatus
from coaching.team import Member, Role
from coaching.weeks import week_start
from storage.db import session_scope
from storage.repo import activity, leave, nudges, people, plans, reviews, roster
from storage.repo.reviews import StoredAction


@dataclass(frozen=True)
class TeamLine:
    rep: Member
    manager: str  # the rep's manager's name
    status: RampStatus | None  # None: not enrolled
    last_logged: dt.date | None
    next_review: dt.date | None = None  # when their next open review is due; past: overdue
    leave_until: dt.date | None = None  # on leave today, until this day
    left_on: dt.date | None = None  # offboarded: their history still shows


@dataclass(frozen=True)
class Home:
    viewer: Member
    week: WeekSummary | None = None
    ramp: RampStatus | None = None
    team: tuple[TeamLine, ...] = ()
    actions: tuple[StoredAction, ...] = ()  # open review action items of the rep, or of the team
    next_review: dt.date | None = None  # a rep's next review; before `today` it is overdue
    today: dt.date | None = None  # in the viewer's zone: what "overdue" is measured against
    nudge_week: str = ""  # the ISO week of a rep's latest coaching nudge ("" if none reached them)
    nudge: tuple[tuple[InsightRef, float], ...] = ()  # its insights and how likely each is real
    leave_until: dt.date | None = None  # a rep on leave today: their last day of leave


def home_for(deps: Deps, *, team_id: str, user_id: str) -> Home:
    """Return the Home tab's data for this person; raise NotAMember or NotEnrolled (a rep with no plan).

    One session for it all: the tab is rendered after every change, and each session costs round trips.
    """
    with session_scope(deps.engine) as session:
        viewer = people.get_member(session, team_id=team_id, slack_id=user_id)
        if viewer is None:
            raise NotAMember(user_id)
        today = deps.clock().astimezone(ZoneInfo(viewer.tz or DEFAULT_TZ)).date()
        if viewer.role is Role.REP:
            return _rep_home(session, deps, viewer, today)
        visible = permitted_reps(session, viewer, Action.VIEW_STATUS)
        shown = people.members(
            session, team_id=team_id, slack_ids={*visible, *(m for m in visible.values() if m)}
        )
        actions = tuple(reviews.open_actions(session, team_id=team_id, rep_ids=set(visible)))
        reps = [m for m in shown if m.slack_id in visible]
        rows = team_lines(session, team_id, reps, shown, deps.clock(), deps.tuning.holidays)
        due = next_reviews(session, deps, team_id=team_id, rep_ids=[r.slack_id for r in reps], today=today)
        away = _leave_until(session, team_id, [r.slack_id for r in reps], today)
        gone = roster.departed(session, team_id=team_id)
        team = tuple(
            dataclasses.replace(
                row,
                next_review=due.get(row.rep.slack_id),
                leave_until=away.get(row.rep.slack_id),
                left_on=gone.get(row.rep.slack_id),
            )
            for row in rows
        )
        return Home(viewer, team=team, actions=actions, today=today)


def _leave_until(session: Session, team_id: str, rep_ids: list[str], today: dt.date) -> dict[str, dt.date]:
    """Return the last day of leave of each of these reps on leave `today` (a viewer's day: close enough
    for a line on a tab; the scheduler uses each rep's own)."""
    found = {}
    for rep_id, periods in leave.periods(session, team_id=team_id, rep_ids=rep_ids).items():
        period = on_leave(periods, today)
        if period is not None:
            found[rep_id] = period.last
    return found


def _rep_home(session: Session, deps: Deps, rep: Member, today: dt.date) -> Home:
    """Return a rep's own tab: their week, ramp, action items, next review and latest nudge."""
    team_id = rep.team_id
    require(session, rep, Action.VIEW_STATUS, rep.slack_id)
    enrolled = plans.team_enrollments(session, team_id=team_id, rep_ids=[rep.slack_id])
    if not enrolled:
        raise NotEnrolled(rep.slack_id)
    ((enrollment, plan),) = enrolled
    ramp = rep_statuses(
        session, team_id=team_id, enrolled=enrolled, now=deps.clock(), holidays=deps.tuning.holidays
    )[rep.slack_id]
    monday = week_start(today)
    logged = activity.get_week(session, team_id=team_id, rep_id=rep.slack_id, week_start=monday)
    nudge_week, nudge = nudges.latest_insights(session, team_id=team_id, rep_id=rep.slack_id)
    due = next_reviews(session, deps, team_id=team_id, rep_ids=[rep.slack_id], today=today)
    return Home(
        rep,
        week_summary(plan, enrollment, logged or WeekLog(monday)),
        ramp,
        actions=tuple(reviews.open_actions(session, team_id=team_id, rep_ids=[rep.slack_id])),
        next_review=due.get(rep.slack_id),
        today=today,
        nudge_week=nudge_week,
        nudge=tuple(nudge),
        leave_until=_leave_until(session, team_id, [rep.slack_id], today).get(rep.slack_id),
    )


def visible_reps(session: Session, viewer: Member) -> set[str]:
    """Return the reps whose data `viewer` may see, by the permission table (their tree, or the org)."""
    return set(permitted_reps(session, viewer, Action.VIEW_STATUS))


def team_lines(
    session: Session,
    team_id: str,
    reps: list[Member],
    everyone: list[Member],
    now: dt.datetime,
    holidays: Collection[dt.date] = frozenset(),
) -> list[TeamLine]:
    """Return one line per rep with their status, from aggregate queries over only these reps' data."""
    ids = [rep.slack_id for rep in reps]
    enrolled = plans.team_enrollments(session, team_id=team_id, rep_ids=ids)
    statuses = rep_statuses(session, team_id=team_id, enrolled=enrolled, now=now, holidays=holidays)
    names = {m.slack_id: m.name for m in everyone}
    lines = []
    for rep in sorted(reps, key=lambda r: (names.get(r.manager_id or "", ""), r.name)):
        status = statuses.get(rep.slack_id)
        last = status.last_logged if status else None
        lines.append(TeamLine(rep, names.get(rep.manager_id or "", "—"), status, last))
    return lines
