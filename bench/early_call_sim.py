"""Simulated ramps with known truth for `bench/early_call.py`: four regimes of how new reps develop.

Each rep has an ability (their pace against the plan), a per-metric strength, a path over the weeks that
depends on the regime, week-to-week noise, and some weeks they do not log. Counts are Poisson draws.
"""

import datetime as dt
import math
import random
from collections.abc import Callable
from dataclasses import dataclass

from coaching.activity import WeekLog
from coaching.plans import RampPlan, Unit

START = dt.date(2026, 1, 5)  # a Monday


@dataclass(frozen=True)
class Regime:
    name: str
    path: Callable[[float, float], float]  # (week fraction 0..1, rng draw) -> log pace offset
    noise: float  # sd of a week's log pace
    skip: float  # chance a week is not logged


def _steady(t: float, u: float) -> float:  # noqa: ARG001 (every path takes the same arguments)
    return 0.0


def _late_bloomer(t: float, u: float) -> float:
    return -0.45 * (1 - min(t / (0.5 + 0.3 * u), 1.0)) + 0.15 * min(t / (0.5 + 0.3 * u), 1.0)


def _early_staller(t: float, u: float) -> float:
    return 0.2 - 0.6 * max(0.0, t - (0.2 + 0.2 * u))


REGIMES = (
    Regime("steady", _steady, 0.25, 0.05),
    Regime("late_bloomers", _late_bloomer, 0.25, 0.05),
    Regime("early_stallers", _early_staller, 0.25, 0.05),
    Regime("noisy_loggers", _steady, 0.45, 0.3),
)


def simulate_rep(plan: RampPlan, regime: Regime, rng: random.Random) -> list[WeekLog]:
    """Return every week a simulated rep logs over the whole ramp."""
    ability = rng.gauss(-0.05, 0.3)
    strength = {m.key: rng.gauss(0.0, 0.15) for m in plan.metrics}
    shape = rng.random()
    level = 0.0
    logs = []
    for week in range(plan.weeks):
        level += rng.gauss(0.0, 0.04)  # everyone's pace wanders a little
        if rng.random() < regime.skip:
            continue
        drift = ability + regime.path(week / max(plan.weeks - 1, 1), shape) + level
        values = {}
        for n, metric in enumerate(plan.metrics):
            mean = plan.weekly_targets[week][n] * math.exp(
                drift + strength[metric.key] + rng.gauss(0, regime.noise)
            )
            values[metric.key] = min(_draw(mean, metric.unit, rng), metric.max_per_week)
        logs.append(WeekLog(START + dt.timedelta(weeks=week), values))
    return logs


def _draw(mean: float, unit: Unit, rng: random.Random) -> float:
    if unit is Unit.CURRENCY:
        return round(mean, 2)
    return float(_poisson(mean, rng))


def _poisson(mean: float, rng: random.Random) -> int:
    if mean > 50:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1
