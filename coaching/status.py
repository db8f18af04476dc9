"""A rep's ramp status on a given day: attainment, status, trend, projection, milestones and funnel."""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from coaching.activity import Enrollment, WeekLog, WeekSummary
from coaching.plans import Milestone, RampPlan
from coaching.ramp_clock import RampClock, counted_weeks, week_targets
from coaching.ramp_facts import RampFacts, complete_weeks, facts_from_logs, first_week, trend_window
from coaching.weeks import ramp_week, week_start

CAP = 2.0  # a metric counts for at most twice its target, so one huge number can't hide the others


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
    """A metric over the weeks it was logged; `blank_weeks`: logged weeks it was blank with a target."""

    key: str
    label: str
    actual: float
    target: float
    blank_weeks: int = 0

    @property
    def attainment(self) -> float | None:
        """Return actual over target; None while the target is 0 (no target yet, or never logged)."""
        return self.actual / self.target if self.target else None


@dataclass(frozen=True)
class MilestoneProgress:
    day: int
    label: str
    state: MilestoneState
    late: bool = False  # a confirm milestone confirmed after a "not yet" past its day


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
    pace: float | None = None  # the recent weeks' attainment the projection assumes for the weeks left
    last_logged: dt.date | None = None  # the latest week logged, complete or not

    @property
    def weeks_left(self) -> int:
        """Return the plan's weeks still to come after the complete ones: what the projection projects."""
        return self.total_weeks - self.complete_weeks

    @property
    def blank_metrics(self) -> list[MetricProgress]:
        """Return the metrics left blank in some logged week: missing data the status should name."""
        return [m for m in self.metrics if m.blank_weeks]


def ramp_status(
    plan: RampPlan,
    enrollment: Enrollment,
    logs: Sequence[WeekLog],
    today: dt.date,
    cohort: Mapping[str, float] | None = None,
    clock: RampClock | None = None,
) -> RampStatus:
    """Return the rep's status on `today`. Only complete weeks count; unlogged weeks are missing, not zero."""
    facts = facts_from_logs(plan, enrollment, logs, today, clock)
    return status_from_facts(plan, enrollment, facts, today, cohort, clock)


def status_from_facts(
    plan: RampPlan,
    enrollment: Enrollment,
    facts: RampFacts,
    today: dt.date,
    cohort: Mapping[str, float] | None = None,
    clock: RampClock | None = None,
) -> RampStatus:
    """Return the rep's status on `today` from the sums of their logs (see `coaching.ramp_facts`).

    `clock` holds the rep's leave: day N, week W and the weeks still to come stand still during leave,
    weeks fully on leave are neither due nor missing, and a week partly on leave has prorated targets.
    After a replan that kept the day count, the weeks and milestones before it are the earlier plan's.
    """
    clock = clock or RampClock(enrollment.start)
    ramp_today = clock.ramp_date(today)
    day = clock.ramp_day(today)
    week = max(0, min(plan.weeks, ramp_week(enrollment.start, week_start(ramp_today))))
    complete = counted_weeks(plan, clock, today)
    ramp_complete = complete_weeks(plan, enrollment.start, ramp_today)
    weekly = week_targets(plan, clock, complete)
    away = {i for i in range(complete) if clock.availability(_monday(clock, i)) == 0}
    logged = sorted(facts.logged)
    actuals = [facts.totals.get(key, 0.0) for key in plan.keys]
    targets = _targets(plan, facts, complete, weekly, clock.stopped)
    metrics = [
        MetricProgress(m.key, m.label, actual, target, _blank_weeks(plan, n, facts))
        for n, (m, actual, target) in enumerate(zip(plan.metrics, actuals, targets, strict=True))
    ]
    conversions = _conversions(plan, facts.totals, cohort or {})
    attainment = _score(plan, actuals, targets)
    pace = _pace(plan, facts, complete, actuals, targets, weekly)
    first_monday = week_start(enrollment.start)
    return RampStatus(
        rep_id=enrollment.rep_id,
        day=day,
        week=week,
        total_weeks=plan.weeks,
        complete_weeks=ramp_complete,
        logged_weeks=len(logged),
        missing_weeks=[
            first_monday + dt.timedelta(weeks=i)
            for i in range(first_week(enrollment), complete)
            if i not in facts.logged and i not in away
        ],
        metrics=metrics,
        attainment=attainment,
        status=_status(plan, day, attainment),
        trend=[_week_score(plan, facts.recent.get(i), weekly[i]) for i in trend_window(complete)],
        projection=_projection(plan, ramp_complete, actuals, targets, pace),
        pace=_score(plan, [p or 0.0 for p in pace], [0.0 if p is None else 1.0 for p in pace]),
        milestones=[
            _milestone(m, day, total)
            for m, total in zip(plan.milestones, facts.milestone_totals, strict=True)
            if m.day >= _first_day(enrollment, clock)
        ],
        conversions=conversions,
        stall=_stall(conversions),
        last_logged=facts.last_logged,
    )


def _first_day(enrollment: Enrollment, clock: RampClock) -> int:
    """Return the ramp day this plan took over on: 1, or a later day after a replan that kept the count."""
    return clock.ramp_day(enrollment.counted_from) if enrollment.counted_from else 1


def _monday(clock: RampClock, week: int) -> dt.date:
    return week_start(clock.start) + dt.timedelta(weeks=week)


