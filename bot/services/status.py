"""Ramp status for one rep or a whole workspace, with each rep's funnel compared with their cohort."""

import statistics
from collections import defaultdict
from zoneinfo import ZoneInfo

from bot.deps import Deps
from coaching.activity import Enrollment, WeekLog
from coaching.plans import RampPlan
from coaching.status import RampStatus, funnel_rates, ramp_status
from storage.db import session_scope
from storage.repo import activity, plans


def team_status(deps: Deps, *, team_id: str, tz: str = "UTC") -> list[RampStatus]:
    """Return every enrolled rep's status today; the cohort is the reps on the same plan."""
    today = deps.clock().astimezone(ZoneInfo(tz)).date()
    with session_scope(deps.engine) as session:
        enrolled = plans.team_enrollments(session, team_id=team_id)
        logs = activity.team_week_logs(session, team_id=team_id)
    cohorts = _cohort_rates(enrolled, logs)
    return [
        ramp_status(plan, enrollment, logs.get(enrollment.rep_id, []), today, cohorts[plan.id])
        for enrollment, plan in sorted(enrolled, key=lambda pair: pair[0].rep_id)
    ]


def _cohort_rates(
    enrolled: list[tuple[Enrollment, RampPlan]], logs: dict[str, list[WeekLog]]
) -> dict[str, dict[str, float]]:
    samples: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for enrollment, plan in enrolled:
        for stage, rate in funnel_rates(plan, logs.get(enrollment.rep_id, [])).items():
            samples[plan.id][stage].append(rate)
    return defaultdict(
        dict,
        {
            plan_id: {stage: statistics.median(rates) for stage, rates in stages.items()}
            for plan_id, stages in samples.items()
        },
    )
