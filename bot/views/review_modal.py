"""The review modal: the rep's numbers and last action items first, then the structured questions.

A draft (what the manager typed before closing the modal) refills every field when it is opened again.
"""

import datetime as dt
import json
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    CheckboxesElement,
    ContextBlock,
    DatePickerElement,
    DividerBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    RadioButtonsElement,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.services.reviews import ReviewContext
from bot.views import ids
from bot.views.figures import projection_note, status_text, trend_text
from bot.views.problems import ACTION_EXAMPLE
from bot.views.status_table import percent
from bot.views.text import escape, packed
from coaching.review_form import MAX_ACTIONS, ActionItem, Assessment, Decision, RawReview
from coaching.status import RampStatus

VALUE = "value"  # the action id of every input in the modal
RATINGS = {"1": "1 · not yet", "2": "2", "3": "3 · solid", "4": "4", "5": "5 · a model for others"}
LEVERS = {
    "people": ("People: skills and the coaching focus", "What to coach next, and how."),
    "control": ("Control systems", "Are the metrics, targets and comp working for this rep?"),
    "environment": ("Environment", "Blockers from other functions: marketing, product, ops…"),
}


def review_target(rep_id: str, slot: dt.date | None) -> str:
    """Return a button value or private metadata naming the rep and the slot a review is for."""
    return json.dumps({"rep": rep_id, "slot": slot.isoformat() if slot else None})


def read_target(text: str | None) -> tuple[str, dt.date | None, dt.datetime | None]:
    """Return (rep, slot, opened at) from a button value or the modal's private metadata."""
    data = json.loads(text or "{}")
    slot, opened = data.get("slot"), data.get("opened")
    return (
        str(data.get("rep") or ""),
        dt.date.fromisoformat(slot) if slot else None,
        dt.datetime.fromisoformat(opened) if opened else None,
    )


def review_modal(context: ReviewContext, opened_at: dt.datetime) -> View:
    """Return the modal, filled with the rep's status, their open action items, and any draft."""
    draft = context.draft or {}
    slot = context.slot
    metadata = json.loads(review_target(context.rep.slack_id, slot.slot if slot else None))
    blocks = [
        *_status_blocks(context),
        *_follow_up(context),
        DividerBlock(),
        *_ratings(context.plan.sales_tasks, draft),
        *(_text(name, label, hint, draft, optional=True) for name, (label, hint) in LEVERS.items()),
        _text("evidence", "Observations with evidence", "What you saw, and the numbers behind it.", draft),
        _choice("assessment", "Overall assessment", [a.value for a in Assessment], draft),
    ]
    if slot and slot.checkpoint:
        blocks.append(
            _choice("decision", f"Day {slot.checkpoint} decision", [d.value for d in Decision], draft)
        )
    blocks += [
        _text(
            "actions",
            f"Action items (up to {MAX_ACTIONS})",
            f"One per line: {ACTION_EXAMPLE}",
            draft,
            optional=True,
        ),
        _next_review(draft),
    ]
    return View(
        type="modal",
        callback_id=ids.REVIEW_MODAL,
        title=f"Review: {context.rep.name}"[:24],
        submit="Submit review",
        close="Save draft",
        notify_on_close=True,
        private_metadata=json.dumps(metadata | {"opened": opened_at.isoformat()}),
        blocks=blocks,
    )


def _status_blocks(context: ReviewContext) -> list[Block]:
    status: RampStatus = context.status
    kind = (
        f"day {context.slot.checkpoint} checkpoint" if context.slot and context.slot.checkpoint else "review"
    )
    lines = [
        f"*{escape(context.rep.name)}* · {kind} · day {status.day} · "
        f"week {status.week} of {status.total_weeks}",
        f"Attainment *{percent(status.attainment)}* ({escape(status_text(status))}) · "
        f"trend {trend_text(status.trend)} · ends ~{percent(status.projection)}",
    ]
    if status.projection is not None:
        lines.append(f"_{projection_note(status)}_")
    if status.stall:
        lines.append(f"Weakest funnel stage: {escape(status.stall)}")
    if status.missing_weeks:
        lines.append(f"{len(status.missing_weeks)} week(s) not logged")
    milestones = [f"day {m.day} {escape(m.label)}: {m.state.value}" for m in status.milestones]
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text="\n".join(lines)))]
    if milestones:
        # A big plan's milestones overflow one context text (3,000 characters): split, never cut.
        texts = packed([f"Milestones: {milestones[0]}", *milestones[1:]], sep=", ")
        blocks += [ContextBlock(elements=[MarkdownTextObject(text=text)]) for text in texts]
    return blocks


