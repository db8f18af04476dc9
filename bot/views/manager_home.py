"""A manager's Home tab: what needs them today (reviews owed, each with Start review), then their team.

Each rep row opens the rep's page, offers Leave (the leave form) and, for a rep who has not logged this week,
a Remind button.
"""

import datetime as dt

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.services.home import Home, TeamLine
from bot.views import ids
from bot.views.early_call import early_call_line
from bot.views.figures import status_text, trend_text
from bot.views.review_messages import next_review_phrase
from bot.views.review_modal import review_target
from bot.views.roster import on_leave_text
from bot.views.status_table import percent
from bot.views.text import escape

MAX_NEEDS = 10  # reviews listed at the top; the rest are counted
MAX_ROWS = 35  # rep rows (two blocks at most each) within Slack's 100 blocks per Home tab


def _md(text: str) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=text))


def _context(text: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=text)])


def manager_blocks(home: Home) -> list[Block]:
    """Return a manager's Home: reviews owed today, then one row per rep."""
    today = home.today or dt.date.min
    return [
        HeaderBlock(text="Your team"),
        *_needs_blocks(home, today),
        DividerBlock(),
        *team_rows(home.team, today),
    ]


def _needs_blocks(home: Home, today: dt.date) -> list[Block]:
    names = {line.rep.slack_id: line.rep.name for line in home.team}
    if not home.needs:
        return [_md("*What needs you today*\nNothing: no review is due. :tada:")]
    blocks: list[Block] = [_md("*What needs you today*")]
    for need in home.needs[:MAX_NEEDS]:
        when = next_review_phrase(need.slot.due, today)
        checkpoint = f" (day {need.slot.checkpoint} checkpoint)" if need.slot.checkpoint else ""
        text = f"*{escape(names.get(need.rep_id, need.rep_id))}* · {when}{checkpoint}"
        button = ButtonElement(
            text="Start review",
            action_id=ids.START_REVIEW,
            value=review_target(need.rep_id, need.slot.slot),
            style="danger" if need.overdue(today) else "primary",
        )
        blocks.append(SectionBlock(text=MarkdownTextObject(text=text), accessory=button))
    if len(home.needs) > MAX_NEEDS:
        blocks.append(_context(f"…and {len(home.needs) - MAX_NEEDS} more reviews due."))
    return blocks


def team_rows(lines: tuple[TeamLine, ...], today: dt.date) -> list[Block]:
    """Return one row per rep (with its buttons), at most MAX_ROWS, the rest counted."""
    if not lines:
        return [_md("Nobody reports to you in Ramp Coach's team file yet.")]
    blocks: list[Block] = []
    for line in lines[:MAX_ROWS]:
        blocks += rep_row(line, today)
    if len(lines) > MAX_ROWS:
        blocks.append(_context(f"…and {len(lines) - MAX_ROWS} more reps: `rampcoach status` lists them all."))
    return blocks


def rep_row(line: TeamLine, today: dt.date) -> list[Block]:
    """Return a rep's row: their figures with an Open button, then Remind (when they have not logged this
    week and nobody reminded them today) and Leave; two blocks at most, to fit MAX_ROWS in a Home tab."""
    open_page = ButtonElement(text="Open", action_id=ids.OPEN_REP_PAGE, value=line.rep.slack_id)
    text = row_text(line, today)
    if line.status is None or line.left_on is not None:
        return [SectionBlock(text=MarkdownTextObject(text=text), accessory=open_page)]
    buttons: list[ButtonElement] = []
    if not line.logged_this_week:
        if line.reminded_today:
            text += " · reminded today"
        else:
            buttons.append(ButtonElement(text="Remind", action_id=ids.REMIND_REP, value=line.rep.slack_id))
    buttons.append(ButtonElement(text="Leave", action_id=ids.OPEN_LEAVE, value=line.rep.slack_id))
    section = SectionBlock(text=MarkdownTextObject(text=text), accessory=open_page)
    return [section, ActionsBlock(elements=buttons)]


def row_text(line: TeamLine, today: dt.date) -> str:
    """Return a rep's figures: status, then logging, the early call, reviews and action items."""
    name = f"*{escape(line.rep.name)}*"
    status = line.status
    if status is None:
        return f"{name} · not enrolled"
    if line.left_on is not None:
        last = f"{line.last_logged:%b %-d}" if line.last_logged else "never"
        return f"{name} · left on {line.left_on:%b %-d, %Y} · last logged {last}"
    away = f" · {on_leave_text(line.leave_until).lower()}" if line.leave_until else ""
    first = (
        f"{name}{away} · day {status.day} · {percent(status.attainment)} · {escape(status_text(status))} · "
        f"trend {trend_text(status.trend)}"
    )
    logged = f"last logged {line.last_logged:%b %-d}" if line.last_logged else "never logged"
    second = [logged if line.logged_this_week or not line.last_logged else f"{logged} (not this week)"]
    if line.call:
        labels = {m.key: m.label for m in status.metrics}
        second.append(escape(early_call_line(line.call, labels)))
    if line.next_review:
        second.append(next_review_phrase(line.next_review, today))
    if line.open_actions:
        second.append(f"{line.open_actions} open action item{'s' if line.open_actions > 1 else ''}")
    return " · ".join([first, *second])
