"""The leave form a rep's row opens on a manager's Home: first day, last day and a reason.

A current or upcoming leave is shown filled in: keeping its first day changes its last day, a ticked box
ends it today (one not started yet is cancelled), another first day records a new leave.
"""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    CheckboxesElement,
    DatePickerElement,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.services.leave import LeaveAnswer, LeaveForm
from bot.views import ids
from bot.views.problems import problem_text
from bot.views.text import escape
from coaching.errors import Code, Problem
from coaching.roster import MAX_REASON

VALUE = "value"  # the action id of every input in the form
FIRST, LAST, REASON, END = ids.LEAVE_BLOCKS
# Where each problem shows: under the field it is about (the first day when it is about the whole leave).
_LAST_DAY_CODES = frozenset(
    {Code.LEAVE_ENDS_BEFORE_START, Code.LEAVE_TOO_LONG, Code.LEAVE_WOULD_OVERLAP, Code.SAY_NEW_LAST_DAY}
)


def leave_modal(form: LeaveForm) -> View:
    """Return the leave form for a rep, filled in with their current or next leave if they have one."""
    target = form.target
    blocks: list[Block] = [
        SectionBlock(text=MarkdownTextObject(text=_intro(form))),
        InputBlock(
            block_id=FIRST,
            label="First day",
            element=DatePickerElement(action_id=VALUE, initial_date=str(target.first) if target else None),
        ),
        InputBlock(
            block_id=LAST,
            label="Last day",
            element=DatePickerElement(action_id=VALUE, initial_date=str(target.last) if target else None),
        ),
        InputBlock(
            block_id=REASON,
            label="Reason",
            optional=True,
            element=PlainTextInputElement(
                action_id=VALUE, max_length=MAX_REASON, initial_value=target.reason if target else None
            ),
        ),
    ]
    if target is not None:
        end = Option(value="end", label="End this leave today (one not started yet is cancelled)")
        blocks.append(
            InputBlock(
                block_id=END,
                label="End it",
                optional=True,
                element=CheckboxesElement(action_id=VALUE, options=[end]),
            )
        )
    return View(
        type="modal",
        callback_id=ids.LEAVE_MODAL,
        private_metadata=form.rep.slack_id,
        title="Leave",
        submit="Save",
        close="Cancel",
        blocks=blocks,
    )


def _intro(form: LeaveForm) -> str:
    name = f"*{escape(form.rep.name)}*"
    target = form.target
    if target is None:
        return (
            f"Record leave for {name}: no check-ins, reminders or nudges reach them while away, and their "
            "ramp clock stops for the working days they are away."
        )
    when = "is on leave" if target.first <= form.today else "has leave coming"
    return (
        f"{name} {when} from {target.first:%a %b %-d, %Y} to {target.last:%a %b %-d, %Y}. Keep the first "
        "day to change its last day, tick the box to end it, or pick another first day to record a new leave."
    )


def leave_answer(view: dict[str, Any]) -> LeaveAnswer:
    """Read a submitted leave form (dates missing or malformed in a forged one read as None)."""
    values: dict[str, Any] = view.get("state", {}).get("values", {})

    def field(block: str) -> dict[str, Any]:
        return dict(values.get(block, {}).get(VALUE) or {})

    return LeaveAnswer(
        rep_id=str(view.get("private_metadata") or ""),
        first=_date(field(FIRST).get("selected_date")),
        last=_date(field(LAST).get("selected_date")),
        reason=str(field(REASON).get("value") or ""),
        end=bool(field(END).get("selected_options")),
    )


def _date(raw: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(raw))
    except ValueError:
        return None


def leave_errors(problems: Sequence[Problem]) -> dict[str, str]:
    """Return the problems of a leave form, each under the field it is about."""
    found: dict[str, list[str]] = {}
    for p in problems:
        found.setdefault(_block(p), []).append(problem_text(p))
    return {block: "; ".join(texts) for block, texts in found.items()}


def _block(p: Problem) -> str:
    if p.code is Code.REASON_TOO_LONG:
        return REASON
    if p.code is Code.NO_LEAVE_TO_CHANGE:
        return END
    if p.code in _LAST_DAY_CODES or p.params.get("field") == "to":
        return LAST
    return FIRST
