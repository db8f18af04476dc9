"""Logging a week of activity, and reading back what a rep has logged."""

import datetime as dt
from dataclasses import dataclass, field

from sqlmodel import Session

from bot.deps import DEFAULT_TZ, Deps
from bot.services.access import allowed_actor
from bot.services.errors import NotAMember, NotEnrolled
from bot.services.status import rep_clock, rep_statuses, team_status
from coaching.activity import Enrollment, WeekLog, WeekSummary, week_summary
from coaching.errors import FieldProblem, FormProblems, Problem
from coaching.log_form import parse_form
from coaching.log_text import parse_log_text
from coaching.outreach_counts import Counts, as_touches, parse_counts
from coaching.plans import RampPlan
from coaching.policy import Action
from coaching.ramp_clock import RampClock
from coaching.status import RampStatus, summary_attainment
from coaching.team import Member
from coaching.weeks import local_today, week_start
from storage.db import session_scope
from storage.repo import activity, people, plans, touches
from storage.repo.activity import Change


@dataclass(frozen=True)
class LogResult:
    summary: WeekSummary
    changes: list[Change]
    ramp: RampStatus


def log_from_text(deps: Deps, *, team_id: str, actor_id: str, text: str) -> LogResult:
    """Store the values in a `/log calls=12` text for the actor's own week; raise FieldProblem if bad."""
    now = deps.clock()
    with session_scope(deps.engine) as session:
        plan, enrollment, tz = own_ramp(session, team_id, actor_id, Action.LOG)
        request = parse_log_text(text, plan)
        monday = week_start(local_today(now, tz)) - dt.timedelta(weeks=request.weeks_back)
        log = WeekLog(monday, request.values)
        changes = activity.write_week(
            session, team_id=team_id, rep_id=actor_id, log=log, actor=actor_id, source="slash", now=now
        )
        return log_result(session, deps, team_id, plan, enrollment, log, changes, now)


def log_result(
    session: Session,
    deps: Deps,
    team_id: str,
    plan: RampPlan,
    enrollment: Enrollment,
    log: WeekLog,
    changes: list[Change],
    now: dt.datetime,
) -> LogResult:
    saved = activity.get_week(session, team_id=team_id, rep_id=enrollment.rep_id, week_start=log.week_start)
    # The same figures as the Home tab and every other surface: weeks count once they have ended.
    so_far = rep_statuses(
        session, team_id=team_id, enrolled=[(enrollment, plan)], now=now, holidays=deps.tuning.holidays
    )
    clock = _clock(session, deps, team_id, enrollment)
    return LogResult(week_summary(plan, enrollment, saved or log, clock), changes, so_far[enrollment.rep_id])


def _clock(session: Session, deps: Deps, team_id: str, enrollment: Enrollment) -> RampClock:
    return rep_clock(
        session,
        team_id=team_id,
        rep_id=enrollment.rep_id,
        start=enrollment.start,
        holidays=deps.tuning.holidays,
    )


def current_week(deps: Deps, *, team_id: str, rep_id: str) -> WeekSummary:
    """Return the rep's current week against the plan; raise NotAMember or NotEnrolled."""
    with session_scope(deps.engine) as session:
        plan, enrollment, tz = own_ramp(session, team_id, rep_id, Action.VIEW_STATUS)
        monday = week_start(local_today(deps.clock(), tz))
        logged = activity.get_week(session, team_id=team_id, rep_id=rep_id, week_start=monday)
        return week_summary(
            plan, enrollment, logged or WeekLog(monday), _clock(session, deps, team_id, enrollment)
        )


def own_ramp(session: Session, team_id: str, rep_id: str, action: Action) -> tuple[RampPlan, Enrollment, str]:
    """Return the plan, enrollment and zone of a rep acting on their own ramp (`action`, by the table);
    raise NotAMember, NotAllowed or NotEnrolled."""
    member = allowed_actor(session, team_id, rep_id, action, rep_id)
    enrollment = plans.get_enrollment(session, team_id=team_id, rep_id=rep_id)
    if enrollment is None:
        raise NotEnrolled(rep_id)
    plan = plans.get_plan(
        session, team_id=team_id, plan_id=enrollment.plan_id, version=enrollment.plan_version
    )
    if plan is None:  # cannot happen: a foreign key ties every enrollment to a stored plan
        raise LookupError(f"plan {enrollment.plan_id} v{enrollment.plan_version} is missing")
    return plan, enrollment, member.tz or DEFAULT_TZ


@dataclass(frozen=True)
class StoredRamp:
    """Everything stored about one rep's ramp, for `rampcoach status`."""

    member: Member
    enrollment: Enrollment | None
    weeks: list[WeekLog]


def stored_ramp(deps: Deps, *, team_id: str, rep_id: str) -> StoredRamp:
    """Return what is stored for a rep; raise NotAMember if there is no such person."""
    with session_scope(deps.engine) as session:
        member = people.get_member(session, team_id=team_id, slack_id=rep_id)
        if member is None:
            raise NotAMember(rep_id)
        enrollment = plans.get_enrollment(session, team_id=team_id, rep_id=rep_id)
        return StoredRamp(member, enrollment, activity.week_logs(session, team_id=team_id, rep_id=rep_id))


