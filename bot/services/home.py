"""What each person's Home tab shows: a rep their own ramp, a manager their team, a leader the org."""

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.deps import DEFAULT_TZ, Deps
from bot.services.access import Reach, permitted_reps, reporting_line, require
from bot.services.cockpit import ReviewNeeded, open_review_slots, reminded_today, reviews_needed
from bot.services.decisions import visible_calls
from bot.services.errors import NotAMember, NotEnrolled
from bot.services.figures_memo import engine_token, one_state, remembered
from bot.services.nudges import SwitchLift, team_switches
from bot.services.reviews import NEXT_REVIEW_AHEAD, next_reviews
from bot.services.status import EarlierPlan, earlier_plans, rep_clock, rep_statuses
from coaching.activity import Enrollment, WeekLog, WeekSummary, week_summary
from coaching.decisions import StoredDecision, effective_plan, performance_plan, ramp_ended
from coaching.early_call import EarlyCall
from coaching.leave import on_leave
from coaching.milestone_marks import to_confirm
from coaching.nudges import InsightRef
from coaching.plans import RampPlan
from coaching.policy import Action, can
from coaching.review_schedule import Slot
from coaching.status import MilestoneProgress, RampStatus
from coaching.team import Member, Role
from coaching.weeks import local_today, week_start
from storage.db import session_scope
from storage.repo import activity, leave, nudges, people, plans, reviews, roster
from storage.repo import decisions as decision_repo
from storage.repo.reviews import StoredAction
from storage.revision import data_revision


@dataclass(frozen=True)
class TeamLine:
    rep: Member
    manager: str  # the rep's manager's name
    status: RampStatus | None  # None: not enrolled
    last_logged: dt.date | None
    next_review: dt.date | None = None  # when their next open review is due; past: overdue
    call: EarlyCall | None = None  # the early call, when the viewer may see it
    to_confirm: tuple[MilestoneProgress, ...] = ()  # milestones due for the viewer's Confirm / Not yet
    plan_goals: StoredDecision | None = None  # the performance plan in force
    leave_until: dt.date | None = None  # on leave today, until this day
    left_on: dt.date | None = None  # offboarded: their history still shows
    open_actions: int = 0  # their open review action items
    logged_this_week: bool = False  # in the rep's own week
    reminded_today: bool = False  # a Remind DM went (or is on its way) today: the button is not shown
    early_call_p: float | None = None  # its probability, for the leader's "low early call first" (issue 15)
    on_leave: bool = False  # on leave today
    ended: bool = False  # the ramp ended by a decision (graduated or parted ways): not among those at risk
    plan_id: str | None = None
    start: dt.date | None = None  # the ramp's first day: its month is the rep's hire class
    segment: str | None = None  # the team file's optional segment (region, market)


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
    switches: tuple[SwitchLift, ...] = ()  # reps of a manager's team who switched after a nudge, and the lift
    ramp_ends: dt.date | None = None  # a rep's last ramp day, when an extension moved it
    plan_goals: StoredDecision | None = None  # a rep's performance plan in force
    leave_until: dt.date | None = None  # a rep on leave today: their last day of leave
    needs: tuple[ReviewNeeded, ...] = ()  # a manager's reviews due today or overdue, oldest first
    earlier: tuple[EarlierPlan, ...] = ()  # plans a rep was on before a replan, oldest first


def home_for(deps: Deps, *, team_id: str, user_id: str) -> Home:
    """Return the Home tab's data for this person; raise NotAMember or NotEnrolled (a rep with no plan).

    One session for it all: the tab is rendered after every change, and each session costs round trips;
    it only reads, so the data's fingerprint (what the figures are kept by) is read once. A manager's or
    leader's team is kept whole while the data's revision stays the same (`_kept_team_home`).
    """
    with session_scope(deps.engine) as session, one_state():
        revision = data_revision(session)  # first: whatever is read after it is at least this new
        viewer = people.get_member(session, team_id=team_id, slack_id=user_id)
        if viewer is None:
            raise NotAMember(user_id)
        now = deps.clock()
        today = now.astimezone(ZoneInfo(viewer.tz or DEFAULT_TZ)).date()
        if viewer.role is Role.REP:
            return _rep_home(session, deps, viewer, today)
        home = _kept_team_home(session, deps, (viewer, now, today), revision)
        if viewer.role is Role.MANAGER:
            home = _manager_home(session, deps, home)
    # Its own session, after this one ends: SQLite allows one writer, and sessions begin as writers.
    switches = team_switches(deps, team_id=team_id, rep_ids={r.rep.slack_id for r in home.team})
    return dataclasses.replace(home, switches=tuple(switches.values()))


