import datetime as dt

import pytest

from coaching.cohorts import ClassMember, compare_classes, hire_class

PLAN = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5]


def rep(
    rep_id: str, start: dt.date, *shares: float, segment: str | None = None, stall: str | None = None
) -> ClassMember:
    return ClassMember(rep_id, start, [0.0, *shares], PLAN, 0.9, segment, stall)


# A known cohort: the June class (three reps, five weeks in) and the September class (two reps, two weeks).
JUNE = dt.date(2026, 6, 1)
SEPT = dt.date(2026, 9, 7)
COHORT = [
    rep("a", JUNE, 0.1, 0.2, 0.3, 0.4, 0.5, stall="meetings"),  # on plan
    rep("b", JUNE + dt.timedelta(days=14), 0.05, 0.1, 0.15, stall="meetings"),  # half of plan
    rep("c", JUNE, 0.09, 0.19, 0.28, 0.37, 0.46),  # 95% of plan at week 2
    rep("d", SEPT, 0.1, 0.1, segment="EMEA", stall="demos"),  # week 2: 50%
    rep("e", SEPT + dt.timedelta(days=3), 0.2, 0.3, segment="NA"),  # week 2: 150%
]


def test_reps_are_grouped_by_the_month_they_started() -> None:
    assert hire_class(dt.date(2026, 9, 30)) == "2026-09"
    found = compare_classes(COHORT)
    assert [(c.hire_class, c.reps) for c in found.classes] == [("2026-06", 3), ("2026-09", 2)]
    assert found.classes[1].label == "Sep 2026"


def test_classes_are_compared_at_the_week_every_class_has_reached() -> None:
    found = compare_classes(COHORT)
    assert found.week == 2
    june, sept = found.classes
    assert june.median_attainment == pytest.approx(0.95)  # 1.0, 0.5, 0.95
    assert june.share_on_track == pytest.approx(2 / 3)
    assert sept.median_attainment == pytest.approx(1.0)  # median of 0.5 and 1.5
    assert sept.share_on_track == pytest.approx(0.5)


def test_the_stall_stage_is_the_one_the_class_most_often_stalls_at() -> None:
    june, sept = compare_classes(COHORT).classes
    assert june.stall == "meetings" and sept.stall == "demos"


def test_each_class_has_a_median_curve_for_the_chart() -> None:
    june, sept = compare_classes(COHORT).classes
    assert june.median_curve[:4] == pytest.approx((0.0, 0.09, 0.19, 0.28))
    assert len(june.median_curve) == 6 and len(sept.median_curve) == 3


def test_segments_split_a_class_when_asked() -> None:
    found = compare_classes(COHORT, by_segment=True)
    assert [c.label for c in found.classes] == ["Jun 2026", "Sep 2026 · EMEA", "Sep 2026 · NA"]


def test_no_complete_week_compares_nothing() -> None:
    found = compare_classes([rep("x", SEPT)])
    assert found.week == 0 and found.classes[0].median_attainment is None
