import datetime as dt

import pytest

from coaching.enroll_text import EnrollRequest, parse_enroll_text
from coaching.errors import Code, FieldProblem, Problem, problem


def test_a_mention_plan_and_start_are_read() -> None:
    assert parse_enroll_text("<@U0REP|riley> plan=ae-90 start=2026-11-02") == EnrollRequest(
        "U0REP", "ae-90", dt.date(2026, 11, 2)
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plan=ae-90 start=2026-11-02", problem(Code.ENROLL_WHO)),
        ("<@U0REP> start=2026-11-02", problem(Code.ENROLL_PLAN)),
        ("<@U0REP> plan=ae-90", problem(Code.ENROLL_START)),
        ("<@U0REP> plan=ae-90 start=next-monday", problem(Code.NOT_A_DATE, "start", raw="next-monday")),
        ("@riley plan=ae-90 start=2026-11-02", problem(Code.NOT_AN_ENROLL_WORD, token="@riley")),
    ],
)
def test_each_problem_is_named(text: str, expected: Problem) -> None:
    with pytest.raises(FieldProblem) as caught:
        parse_enroll_text(text)
    assert expected in caught.value.problems
