"""Cumulative ramp curves for the digest chart: a rep's progress and the plan's, week by week.

Progress is the weighted share of the end-of-ramp targets reached so far, so the plan's own curve rises
from 0 to 1 and a rep on pace follows it.
"""

import datetime as dt
from collections.abc import Sequence

from coaching.activity import Enrollment, WeekLog
from coaching.plans import RampPlan
from coaching.ramp_facts import complete_weeks, week_index


def _share(plan: RampPlan, values: Sequence[float]) -> float:
    ends = plan.cumulative_targets[plan.weeks]
    total = score = 0.0
    for weight, value, end in zip(plan.weights, values, ends, strict=True):
        if end:
            total += weight
            score += weight * min(value / end, 2.0)
    return score / total if total else 0.0


def plan_curve(plan: RampPlan) -> list[float]:
    """Return the plan's cumulative share after 0..N complete weeks."""
    return [_share(plan, sums) for sums in plan.cumulative_targets]


def rep_curve(plan: RampPlan, enrollment: Enrollment, logs: Sequence[WeekLog], today: dt.date) -> list[float]:
    """Return the rep's cumulative share after 0..complete weeks (unlogged weeks add nothing)."""
    complete = complete_weeks(plan, enrollment.start, today)
    weekly = [[0.0] * len(plan.metrics) for _ in range(complete)]
    keys = [m.key for m in plan.metrics]
    for log in logs:
        i = week_index(enrollment.start, log.week_start)
        if 0 <= i < complete:
            weekly[i] = [log.values.get(k, 0.0) for k in keys]
    curve, sums = [0.0], [0.0] * len(keys)
    for week in weekly:
        sums = [s + v for s, v in zip(sums, week, strict=True)]
        curve.append(_share(plan, sums))
    return curve
