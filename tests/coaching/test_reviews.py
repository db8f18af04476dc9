import datetime as dt

import pytest

from coaching.errors import Code, FormProblems, problem
from coaching.plans import ReviewCadence
from coaching.review_form import (
    ActionItem,
    Assessment,
    Decision,
    Owner,
    RawReview,
    is_drive_by,
    parse_review,
    thin_signs,
)
from coaching.review_schedule import Slot, review_slots

START = dt.date(2026, 10, 5)  # a Monday
TODAY = dt.date(2026, 11, 26)
TASKS = ["Runs discovery on the buyer's issues", "Multi-threads to the true buyers"]
EVIDENCE = "Sat in on 3 discovery calls: she let the buyer talk and found the budget owner on 2 of them."


def raw(**overrides: object) -> RawReview:
    values: dict[str, object] = {
        "ratings": {"0": "4", "1": "2"},
        "people": "Coaching focus: multi-threading.",
        "control": None,
        "environment": None,
        "evidence": EVIDENCE,
        "assessment": "needs support",
        "decision": None,
        "actions": "rep: add a second contact in 5 accounts by 2026-12-04\nme: join two calls by Dec 2",
        "next_review": dt.date(2026, 12, 10),
    }
    return RawReview(**(values | overrides))  # type: ignore[arg-type]


def test_a_complete_review_is_parsed() -> None:
    review = parse_review(raw(), TASKS, checkpoint=False, today=TODAY)
    assert review.ratings == {TASKS[0]: 4, TASKS[1]: 2}
    assert review.assessment is Assessment.NEEDS_SUPPORT and review.decision is None
    assert review.actions == [
        ActionItem(Owner.REP, "add a second contact in 5 accounts", dt.date(2026, 12, 4)),
        ActionItem(Owner.MANAGER, "join two calls", dt.date(2026, 12, 2)),
    ]


def test_every_problem_is_named_at_once() -> None:
    bad = raw(
        ratings={"0": "4"},
        evidence="fine",
        assessment=None,
        actions="rep: call more by 2026-11-01\nsomebody do something\nrep: x by someday",
        next_review=TODAY,
    )
    with pytest.raises(FormProblems) as caught:
        parse_review(bad, TASKS, checkpoint=True, today=TODAY)
    errors = caught.value.errors
    assert set(errors) == {"rating:1", "evidence", "assessment", "decision", "actions", "next_review"}
    assert errors["evidence"] == [problem(Code.EVIDENCE_TOO_SHORT, min=80, length=4)]
    assert errors["actions"] == [
        problem(Code.DUE_IN_THE_PAST, line=1, due=dt.date(2026, 11, 1)),
        problem(Code.ACTION_SHAPE, line=2),
        problem(Code.DUE_NOT_A_DATE, line=3, raw="someday"),
    ]


def test_more_than_three_action_items_are_refused() -> None:
    four = "\n".join(f"rep: item {n} by 2026-12-0{n}" for n in range(1, 5))
    with pytest.raises(FormProblems) as caught:
        parse_review(raw(actions=four), TASKS, checkpoint=False, today=TODAY)
    assert caught.value.errors == {"actions": [problem(Code.TOO_MANY_ACTIONS, max=3, actual=4)]}


def test_a_checkpoint_records_its_decision() -> None:
    review = parse_review(raw(decision="extend the ramp"), TASKS, checkpoint=True, today=TODAY)
    assert review.decision is Decision.EXTEND


def test_slots_run_every_two_weeks_then_monthly_with_checkpoints_on_working_days() -> None:
    slots = review_slots(ReviewCadence(), START, 90, dt.date(2027, 2, 28))
    due = [(s.due, s.checkpoint) for s in slots]
    assert due[:4] == [
        (dt.date(2026, 10, 19), None),
        (dt.date(2026, 11, 2), None),
        (dt.date(2026, 11, 3), 30),  # day 30 is Tuesday Nov 3
        (dt.date(2026, 11, 16), None),
    ]
    # Day 60 is Thursday Dec 3; day 90 is Saturday Jan 2, moved to Monday. After the ramp (it ends Jan 3),
    # monthly: Sunday Jan 31 moves to Monday Feb 1.
    assert due[4:] == [
        (dt.date(2026, 11, 30), None),
        (dt.date(2026, 12, 3), 60),
        (dt.date(2026, 12, 14), None),
        (dt.date(2026, 12, 28), None),
        (dt.date(2027, 1, 4), 90),
        (dt.date(2027, 2, 1), None),
    ]


def test_reviews_due_the_same_day_merge_into_the_checkpoint() -> None:
    cadence = ReviewCadence(every_weeks=2, checkpoints=[15])  # day 15 is the regular review's day
    slots = review_slots(cadence, START, 90, dt.date(2026, 10, 31))
    assert slots == [Slot(dt.date(2026, 10, 19), dt.date(2026, 10, 19), 15)]


def test_a_moved_slot_keeps_its_identity() -> None:
    slots = review_slots(
        ReviewCadence(),
        START,
        90,
        dt.date(2026, 10, 31),
        moved={dt.date(2026, 10, 19): dt.date(2026, 10, 22)},
    )
    assert slots[0] == Slot(dt.date(2026, 10, 19), dt.date(2026, 10, 22), None)


def test_a_manager_whose_reviews_are_repeatedly_thin_is_a_drive_by_signal() -> None:
    thin = thin_signs("ok", {"a": 3, "b": 3}, 40)
    assert thin == ["short evidence", "every rating the same", "done in under a minute"]
    solid = thin_signs(EVIDENCE * 2, {"a": 4, "b": 2}, 600)
    assert solid == []
    assert is_drive_by([thin, solid, thin]) and not is_drive_by([thin, solid, solid])
