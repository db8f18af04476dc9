"""The "Past weeks" modal: each week of a rep's ramp so far, newest first, against that week's targets."""

from slack_sdk.models.blocks import Block, ContextBlock, MarkdownTextObject, SectionBlock
from slack_sdk.models.views import View

from bot.services.activity import PastWeek
from bot.views.figures import target_text
from bot.views.status_table import percent
from bot.views.text import escape, number

NOTE_CHARS = 300


def past_weeks_modal(weeks: list[PastWeek]) -> View:
    """Return a read-only modal with one section per week (a ramp has at most 53, under the 100 blocks)."""
    blocks: list[Block] = [_week(w) for w in weeks] or [
        SectionBlock(text=MarkdownTextObject(text="Your ramp hasn't started yet: nothing to show."))
    ]
    blocks.append(
        ContextBlock(
            elements=[MarkdownTextObject(text="Change a recent week with `/log` and its week picker.")]
        )
    )
    return View(type="modal", title="Past weeks", close="Close", blocks=blocks)


def _week(week: PastWeek) -> Block:
    summary = week.summary
    title = f"*Week {summary.ramp_week} of {summary.total_weeks}* · {summary.week_start:%a %b %-d}"
    if not week.logged:
        return SectionBlock(text=MarkdownTextObject(text=f"{title} · _not logged_"))
    numbers = " · ".join(
        f"{line.label} {'—' if line.actual is None else number(line.actual)}/{target_text(line.target)}"
        for line in summary.lines
    )
    text = f"{title} · *{percent(week.attainment)}* of plan\n{escape(numbers)}"
    if week.note:
        note = week.note if len(week.note) <= NOTE_CHARS else week.note[: NOTE_CHARS - 1] + "…"
        text += f"\n_{escape(note)}_"
    return SectionBlock(text=MarkdownTextObject(text=text))
