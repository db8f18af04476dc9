"""A replan (issue 16): each plan period is read against its own plan, not the whole ramp against the last."""

import datetime as dt

from coaching.activity import Enrollment, WeekLog
from coaching.plan_periods import PlanPeriod, ended_period, enrollment_on, still_earlier
from coaching.plans import RampPlan
from coaching.status import ramp_status
from tests.coaching.builders import make_plan

NOV_2 = dt.date(2026, 11, 2)  # a Monday: the rep's day 1
SWITCH = NOV_2 + dt.timedelta(weeks=4)  # Mon Nov 30, day 29: the new plan takes over
TODAY = NOV_2 + dt.timedelta(weeks=8)  # four complete weeks on each plan


def calls(weekly: int, **extra: object) -> dict[str, object]:
    return {
        "key": "calls",
        "label": "Calls",
        "max_per_week": 400,
        "target": {"weekly": [weekly] * 13},
    } | extra


SDR: RampPlan = make_plan(id="sdr", metrics=[calls(100)])
AE: RampPlan = make_plan(
    id="ae",
    metrics=[
        calls(20),
        {"key": "demos", "label": "Demos", "max_per_week": 40, "target": {"weekly": [5] * 13}},
    ],
    milestones=[
        {"day": 14, "kind": "threshold", "metric": "demos", "at_least": 2, "label": "2 demos"},
        {"day": 45, "kind": "threshold", "metric": "demos", "at_least": 10, "label": "10 demos"},
    ],
)
ON_SDR = Enrollment("U1", "sdr", 1, NOV_2)
KEPT_DAY = Enrollment("U1", "ae", 1, NOV_2, counted_from=SWITCH)
# Four weeks on plan on the SDR plan (100 calls), then four weeks on plan on the AE plan.
LOGS = [WeekLog(NOV_2 + dt.timedelta(weeks=w), {"calls": 100.0}) for w in range(4)] + [
    WeekLog(NOV_2 + dt.timedelta(weeks=w), {"calls": 20.0, "demos": 5.0}) for w in range(4, 8)
]


def test_after_a_kept_day_replan_only_the_weeks_since_count_against_the_new_plan() -> None:
    status = ramp_status(AE, KEPT_DAY, LOGS, TODAY)

    assert status.day == 57 and status.attainment == 1.0
    assert status.logged_weeks == 4 and status.missing_weeks == []
    # The day-14 milestone was the SDR plan's time: it is neither hit nor missed on the AE plan.
    assert [(m.label, m.state.value) for m in status.milestones] == [("10 demos", "hit")]


def test_reading_the_whole_ramp_against_the_new_plan_would_double_the_sdr_weeks() -> None:
    whole = ramp_status(AE, Enrollment("U1", "ae", 1, NOV_2), LOGS, TODAY)

    # The SDR weeks' 100 calls against the AE plan's 20: capped at twice, and "2 demos" missed.
    assert whole.attainment is not None and whole.attainment > 1.2
    assert ("2 demos", "missed") in [(m.label, m.state.value) for m in whole.milestones]


def test_the_earlier_period_is_read_against_its_own_plan_up_to_the_switch() -> None:
    period = ended_period(ON_SDR, SWITCH)

    assert period == PlanPeriod(ON_SDR, SWITCH - dt.timedelta(days=1))
    status = ramp_status(SDR, period.enrollment, LOGS, period.reading_day(TODAY))
    assert (status.attainment, status.logged_weeks, status.missing_weeks) == (1.0, 4, [])


def test_a_period_still_in_force_is_read_today() -> None:
    later = ended_period(ON_SDR, TODAY + dt.timedelta(days=10))  # a replan from a later date

    assert later is not None and later.reading_day(TODAY) == TODAY


def test_a_plan_that_never_took_over_leaves_no_period() -> None:
    starts_later = Enrollment("U1", "ae", 1, TODAY + dt.timedelta(days=7))

    assert ended_period(starts_later, TODAY + dt.timedelta(days=7)) is None


def test_each_week_is_read_against_the_plan_in_force_that_week() -> None:
    earlier = [PlanPeriod(ON_SDR, SWITCH - dt.timedelta(days=1))]
    weeks = [NOV_2 + dt.timedelta(weeks=w) for w in range(8)]

    assert [enrollment_on(m, KEPT_DAY, earlier).plan_id for m in weeks] == ["sdr"] * 4 + ["ae"] * 4
    restarted = Enrollment("U1", "ae", 1, SWITCH)  # a replan with its own day 1
    assert [enrollment_on(m, restarted, earlier).plan_id for m in weeks] == ["sdr"] * 4 + ["ae"] * 4
    assert enrollment_on(NOV_2, restarted, []) == restarted  # no earlier plan: the current one


def test_a_period_the_current_plan_overlaps_is_no_longer_earlier() -> None:
    ae_period = PlanPeriod(ON_SDR, SWITCH - dt.timedelta(days=1))

    assert still_earlier(Enrollment("U1", "ae", 1, SWITCH), [ae_period]) == [ae_period]
    assert still_earlier(KEPT_DAY, [ae_period]) == [ae_period]
    # A team file putting the rep back on the plan from the first day: the period is covered again.
    assert still_earlier(ON_SDR, [ae_period]) == []
