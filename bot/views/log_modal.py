"""The logging modal: one field per plan metric, filled with what is logged, a week picker and a note."""

import datetime as dt
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.services.activity import LogForm
from bot.views import ids
from bot.views.figures import target_text
from bot.views.problems import COUNTS_EXAMPLE
from bot.views.text import number
from coaching.outreach_counts import counts_text
from coaching.plans import Unit


def log_modal(form: LogForm) -> View:
    """Return the modal for the form's week; submitting it creates or updates that week."""
    return View(
        type="modal",
        callback_id=ids.LOG_MODAL,
        title="Log your week",
        submit="Save",
        close="Cancel",
        blocks=[_week_picker(form), *_metric_inputs(form), _note(form), _outreach(form)],
    )


def notice_modal(title: str, text: str) -> View:
    """Return a modal that only explains why there is nothing to show (not set up, not enrolled)."""
    return View(
        type="modal", title=title, close="Close", blocks=[SectionBlock(text=MarkdownTextObject(text=text))]
    )


def week_label(form: LogForm, monday: dt.date) -> str:
    """Return how a week is named in the picker: `Week 7 · Nov 16–22 (this week)`."""
    suffix = " (this week)" if monday == form.weeks[0] else ""
    end = monday + dt.timedelta(days=6)
    return f"Week {form.week_number(monday)} · {monday:%b %-d}–{end:%b %-d}{suffix}"


def _week_picker(form: LogForm) -> Block:
    options = [Option(value=monday.isoformat(), text=week_label(form, monday)) for monday in form.weeks]
    chosen = options[form.weeks.index(form.week)]
    select = StaticSelectElement(action_id=ids.LOG_WEEK_PICK, options=options, initial_option=chosen)
    return InputBlock(block_id=ids.LOG_WEEK_BLOCK, label="Week", element=select, dispatch_action=True)


def _metric_inputs(form: LogForm) -> list[Block]:
    logged = form.current.values if form.current else {}
    blocks: list[Block] = []
    # The targets are the week's summary's: leave moves the week's plan targets later and prorates them.
    for metric, line in zip(form.plan.metrics, form.summary.lines, strict=True):
        initial = number(logged[metric.key]).replace(",", "") if metric.key in logged else None
        unit = " ($)" if metric.unit is Unit.CURRENCY else ""
        element = PlainTextInputElement(
            action_id=ids.LOG_VALUE, initial_value=initial, placeholder="not logged"
        )
        blocks.append(
            InputBlock(
                block_id=metric_block_id(form.week, metric.key),
                label=f"{metric.label}{unit}",
                element=element,
                optional=True,
                hint=f"Target this week: {target_text(line.target)}",
            )
        )
    return blocks


def _note(form: LogForm) -> Block:
    initial = form.current.note if form.current else None
    element = PlainTextInputElement(
        action_id=ids.LOG_VALUE, multiline=True, initial_value=initial, max_length=2000
    )
    return InputBlock(block_id=note_block_id(form.week), label="Note", element=element, optional=True)


def _outreach(form: LogForm) -> Block:
    element = PlainTextInputElement(
        action_id=ids.LOG_VALUE,
        multiline=True,
        initial_value=counts_text(form.outreach) or None,
        placeholder=COUNTS_EXAMPLE,
        max_length=3000,
    )
    hint = "Without an outreach export: messages sent and replies per template, one template per line."
    return InputBlock(
        block_id=outreach_block_id(form.week),
        label="Outreach this week",
        element=element,
        hint=hint,
        optional=True,
    )


def metric_block_id(week: dt.date, key: str) -> str:
    """Return the block id of a metric's input in the form for `week`: `metric:2026-11-16:calls`."""
    return f"{ids.METRIC_BLOCK_PREFIX}{week.isoformat()}:{key}"


def note_block_id(week: dt.date) -> str:
    """Return the block id of the note input in the form for `week`: `note:2026-11-16`."""
    return f"{ids.LOG_NOTE_BLOCK}:{week.isoformat()}"


def outreach_block_id(week: dt.date) -> str:
    """Return the block id of the outreach counts input in the form for `week`."""
    return f"{ids.LOG_OUTREACH_BLOCK}:{week.isoformat()}"


def inputs_week(state: dict[str, Any]) -> dt.date | None:
    """Return the week whose form the inputs belong to (from their block ids), None if there are none."""
    for block in state.get("values", {}):
        prefix, _, rest = str(block).partition(":")
        if prefix in (ids.METRIC_BLOCK_PREFIX.rstrip(":"), ids.LOG_NOTE_BLOCK, ids.LOG_OUTREACH_BLOCK):
            return _date(rest[:10])
    return None


def _typed(state: dict[str, Any], block_id: str) -> dict[str, Any] | None:
    field: dict[str, Any] | None = state.get("values", {}).get(block_id, {}).get(ids.LOG_VALUE)
    return field


def outreach_text(state: dict[str, Any]) -> str | None:
    """Return the outreach counts as typed ("" when cleared)."""
    week = inputs_week(state)
    field = _typed(state, outreach_block_id(week)) if week else None
    return None if field is None else (field.get("value") or "")


def form_values(state: dict[str, Any]) -> tuple[dt.date | None, dict[str, str | None], str | None]:
    """Return the picked week, and the raw metric texts and the note of the inputs, from the modal's state.

    The inputs may belong to another week than the picker shows (a refill that Slack refused as stale):
    check with inputs_week before storing them."""
    values: dict[str, Any] = state.get("values", {})
    picked = (values.get(ids.LOG_WEEK_BLOCK, {}).get(ids.LOG_WEEK_PICK) or {}).get("selected_option") or {}
    week = inputs_week(state)
    if week is None:
        return _date(picked.get("value")), {}, None
    prefix = metric_block_id(week, "")
    raw = {
        block[len(prefix) :]: (fields.get(ids.LOG_VALUE) or {}).get("value")
        for block, fields in values.items()
        if block.startswith(prefix)
    }
    note = (_typed(state, note_block_id(week)) or {}).get("value")
    return _date(picked.get("value")), raw, note


def _date(raw: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw) if isinstance(raw, str) else None
    except ValueError:
        return None


def stale_form_text() -> str:
    """Return why a form whose fields belong to another week than the picked one is not saved."""
    return "The fields below are still those of another week. Pick the week again to load its numbers."


def field_errors(errors: dict[str, str], week: dt.date | None) -> dict[str, str]:
    """Return form errors keyed by the block ids of the form for `week`, for `response_action: errors`."""
    named = {ids.LOG_NOTE_BLOCK: note_block_id, ids.LOG_OUTREACH_BLOCK: outreach_block_id}
    keyed: dict[str, str] = {}
    for key, text in errors.items():
        if key == ids.LOG_WEEK_BLOCK or week is None:
            keyed[ids.LOG_WEEK_BLOCK] = keyed.get(ids.LOG_WEEK_BLOCK, text)
        elif key in named:
            keyed[named[key](week)] = text
        else:
            keyed[metric_block_id(week, key)] = text
    return keyed