def _targets(
    plan: RampPlan,
    facts: RampFacts,
    complete: int,
    weekly: Sequence[Sequence[float]],
    on_leave: bool,
) -> list[float]:
    """Return each metric's target summed over the weeks it was logged: a blank is missing, not zero."""
    # With leave the counted weeks can run past the plan's length: the running sum no longer applies.
    cumulative = plan.cumulative_targets[min(complete, plan.weeks)]
    targets = []
    for n, key in enumerate(plan.keys):
        weeks = facts.metric_weeks.get(key, frozenset())
        # logged every complete week, and no leave: the plan's running sum
        full = len(weeks) == complete and not on_leave
        targets.append(cumulative[n] if full else sum(weekly[i][n] for i in weeks if i < complete))
    return targets


def _blank_weeks(plan: RampPlan, n: int, facts: RampFacts) -> int:
    """Return how many logged weeks left metric `n` blank while it had a target."""
    weeks = facts.logged - facts.metric_weeks.get(plan.keys[n], frozenset())
    return sum(1 for i in weeks if plan.weekly_targets[min(i, plan.weeks - 1)][n])


def _score(plan: RampPlan, actuals: Sequence[float], targets: Sequence[float]) -> float | None:
    """Return the weighted attainment: each metric's actual over target, capped at 2, weighted by the plan."""
    total = score = 0.0
    for weight, actual, target in zip(plan.weights, actuals, targets, strict=True):
        if target:
            total += weight
            score += weight * min(actual / target, CAP)
    return score / total if total else None


def _status(plan: RampPlan, day: int, attainment: float | None) -> Status:
    if day < 1:
        return Status.NOT_STARTED
    if attainment is None:
        return Status.NO_DATA
    if attainment >= plan.thresholds.on_track:
        return Status.ON_TRACK
    return Status.AT_RISK if attainment >= plan.thresholds.at_risk else Status.BEHIND


def summary_attainment(plan: RampPlan, summary: WeekSummary) -> float | None:
    """Return a logged week's weighted attainment against its summary's targets, prorated for leave:
    the status trend's figure for that week. Only the metrics logged that week count: a blank one is
    missing data, and its weight goes to the others."""
    values = {line.key: line.actual for line in summary.lines if line.actual is not None}
    return _week_score(plan, values, [line.target for line in summary.lines])


def _week_score(
    plan: RampPlan, values: Mapping[str, float] | None, week_targets: Sequence[float]
) -> float | None:
    if values is None:
        return None
    actuals = [values.get(key, 0.0) for key in plan.keys]
    targets = [t if key in values else 0.0 for key, t in zip(plan.keys, week_targets, strict=True)]
    return _score(plan, actuals, targets)


def _pace(
    plan: RampPlan,
    facts: RampFacts,
    complete: int,
    actuals: Sequence[float],
    targets: Sequence[float],
    weekly: Sequence[Sequence[float]],
) -> list[float | None]:
    """Return each metric's recent pace relative to plan: actual over target in the last logged weeks.

    A metric with no target in those weeks keeps its pace to date; one never logged has none.
    """
    paces: list[float | None] = []
    for n, key in enumerate(plan.keys):
        weeks = [i for i in trend_window(complete) if key in facts.recent.get(i, {})]
        target = sum(weekly[i][n] for i in weeks)
        if target:
            paces.append(min(sum(facts.recent[i][key] for i in weeks) / target, CAP))
        else:
            paces.append(min(actuals[n] / targets[n], CAP) if targets[n] else None)
    return paces


def _projection(
    plan: RampPlan,
    complete: int,
    actuals: Sequence[float],
    targets: Sequence[float],
    pace: Sequence[float | None],
) -> float | None:
    """Return the attainment at the end of the ramp: what is done, plus the plan's targets still to come
    at the recent pace. It follows the plan's ramp-up, and counts logged weeks only, like attainment.
    """
    left = [
        end - done
        for end, done in zip(
            plan.cumulative_targets[plan.weeks], plan.cumulative_targets[complete], strict=True
        )
    ]
    projected = [a + (p or 0.0) * rest for a, p, rest in zip(actuals, pace, left, strict=True)]
    ends = [t + rest if p is not None else 0.0 for t, p, rest in zip(targets, pace, left, strict=True)]
    return _score(plan, projected, ends)


def _milestone(milestone: Milestone, day: int, total: float) -> MilestoneProgress:
    if milestone.kind == "confirm":
        # Confirmations by a manager are not recorded yet, so nothing is claimed either way.
        state = MilestoneState.AWAITING_CONFIRMATION if day >= milestone.day else MilestoneState.DUE
        return MilestoneProgress(milestone.day, milestone.label, state)
    reached = total >= (milestone.at_least or 0.0)
    state = (
        MilestoneState.HIT
        if reached
        else (MilestoneState.MISSED if day > milestone.day else MilestoneState.DUE)
    )
    return MilestoneProgress(milestone.day, milestone.label, state)


def funnel_rates(plan: RampPlan, totals: Mapping[str, float]) -> dict[str, float]:
    """Return the conversion between consecutive funnel stages, keyed `source>target`."""
    rates = {}
    for source, target in zip(plan.funnel, plan.funnel[1:], strict=False):
        if totals.get(source.metric):
            rates[f"{source.metric}>{target.metric}"] = totals.get(target.metric, 0.0) / totals[source.metric]
    return rates


def _conversions(
    plan: RampPlan, totals: Mapping[str, float], cohort: Mapping[str, float]
) -> list[Conversion]:
    rates = funnel_rates(plan, totals)
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
