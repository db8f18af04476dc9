import datetime as dt

import pytest

from coaching.enroll_text import EnrollRequest, parse_enroll_text
from coaching.errors import FieldProblem


def test_a_mention_plan_and_start_are_read() -> None:
    assert parse_enroll_text("<@U0REP|riley> plan=ae-90 start=2026-11-02") == EnrollRequest(
        "U0REP", "ae-90", dt.date(2026, 11, 2)
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("plan=ae-90 start=2026-11-02", "say who to enroll: @mention the rep"),
        ("<@U0REP> start=2026-11-02", "say which plan: plan=ae-90"),
        ("<@U0REP> plan=ae-90", "say when the ramp starts: start=2026-11-02"),
        ("<@U0REP> plan=ae-90 start=next-monday", "start: `next-monday` is not a date like 2026-11-02"),
        ("@riley plan=ae-90 start=2026-11-02", "`@riley` is not a @mention, plan=… or start=…"),
    ],
)
def test_each_problem_is_named(text: str, problem: str) -> None:
    with pytest.raises(FieldProblem) as caught:
        parse_enroll_text(text)
    assert problem in caught.value.problems
