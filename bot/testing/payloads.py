"""Request bodies shaped like the ones Slack sends to the app, with test ids T111, U111, C111."""

import json
import time
import uuid
from typing import Any
from urllib.parse import urlencode

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"

TEAM_ID = "T111"
USER_ID = "U111"
CHANNEL_ID = "C111"
APP_ID = "A111"


def fresh_trigger_id() -> str:
    """Return a trigger id never used before: Slack gives each interaction its own."""
    return f"{time.time_ns()}.{uuid.uuid4().hex[:8]}.trigger"


def slash_command(
    command: str,
    text: str,
    *,
    response_url: str,
    user_id: str = USER_ID,
    team_id: str = TEAM_ID,
    channel_id: str = CHANNEL_ID,
    trigger_id: str | None = None,
) -> str:
    """Return the form body of a slash command, e.g. slash_command("/log", "week 3 calls 12", ...)."""
    return urlencode(
        {
            "token": "legacy-verification-token",
            "team_id": team_id,
            "team_domain": "fake",
            "channel_id": channel_id,
            "channel_name": "general",
            "user_id": user_id,
            "user_name": f"user-{user_id.lower()}",
            "command": command,
            "text": text,
            "api_app_id": APP_ID,
            "is_enterprise_install": "false",
            "response_url": response_url,
            "trigger_id": trigger_id or fresh_trigger_id(),
        }
    )


def form_payload(payload: dict[str, Any]) -> str:
    """Return `payload=<json>`, the form body Slack uses for every interactive payload."""
    return urlencode({"payload": json.dumps(payload)})


def button(action_id: str, value: str = "", *, block_id: str = "actions") -> dict[str, Any]:
    """Return one clicked-button action, as found in a block_actions payload's `actions`."""
    return {
        "type": "button",
        "action_id": action_id,
        "block_id": block_id,
        "value": value,
        "text": {"type": "plain_text", "text": action_id},
        "action_ts": f"{time.time():.6f}",
    }


def block_actions(
    actions: list[dict[str, Any]],
    *,
    user_id: str = USER_ID,
    team_id: str = TEAM_ID,
    channel_id: str | None = CHANNEL_ID,
    view: dict[str, Any] | None = None,
    response_url: str | None = None,
    trigger_id: str | None = None,
    message: dict[str, Any] | None = None,
) -> str:
    """Return the form body of a block_actions payload, from a message (channel) or a view (view).

    `message` is the clicked message as Slack sends it back (its text and blocks)."""
    payload: dict[str, Any] = {
        "type": "block_actions",
        "team": {"id": team_id, "domain": "fake"},
        "user": {"id": user_id, "username": f"user-{user_id.lower()}", "team_id": team_id},
        "api_app_id": APP_ID,
        "token": "legacy-verification-token",
        "trigger_id": trigger_id or fresh_trigger_id(),
        "actions": actions,
    }
    if view is not None:
        payload["container"] = {"type": "view", "view_id": view.get("id", "V111")}
        payload["view"] = view
    elif channel_id is not None:
        payload["container"] = {
            "type": "message",
            "channel_id": channel_id,
            "message_ts": "1700000000.000100",
        }
        payload["channel"] = {"id": channel_id, "name": "general"}
        payload["message"] = {"type": "message", "ts": "1700000000.000100", "text": ""} | (message or {})
    if response_url is not None:
        payload["response_url"] = response_url
    return form_payload(payload)


def message_action(
    callback_id: str,
    text: str,
    *,
    response_url: str,
    user_id: str = USER_ID,
    team_id: str = TEAM_ID,
    channel_id: str = CHANNEL_ID,
    author_id: str = "U222",
    trigger_id: str | None = None,
) -> str:
    """Return the form body of a message shortcut used on a message whose text is `text`."""
    payload = {
        "type": "message_action",
        "callback_id": callback_id,
        "team": {"id": team_id, "domain": "fake"},
        "user": {"id": user_id, "username": f"user-{user_id.lower()}", "team_id": team_id},
        "channel": {"id": channel_id, "name": "general"},
        "message": {"type": "message", "user": author_id, "ts": "1700000000.000200", "text": text},
        "message_ts": "1700000000.000200",
        "api_app_id": APP_ID,
        "token": "legacy-verification-token",
        "trigger_id": trigger_id or fresh_trigger_id(),
        "response_url": response_url,
        "action_ts": f"{time.time():.6f}",
    }
    return form_payload(payload)


