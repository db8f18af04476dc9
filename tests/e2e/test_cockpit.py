"""The manager's cockpit end to end: from the Home tab to a submitted review, a posted 1:1 agenda and a
Remind DM, without typing a command, through signed requests and the fake Slack."""

import datetime as dt
import json
import time
from typing import Any

from bot.services.leader_home import HomeState
from bot.testing.payloads import block_actions, button
from bot.views import ids
from coaching.delivery import State
from storage.db import session_scope
from storage.repo import deliveries
from tests.e2e.conftest import REP, TEAM, RunningBot
from tests.e2e.test_reviews import MANAGER, good_review, stored, submit

SAM = "U0REP2"


def home_of(bot: RunningBot, user: str, seen: int = 0) -> dict[str, Any]:
    """Open the user's Home tab and return the view published for them after their `seen` earlier ones."""
    assert bot.open_home(user).status_code == 200
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        mine = [c for c in bot.fake.calls("views.publish") if c.args["user_id"] == user]
        if len(mine) > seen:
            return dict(mine[-1].args["view"])
        time.sleep(0.01)
    raise AssertionError(f"no Home tab was published for {user}")


def buttons(view: dict[str, Any], action_id: str) -> list[dict[str, Any]]:
    """Return every button with this action id, in accessories and actions blocks."""
    found = [b["accessory"] for b in view["blocks"] if b.get("accessory", {}).get("action_id") == action_id]
    for block in view["blocks"]:
        found += [e for e in block.get("elements", []) if e.get("action_id") == action_id]
    return found


def click(
    bot: RunningBot, action_id: str, value: str, user: str = MANAGER, view: dict[str, Any] | None = None
) -> None:
    body = block_actions([button(action_id, value)], user_id=user, team_id=TEAM, channel_id=None, view=view)
    assert bot.poster.post_form(body).status_code == 200


def test_a_manager_goes_from_home_to_a_submitted_review_without_a_command(running_bot: RunningBot) -> None:
    home = home_of(running_bot, MANAGER)
    texts = " ".join(b.get("text", {}).get("text", "") for b in home["blocks"])
    assert "What needs you today" in texts and "Riley Rep" in texts
    (start,) = [b for b in buttons(home, ids.START_REVIEW) if REP in b["value"]]
    click(running_bot, ids.START_REVIEW, start["value"])
    modal = running_bot.fake.wait_for("views.open")[-1].args["view"]
    assert submit(running_bot, modal, good_review()) == {}
    assert len(stored(running_bot)) == 1
    running_bot.fake.wait_for("views.publish", count=3)  # the rep's and the manager's Home after it
    after = home_of(running_bot, MANAGER, 2)
    assert not [b for b in buttons(after, ids.START_REVIEW) if REP in b["value"]]


def test_a_rep_row_opens_their_page_and_the_agenda_is_posted_to_the_manager_and_rep(
    running_bot: RunningBot,
) -> None:
    _, url = running_bot.command("/log", "last week calls=10 emails=80 meetings=0")
    running_bot.reply_to(url)
    home = home_of(running_bot, MANAGER)
    assert {b["value"] for b in buttons(home, ids.OPEN_REP_PAGE)} == {REP, SAM}
    click(running_bot, ids.OPEN_REP_PAGE, REP)
    page = dict(running_bot.fake.wait_for("views.open")[-1].args["view"])
    text = " ".join(b.get("text", {}).get("text", "") for b in page["blocks"])
    assert "1:1 agenda" in text and "Last reviews" in text and "Furthest behind plan: *" in text
    (post,) = buttons(page, ids.POST_AGENDA)
    click(running_bot, ids.POST_AGENDA, post["value"], view=page | {"id": "V111"})
    (opened,) = running_bot.fake.wait_for("conversations.open")
    assert set(opened.args["users"].split(",")) == {MANAGER, REP}
    posted = running_bot.fake.wait_for("chat.postMessage")[-1]
    assert posted.args["text"].startswith("1:1 agenda: Riley Rep and Max Manager")
    assert "Furthest behind plan" in str(posted.args["blocks"])
    assert running_bot.fake.wait_for("views.push")


