"""The leader digest: who gets it and when, and the data it is built from for the reps a leader sees."""

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from bot.deps import DEFAULT_TZ, Deps
from bot.services.access import allowed_actor, reporting_line, require_operator
from bot.services.admin_audit import audit_admin
from bot.services.early_call import team_early_calls
from bot.services.home import visible_reps
from bot.services.review_prompts import done_reviews, open_reviews
from bot.services.status import statuses_on
from coaching.activity import Enrollment
from coaching.cohorts import ClassComparison, ClassMember, compare_classes
from coaching.decision_digest import DecisionDigest, DueDecision, decision_digest
from coaching.decisions import effective_plan
from coaching.delivery import Due, Kind
from coaching.digest import Digest, DoneReviewLine, OpenReviewLine, RepInput, build_digest
from coaching.early_call import EarlyCall
from coaching.leave import on_leave
from coaching.plans import RampPlan
from coaching.policy import ORG, Action, can
from coaching.ramp_clock import clock_for
from coaching.ramp_curve import plan_curve, rep_curve
from coaching.response_stats import ResponseRate, by_approach, response_rates
from coaching.schedule import Shift, Weekly, iso_week, recent_occurrences
from coaching.status import RampStatus
from coaching.team import Member, Role
from coaching.templates import TemplateRegistry
from coaching.weeks import week_start
from storage.db import session_scope
from storage.repo import activity, leave, people, plans
from storage.repo import decisions as decision_repo
from storage.repo.touches import team_touches

# Monday 08:00 in the leader's zone; a holiday Monday moves it to the next working day.
DIGEST_SCHEDULE = Weekly(weekday=0, at=dt.time(8, 0), shift=Shift.LATER)
CATCH_UP = dt.timedelta(hours=12)
TOUCH_DAYS = 28  # messaging insights look at the last four weeks


@dataclass(frozen=True)
class PlanCurve:
    name: str
    points: list[float]
    on_track: float
    at_risk: float


@dataclass(frozen=True)
class DigestData:
    """A digest with what its view needs besides: the week it covers and the chart's curves."""

    team_id: str
    week: str
    today: dt.date
    digest: Digest
    curves: list[tuple[str, list[float]]] = field(default_factory=list)  # (rep, cumulative share by week)
    plans: list[PlanCurve] = field(default_factory=list)
    decisions: DecisionDigest = field(default_factory=lambda: DecisionDigest([], [], []))
    # A digest goes only to those who may see it (leaders, admins): under either early-call setting they
    # may see the call on every rep it shows.
    calls: dict[str, EarlyCall] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # rep id -> name
    on_leave: list[tuple[str, dt.date]] = field(default_factory=list)  # (rep name, last day of leave)
    classes: ClassComparison = ClassComparison(0, ())  # hire classes at the same ramp week


def digest_dues(deps: Deps, holidays: Collection[dt.date]) -> list[Due]:
    """Return the digests due now: one per leader per ISO week, at 08:00 Monday in their zone."""
    now = deps.clock()
    with session_scope(deps.engine) as session:
        leaders = people.with_role(session, role=Role.LEADER)
    return [
        Due(Kind.DIGEST, leader.team_id, leader.slack_id, iso_week(run.week), run.due_at)
        for leader in leaders
        for run in recent_occurrences(DIGEST_SCHEDULE, leader.tz or DEFAULT_TZ, now, CATCH_UP, holidays)
    ]


def team_summary_dues(deps: Deps, holidays: Collection[dt.date]) -> list[Due]:
    """Return the managers' team summaries due now: Monday 08:00 in each manager's zone, unless off."""
    now = deps.clock()
    with session_scope(deps.engine) as session:
        managers = people.with_role(session, role=Role.MANAGER)
    return [
        Due(Kind.TEAM_SUMMARY, m.team_id, m.slack_id, iso_week(run.week), run.due_at)
        for m in managers
        if m.slack_id not in deps.tuning.team_summary_off
        for run in recent_occurrences(DIGEST_SCHEDULE, m.tz or DEFAULT_TZ, now, CATCH_UP, holidays)
    ]


def manager_summary(deps: Deps, *, team_id: str, manager_id: str) -> DigestData | None:
    """Return a manager's team summary at send time: the digest of their tree (None: off, gone, nobody)."""
    if manager_id in deps.tuning.team_summary_off:
        return None
    with session_scope(deps.engine) as session:
        manager = people.get_member(session, team_id=team_id, slack_id=manager_id)
        line = reporting_line(session, team_id)
        allowed = (
            manager is not None
            and manager.role is Role.MANAGER
            and can(manager, Action.SEE_DIGEST, ORG, line)
        )
        visible = visible_reps(session, manager) if manager and allowed else set()
    if manager is None or not visible:
        return None
    return team_digest(deps, team_id=team_id, rep_ids=visible, tz=manager.tz or DEFAULT_TZ)


