"""The fake Slack refuses views and messages that break Block Kit's documented limits, as Slack does.

The limits are copied from https://api.slack.com/reference/block-kit/blocks (section text 3000, section
fields 10 x 2000, header 150, input label 2000, actions 25 elements, context 10 elements),
https://api.slack.com/reference/block-kit/block-elements (button text 75, select options 100,
plain_text_input placeholder 150), https://api.slack.com/reference/block-kit/composition-objects (option
text 75, value 150), https://api.slack.com/reference/surfaces/views (title 24, 100 blocks) and
https://api.slack.com/methods/chat.postMessage (50 blocks, `msg_too_long` past 40,000 characters).
"""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.fake_slack import FakeSlack

TOKEN = "xoxb-fake-token"
Block = dict[str, Any]


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack(TOKEN) as running:
        yield running


@pytest.fixture
def client(fake: FakeSlack) -> WebClient:
    return WebClient(token=TOKEN, base_url=fake.api_url, retry_handlers=[])


def plain(text: str) -> dict[str, str]:
    return {"type": "plain_text", "text": text}


def section(chars: int) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": "x" * chars}}


def fields(count: int, chars: int) -> Block:
    return {"type": "section", "fields": [{"type": "mrkdwn", "text": "x" * chars}] * count}


def header(chars: int) -> Block:
    return {"type": "header", "text": plain("x" * chars)}


def button(chars: int) -> Block:
    return {"type": "actions", "elements": [{"type": "button", "action_id": "b", "text": plain("x" * chars)}]}


def buttons(count: int) -> Block:
    return {
        "type": "actions",
        "elements": [{"type": "button", "action_id": f"b{i}", "text": plain("Go")} for i in range(count)],
    }


def context(count: int) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": "x"}] * count}


def label(chars: int) -> Block:
    element = {"type": "plain_text_input", "action_id": "v"}
    return {"type": "input", "block_id": "i", "label": plain("x" * chars), "element": element}


def options(count: int, chars: int = 5) -> Block:
    opts = [{"text": plain("x" * chars), "value": str(i)} for i in range(count)]
    element = {"type": "static_select", "action_id": "s", "options": opts}
    return {"type": "input", "block_id": "s", "label": plain("Week"), "element": element}


# (what is broken, a block at Slack's limit, the same block one past it, json-pointer of the error)
LIMITS: list[tuple[str, Callable[[int], Block], int, str]] = [
    ("section text", section, 3000, "/0/text/text"),
    ("section fields count", lambda n: fields(n, 10), 10, "/0/fields"),
    ("section field text", lambda n: fields(1, n), 2000, "/0/fields/0/text"),
    ("header text", header, 150, "/0/text/text"),
    ("button text", button, 75, "/0/elements/0/text/text"),
    ("actions elements", buttons, 25, "/0/elements"),
    ("context elements", context, 10, "/0/elements"),
    ("input label", label, 2000, "/0/label/text"),
    ("select options", options, 100, "/0/element/options"),
    ("option text", lambda n: options(1, n), 75, "/0/element/options/0/text/text"),
]


@pytest.mark.parametrize(("broken", "block", "limit", "pointer"), LIMITS, ids=[row[0] for row in LIMITS])
def test_a_modal_at_a_limit_is_shown_and_one_past_it_is_invalid_blocks(
    client: WebClient, broken: str, block: Callable[[int], Block], limit: int, pointer: str
) -> None:
    def modal(n: int) -> dict[str, Any]:
        return {"type": "modal", "title": plain("Log"), "blocks": [block(n)]}

    assert client.views_open(trigger_id="t", view=modal(limit))["ok"], broken
    with pytest.raises(SlackApiError) as raised:
        client.views_open(trigger_id="t", view=modal(limit + 1))
    assert raised.value.response["error"] == "invalid_blocks"
    [message] = raised.value.response["response_metadata"]["messages"]
    assert message.endswith(f"[json-pointer:/view/blocks{pointer}]")


@pytest.mark.parametrize("kind", ["modal", "home"])
def test_a_view_holds_at_most_100_blocks(client: WebClient, kind: str) -> None:
    def show(n: int) -> None:
        view = {"type": kind, "title": plain("Log"), "blocks": [section(1)] * n}
        if kind == "home":
            client.views_publish(user_id="U1", view=view)
        else:
            client.views_open(trigger_id="t", view=view)

    show(100)
    with pytest.raises(SlackApiError) as raised:
        show(101)
    assert raised.value.response["error"] == "invalid_blocks"


def test_a_modal_title_longer_than_24_characters_is_refused(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as raised:
        client.views_open(trigger_id="t", view={"type": "modal", "title": plain("x" * 25), "blocks": []})
    assert raised.value.response["response_metadata"]["messages"] == [
        "[ERROR] must be less than 25 characters [json-pointer:/view/title/text]"
    ]


def test_a_home_tab_whose_update_breaks_a_limit_is_refused_too(client: WebClient) -> None:
    view_id = client.views_publish(user_id="U1", view={"type": "home", "blocks": [section(10)]})["view"]["id"]
    with pytest.raises(SlackApiError) as raised:
        client.views_update(view_id=view_id, view={"type": "home", "blocks": [section(3001)]})
    assert raised.value.response["error"] == "invalid_blocks"


def test_an_empty_section_text_is_refused(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="C1", text="t", blocks=[section(0)])
    assert raised.value.response["error"] == "invalid_blocks"


def test_a_message_holds_at_most_50_blocks_and_its_blocks_obey_the_same_limits(client: WebClient) -> None:
    assert client.chat_postMessage(channel="C1", text="t", blocks=[section(3000)] * 50)["ok"]
    for blocks in ([section(1)] * 51, [section(3001)], [header(151)]):
        with pytest.raises(SlackApiError) as raised:
            client.chat_postMessage(channel="C1", text="t", blocks=blocks)
        assert raised.value.response["error"] == "invalid_blocks"
    with pytest.raises(SlackApiError) as raised:
        client.chat_update(channel="C1", ts="1.0", text="t", blocks=[button(76)])
    assert raised.value.response["error"] == "invalid_blocks"


def test_a_message_text_past_40000_characters_is_msg_too_long(client: WebClient) -> None:
    assert client.chat_postMessage(channel="C1", text="x" * 40_000)["ok"]
    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="C1", text="x" * 40_001)
    assert raised.value.response["error"] == "msg_too_long"
