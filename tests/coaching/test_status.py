import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from coaching.activity import Enrollment, WeekLog
from coaching.status import MilestoneState, Status, ramp_status
from tests.coaching.builders import make_plan

START = dt.date(2026, 10, 5)  # a Monday
PLAN = make_plan(
    milestones=[
        {
            "day": 14,
            "kind": "threshold",
            "metric": "meetings",
            "at_least": 10,
            "label": "10 meetings by day 14",
        },
        {"day": 30, "kind": "confirm", "label": "Certified"},
    ],
    funnel=[{"metric": "calls"}, {"metric": "meetings", "expected_conversion": 0.1}],
)
ENROLLMENT = Enrollment("U1", "tiny", 1, START)


def week(n: int, **values: float) -> WeekLog:
    return WeekLog(START + dt.timedelta(weeks=n - 1), dict(values))


def on(day: int) -> dt.date:
    return START + dt.timedelta(days=day - 1)


def test_on_the_first_day_nothing_is_complete_and_there_is_no_data() -> None:
    status = ramp_status(PLAN, ENROLLMENT, [], on(1))
    assert (status.day, status.week, status.complete_weeks) == (1, 1, 0)
    assert status.status is Status.NO_DATA and status.attainment is None


def test_hitting_every_target_is_on_track() -> None:
    logs = [week(n, calls=60, meetings=6, pipeline=50000) for n in (1, 2)]
    status = ramp_status(PLAN, ENROLLMENT, logs, on(15))
    assert status.attainment == 1.0 and status.status is Status.ON_TRACK
    assert status.trend == [1.0, 1.0]


def test_unlogged_weeks_are_missing_not_zero() -> None:
    status = ramp_status(PLAN, ENROLLMENT, [week(2, calls=60, meetings=6, pipeline=50000)], on(15))
    assert status.missing_weeks == [START]
    assert status.logged_weeks == 1
    assert status.attainment == 1.0  # the missing week does not drag the logged one down
    assert status.trend == [None, 1.0]


def test_logged_zeros_are_behind() -> None:
    status = ramp_status(PLAN, ENROLLMENT, [week(1, calls=0, meetings=0, pipeline=0)], on(8))
    assert status.attainment == 0.0 and status.status is Status.BEHIND


def test_a_threshold_milestone_reached_late_is_still_missed() -> None:
    logs = [week(1, meetings=4), week(2, meetings=4), week(3, meetings=4)]
    early = ramp_status(PLAN, ENROLLMENT, logs[:1], on(8))
    late = ramp_status(PLAN, ENROLLMENT, logs, on(22))
    assert early.milestones[0].state is MilestoneState.DUE
    assert late.milestones[0].state is MilestoneState.MISSED
    assert late.milestones[1].state is MilestoneState.DUE
    assert (
        ramp_status(PLAN, ENROLLMENT, logs, on(31)).milestones[1].state
        is MilestoneState.AWAITING_CONFIRMATION
    )


def test_the_stall_stage_is_the_conversion_furthest_below_plan() -> None:
    status = ramp_status(
        PLAN, ENROLLMENT, [week(1, calls=100, meetings=2)], on(8), cohort={"calls>meetings": 0.08}
    )
    (conversion,) = status.conversions
    assert (conversion.rate, conversion.expected, conversion.cohort) == (0.02, 0.1, 0.08)
    assert status.stall == "calls → meetings"


def test_after_the_ramp_the_week_stops_at_the_last_one() -> None:
    status = ramp_status(PLAN, ENROLLMENT, [], on(200))
    assert status.week == 13 and status.complete_weeks == 13


def test_the_projection_follows_recent_pace() -> None:
    logs = [week(n, calls=30, meetings=3, pipeline=25000) for n in (1, 2, 3)]
    assert ramp_status(PLAN, ENROLLMENT, logs, on(22)).projection == 0.5


values = st.fixed_dictionaries({}, optional={"calls": st.integers(0, 400), "meetings": st.integers(0, 40)})


@given(st.dictionaries(st.integers(1, 13), values, max_size=13), st.integers(-10, 120))
def test_status_is_defined_for_any_logs_and_any_day(weeks: dict[int, dict[str, int]], day: int) -> None:
    logs = [week(n, **{k: float(v) for k, v in vals.items()}) for n, vals in weeks.items()]
    status = ramp_status(PLAN, ENROLLMENT, logs, on(day))
    assert 0 <= status.complete_weeks <= 13
    assert status.logged_weeks + len(status.missing_weeks) == status.complete_weeks
    assert status.attainment is None or 0 <= status.attainment <= 2
    assert (status.attainment is None) == (status.status in (Status.NO_DATA, Status.NOT_STARTED)) or day < 1