@dataclass(frozen=True)
class LogForm:
    """What the logging modal shows: the rep's plan, the chosen week, the weeks on offer, what is logged."""

    plan: RampPlan
    enrollment: Enrollment
    week: dt.date
    weeks: list[dt.date]  # this week first
    current: WeekLog | None
    clock: RampClock  # the rep's ramp clock: leave moves their week numbers and prorates their targets
    outreach: Counts = field(default_factory=dict)  # the week's outreach counts per template

    @property
    def summary(self) -> WeekSummary:
        """Return the chosen week against the plan: its number and targets as the rep's status reads them."""
        return week_summary(self.plan, self.enrollment, self.current or WeekLog(self.week), self.clock)

    def week_number(self, monday: dt.date) -> int:
        """Return the plan week a week on offer carries (leave moves it later)."""
        return self.clock.ramp_week_index(monday) + 1


def log_form(deps: Deps, *, team_id: str, rep_id: str, week: dt.date | None = None) -> LogForm:
    """Return the modal's content for the rep's own week (this week unless `week` is one on offer)."""
    with session_scope(deps.engine) as session:
        plan, enrollment, tz = own_ramp(session, team_id, rep_id, Action.LOG)
        weeks = weeks_on_offer(deps, tz)
        chosen = week if week in weeks else weeks[0]
        current = activity.get_week(session, team_id=team_id, rep_id=rep_id, week_start=chosen)
        outreach = touches.week_counts(session, team_id=team_id, rep_id=rep_id, monday=chosen)
        clock = _clock(session, deps, team_id, enrollment)
    return LogForm(plan, enrollment, chosen, weeks, current, clock, outreach)


def log_from_form(
    deps: Deps,
    *,
    team_id: str,
    actor_id: str,
    week: dt.date | None,
    raw: dict[str, str | None],
    note: str | None,
    outreach: str | None = None,
) -> LogResult:
    """Store the modal's values for the actor's own week; raise FormProblems (nothing stored) if bad."""
    now = deps.clock()
    with session_scope(deps.engine) as session:
        plan, enrollment, tz = own_ramp(session, team_id, actor_id, Action.LOG)
        counts, problem = _counts(outreach)
        try:
            log = parse_form(plan, week, weeks_on_offer(deps, tz), raw, note)
        except FormProblems as problems:
            raise FormProblems(problems.errors | problem) from None
        if problem:
            raise FormProblems(problem)
        changes = activity.write_week(
            session, team_id=team_id, rep_id=actor_id, log=log, actor=actor_id, source="modal", now=now
        )
        if outreach is not None:
            sent = as_touches(actor_id, log.week_start, counts)
            touches.replace_week_counts(
                session, team_id=team_id, rep_id=actor_id, monday=log.week_start, touches=sent, now=now
            )
        return log_result(session, deps, team_id, plan, enrollment, log, changes, now)


def _counts(text: str | None) -> tuple[Counts, dict[str, list[Problem]]]:
    """Return the outreach counts typed in the modal, or the field error that names every bad line."""
    try:
        return parse_counts(text or ""), {}
    except FieldProblem as problem:
        return {}, {"outreach": problem.problems}


def weeks_on_offer(deps: Deps, tz: str) -> list[dt.date]:
    this_week = week_start(local_today(deps.clock(), tz))
    return [this_week - dt.timedelta(weeks=n) for n in range(deps.tuning.log_weeks_back + 1)]


@dataclass(frozen=True)
class PastWeek:
    summary: WeekSummary
    logged: bool
    attainment: float | None  # of that week's targets; None when not logged
    note: str | None


def past_weeks(deps: Deps, *, team_id: str, rep_id: str) -> list[PastWeek]:
    """Return the rep's own weeks from the start of the ramp to this week, newest first."""
    with session_scope(deps.engine) as session:
        plan, enrollment, tz = own_ramp(session, team_id, rep_id, Action.VIEW_STATUS)
        logs = {log.week_start: log for log in activity.week_logs(session, team_id=team_id, rep_id=rep_id)}
        clock = _clock(session, deps, team_id, enrollment)
    first = week_start(enrollment.start)
    last = min(week_start(local_today(deps.clock(), tz)), _last_week(plan, clock))
    mondays = [first + dt.timedelta(weeks=n) for n in range((last - first).days // 7 + 1)]
    return [_past_week(plan, enrollment, monday, logs.get(monday), clock) for monday in reversed(mondays)]


def _last_week(plan: RampPlan, clock: RampClock) -> dt.date:
    """Return the Monday of the ramp's last real week: leave moves the plan's last week later."""
    end = clock.real_date(week_start(clock.start) + dt.timedelta(weeks=plan.weeks))
    return week_start(end) - dt.timedelta(weeks=1)


def _past_week(
    plan: RampPlan, enrollment: Enrollment, monday: dt.date, log: WeekLog | None, clock: RampClock
) -> PastWeek:
    summary = week_summary(plan, enrollment, log or WeekLog(monday), clock)
    if log is None:
        return PastWeek(summary, logged=False, attainment=None, note=None)
    # The same figure as the status trend's for that week: its targets are the summary's, prorated for leave.
    return PastWeek(summary, True, summary_attainment(plan, summary), log.note)


@dataclass(frozen=True)
class RepReport:
    stored: StoredRamp
    status: RampStatus | None  # None when the rep is not enrolled


def rep_report(deps: Deps, *, team_id: str, rep_id: str) -> RepReport:
    """Return what is stored for one rep and their status among their cohort; raise NotAMember."""
    stored = stored_ramp(deps, team_id=team_id, rep_id=rep_id)
    statuses = {s.rep_id: s for s in team_status(deps, team_id=team_id)}
    return RepReport(stored, statuses.get(rep_id))
