"""Nudge DMs and draft feedback: each insight with its numbers and reaction buttons, and what a click did."""

import json
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.services.nudges import NudgeTarget, WeeklyNudge
from bot.views import ids
from bot.views.text import escape
from coaching.draft_score import DraftScore, TagComparison
from coaching.nudges import InsightRef
from coaching.touches import Stage

REACTION_OF_ACTION = {ids.NUDGE_UP: "up", ids.NUDGE_DOWN: "down", ids.NUDGE_SNOOZE: "snooze"}
RECORDED = {
    "up": "👍 Marked helpful. Thanks!",
    "down": "👎 Marked not helpful. Thanks, that tunes what you get.",
    "snooze": "😴 Snoozed: you will not see this one for the next 2 weeks.",
}
NOT_YOURS = "Only the rep this nudge was written for can react to it."


def nudge_target(target: NudgeTarget) -> str:
    """Return a button value naming the rep, the week and the insight (short keys: values max 2000)."""
    ref = target.ref
    data = {"r": target.rep_id, "w": target.week, "k": ref.kind, "s": ref.stage.value}
    return json.dumps(data | {"b": ref.better, "x": ref.worse}, ensure_ascii=False)


def read_nudge_target(value: str | None) -> NudgeTarget | None:
    """Return the target a button names, or None when the value is not one of ours."""
    try:
        data = json.loads(value or "")
        kind = data["k"]
        if kind not in ("approach", "template"):
            return None
        ref = InsightRef(kind, Stage(data["s"]), str(data["b"]), str(data["x"]))
        return NudgeTarget(str(data["r"]), str(data["w"]), ref)
    except (ValueError, KeyError, TypeError):
        return None


def nudge_blocks(nudge: WeeklyNudge, *, resent: bool = False) -> tuple[str, list[Block]]:
    """Return the weekly nudge DM: each insight with its buttons, or the encouragement alone."""
    mark = "_(resent)_ " if resent else ""
    if not nudge.insights:
        text = nudge.encouragement.text if nudge.encouragement else ""
        return "Your messaging this week", [SectionBlock(text=MarkdownTextObject(text=mark + escape(text)))]
    intro = f"{mark}*Your messaging this week* ({nudge.week}): what your own numbers show."
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=intro))]
    for i, insight in enumerate(nudge.insights):
        value = nudge_target(NudgeTarget(nudge.rep_id, nudge.week, insight.ref))
        blocks.append(SectionBlock(text=MarkdownTextObject(text=f"• {escape(insight.text)}")))
        buttons = [
            ButtonElement(text="👍", action_id=ids.NUDGE_UP, value=value),
            ButtonElement(text="👎", action_id=ids.NUDGE_DOWN, value=value),
            ButtonElement(text="Snooze 2 weeks", action_id=ids.NUDGE_SNOOZE, value=value),
        ]
        blocks.append(ActionsBlock(block_id=f"{ids.NUDGE_BLOCK_PREFIX}{i}", elements=buttons))
    first = nudge.insights[0].text
    return f"Your messaging this week: {first[:200]}", blocks


def after_reaction(message: dict[str, Any], block_id: str, reaction: str) -> tuple[str, list[dict[str, Any]]]:
    """Return the clicked message with that insight's buttons replaced by what was recorded."""
    note = {
        "type": "context",
        "block_id": block_id,
        "elements": [{"type": "mrkdwn", "text": RECORDED[reaction]}],
    }
    blocks = [note if block.get("block_id") == block_id else block for block in message.get("blocks", [])]
    return str(message.get("text") or "Your messaging this week"), blocks


def draft_feedback_blocks(score: DraftScore) -> tuple[str, list[Block]]:
    """Return the ephemeral answer to the message shortcut: the tags, and per tag the team's numbers."""
    tags = ", ".join(sorted(score.derived.tags)) or "none"
    d = score.derived
    head = (
        f"*Messaging feedback* · tags: *{escape(tags)}*\n"
        f"{d.words} words, {d.questions} question(s), {d.personal_markers} personal detail(s)."
    )
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=head))]
    blocks += [SectionBlock(text=MarkdownTextObject(text=_comparison(c))) for c in score.comparisons]
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text="Only you can see this.")]))
    return f"Messaging feedback: {tags}", blocks


def _comparison(c: TagComparison) -> str:
    rates = (
        f"team: {_rate(c.tag_rate, c.tag_n)} {c.tag} vs {_rate(c.opposite_rate, c.opposite_n)} {c.opposite}"
    )
    return f"*{escape(c.tag)}* ({escape(rates)})\n{escape(c.suggestion)}"


def _rate(rate: float | None, n: int) -> str:
    return "no data" if rate is None else f"{round(rate * 100)}% (n={n})"
