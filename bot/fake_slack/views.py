"""The views the fake has shown, with what the user has typed into them, as Slack keeps them.

Two Slack rules live here, both from https://api.slack.com/methods/views.update:
- "Preserving input entry": what is entered in an input block survives a views.update whose new view has
  an input block with the same block_id and the same action_id; the new view's initial value is then
  not shown. A changed block_id or action_id starts that input afresh.
- `hash`: every views.open, update and publish gives the view a new hash; an update that passes an
  older one answers `hash_conflict` (it was built from a view that has changed since).
"""

import copy
import hashlib
from typing import Any

from bot.fake_slack.errors import ApiError

View = dict[str, Any]

# Where each input element keeps its value in view.state.values, and where its initial value comes from
# (https://api.slack.com/reference/interaction-payloads/views#view_submission: state values per element).
_STATE_KEYS: dict[str, tuple[str, str]] = {
    "plain_text_input": ("value", "initial_value"),
    "number_input": ("value", "initial_value"),
    "email_text_input": ("value", "initial_value"),
    "url_text_input": ("value", "initial_value"),
    "static_select": ("selected_option", "initial_option"),
    "external_select": ("selected_option", "initial_option"),
    "radio_buttons": ("selected_option", "initial_option"),
    "multi_static_select": ("selected_options", "initial_options"),
    "checkboxes": ("selected_options", "initial_options"),
    "datepicker": ("selected_date", "initial_date"),
    "timepicker": ("selected_time", "initial_time"),
    "users_select": ("selected_user", "initial_user"),
    "conversations_select": ("selected_conversation", "initial_conversation"),
    "channels_select": ("selected_channel", "initial_channel"),
}


class ViewStore:
    """Open views by id, and each user's Home tab view id (a Home tab keeps its id across publishes)."""

    def __init__(self) -> None:
        self._views: dict[str, View] = {}
        self._shown: dict[str, int] = {}  # view id -> when it was last shown, for all()
        self._homes: dict[str, str] = {}
        self._changes = 0

    def get(self, view_id: str) -> View:
        """Return a copy of a stored view, state included; KeyError if the fake never showed it."""
        return copy.deepcopy(self._views[view_id])

    def all(self) -> list[View]:
        """Return copies of every stored view, the most recently shown last."""
        ordered = sorted(self._views, key=self._shown.__getitem__)
        return [copy.deepcopy(self._views[view_id]) for view_id in ordered]

    def home_id(self, user_id: str) -> str | None:
        """Return the id of the user's Home tab view, once one was published."""
        return self._homes.get(user_id)

    def set_home(self, user_id: str, view_id: str) -> None:
        """Remember the user's Home tab view id."""
        self._homes[user_id] = view_id

    def show(self, view_id: str, view: View, *, team_id: str, bot_id: str, hash_: str | None) -> View:
        """Store `view` under `view_id` (replacing what was there) and return it as Slack answers it."""
        previous = self._views.get(view_id)
        if previous is not None and hash_ and hash_ != previous["hash"]:
            raise ApiError("hash_conflict")
        carried = _input_values(previous) if previous is not None else {}
        self._changes += 1
        stored = copy.deepcopy(view) | {
            "id": view_id,
            "team_id": team_id,
            "bot_id": bot_id,
            "hash": _new_hash(view_id, self._changes),
            "state": {"values": _state(view.get("blocks"), carried)},
        }
        self._views[view_id] = stored
        self._shown[view_id] = self._changes
        return copy.deepcopy(stored)

    def enter(self, view_id: str, block_id: str, action_id: str, entry: dict[str, Any]) -> View:
        """Record what the user typed or picked in one input (the state keys of `entry`); return the view."""
        view = self._views.get(view_id)
        if view is None:
            raise KeyError(f"no view {view_id} is open")
        current = view["state"]["values"].get(block_id, {}).get(action_id)
        if current is None:
            raise KeyError(f"view {view_id} has no input {block_id}/{action_id}")
        current.update(entry)
        return self.get(view_id)

    def pick(self, view_id: str, block_id: str, action_id: str, value: str) -> View:
        """Record the user picking the option whose value is `value`, which the select must offer."""
        view = self.get(view_id)
        option = next((o for o in _offered(view, block_id) if o.get("value") == value), None)
        if option is None:
            raise KeyError(f"block {block_id} of view {view_id} offers no option {value!r}")
        return self.enter(view_id, block_id, action_id, {"selected_option": option})


def _offered(view: View, block_id: str) -> list[dict[str, Any]]:
    for block in view.get("blocks", []):
        if block.get("block_id") == block_id:
            element = block.get("element") or block.get("accessory") or {}
            groups = [element.get("options", [])] + [g["options"] for g in element.get("option_groups", [])]
            return [option for group in groups for option in group]
    return []


def _new_hash(view_id: str, serial: int) -> str:
    digest = hashlib.sha256(f"{view_id}:{serial}".encode()).hexdigest()[:8]
    return f"{1_700_000_000 + serial}.{digest}"


def _inputs(blocks: Any) -> list[tuple[str, dict[str, Any]]]:
    """Return (block_id, element) of each input block that has a block_id and an element."""
    if not isinstance(blocks, list):
        return []
    return [
        (str(block["block_id"]), block["element"])
        for block in blocks
        if isinstance(block, dict)
        and block.get("type") == "input"
        and block.get("block_id")
        and isinstance(block.get("element"), dict)
    ]


def _input_values(view: View) -> dict[tuple[str, str, str], dict[str, Any]]:
    """Return each input's current state by (block_id, action_id, element type)."""
    values: dict[tuple[str, str, str], dict[str, Any]] = {}
    for block_id, element in _inputs(view.get("blocks")):
        action_id = str(element.get("action_id", ""))
        entry = view["state"]["values"].get(block_id, {}).get(action_id)
        if entry is not None:
            values[(block_id, action_id, str(element.get("type")))] = entry
    return values


def _state(blocks: Any, carried: dict[tuple[str, str, str], dict[str, Any]]) -> dict[str, Any]:
    """Return state.values of a new view: carried entries where ids match, else the initial values."""
    values: dict[str, Any] = {}
    for block_id, element in _inputs(blocks):
        kind, action_id = str(element.get("type")), str(element.get("action_id", ""))
        if kind not in _STATE_KEYS or not action_id:
            continue
        entry = carried.get((block_id, action_id, kind))
        if entry is None:
            key, initial = _STATE_KEYS[kind]
            default: Any = [] if key == "selected_options" else None
            entry = {"type": kind, key: copy.deepcopy(element.get(initial, default))}
        values.setdefault(block_id, {})[action_id] = copy.deepcopy(entry)
    return values