def viewer_digest(deps: Deps, *, team_id: str, viewer_id: str) -> DigestData:
    """Return the digest for someone the table lets see it now; raise NotAMember, or NotAllowed."""
    with session_scope(deps.engine) as session:
        viewer = allowed_actor(session, team_id, viewer_id, Action.SEE_DIGEST, ORG)
        visible = visible_reps(session, viewer)
        audit_admin(session, viewer, "view digest", None, deps.clock(), f"{len(visible)} reps")
    return team_digest(deps, team_id=team_id, rep_ids=visible, tz=viewer.tz or DEFAULT_TZ)


def leader_digest(deps: Deps, *, team_id: str, leader_id: str) -> DigestData | None:
    """Return a scheduled digest's content at send time (None: the leader is gone or sees nobody)."""
    with session_scope(deps.engine) as session:
        leader = people.get_member(session, team_id=team_id, slack_id=leader_id)
        # Asked again at send time: the person may have changed role since the digest came due.
        allowed = leader is not None and can(leader, Action.SEE_DIGEST, ORG, reporting_line(session, team_id))
        visible = visible_reps(session, leader) if leader and allowed else set()
    if leader is None or not visible:
        return None
    return team_digest(deps, team_id=team_id, rep_ids=visible, tz=leader.tz or DEFAULT_TZ)


def team_digest(
    deps: Deps, *, team_id: str, rep_ids: Collection[str] | None = None, tz: str = DEFAULT_TZ
) -> DigestData:
    """Return the digest of these reps (default: every rep in the workspace) as of today in `tz`."""
    today = deps.clock().astimezone(ZoneInfo(tz)).date()
    now = {s.rep_id: s for s in statuses_on(deps, team_id=team_id)}
    before = {s.rep_id: s for s in statuses_on(deps, team_id=team_id, days_back=7)}
    wanted = set(now) if rep_ids is None else set(now) & set(rep_ids)
    away = _away(deps, team_id, wanted, today)
    wanted -= set(away)  # listed under "on leave", not among those behind
    with session_scope(deps.engine) as session:
        members = people.members(session, team_id=team_id, slack_ids=wanted)
        managers = {m.manager_id for m in members if m.manager_id}
        names = {m.slack_id: m.name for m in people.members(session, team_id=team_id, slack_ids=managers)}
        enrolled = plans.team_enrollments(session, team_id=team_id, rep_ids=[m.slack_id for m in members])
    plan_of = {e.rep_id: plan.name for e, plan in enrolled}
    reps = [
        RepInput(
            m.slack_id, m.name, names.get(m.manager_id or "", "—"), now[r], before.get(r), plan_of.get(r, "")
        )
        for m, r in ((m, m.slack_id) for m in members)
    ]
    rates, touches = _messaging(deps, team_id, wanted)
    digest = build_digest(
        reps,
        _open_lines(deps, team_id, wanted, today),
        _done_lines(deps, team_id, wanted, today),
        rates,
        touches,
        deps.tuning.ecosystem_share,
    )
    curves, plan_curves = _curves(deps, team_id, members, enrolled, today)
    calls = team_early_calls(deps, team_id=team_id, today=today)
    classes = compare_classes(_class_members(members, enrolled, curves, now))
    return DigestData(
        team_id,
        iso_week(week_start(today)),
        today,
        digest,
        curves,
        plan_curves,
        _decisions(deps, team_id, wanted, today, {r: s.attainment for r, s in now.items()}),
        {rep: call for rep in wanted if (call := calls.get(rep)) is not None},
        {m.slack_id: m.name for m in members},
        sorted(away.values()),
        classes,
    )


def _decisions(
    deps: Deps, team_id: str, reps: set[str], today: dt.date, attainment: dict[str, float | None]
) -> DecisionDigest:
    """Return the checkpoint decisions due this week and made last week, and the ramps that ended."""
    found = open_reviews(deps, team_id=team_id, manager_id=None, until=today + dt.timedelta(days=6))
    due = [
        DueDecision(d.rep_id, d.slot.checkpoint, d.slot.due)
        for d in found
        if d.slot.checkpoint and d.rep_id in reps
    ]
    with session_scope(deps.engine) as session:
        decided = decision_repo.decisions(session, team_id=team_id, rep_ids=reps)
        enrolled = plans.team_enrollments(session, team_id=team_id, rep_ids=reps)
        away = leave.periods(session, team_id=team_id, rep_ids=reps)
    # The ramp ends on its last ramp day as the rep's clock reaches it: leave moves it later.
    ends = {
        e.rep_id: clock_for(e.start, away.get(e.rep_id, ()), deps.tuning.holidays).real_date(
            e.start + dt.timedelta(days=effective_plan(plan, decided.get(e.rep_id, [])).length_days - 1)
        )
        for e, plan in enrolled
    }
    return decision_digest(today, due, decided, ends, attainment)


