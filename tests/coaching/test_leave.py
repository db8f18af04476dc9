"""Leave requests: `/ramp leave @rep from … to …`, `until …` and `end`, and the checks on a new leave."""

import datetime as dt

import pytest

from bot.views.problems import problem_texts
from coaching.errors import FieldProblem
from coaching.leave import (
    LeavePeriod,
    LeaveVerb,
    check_new_end,
    check_new_leave,
    current_or_next,
    on_leave,
    parse_leave_text,
)

TODAY = dt.date(2026, 12, 3)
WINTER = LeavePeriod(dt.date(2026, 12, 21), dt.date(2027, 1, 3))


def test_a_range_with_a_reason_is_read() -> None:
    request = parse_leave_text("<@U0REP1> from 2026-12-21 to 2027-01-03 winter  break")
    assert (request.rep_id, request.verb, request.first, request.last, request.reason) == (
        "U0REP1",
        LeaveVerb.RECORD,
        dt.date(2026, 12, 21),
        dt.date(2027, 1, 3),
        "winter break",
    )


@pytest.mark.parametrize(
    ("text", "verb", "last"),
    [
        ("<@U0REP1> until 2027-01-05", LeaveVerb.CHANGE, dt.date(2027, 1, 5)),
        ("<@U0REP1> end", LeaveVerb.END, None),
    ],
)
def test_changing_and_ending_are_read(text: str, verb: LeaveVerb, last: dt.date | None) -> None:
    request = parse_leave_text(text)
    assert (request.verb, request.last) == (verb, last)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("from 2026-12-21 to 2027-01-03", "say whose leave: @mention the rep first"),
        ("<@U0REP1> next week", "say `from 2026-12-21 to 2027-01-03`"),
        ("<@U0REP1> from 2026-12-21 to Jan", "to: `Jan` is not a date like 2026-12-21"),
        ("<@U0REP1> from 21/12 to 2027-01-03", "from: `21/12` is not a date"),
    ],
)
def test_a_request_that_cannot_be_read_names_the_problem(text: str, problem: str) -> None:
    with pytest.raises(FieldProblem) as raised:
        parse_leave_text(text)
    assert problem in problem_texts(raised.value.problems)[0]


@pytest.mark.parametrize(
    ("first", "last", "problem"),
    [
        (
            dt.date(2026, 12, 1),
            dt.date(2026, 12, 10),
            "from: 2026-12-01 is in the past (today is 2026-12-03)",
        ),
        (
            dt.date(2026, 12, 10),
            dt.date(2026, 12, 8),
            "the leave ends (2026-12-08) before it starts (2026-12-10)",
        ),
        (dt.date(2027, 1, 2), dt.date(2027, 1, 9), "it overlaps the leave from 2026-12-21 to 2027-01-03"),
        (dt.date(2026, 12, 4), dt.date(2028, 1, 1), "a leave is at most 366 days"),
    ],
)
def test_a_leave_in_the_past_backwards_overlapping_or_too_long_is_refused(
    first: dt.date, last: dt.date, problem: str
) -> None:
    with pytest.raises(FieldProblem) as raised:
        check_new_leave([WINTER], first, last, TODAY)
    texts = problem_texts(raised.value.problems)
    assert any(t.startswith(problem) for t in texts), texts


def test_a_leave_from_today_next_to_another_is_fine() -> None:
    check_new_leave([WINTER], TODAY, dt.date(2026, 12, 20), TODAY)


def test_a_leave_under_way_may_end_later_but_not_in_the_past() -> None:
    started = LeavePeriod(dt.date(2026, 12, 1), dt.date(2026, 12, 10))
    check_new_end([started, WINTER], started, dt.date(2026, 12, 15), TODAY)
    with pytest.raises(FieldProblem, match="day_in_past"):
        check_new_end([started], started, dt.date(2026, 12, 2), TODAY)
    with pytest.raises(FieldProblem, match="leave_would_overlap"):
        check_new_end([started, WINTER], started, dt.date(2026, 12, 22), TODAY)


def test_the_leave_that_holds_a_day_and_the_current_or_next_one() -> None:
    assert on_leave([WINTER], dt.date(2026, 12, 21)) == WINTER
    assert on_leave([WINTER], dt.date(2027, 1, 3)) == WINTER
    assert on_leave([WINTER], dt.date(2027, 1, 4)) is None
    assert current_or_next([WINTER], TODAY) == WINTER
    assert current_or_next([WINTER], dt.date(2027, 1, 4)) is None
