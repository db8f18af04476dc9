import datetime as dt

import pytest

from coaching.activity import WeekLog
from coaching.errors import Code, FormProblems, Problem, problem
from coaching.log_form import parse_form
from tests.coaching.builders import make_plan

PLAN = make_plan()
WEEKS = [dt.date(2026, 11, 16), dt.date(2026, 11, 9)]


def errors(**kwargs: object) -> dict[str, list[Problem]]:
    args: dict[str, object] = {"week": WEEKS[0], "raw": {}, "note": None} | kwargs
    with pytest.raises(FormProblems) as caught:
        parse_form(PLAN, args["week"], WEEKS, args["raw"], args["note"])  # type: ignore[arg-type]
    return caught.value.errors


def test_filled_fields_are_values_and_empty_ones_are_not_logged() -> None:
    log = parse_form(
        PLAN, WEEKS[1], WEEKS, {"calls": "40", "meetings": "", "pipeline": "12,500"}, " good week "
    )
    assert log == WeekLog(WEEKS[1], {"calls": 40.0, "pipeline": 12500.0}, "good week")


def test_every_bad_field_gets_its_own_error() -> None:
    assert errors(raw={"calls": "-1", "meetings": "2.5", "pipeline": "lots"}) == {
        "calls": [problem(Code.NEGATIVE, raw="-1")],  # the field names the metric, so the problem does not
        "meetings": [problem(Code.NOT_WHOLE, raw="2.5")],
        "pipeline": [problem(Code.NOT_A_NUMBER, raw="lots")],
    }


def test_a_week_outside_the_allowed_ones_is_refused() -> None:
    assert errors(week=dt.date(2026, 1, 5), raw={"calls": "1"}) == {"week": [problem(Code.WEEK_NOT_OFFERED)]}


def test_an_empty_form_asks_for_a_number() -> None:
    assert errors() == {"calls": [problem(Code.NO_NUMBER)]}


def test_a_very_long_note_is_refused() -> None:
    assert "note" in errors(raw={"calls": "1"}, note="x" * 3000)