def _kept_team_home(
    session: Session, deps: Deps, at: tuple[Member, dt.datetime, dt.date], revision: int | None
) -> Home:
    """Return a manager's or leader's team (`at`: the viewer, now and their day), kept while the data's
    revision and the quarter hour stay the same.

    A leader clicks through filters and pages of an org that did not change, and each click draws the
    Home again. What the team shows follows from the data (every change to it draws a new revision),
    the viewer's and the reps' days (the same all through a UTC quarter hour: every zone is a whole
    number of quarter hours off UTC) and the settings, kept with it so that their object (the key
    names it by identity) lives as long as the entry.
    """
    viewer, now, _ = at
    if revision is None:  # a database without the revision: nothing can tell when to work it out again
        return _team_home(session, deps, at)
    utc = now.astimezone(dt.UTC)
    quarter = utc.replace(minute=utc.minute // 15 * 15, second=0, microsecond=0)
    key = ("team home", engine_token(session), revision, viewer, quarter, id(deps.tuning))
    return remembered(key, lambda: (deps.tuning, _team_home(session, deps, at)))[1]


def _team_home(session: Session, deps: Deps, at: tuple[Member, dt.datetime, dt.date]) -> Home:
    """Return what a manager's or a leader's Home shows of their team (`at`: the viewer, now and their
    day), before what a manager acts on."""
    viewer, now, today = at
    team_id = viewer.team_id
    reach = Reach(session, viewer)  # the tree is read once for the three questions a Home asks
    visible = reach.permitted(Action.VIEW_STATUS)
    shown = reach.members({*visible, *(m for m in visible.values() if m)})
    actions = tuple(reviews.open_actions(session, team_id=team_id, rep_ids=set(visible)))
    reps = [m for m in shown if m.slack_id in visible]
    ids = [r.slack_id for r in reps]
    enrolled, since = plans.enrollments_since(session, team_id=team_id, rep_ids=ids)
    statuses = rep_statuses(
        session,
        team_id=team_id,
        enrolled=enrolled,
        now=now,
        holidays=deps.tuning.holidays,
        tzs={rep.slack_id: rep.tz for rep in reps},
    )
    gone = roster.departed(session, team_id=team_id)
    decided = decision_repo.decisions(session, team_id=team_id, rep_ids=ids)
    # One pass over the review slots gives each rep's next review and what is due by today.
    current = [(e, plan) for e, plan in enrolled if e.rep_id not in gone]  # none is owed after leaving
    slots = _review_slots(session, deps, (team_id, today), shown, current, (decided, since))
    facts = LineFacts(
        *_decision_aids(session, deps, reach, statuses, today, enrolled),
        {rep: decided[rep] for rep in statuses if rep in decided},
        due={rep: min(s.due for s in found) for rep, found in slots.items() if found},
        away=_leave_until(session, team_id, ids, today),
        gone=gone,
    )
    # Each line is made once with everything on it: a leader's Home has 2,000 of them.
    team = tuple(team_lines(reps, shown, statuses, enrolled, facts))
    # A leader's header counts the decisions due (checkpoints) among these; a manager acts on them.
    return Home(viewer, team=team, actions=actions, today=today, needs=tuple(reviews_needed(slots, today)))


@dataclass(frozen=True)
class LineFacts:
    """What a team line shows besides the status, by rep id (a rep missing from a map has none)."""

    calls: Mapping[str, EarlyCall]  # the early calls the viewer may see
    confirm: Mapping[str, tuple[MilestoneProgress, ...]]  # milestones the viewer may confirm
    decided: Mapping[str, list[StoredDecision]]
    due: Mapping[str, dt.date]  # the next open review
    away: Mapping[str, dt.date]  # on leave today, until
    gone: Mapping[str, dt.date]  # offboarded on


def _review_slots(
    session: Session,
    deps: Deps,
    on: tuple[str, dt.date],
    shown: list[Member],
    enrolled: list[tuple[Enrollment, RampPlan]],
    read: tuple[Mapping[str, list[StoredDecision]], Mapping[str, dt.datetime]],
) -> dict[str, list[Slot]]:
    """Return these enrolled reps' open review slots up to the next review ahead, from what the Home has
    read: the people (reps and their managers), enrollments, and (`read`) the reps' decisions and when
    each was enrolled; `on`: the workspace and the viewer's day."""
    if not enrolled:
        return {}
    (team_id, today), (decided, since), ids = on, read, [e.rep_id for e, _ in enrolled]
    subjects = plans.subjects_of(team_id, enrolled, {m.slack_id: m for m in shown}, decided, since)
    until = today + NEXT_REVIEW_AHEAD
    return open_review_slots(session, deps, team_id=team_id, rep_ids=ids, until=until, subjects=subjects)


def _decision_aids(
    session: Session,
    deps: Deps,
    reach: Reach,
    statuses: Mapping[str, RampStatus],
    today: dt.date,
    enrolled: Sequence[tuple[Enrollment, RampPlan]],
) -> tuple[dict[str, EarlyCall], dict[str, tuple[MilestoneProgress, ...]]]:
    """Return each rep's early call the viewer may see and the milestones they may confirm, by rep id
    (`statuses`: the enrolled reps'; `enrolled`: their enrollments)."""
    viewer = reach.actor
    ids = list(statuses)
    calls = visible_calls(deps, session, viewer, ids, today, reach=reach, enrolled=enrolled)
    # Only reps on a plan with a `confirm` milestone can have one to confirm (none, on many plans).
    plans_of = {e.rep_id: plan for e, plan in enrolled if any(m.kind == "confirm" for m in plan.milestones)}
    confirmable = set(reach.permitted(Action.CONFIRM_MILESTONE)) & set(ids) & set(plans_of)
    confirm = {rep: tuple(to_confirm(plans_of[rep], statuses[rep])) for rep in confirmable}
    return calls, confirm


def _leave_until(session: Session, team_id: str, rep_ids: list[str], today: dt.date) -> dict[str, dt.date]:
    """Return the last day of leave of each of these reps on leave `today` (a viewer's day: close enough
    for a line on a tab; the scheduler uses each rep's own)."""
    found = {}
    for rep_id, periods in leave.periods(session, team_id=team_id, rep_ids=rep_ids).items():
        period = on_leave(periods, today)
        if period is not None:
            found[rep_id] = period.last
    return found


def _manager_home(session: Session, deps: Deps, home: Home) -> Home:
    """Add what a manager acts on: reviews they owe today, open items per rep, who to remind."""
    viewer = home.viewer
    line = reporting_line(session, viewer.team_id)
    needs = [n for n in home.needs if can(viewer, Action.REVIEW, n.rep_id, line)]
    reminded = reminded_today(
        session, team_id=viewer.team_id, reps=[r.rep for r in home.team], now=deps.clock()
    )
    items = Counter(a.rep_id for a in home.actions)
    this_week = {
        r.rep.slack_id: week_start(local_today(deps.clock(), r.rep.tz or DEFAULT_TZ)) for r in home.team
    }
    team = tuple(
        dataclasses.replace(
            row,
            open_actions=items[row.rep.slack_id],
            logged_this_week=bool(row.last_logged and row.last_logged >= this_week[row.rep.slack_id]),
            reminded_today=row.rep.slack_id in reminded,
        )
        for row in home.team
    )
    return dataclasses.replace(home, team=team, needs=tuple(needs))


def _p(call: EarlyCall | None) -> float | None:
    return None if call is None else call.p_on_track


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
    decided = decision_repo.decisions(session, team_id=team_id, rep_ids=[rep.slack_id]).get(rep.slack_id, [])
    longer = effective_plan(plan, decided)
    clock = rep_clock(
        session, team_id=team_id, rep_id=rep.slack_id, start=enrollment.start, holidays=deps.tuning.holidays
    )
    return Home(
        rep,
        week_summary(plan, enrollment, logged or WeekLog(monday), clock),
        ramp,
        actions=tuple(reviews.open_actions(session, team_id=team_id, rep_ids=[rep.slack_id])),
        next_review=due.get(rep.slack_id),
        today=today,
        nudge_week=nudge_week,
        nudge=tuple(nudge),
        ramp_ends=enrollment.start + dt.timedelta(days=longer.length_days - 1)
        if longer is not plan
        else None,
        plan_goals=performance_plan(decided),
        earlier=tuple(
            earlier_plans(
                session,
                team_id=team_id,
                tzs={rep.slack_id: rep.tz},
                now=deps.clock(),
                holidays=deps.tuning.holidays,
            ).get(rep.slack_id, [])
        ),
        leave_until=_leave_until(session, team_id, [rep.slack_id], today).get(rep.slack_id),
    )


def visible_reps(session: Session, viewer: Member) -> set[str]:
    """Return the reps whose data `viewer` may see, by the permission table (their tree, or the org)."""
    return set(permitted_reps(session, viewer, Action.VIEW_STATUS))


def team_lines(
    reps: list[Member],
    everyone: list[Member],
    statuses: Mapping[str, RampStatus],
    enrolled: Sequence[tuple[Enrollment, RampPlan]],
    facts: LineFacts,
) -> list[TeamLine]:
    """Return one line per rep, by manager's name then rep's name, with their status, enrollment and
    the rest of what the line shows."""
    names = {m.slack_id: m.name for m in everyone}
    enrollments = {e.rep_id: e for e, _ in enrolled}
    lines = []
    for rep in sorted(reps, key=lambda r: (names.get(r.manager_id or "", ""), r.name)):
        slack_id = rep.slack_id
        status, e, call = statuses.get(slack_id), enrollments.get(slack_id), facts.calls.get(slack_id)
        decided = facts.decided.get(slack_id, [])
        lines.append(
            TeamLine(
                rep,
                names.get(rep.manager_id or "", "—"),
                status,
                status.last_logged if status else None,
                next_review=facts.due.get(slack_id),
                call=call,
                to_confirm=facts.confirm.get(slack_id, ()),
                plan_goals=performance_plan(decided),
                leave_until=facts.away.get(slack_id),
                left_on=facts.gone.get(slack_id),
                early_call_p=_p(call),
                on_leave=slack_id in facts.away,
                ended=ramp_ended(decided) is not None,
                plan_id=e.plan_id if e else None,
                start=e.start if e else None,
                segment=rep.segment,
            )
        )
    return lines
