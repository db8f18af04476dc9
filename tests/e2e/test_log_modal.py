"""`/log` opens the logging modal; its fields are checked before anything is stored."""

import datetime as dt
import json
from typing import Any

from bot.testing.payloads import block_actions, view_submission
from bot.views import ids
from bot.views.log_modal import metric_block_id, note_block_id, outreach_block_id
from coaching.activity import WeekLog
from storage.db import session_scope
from storage.repo import activity
from storage.repo.touches import team_touches
from tests.e2e.conftest import REP, TEAM, RunningBot

MONDAY = dt.date(2026, 11, 16)


def open_modal(bot: RunningBot) -> dict[str, Any]:
    bot.command("/log", "")
    return dict(bot.fake.wait_for("views.open")[-1].args["view"])


def submit(bot: RunningBot, week: str, values: dict[str, str], user: str = REP) -> dict[str, Any]:
    state: dict[str, dict[str, dict[str, Any]]] = {
        ids.LOG_WEEK_BLOCK: {
            ids.LOG_WEEK_PICK: {"type": "static_select", "selected_option": {"value": week}}
        },
        note_block_id(dt.date.fromisoformat(week)): {
            ids.LOG_VALUE: {"type": "plain_text_input", "value": None}
        },
    }
    for key, value in values.items():
        state[metric_block_id(dt.date.fromisoformat(week), key)] = {
            ids.LOG_VALUE: {"type": "plain_text_input", "value": value}
        }
    answer = bot.poster.post_form(view_submission(ids.LOG_MODAL, state, user_id=user, team_id=TEAM))
    assert answer.status_code == 200
    return answer.json() if answer.content else {}


def stored(bot: RunningBot) -> list[WeekLog]:
    with session_scope(bot.deps.engine) as session:
        return activity.week_logs(session, team_id=TEAM, rep_id=REP)


def test_the_modal_has_a_field_per_metric_filled_with_this_weeks_numbers(running_bot: RunningBot) -> None:
    running_bot.command("/log", "calls=12")
    view = open_modal(running_bot)
    blocks = {block["block_id"]: block for block in view["blocks"]}
    assert blocks["metric:2026-11-16:calls"]["element"]["initial_value"] == "12"
    assert "initial_value" not in blocks["metric:2026-11-16:emails"]["element"]
    assert blocks["metric:2026-11-16:calls"]["hint"]["text"] == "Target this week: 55"
    weeks = [o["value"] for o in blocks[ids.LOG_WEEK_BLOCK]["element"]["options"]]
    assert weeks[0] == MONDAY.isoformat() and len(weeks) == 5


def test_bad_fields_come_back_as_errors_and_nothing_is_stored(running_bot: RunningBot) -> None:
    answer = submit(running_bot, MONDAY.isoformat(), {"calls": "-4", "emails": "lots", "meetings": "3"})
    assert answer["response_action"] == "errors"
    assert answer["errors"] == {
        "metric:2026-11-16:calls": "-4 is negative; log what you did, zero or more",
        "metric:2026-11-16:emails": "`lots` is not a number",
    }
    assert stored(running_bot) == []


def test_a_week_not_on_offer_is_refused(running_bot: RunningBot) -> None:
    answer = submit(running_bot, "2026-01-05", {"calls": "4"})
    assert answer["errors"] == {ids.LOG_WEEK_BLOCK: "Pick one of the weeks in the list."}


def test_a_valid_submission_stores_the_week_and_tells_the_rep(running_bot: RunningBot) -> None:
    assert (
        submit(running_bot, (MONDAY - dt.timedelta(weeks=1)).isoformat(), {"calls": "40", "emails": ""}) == {}
    )
    assert stored(running_bot) == [WeekLog(MONDAY - dt.timedelta(weeks=1), {"calls": 40.0})]
    dm = running_bot.fake.wait_for("chat.postMessage")[-1]
    assert dm.args["channel"] == REP and "Week 6 of 13" in json.dumps(dm.args["blocks"])
    with session_scope(running_bot.deps.engine) as session:
        assert [e.source for e in activity.audit_trail(session, team_id=TEAM, rep_id=REP)] == ["modal"]


def test_picking_another_week_refills_the_modal(running_bot: RunningBot) -> None:
    running_bot.command("/log", "last week calls=33")
    view = open_modal(running_bot) | {"id": "V123", "hash": "h1"}
    picked = (MONDAY - dt.timedelta(weeks=1)).isoformat()
    view["state"] = {
        "values": {ids.LOG_WEEK_BLOCK: {ids.LOG_WEEK_PICK: {"selected_option": {"value": picked}}}}
    }
    action = {
        "type": "static_select",
        "action_id": ids.LOG_WEEK_PICK,
        "block_id": ids.LOG_WEEK_BLOCK,
        "selected_option": {"value": picked},
    }
    running_bot.poster.post_form(block_actions([action], user_id=REP, team_id=TEAM, view=view))
    update = running_bot.fake.wait_for("views.update")[-1]
    blocks = {b["block_id"]: b for b in update.args["view"]["blocks"]}
    assert update.args["view_id"] == "V123"
    assert blocks[f"metric:{picked}:calls"]["element"]["initial_value"] == "33"


