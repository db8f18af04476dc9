"""Small modals that change a review's schedule or add to a stored review: reschedule and correct."""

import json
from typing import Any

from slack_sdk.models.blocks import (
    DatePickerElement,
    InputBlock,
    MarkdownTextObject,
    PlainTextInputElement,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.views import ids
from bot.views.text import escape

VALUE = "value"


def reschedule_modal(rep_name: str, target: str) -> View:
    """Return the modal that moves a review slot; `target` is the prompt button's value."""
    return View(
        type="modal",
        callback_id=ids.REVIEW_MOVE_MODAL,
        title="Reschedule review",
        submit="Reschedule",
        close="Cancel",
        private_metadata=target,
        blocks=[
            SectionBlock(text=MarkdownTextObject(text=f"Move the review of *{escape(rep_name)}*.")),
            InputBlock(block_id="due", label="New date", element=DatePickerElement(action_id=VALUE)),
            InputBlock(
                block_id="reason",
                label="Reason",
                hint="Your leader sees it next to the review.",
                element=PlainTextInputElement(action_id=VALUE, max_length=500),
            ),
        ],
    )


def amend_modal(review_id: int, rep_name: str) -> View:
    """Return the modal that adds a correction to a stored review."""
    return View(
        type="modal",
        callback_id=ids.REVIEW_AMEND_MODAL,
        title="Add a correction",
        submit="Add",
        close="Cancel",
        private_metadata=json.dumps({"review": review_id}),
        blocks=[
            SectionBlock(
                text=MarkdownTextObject(
                    text=f"The review of *{escape(rep_name)}* stays as it was; this is added to it."
                )
            ),
            InputBlock(
                block_id="text",
                label="Correction",
                element=PlainTextInputElement(action_id=VALUE, multiline=True, max_length=3000),
            ),
        ],
    )


def typed(state: dict[str, Any], block_id: str) -> str | None:
    field = state.get("values", {}).get(block_id, {}).get(VALUE) or {}
    value = field.get("value") or field.get("selected_date")
    return value if isinstance(value, str) else None
