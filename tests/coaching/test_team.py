from pathlib import Path
from typing import Any

import pytest
import yaml

from coaching.errors import Code, FieldProblem, Problem, problem
from coaching.team import Role, parse_team

ROOT = Path(__file__).resolve().parents[2]
LEAD = {"slack_id": "U0LEAD", "name": "Dana", "role": "leader"}
MGR = {"slack_id": "U0MGR", "name": "Max", "role": "manager", "manager": "U0LEAD"}


def problems(*people: dict[str, Any]) -> list[Problem]:
    with pytest.raises(FieldProblem) as caught:
        parse_team({"people": list(people)})
    return caught.value.problems


def test_the_example_team_parses() -> None:
    team = parse_team(yaml.safe_load((ROOT / "examples" / "team.yml").read_text()))
    assert [p.role for p in team].count(Role.REP) >= 2


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ({"slack_id": "bob", "name": "B", "role": "rep"}, ("people[2].slack_id", Code.NO_MATCH)),
        ({"slack_id": "U0X", "name": "B", "role": "wizard"}, ("people[2].role", Code.NOT_ONE_OF)),
        (
            {"slack_id": "U0X", "name": "B", "role": "rep", "manager": "U0GONE"},
            ("people[2].manager", Code.MANAGER_NOT_IN_FILE),
        ),
        (
            {"slack_id": "U0X", "name": "B", "role": "rep", "plan": "ae-90"},
            ("people[2]", Code.PLAN_WITHOUT_START),
        ),
        (
            {"slack_id": "U0X", "name": "B", "role": "manager", "plan": "ae-90", "start": "2026-11-02"},
            ("people[2]", Code.PLAN_FOR_NON_REP),
        ),
        (
            {"slack_id": "U0X", "name": "B", "role": "rep", "tz": "Mars/Base"},
            ("people[2].tz", Code.UNKNOWN_TIME_ZONE),
        ),
        (
            {"slack_id": "U0X", "name": "B\x07", "role": "rep"},
            ("people[2].name", Code.CONTROL_CHARACTERS),
        ),
        (
            {"slack_id": "U0X", "name": "B", "role": "rep", "manager": "U0X"},
            ("people[2]", Code.OWN_MANAGER),
        ),
    ],
)
def test_errors_name_the_entry_and_the_field(entry: dict[str, Any], expected: tuple[str, Code]) -> None:
    found = problems(LEAD, MGR, entry)
    assert [(p.path, p.code) for p in found] == [expected], found


def test_a_rep_cannot_be_a_manager() -> None:
    rep = {"slack_id": "U0REP", "name": "R", "role": "rep", "manager": "U0MGR"}
    other = {"slack_id": "U0OTHER", "name": "O", "role": "rep", "manager": "U0REP"}
    assert problems(LEAD, MGR, rep, other) == [problem(Code.MANAGER_IS_REP, "people[3].manager", id="U0REP")]


def test_duplicates_and_loops_are_refused() -> None:
    twice = problem(Code.PERSON_REPEATED, "people[2].slack_id", id="U0MGR", first=1)
    assert problems(LEAD, MGR, dict(MGR))[0] == twice
    looped = [dict(LEAD, manager="U0MGR"), MGR]
    assert problems(*looped) == [problem(Code.REPORTING_LOOP, "people[0].manager", id="U0LEAD")]


def test_an_email_is_checked_loosely_and_one_address_names_one_person() -> None:
    with pytest.raises(FieldProblem) as bad:
        parse_team({"people": [{"slack_id": "U0A", "name": "A", "role": "rep", "email": "not an email"}]})
    assert bad.value.problems[0].path == "people[0].email"
    twice = [
        {"slack_id": "U0A", "name": "A", "role": "rep", "email": "a@example.com"},
        {"slack_id": "U0B", "name": "B", "role": "rep", "email": "A@Example.com"},
    ]
    with pytest.raises(FieldProblem) as dup:
        parse_team({"people": twice})
    assert dup.value.problems == [
        problem(Code.EMAIL_REPEATED, "people[1].email", email="A@Example.com", first=0)
    ]
    (one,) = parse_team({"people": twice[:1]})
    assert one.email == "a@example.com"
