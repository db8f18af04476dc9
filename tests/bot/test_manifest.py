"""manifest.yml is a valid Slack app manifest and declares exactly what the code handles and calls.

The listeners are read from the real Bolt app: each one is asked whether it would answer a request built
from a manifest entry (or, for modals and buttons, from an id in bot/views/ids.py). A listener added
without its manifest entry, or a manifest entry that nothing answers, fails here.
"""

import copy
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from slack_bolt import App
from slack_bolt.listener import Listener
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse

from bot.app import build_app
from bot.deps import Deps
from bot.settings import Settings
from bot.views import ids
from storage.db import make_engine

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = ROOT / "manifest.yml"
SCHEMA = ROOT / "tests" / "fixtures" / "slack" / "manifest.schema.1.0.0.json"
BOT_SOURCE = ROOT / "bot"
# The fake Slack Web API serves these methods; it is not a client of Slack.
NOT_SLACK_CLIENTS = (BOT_SOURCE / "fake_slack",)

# Bot scope each Web API method needs ("" = none). "family.*" covers every method of a family, e.g. the
# SDK's files_upload_v2 (files.getUploadURLExternal + files.completeUploadExternal).
# A method the code starts calling must be added here; a scope the manifest asks for must appear here.
METHOD_SCOPES = {
    "auth.test": "",
    "chat.postMessage": "chat:write",
    "chat.postEphemeral": "chat:write",
    "chat.update": "chat:write",
    "chat.delete": "chat:write",
    "views.open": "",
    "views.push": "",
    "views.update": "",
    "views.publish": "",
    "users.info": "users:read",
    "users.lookupByEmail": "users:read.email",
    "conversations.open": "im:write",
    "conversations.open#mpim": "mpim:write",  # a group DM (the manager, the rep and the bot): the 1:1 agenda
    "files.*": "files:write",
}
# Bot scope each bot event subscription needs ("" = none).
EVENT_SCOPES = {
    "app_home_opened": "",
    "app_uninstalled": "",
    "tokens_revoked": "",
    "user_change": "users:read",
    "message.im": "im:history",
    "message.mpim": "mpim:history",
    "message.channels": "channels:history",
    "message.groups": "groups:history",
}
# Prefixes of the SDK's WebClient methods that call the Web API: client.chat_postMessage(...).
SLACK_FAMILIES = ("auth", "chat", "views", "users", "conversations", "files", "reactions", "team", "apps")
SDK_CALL = re.compile(rf"\bclient\.((?:{'|'.join(SLACK_FAMILIES)})_\w+)\s*\(")  # client.chat_postMessage(
API_CALL = re.compile(r"\bapi_call\(\s*[\"']([\w.]+)[\"']")
SAY_CALL = re.compile(r"\bsay\(")  # Bolt's say() is chat.postMessage
MPIM_CALL = re.compile(r"\bconversations_open\(\s*users=f?[\"'][^\"']*,")  # several users: a group DM
# Slack subscribes to `message.im` etc. but delivers events of type `message` with this channel_type.
MESSAGE_CHANNEL_TYPES = {
    "message.im": "im",
    "message.mpim": "mpim",
    "message.channels": "channel",
    "message.groups": "group",
}


def load_manifest() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    return loaded


def schema_errors(manifest: dict[str, Any]) -> list[str]:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)  # draft-07, as the schema declares
    validator_class.check_schema(schema)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '(top)'}: {error.message}"
        for error in validator.iter_errors(manifest)
    ]


def manifest_commands(manifest: dict[str, Any]) -> set[str]:
    return {entry["command"] for entry in manifest.get("features", {}).get("slash_commands", [])}


def manifest_events(manifest: dict[str, Any]) -> set[str]:
    return set(manifest.get("settings", {}).get("event_subscriptions", {}).get("bot_events", []))


def manifest_shortcuts(manifest: dict[str, Any]) -> dict[str, str]:
    """Return callback_id -> type ("global" or "message") of the manifest's shortcuts."""
    return {
        entry["callback_id"]: entry["type"] for entry in manifest.get("features", {}).get("shortcuts", [])
    }


def manifest_bot_scopes(manifest: dict[str, Any]) -> set[str]:
    return set(manifest.get("oauth_config", {}).get("scopes", {}).get("bot", []))


# --- requests a listener may answer ----------------------------------------------------------------------

TEAM = {"id": "T111", "domain": "fake"}
USER = {"id": "U111", "team_id": "T111"}


@dataclass(frozen=True)
class Candidate:
    """A request Slack may send the app, and the manifest entry (or ids.py id) that allows it."""

    source: str
    body: dict[str, Any]


def command_request(command: str) -> dict[str, Any]:
    return {"command": command, "text": "", "team_id": "T111", "user_id": "U111", "channel_id": "C111"}


