"""A rep's ramp status on a given day: attainment, status, trend, projection, milestones and funnel."""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from coaching.activity import Enrollment, WeekLog
from coaching.plans import Milestone, RampPlan
from coaching.weeks import ramp_day, ramp_week, week_start

TREND_WEEKS = 3


class Status(StrEnum):
    ON_TRACK = "on track"
    AT_RISK = "at risk"
    BEHIND = "behind"
    NOT_STARTED = "not started"
    NO_DATA = "no data"


class MilestoneState(StrEnum):
    HIT = "hit"
    MISSED = "missed"
    DUE = "due"
    AWAITING_CONFIRMATION = "awaiting confirmation"


@dataclass(frozen=True)
class MetricProgress:
    key: str
    label: str
    actual: float
    target: float

    @property
    def attainment(self) -> float | None:
        return self.actual / self.target if self.target else None


@dataclass(frozen=True)
class MilestoneProgress:
    day: int
    label: str
    state: MilestoneState


@dataclass(frozen=True)
class Conversion:
    source: str
    target: str
    rate: float | None
    expected: float | None
    cohort: float | None


@dataclass(frozen=True)
class RampStatus:
    rep_id: str
    day: int
    week: int
    total_weeks: int
    complete_weeks: int
    logged_weeks: int
    missing_weeks: list[dt.date]
    metrics: list[MetricProgress]
    attainment: float | None
    status: Status
    trend: list[float | None]
    projection: float | None
    milestones: list[MilestoneProgress]
    conversions: list[Conversion]
    stall: str | None


def ramp_status(
    plan: RampPlan,
    enrollment: Enrollment,
    logs: Sequence[WeekLog],
    today: dt.date,
    cohort: Mapping[str, float] | None = None,
) -> RampStatus:
    """Return the rep's status on `today`. Only complete weeks count; unlogged weeks are missing, not zero."""
    day = ramp_day(enrollment.start, today)
    week = max(0, min(plan.weeks, ramp_week(enrollment.start, week_start(today))))
    complete = _complete_weeks(plan, enrollment, today)
    by_week = {log.week_start: log for log in logs}
    mondays = [week_start(enrollment.start) + dt.timedelta(weeks=n) for n in range(complete)]
    logged = [m for m in mondays if m in by_week]
    metrics = [
        _progress(plan, key, [by_week[m] for m in logged], [mondays.index(m) + 1 for m in logged])
        for key in (m.key for m in plan.metrics)
    ]
    attainment = _weighted(plan, metrics)
    conversions = _conversions(plan, [by_week[m] for m in logged], cohort or {})
    return RampStatus(
        rep_id=enrollment.rep_id,
        day=day,
        week=week,
        total_weeks=plan.weeks,
        complete_weeks=complete,
        logged_weeks=len(logged),
        missing_weeks=[m for m in mondays if m not in by_week],
        metrics=metrics,
        attainment=attainment,
        status=_status(plan, day, attainment),
        trend=_trend(plan, [by_week.get(m) for m in mondays], mondays),
        projection=_projection(plan, [by_week.get(m) for m in mondays]),
        milestones=[
            _milestone(m, day, _totals_by_day(logs, enrollment.start, m.day)) for m in plan.milestones
        ],
        conversions=conversions,
        stall=_stall(conversions),
    )


def _complete_weeks(plan: RampPlan, enrollment: Enrollment, today: dt.date) -> int:
    elapsed = (week_start(today) - week_start(enrollment.start)).days // 7
    return max(0, min(plan.weeks, elapsed))


def _progress(plan: RampPlan, key: str, logs: Sequence[WeekLog], weeks: Sequence[int]) -> MetricProgress:
    targets = plan.target_table[key]
    actual = sum(log.values.get(key, 0.0) for log in logs)
    target = sum(targets[w - 1] for w in weeks)
    return MetricProgress(key, plan.metric(key).label, actual, target)


def _weighted(plan: RampPlan, metrics: Sequence[MetricProgress]) -> float | None:
    weights = {m.key: m.weight for m in plan.metrics}
    scored = [(weights[m.key], min(m.attainment, 2.0)) for m in metrics if m.attainment is not None]
    total = sum(w for w, _ in scored)
    return sum(w * a for w, a in scored) / total if total else None


