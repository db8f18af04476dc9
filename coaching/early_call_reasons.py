"""Why the early call says what it says: typed reasons with their numbers, the heaviest first.

No words here: `bot/views/early_call.py` turns each reason into a sentence.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from coaching.plans import RampPlan
from coaching.status import MilestoneState, RampStatus

GAP = 0.15  # a metric less than 15% off the plan's pace is not worth a reason
STALL = 1.5  # a funnel stage converting 1.5x worse than the comparison is a stall
SHOWN = 3


class ReasonKind(StrEnum):
    METRIC_BEHIND = "metric_behind"
    METRIC_AHEAD = "metric_ahead"
    FUNNEL_STALL = "funnel_stall"
    MILESTONE_MISSED = "milestone_missed"
    MILESTONE_HIT = "milestone_hit"
    PACE_RISING = "pace_rising"
    PACE_FALLING = "pace_falling"
    FEW_WEEKS = "few_weeks"


@dataclass(frozen=True)
class Reason:
    """One reason; only the fields its kind uses are set."""

    kind: ReasonKind
    weight: float = field(compare=False)  # how much it weighs; the heaviest reasons are shown
    helps: bool | None = field(default=None, compare=False)  # True raises the chance, None is neutral
    metric: str | None = None  # a plan metric key (funnel_stall: the stage it stalls at)
    to_metric: str | None = None  # funnel_stall: the next stage
    pct: float | None = None  # metric_*: the share behind or ahead of the plan (0.4 = 40%)
    weeks: int | None = None  # metric_*, pace_*: weeks running; few_weeks: weeks logged
    factor: float | None = None  # funnel_stall: how many times better the comparison converts
    basis: str | None = None  # funnel_stall: "cohort" or "plan"
    day: int | None = None  # milestone_*: its day
    label: str | None = None  # milestone_*: its label in the plan

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {"kind": self.kind.value}
        for name in ("metric", "to_metric", "pct", "weeks", "factor", "basis", "day", "label"):
            value = getattr(self, name)
            if value is not None:
                data[name] = round(value, 2) if isinstance(value, float) else value
        return data


@dataclass(frozen=True)
class WeekPace:
    index: int  # week of the ramp, 0 = the first
    pace: float  # weighted activity over weighted targets that week


def top_reasons(
    plan: RampPlan,
    status: RampStatus,
    weeks: Mapping[int, Mapping[str, float]],
    paces: Sequence[WeekPace],
    p: float,
    targets: Mapping[int, Sequence[float]] | None = None,
) -> tuple[Reason, ...]:
    """Return the two or three reasons that weigh most, favouring those that agree with the chance;
    `targets`: each logged week's targets when leave prorated them (default: the plan's for that week)."""
    found = [
        *_metric_reasons(plan, status, weeks, targets or dict(enumerate(plan.weekly_targets))),
        *_funnel_reasons(status),
        *_milestone_reasons(status),
        *_trend_reasons(paces),
        *_data_reasons(status),
    ]
    hopeful = p >= 0.5

    def heft(reason: Reason) -> float:
        return reason.weight * (1.0 if reason.helps in (None, hopeful) else 0.4)

    return tuple(sorted(found, key=heft, reverse=True)[:SHOWN])


def _metric_reasons(
    plan: RampPlan,
    status: RampStatus,
    weeks: Mapping[int, Mapping[str, float]],
    targets: Mapping[int, Sequence[float]],
) -> list[Reason]:
    total = sum(plan.weights) or 1.0
    reasons = []
    for m, progress in enumerate(status.metrics):
        ratio = progress.attainment
        if ratio is None or abs(ratio - 1.0) < GAP:
            continue
        share = plan.weights[m] / total
        behind = ratio < 1.0
        running = _weeks_running(plan, weeks, targets, m, behind)
        kind = ReasonKind.METRIC_BEHIND if behind else ReasonKind.METRIC_AHEAD
        gap = min(abs(ratio - 1.0), 1.0)
        reasons.append(Reason(kind, 2 * share * gap, not behind, metric=progress.key, pct=gap, weeks=running))
    return reasons


def _weeks_running(
    plan: RampPlan,
    weeks: Mapping[int, Mapping[str, float]],
    targets: Mapping[int, Sequence[float]],
    m: int,
    behind: bool,
) -> int:
    """Return how many of the latest logged weeks in a row the metric was off the plan the same way."""
    running = 0
    for i in sorted(weeks, reverse=True):
        target = targets[i][m]
        if not target:
            continue
        ratio = weeks[i].get(plan.keys[m], 0.0) / target
        if (ratio < 1.0 - GAP) if behind else (ratio > 1.0 + GAP):
            running += 1
        else:
            break
    return running


def _funnel_reasons(status: RampStatus) -> list[Reason]:
    reasons = []
    for c in status.conversions:
        basis, against = ("cohort", c.cohort) if c.cohort else ("plan", c.expected)
        if c.rate is None or not against:
            continue
        factor = against / c.rate if c.rate else 10.0
        if factor >= STALL:
            reasons.append(
                Reason(
                    ReasonKind.FUNNEL_STALL,
                    0.15 * min(factor, 4.0) / 2,
                    False,
                    metric=c.source,
                    to_metric=c.target,
                    factor=min(factor, 10.0),
                    basis=basis,
                )
            )
    return reasons


def _milestone_reasons(status: RampStatus) -> list[Reason]:
    reasons = []
    for m in status.milestones:
        if m.state is MilestoneState.MISSED:
            reasons.append(Reason(ReasonKind.MILESTONE_MISSED, 0.2, False, day=m.day, label=m.label))
        elif m.state is MilestoneState.HIT:
            reasons.append(Reason(ReasonKind.MILESTONE_HIT, 0.08, True, day=m.day, label=m.label))
    return reasons


def _trend_reasons(paces: Sequence[WeekPace]) -> list[Reason]:
    """Return a reason when the pace rose (or fell) at least two logged weeks running, up to now."""
    rises = falls = 0
    for before, after in zip(paces[-2::-1], paces[::-1], strict=False):
        if after.pace > before.pace and not falls:
            rises += 1
        elif after.pace < before.pace and not rises:
            falls += 1
        else:
            break
    if rises >= 2:
        return [Reason(ReasonKind.PACE_RISING, 0.05 * rises, True, weeks=rises)]
    if falls >= 2:
        return [Reason(ReasonKind.PACE_FALLING, 0.05 * falls, False, weeks=falls)]
    return []


def _data_reasons(status: RampStatus) -> list[Reason]:
    if status.logged_weeks < 3:
        return [Reason(ReasonKind.FEW_WEEKS, 1.0, None, weeks=status.logged_weeks)]  # always shown
    return []
