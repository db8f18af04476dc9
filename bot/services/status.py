"""Ramp status for one rep or a whole workspace, with each rep's funnel compared with their cohort."""

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from sqlmodel import Session

from bot.deps import DEFAULT_TZ, Deps
from bot.services.figures_memo import data_key, enrollments_key, remembered
from coaching.activity import Enrollment, WeekLog
from coaching.decisions import effective_plan, ramp_ended
from coaching.milestone_marks import with_marks
from coaching.plan_periods import PlanPeriod, still_earlier
from coaching.plans import RampPlan
from coaching.ramp_clock import RampClock, clock_for
from coaching.ramp_facts import RampFacts, facts_from_logs
from coaching.status import RampStatus, funnel_rates, status_from_facts
from coaching.weeks import local_today
from storage.db import session_scope
from storage.repo import activity, decisions, leave, people, plan_periods, plans
from storage.repo.ramp_facts import ramp_facts


def team_status(deps: Deps, *, team_id: str) -> list[RampStatus]:
    """Return every enrolled rep's status now; the cohort is the reps on the same plan."""
    return statuses_on(deps, team_id=team_id)


def statuses_on(deps: Deps, *, team_id: str, days_back: int = 0) -> list[RampStatus]:
    """Return every current rep's status now (or `days_back` days ago), sorted by rep id; reps who have
    left are out of these cohort figures from the day they left."""
    with session_scope(deps.engine) as session:
        enrolled = plans.team_enrollments(session, team_id=team_id, current_only=True)
        statuses = rep_statuses(
            session,
            team_id=team_id,
            enrolled=enrolled,
            now=deps.clock(),
            days_back=days_back,
            holidays=deps.tuning.holidays,
        )
    return [statuses[rep] for rep in sorted(statuses)]


def rep_statuses(
    session: Session,
    *,
    team_id: str,
    enrolled: Sequence[tuple[Enrollment, RampPlan]],
    now: dt.datetime,
    days_back: int = 0,
    holidays: Collection[dt.date] = frozenset(),
    tzs: Mapping[str, str | None] | None = None,
) -> dict[str, RampStatus]:
    """Return each enrolled rep's status on their own calendar day at `now`, by rep id; `tzs`: the reps'
    zones when the caller has read them already.

    Every surface (the /log reply, Home tabs, reviews, the digest, `rampcoach status`) reads a rep's
    figures here, so they agree: the same facts, the same definitions, and the rep's day (day N and
    week W turn over at the rep's midnight, not the viewer's). Each rep's leave stops their ramp
    clock (see `coaching.ramp_clock`); `holidays` are the company's, which leave does not count.
    """
    if tzs is None:
        tzs = {
            m.slack_id: m.tz
            for m in people.members(session, team_id=team_id, slack_ids=[e.rep_id for e, _ in enrolled])
        }
    # Each zone's day once: a leader's 2,000 reps live in a handful of zones.
    zones = {
        tz: local_today(now, tz) - dt.timedelta(days=days_back)
        for tz in {tzs.get(e.rep_id) or DEFAULT_TZ for e, _ in enrolled}
    }
    days = {e.rep_id: zones[tzs.get(e.rep_id) or DEFAULT_TZ] for e, _ in enrolled}
    # Worked out once per state of the data: a leader's Home needs all 2,000 reps' statuses on each render.
    asked = enrollments_key((e, days[e.rep_id]) for e, _ in enrolled)
    key = ("statuses", *data_key(session, team_id), days_back, tuple(sorted(holidays)), asked)
    return dict(remembered(key, lambda: _rep_statuses(session, team_id, enrolled, days, days_back, holidays)))


def rep_clock(
    session: Session, *, team_id: str, rep_id: str, start: dt.date, holidays: Collection[dt.date]
) -> RampClock:
    """Return one rep's ramp clock from `start`: their leave, read here, and the company `holidays`, so
    every surface that shows one of their weeks moves and prorates it as their status does (issue 16)."""
    away = leave.periods(session, team_id=team_id, rep_ids=[rep_id]).get(rep_id, ())
    return clock_for(start, away, holidays)


def _rep_statuses(
    session: Session,
    team_id: str,
    enrolled: Sequence[tuple[Enrollment, RampPlan]],
    days: dict[str, dt.date],
    days_back: int,
    holidays: Collection[dt.date],
) -> dict[str, RampStatus]:
    rep_ids = [e.rep_id for e, _ in enrolled]
    decided = decisions.decisions(session, team_id=team_id, rep_ids=rep_ids)
    marks = decisions.marks(session, team_id=team_id, rep_ids=rep_ids)
    away = leave.periods(session, team_id=team_id, rep_ids=rep_ids)
    clocks = {e.rep_id: clock_for(e.start, away.get(e.rep_id, ()), holidays) for e, _ in enrolled}
    by_day: dict[tuple[dt.date, bool], list[tuple[Enrollment, RampPlan]]] = defaultdict(list)
    for enrollment, plan in enrolled:
        day = days[enrollment.rep_id]
        # An extended ramp is measured on the longer plan; an ended one stands still on its last day.
        mine = decided.get(enrollment.rep_id, [])
        ended = ramp_ended(mine)
        frozen = ended is not None and ended.on < day
        by_day[(ended.on if ended and frozen else day, frozen)].append(
            (enrollment, effective_plan(plan, mine))
        )
    facts: dict[str, RampFacts] = {}
    for (day, frozen), group in by_day.items():
        # Reps whose clock stopped for leave are summed from their logs; the shared aggregate and the cache
        # work per calendar start. Only this week's facts are cached: a past day's would evict them.
        # So are reps whose plan changed with the day count kept: only the weeks since count for this plan.
        plain, summed = _cached_or_summed(group, clocks)
        if plain:
            cache = days_back <= 1 and not frozen
            facts |= ramp_facts(session, team_id=team_id, enrolled=plain, today=day, cache=cache)
        facts |= _facts_from_logs(session, team_id, summed, day, clocks)
    cohorts = _cohort_rates([pair for group in by_day.values() for pair in group], facts)
    return {
        enrollment.rep_id: with_marks(
            plan,
            status_from_facts(
                plan, enrollment, facts[enrollment.rep_id], day, cohorts[plan.id], clocks[enrollment.rep_id]
            ),
            marks.get(enrollment.rep_id, []),
        )
        for (day, _), group in by_day.items()
        for enrollment, plan in group
    }


