"""The words after `/ramp offboard` and `/ramp reactivate`: one @mention first, then an optional reason."""

import pytest

from coaching.errors import FieldProblem
from coaching.roster import parse_person_request


@pytest.mark.parametrize(
    ("text", "person", "reason"),
    [
        ("<@U0REP1>", "U0REP1", ""),
        ("<@U0REP1|riley> left   the company ", "U0REP1", "left the company"),
        ("  <@W0REP2> moved to Acme", "W0REP2", "moved to Acme"),
    ],
)
def test_the_person_and_the_reason_are_read(text: str, person: str, reason: str) -> None:
    request = parse_person_request(text, what="offboard")
    assert (request.person_id, request.reason) == (person, reason)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "say who to offboard: @mention the rep first"),
        ("Riley", "say who to offboard: @mention the rep first"),
        ("because <@U0REP1>", "say who to offboard: @mention the rep first"),
        ("<@U0REP1> " + "x" * 301, "reason: at most 300 characters (it has 301)"),
    ],
)
def test_a_request_without_a_mention_first_or_with_a_long_reason_is_refused(text: str, problem: str) -> None:
    with pytest.raises(FieldProblem) as raised:
        parse_person_request(text, what="offboard")
    assert raised.value.problems == [problem]
