"""A manager's cockpit in Block Kit: the rep page modal, the 1:1 agenda, a past review, the Remind DM."""

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    MarkdownTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.services.cockpit import RepPage
from bot.services.status import EarlierPlan
from bot.views import ids
from bot.views.figures import earlier_plan_text, projection_note, status_text, trend_text
from bot.views.review_messages import rep_summary_blocks
from bot.views.review_modal import action_line
from bot.views.status_table import percent
from bot.views.text import escape, number, packed
from coaching.activity import WeekSummary
from coaching.agenda import Agenda, NudgeFollowUp
from coaching.status import RampStatus
from storage.repo.reviews import StoredReview

TITLE_CHARS = 24  # Slack's limit for a modal title
NOTE_CHARS = 500  # a rep's note is quoted, not reprinted whole


def _md(text: str) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=text))


def _title(text: str) -> str:
    return text if len(text) <= TITLE_CHARS else text[: TITLE_CHARS - 1] + "…"


def remind_blocks(summary: WeekSummary, *, resent: bool = False) -> tuple[str, list[Block]]:
    """Return the DM a manager's Remind button sends: this week's numbers, please, with the Log button."""
    text = f"Your manager asks for your numbers for week {summary.ramp_week}"
    since = f"(from {summary.week_start:%b %-d})"
    blocks: list[Block] = [
        _md(f"{'_(resent)_ ' if resent else ''}:bell: *{text}* {since}. It takes a minute:"),
        ActionsBlock(
            elements=[ButtonElement(text="Log this week", action_id=ids.OPEN_LOG_MODAL, style="primary")]
        ),
    ]
    return text, blocks


def nudge_line(follow_up: NudgeFollowUp) -> str:
    """Return one nudge insight with whether the rep took it up and the change in their response rate."""
    ref = follow_up.ref
    adopted = {True: "adopted", False: "not adopted yet", None: "too early to tell"}[follow_up.adopted]
    lift = f", response rate {follow_up.lift:+.0%}" if follow_up.lift is not None else ""
    return (
        f"{follow_up.week}: in {ref.stage.value}s, *{escape(ref.better)}* over *{escape(ref.worse)}* "
        f"({adopted}{lift})"
    )


def agenda_lines(agenda: Agenda) -> list[str]:
    """Return the agenda as mrkdwn lines, most pressing first: the same words on the page and in the DM."""
    lines = [f"• :warning: Overdue: {action_line(item)}" for item in agenda.overdue]
    lines += [f"• Open: {action_line(item)}" for item in agenda.open]
    if agenda.weakest:
        m = agenda.weakest
        lines.append(
            f"• Furthest behind plan: *{escape(m.label)}*, {number(m.actual)} of {number(m.target)} "
            f"({percent(m.attainment)})"
        )
    if agenda.stall:
        lines.append(f"• Stalls at *{escape(agenda.stall)}* in the funnel")
    if agenda.nudge:
        lines.append(f"• Latest nudge: {nudge_line(agenda.nudge)}")
    lines += [f"• Coming up: day {m.day} milestone, {escape(m.label)}" for m in agenda.milestones]
    if agenda.last_note:
        lines.append(f"• Their last note: _{escape(agenda.last_note[:NOTE_CHARS])}_")
    return lines or ["• Nothing pressing: ask how the week went."]


def agenda_message(manager_name: str, rep_name: str, agenda: Agenda) -> tuple[str, list[Block]]:
    """Return the agenda as posted into the manager's DM with the rep."""
    text = f"1:1 agenda: {rep_name} and {manager_name}"
    blocks: list[Block] = [_md(f"*{escape(text)}*")]
    blocks += [_md(chunk) for chunk in packed(agenda_lines(agenda))]
    blocks.append(
        ContextBlock(elements=[MarkdownTextObject(text="Built by Ramp Coach from this ramp's data.")])
    )
    return text, blocks


def _ramp_blocks(status: RampStatus | None) -> list[Block]:
    if status is None:
        return [_md("Not enrolled in a ramp plan.")]
    line = (
        f"Day {status.day} · {percent(status.attainment)} of plan · *{escape(status_text(status))}* · "
        f"trend {trend_text(status.trend)}"
    )
    note = projection_note(status)
    return [_md(line)] + ([ContextBlock(elements=[MarkdownTextObject(text=note)])] if note else [])


def _earlier_blocks(earlier: tuple[EarlierPlan, ...]) -> list[Block]:
    """Return the plans the rep was on before a replan, each read against its own targets."""
    lines = [earlier_plan_text(e.period, e.plan, e.status) for e in earlier]
    blocks: list[Block] = [ContextBlock(elements=[MarkdownTextObject(text=t)]) for t in packed(lines)]
    return blocks[:2]


def _review_list(reviews: tuple[StoredReview, ...]) -> list[Block]:
    if not reviews:
        return [_md("*Last reviews*\nNo review yet.")]
    blocks: list[Block] = [_md("*Last reviews*")]
    for review in reviews:
        label = f"{review.submitted_at:%b %-d}: {review.review.assessment.value}"
        button = ButtonElement(text="Open", action_id=ids.OPEN_PAST_REVIEW, value=str(review.id))
        blocks.append(SectionBlock(text=MarkdownTextObject(text=escape(label)), accessory=button))
    return blocks


def rep_page_modal(page: RepPage) -> View:
    """Return a rep's page: their ramp, last three reviews, nudges and their lift, and the 1:1 agenda."""
    blocks: list[Block] = [*_ramp_blocks(page.status), *_earlier_blocks(page.earlier)]
    blocks += [DividerBlock(), *_review_list(page.reviews)]
    nudges = [f"• {nudge_line(n)}" for n in page.nudges] or ["No nudge has reached them yet."]
    blocks += [DividerBlock(), _md("*Nudges and their lift*\n" + "\n".join(nudges))]
    blocks += [DividerBlock(), _md("*1:1 agenda*"), *[_md(c) for c in packed(agenda_lines(page.agenda))]]
    if page.can_post:
        post = ButtonElement(
            text="Post to our DM", action_id=ids.POST_AGENDA, value=page.rep.slack_id, style="primary"
        )
        blocks.append(ActionsBlock(elements=[post]))
    return View(
        type="modal",
        callback_id=ids.REP_PAGE_MODAL,
        title=_title(page.rep.name),
        close="Close",
        private_metadata=page.rep.slack_id,
        blocks=blocks,
    )


def review_detail_modal(review: StoredReview, rep_name: str) -> View:
    """Return one past review as the rep received it, for the rep page's list."""
    _, blocks = rep_summary_blocks(review, "the reviewer")
    first = blocks[0]
    rest = first.text.text.split("\n", 1)[1:] if isinstance(first, SectionBlock) and first.text else []
    head = (
        f"*Review of {escape(rep_name)}* ({review.submitted_at:%b %-d}): *{review.review.assessment.value}*"
    )
    return View(
        type="modal",
        title=_title(f"Review of {rep_name}"),
        close="Back",
        blocks=[_md("\n".join([head, *rest])), *blocks[1:]],
    )
