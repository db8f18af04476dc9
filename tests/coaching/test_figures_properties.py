"""Properties of the figures (issue 13) for random plans and logs, on the pure functions in coaching."""

import datetime as dt
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from coaching.activity import Enrollment, WeekLog
from coaching.plans import RampPlan, parse_plan
from coaching.ramp_facts import facts_from_logs
from coaching.status import ramp_status, status_from_facts
from storage.repo.facts_cache import decode, encode
from tests.coaching.builders import plan_dict

START = dt.date(2026, 10, 7)  # a Wednesday: week 1 is the week it falls in
ENROLLMENT = Enrollment("U1", "tiny", 1, START)
KEYS = ["calls", "meetings", "pipeline"]


def metric(key: str, target: dict[str, Any], weight: float) -> dict[str, Any]:
    # Currency metrics are not rounded to whole numbers, so k times the target is exactly k.
    return {"key": key, "label": key.title(), "unit": "currency", "max_per_week": 1e7} | {
        "target": target,
        "weight": weight,
    }


targets = st.one_of(
    st.builds(lambda full: {"full": full}, st.integers(1, 500)),
    st.builds(
        lambda full, share, ramp: {"full": full, "start_share": share, "ramp_weeks": ramp},
        st.integers(1, 500),
        st.sampled_from([0.1, 0.25, 0.5]),
        st.integers(1, 8),
    ),
    st.lists(st.integers(0, 50), min_size=6, max_size=6).map(lambda weekly: {"weekly": weekly}),
)


@st.composite
def plans(draw: st.DrawFn) -> RampPlan:
    metrics = [metric(key, draw(targets), draw(st.sampled_from([0.5, 1.0, 2.0]))) for key in KEYS]
    return parse_plan(plan_dict(length_days=42, metrics=metrics))


week_values = st.fixed_dictionaries({}, optional={k: st.integers(0, 800).map(float) for k in KEYS})
logs_strategy = st.dictionaries(st.integers(0, 5), week_values, max_size=6)
days = st.integers(-3, 60)


def as_logs(weeks: dict[int, dict[str, float]]) -> list[WeekLog]:
    monday = START - dt.timedelta(days=START.weekday())
    return [WeekLog(monday + dt.timedelta(weeks=i), values) for i, values in sorted(weeks.items())]


def on(day: int) -> dt.date:
    return START + dt.timedelta(days=day - 1)


@given(plans(), logs_strategy, days)
def test_the_cached_facts_give_the_same_status_as_the_logs(
    plan: RampPlan, weeks: dict[int, dict[str, float]], day: int
) -> None:
    facts = facts_from_logs(plan, ENROLLMENT, as_logs(weeks), on(day))
    cached = decode(encode(facts))
    assert cached == facts
    assert status_from_facts(plan, ENROLLMENT, cached, on(day)) == ramp_status(
        plan, ENROLLMENT, as_logs(weeks), on(day)
    )


@given(plans(), logs_strategy, days)
def test_every_figure_is_within_its_bounds(
    plan: RampPlan, weeks: dict[int, dict[str, float]], day: int
) -> None:
    status = ramp_status(plan, ENROLLMENT, as_logs(weeks), on(day))
    for figure in (status.attainment, status.projection, status.pace, *status.trend):
        assert figure is None or 0 <= figure <= 2
    assert status.logged_weeks + len(status.missing_weeks) == status.complete_weeks
    assert all(0 <= m.blank_weeks <= status.logged_weeks for m in status.metrics)
    assert (status.attainment is None) == (status.projection is None)


@given(plans(), logs_strategy, st.sampled_from(KEYS), days)
def test_a_blank_is_not_a_zero(
    plan: RampPlan, weeks: dict[int, dict[str, float]], key: str, day: int
) -> None:
    """Logging 0 where a metric was blank never raises attainment; leaving it blank never lowers it."""
    blank = {i: {k: v for k, v in values.items() if k != key} for i, values in weeks.items()}
    zero = {i: values | {key: 0.0} for i, values in blank.items()}
    with_blank = ramp_status(plan, ENROLLMENT, as_logs(blank), on(day)).attainment
    with_zero = ramp_status(plan, ENROLLMENT, as_logs(zero), on(day)).attainment
    if with_blank is not None and with_zero is not None:
        assert with_zero <= with_blank + 1e-9


@given(plans(), logs_strategy, st.sampled_from(KEYS), days)
def test_a_metric_never_logged_leaves_the_others_weighted_as_if_it_were_not_in_the_plan(
    plan: RampPlan, weeks: dict[int, dict[str, float]], key: str, day: int
) -> None:
    blank = {i: {k: v for k, v in values.items() if k != key} for i, values in weeks.items()}
    kept = [m.model_dump(mode="json") for m in plan.metrics if m.key != key]
    smaller = parse_plan(plan_dict(length_days=42, metrics=kept))
    full = ramp_status(plan, ENROLLMENT, as_logs(blank), on(day))
    without = ramp_status(smaller, ENROLLMENT, as_logs(blank), on(day))
    assert (full.attainment, full.trend) == (without.attainment, without.trend)


@given(plans(), st.sampled_from([0.5, 1.0, 1.41, 2.0]), st.integers(8, 60))
def test_a_steady_pace_relative_to_plan_is_the_attainment_trend_and_projection(
    plan: RampPlan, pace: float, day: int
) -> None:
    """A rep who logs k times every week's targets is at k, and is projected at k: the ramp-up is followed."""
    weekly = plan.weekly_targets
    weeks = {i: {k: pace * weekly[i][n] for n, k in enumerate(plan.keys)} for i in range(plan.weeks)}
    status = ramp_status(plan, ENROLLMENT, as_logs(weeks), on(day))
    for figure in (status.attainment, status.projection, *status.trend):
        assert figure is None or abs(figure - pace) < 1e-9


@given(plans(), logs_strategy)
def test_after_the_ramp_the_projection_is_the_attainment(
    plan: RampPlan, weeks: dict[int, dict[str, float]]
) -> None:
    status = ramp_status(plan, ENROLLMENT, as_logs(weeks), on(100))
    assert status.projection == status.attainment