def test_a_rep_cannot_open_another_reps_page_or_post_their_agenda(running_bot: RunningBot) -> None:
    click(running_bot, ids.OPEN_REP_PAGE, SAM, user=REP)
    refused = running_bot.fake.wait_for("views.open")[-1].args["view"]
    assert "Only the rep's managers" in str(refused["blocks"])
    click(running_bot, ids.POST_AGENDA, SAM, user=REP, view={"id": "V111"})
    running_bot.fake.wait_for("views.push")
    assert not running_bot.fake.calls("chat.postMessage")


def test_remind_sends_one_dm_a_day_and_the_row_then_says_so(running_bot: RunningBot) -> None:
    home = home_of(running_bot, MANAGER)
    assert {b["value"] for b in buttons(home, ids.REMIND_REP)} == {REP, SAM}  # nobody logged this week
    click(running_bot, ids.REMIND_REP, REP)
    running_bot.fake.wait_for("views.publish", count=2)
    click(running_bot, ids.REMIND_REP, REP)  # a second click (or a second manager) the same day
    republished = running_bot.fake.wait_for("views.publish", count=3)[-1].args["view"]
    dms = [c for c in running_bot.fake.calls("chat.postMessage") if c.args["channel"] == REP]
    assert len(dms) == 1 and "asks for your numbers" in dms[0].args["text"]
    assert {b["value"] for b in buttons(republished, ids.REMIND_REP)} == {SAM}
    assert "reminded today" in str(republished["blocks"])
    with session_scope(running_bot.deps.engine) as session:
        listed = deliveries.listing(session, sent_since=running_bot.clock.now - dt.timedelta(days=1))
    (row,) = [d for d in listed if d.kind.value == "remind"]
    assert row.state is State.SENT and row.person_id == REP


def test_a_rep_cannot_remind_anyone(running_bot: RunningBot) -> None:
    click(running_bot, ids.REMIND_REP, SAM, user=REP)
    running_bot.fake.wait_for("views.publish")  # their own Home is redrawn, nothing is sent
    assert not running_bot.fake.calls("chat.postMessage")


LEADER = "U0LEAD"


def select(bot: RunningBot, action_id: str, value: str, user: str = LEADER) -> None:
    option = {"value": value, "text": {"type": "plain_text", "text": "x"}}
    action: dict[str, Any] = {"type": "static_select", "action_id": action_id, "block_id": "leader_filters"}
    action["selected_option"] = option
    body = block_actions([action], user_id=user, team_id=TEAM, channel_id=None, view={"id": "VHOME"})
    assert bot.poster.post_form(body).status_code == 200


def test_a_leader_filters_their_home_and_opens_a_managers_team(running_bot: RunningBot) -> None:
    home = home_of(running_bot, LEADER)
    text = json.dumps(home)
    assert "*Managers* (1)" in text and "Needs attention" in text
    (team,) = buttons(home, ids.OPEN_MANAGER_TEAM)
    click(running_bot, ids.OPEN_MANAGER_TEAM, team["value"], user=LEADER)
    modal = running_bot.fake.wait_for("views.open")[-1].args["view"]
    assert "Riley Rep" in json.dumps(modal) and "Sam Seller" in json.dumps(modal)
    # Riley started in October, Sam in November: the November class leaves only Sam's line.
    select(running_bot, f"{ids.LEADER_FILTER_PREFIX}hire_class", HomeState(hire_class="2026-11").to_json())
    filtered = None  # the click publishes the filtered tab by itself
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        mine = [c for c in running_bot.fake.calls("views.publish") if c.args["user_id"] == LEADER]
        if len(mine) >= 2:
            filtered = mine[-1].args["view"]
            break
        time.sleep(0.01)
    assert filtered is not None
    assert "2026-11" in json.dumps(filtered) and "Riley Rep" not in json.dumps(filtered)


def test_a_manager_team_opened_by_a_rep_shows_nobody(running_bot: RunningBot) -> None:
    click(running_bot, ids.OPEN_MANAGER_TEAM, MANAGER, user=REP)
    modal = running_bot.fake.wait_for("views.open")[-1].args["view"]
    assert "Riley" not in json.dumps(modal) and "Sam" not in json.dumps(modal)
