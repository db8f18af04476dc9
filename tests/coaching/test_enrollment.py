import datetime as dt

import pytest

from coaching.enroll_text import EnrollRequest, parse_enroll_text
from coaching.errors import FieldProblem
from coaching.policy import can_enroll, manages
from coaching.team import Member, Role

LINE = {"U0REP": "U0MGR", "U0MGR": "U0DIR", "U0DIR": "U0LEAD", "U0LEAD": None, "U0OTHER": "U0MGR2"}


def member(slack_id: str, role: Role) -> Member:
    return Member("T1", slack_id, slack_id, role, LINE.get(slack_id), None)


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


def test_managers_reach_their_reports_and_their_reports_reports_only() -> None:
    assert manages("U0MGR", "U0REP", LINE) and manages("U0LEAD", "U0REP", LINE)
    assert not manages("U0REP", "U0MGR", LINE) and not manages("U0MGR", "U0OTHER", LINE)


@pytest.mark.parametrize(
    ("actor", "rep", "allowed"),
    [
        (member("U0MGR", Role.MANAGER), "U0REP", True),
        (member("U0MGR", Role.MANAGER), "U0OTHER", False),
        (member("U0REP", Role.REP), "U0REP", False),
        (member("U0LEAD", Role.LEADER), "U0OTHER", True),
        (member("U0ADMIN", Role.ADMIN), "U0REP", True),
    ],
)
def test_who_may_enroll_whom(actor: Member, rep: str, allowed: bool) -> None:
    assert can_enroll(actor, rep, LINE) is allowed


def test_a_loop_in_the_reporting_line_does_not_hang() -> None:
    assert not manages("U0X", "U0A", {"U0A": "U0B", "U0B": "U0A"})
