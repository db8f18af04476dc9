"""The weekly check-in and its reminder: who is due, and what they say, read from the rep's plan and logs."""

import datetime as dt
from collections.abc import Sequence

from bot.deps import DEFAULT_TZ, Deps
from bot.services.activity import own_ramp
from bot.services.status import rep_clock
from coaching.activity import WeekLog, WeekSummary, week_summary
from coaching.cadence import Schedules, due_checkins, due_reminders
from coaching.delivery import Delivery, Due
from coaching.leave import LeavePeriod
from coaching.policy import Action
from coaching.weeks import week_start
from storage.db import session_scope
from storage.repo import activity, leave, plans


def period_monday(period: str) -> dt.date:
    """Return the Monday of an ISO week label such as 2026-W47."""
    year, week = period.split("-W")
    return dt.date.fromisocalendar(int(year), int(week), 1)


def checkin_dues(deps: Deps, schedules: Schedules) -> list[Due]:
    """Return the check-ins due now: Friday 16:00 in each ramping rep's zone."""
    with session_scope(deps.engine) as session:
        ramps = plans.ramps(session, default_tz=DEFAULT_TZ)
    return due_checkins(ramps, schedules, deps.clock())


def reminder_dues(deps: Deps, schedules: Schedules) -> list[Due]:
    """Return the reminders due now, about last week, for ramping reps who have not logged it."""
    now = deps.clock()
    # Reminders are about last week in each rep's zone, which is one of these weeks in UTC.
    recent = {week_start(now.date()) - dt.timedelta(weeks=n) for n in (0, 1, 2)}
    with session_scope(deps.engine) as session:
        ramps = plans.ramps(session, default_tz=DEFAULT_TZ)
        logged = activity.logged_weeks(session, weeks=recent)
        away = leave.by_rep(session)
    dues = due_reminders(ramps, schedules, now, logged)
    # A week spent on leave is not missing (the ramp clock stood still): nothing to remind about.
    return [d for d in dues if not _fully_away(away.get((d.team_id, d.person_id), ()), d.period)]


def _fully_away(periods: Sequence[LeavePeriod], period: str) -> bool:
    monday = period_monday(period)
    return any(p.first <= monday and monday + dt.timedelta(days=4) <= p.last for p in periods)


def week_for(deps: Deps, delivery: Delivery) -> tuple[WeekSummary, bool]:
    """Return the delivery's week against the plan, and whether the rep has logged any of it."""
    monday = period_monday(delivery.period)
    with session_scope(deps.engine) as session:
        plan, enrollment, _ = own_ramp(session, delivery.team_id, delivery.person_id, Action.LOG)
        logged = activity.get_week(
            session, team_id=delivery.team_id, rep_id=delivery.person_id, week_start=monday
        )
        clock = rep_clock(
            session,
            team_id=delivery.team_id,
            rep_id=delivery.person_id,
            start=enrollment.start,
            holidays=deps.tuning.holidays,
        )
    return week_summary(plan, enrollment, logged or WeekLog(monday), clock), logged is not None
