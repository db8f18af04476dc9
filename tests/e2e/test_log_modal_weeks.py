"""Picking another week in the `/log` modal shows that week's numbers, and saving never writes one week's
typed numbers into another (issue 13, defects 1 and 9). The fake Slack keeps typed input across
views.update as Slack does, so these tests see what a rep would see."""

import datetime as dt
from typing import Any

import pytest
from structlog.testing import capture_logs

from bot.testing.payloads import block_actions, input_action, submission_of
from bot.views import ids
from storage.db import session_scope
from storage.repo import activity
from tests.e2e.conftest import REP, TEAM, RunningBot

THIS_WEEK = dt.date(2026, 11, 16)
LAST_WEEK = THIS_WEEK - dt.timedelta(weeks=1)
TWO_AGO = THIS_WEEK - dt.timedelta(weeks=2)


def open_modal(bot: RunningBot) -> str:
    bot.command("/log", "")
    bot.fake.wait_for("views.open")
    return str([view for view in bot.fake.views() if view["type"] == "modal"][-1]["id"])


def pick(bot: RunningBot, view: dict[str, Any]) -> None:
    action = input_action(view, ids.LOG_WEEK_BLOCK, ids.LOG_WEEK_PICK)
    bot.poster.post_form(block_actions([action], user_id=REP, team_id=TEAM, view=view))


def metric_input(view: dict[str, Any], key: str) -> str:
    """Return the block id of the metric's input in the view as shown (whatever the id scheme)."""
    [block_id] = [
        b["block_id"]
        for b in view["blocks"]
        if b["block_id"].startswith("metric:") and b["block_id"].endswith(f":{key}")
    ]
    return str(block_id)


def typed(view: dict[str, Any], key: str) -> Any:
    return view["state"]["values"][metric_input(view, key)][ids.LOG_VALUE]["value"]


def logged(bot: RunningBot) -> dict[dt.date, dict[str, float]]:
    with session_scope(bot.deps.engine) as session:
        return {log.week_start: log.values for log in activity.week_logs(session, team_id=TEAM, rep_id=REP)}


def test_numbers_typed_for_one_week_do_not_follow_the_rep_into_another_week(running_bot: RunningBot) -> None:
    _, url = running_bot.command("/log", "last week calls=40 emails=100")
    running_bot.reply_to(url)
    view_id = open_modal(running_bot)
    opened = running_bot.fake.view(view_id)
    running_bot.fake.type_into(view_id, metric_input(opened, "calls"), ids.LOG_VALUE, "12")
    running_bot.fake.type_into(view_id, metric_input(opened, "emails"), ids.LOG_VALUE, "30")

    pick(
        running_bot,
        running_bot.fake.select(view_id, ids.LOG_WEEK_BLOCK, ids.LOG_WEEK_PICK, LAST_WEEK.isoformat()),
    )
    running_bot.fake.wait_for("views.update")

    shown = running_bot.fake.view(view_id)
    assert (typed(shown, "calls"), typed(shown, "emails")) == ("40", "100")
    assert all(THIS_WEEK.isoformat() not in block for block in shown["state"]["values"])
    answer = running_bot.poster.post_form(submission_of(shown, user_id=REP, team_id=TEAM))
    assert answer.status_code == 200 and not answer.content
    assert logged(running_bot) == {LAST_WEEK: {"calls": 40.0, "emails": 100.0}}


def test_a_form_whose_fields_belong_to_another_week_than_the_picker_is_not_saved(
    running_bot: RunningBot,
) -> None:
    view_id = open_modal(running_bot)
    running_bot.fake.type_into(
        view_id, metric_input(running_bot.fake.view(view_id), "calls"), ids.LOG_VALUE, "12"
    )
    # The picker says last week but the refill never landed: the fields are still this week's.
    stale = running_bot.fake.select(view_id, ids.LOG_WEEK_BLOCK, ids.LOG_WEEK_PICK, LAST_WEEK.isoformat())
    answer = running_bot.poster.post_form(submission_of(stale, user_id=REP, team_id=TEAM)).json()
    assert answer["response_action"] == "errors" and list(answer["errors"]) == [ids.LOG_WEEK_BLOCK]
    assert logged(running_bot) == {}


def test_a_refill_that_slack_refuses_as_stale_is_dropped_without_telling_the_rep(
    running_bot: RunningBot,
) -> None:
    view_id = open_modal(running_bot)
    first = running_bot.fake.select(view_id, ids.LOG_WEEK_BLOCK, ids.LOG_WEEK_PICK, LAST_WEEK.isoformat())
    pick(running_bot, first)
    running_bot.fake.wait_for("views.update")
    # The rep picked again before the first refill landed: that action carries the view's old hash.
    second = first
    second["state"]["values"][ids.LOG_WEEK_BLOCK][ids.LOG_WEEK_PICK]["selected_option"] = {
        "text": {"type": "plain_text", "text": "Week 5"},
        "value": TWO_AGO.isoformat(),
    }
    with capture_logs() as logs:
        pick(running_bot, second)
        updates = running_bot.fake.wait_for("views.update", count=2)
        assert [call.error for call in updates] == [None, "hash_conflict"]
        with pytest.raises(AssertionError):
            running_bot.fake.wait_for("chat.postMessage", timeout=3.0)
    dropped = [e for e in logs if e["event"] == "stale log modal refill dropped"]
    assert [e["log_level"] for e in dropped] == ["debug"]
    assert typed(running_bot.fake.view(view_id), "calls") is None
