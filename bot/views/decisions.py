"""Checkpoint decisions and milestone confirmations in words and blocks: the review modal's suggestion and
decision inputs, the Confirm / Not yet buttons, and the lines Home tabs and the digest show."""

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DatePickerElement,
    InputBlock,
    MarkdownTextObject,
    PlainTextInputElement,
    SectionBlock,
)

from bot.services.decisions import CheckpointAid
from bot.views import ids
from bot.views.early_call import COACHING_AID, reason_text
from bot.views.problems import GOAL_EXAMPLE
from bot.views.text import escape
from coaching.decisions import MAX_EXTEND_WEEKS, MAX_GOALS, StoredDecision
from coaching.review_form import Decision
from coaching.status import MilestoneProgress, MilestoneState

VALUE = "value"
DECISION_WORDS: dict[str, str] = {
    Decision.CONTINUE: "Continue",
    Decision.EXTEND: "Extend the ramp",
    Decision.PERFORMANCE_PLAN: "Start a performance plan",
    Decision.GRADUATE: "Graduate (the ramp ends now, completed)",
    Decision.PART_WAYS: "Part ways (the ramp ends now; messages to the rep stop)",
}


def milestone_target(rep_id: str, label: str) -> str:
    """Return a button value naming the rep and the milestone (a name, never a right)."""
    return json.dumps({"rep": rep_id, "label": label})


def read_milestone_target(text: str | None) -> tuple[str, str]:
    """Return (rep, milestone label) from a Confirm / Not yet button's value."""
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return "", ""
    return (str(data.get("rep") or ""), str(data.get("label") or "")) if isinstance(data, dict) else ("", "")


def confirm_blocks(rep_id: str, who: str, milestones: Sequence[MilestoneProgress]) -> list[Block]:
    """Return, per milestone waiting for a manager, a line and its Confirm / Not yet buttons."""
    blocks: list[Block] = []
    for m in milestones:
        overdue = (
            " · _marked not yet, so missed; it can still be confirmed late_"
            if m.state is MilestoneState.MISSED
            else ""
        )
        text = f"{who}Day {m.day}: {escape(m.label)}{overdue}"
        value = milestone_target(rep_id, m.label)
        blocks += [
            SectionBlock(text=MarkdownTextObject(text=text)),
            ActionsBlock(
                elements=[
                    ButtonElement(
                        text="Confirm", action_id=ids.MILESTONE_CONFIRM, value=value, style="primary"
                    ),
                    ButtonElement(text="Not yet", action_id=ids.MILESTONE_NOT_YET, value=value),
                ]
            ),
        ]
    return blocks


def suggestion_blocks(aid: CheckpointAid, labels: Mapping[str, str]) -> list[Block]:
    """Return the suggested decision with what points to it; the coaching-aid line where the chance shows."""
    s = aid.suggestion
    why = [reason_text(r, labels) for r in s.reasons] + [f"{escape(m)} missed" for m in s.missed]
    chance = f"chance to finish on track {s.p_on_track:.0%}" if s.p_on_track is not None else ""
    because = " · ".join(p for p in [chance, *why] if p) or "no early call yet (before day 21)"
    text = f"Suggested decision: *{DECISION_WORDS[s.kind]}* · {because}"
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=text[:2900]))]
    if s.p_on_track is not None:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=COACHING_AID)]))
    return blocks


def decision_inputs(draft: Mapping[str, Any]) -> list[Block]:
    """Return the decision's own inputs: why (required), and what an extension or a performance plan needs."""

    def text(name: str, label: str, hint: str, *, multiline: bool, optional: bool) -> Block:
        element = PlainTextInputElement(
            action_id=VALUE, multiline=multiline, initial_value=draft.get(name), max_length=3000
        )
        return InputBlock(block_id=name, label=label, hint=hint, element=element, optional=optional)

    return [
        text(
            "decision_why",
            "Why this decision",
            "It is kept as written, with today's numbers.",
            multiline=True,
            optional=False,
        ),
        text(
            "decision_weeks",
            "Extend by (weeks)",
            f"Only to extend: 1 to {MAX_EXTEND_WEEKS}.",
            multiline=False,
            optional=True,
        ),
        text(
            "decision_goals",
            f"Performance plan goals (up to {MAX_GOALS})",
            f"Only for a performance plan, one per line: {GOAL_EXAMPLE}",
            multiline=True,
            optional=True,
        ),
        InputBlock(
            block_id="decision_by",
            label="Performance plan decided by",
            hint="Only for a performance plan.",
            element=DatePickerElement(action_id=VALUE, initial_date=draft.get("decision_by")),
            optional=True,
        ),
    ]


def decision_line(d: StoredDecision) -> str:
    """Return e.g. "Extend the ramp by 4 weeks (Nov 30): still behind on meetings"."""
    what = DECISION_WORDS[d.decision.kind].split(" (")[0]
    if d.decision.weeks:
        what += f" by {d.decision.weeks} weeks"
    return f"{what} ({d.on:%b %-d}): {escape(d.decision.why)}"[:500]


def goal_lines(d: StoredDecision) -> list[str]:
    """Return a performance plan's goals and decision date, one line each."""
    by = (
        f"Performance plan, decided by {d.decision.decide_by:%a %b %-d}"
        if d.decision.decide_by
        else "Performance plan"
    )
    return [f"*{by}*", *(f"• {escape(g.text)} (by {g.due:%b %-d})" for g in d.decision.goals)]


def ends_line(end: dt.date) -> str:
    return f"Your ramp now ends on {end:%a %b %-d}."


def goal_blocks(d: StoredDecision | None) -> list[Block]:
    """Return a performance plan's goals for the rep's weekly check-in (nothing without one)."""
    if d is None:
        return []
    return [SectionBlock(text=MarkdownTextObject(text="\n".join(goal_lines(d))))]
