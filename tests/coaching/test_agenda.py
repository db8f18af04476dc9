import datetime as dt

import pytest

from coaching.activity import Enrollment, WeekLog
from coaching.agenda import nudge_follow_up, one_on_one_agenda, weakest_metric
from coaching.nudge_adoption import Adoption, Window
from coaching.nudges import InsightRef
from coaching.review_form import ActionItem, Owner
from coaching.status import RampStatus, ramp_status
from coaching.touches import Stage
from tests.coaching.builders import make_plan

START = dt.date(2026, 10, 5)
PLAN = make_plan(
    milestones=[
        {"day": 14, "kind": "threshold", "metric": "meetings", "at_least": 10, "label": "10 meetings"},
        {"day": 30, "kind": "confirm", "label": "Certified"},
        {"day": 60, "kind": "confirm", "label": "Solo demo"},
    ],
)
ENROLLMENT = Enrollment("U1", "tiny", 1, START)
TODAY = START + dt.timedelta(days=20)  # day 21


def status_with(**values: float) -> RampStatus:
    logs = [WeekLog(START + dt.timedelta(weeks=n), dict(values)) for n in range(3)]
    return ramp_status(PLAN, ENROLLMENT, logs, TODAY)


def test_action_items_split_into_overdue_and_open_oldest_first() -> None:
    items = [
        ActionItem(Owner.REP, "second contact", TODAY + dt.timedelta(days=3)),
        ActionItem(Owner.MANAGER, "join a call", TODAY - dt.timedelta(days=2)),
        ActionItem(Owner.REP, "today's", TODAY),
    ]
    agenda = one_on_one_agenda(None, items, TODAY)
    assert [a.text for a in agenda.overdue] == ["join a call"]
    assert [a.text for a in agenda.open] == ["today's", "second contact"]


def test_the_weakest_metric_is_the_one_furthest_behind_plan() -> None:
    status = status_with(calls=1000, meetings=0.5)
    weakest = weakest_metric(status)
    assert weakest is not None and weakest.key == "meetings"


def test_nothing_is_weakest_when_every_metric_is_on_plan() -> None:
    assert weakest_metric(status_with(calls=10_000, meetings=1000)) is None


def test_milestones_coming_up_within_three_weeks_only_and_the_last_note_is_quoted() -> None:
    agenda = one_on_one_agenda(status_with(calls=1, meetings=1), [], TODAY, last_note="  Lost the big deal  ")
    assert [m.label for m in agenda.milestones] == ["Certified"]  # day 30 ahead; day 60 too far, 14 past
    assert agenda.last_note == "Lost the big deal" and not agenda.empty


def test_a_nudge_is_adopted_when_the_rep_uses_the_better_approach_more_than_before() -> None:
    ref = InsightRef("template", Stage.FOLLOW_UP, "pain-follow", "demo-follow")
    more = Adoption(START, Window(10, 2, 1), Window(10, 6, 3))
    less = Adoption(START, Window(10, 6, 3), Window(10, 2, 1))
    unknown = Adoption(START, Window(0, 0, 0), Window(10, 6, 3))
    assert nudge_follow_up("2026-W41", ref, more).adopted is True
    assert nudge_follow_up("2026-W41", ref, more).lift == pytest.approx(0.2)
    assert nudge_follow_up("2026-W41", ref, less).adopted is False
    assert nudge_follow_up("2026-W41", ref, unknown).adopted is None


def test_an_agenda_with_nothing_to_raise_is_empty() -> None:
    assert one_on_one_agenda(None, [], TODAY, last_note="   ").empty