def view_submission(
    callback_id: str,
    values: dict[str, dict[str, dict[str, Any]]],
    *,
    user_id: str = USER_ID,
    team_id: str = TEAM_ID,
    private_metadata: str = "",
    view_id: str = "V111",
    trigger_id: str | None = None,
    blocks: list[dict[str, Any]] | None = None,
    hash_: str | None = None,
) -> str:
    """Return the form body of a view_submission; values are {block_id: {action_id: {...value...}}}."""
    view = {
        "id": view_id,
        "team_id": team_id,
        "type": "modal",
        "callback_id": callback_id,
        "private_metadata": private_metadata,
        "blocks": blocks or [],
        "state": {"values": values},
        "hash": hash_ or f"{view_id}.hash",
    }
    payload = {
        "type": "view_submission",
        "team": {"id": team_id, "domain": "fake"},
        "user": {"id": user_id, "username": f"user-{user_id.lower()}", "team_id": team_id},
        "api_app_id": APP_ID,
        "token": "legacy-verification-token",
        "trigger_id": trigger_id or fresh_trigger_id(),
        "view": view,
        "response_urls": [],
    }
    return form_payload(payload)


def submission_of(
    view: dict[str, Any], *, user_id: str = USER_ID, team_id: str = TEAM_ID, trigger_id: str | None = None
) -> str:
    """Return the view_submission Slack sends when the user presses Submit on `view`, a view as the fake
    Slack holds it (FakeSlack.view): its id, hash, blocks and state.values, typed input included."""
    return view_submission(
        str(view.get("callback_id", "")),
        view["state"]["values"],
        user_id=user_id,
        team_id=team_id,
        private_metadata=str(view.get("private_metadata", "")),
        view_id=str(view["id"]),
        trigger_id=trigger_id,
        blocks=view.get("blocks", []),
        hash_=str(view.get("hash", "")),
    )


def input_action(view: dict[str, Any], block_id: str, action_id: str) -> dict[str, Any]:
    """Return the action a dispatching input sends (for block_actions) with its current state in `view`."""
    entry = view["state"]["values"][block_id][action_id]
    return {**entry, "action_id": action_id, "block_id": block_id, "action_ts": f"{time.time():.6f}"}


def view_closed(
    callback_id: str,
    values: dict[str, dict[str, dict[str, Any]]],
    *,
    user_id: str = USER_ID,
    team_id: str = TEAM_ID,
    private_metadata: str = "",
) -> str:
    """Return the form body of a view_closed payload (sent when a modal has notify_on_close)."""
    view = {
        "id": "V111",
        "team_id": team_id,
        "type": "modal",
        "callback_id": callback_id,
        "private_metadata": private_metadata,
        "blocks": [],
        "state": {"values": values},
    }
    payload = {
        "type": "view_closed",
        "team": {"id": team_id, "domain": "fake"},
        "user": {"id": user_id, "username": f"user-{user_id.lower()}", "team_id": team_id},
        "api_app_id": APP_ID,
        "token": "legacy-verification-token",
        "view": view,
        "is_cleared": False,
    }
    return form_payload(payload)


def text_input(value: str) -> dict[str, Any]:
    """Return a plain_text_input state value, for view_submission values."""
    return {"type": "plain_text_input", "value": value}


def event_callback(
    event: dict[str, Any],
    *,
    event_id: str | None = None,
    team_id: str = TEAM_ID,
    event_time: int | None = None,
    enterprise_id: str | None = None,
) -> str:
    """Return the JSON body of an Events API event_callback wrapping `event` (a fresh event id unless given:
    the app runs each event id once); `enterprise_id` for a workspace of an Enterprise Grid org."""
    authorization: dict[str, Any] = {"team_id": team_id, "user_id": "UBOT", "is_bot": True}
    body: dict[str, Any] = {
        "token": "legacy-verification-token",
        "team_id": team_id,
        "api_app_id": APP_ID,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or f"Ev{uuid.uuid4().hex[:12].upper()}",
        "event_time": event_time if event_time is not None else int(time.time()),
        "authorizations": [authorization],
    }
    if enterprise_id is not None:  # Slack names the org in the body and in each authorization
        body["enterprise_id"] = authorization["enterprise_id"] = enterprise_id
    return json.dumps(body)


def app_home_opened(*, user_id: str = USER_ID, tab: str = "home") -> dict[str, Any]:
    """Return an app_home_opened event, for event_callback."""
    return {"type": "app_home_opened", "user": user_id, "channel": "D" + user_id, "tab": tab}


def url_verification(challenge: str = "challenge-111") -> str:
    """Return the JSON body Slack sends when the Request URL is saved."""
    return json.dumps(
        {"token": "legacy-verification-token", "challenge": challenge, "type": "url_verification"}
    )
