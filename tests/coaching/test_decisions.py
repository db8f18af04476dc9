"""Checkpoint decisions: checking what a manager wrote, and how each decision acts on the ramp."""

import datetime as dt

import pytest

from coaching.cadence import Ramp
from coaching.decision_digest import DueDecision, decision_digest
from coaching.decisions import (
    DecisionInput,
    Goal,
    Outcome,
    StoredDecision,
    checkpoint_review,
    decided_ramp,
    effective_plan,
    parse_decision,
    parted,
    performance_plan,
    ramp_ended,
    suggested_decision,
)
from coaching.early_call import EarlyCall
from coaching.errors import Code, FormProblems, problem
from coaching.review_form import Decision, RawReview
from coaching.status import MilestoneProgress, MilestoneState
from tests.coaching.builders import make_plan

TODAY = dt.date(2026, 11, 20)
START = dt.date(2026, 10, 5)
WHY = "Pace is behind on meetings but rising; four more weeks at full pace will show it."
MILESTONES = [
    {"day": 30, "kind": "confirm", "label": "Certified"},
    {"day": 90, "kind": "threshold", "metric": "calls", "at_least": 500, "label": "500 calls"},
]


def made(kind: Decision, on: dt.date = TODAY, weeks: int | None = None, n: int = 1) -> StoredDecision:
    return StoredDecision(
        n, "U0REP", DecisionInput(kind, WHY, weeks), "U0MGR", dt.datetime(2026, 11, 20, tzinfo=dt.UTC), on, 30
    )


def test_a_decision_needs_a_reason_and_what_its_kind_needs() -> None:
    with pytest.raises(FormProblems) as caught:
        parse_decision(Decision.EXTEND, "ok", "", None, None, TODAY)
    assert set(caught.value.errors) == {"decision_why", "decision_weeks"}
    with pytest.raises(FormProblems) as caught:
        parse_decision(Decision.PERFORMANCE_PLAN, WHY, None, "a\nb\nc\nd", TODAY, TODAY)
    assert set(caught.value.errors) == {"decision_goals", "decision_by"}
    with pytest.raises(FormProblems) as caught:
        parse_decision(Decision.EXTEND, WHY, "13", None, None, TODAY)
    assert caught.value.errors["decision_weeks"] == [problem(Code.EXTEND_WEEKS, max=12)]


def test_a_performance_plan_keeps_up_to_three_dated_goals_and_its_decision_date() -> None:
    goals = "two demos a week by 2026-12-18\nsecond contact in five deals by Dec 11"
    plan = parse_decision(Decision.PERFORMANCE_PLAN, WHY, None, goals, dt.date(2027, 1, 8), TODAY)
    assert plan.goals == (
        Goal("two demos a week", dt.date(2026, 12, 18)),
        Goal("second contact in five deals", dt.date(2026, 12, 11)),
    )
    assert plan.decide_by == dt.date(2027, 1, 8)
    with pytest.raises(FormProblems) as caught:
        parse_decision(
            Decision.PERFORMANCE_PLAN, WHY, None, "more demos by 2026-11-01", dt.date(2027, 1, 8), TODAY
        )
    assert caught.value.errors["decision_goals"] == [
        problem(Code.GOAL_DATE_PAST, line=1, day=dt.date(2026, 11, 1))
    ]


def test_continue_ignores_the_fields_of_other_kinds() -> None:
    assert parse_decision(Decision.CONTINUE, WHY, "4", "x by 2027-01-01", None, TODAY) == DecisionInput(
        Decision.CONTINUE, WHY
    )


def test_an_extension_keeps_full_pace_targets_and_moves_the_end_of_ramp_bars() -> None:
    plan = make_plan(milestones=MILESTONES)
    longer = effective_plan(plan, [made(Decision.EXTEND, weeks=4)])
    assert longer.length_days == 90 + 28 and longer.weeks == plan.weeks + 4
    assert [m.day for m in longer.milestones] == [30, 118]
    assert longer.reviews.checkpoints == [30, 60, 118]
    assert longer.target_table["calls"][-1] == plan.target_table["calls"][-1] == 60
    assert effective_plan(plan, [made(Decision.CONTINUE)]) is plan


def test_two_extensions_add_up() -> None:
    plan = make_plan()
    decisions = [made(Decision.EXTEND, weeks=2), made(Decision.EXTEND, weeks=3, n=2)]
    assert effective_plan(plan, decisions).length_days == 90 + 35


