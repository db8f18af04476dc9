"""What a rep sees after logging, and when logging is refused."""

from collections.abc import Sequence

from slack_sdk.models.blocks import Block, ContextBlock, MarkdownTextObject, SectionBlock

from bot.services.errors import NotAMember, NotEnrolled
from bot.views.figures import projection_note, share_text, status_text, trend_text
from bot.views.problems import problem_texts
from bot.views.status_table import percent
from bot.views.text import escape, number
from coaching.activity import MetricLine, WeekSummary
from coaching.errors import Problem
from coaching.status import MilestoneState, RampStatus

BAR_WIDTH = 10


def week_blocks(summary: WeekSummary, *, changed: int | None = None) -> list[Block]:
    """Return the week's metrics against their targets, for a confirmation or the Home tab."""
    title = f"*Week {summary.ramp_week} of {summary.total_weeks}* (from {summary.week_start:%a %b %-d})"
    if changed is not None:
        title = ("Logged. " if changed else "No change: those numbers were already logged. ") + title
    lines = "\n".join(_line(line) for line in summary.lines)
    return [
        SectionBlock(text=MarkdownTextObject(text=title)),
        SectionBlock(text=MarkdownTextObject(text=lines)),
        ContextBlock(elements=[MarkdownTextObject(text="Fix a number by logging it again: `/log calls=42`")]),
    ]


def ramp_so_far(status: RampStatus) -> Block:
    """Return the ramp so far: attainment, status, trend, projection, next milestone, and what it assumes."""
    upcoming = next((m for m in status.milestones if m.state is MilestoneState.DUE), None)
    parts = [
        f"Day {status.day} · week {status.week} of {status.total_weeks}",
        f"ramp so far: *{percent(status.attainment)}* of plan ({escape(status_text(status))})",
    ]
    if status.trend:
        parts.append("last weeks " + trend_text(status.trend, " → "))
    if status.projection is not None:
        parts.append(f"ends ~{percent(status.projection)}")
    if status.missing_weeks:
        parts.append(f"{len(status.missing_weeks)} week(s) not logged")
    if upcoming:
        parts.append(f"next milestone: {escape(upcoming.label)} by day {upcoming.day}")
    elements = [MarkdownTextObject(text=" · ".join(parts))]
    elements += [MarkdownTextObject(text=note) for note in (projection_note(status),) if note]
    return ContextBlock(elements=elements)


def _line(line: MetricLine) -> str:
    if line.actual is None:
        return f"`{'·' * BAR_WIDTH}` {line.label}: not logged (target {number(line.target)})"
    if not line.target:
        # A 0 of 0 week is not a 100% week: the plan asks nothing of this metric yet.
        return f"`{'·' * BAR_WIDTH}` {line.label}: *{number(line.actual)}* (no target yet)"
    share = line.actual / line.target
    filled = min(BAR_WIDTH, round(share * BAR_WIDTH))
    bar = "█" * filled + "·" * (BAR_WIDTH - filled)
    shown = f"*{number(line.actual)}* of {number(line.target)} ({share_text(line.actual, line.target)})"
    return f"`{bar}` {line.label}: {shown}"


LOG_EXAMPLE = "Example: `/log calls=42 meetings=5` or `/log last week calls=40`"
ENROLL_EXAMPLE = "Example: `/ramp enroll @riley plan=ae-90 start=2026-11-02`"
REVIEW_EXAMPLE = "Example: `/ramp review @riley`"


def problems_blocks(
    problems: Sequence[Problem], *, what: str = "Nothing was logged", example: str = LOG_EXAMPLE
) -> list[Block]:
    """Return a refusal that lists every problem in what the person typed, escaped."""
    items = "\n".join(f"• {escape(p)}" for p in problem_texts(problems[:10]))
    return [
        SectionBlock(text=MarkdownTextObject(text=f"{what}:\n{items}")),
        ContextBlock(elements=[MarkdownTextObject(text=example)]),
    ]


def not_a_member_text() -> str:
    return "You're not set up in Ramp Coach yet. Ask your manager or an admin to add you to the team."


def not_enrolled_text() -> str:
    return "You're not enrolled in a ramp plan yet, so there is nothing to log against. Ask your manager."


def refusal_text(refusal: NotAMember | NotEnrolled) -> str:
    return not_a_member_text() if isinstance(refusal, NotAMember) else not_enrolled_text()
