"""The early call: the chance that a rep ends the ramp on track, and the reasons that weigh most.

The model (its assumptions are stated in the README, "The early call"):
- A logged week's pace is the rep's weighted activity over that week's weighted targets. Its logarithm is
  the rep's level plus a linear trend plus week-to-week noise: log pace ~ Normal(level + slope * week, σ²).
- Level and slope have a Normal prior (a typical rep works at the plan's pace; trends are modest), so a rep
  with few logged weeks is pulled towards the prior and gets a wide, honest uncertainty.
- The future level also wanders (a random walk), so the far future is less certain than next week.
- Each metric keeps its own pace relative to the rep's overall pace (shrunk towards it), so a rep far
  behind on one heavy metric is judged on that metric's share of the final score.
- Missing weeks are missing data: they count neither for nor against the pace, exactly as in the status.
- Leave stops the ramp clock (issue 16): the model works in the plan's weeks, the ramp's time. A real week
  counts as the plan week the ramp stood in on its Monday, with targets prorated to the days at work; a week
  fully on leave is not there at all, and two real weeks the ramp shares (partly on leave) make one.
The chance is the predictive probability that the final weighted attainment reaches the plan's `on_track`.
"""

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from coaching.activity import Enrollment, WeekLog
from coaching.calibration import Calibration
from coaching.early_call_reasons import Reason, WeekPace, top_reasons
from coaching.plans import RampPlan
from coaching.ramp_clock import RampClock, counted_weeks
from coaching.ramp_facts import week_index
from coaching.status import ramp_status
from coaching.weeks import week_start

FIRST_DAY = 21  # before this there is too little to say anything useful
CALIBRATION_DAYS = (30, 45, 60)  # the days of a completed ramp whose calls are checked against its end
_FLOOR = 0.25  # a week far below the pace counts as a quarter of it: low, not an outlier that swamps all


@dataclass(frozen=True)
class Assumptions:
    """The prior of the pace model; see the module docstring. Logs are natural logs of a pace ratio."""

    level_mean: float = -0.05  # a typical new rep works at about 95% of the plan's pace
    level_sd: float = 0.35  # most new reps are between half and twice the plan's pace
    slope_sd: float = 0.04  # per week: a pace that doubles within a ramp is rare
    noise_sd: float = 0.3  # a week's pace scatters about ±30% around the rep's level
    noise_weight: float = 4.0  # the noise prior counts as this many weeks
    drift_sd: float = 0.12  # per week: how far the level wanders from what the weeks so far show
    metric_shrink: float = 2.0  # weeks of evidence a metric needs to keep half of its own pace


DEFAULT_ASSUMPTIONS = Assumptions()
Weeks = dict[int, Mapping[str, float]]  # a logged plan week's values, by plan week index (0 = the first)
Targets = dict[int, tuple[float, ...]]  # its targets (prorated for leave), by the same index


@dataclass(frozen=True)
class EarlyCall:
    """The chance to finish on track on ramp day `day`, and the reasons that weigh most."""

    p_on_track: float
    day: int
    reasons: tuple[Reason, ...]
    score: float  # the model's own probability, before any recalibration on the workspace's ramps

    def to_json(self) -> dict[str, object]:
        return {
            "p_on_track": round(self.p_on_track, 3),
            "day": self.day,
            "reasons": [r.to_json() for r in self.reasons],
        }


@dataclass(frozen=True)
class _Forecast:
    level: float  # predictive mean of the log of the future pace
    sd: float  # its predictive standard deviation
    slope: float  # the posterior mean of the trend, per week


def early_call(
    plan: RampPlan,
    enrollment: Enrollment,
    logs: Sequence[WeekLog],
    today: dt.date,
    cohort: Mapping[str, float] | None = None,
    calibration: Calibration | None = None,
    assumptions: Assumptions = DEFAULT_ASSUMPTIONS,
    clock: RampClock | None = None,
) -> EarlyCall | None:
    """Return the early call on `today`, or None before day 21 of the ramp; `clock` holds the rep's
    leave, which stops day N and the ramp's weeks (None: the calendar's)."""
    status = ramp_status(plan, enrollment, logs, today, cohort, clock)
    if status.day < FIRST_DAY:
        return None
    complete = status.complete_weeks  # the plan's weeks the ramp has completed: leave stops them
    weeks, targets = _logged_weeks(
        plan, enrollment, logs, today, complete, clock or RampClock(enrollment.start)
    )
    paces = [WeekPace(i, _week_pace(plan, values, targets[i])) for i, values in sorted(weeks.items())]
    forecast = _forecast(paces, complete, plan.weeks, assumptions)
    score = _chance(plan, weeks, targets, complete, forecast, assumptions)
    p = calibration.apply(score) if calibration else score
    return EarlyCall(p, status.day, top_reasons(plan, status, weeks, paces, p, targets), score)


