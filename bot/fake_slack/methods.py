"""The Web API methods the fake answers: argument checks as strict as Slack's, and plausible results."""

import hashlib
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.fake_slack.blockkit import MAX_MESSAGE_TEXT, check_message, check_view
from bot.fake_slack.errors import ApiError
from bot.fake_slack.views import ViewStore

Args = dict[str, Any]
Result = dict[str, Any]

BOT_USER_ID = "UBOT"
BOT_ID = "BBOT"
DEFAULT_TZ = "America/New_York"
# Arguments Slack accepts either as JSON text (form bodies) or as JSON values (JSON bodies).
JSON_ARGS = ("view", "blocks", "attachments", "files")
__all__ = ["ApiError"]  # raised by every method; the server turns it into Slack's error answer


@dataclass(frozen=True)
class FakeUser:
    """A user as users.info describes them."""

    id: str
    name: str
    tz: str = DEFAULT_TZ
    is_bot: bool = False
    status_text: str = ""
    status_emoji: str = ""


def parse_json_args(args: Args) -> Args:
    """Return args with JSON-text values of JSON_ARGS decoded; malformed ones stay text for the method."""
    parsed = dict(args)
    for name in JSON_ARGS:
        value = parsed.get(name)
        if isinstance(value, str):
            try:
                parsed[name] = json.loads(value)
            except json.JSONDecodeError:
                continue
    return parsed


class SlackState:
    """The workspace the fake pretends to be: users, issued ids, uploads. Methods run under its lock."""

    def __init__(self, team_id: str, *, strict_users: bool) -> None:
        self.lock = threading.Lock()
        self.team_id = team_id
        self.caller_team: str | None = None  # the workspace of the current call's token
        self.root_url = ""
        self.strict_users = strict_users
        self.users: dict[str, FakeUser] = {}
        self.upload_names: dict[str, str] = {}
        self.uploads: dict[str, bytes] = {}
        self.views = ViewStore()
        self._serial = 0

    def next_serial(self) -> int:
        """Return a number never returned before, for ids and timestamps."""
        self._serial += 1
        return self._serial

    def next_ts(self) -> str:
        """Return a message ts later than every earlier one, e.g. "1700000000.000100"."""
        micros = self.next_serial() * 100
        return f"{1_700_000_000 + micros // 1_000_000}.{micros % 1_000_000:06d}"

    def user(self, user_id: str) -> FakeUser:
        """Return the configured user, or a default one unless users are strict."""
        known = self.users.get(user_id)
        if known is not None:
            return known
        if self.strict_users or not user_id.startswith(("U", "W")):
            raise ApiError("user_not_found")
        return FakeUser(user_id, f"User {user_id}")


def _required(args: Args, *names: str) -> None:
    missing = [name for name in names if args.get(name) in (None, "")]
    if missing:
        raise ApiError("invalid_arguments", *(f"[ERROR] missing required field: {n}" for n in missing))


def _text(args: Args, name: str) -> str:
    _required(args, name)
    return str(args[name])


def _blocks(args: Args) -> list[Any] | None:
    blocks = args.get("blocks")
    if blocks is None or blocks == "":
        return None
    if isinstance(blocks, str):
        raise ApiError("invalid_arguments", "[ERROR] failed to parse field: blocks")
    check_message(args)
    return list(blocks)


def _message(args: Args, ts: str) -> Result:
    """Return the message a chat method would store, checking there is something to show."""
    blocks = _blocks(args)
    text = str(args.get("text") or "")
    if not text and not blocks and not args.get("attachments"):
        raise ApiError("no_text")
    if len(text) > MAX_MESSAGE_TEXT:
        raise ApiError("msg_too_long")
    message: Result = {"type": "message", "text": text, "user": BOT_USER_ID, "bot_id": BOT_ID, "ts": ts}
    if blocks is not None:
        message["blocks"] = blocks
    if args.get("thread_ts"):
        message["thread_ts"] = str(args["thread_ts"])
    return message


def _dm_channel(user_id: str) -> str:
    return "D" + user_id


def auth_test(state: SlackState, args: Args) -> Result:  # noqa: ARG001 (every method takes args)
    """Answer auth.test: who the token belongs to."""
    team_id = state.caller_team or state.team_id
    return {
        "url": f"https://fake-{team_id.lower()}.slack.com/",
        "team": "Fake Workspace",
        "user": "rampcoach",
        "team_id": team_id,
        "user_id": BOT_USER_ID,
        "bot_id": BOT_ID,
        "is_enterprise_install": False,
    }


def chat_post_message(state: SlackState, args: Args) -> Result:
    """Answer chat.postMessage; posting to a user id lands in the DM with them, as on Slack."""
    channel = _text(args, "channel")
    ts = state.next_ts()
    message = _message(args, ts)
    channel_id = _dm_channel(channel) if channel.startswith(("U", "W")) else channel
    return {"channel": channel_id, "ts": ts, "message": message}


def chat_post_ephemeral(state: SlackState, args: Args) -> Result:
    """Answer chat.postEphemeral."""
    _required(args, "channel", "user")
    ts = state.next_ts()
    _message(args, ts)
    return {"message_ts": ts}


def chat_update(state: SlackState, args: Args) -> Result:  # noqa: ARG001 (every method takes state)
    """Answer chat.update: the same ts, the new content."""
    _required(args, "channel", "ts")
    message = _message(args, str(args["ts"]))
    return {
        "channel": str(args["channel"]),
        "ts": str(args["ts"]),
        "text": message["text"],
        "message": message,
    }


