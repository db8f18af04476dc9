"""The words for the domain's problem codes: every code has them, each reads as people were told before."""

import datetime as dt
from typing import Any

import pytest

from bot.views.digest import risk_reason_text
from bot.views.problems import form_texts, problem_text, problem_texts, row_text
from coaching.digest import RiskReason
from coaching.errors import Code, FieldProblem, FormProblems, Problem, problem
from coaching.log_form import parse_form
from coaching.log_text import parse_log_text
from coaching.plans import parse_plan
from coaching.review_form import RawReview, parse_review
from coaching.team import parse_team
from coaching.touch_csv import parse_touches_csv
from tests.coaching.builders import make_plan, plan_dict

PLAN = make_plan()


def log_problems(text: str) -> list[str]:
    with pytest.raises(FieldProblem) as caught:
        parse_log_text(text, PLAN)
    return problem_texts(caught.value.problems)


def plan_problems(data: Any) -> list[str]:
    with pytest.raises(FieldProblem) as caught:
        parse_plan(data)
    return problem_texts(caught.value.problems)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("calls=-3", "calls: -3 is negative; log what you did, zero or more"),
        ("calls=lots", "calls: `lots` is not a number"),
        ("calls=2.5", "calls: 2.5 is not a whole number"),
        ("calls=401", "calls: 401 is over the weekly maximum of 400; check for a typo"),
        ("calls=1 calls=2", "calls is given twice"),
        ("calls", "`calls` is not `metric=number` (for example `calls=42`)"),
        ("", "no values given"),
        (
            "meetngs=3",
            "`meetngs` is not a metric in your plan (did you mean meetings?). "
            "Your metrics: calls, meetings, pipeline",
        ),
    ],
)
def test_a_log_text_problem_reads_as_before(text: str, words: str) -> None:
    assert log_problems(text) == [words]


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"metrics": []}, "metrics: should have at least 1 item"),
        ({"version": 0}, "version: should be at least 1"),
        ({"id": "Bad Id"}, "id: should match the pattern '^[a-z0-9][a-z0-9-]{0,39}$'"),
        ({"thresholds": {"on_track": 0.7, "at_risk": 0.9}}, "thresholds: `at_risk` must be below `on_track`"),
        ({"colour": "blue"}, "colour: not a field we know (check the spelling)"),
        ({"version": "two"}, "version: should be a whole number"),
        ({"name": None}, "name: should be text"),
    ],
)
def test_pydantic_errors_are_said_in_our_words_not_pydantics(change: dict[str, Any], words: str) -> None:
    assert plan_problems(plan_dict(**change)) == [words]


def test_our_own_validators_keep_their_words_and_the_top_level_is_named() -> None:
    funnel = plan_problems(plan_dict(funnel=[{"metric": "demos"}]))
    assert funnel == [
        "(top level): funnel[0] names unknown metric 'demos' (known: calls, meetings, pipeline)"
    ]
    assert plan_problems(["x"]) == ["(top level): expected a mapping with id, version, name and metrics"]
    people = [{"slack_id": "U0X", "name": "B", "role": "wizard"}]
    with pytest.raises(FieldProblem) as caught:
        parse_team({"people": people})
    assert problem_texts(caught.value.problems) == [
        "people[0].role: should be 'rep', 'manager', 'leader' or 'admin'"
    ]


def test_a_modal_field_gets_a_sentence_without_its_own_name() -> None:
    with pytest.raises(FormProblems) as caught:
        parse_form(
            PLAN, dt.date(2026, 1, 5), [dt.date(2026, 11, 16)], {"calls": "-1", "meetings": "2.5"}, None
        )
    assert form_texts(caught.value) == {
        "week": "Pick one of the weeks in the list.",
        "calls": "-1 is negative; log what you did, zero or more",
        "meetings": "2.5 is not a whole number",
    }


def test_a_fields_problems_on_several_lines_are_joined_in_order() -> None:
    today = dt.date(2026, 11, 16)
    raw = RawReview({}, None, None, None, "x" * 200, "on track", None, "rep: a by 2026-11-01\nnope", None)
    with pytest.raises(FormProblems) as caught:
        parse_review(raw, [], checkpoint=False, today=today)
    assert form_texts(caught.value)["actions"] == (
        "line 1: the due date Nov 1 is in the past; "
        "line 2: write it as `rep: run discovery with 5 new accounts by 2026-12-11`"
    )


