"""Block Kit's documented text and count limits, checked on every view and message the fake receives.

Slack refuses a surface that breaks one of them with `invalid_blocks` (and a json-pointer message), so an
app that builds an over-long section or too many blocks must fail here as it would in a workspace.
Sources, copied field by field:
https://api.slack.com/reference/block-kit/blocks (block types and their limits),
https://api.slack.com/reference/block-kit/block-elements (elements),
https://api.slack.com/reference/block-kit/composition-objects (text, option, option group, confirm),
https://api.slack.com/reference/surfaces/views (title, submit, close, private_metadata, 100 blocks),
https://api.slack.com/methods/chat.postMessage (50 blocks, 40,000 characters of text).
"""

from typing import Any

from bot.fake_slack.errors import ApiError

MAX_BLOCKS = {"message": 50, "modal": 100, "home": 100}
MAX_MESSAGE_TEXT = 40_000
_ID = 255  # block_id, action_id, callback_id and external_id
_SELECT = {"placeholder": 150, "action_id": _ID}

# Most characters allowed per field, by block, element or composition object. A field holds either a
# text object (its "text" is counted) or a plain string.
_TEXT: dict[str, dict[str, int]] = {
    "view": {"title": 24, "submit": 24, "close": 24, "private_metadata": 3000, "callback_id": _ID},
    "section": {"text": 3000, "block_id": _ID},
    "header": {"text": 150, "block_id": _ID},
    "input": {"label": 2000, "hint": 2000, "block_id": _ID},
    "actions": {"block_id": _ID},
    "context": {"block_id": _ID},
    "divider": {"block_id": _ID},
    "image": {"image_url": 3000, "alt_text": 2000, "title": 2000, "block_id": _ID},
    "button": {"text": 75, "action_id": _ID, "url": 3000, "value": 2000},
    "static_select": _SELECT,
    "multi_static_select": _SELECT,
    "external_select": _SELECT,
    "users_select": _SELECT,
    "conversations_select": _SELECT,
    "channels_select": _SELECT,
    "datepicker": _SELECT,
    "timepicker": _SELECT,
    "overflow": {"action_id": _ID},
    "checkboxes": {"action_id": _ID},
    "radio_buttons": {"action_id": _ID},
    "plain_text_input": {"placeholder": 150, "action_id": _ID, "initial_value": 3000},
    "number_input": {"placeholder": 150, "action_id": _ID},
    "option": {"text": 75, "value": 150, "description": 75, "url": 3000},
    "option_group": {"label": 75},
    "confirm": {"title": 100, "text": 300, "confirm": 30, "deny": 30},
    "field": {"text": 2000},  # each of a section's fields
    "text": {"text": 3000},  # any other text object, e.g. a context element
}
# Most items allowed per list field.
_COUNT: dict[str, dict[str, int]] = {
    "section": {"fields": 10},
    "actions": {"elements": 25},
    "context": {"elements": 10},
    "static_select": {"options": 100, "option_groups": 100},
    "multi_static_select": {"options": 100, "option_groups": 100},
    "checkboxes": {"options": 10},
    "radio_buttons": {"options": 10},
    "overflow": {"options": 5},
    "option_group": {"options": 100},
}
# Fields that must not be empty when present ("minimum length ... is 1").
_NON_EMPTY = {("section", "text"), ("header", "text"), ("button", "text"), ("option", "text")}


def check_view(view: dict[str, Any]) -> None:
    """Raise invalid_blocks naming every broken limit of a modal or Home tab."""
    problems = _fields("view", view, "/view")
    problems += _blocks(view.get("blocks"), MAX_BLOCKS.get(str(view.get("type")), 100), "/view/blocks")
    _raise(problems)


def check_message(args: dict[str, Any]) -> None:
    """Raise invalid_blocks naming every broken limit of a message's blocks (text is msg_too_long)."""
    _raise(_blocks(args.get("blocks"), MAX_BLOCKS["message"], "/blocks"))


def _raise(problems: list[str]) -> None:
    if problems:
        raise ApiError("invalid_blocks", *problems)


def _blocks(blocks: Any, limit: int, pointer: str) -> list[str]:
    if blocks is None or blocks == "":
        return []
    if not isinstance(blocks, list) or not all(isinstance(block, dict) for block in blocks):
        return [f"[ERROR] blocks must be a list of objects [json-pointer:{pointer}]"]
    problems = [] if len(blocks) <= limit else [_too_many(limit, pointer)]
    for index, block in enumerate(blocks):
        problems += _object(str(block.get("type")), block, f"{pointer}/{index}")
    return problems


def _object(kind: str, obj: dict[str, Any], pointer: str) -> list[str]:
    """Check one block, element or composition object, then what it contains."""
    problems = _fields(kind, obj, pointer) + _counts(kind, obj, pointer)
    for name in ("element", "accessory", "confirm", "initial_option"):
        child = obj.get(name)
        if isinstance(child, dict):
            problems += _object(_kind(name, child), child, f"{pointer}/{name}")
    for name in ("elements", "fields", "options", "option_groups", "initial_options"):
        children = obj.get(name)
        if isinstance(children, list):
            for index, child in enumerate(children):
                if isinstance(child, dict):
                    problems += _object(_kind(name, child), child, f"{pointer}/{name}/{index}")
    return problems


def _kind(field: str, child: dict[str, Any]) -> str:
    # Options, option groups and confirm dialogs carry no "type"; section fields are text objects.
    if field in ("options", "initial_option", "initial_options"):
        return "option"
    if field == "option_groups":
        return "option_group"
    if field == "fields":
        return "field"
    if field == "confirm":
        return "confirm"
    kind = str(child.get("type"))
    return "text" if kind in ("mrkdwn", "plain_text") else kind


def _fields(kind: str, obj: dict[str, Any], pointer: str) -> list[str]:
    problems = []
    for name, limit in _TEXT.get(kind, {}).items():
        if name not in obj:
            continue
        value = obj[name]
        text = str(value.get("text", "")) if isinstance(value, dict) else str(value)
        where = f"{pointer}/{name}" + ("/text" if isinstance(value, dict) else "")
        if len(text) > limit:
            problems.append(f"[ERROR] must be less than {limit + 1} characters [json-pointer:{where}]")
        elif not text and (kind, name) in _NON_EMPTY:
            problems.append(f"[ERROR] must be more than 0 characters [json-pointer:{where}]")
    return problems


def _counts(kind: str, obj: dict[str, Any], pointer: str) -> list[str]:
    return [
        _too_many(limit, f"{pointer}/{name}")
        for name, limit in _COUNT.get(kind, {}).items()
        if isinstance(obj.get(name), list) and len(obj[name]) > limit
    ]


def _too_many(limit: int, pointer: str) -> str:
    return f"[ERROR] no more than {limit} items allowed [json-pointer:{pointer}]"