def test_a_blank_metric_is_missing_data_not_zero() -> None:
    """Issue 13, defect 2: every logged metric at target, pipeline left blank, is on track at 100%."""
    status = ramp_status(PLAN, ENROLLMENT, [week(1, calls=60, meetings=6)], on(8))
    assert status.attainment == 1.0 and status.status is Status.ON_TRACK
    assert status.trend == [1.0]
    pipeline = status.metrics[2]
    assert (pipeline.actual, pipeline.target, pipeline.attainment) == (0.0, 0.0, None)
    assert pipeline.blank_weeks == 1


def test_a_blank_metric_counts_against_the_weeks_it_was_logged_only() -> None:
    logs = [week(1, calls=60, meetings=6), week(2, calls=60, meetings=6, pipeline=25000), week(3, calls=60)]
    status = ramp_status(PLAN, ENROLLMENT, logs, on(22))
    calls, meetings, pipeline = status.metrics
    assert (calls.target, meetings.target, pipeline.target) == (180, 12, 50000)
    assert (calls.blank_weeks, meetings.blank_weeks, pipeline.blank_weeks) == (0, 1, 2)
    assert status.attainment == (1 + 1 + 0.5) / 3
    assert status.trend == [1.0, 2.5 / 3, 1.0]


def test_logging_zero_is_not_the_same_as_leaving_blank() -> None:
    blank = ramp_status(PLAN, ENROLLMENT, [week(1, calls=60, meetings=6)], on(8))
    zero = ramp_status(PLAN, ENROLLMENT, [week(1, calls=60, meetings=6, pipeline=0)], on(8))
    assert blank.attainment == 1.0 and zero.attainment == 2 / 3
    assert zero.metrics[2].blank_weeks == 0


def test_a_metric_without_a_target_yet_has_no_attainment() -> None:
    plan = make_plan(
        metrics=[
            {"key": "calls", "label": "Calls", "max_per_week": 400, "target": {"full": 60}},
            {"key": "demos", "label": "Demos", "max_per_week": 40, "target": {"weekly": [0, 0, 2, 2]}},
        ],
        length_days=28,
    )
    status = ramp_status(plan, ENROLLMENT, [week(1, calls=60, demos=0), week(2, calls=60)], on(15))
    demos = status.metrics[1]
    assert (demos.target, demos.attainment, demos.blank_weeks) == (0.0, None, 0)
    assert status.attainment == 1.0


RAMPING = make_plan(
    metrics=[
        {
            "key": "calls",
            "label": "Calls",
            "max_per_week": 400,
            "target": {"full": 60, "start_share": 0.4, "ramp_weeks": 8},
        },
        {
            "key": "meetings",
            "label": "Meetings",
            "max_per_week": 40,
            "target": {"full": 10, "start_share": 0.3, "ramp_weeks": 8},
        },
    ],
)


def test_the_projection_follows_the_plans_ramp_up() -> None:
    """Issue 13, defect 4: a rep at 141% of a ramping plan to date is projected near 141%, not ~77%."""
    logs = [week(n, **{m.key: round(m.target_for(n) * 1.41) for m in RAMPING.metrics}) for n in (1, 2, 3, 4)]
    status = ramp_status(RAMPING, ENROLLMENT, logs, on(29))
    assert status.attainment is not None and status.projection is not None
    assert abs(status.attainment - 1.41) < 0.03
    assert abs(status.projection - 1.41) < 0.03
    assert status.pace is not None and abs(status.pace - 1.41) < 0.03
    assert status.status is Status.ON_TRACK


def test_the_projection_weighs_recent_pace_for_the_weeks_left() -> None:
    early = [
        week(n, calls=RAMPING.metrics[0].target_for(n), meetings=RAMPING.metrics[1].target_for(n))
        for n in (1, 2, 3)
    ]
    late = [
        week(n, calls=RAMPING.metrics[0].target_for(n) / 2, meetings=RAMPING.metrics[1].target_for(n) / 2)
        for n in (4, 5, 6)
    ]
    status = ramp_status(RAMPING, ENROLLMENT, early + late, on(43))
    assert status.pace == 0.5
    assert status.projection is not None and status.attainment is not None
    assert 0.5 < status.projection < status.attainment


def test_at_the_end_of_the_ramp_the_projection_is_the_attainment() -> None:
    logs = [week(n, calls=50, meetings=4) for n in range(1, 14)]
    status = ramp_status(PLAN, ENROLLMENT, logs, on(200))
    assert status.projection == status.attainment