def event_request(subscription: str) -> dict[str, Any]:
    # A message listener that filters on a keyword (app.message("hi")) will not answer the empty text here.
    event: dict[str, Any] = {"type": subscription, "user": "U111", "channel": "D111", "event_ts": "1.000001"}
    if subscription in MESSAGE_CHANNEL_TYPES:
        event.update(type="message", channel_type=MESSAGE_CHANNEL_TYPES[subscription], text="", ts="1.000001")
    return {"type": "event_callback", "team_id": "T111", "api_app_id": "A111", "event": event}


def shortcut_request(callback_id: str, kind: str) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": "shortcut" if kind == "global" else "message_action",
        "callback_id": callback_id,
    }
    if kind == "message":
        body |= {"channel": {"id": "C111"}, "message": {"ts": "1.000001", "text": ""}}
    return body | {"team": TEAM, "user": USER, "trigger_id": "111.222.trigger"}


def view_request(kind: str, callback_id: str) -> dict[str, Any]:
    view = {"id": "V111", "type": "modal", "callback_id": callback_id, "private_metadata": "", "state": {}}
    return {"type": kind, "team": TEAM, "user": USER, "view": view}


def block_action_request(action_id: str, block_id: str) -> dict[str, Any]:
    action = {"type": "button", "action_id": action_id, "block_id": block_id, "value": ""}
    return {"type": "block_actions", "team": TEAM, "user": USER, "actions": [action]}


def block_suggestion_request(action_id: str) -> dict[str, Any]:
    return {"type": "block_suggestion", "team": TEAM, "user": USER, "action_id": action_id, "value": ""}


def ids_strings() -> set[str]:
    """Every string constant in bot/views/ids.py, including the items of its tuples."""
    found: set[str] = set()
    for name, value in vars(ids).items():
        if not name.isupper():
            continue
        values = value if isinstance(value, tuple | list | frozenset | set) else (value,)
        found |= {item for item in values if isinstance(item, str)}
    return found


def manifest_candidates(manifest: dict[str, Any]) -> list[Candidate]:
    """One request per slash command, bot event and shortcut the manifest declares."""
    return (
        [Candidate(f"slash command {c}", command_request(c)) for c in sorted(manifest_commands(manifest))]
        + [Candidate(f"bot event {e}", event_request(e)) for e in sorted(manifest_events(manifest))]
        + [
            Candidate(f"{kind} shortcut {callback_id}", shortcut_request(callback_id, kind))
            for callback_id, kind in sorted(manifest_shortcuts(manifest).items())
        ]
    )


def interactive_candidates(manifest: dict[str, Any]) -> list[Candidate]:
    """Modal submissions/closes, block actions and option requests for every id in ids.py.

    Slack sends none of them unless the manifest turns interactivity on.
    """
    if not manifest.get("settings", {}).get("interactivity", {}).get("is_enabled", False):
        return []
    names = sorted(ids_strings())
    candidates = [
        Candidate(f"{kind} {name}", view_request(kind, name))
        for kind in ("view_submission", "view_closed")
        for name in names
    ]
    candidates += [
        Candidate(f"block action {action_id} in block {block_id}", block_action_request(action_id, block_id))
        for action_id in names
        for block_id in names
    ]
    candidates += [Candidate(f"block suggestion {name}", block_suggestion_request(name)) for name in names]
    return candidates


def answers(listener: Listener, candidate: Candidate) -> bool:
    request = BoltRequest(body=copy.deepcopy(candidate.body), mode="socket_mode")
    return listener.matches(req=request, resp=BoltResponse(status=200))


def describe(listener: Listener) -> str:
    functions = [listener.ack_function, *listener.lazy_functions]
    return "listener " + "/".join(getattr(function, "__name__", repr(function)) for function in functions)


@pytest.fixture
def app(tmp_path: Path) -> Iterator[App]:
    url = f"sqlite:///{tmp_path / 'manifest.db'}"
    settings = Settings(
        slack_bot_token="xoxb-test",
        slack_signing_secret="secret",
        database_url=url,
    )
    deps = Deps(engine=make_engine(url))
    try:
        yield build_app(settings, deps, http=True)
    finally:
        deps.engine.dispose()


def registered_listeners(app: App) -> list[Listener]:
    listeners: list[Listener] = list(app._listeners)
    assert listeners, "the app registers no listener at all"
    return listeners


# --- the schema ------------------------------------------------------------------------------------------


def test_the_manifest_is_a_valid_slack_app_manifest() -> None:
    assert schema_errors(load_manifest()) == []


def test_a_manifest_without_an_app_name_fails_the_schema_check() -> None:
    manifest = copy.deepcopy(load_manifest())
    del manifest["display_information"]["name"]

    assert any("'name' is a required property" in error for error in schema_errors(manifest))


def test_a_slash_command_without_its_leading_slash_fails_the_schema_check() -> None:
    manifest = copy.deepcopy(load_manifest())
    manifest["features"]["slash_commands"][0]["command"] = "log"

    assert any(error.startswith("features/slash_commands/0/command") for error in schema_errors(manifest))


