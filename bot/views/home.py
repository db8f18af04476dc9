"""The App Home tab: a rep's own ramp, a manager's team, a leader's org grouped by manager."""

import datetime as dt
from itertools import groupby

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
from slack_sdk.models.views import View

from bot.services.home import Home, TeamLine
from bot.views import ids
from bot.views.activity import ramp_so_far, week_blocks
from bot.views.figures import status_text, trend_text
from bot.views.nudge_messages import switch_text
from bot.views.review_messages import next_review_phrase
from bot.views.review_modal import action_line
from bot.views.status_table import percent
from bot.views.text import escape, packed
from coaching.activity import WeekSummary
from coaching.status import MilestoneState, RampStatus
from coaching.team import Role

MAX_BLOCKS = 100  # Slack's limit for a Home tab view
MAX_ACTIONS = 15  # open action items listed on a Home tab
SECTION_CHARS = 2900  # under Slack's 3,000 characters per section text
MILESTONE_MARK = {
    MilestoneState.HIT: "✅",
    MilestoneState.MISSED: "❌",
    MilestoneState.DUE: "⏳",
    MilestoneState.AWAITING_CONFIRMATION: "☑️",
}


def home_view(home: Home) -> View:
    """Return the Home tab for whoever is looking at it."""
    if home.viewer.role is Role.REP and home.week and home.ramp:
        blocks = _rep_blocks(home.week, home.ramp) + _nudge_blocks(home) + _review_blocks(home, names={})
        return View(type="home", blocks=blocks[:MAX_BLOCKS])
    title = "Your team" if home.viewer.role is Role.MANAGER else "Your org"
    names = {line.rep.slack_id: line.rep.name for line in home.team}
    actions = _review_blocks(home, names)[: MAX_BLOCKS // 3]
    lifts = _switch_blocks(home, names)
    team = _team_blocks(home.team, home.today or dt.date.min)[: MAX_BLOCKS - 1 - len(actions) - len(lifts)]
    return View(type="home", blocks=[HeaderBlock(text=title), *team, *lifts, *actions])


def _switch_blocks(home: Home, names: dict[str, str]) -> list[Block]:
    """Return, for a manager, each rep who switched toward a better approach after a nudge, with the lift."""
    if not home.switches:
        return []
    lines = [
        f"• *{escape(names.get(s.rep_id, s.rep_id))}*: {switch_text(s, who='they')}" for s in home.switches
    ]
    text = packed(["*Messaging: lift since the switch*", *lines], SECTION_CHARS)
    return [DividerBlock(), *[SectionBlock(text=MarkdownTextObject(text=t)) for t in text[:3]]]


def _rep_blocks(week: WeekSummary, ramp: RampStatus) -> list[Block]:
    milestones = [
        f"{MILESTONE_MARK[m.state]} Day {m.day}: {escape(m.label)} ({m.state.value})" for m in ramp.milestones
    ]
    log_button = ButtonElement(text="Log this week", action_id=ids.OPEN_LOG_MODAL, style="primary")
    past_button = ButtonElement(text="Past weeks", action_id=ids.OPEN_PAST_WEEKS)
    blocks: list[Block] = [
        HeaderBlock(text="Your ramp"),
        *week_blocks(week),
        ramp_so_far(ramp),
        ActionsBlock(elements=[log_button, past_button]),
    ]
    if milestones:
        blocks += [DividerBlock(), *_sections(["*Milestones*", *milestones])]
    return blocks


def _nudge_blocks(home: Home) -> list[Block]:
    """Return the rep's latest coaching nudge in one line per insight, as it was sent."""
    if not home.nudge:
        return []
    lines = [
        f"• {ref.stage.value}s: *{escape(ref.better)}* beat *{escape(ref.worse)}* ({probability:.0%} likely)"
        for ref, probability in home.nudge
    ]
    title = f"*Your latest coaching nudge* ({home.nudge_week})"
    return [DividerBlock(), SectionBlock(text=MarkdownTextObject(text="\n".join([title, *lines])))]


def _review_blocks(home: Home, names: dict[str, str]) -> list[Block]:
    """Return the next review and the open action items, each with a button to mark it done."""
    blocks: list[Block] = [DividerBlock()]
    if home.next_review:
        when = next_review_phrase(home.next_review, home.today or dt.date.min)
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=when[0].upper() + when[1:])]))
    if not home.actions:
        return blocks if home.next_review else []
    blocks.append(SectionBlock(text=MarkdownTextObject(text="*Open action items*")))
    for action in home.actions[:MAX_ACTIONS]:
        who = f"*{escape(names[action.rep_id])}* · " if action.rep_id in names else ""
        button = ButtonElement(text="Done", action_id=ids.ACTION_DONE, value=str(action.id))
        blocks.append(
            SectionBlock(text=MarkdownTextObject(text=f"{who}{action_line(action.item)}"), accessory=button)
        )
    if len(home.actions) > MAX_ACTIONS:
        more = f"…and {len(home.actions) - MAX_ACTIONS} more."
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=more)]))
    return blocks


def _team_blocks(lines: tuple[TeamLine, ...], today: dt.date) -> list[Block]:
    if not lines:
        return [
            SectionBlock(text=MarkdownTextObject(text="Nobody reports to you in Ramp Coach's team file yet."))
        ]
    blocks: list[Block] = []
    for manager, group in groupby(lines, key=lambda line: line.manager):
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=f"*{escape(manager)}'s reps*")]))
        blocks += _sections([_line(line, today) for line in group])
    return blocks


def _line(line: TeamLine, today: dt.date) -> str:
    name = f"*{escape(line.rep.name)}*"
    status = line.status
    if status is None:
        return f"{name} · not enrolled"
    logged = f"{line.last_logged:%b %-d}" if line.last_logged else "never"
    review = f" · {next_review_phrase(line.next_review, today)}" if line.next_review else ""
    return (
        f"{name} · day {status.day} · {percent(status.attainment)} · {escape(status_text(status))} · "
        f"trend {trend_text(status.trend)} · last logged {logged}{review}"
    )


def _sections(lines: list[str]) -> list[Block]:
    """Return the lines packed into as few sections as Slack's per-section limit allows."""
    return [SectionBlock(text=MarkdownTextObject(text=text)) for text in packed(lines, SECTION_CHARS)]


def plain_home(message: str) -> View:
    """Return a Home tab that only explains something (not set up, not enrolled)."""
    return View(
        type="home",
        blocks=[
            HeaderBlock(text="Ramp Coach"),
            DividerBlock(),
            SectionBlock(text=MarkdownTextObject(text=message)),
        ],
    )
