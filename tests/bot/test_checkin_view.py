"""The Friday check-in shows this week's targets, a button to the form, and an example that logs nothing."""

import datetime as dt
import html
import json
import re

import pytest

from bot.views import ids
from bot.views.checkin import checkin_blocks, reminder_blocks
from coaching.activity import Enrollment, WeekLog, week_summary
from coaching.errors import FieldProblem
from coaching.log_text import parse_log_text
from tests.coaching.builders import make_plan

PLAN = make_plan()
MONDAY = dt.date(2026, 11, 16)
SUMMARY = week_summary(PLAN, Enrollment("U1", "tiny", 1, dt.date(2026, 10, 5)), WeekLog(MONDAY))


def pasted_example(blocks_json: str) -> str:
    """Return the `/log …` example as the rep sees it (and would paste it)."""
    (code,) = re.findall(r"`/log ([^`]*)`", blocks_json)
    return html.unescape(code)


def test_the_check_in_example_has_placeholders_so_pasting_it_logs_nothing() -> None:
    # Issue 13, defect 7: the example was `/log calls=60 meetings=6 …`, this week's targets, which a
    # rep pasting it logged as what they did.
    _, blocks = checkin_blocks(SUMMARY)
    text = json.dumps([b.to_dict() for b in blocks])
    example = pasted_example(text)
    assert example == "calls=<n> meetings=<n> pipeline=<n>"
    assert "calls=60" not in text and "meetings=6" not in text
    with pytest.raises(FieldProblem):
        parse_log_text(example, PLAN)


def test_the_check_in_shows_the_targets_and_opens_the_form_with_a_button() -> None:
    _, blocks = checkin_blocks(SUMMARY)
    text = json.dumps([b.to_dict() for b in blocks])
    assert "Calls: *60*" in text and f'"action_id": "{ids.OPEN_LOG_MODAL}"' in text


def test_the_reminders_example_is_a_placeholder_too() -> None:
    _, blocks = reminder_blocks(SUMMARY)
    example = pasted_example(json.dumps([b.to_dict() for b in blocks]))
    assert example == "last week calls=<n> meetings=<n> pipeline=<n>"
    with pytest.raises(FieldProblem):
        parse_log_text(example, PLAN)