def _cached_or_summed(
    group: list[tuple[Enrollment, RampPlan]], clocks: Mapping[str, RampClock]
) -> tuple[list[tuple[Enrollment, RampPlan]], list[tuple[Enrollment, RampPlan]]]:
    """Return the reps whose facts come from the shared aggregate, and those summed from their logs."""
    plain: list[tuple[Enrollment, RampPlan]] = []
    summed: list[tuple[Enrollment, RampPlan]] = []
    for e, plan in group:
        (plain if not clocks[e.rep_id].stopped and e.counted_from is None else summed).append((e, plan))
    return plain, summed


def _facts_from_logs(
    session: Session,
    team_id: str,
    enrolled: Sequence[tuple[Enrollment, RampPlan]],
    today: dt.date,
    clocks: Mapping[str, RampClock],
) -> dict[str, RampFacts]:
    """Return the facts of reps whose leave stopped their clock, or whose plan took over mid-ramp, summed
    from their logs: leave moves the weeks that count and the milestones' weeks, and a kept-day replan
    leaves out the weeks before it, which the shared aggregate (by start date) cannot."""
    if not enrolled:
        return {}
    logs = activity.team_week_logs(session, team_id=team_id, rep_ids=[e.rep_id for e, _ in enrolled])
    return {
        e.rep_id: facts_from_logs(plan, e, logs.get(e.rep_id, []), today, clocks[e.rep_id])
        for e, plan in enrolled
    }


def _cohort_rates(
    enrolled: list[tuple[Enrollment, RampPlan]], facts: dict[str, RampFacts]
) -> dict[str, dict[str, float]]:
    """Return each plan's median conversion per funnel stage across the reps on it."""
    samples: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for enrollment, plan in enrolled:
        for stage, rate in funnel_rates(plan, facts[enrollment.rep_id].totals).items():
            samples[plan.id][stage].append(rate)
    return defaultdict(
        dict,
        {
            plan_id: {stage: statistics.median(rates) for stage, rates in stages.items()}
            for plan_id, stages in samples.items()
        },
    )


@dataclass(frozen=True)
class EarlierPlan:
    """A plan a rep was on before a replan, read against its own targets up to the day it ended."""

    period: PlanPeriod
    plan: RampPlan
    status: RampStatus


def earlier_plans(
    session: Session,
    *,
    team_id: str,
    tzs: Mapping[str, str | None] | None,
    now: dt.datetime,
    holidays: Collection[dt.date] = frozenset(),
) -> dict[str, list[EarlierPlan]]:
    """Return the earlier plans of the reps in `tzs` (rep id: their zone; None: every rep), oldest first.

    Each is read like the current one (logs, leave, holidays) against its own plan: the weeks it was in
    force, complete on the day it ended. Extensions and marks belong to the current ramp, not to these.
    """
    found = plan_periods.periods(session, team_id=team_id, rep_ids=None if tzs is None else list(tzs))
    if not found:
        return {}
    current = {e.rep_id: e for e, _ in plans.team_enrollments(session, team_id=team_id, rep_ids=list(found))}
    found = {rep: still_earlier(current[rep], periods) for rep, periods in found.items() if rep in current}
    if tzs is None:
        tzs = {m.slack_id: m.tz for m in people.members(session, team_id=team_id, slack_ids=list(found))}
    days = {rep: local_today(now, tzs.get(rep) or DEFAULT_TZ) for rep in found}
    logs = activity.team_week_logs(session, team_id=team_id, rep_ids=list(found))
    away = leave.periods(session, team_id=team_id, rep_ids=list(found))
    versions = {(p.enrollment.plan_id, p.enrollment.plan_version) for ps in found.values() for p in ps}
    stored = plans.plan_versions(session, team_id=team_id, versions=versions)
    earlier: dict[str, list[EarlierPlan]] = {}
    for rep, periods in found.items():
        for period in periods:
            e = period.enrollment
            plan = stored.get((e.plan_id, e.plan_version))
            if plan is not None:  # stored plan versions are never deleted: this is a guard, not a case
                clock = clock_for(e.start, away.get(rep, ()), holidays)
                status = _period_status(plan, period, logs.get(rep, []), days[rep], clock)
                earlier.setdefault(rep, []).append(EarlierPlan(period, plan, status))
    return earlier


def _period_status(
    plan: RampPlan, period: PlanPeriod, logs: Sequence[WeekLog], today: dt.date, clock: RampClock
) -> RampStatus:
    day = period.reading_day(today)
    facts = facts_from_logs(plan, period.enrollment, logs, day, clock)
    return status_from_facts(plan, period.enrollment, facts, day, None, clock)


def team_earlier_plans(deps: Deps, *, team_id: str) -> dict[str, list[EarlierPlan]]:
    """Return every rep's earlier plans (see `earlier_plans`), for `rampcoach status`."""
    with session_scope(deps.engine) as session:
        return earlier_plans(
            session, team_id=team_id, tzs=None, now=deps.clock(), holidays=deps.tuning.holidays
        )
