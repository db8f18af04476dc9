"""Milestones a manager confirms: Confirm is a hit, Not yet past the day a miss, then a late confirmation."""

import dataclasses
import datetime as dt

from coaching.activity import Enrollment
from coaching.milestone_marks import Mark, MilestoneMark, milestone_state, to_confirm, with_marks
from coaching.status import MilestoneState, ramp_status
from tests.coaching.builders import make_plan

AT = dt.datetime(2026, 11, 20, 15, tzinfo=dt.UTC)
LABEL = "Completed product certification"


def mark(kind: Mark, ramp_day: int, hours: int = 0) -> MilestoneMark:
    return MilestoneMark(LABEL, kind, "U0MGR", AT + dt.timedelta(hours=hours), ramp_day)


def test_without_a_mark_a_due_milestone_awaits_confirmation() -> None:
    assert milestone_state(LABEL, 14, [], 10) == (MilestoneState.DUE, False)
    assert milestone_state(LABEL, 14, [], 14) == (MilestoneState.AWAITING_CONFIRMATION, False)


def test_confirming_counts_as_hit() -> None:
    assert milestone_state(LABEL, 14, [mark(Mark.CONFIRMED, 14)], 20) == (MilestoneState.HIT, False)


def test_not_yet_counts_as_missed_only_after_the_due_day() -> None:
    assert milestone_state(LABEL, 14, [mark(Mark.NOT_YET, 14)], 14)[0] is MilestoneState.AWAITING_CONFIRMATION
    assert milestone_state(LABEL, 14, [mark(Mark.NOT_YET, 14)], 15)[0] is MilestoneState.MISSED


def test_a_confirmation_after_not_yet_past_the_day_is_a_late_hit() -> None:
    marks = [mark(Mark.NOT_YET, 15), mark(Mark.CONFIRMED, 22, hours=24 * 7)]
    assert milestone_state(LABEL, 14, marks, 30) == (MilestoneState.HIT, True)


def test_marks_of_another_milestone_do_not_count() -> None:
    other = dataclasses.replace(mark(Mark.CONFIRMED, 14), label="Shadowed a discovery call")
    assert milestone_state(LABEL, 14, [other], 20)[0] is MilestoneState.AWAITING_CONFIRMATION


def test_the_status_settles_confirm_milestones_and_lists_those_left_to_confirm() -> None:
    plan = make_plan(
        milestones=[
            {"day": 14, "kind": "confirm", "label": LABEL},
            {"day": 60, "kind": "confirm", "label": "Shadowed a discovery call"},
            {"day": 30, "kind": "threshold", "metric": "calls", "at_least": 50, "label": "50 calls"},
        ]
    )
    enrollment = Enrollment("U0REP", plan.id, plan.version, dt.date(2026, 10, 5))
    status = ramp_status(plan, enrollment, [], dt.date(2026, 11, 20))  # day 47
    assert [m.label for m in to_confirm(plan, status)] == [LABEL]
    settled = with_marks(plan, status, [mark(Mark.CONFIRMED, 47)])
    states = {m.label: m.state for m in settled.milestones}
    assert states[LABEL] is MilestoneState.HIT and states["50 calls"] is MilestoneState.MISSED
    assert to_confirm(plan, settled) == []
