"""The early call: a calibrated chance to finish the ramp on track, with typed reasons."""

import datetime as dt
from pathlib import Path

import pytest
import yaml

from coaching.activity import Enrollment, WeekLog
from coaching.calibration import Calibration
from coaching.early_call import FIRST_DAY, calibration_pairs, early_call, made_it, ramp_end
from coaching.early_call_reasons import Reason, ReasonKind
from coaching.plans import RampPlan, parse_plan
from tests.coaching.builders import make_plan

ROOT = Path(__file__).resolve().parents[2]
START = dt.date(2026, 1, 5)  # a Monday


@pytest.fixture(scope="module")
def plan() -> RampPlan:
    return parse_plan(yaml.safe_load((ROOT / "plans" / "ae-90.yml").read_text()))


def enrollment(plan: RampPlan) -> Enrollment:
    return Enrollment("U1", plan.id, plan.version, START)


def weeks(
    plan: RampPlan, pace: float, count: int, *, skip: tuple[int, ...] = (), **per_metric: float
) -> list[WeekLog]:
    """Return `count` weeks at `pace` times every target (a metric in `per_metric` at its own pace)."""
    return [
        WeekLog(
            START + dt.timedelta(weeks=i),
            {
                key: round(target * per_metric.get(key, pace))
                for key, target in zip(plan.keys, plan.weekly_targets[i], strict=True)
            },
        )
        for i in range(count)
        if i not in skip
    ]


def on_day(day: int) -> dt.date:
    return START + dt.timedelta(days=day - 1)


def test_there_is_no_call_before_day_21(plan: RampPlan) -> None:
    assert early_call(plan, enrollment(plan), weeks(plan, 1.0, 2), on_day(FIRST_DAY - 1)) is None
    assert early_call(plan, enrollment(plan), weeks(plan, 1.0, 2), on_day(FIRST_DAY)) is not None


def test_a_rep_at_the_plans_pace_is_likely_to_make_it_and_one_at_half_pace_is_not(plan: RampPlan) -> None:
    steady = early_call(plan, enrollment(plan), weeks(plan, 1.1, 6), on_day(45))
    slow = early_call(plan, enrollment(plan), weeks(plan, 0.5, 6), on_day(45))
    assert steady is not None and slow is not None
    assert steady.p_on_track > 0.7
    assert slow.p_on_track < 0.05


@pytest.mark.parametrize("pace", [0.5, 1.5])
def test_few_logged_weeks_give_a_less_certain_call_than_many(pace: float) -> None:
    flat = make_plan(length_days=91)  # the same targets every week, so every week's pace is exactly `pace`
    few = early_call(flat, enrollment(flat), weeks(flat, pace, 6, skip=(0, 1, 2, 3)), on_day(45))
    many = early_call(flat, enrollment(flat), weeks(flat, pace, 6), on_day(45))
    assert few is not None and many is not None
    assert abs(many.p_on_track - 0.5) > abs(few.p_on_track - 0.5)
    assert ReasonKind.FEW_WEEKS in {r.kind for r in few.reasons}


def test_missing_weeks_are_missing_data_not_zeros(plan: RampPlan) -> None:
    logged = weeks(plan, 1.0, 6)
    gaps = weeks(plan, 1.0, 6, skip=(2, 4))
    zeros = gaps + [WeekLog(START + dt.timedelta(weeks=i), dict.fromkeys(plan.keys, 0.0)) for i in (2, 4)]
    full, missing, zero = (
        early_call(plan, enrollment(plan), logs, on_day(45)) for logs in (logged, gaps, zeros)
    )
    assert full is not None and missing is not None and zero is not None
    assert abs(missing.p_on_track - full.p_on_track) < 0.15
    assert zero.p_on_track < missing.p_on_track - 0.3


def test_a_heavy_metric_far_behind_is_named_with_its_gap_and_weeks(plan: RampPlan) -> None:
    logs = weeks(plan, 1.0, 6, proposals=0.0, pipeline=0.5)
    call = early_call(plan, enrollment(plan), logs, on_day(45))
    assert call is not None
    assert call.p_on_track < 0.5
    pipeline = next(r for r in call.reasons if r.metric == "pipeline")
    assert pipeline.kind is ReasonKind.METRIC_BEHIND
    assert pipeline.pct == pytest.approx(0.5, abs=0.02)
    assert pipeline.weeks == 6
    assert 2 <= len(call.reasons) <= 3