def _away(deps: Deps, team_id: str, reps: set[str], today: dt.date) -> dict[str, tuple[str, dt.date]]:
    """Return each of these reps on leave today: their name and last day of leave."""
    with session_scope(deps.engine) as session:
        periods = leave.periods(session, team_id=team_id, rep_ids=reps)
        names = {m.slack_id: m.name for m in people.members(session, team_id=team_id, slack_ids=set(periods))}
    found = {}
    for rep_id, rep_periods in periods.items():
        period = on_leave(rep_periods, today)
        if period is not None:
            found[rep_id] = (names.get(rep_id, rep_id), period.last)
    return found


def hire_classes(deps: Deps, *, team_id: str, by_segment: bool = False) -> ClassComparison:
    """Return every hire class of the workspace compared at the same ramp week (`rampcoach cohorts`)."""
    require_operator(deps, team_id, Action.SEE_COHORTS)
    today = deps.clock().date()
    now = {s.rep_id: s for s in statuses_on(deps, team_id=team_id)}
    with session_scope(deps.engine) as session:
        members = people.members(session, team_id=team_id, slack_ids=set(now))
        enrolled = plans.team_enrollments(session, team_id=team_id, rep_ids=[m.slack_id for m in members])
    curves, _ = _curves(deps, team_id, members, enrolled, today)
    return compare_classes(_class_members(members, enrolled, curves, now), by_segment=by_segment)


def _class_members(
    members: list[Member],
    enrolled: list[tuple[Enrollment, RampPlan]],
    curves: list[tuple[str, list[float]]],
    now: dict[str, RampStatus],
) -> list[ClassMember]:
    """Return each enrolled rep as their hire class sees them (`curves` is in `enrolled`'s order)."""
    segments = {m.slack_id: m.segment for m in members}
    plan_points = {(plan.id, plan.version): plan_curve(plan) for _, plan in enrolled}
    return [
        ClassMember(
            e.rep_id,
            e.start,
            points,
            plan_points[(plan.id, plan.version)],
            plan.thresholds.on_track,
            segments.get(e.rep_id),
            now[e.rep_id].stall if e.rep_id in now else None,
        )
        for (e, plan), (_, points) in zip(enrolled, curves, strict=True)
    ]


def _open_lines(deps: Deps, team_id: str, reps: set[str], today: dt.date) -> list[OpenReviewLine]:
    found = open_reviews(deps, team_id=team_id, manager_id=None, until=today + dt.timedelta(days=6))
    names = _names(deps, team_id, {d.manager_id for d in found})
    return [
        OpenReviewLine(names.get(d.manager_id, d.manager_id), d.rep_name, (today - d.slot.due).days, d.rep_id)
        for d in found
        if d.rep_id in reps
    ]


def _done_lines(deps: Deps, team_id: str, reps: set[str], today: dt.date) -> list[DoneReviewLine]:
    found = [d for d in done_reviews(deps, team_id=team_id, manager_id=None) if d.rep_id in reps]
    names = _names(deps, team_id, {d.author_id for d in found})
    return [
        DoneReviewLine(
            names.get(d.author_id, d.author_id),
            d.rep_name,
            (today - d.submitted.date()).days,
            tuple(d.thin),
            d.rep_id,
        )
        for d in found
    ]


def _names(deps: Deps, team_id: str, ids: Collection[str]) -> dict[str, str]:
    with session_scope(deps.engine) as session:
        return {m.slack_id: m.name for m in people.members(session, team_id=team_id, slack_ids=ids)}


def _messaging(deps: Deps, team_id: str, reps: set[str]) -> tuple[list[ResponseRate], int]:
    since = deps.clock() - dt.timedelta(days=TOUCH_DAYS)
    with session_scope(deps.engine) as session:
        touches = [t for t in team_touches(session, team_id, since=since) if t.rep in reps]
    rates = response_rates(touches, by_approach(deps.tuning.templates or TemplateRegistry()), per_rep=False)
    return rates, len(touches)


def _curves(
    deps: Deps,
    team_id: str,
    members: list[Member],
    enrolled: list[tuple[Enrollment, RampPlan]],
    today: dt.date,
) -> tuple[list[tuple[str, list[float]]], list[PlanCurve]]:
    """Return each rep's cumulative curve and each plan's, for the chart."""
    ids = [m.slack_id for m in members]
    with session_scope(deps.engine) as session:
        logs = activity.team_week_logs(session, team_id=team_id, rep_ids=ids)
    names = {m.slack_id: m.name for m in members}
    curves = [(names[e.rep_id], rep_curve(plan, e, logs.get(e.rep_id, []), today)) for e, plan in enrolled]
    shown = {plan.name: plan for _, plan in enrolled}
    return curves, [
        PlanCurve(name, plan_curve(plan), plan.thresholds.on_track, plan.thresholds.at_risk)
        for name, plan in sorted(shown.items())
    ]