def _status(plan: RampPlan, day: int, attainment: float | None) -> Status:
    if day < 1:
        return Status.NOT_STARTED
    if attainment is None:
        return Status.NO_DATA
    if attainment >= plan.thresholds.on_track:
        return Status.ON_TRACK
    return Status.AT_RISK if attainment >= plan.thresholds.at_risk else Status.BEHIND


def _week_attainment(plan: RampPlan, log: WeekLog | None, week: int) -> float | None:
    if log is None:
        return None
    progress = [
        MetricProgress(m.key, m.label, log.values.get(m.key, 0.0), m.target_for(week)) for m in plan.metrics
    ]
    return _weighted(plan, progress)


def _trend(plan: RampPlan, logs: Sequence[WeekLog | None], mondays: Sequence[dt.date]) -> list[float | None]:
    """Return each of the last complete weeks' attainment (None where the week was not logged)."""
    recent = list(zip(logs, range(1, len(mondays) + 1), strict=True))[-TREND_WEEKS:]
    return [_week_attainment(plan, log, week) for log, week in recent]


def _projection(plan: RampPlan, logs: Sequence[WeekLog | None]) -> float | None:
    """Return the overall attainment at the end of the ramp if the recent logged pace holds."""
    recent = [(log, week) for week, log in enumerate(logs, 1) if log is not None][-TREND_WEEKS:]
    if not recent:
        return None
    projected = []
    for metric in plan.metrics:
        done = sum(log.values.get(metric.key, 0.0) for log in logs if log is not None)
        pace = sum(log.values.get(metric.key, 0.0) for log, _ in recent) / len(recent)
        remaining = plan.weeks - len(logs)
        total_target = sum(plan.target_table[metric.key])
        projected.append(MetricProgress(metric.key, metric.label, done + pace * remaining, total_target))
    return _weighted(plan, projected)


def metrics_total(logs: Sequence[WeekLog]) -> dict[str, float]:
    """Return each metric's cumulative total over the logs."""
    totals: dict[str, float] = {}
    for log in logs:
        for key, value in log.values.items():
            totals[key] = totals.get(key, 0.0) + value
    return totals


def _totals_by_day(logs: Sequence[WeekLog], start: dt.date, day: int) -> dict[str, float]:
    """Return cumulative totals of the weeks that began by ramp day `day` (a late hit is still a miss)."""
    last_monday = week_start(start + dt.timedelta(days=day - 1))
    return metrics_total([log for log in logs if log.week_start <= last_monday])


def _milestone(milestone: Milestone, day: int, totals: Mapping[str, float]) -> MilestoneProgress:
    if milestone.kind == "confirm":
        # Confirmations by a manager are not recorded yet, so nothing is claimed either way.
        state = MilestoneState.AWAITING_CONFIRMATION if day >= milestone.day else MilestoneState.DUE
        return MilestoneProgress(milestone.day, milestone.label, state)
    reached = totals.get(milestone.metric or "", 0.0) >= (milestone.at_least or 0.0)
    state = (
        MilestoneState.HIT
        if reached
        else (MilestoneState.MISSED if day > milestone.day else MilestoneState.DUE)
    )
    return MilestoneProgress(milestone.day, milestone.label, state)


def funnel_rates(plan: RampPlan, logs: Sequence[WeekLog]) -> dict[str, float]:
    """Return the conversion between consecutive funnel stages, keyed `source>target`."""
    totals = metrics_total(logs)
    rates = {}
    for source, target in zip(plan.funnel, plan.funnel[1:], strict=False):
        if totals.get(source.metric):
            rates[f"{source.metric}>{target.metric}"] = totals.get(target.metric, 0.0) / totals[source.metric]
    return rates


def _conversions(plan: RampPlan, logs: Sequence[WeekLog], cohort: Mapping[str, float]) -> list[Conversion]:
    rates = funnel_rates(plan, logs)
    return [
        Conversion(
            s.metric,
            t.metric,
            rates.get(f"{s.metric}>{t.metric}"),
            t.expected_conversion,
            cohort.get(f"{s.metric}>{t.metric}"),
        )
        for s, t in zip(plan.funnel, plan.funnel[1:], strict=False)
    ]


def _stall(conversions: Sequence[Conversion]) -> str | None:
    """Return the stage whose conversion falls furthest below its expectation (if any falls below)."""
    gaps = [
        (c.rate / c.expected, f"{c.source} → {c.target}")
        for c in conversions
        if c.rate is not None and c.expected
    ]
    worst = min(gaps, default=None)
    return worst[1] if worst and worst[0] < 1.0 else None
