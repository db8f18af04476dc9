from pathlib import Path
from typing import Any

import pytest
import yaml

from coaching.errors import FieldProblem
from coaching.team import Role, parse_team

ROOT = Path(__file__).resolve().parents[2]
LEAD = {"slack_id": "U0LEAD", "name": "Dana", "role": "leader"}
MGR = {"slack_id": "U0MGR", "name": "Max", "role": "manager", "manager": "U0LEAD"}


def problems(*people: dict[str, Any]) -> list[str]:
    with pytest.raises(FieldProblem) as caught:
        parse_team({"people": list(people)})
    return caught.value.problems


def test_the_example_team_parses() -> None:
    team = parse_team(yaml.safe_load((ROOT / "examples" / "team.yml").read_text()))
    assert [p.role for p in team].count(Role.REP) >= 2


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ({"slack_id": "bob", "name": "B", "role": "rep"}, "people[2].slack_id: String should match pattern"),
        ({"slack_id": "U0X", "name": "B", "role": "wizard"}, "people[2].role: Input should be"),
        (
            {"slack_id": "U0X", "name": "B", "role": "rep", "manager": "U0GONE"},
            "people[2].manager: U0GONE is not in",
        ),
        (
            {"slack_id": "U0X", "name": "B", "role": "rep", "plan": "ae-90"},
            "people[2]: Value error, give `plan` and",
        ),
        (
            {"slack_id": "U0X", "name": "B", "role": "manager", "plan": "ae-90", "start": "2026-11-02"},
            "people[2]: Value error, only a rep can be enrolled",
        ),
        (
            {"slack_id": "U0X", "name": "B", "role": "rep", "tz": "Mars/Base"},
            "people[2].tz: Value error, 'Mars/Base'",
        ),
        (
            {"slack_id": "U0X", "name": "B\x07", "role": "rep"},
            "people[2].name: Value error, must not contain",
        ),
        (
            {"slack_id": "U0X", "name": "B", "role": "rep", "manager": "U0X"},
            "people[2]: Value error, a person cannot",
        ),
    ],
)
def test_errors_name_the_entry_and_the_field(entry: dict[str, Any], expected: str) -> None:
    found = problems(LEAD, MGR, entry)
    assert len(found) == 1 and found[0].startswith(expected), found


def test_a_rep_cannot_be_a_manager() -> None:
    rep = {"slack_id": "U0REP", "name": "R", "role": "rep", "manager": "U0MGR"}
    other = {"slack_id": "U0OTHER", "name": "O", "role": "rep", "manager": "U0REP"}
    assert problems(LEAD, MGR, rep, other) == [
        "people[3].manager: U0REP is a rep, not a manager, leader or admin"
    ]


def test_duplicates_and_loops_are_refused() -> None:
    assert (
        problems(LEAD, MGR, dict(MGR))[0] == "people[2].slack_id: U0MGR is listed twice (first at people[1])"
    )
    looped = [dict(LEAD, manager="U0MGR"), MGR]
    assert problems(*looped) == ["people[0].manager: the reporting line of U0LEAD loops back on itself"]


def test_an_email_is_checked_loosely_and_one_address_names_one_person() -> None:
    with pytest.raises(FieldProblem) as bad:
        parse_team({"people": [{"slack_id": "U0A", "name": "A", "role": "rep", "email": "not an email"}]})
    assert bad.value.problems[0].startswith("people[0].email:")
    twice = [
        {"slack_id": "U0A", "name": "A", "role": "rep", "email": "a@example.com"},
        {"slack_id": "U0B", "name": "B", "role": "rep", "email": "A@Example.com"},
    ]
    with pytest.raises(FieldProblem) as dup:
        parse_team({"people": twice})
    assert dup.value.problems == ["people[1].email: A@Example.com is also people[0]'s email"]
    (one,) = parse_team({"people": twice[:1]})
    assert one.email == "a@example.com"
