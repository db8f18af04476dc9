"""The words after `/ramp offboard` and `/ramp reactivate`: one @mention first, then an optional reason."""

import datetime as dt

import pytest

from bot.views.problems import problem_texts
from coaching.errors import FieldProblem
from coaching.roster import parse_move_text, parse_person_request, parse_replan_text


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
    assert problem_texts(raised.value.problems) == [problem]


def test_a_move_reads_the_rep_the_manager_and_the_reason() -> None:
    request = parse_move_text("<@U0REP1> to <@U0MGR2|mo> team split")
    assert (request.rep_id, request.manager_id, request.reason) == ("U0REP1", "U0MGR2", "team split")
    with pytest.raises(FieldProblem, match="move_shape"):
        parse_move_text("<@U0REP1> <@U0MGR2>")


def test_a_replan_reads_the_plan_the_start_and_keep_day() -> None:
    request = parse_replan_text("<@U0REP1> plan=sdr-90 from=2026-12-07")
    assert (request.plan_id, request.start, request.keep_day) == ("sdr-90", dt.date(2026, 12, 7), False)
    assert parse_replan_text("<@U0REP1> plan=sdr-90 --keep-day").keep_day


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("plan=sdr-90", "say whose plan changes: @mention the rep first"),
        ("<@U0REP1> from=2026-12-07", "say which plan: plan=ae-90"),
        ("<@U0REP1> plan=sdr-90 from=Dec", "from: `Dec` is not a date like 2026-12-07"),
        (
            "<@U0REP1> plan=sdr-90 from=2026-12-07 --keep-day",
            "give from=… or --keep-day, not both: --keep-day keeps the original start",
        ),
        ("<@U0REP1> plan=sdr-90 soon", "`soon` is not plan=…, from=… or --keep-day"),
    ],
)
def test_a_bad_replan_names_the_problem(text: str, problem: str) -> None:
    with pytest.raises(FieldProblem) as raised:
        parse_replan_text(text)
    assert problem in problem_texts(raised.value.problems)
