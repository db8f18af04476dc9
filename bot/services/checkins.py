"""What the weekly check-in and its reminder say, read from the rep's plan and logs when they are sent."""

import datetime as dt

from bot.deps import Deps
from bot.services.activity import own_ramp
from coaching.activity import WeekLog, WeekSummary, week_summary
from coaching.delivery import Delivery
from coaching.policy import Action
from storage.db import session_scope
from storage.repo import activity


def period_monday(period: str) -> dt.date:
    """Return the Monday of an ISO week label such as 2026-W47."""
    year, week = period.split("-W")
    return dt.date.fromisocalendar(int(year), int(week), 1)


def week_for(deps: Deps, delivery: Delivery) -> tuple[WeekSummary, bool]:
    """Return the delivery's week against the plan, and whether the rep has logged any of it."""
    monday = period_monday(delivery.period)
    with session_scope(deps.engine) as session:
        plan, enrollment, _ = own_ramp(session, delivery.team_id, delivery.person_id, Action.LOG)
        logged = activity.get_week(
            session, team_id=delivery.team_id, rep_id=delivery.person_id, week_start=monday
        )
    return week_summary(plan, enrollment, logged or WeekLog(monday)), logged is not None