def test_graduating_or_parting_ways_ends_the_ramp_on_that_day() -> None:
    assert ramp_ended([made(Decision.CONTINUE)]) is None
    ended = ramp_ended([made(Decision.CONTINUE), made(Decision.GRADUATE, on=dt.date(2026, 12, 1), n=2)])
    assert ended is not None and (ended.outcome, ended.on) == (Outcome.COMPLETED, dt.date(2026, 12, 1))
    gone = ramp_ended([made(Decision.PART_WAYS)])
    assert gone is not None and gone.outcome is Outcome.NOT_RETAINED
    assert parted([made(Decision.PART_WAYS)]) and not parted([made(Decision.GRADUATE)])


def test_the_scheduler_sees_a_longer_ramp_an_ended_one_and_none_after_parting_ways() -> None:
    plan = make_plan()
    ramp = Ramp("T1", "U0REP", "UTC", START, START + dt.timedelta(days=90))
    longer = decided_ramp(ramp, plan, [made(Decision.EXTEND, weeks=2)])
    assert longer is not None and longer.end == START + dt.timedelta(days=104)
    graduated = decided_ramp(ramp, plan, [made(Decision.GRADUATE)])
    assert graduated is not None and graduated.end == TODAY + dt.timedelta(days=1)
    assert decided_ramp(ramp, plan, [made(Decision.PART_WAYS)]) is None


def test_the_performance_plan_in_force_is_the_latest_decision_when_it_started_one() -> None:
    pip = made(Decision.PERFORMANCE_PLAN)
    assert performance_plan([made(Decision.CONTINUE), pip]) == pip
    assert performance_plan([pip, made(Decision.CONTINUE, n=2)]) is None


@pytest.mark.parametrize(
    ("p", "missed", "final", "kind"),
    [
        (None, False, False, Decision.CONTINUE),
        (0.8, False, False, Decision.CONTINUE),
        (0.8, False, True, Decision.GRADUATE),
        (0.8, True, True, Decision.EXTEND),
        (0.45, False, False, Decision.CONTINUE),
        (0.45, False, True, Decision.EXTEND),
        (0.1, False, False, Decision.PERFORMANCE_PLAN),
    ],
)
def test_the_suggestion_follows_the_early_call_and_the_milestones(
    p: float | None, missed: bool, final: bool, kind: Decision
) -> None:
    call = EarlyCall(p, 60, (), p) if p is not None else None
    state = MilestoneState.MISSED if missed else MilestoneState.HIT
    suggestion = suggested_decision(call, [MilestoneProgress(30, "Certified", state)], final=final)
    assert suggestion.kind is kind
    assert suggestion.missed == (("Certified",) if missed else ())


def test_a_checkpoint_review_reports_the_problems_of_the_review_and_the_decision_at_once() -> None:
    raw = RawReview(
        {}, None, None, None, "short", "on track", "extend the ramp", None, None, decision_why="x"
    )
    with pytest.raises(FormProblems) as caught:
        checkpoint_review(raw, [], checkpoint=True, today=TODAY)
    assert {"evidence", "decision_why", "decision_weeks"} <= set(caught.value.errors)


def test_the_digest_lists_decisions_due_this_week_made_last_week_and_ramps_that_ended() -> None:
    due = [
        DueDecision("U0A", 60, TODAY + dt.timedelta(days=3)),
        DueDecision("U0B", 90, TODAY + dt.timedelta(days=9)),
    ]
    decided = {
        "U0REP": [made(Decision.EXTEND, on=TODAY - dt.timedelta(days=2), weeks=4)],
        "U0OLD": [made(Decision.CONTINUE, on=TODAY - dt.timedelta(days=30))],
    }
    ends = {"U0REP": TODAY + dt.timedelta(days=40), "U0DONE": TODAY - dt.timedelta(days=1)}
    digest = decision_digest(TODAY, due, decided, ends, {"U0REP": 0.7, "U0DONE": 0.95})
    assert [d.rep_id for d in digest.due] == ["U0A"]
    assert [m.rep_id for m in digest.made] == ["U0REP"]
    assert [(e.rep_id, e.outcome, e.attainment) for e in digest.ended] == [
        ("U0REP", "extended", 0.7),
        ("U0DONE", "completed", 0.95),
    ]