def _view(state: SlackState, args: Args, *types: str, view_id: str | None = None) -> Result:
    _required(args, "view")
    view = args["view"]
    if isinstance(view, str):
        raise ApiError("invalid_arguments", "[ERROR] failed to parse field: view")
    if not isinstance(view, dict) or view.get("type") not in types:
        raise ApiError("invalid_arguments", f"[ERROR] view type must be one of {', '.join(types)}")
    check_view(view)
    view_id = view_id or str(args.get("view_id") or f"V{state.next_serial():08d}")
    hash_ = str(args["hash"]) if args.get("hash") else None
    shown = state.views.show(view_id, view, team_id=state.team_id, bot_id=BOT_ID, hash_=hash_)
    return {"view": shown}


def views_open(state: SlackState, args: Args) -> Result:
    """Answer views.open."""
    if not args.get("interactivity_pointer"):
        _required(args, "trigger_id")
    return _view(state, args, "modal")


def views_push(state: SlackState, args: Args) -> Result:
    """Answer views.push."""
    if not args.get("interactivity_pointer"):
        _required(args, "trigger_id")
    return _view(state, args, "modal")


def views_update(state: SlackState, args: Args) -> Result:
    """Answer views.update; an unknown view id is accepted (tests invent them in payloads), a known one
    keeps its typed input and refuses a stale hash (see views.py)."""
    if not args.get("view_id") and not args.get("external_id"):
        raise ApiError("invalid_arguments", "[ERROR] either view_id or external_id is required")
    return _view(state, args, "modal", "home")


def views_publish(state: SlackState, args: Args) -> Result:
    """Answer views.publish: a Home tab for one user."""
    _required(args, "user_id")
    user_id = str(args["user_id"])
    state.user(user_id)
    answer = _view(state, args, "home", view_id=state.views.home_id(user_id))
    state.views.set_home(user_id, answer["view"]["id"])
    return answer


def _tz_offset(tz: str) -> int:
    try:
        offset = datetime.now(ZoneInfo(tz)).utcoffset()
    except (ZoneInfoNotFoundError, ValueError):
        return 0
    return int(offset.total_seconds()) if offset is not None else 0


def users_info(state: SlackState, args: Args) -> Result:
    """Answer users.info with the configured (or a default) user."""
    user = state.user(_text(args, "user"))
    profile = {
        "real_name": user.name,
        "display_name": user.name.split()[0],
        "status_text": user.status_text,
        "status_emoji": user.status_emoji,
    }
    return {
        "user": {
            "id": user.id,
            "team_id": state.team_id,
            "name": user.name.lower().replace(" ", "."),
            "real_name": user.name,
            "deleted": False,
            "tz": user.tz,
            "tz_label": user.tz,
            "tz_offset": _tz_offset(user.tz),
            "is_bot": user.is_bot,
            "profile": profile,
        }
    }


def conversations_open(state: SlackState, args: Args) -> Result:  # noqa: ARG001 (every method takes state)
    """Answer conversations.open: a DM for one user, a group DM for several."""
    if args.get("channel"):
        return {"channel": {"id": str(args["channel"])}, "already_open": True}
    raw = args.get("users")
    users = raw if isinstance(raw, list) else str(raw or "").split(",")
    users = [str(user).strip() for user in users if str(user).strip()]
    if not users:
        raise ApiError("users_list_not_supplied")
    if len(users) == 1:
        return {"channel": {"id": _dm_channel(users[0])}}
    digest = hashlib.sha256(",".join(sorted(users)).encode()).hexdigest()[:10].upper()
    return {"channel": {"id": "G" + digest}}


def files_get_upload_url_external(state: SlackState, args: Args) -> Result:
    """Answer files.getUploadURLExternal with an upload URL on the fake itself."""
    filename = _text(args, "filename")
    try:
        length = int(_text(args, "length"))
    except ValueError:
        raise ApiError("invalid_arguments", "[ERROR] length must be an integer") from None
    if length < 1:
        raise ApiError("invalid_arguments", "[ERROR] length must be positive")
    file_id = f"F{state.next_serial():08d}"
    state.upload_names[file_id] = filename
    return {"upload_url": f"{state.root_url}/upload/{file_id}", "file_id": file_id}


def files_complete_upload_external(state: SlackState, args: Args) -> Result:
    """Answer files.completeUploadExternal for files whose bytes have arrived."""
    _required(args, "files")
    files = args["files"]
    if (
        not isinstance(files, list)
        or not files
        or not all(isinstance(f, dict) and f.get("id") for f in files)
    ):
        raise ApiError("invalid_arguments", "[ERROR] files must be a JSON list of objects with an id")
    if any(f["id"] not in state.uploads for f in files):
        raise ApiError("file_not_found")
    channel = args.get("channel_id") or args.get("channels")
    shared = str(channel).split(",") if channel else []
    return {"files": [_file(state, f, shared) for f in files]}


def _file(state: SlackState, requested: dict[str, Any], channels: list[str]) -> Result:
    file_id = str(requested["id"])
    name = state.upload_names[file_id]
    title = str(requested.get("title") or name)
    return {
        "id": file_id,
        "name": name,
        "title": title,
        "size": len(state.uploads[file_id]),
        "channels": channels,
    }


Method = Callable[[SlackState, Args], Result]

METHODS: dict[str, Method] = {
    "auth.test": auth_test,
    "chat.postMessage": chat_post_message,
    "chat.postEphemeral": chat_post_ephemeral,
    "chat.update": chat_update,
    "views.open": views_open,
    "views.push": views_push,
    "views.update": views_update,
    "views.publish": views_publish,
    "users.info": users_info,
    "conversations.open": conversations_open,
    "files.getUploadURLExternal": files_get_upload_url_external,
    "files.completeUploadExternal": files_complete_upload_external,
}