def _logged_weeks(
    plan: RampPlan,
    enrollment: Enrollment,
    logs: Sequence[WeekLog],
    today: dt.date,
    complete: int,
    clock: RampClock,
) -> tuple[Weeks, Targets]:
    """Return the values and targets of the logged weeks of the plan the ramp has completed, by plan
    week index (0 = the first). Without leave a real week is its plan week; with leave each complete real
    week counts as the plan week the ramp stood in on its Monday, with its targets prorated to the days
    at work, and real weeks the ramp shares add up (a week fully on leave adds nothing)."""
    counted = counted_weeks(plan, clock, today)
    weeks: Weeks = {}
    targets: Targets = {}
    for log in logs:
        i = week_index(enrollment.start, log.week_start)
        share = clock.availability(log.week_start)
        j = clock.ramp_week_index(log.week_start) if clock.stopped else i
        # A real week still running, fully on leave, or in a plan week the ramp has not finished: not yet.
        if not 0 <= i < counted or not share or j >= complete:
            continue
        week = tuple(t * share for t in plan.weekly_targets[j]) if clock.stopped else plan.weekly_targets[j]
        if j in weeks:
            weeks[j] = {k: weeks[j].get(k, 0.0) + log.values.get(k, 0.0) for k in {*weeks[j], *log.values}}
            week = tuple(a + b for a, b in zip(targets[j], week, strict=True))
        else:
            weeks[j] = log.values
        targets[j] = week
    return weeks, targets


def _share_weights(plan: RampPlan) -> list[float]:
    """Return each metric's weight per unit of its end-of-ramp target (0 for a metric without one)."""
    ends = plan.cumulative_targets[plan.weeks]
    total = sum(w for w, end in zip(plan.weights, ends, strict=True) if end)
    return [w / end / total if end else 0.0 for w, end in zip(plan.weights, ends, strict=True)]


def _week_pace(plan: RampPlan, values: Mapping[str, float], targets: Sequence[float]) -> float:
    """Return a week's weighted activity over its weighted targets (1.0 = exactly the plan's pace)."""
    shares = _share_weights(plan)
    done = sum(s * values.get(k, 0.0) for s, k in zip(shares, plan.keys, strict=True))
    due = sum(s * t for s, t in zip(shares, targets, strict=True))
    return done / due if due else 1.0


def _forecast(paces: Sequence[WeekPace], complete: int, total: int, a: Assumptions) -> _Forecast:
    """Return the predictive log pace over the weeks left, from a conjugate Normal model of the weeks so far.

    Week numbers are centred on the first week left, so `level` is the pace the rep is at now.
    """
    x = np.array([[1.0, p.index - complete] for p in paces]).reshape(-1, 2)
    y = np.array([math.log(max(p.pace, _FLOOR)) for p in paces])
    prior_prec = np.diag([a.level_sd**-2, a.slope_sd**-2])
    prior_mean = np.array([a.level_mean, 0.0])
    variance = a.noise_sd**2
    for _ in range(2):  # estimate the noise from the residuals, pulled towards its prior
        precision = prior_prec + x.T @ x / variance
        cov = np.linalg.inv(precision)
        mean = cov @ (prior_prec @ prior_mean + x.T @ y / variance)
        rss = float(np.sum((y - x @ mean) ** 2))
        variance = (a.noise_weight * a.noise_sd**2 + rss) / (a.noise_weight + len(y))
    left = total - complete
    ahead = (left - 1) / 2  # the middle of the weeks left, in weeks from now
    point = np.array([1.0, ahead])
    spread = float(point @ cov @ point) + variance / max(left, 1) + a.drift_sd**2 * left / 2
    # The final score adds weeks up, so it follows the arithmetic mean of the weekly paces, which is the
    # geometric one (what the logs model) raised by half the week-to-week variance.
    return _Forecast(float(point @ mean) + variance / 2, math.sqrt(spread), float(mean[1]))


