"""The fake Slack keeps views as Slack does: typed input, its carry-over across views.update, and hashes.

Each rule is copied from https://api.slack.com/methods/views.update: "Preserving input entry" (input
blocks with the same block_id and action_id keep what was entered; the new initial value is not shown)
and the `hash` argument ("a string that represents view state to protect against possible race
conditions"), whose mismatch is the documented error `hash_conflict`.
"""

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.fake_slack import FakeSlack
from bot.testing.payloads import input_action, submission_of

TOKEN = "xoxb-fake-token"


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack(TOKEN) as running:
        yield running


@pytest.fixture
def client(fake: FakeSlack) -> WebClient:
    return WebClient(token=TOKEN, base_url=fake.api_url, retry_handlers=[])


def text_input(block_id: str, initial: str | None = None, action_id: str = "value") -> dict[str, Any]:
    element: dict[str, Any] = {"type": "plain_text_input", "action_id": action_id}
    if initial is not None:
        element["initial_value"] = initial
    return {
        "type": "input",
        "block_id": block_id,
        "label": {"type": "plain_text", "text": "Calls"},
        "element": element,
    }


def picker(initial: str) -> dict[str, Any]:
    options = [{"text": {"type": "plain_text", "text": w}, "value": w} for w in ("w1", "w2")]
    element = {
        "type": "static_select",
        "action_id": "pick",
        "options": options,
        "initial_option": next(o for o in options if o["value"] == initial),
    }
    label = {"type": "plain_text", "text": "Week"}
    return {"type": "input", "block_id": "week", "label": label, "element": element, "dispatch_action": True}


def modal(*blocks: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": "log",
        "title": {"type": "plain_text", "text": "Log"},
        "blocks": list(blocks),
    }


def values(view: dict[str, Any]) -> dict[str, Any]:
    return {block: next(iter(fields.values())) for block, fields in view["state"]["values"].items()}


def test_an_opened_view_holds_its_inputs_initial_values_as_state(fake: FakeSlack, client: WebClient) -> None:
    view_id = client.views_open(
        trigger_id="t", view=modal(picker("w1"), text_input("calls", "12"), text_input("emails"))
    )["view"]["id"]
    state = values(fake.view(view_id))
    assert state["calls"] == {"type": "plain_text_input", "value": "12"}
    assert state["emails"] == {"type": "plain_text_input", "value": None}
    assert state["week"]["selected_option"]["value"] == "w1"


def test_typed_input_survives_an_update_with_the_same_block_and_action_ids(
    fake: FakeSlack, client: WebClient
) -> None:
    view_id = client.views_open(
        trigger_id="t", view=modal(text_input("calls", "12"), text_input("emails", "5"))
    )["view"]["id"]
    fake.type_into(view_id, "calls", "value", "40")
    client.views_update(view_id=view_id, view=modal(text_input("calls", "99"), text_input("emails", "7")))
    state = values(fake.view(view_id))
    # Slack shows what was there (typed 40, untouched 5), not the new initial values 99 and 7.
    assert state["calls"]["value"] == "40"
    assert state["emails"]["value"] == "5"


def test_a_new_block_id_or_action_id_starts_the_input_afresh(fake: FakeSlack, client: WebClient) -> None:
    view_id = client.views_open(trigger_id="t", view=modal(text_input("calls"), text_input("emails")))[
        "view"
    ]["id"]
    fake.type_into(view_id, "calls", "value", "40")
    fake.type_into(view_id, "emails", "value", "80")
    new = modal(text_input("calls:w2", "3"), text_input("emails", "9", action_id="other"))
    client.views_update(view_id=view_id, view=new)
    state = fake.view(view_id)["state"]["values"]
    assert state == {
        "calls:w2": {"value": {"type": "plain_text_input", "value": "3"}},
        "emails": {"other": {"type": "plain_text_input", "value": "9"}},
    }


def test_a_picked_option_must_be_offered_and_is_sent_back_in_the_action(
    fake: FakeSlack, client: WebClient
) -> None:
    view_id = client.views_open(trigger_id="t", view=modal(picker("w1")))["view"]["id"]
    with pytest.raises(KeyError):
        fake.select(view_id, "week", "pick", "w9")
    view = fake.select(view_id, "week", "pick", "w2")
    action = input_action(view, "week", "pick")
    assert action["type"] == "static_select" and action["selected_option"]["value"] == "w2"
    assert (action["block_id"], action["action_id"]) == ("week", "pick")


def test_the_submission_built_from_the_fakes_view_carries_the_typed_state(
    fake: FakeSlack, client: WebClient
) -> None:
    view_id = client.views_open(trigger_id="t", view=modal(text_input("calls", "12")))["view"]["id"]
    fake.type_into(view_id, "calls", "value", "41")
    body = submission_of(fake.view(view_id), user_id="U9")
    payload = json.loads(parse_qs(body)["payload"][0])
    assert payload["type"] == "view_submission" and payload["user"]["id"] == "U9"
    assert payload["view"]["id"] == view_id and payload["view"]["hash"] == fake.view(view_id)["hash"]
    assert payload["view"]["state"]["values"]["calls"]["value"]["value"] == "41"
    assert payload["view"]["callback_id"] == "log"


def test_every_open_update_and_publish_gives_a_new_hash(client: WebClient) -> None:
    opened = client.views_open(trigger_id="t", view=modal())["view"]
    updated = client.views_update(view_id=opened["id"], hash=opened["hash"], view=modal())["view"]
    home = {"type": "home", "blocks": []}
    first = client.views_publish(user_id="U1", view=home)["view"]
    second = client.views_publish(user_id="U1", view=home)["view"]
    assert len({opened["hash"], updated["hash"], first["hash"], second["hash"]}) == 4
    assert updated["id"] == opened["id"]
    assert second["id"] == first["id"]  # a user's Home tab keeps its view id


def test_an_update_with_a_stale_hash_is_a_hash_conflict_and_changes_nothing(
    fake: FakeSlack, client: WebClient
) -> None:
    opened = client.views_open(trigger_id="t", view=modal(text_input("calls", "1")))["view"]
    client.views_update(view_id=opened["id"], hash=opened["hash"], view=modal(text_input("a", "2")))
    with pytest.raises(SlackApiError) as raised:
        client.views_update(view_id=opened["id"], hash=opened["hash"], view=modal(text_input("b", "3")))
    assert raised.value.response["error"] == "hash_conflict"
    assert list(fake.view(opened["id"])["state"]["values"]) == ["a"]
    # Without a hash, Slack applies the update whatever happened since.
    client.views_update(view_id=opened["id"], view=modal(text_input("c", "4")))
    assert list(fake.view(opened["id"])["state"]["values"]) == ["c"]


def test_the_home_tab_last_published_for_a_user_can_be_read(fake: FakeSlack, client: WebClient) -> None:
    with pytest.raises(KeyError):
        fake.home_view("U1")
    section = {"type": "section", "text": {"type": "mrkdwn", "text": "Week 4 of 13"}}
    client.views_publish(user_id="U1", view={"type": "home", "blocks": [section]})
    assert fake.home_view("U1")["blocks"] == [section]
    assert [view["type"] for view in fake.views()] == ["home"]
