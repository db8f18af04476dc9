"""The Friday check-in DM and the Monday reminder."""

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.views import ids
from bot.views.figures import target_text
from bot.views.text import escape, number
from coaching.activity import MetricLine, WeekSummary


def checkin_blocks(summary: WeekSummary, *, resent: bool = False) -> tuple[str, list[Block]]:
    """Return the check-in's notification text and blocks: this week's targets and how to log."""
    text = f"Time to log week {summary.ramp_week} of your ramp"
    blocks: list[Block] = [
        SectionBlock(
            text=MarkdownTextObject(text=f"{_resent(resent)}:wave: *{text}.* Here are this week's targets:")
        ),
        SectionBlock(text=MarkdownTextObject(text="\n".join(_target_line(line) for line in summary.lines))),
        ActionsBlock(
            elements=[ButtonElement(text="Log this week", action_id=ids.OPEN_LOG_MODAL, style="primary")]
        ),
        ContextBlock(
            elements=[
                MarkdownTextObject(text=f"Or type your own numbers anywhere: `/log {example(summary)}`")
            ]
        ),
    ]
    return text, blocks


def example(summary: WeekSummary) -> str:
    """Return a /log example with placeholders, never numbers: a pasted example must not log the targets
    as what the rep did (issue 13, defect 7). `<n>` is escaped, or Slack would read it as a link."""
    return " ".join(f"{line.key}={escape('<n>')}" for line in summary.lines[:3])


def reminder_blocks(summary: WeekSummary, *, resent: bool = False) -> tuple[str, list[Block]]:
    """Return the reminder's text and blocks for a week that is still not logged."""
    text = f"Week {summary.ramp_week} (from {summary.week_start:%b %-d}) is not logged yet"
    blocks: list[Block] = [
        SectionBlock(text=MarkdownTextObject(text=f"{_resent(resent)}*{text}.* It takes a minute:")),
        ContextBlock(elements=[MarkdownTextObject(text=f"`/log last week {example(summary)}`")]),
    ]
    return text, blocks


def _target_line(line: MetricLine) -> str:
    logged = f" ({number(line.actual)} logged so far)" if line.actual is not None else ""
    return f"• {line.label}: *{target_text(line.target)}*{logged}"


def _resent(resent: bool) -> str:
    return "_(resent)_ " if resent else ""