def _follow_up(context: ReviewContext) -> list[Block]:
    """Return the last review's action items with whether each was done, and boxes to tick the open ones."""
    last = context.last
    if last is None:
        return [ContextBlock(elements=[MarkdownTextObject(text="This is the rep's first review.")])]
    done = (
        "\n".join(f"{'✅' if a.done_at else '⬜'} {action_line(a.item)}" for a in last.actions)
        or "No action items."
    )
    blocks: list[Block] = [
        SectionBlock(
            text=MarkdownTextObject(text=f"*From the last review ({last.submitted_at:%b %-d})*\n{done}")
        )
    ]
    options = [
        Option(value=str(a.id), text=f"{a.item.owner.value}: {a.item.text}"[:75])
        for a in context.open_actions[:10]
    ]
    if options:
        boxes = CheckboxesElement(action_id=VALUE, options=options)
        blocks.append(
            InputBlock(block_id=ids.REVIEW_DONE_BLOCK, label="Done since then?", element=boxes, optional=True)
        )
    return blocks


def action_line(item: ActionItem) -> str:
    return f"{item.owner.value}: {escape(item.text)} (due {item.due:%a %b %-d})"


def _ratings(tasks: list[str], draft: dict[str, Any]) -> list[Block]:
    options = [Option(value=v, text=t) for v, t in RATINGS.items()]
    blocks: list[Block] = []
    for n, task in enumerate(tasks):
        block_id = f"{ids.RATING_PREFIX}{n}"
        initial = next((o for o in options if o.value == draft.get(block_id)), None)
        select = StaticSelectElement(
            action_id=VALUE, options=options, initial_option=initial, placeholder="1–5"
        )
        blocks.append(InputBlock(block_id=block_id, label=task[:150], element=select))
    return blocks


def _text(name: str, label: str, hint: str, draft: dict[str, Any], *, optional: bool = False) -> Block:
    element = PlainTextInputElement(
        action_id=VALUE, multiline=True, initial_value=draft.get(name), max_length=3000
    )
    return InputBlock(block_id=name, label=label, hint=hint, element=element, optional=optional)


def _choice(name: str, label: str, values: list[str], draft: dict[str, Any]) -> Block:
    options = [Option(value=v, text=v[:1].upper() + v[1:]) for v in values]
    initial = next((o for o in options if o.value == draft.get(name)), None)
    return InputBlock(
        block_id=name,
        label=label,
        element=RadioButtonsElement(action_id=VALUE, options=options, initial_option=initial),
    )


def _next_review(draft: dict[str, Any]) -> Block:
    picker = DatePickerElement(action_id=VALUE, initial_date=draft.get("next_review"))
    hint = "Leave it empty to keep the plan's cadence."
    return InputBlock(block_id="next_review", label="Next review", element=picker, hint=hint, optional=True)


def draft_state(state: dict[str, Any]) -> dict[str, str]:
    """Return the modal's typed values by block id (for a draft): text, the chosen option, or the date."""
    draft = {}
    for block_id, fields in state.get("values", {}).items():
        field = fields.get(VALUE) or {}
        value = (
            field.get("value")
            or (field.get("selected_option") or {}).get("value")
            or field.get("selected_date")
        )
        if isinstance(value, str) and value:
            draft[block_id] = value
    return draft


def review_values(state: dict[str, Any]) -> tuple[RawReview, list[int]]:
    """Return the raw review and the ids of the action items ticked as done."""
    values = draft_state(state)
    ticked = (state.get("values", {}).get(ids.REVIEW_DONE_BLOCK, {}).get(VALUE) or {}).get(
        "selected_options"
    ) or []
    done_ids = [int(o["value"]) for o in ticked if str(o.get("value", "")).isdigit()]
    ratings = {
        k.removeprefix(ids.RATING_PREFIX): v for k, v in values.items() if k.startswith(ids.RATING_PREFIX)
    }
    raw = RawReview(
        ratings=ratings,
        people=values.get("people"),
        control=values.get("control"),
        environment=values.get("environment"),
        evidence=values.get("evidence"),
        assessment=values.get("assessment"),
        decision=values.get("decision"),
        actions=values.get("actions"),
        next_review=_date(values.get("next_review")),
    )
    return raw, done_ids


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None
