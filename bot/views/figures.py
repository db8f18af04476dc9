"""The words for a rep's ramp figures, shared by every surface so each says the same thing the same way.

The figures themselves are computed once, in `coaching.status`; this module only renders them.
"""

from collections.abc import Sequence

from bot.views.status_table import percent
from bot.views.text import escape, number, status_words, weeks_text
from coaching.plan_periods import PlanPeriod
from coaching.plans import RampPlan
from coaching.status import RampStatus


def trend_text(trend: Sequence[float | None], sep: str = " ") -> str:
    """Return the last weeks' attainments, oldest first (a dash for a week not logged)."""
    return sep.join(percent(t) for t in trend) or "—"


def status_text(status: RampStatus) -> str:
    """Return the status and the missing data it stands on: `at risk; Pipeline not logged for 1 week`."""
    return status_words(status.status.value, [(m.label, m.blank_weeks) for m in status.blank_metrics])


def projection_note(status: RampStatus) -> str:
    """Return one short line on what the projection assumes ("" when there is none)."""
    if status.projection is None:
        return ""
    if not status.weeks_left:
        return "The ramp is over: the projection is the final attainment."
    return (
        f"Projection: what is logged so far, plus the plan's targets for the {weeks_text(status.weeks_left)} "
        f"left at the recent pace ({percent(status.pace)} of plan)."
    )


def earlier_plan_text(period: PlanPeriod, plan: RampPlan, status: RampStatus) -> str:
    """Return one line on a plan the rep was on before a replan, read against its own targets."""
    span = f"{period.first_day:%b %-d} – {period.last_day:%b %-d, %Y}"
    logged = f"{weeks_text(status.logged_weeks)} logged"
    return (
        f"Earlier plan: *{escape(plan.name)}* ({span}): {percent(status.attainment)} of that plan "
        f"({escape(status_text(status))}), {logged}"
    )


def share_text(actual: float, target: float) -> str:
    """Return actual over target as a percentage, or `no target yet` when the target is 0."""
    return f"{actual / target:.0%}" if target else "no target yet"


def target_text(target: float) -> str:
    """Return a target as people write it, or `no target yet` when the plan asks nothing yet."""
    return number(target) if target else "no target yet"
