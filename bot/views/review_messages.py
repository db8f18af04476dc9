"""Review DMs: the manager's prompt and overdue reminder, the rep's summary, the manager's confirmation."""

import datetime as dt

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.services.review_prompts import DueReview
from bot.views import ids
from bot.views.figures import status_text, trend_text
from bot.views.review_modal import action_line, review_target
from bot.views.status_table import percent
from bot.views.text import escape
from storage.repo.reviews import StoredReview

MAX_LISTED = 20  # two blocks each stays under Slack's 50 blocks per message


def next_review_phrase(due: dt.date, today: dt.date) -> str:
    """Return when the next review is, saying "overdue" when its day has passed (issue 13, defect 6)."""
    if due < today:
        return f"review overdue since {due:%a %b %-d}"
    if due == today:
        return "review due today"
    return f"next review: {due:%a %b %-d}"


def prompt_blocks(due: list[DueReview], *, overdue: bool, resent: bool = False) -> tuple[str, list[Block]]:
    """Return one message listing every review due (or overdue), each with its buttons."""
    names = ", ".join(d.rep_name for d in due[:3]) + (f" and {len(due) - 3} more" if len(due) > 3 else "")
    text = f"Reviews overdue: {names}" if overdue else f"Reviews due today: {names}"
    intro = (
        "These reviews are late. Do them now, or reschedule with a reason:"
        if overdue
        else "Time for a data-based review. Each one starts from the rep's numbers:"
    )
    blocks: list[Block] = [
        SectionBlock(text=MarkdownTextObject(text=f"{'_(resent)_ ' if resent else ''}*{intro}*"))
    ]
    for item in due[:MAX_LISTED]:
        blocks += _item(item, overdue)
    if len(due) > MAX_LISTED:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=f"…and {len(due) - MAX_LISTED} more.")]))
    return text, blocks


def daily_prompt_blocks(
    today: list[DueReview], late: list[DueReview], *, resent: bool = False
) -> tuple[str, list[Block]]:
    """Return the day's one review DM: the reviews due today, then the late ones, each with its buttons."""
    text, blocks = prompt_blocks(today, overdue=False, resent=resent)
    if not late:
        return text, blocks
    room = max(0, MAX_LISTED - min(len(today), MAX_LISTED))
    blocks.append(SectionBlock(text=MarkdownTextObject(text="*Also late: do them now, or reschedule:*")))
    for item in late[:room]:
        blocks += _item(item, overdue=True)
    if len(late) > room:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=f"…and {len(late) - room} more late.")]))
    return f"{text}; {len(late)} overdue", blocks


def _item(item: DueReview, overdue: bool) -> list[Block]:
    parts = [f"*{escape(item.rep_name)}*"]
    if item.slot.checkpoint:
        parts.append(f"day {item.slot.checkpoint} checkpoint")
    if overdue:
        parts.append(f"{item.days_late} days late")
    status = item.status
    if status:
        parts.append(
            f"day {status.day} · {percent(status.attainment)} of plan ({escape(status_text(status))}) · "
            f"trend {trend_text(status.trend)}"
        )
        if status.stall:
            parts.append(f"stalls at {escape(status.stall)}")
    target = review_target(item.rep_id, item.slot.slot)
    buttons = [
        ButtonElement(text="Start review", action_id=ids.START_REVIEW, value=target, style="primary"),
        ButtonElement(text="Reschedule", action_id=ids.RESCHEDULE_REVIEW, value=target),
    ]
    return [SectionBlock(text=MarkdownTextObject(text=" · ".join(parts))), ActionsBlock(elements=buttons)]


def rep_summary_blocks(review: StoredReview, manager_name: str) -> tuple[str, list[Block]]:
    """Return the rep's DM: the assessment, ratings, coaching focus and their action items."""
    r = review.review
    text = f"{manager_name} reviewed your ramp: {r.assessment.value}"
    lines = [
        f"*Your review with {escape(manager_name)}* ({review.submitted_at:%b %-d}): *{r.assessment.value}*"
    ]
    if r.decision:
        lines.append(f"Checkpoint decision: *{r.decision.value}*")
    lines += [f"• {escape(task)}: {score}/5" for task, score in r.ratings.items()]
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text="\n".join(lines)))]
    if r.people:
        blocks.append(
            SectionBlock(text=MarkdownTextObject(text=f"*Coaching focus*\n{escape(r.people)[:2900]}"))
        )
    blocks.append(
        SectionBlock(
            text=MarkdownTextObject(text=f"*What {escape(manager_name)} saw*\n{escape(r.evidence)[:2900]}")
        )
    )
    items = "\n".join(f"• {action_line(a)}" for a in r.actions) or "No action items this time."
    blocks.append(SectionBlock(text=MarkdownTextObject(text=f"*Action items*\n{items}")))
    if r.next_review:
        blocks.append(
            ContextBlock(elements=[MarkdownTextObject(text=f"Next review: {r.next_review:%a %b %-d}")])
        )
    return text, blocks


def manager_confirmation_blocks(review: StoredReview, rep_name: str) -> tuple[str, list[Block]]:
    """Return the manager's confirmation, with a button to add a correction (reviews never change)."""
    text = f"Review of {rep_name} saved"
    items = len(review.review.actions)
    blocks: list[Block] = [
        SectionBlock(
            text=MarkdownTextObject(
                text=f"*{escape(text)}.* {escape(rep_name)} got the summary and {items} action item(s)."
            )
        ),
        ActionsBlock(
            elements=[
                ButtonElement(text="Add a correction", action_id=ids.AMEND_REVIEW, value=str(review.id))
            ]
        ),
    ]
    return text, blocks