def test_the_manifest_declares_the_metadata_version_and_the_socket_mode_default() -> None:
    manifest = load_manifest()

    assert manifest["_metadata"] == {"major_version": 1, "minor_version": 1}
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert "request_url" not in manifest["settings"]["event_subscriptions"]


# --- listeners -------------------------------------------------------------------------------------------


def test_every_slash_command_bot_event_and_shortcut_in_the_manifest_has_a_listener(app: App) -> None:
    listeners = registered_listeners(app)
    candidates = manifest_candidates(load_manifest())

    unanswered = [c.source for c in candidates if not any(answers(listener, c) for listener in listeners)]

    assert candidates
    assert unanswered == []


def orphan_listeners(app: App, manifest: dict[str, Any]) -> list[Listener]:
    """Return the listeners that answer no request the manifest lets Slack send."""
    candidates = manifest_candidates(manifest) + interactive_candidates(manifest)
    return [
        listener
        for listener in registered_listeners(app)
        if not any(answers(listener, candidate) for candidate in candidates)
    ]


def test_every_registered_listener_answers_a_request_the_manifest_lets_slack_send(app: App) -> None:
    orphans = [describe(listener) for listener in orphan_listeners(app, load_manifest())]

    assert orphans == [], "add these to manifest.yml (and their ids to bot/views/ids.py)"


def test_a_listener_the_manifest_does_not_declare_is_reported(app: App) -> None:
    def undeclared(ack: Any) -> None:
        ack()

    app.command("/undeclared")(undeclared)

    orphans = orphan_listeners(app, load_manifest())

    assert [describe(listener) for listener in orphans] == ["listener undeclared"]


def test_the_ids_module_lists_the_manifests_commands_events_and_shortcuts() -> None:
    manifest = load_manifest()

    assert set(ids.COMMANDS) == manifest_commands(manifest)
    assert set(ids.EVENTS) == manifest_events(manifest)
    assert set(ids.SHORTCUTS) == set(manifest_shortcuts(manifest))


# --- scopes ----------------------------------------------------------------------------------------------


def web_api_methods_called() -> dict[str, list[str]]:
    """Return each Web API method the bot's source calls, with the files that call it."""
    called: dict[str, list[str]] = {}
    for path in sorted(BOT_SOURCE.rglob("*.py")):
        if any(path.is_relative_to(excluded) for excluded in NOT_SLACK_CLIENTS):
            continue
        source = path.read_text(encoding="utf-8")
        methods = [name.replace("_", ".", 1) for name in SDK_CALL.findall(source)]
        methods += API_CALL.findall(source)
        methods += ["chat.postMessage"] * bool(SAY_CALL.search(source))
        methods += ["conversations.open#mpim"] * bool(MPIM_CALL.search(source))
        for method in methods:
            called.setdefault(method, []).append(str(path.relative_to(ROOT)))
    return called


def scope_for(method: str) -> str | None:
    """Return the bot scope `method` needs ("" for none), or None when METHOD_SCOPES does not know it."""
    if method in METHOD_SCOPES:
        return METHOD_SCOPES[method]
    return METHOD_SCOPES.get(method.split(".", 1)[0] + ".*")


def test_the_source_scan_finds_the_web_api_calls_the_bot_makes() -> None:
    called = web_api_methods_called()

    assert called, "no Web API call found in bot/: the scan is broken"
    assert "bot/listeners/events.py" in called.get("views.publish", [])


def test_every_web_api_method_the_bot_calls_has_a_known_scope() -> None:
    unknown = sorted(method for method in web_api_methods_called() if scope_for(method) is None)

    assert unknown == [], "add these methods and their bot scope to METHOD_SCOPES"


def test_the_manifest_grants_the_scope_of_every_web_api_method_the_bot_calls() -> None:
    granted = manifest_bot_scopes(load_manifest())

    missing = {
        method: scope
        for method in web_api_methods_called()
        if (scope := scope_for(method)) and scope not in granted
    }

    assert missing == {}


def test_the_manifest_grants_the_scope_of_every_bot_event_it_subscribes_to() -> None:
    manifest = load_manifest()
    granted = manifest_bot_scopes(manifest)

    unknown = sorted(manifest_events(manifest) - EVENT_SCOPES.keys())
    missing = {
        event: scope
        for event in manifest_events(manifest)
        if (scope := EVENT_SCOPES.get(event, "")) and scope not in granted
    }

    assert unknown == [], "add these events and their bot scope to EVENT_SCOPES"
    assert missing == {}


def test_the_manifest_asks_for_no_bot_scope_that_nothing_needs() -> None:
    manifest = load_manifest()
    needed = {scope for scope in METHOD_SCOPES.values() if scope}
    needed |= {EVENT_SCOPES.get(event, "") for event in manifest_events(manifest)} - {""}
    if manifest_commands(manifest):
        needed.add("commands")

    assert manifest_bot_scopes(manifest) - needed == set()
    assert manifest.get("oauth_config", {}).get("scopes", {}).get("user", []) == []