def test_a_csv_row_lists_each_bad_column() -> None:
    header = "rep,sent_at,channel,step,template,outcome\n"
    (row,) = parse_touches_csv(header + "U1,2026-11-02T09:31:00,fax,x,a,maybe\n").problems
    assert row_text(row) == (
        "sent_at: '2026-11-02T09:31:00' needs a time zone offset such as Z or +02:00; "
        "step: 'x' is not a whole number (1 = the opener); "
        "outcome: 'maybe' is not one of none, reply, positive_reply, meeting_booked (empty means none); "
        "channel: should be 'email', 'call', 'linkedin' or 'other'"
    )


def test_the_at_risk_reason_reads_as_one_line() -> None:
    reason = RiskReason(("Meetings", 0.25), ("8 meetings booked", 30), "meetings → demos")
    assert risk_reason_text(reason) == (
        "Meetings at 25% of target; missed 8 meetings booked (day 30); stalls at meetings → demos"
    )
    assert risk_reason_text(RiskReason(None, None, None)) == "no logged numbers to explain it"


# One example of each code's parameters, so every code is rendered at least once.
PARAMS: dict[Code, dict[str, Any]] = {
    Code.WRONG_TYPE: {"expected": "int"},
    Code.TOO_SMALL: {"limit": 0, "inclusive": False},
    Code.TOO_BIG: {"limit": 2, "inclusive": True},
    Code.TOO_FEW: {"min": 1, "actual": 0, "text": True},
    Code.TOO_MANY: {"max": 20, "actual": 21, "text": False},
    Code.NO_MATCH: {"pattern": "^x$"},
    Code.NOT_ONE_OF: {"options": ["'a'", "'b'"]},
    Code.INVALID: {"kind": "url_parsing"},
    Code.NOT_YAML: {"detail": "found a tab"},
    Code.UNKNOWN_METRIC_REFERENCE: {"where": "funnel[0]", "key": "x", "known": ["calls"]},
    Code.UNKNOWN_TIME_ZONE: {"tz": "Mars/Base"},
    Code.PERSON_REPEATED: {"id": "U1", "first": 0},
    Code.MANAGER_NOT_IN_FILE: {"id": "U1"},
    Code.MANAGER_IS_REP: {"id": "U1"},
    Code.EMAIL_REPEATED: {"email": "a@b.c", "first": 0},
    Code.REPORTING_LOOP: {"id": "U1"},
    Code.TAGS_CONTRADICT: {"tags": ["brief", "long"]},
    Code.PLAN_NOT_IMPORTED: {"plan": "ae-90"},
    Code.TEXT_TOO_LONG: {"length": 2000, "max": 1000},
    Code.METRIC_TWICE: {"metric": "calls"},
    Code.NOT_A_PAIR: {"token": "calls"},
    Code.UNKNOWN_METRIC: {"name": "x", "suggestion": None, "known": ["calls"]},
    Code.NEGATIVE: {"raw": "-1"},
    Code.NOT_A_NUMBER: {"raw": "x"},
    Code.NOT_WHOLE: {"raw": "1.5"},
    Code.OVER_WEEKLY_MAX: {"raw": "999", "max": 400.0},
    Code.NOTE_TOO_LONG: {"max": 2000},
    Code.TOO_MANY_TEMPLATES: {"max": 20, "actual": 21},
    Code.PLAN_LIMIT: {"max": 25, "actual": 90, "why": "sales_tasks"},
    Code.NOT_A_MAPPING_FILE: {"expected": ("metrics", "owners")},
    Code.SENT_OVER_MAX: {"sent": 3000, "max": 2000},
    Code.REPLIES_OVER_SENT: {"replies": 5, "sent": 4},
    Code.TEMPLATE_REPEATED: {"template": "a"},
    Code.NOT_AN_ENROLL_WORD: {"token": "x"},
    Code.NOT_A_DATE: {"raw": "soon"},
    Code.NOT_A_REP: {"rep": "U1"},
    Code.NO_SUCH_PLAN: {"plan": "x", "known": []},
    Code.EVIDENCE_TOO_SHORT: {"min": 80, "length": 4},
    Code.FIELD_TOO_LONG: {"max": 3000},
    Code.TOO_MANY_ACTIONS: {"max": 3, "actual": 4},
    Code.DUE_NOT_A_DATE: {"raw": "someday"},
    Code.DUE_IN_THE_PAST: {"due": dt.date(2026, 11, 1)},
    Code.UNKNOWN_COLUMNS: {"columns": ["owner"]},
    Code.UNREADABLE_HEADER: {"detail": "bad quote"},
    Code.UNREADABLE_ROW: {"detail": "bad quote"},
    Code.MISSING_COLUMNS: {"columns": [("rep", "Owner")]},
    Code.TOO_MANY_ROWS: {"max": 200_000},
    Code.TOUCH_REPEATED: {"first": 2},
    Code.TOUCH_IMPROVED: {"first": 2, "outcome": "reply"},
    Code.WHOSE_LEAVE: {},
    Code.LEAVE_SHAPE: {},
    Code.LEAVE_OVERLAP: {"first": "2026-12-21", "last": "2027-01-03"},
    Code.LEAVE_WOULD_OVERLAP: {"first": "2026-12-21", "last": "2027-01-03"},
    Code.DAY_IN_PAST: {"field": "from", "day": "2026-11-01", "today": "2026-12-03"},
    Code.LEAVE_ENDS_BEFORE_START: {"first": "2026-12-21", "last": "2027-01-03"},
    Code.LEAVE_TOO_LONG: {"max": 30},
    Code.FIELD_NOT_A_DATE: {"field": "from", "raw": "soon", "example": "2026-12-21"},
    Code.REASON_TOO_LONG: {"max": 30, "actual": 300},
    Code.REASON_CONTROL: {},
    Code.SAY_WHO: {"what": "offboard"},
    Code.MOVE_SHAPE: {},
    Code.REPLAN_WORD: {"word": "plan"},
    Code.WHOSE_PLAN: {},
    Code.WHICH_PLAN: {},
    Code.FROM_OR_KEEP_DAY: {},
    Code.ALREADY_ON_PLAN: {"person": "U0REP1", "plan": "ae-90"},
    Code.NOT_A_MANAGER: {"person": "U0REP1"},
    Code.NOT_ENROLLED_YET: {"person": "U0REP1"},
    Code.SAY_WHEN: {},
    Code.NO_LEAVE_TO_CHANGE: {"person": "U0REP1"},
    Code.SAY_NEW_LAST_DAY: {},
    Code.DECISION_WHY_SHORT: {"min": 20},
    Code.DECISION_TEXT_TOO_LONG: {"max": 3000},
    Code.DECISION_DATE_NOT_AFTER_TODAY: {},
    Code.EXTEND_WEEKS: {"max": 8},
    Code.GOALS_COUNT: {"max": 3},
    Code.GOAL_SHAPE: {},
    Code.GOAL_DATE_PAST: {"day": dt.date(2026, 11, 1)},
    Code.NOT_A_DECISION: {"options": ["continue", "graduate"]},
    Code.NOT_A_MILESTONE_TO_CONFIRM: {"label": "Certified"},
    Code.MINUTES_OUT_OF_RANGE: {"entry": "email", "value": 0, "max": 1440},
    Code.MINUTES_UNKNOWN_KEY: {"entry": "fax", "channels": ["email", "call"]},
    Code.NOT_AN_OUTCOME: {"raw": "maybe", "options": ["none", "reply"]},
    Code.NOT_A_TIMESTAMP: {"raw": "x"},
    Code.NO_TIME_ZONE_OFFSET: {"raw": "x"},
    Code.NOT_A_STEP: {"raw": "x"},
    Code.NOT_A_MONDAY: {"day": dt.date(2026, 3, 4), "monday": dt.date(2026, 3, 2)},
    Code.REP_UNKNOWN: {"rep": "x"},
    Code.REP_NOT_ENROLLED: {"rep": "U1"},
    Code.WEEK_OUTSIDE_RAMP: {"week": dt.date(2026, 3, 2), "rep": "U1"},
    Code.VALUE_REPEATED: {"metric": "calls", "rep": "U1", "week": dt.date(2026, 3, 2), "first": 3},
    Code.NOTE_CONFLICT: {"first": 3},
}


@pytest.mark.parametrize("code", list(Code))
def test_every_code_has_words(code: Code) -> None:
    words = problem_text(problem(code, **PARAMS.get(code, {})))
    assert words and "{" not in words and ("_" not in code.value or code.value not in words)


def test_a_problem_is_led_by_its_line_and_path() -> None:
    assert problem_text(Problem(Code.EMPTY, "rep", 4)) == "line 4: rep: empty"
    assert (
        problem_text(problem(Code.NOT_A_PLAN, ""))
        == "(top level): expected a mapping with id, version, name and metrics"
    )
