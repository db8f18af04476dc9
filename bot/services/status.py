"""Ramp status for one rep or a whole workspace, with each rep's funnel compared with their cohort."""

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.deps import DEFAULT_TZ, Deps
from bot.services.activity import StoredRamp, stored_ramp
from coaching.activity import Enrollment
from coaching.plans import RampPlan
from coaching.ramp_facts import RampFacts
from coaching.status import RampStatus, funnel_rates, status_from_facts
from storage.db import session_scope
from storage.repo import plans
from storage.repo.ramp_facts import ramp_facts


def team_status(deps: Deps, *, team_id: str, tz: str = DEFAULT_TZ) -> list[RampStatus]:
    """Return every enrolled rep's status today; the cohort is the reps on the same plan."""
    return statuses_on(deps, team_id=team_id, today=deps.clock().astimezone(ZoneInfo(tz)).date())


@dataclass(frozen=True)
class RepReport:
    stored: StoredRamp
    status: RampStatus | None  # None when the rep is not enrolled


def rep_report(deps: Deps, *, team_id: str, rep_id: str) -> RepReport:
    """Return what is stored for one rep and their status among their cohort; raise NotAMember."""
    stored = stored_ramp(deps, team_id=team_id, rep_id=rep_id)
    statuses = {s.rep_id: s for s in team_status(deps, team_id=team_id)}
    return RepReport(stored, statuses.get(rep_id))


def statuses_on(deps: Deps, *, team_id: str, today: dt.date) -> list[RampStatus]:
    """Return every enrolled rep's status as it was (or is) on `today`, by rep id."""
    with session_scope(deps.engine) as session:
        enrolled = plans.team_enrollments(session, team_id=team_id)
        # Only this week's facts are cached: a past day's (last week's, for the digest) would evict them.
        current = today >= deps.clock().date() - dt.timedelta(days=1)
        facts = ramp_facts(session, team_id=team_id, enrolled=enrolled, today=today, cache=current)
    cohorts = _cohort_rates(enrolled, facts)
    return [
        status_from_facts(plan, enrollment, facts[enrollment.rep_id], today, cohorts[plan.id])
        for enrollment, plan in sorted(enrolled, key=lambda pair: pair[0].rep_id)
    ]


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