def test_the_check_in_button_opens_the_same_modal_for_whoever_clicks(running_bot: RunningBot) -> None:
    action = {"type": "button", "action_id": ids.OPEN_LOG_MODAL, "block_id": "b", "value": ""}
    running_bot.poster.post_form(block_actions([action], user_id=REP, team_id=TEAM, channel_id="D0REP1"))
    view = running_bot.fake.wait_for("views.open")[-1].args["view"]
    assert view["callback_id"] == ids.LOG_MODAL


def test_the_past_weeks_button_shows_the_clicking_reps_own_weeks(running_bot: RunningBot) -> None:
    _, url = running_bot.command("/log", "last week calls=60 emails=150")
    running_bot.reply_to(url)
    action = {"type": "button", "action_id": ids.OPEN_PAST_WEEKS, "block_id": "b", "value": ""}
    running_bot.poster.post_form(block_actions([action], user_id=REP, team_id=TEAM, channel_id=None))
    view = running_bot.fake.wait_for("views.open")[-1].args["view"]
    texts = [block["text"]["text"] for block in view["blocks"] if block["type"] == "section"]
    assert view["title"]["text"] == "Past weeks" and len(texts) == 7  # weeks 7 (this one) down to 1
    assert texts[0].startswith("*Week 7 of 13* · Mon Nov 16 · _not logged_")
    assert texts[1].startswith("*Week 6 of 13* · Mon Nov 9 · *") and "Calls 60/" in texts[1]
    assert texts[6] == "*Week 1 of 13* · Mon Oct 5 · _not logged_"


def test_someone_without_a_ramp_is_told_why_instead_of_a_silent_click(running_bot: RunningBot) -> None:
    for action_id in (ids.OPEN_PAST_WEEKS, ids.OPEN_LOG_MODAL):
        action = {"type": "button", "action_id": action_id, "block_id": "b", "value": ""}
        running_bot.poster.post_form(block_actions([action], user_id="U0MGR1", team_id=TEAM, channel_id=None))
    views = [call.args["view"] for call in running_bot.fake.wait_for("views.open", count=2)]
    assert [v["title"]["text"] for v in views] in (
        ["Past weeks", "Log your week"],
        ["Log your week", "Past weeks"],
    )
    assert all("not enrolled in a ramp plan" in v["blocks"][0]["text"]["text"] for v in views)


def test_outreach_counts_per_template_become_touches_and_logging_again_replaces_them(
    running_bot: RunningBot,
) -> None:
    def submit_counts(text: str) -> dict[str, Any]:
        state: dict[str, dict[str, dict[str, Any]]] = {
            ids.LOG_WEEK_BLOCK: {
                ids.LOG_WEEK_PICK: {"type": "static_select", "selected_option": {"value": MONDAY.isoformat()}}
            },
            metric_block_id(MONDAY, "calls"): {ids.LOG_VALUE: {"type": "plain_text_input", "value": "30"}},
            outreach_block_id(MONDAY): {ids.LOG_VALUE: {"type": "plain_text_input", "value": text}},
        }
        answer = running_bot.poster.post_form(
            view_submission(ids.LOG_MODAL, state, user_id=REP, team_id=TEAM)
        )
        return answer.json() if answer.content else {}

    def touches() -> list[tuple[str, str]]:
        with session_scope(running_bot.deps.engine) as session:
            return [(t.template, t.outcome.value) for t in team_touches(session, TEAM, rep_ids=[REP])]

    bad = submit_counts("pain-first: 40 sent, 9 replies\nfeature-tour 12")
    assert bad["errors"] == {
        outreach_block_id(MONDAY): "line 2: write it as `pain-first: 40 sent, 9 replies`"
    }
    assert touches() == [] and stored(running_bot) == []  # nothing at all was stored
    assert submit_counts("pain-first: 4 sent, 1 reply\nfeature-tour: 2 sent, 0 replies") == {}
    assert sorted(touches()) == sorted(
        [("pain-first", "reply")] + [("pain-first", "none")] * 3 + [("feature-tour", "none")] * 2
    )
    assert submit_counts("pain-first: 2 sent, 2 replies") == {}
    assert touches() == [("pain-first", "reply"), ("pain-first", "reply")]
    view = open_modal(running_bot)
    (outreach,) = [b for b in view["blocks"] if b["block_id"] == outreach_block_id(MONDAY)]
    assert outreach["element"]["initial_value"] == "pain-first: 2 sent, 2 replies"