def test_a_missed_milestone_is_a_reason(plan: RampPlan) -> None:
    call = early_call(plan, enrollment(plan), weeks(plan, 1.0, 6, meetings=0.2), on_day(45))
    assert call is not None
    missed = next(r for r in call.reasons if r.kind is ReasonKind.MILESTONE_MISSED)
    assert (missed.day, missed.label) == (30, "8 meetings booked")


def test_a_pace_rising_week_after_week_is_a_reason(plan: RampPlan) -> None:
    rising = [
        WeekLog(log.week_start, {k: round(v * (0.8 + 0.1 * i)) for k, v in log.values.items()})
        for i, log in enumerate(weeks(plan, 1.0, 6))
    ]
    call = early_call(plan, enrollment(plan), rising, on_day(45))
    assert call is not None
    assert call.p_on_track > 0.5
    trend = next(r for r in call.reasons if r.kind is ReasonKind.PACE_RISING)
    assert trend.weeks == 5


def test_a_funnel_stage_far_below_the_cohort_is_a_stall(plan: RampPlan) -> None:
    logs = weeks(plan, 0.8, 6, conversations=1.6, meetings=0.4)
    call = early_call(plan, enrollment(plan), logs, on_day(45), cohort={"conversations>meetings": 0.4})
    assert call is not None
    stall = next(r for r in call.reasons if r.kind is ReasonKind.FUNNEL_STALL)
    assert (stall.metric, stall.to_metric, stall.basis) == ("conversations", "meetings", "cohort")
    assert stall.factor == pytest.approx(4.0, rel=0.25)  # the rep converts 0.4 / 1.6 of the plan's 40%


def test_the_call_travels_as_json_without_words(plan: RampPlan) -> None:
    call = early_call(plan, enrollment(plan), weeks(plan, 0.6, 6), on_day(45))
    assert call is not None
    data = call.to_json()
    assert set(data) == {"p_on_track", "day", "reasons"}
    assert data["day"] == 45
    assert all(set(r) >= {"kind"} for r in data["reasons"])  # type: ignore[attr-defined]
    assert Reason(ReasonKind.PACE_RISING, 0.1, True, weeks=3).to_json() == {"kind": "pace_rising", "weeks": 3}


def test_after_the_ramp_the_call_is_the_outcome(plan: RampPlan) -> None:
    good, bad = weeks(plan, 1.2, plan.weeks), weeks(plan, 0.5, plan.weeks)
    end = ramp_end(plan, enrollment(plan))
    assert made_it(plan, enrollment(plan), good) is True
    assert made_it(plan, enrollment(plan), bad) is False
    assert made_it(plan, enrollment(plan), []) is None
    assert early_call(plan, enrollment(plan), good, end) is not None
    assert [hit for _, hit in calibration_pairs(plan, enrollment(plan), bad)] == [False, False, False]


def test_a_metric_at_zero_so_far_is_not_forecast_to_stay_at_zero(plan: RampPlan) -> None:
    # Proposals weigh 2 of 9: were they forecast to stay at zero, the rest would have to run near 2x.
    call = early_call(plan, enrollment(plan), weeks(plan, 1.2, 6, proposals=0.0), on_day(45))
    assert call is not None
    assert 0.45 < call.p_on_track < 0.7
    assert any(r.metric == "proposals" and r.kind is ReasonKind.METRIC_BEHIND for r in call.reasons)


def test_a_workspace_calibration_corrects_the_models_score(plan: RampPlan) -> None:
    humbler = Calibration(slope=0.5, intercept=0.0, ramps=30)
    raw = early_call(plan, enrollment(plan), weeks(plan, 1.2, 6), on_day(45))
    corrected = early_call(plan, enrollment(plan), weeks(plan, 1.2, 6), on_day(45), calibration=humbler)
    assert raw is not None and corrected is not None
    assert corrected.score == raw.score == raw.p_on_track
    assert corrected.p_on_track == pytest.approx(humbler.apply(raw.score))
    assert 0.5 < corrected.p_on_track < raw.p_on_track
