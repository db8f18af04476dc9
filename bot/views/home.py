"""The App Home tab: a rep's own ramp, a manager's cockpit, a leader's org (see manager_home, leader_home)."""

import dataclasses
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
from slack_sdk.models.views import View

from bot.services.home import Home, TeamLine
from bot.services.leader_home import HomeState, leader_home
from bot.views import ids
from bot.views.activity import ramp_so_far, week_blocks
from bot.views.decisions import confirm_blocks, ends_line, goal_lines
from bot.views.early_call import COACHING_AID
from bot.views.figures import earlier_plan_text
from bot.views.leader_home import leader_home_view
from bot.views.manager_home import manager_blocks
from bot.views.nudge_messages import switch_text
from bot.views.review_messages import next_review_phrase
from bot.views.review_modal import action_line
from bot.views.roster import on_leave_text
from bot.views.text import escape, packed
from coaching.activity import WeekSummary
from coaching.status import MilestoneState, RampStatus
from coaching.team import Role

MAX_BLOCKS = 100  # Slack's limit for a Home tab view
MAX_ACTIONS = 15  # open action items listed on a Home tab
MAX_CONFIRM = 6  # milestones listed to confirm (two blocks each); the review modal lists every one
MAX_PLAN_BLOCKS = 3  # sections of performance plans
LATE = {True: ", confirmed late", False: ""}
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
        blocks = (
            _rep_blocks(
                home.week, home.ramp, [earlier_plan_text(e.period, e.plan, e.status) for e in home.earlier]
            )
            + _rep_decision_blocks(home)
            + _nudge_blocks(home)
            + _review_blocks(home, names={})
        )
        if home.leave_until is not None:
            blocks.insert(
                1, ContextBlock(elements=[MarkdownTextObject(text=on_leave_text(home.leave_until))])
            )
        return View(type="home", blocks=blocks[:MAX_BLOCKS])
    if home.viewer.role is Role.MANAGER:
        names = {line.rep.slack_id: line.rep.name for line in home.team}
        extra = [*_aid_blocks(home.team), *_switch_blocks(home, names)]
        top = manager_blocks(home)[: MAX_BLOCKS - 5 - len(extra)]
        items = _review_blocks(dataclasses.replace(home, next_review=None), names)
        return View(type="home", blocks=[*top, *extra, *items][:MAX_BLOCKS])
    return leader_home_view(leader_home(home, HomeState()))


def _switch_blocks(home: Home, names: dict[str, str]) -> list[Block]:
    """Return, for a manager, each rep who switched toward a better approach after a nudge, with the lift."""
    if not home.switches:
        return []
    lines = [
        f"• *{escape(names.get(s.rep_id, s.rep_id))}*: {switch_text(s, who='they')}" for s in home.switches
    ]
    text = packed(["*Messaging: lift since the switch*", *lines], SECTION_CHARS)
    return [DividerBlock(), *[SectionBlock(text=MarkdownTextObject(text=t)) for t in text[:3]]]


def _aid_blocks(lines: tuple[TeamLine, ...]) -> list[Block]:
    """Return the coaching-aid line (where the chance first shows), the milestones to confirm, and the
    performance plans in force."""
    blocks: list[Block] = []
    if any(line.call for line in lines):
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=COACHING_AID)]))
    due = [(line, m) for line in lines for m in line.to_confirm][:MAX_CONFIRM]
    if due:
        blocks += [DividerBlock(), SectionBlock(text=MarkdownTextObject(text="*Milestones to confirm*"))]
        for line, m in due:
            blocks += confirm_blocks(line.rep.slack_id, f"*{escape(line.rep.name)}* · ", [m])
    goals = [
        "\n".join([f"*{escape(line.rep.name)}* · " + texts[0], *texts[1:]])
        for line in lines
        if line.plan_goals
        for texts in [goal_lines(line.plan_goals)]
    ]
    if goals:
        blocks += [DividerBlock(), *_sections(goals)[:MAX_PLAN_BLOCKS]]
    return blocks


def _rep_decision_blocks(home: Home) -> list[Block]:
    """Return a rep's new end date after an extension, and their performance plan's goals."""
    lines = [ends_line(home.ramp_ends)] if home.ramp_ends else []
    if home.plan_goals:
        lines += goal_lines(home.plan_goals)
    return [DividerBlock(), *_sections(lines)] if lines else []


def _rep_blocks(week: WeekSummary, ramp: RampStatus, earlier: list[str]) -> list[Block]:
    milestones = [
        f"{MILESTONE_MARK[m.state]} Day {m.day}: {escape(m.label)} ({m.state.value}{LATE[m.late]})"
        for m in ramp.milestones
    ]
    log_button = ButtonElement(text="Log this week", action_id=ids.OPEN_LOG_MODAL, style="primary")
    past_button = ButtonElement(text="Past weeks", action_id=ids.OPEN_PAST_WEEKS)
    blocks: list[Block] = [
        HeaderBlock(text="Your ramp"),
        *week_blocks(week),
        ramp_so_far(ramp),
        *[ContextBlock(elements=[MarkdownTextObject(text=t)]) for t in packed(earlier)[:2]],
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