def _chance(
    plan: RampPlan,
    weeks: Weeks,
    targets: Targets,
    complete: int,
    forecast: _Forecast,
    a: Assumptions,
) -> float:
    """Return P(final weighted attainment >= on_track) under the forecast of the future pace."""
    final = _final_attainment(plan, weeks, targets, complete, a)
    goal = plan.thresholds.on_track
    if complete >= plan.weeks or final(-8.0) >= goal or final(4.0) < goal:
        # Nothing is left to play for: the outcome no longer depends on the future pace.
        return 1.0 if final(forecast.level) >= goal else 0.0
    # scipy is imported on first use: a server that never shows the call stays ~70 MB smaller (issue 14).
    from scipy.optimize import brentq
    from scipy.stats import norm

    needed = brentq(lambda log_pace: final(log_pace) - goal, -8.0, 4.0, xtol=1e-6)
    return float(norm.sf(needed, loc=forecast.level, scale=forecast.sd))


def _final_attainment(
    plan: RampPlan, weeks: Weeks, targets: Targets, complete: int, a: Assumptions
) -> "_Final":
    """Return the final attainment as a function of the log of the future pace (rising in it)."""
    keys, n = plan.keys, len(plan.keys)
    done = [sum(v.get(k, 0.0) for v in weeks.values()) for k in keys]
    due = [sum(targets[i][m] for i in weeks) for m in range(n)]
    logged_share = (len(weeks) + 1) / (complete + 2)  # future weeks are logged about as often as past ones
    ahead = [
        logged_share * (plan.cumulative_targets[plan.weeks][m] - plan.cumulative_targets[complete][m])
        for m in range(n)
    ]
    shares = _share_weights(plan)
    overall = max(_ratio(_dot(shares, done), _dot(shares, due)), _FLOOR)
    shrink = len(weeks) / (len(weeks) + a.metric_shrink)
    # A metric at zero so far is not assumed to stay at zero: it gets at least the floor's share of the pace.
    relative = [
        (max(_ratio(done[m], due[m]), _FLOOR) / overall) ** shrink if due[m] else 1.0 for m in range(n)
    ]
    return _Final(plan, done, due, ahead, relative)


@dataclass(frozen=True)
class _Final:
    """The final weighted attainment (as `coaching.status` scores it) for a given future log pace."""

    plan: RampPlan
    done: list[float]
    due: list[float]
    ahead: list[float]
    relative: list[float]

    def __call__(self, log_pace: float) -> float:
        pace = math.exp(log_pace)
        total = score = 0.0
        for m, weight in enumerate(self.plan.weights):
            target = self.due[m] + self.ahead[m]
            if target:
                actual = self.done[m] + pace * self.relative[m] * self.ahead[m]
                total += weight
                score += weight * min(actual / target, 2.0)
        return score / total if total else 0.0


def _dot(a: Sequence[float], b: Sequence[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 1.0


def ramp_end(plan: RampPlan, enrollment: Enrollment, clock: RampClock | None = None) -> dt.date:
    """Return the first day after the ramp's last week: from then on every week of the ramp is complete.
    Leave on the rep's `clock` moves it later."""
    end = week_start(enrollment.start) + dt.timedelta(weeks=plan.weeks)
    return clock.real_date(end) if clock else end


def made_it(
    plan: RampPlan, enrollment: Enrollment, logs: Sequence[WeekLog], clock: RampClock | None = None
) -> bool | None:
    """Return whether the ramp ended on track (what the early call predicts), or None with no data."""
    final = ramp_status(plan, enrollment, logs, ramp_end(plan, enrollment, clock), clock=clock).attainment
    return None if final is None else final >= plan.thresholds.on_track


def calibration_pairs(
    plan: RampPlan,
    enrollment: Enrollment,
    logs: Sequence[WeekLog],
    days: Sequence[int] = CALIBRATION_DAYS,
    clock: RampClock | None = None,
) -> list[tuple[float, bool]]:
    """Return (model score, outcome) on each ramp day of `days` of a completed ramp (the real day it fell
    on, after any leave), to recalibrate the model on."""
    outcome = made_it(plan, enrollment, logs, clock)
    if outcome is None:
        return []
    pairs = []
    for day in days:
        ramp_day = enrollment.start + dt.timedelta(days=day - 1)
        on = clock.real_date(ramp_day) if clock else ramp_day
        call = early_call(plan, enrollment, logs, on, clock=clock)
        if call is not None:
            pairs.append((call.score, outcome))
    return pairs
