"""A leader's Home tab in Block Kit: org counts, filters, the reps needing attention, managers in summary.

Two pages of 25 rows at most, so the tab stays under Slack's 100 blocks for any org size.
"""

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
    Option,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.services.home import TeamLine
from bot.services.leader_home import PAGE, HomeState, LeaderHome, ManagerSummary
from bot.views import ids
from bot.views.early_call import COACHING_AID
from bot.views.manager_home import row_text
from bot.views.text import escape, packed

MAX_OPTIONS = 100  # Slack's limit per static select
OPTION_CHARS = 75  # Slack's limit for an option's text
MODAL_BLOCKS = 100


def _md(text: str) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=text))


def _label(text: str) -> str:
    return text if len(text) <= OPTION_CHARS else text[: OPTION_CHARS - 1] + "…"


def class_label(month: str) -> str:
    """Return a hire class as people say it: `Sep 2026 starters`."""
    return f"{dt.date.fromisoformat(month + '-01'):%b %Y} starters"


def leader_blocks(home: LeaderHome) -> list[Block]:
    """Return the leader's Home: counts, filters, reps needing attention, then managers."""
    counts = " · ".join(f"*{n}* {label}" for label, n in home.counts.items())
    blocks: list[Block] = [HeaderBlock(text="Your org"), _md(counts)]
    filters = _filters(home)
    if filters:
        blocks.append(ActionsBlock(block_id="leader_filters", elements=filters))
    blocks += [DividerBlock(), _md(f"*Needs attention* ({home.attention_total})")]
    if not home.attention:
        blocks.append(_md("Nobody is behind or at risk. :tada:"))
    blocks += [_attention_row(line, home.today) for line in home.attention]
    if any(line.call for line in home.attention):  # the chance shows here first on this surface
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=COACHING_AID)]))
    blocks += _pager(home.state, "page", home.attention_total, ids.LEADER_PAGE)
    blocks += [DividerBlock(), _md(f"*Managers* ({home.managers_total})")]
    blocks += [_manager_row(m) for m in home.managers]
    blocks += _pager(home.state, "manager_page", home.managers_total, ids.LEADER_MANAGER_PAGE)
    return blocks


def _attention_row(line: TeamLine, today: dt.date) -> Block:
    text = row_text(line, today) + f"\nManager: {escape(line.manager)}"
    button = ButtonElement(text="Open", action_id=ids.OPEN_REP_PAGE, value=line.rep.slack_id)
    return SectionBlock(text=MarkdownTextObject(text=text), accessory=button)


def _manager_row(summary: ManagerSummary) -> Block:
    share = summary.on_track / summary.reps if summary.reps else 0.0
    late = f" · *{summary.reviews_overdue} reviews overdue*" if summary.reviews_overdue else ""
    text = f"*{escape(summary.name)}* · {summary.reps} reps · {share:.0%} on track{late}"
    button = ButtonElement(text="Team", action_id=ids.OPEN_MANAGER_TEAM, value=summary.manager_id)
    return SectionBlock(text=MarkdownTextObject(text=text), accessory=button)


def _pager(state: HomeState, field: str, total: int, action_id: str) -> list[Block]:
    page: int = getattr(state, field)
    pages = max(1, -(-total // PAGE))
    if pages == 1:
        return []
    buttons = []
    if page > 0:
        back = state.paged(field, page - 1).to_json()
        buttons.append(ButtonElement(text="Previous", action_id=action_id, value=back))
    if page < pages - 1:
        ahead = state.paged(field, page + 1).to_json()
        buttons.append(ButtonElement(text="Next", action_id=action_id, value=ahead))
    where = ContextBlock(elements=[MarkdownTextObject(text=f"Page {page + 1} of {pages}")])
    return [where, ActionsBlock(block_id=f"pages:{field}", elements=buttons)]


def _filters(home: LeaderHome) -> list[StaticSelectElement]:
    o, state = home.options, home.state
    choices = {
        "plan": [(p, p) for p in o.plans],
        "manager": list(o.managers),
        "hire_class": [(c, class_label(c)) for c in o.hire_classes],
        "segment": [(s, s) for s in o.segments],
    }
    names = {"plan": "Plan", "manager": "Manager", "hire_class": "Hire class", "segment": "Segment"}
    return [
        _select(state, field, names[field], values) for field, values in choices.items() if len(values) > 1
    ]


def _select(state: HomeState, field: str, name: str, values: list[tuple[str, str]]) -> StaticSelectElement:
    """Return one filter; each option carries the whole state it leads to, back on the first page."""

    def leads_to(value: str | None) -> str:
        return dataclasses.replace(state, **{field: value}, page=0, manager_page=0).to_json()

    options = [Option(value=leads_to(None), text=f"All ({name.lower()})")]
    options += [Option(value=leads_to(v), text=_label(label)) for v, label in values[: MAX_OPTIONS - 1]]
    current = getattr(state, field)
    initial = next((opt for opt, (v, _) in zip(options[1:], values, strict=False) if v == current), None)
    return StaticSelectElement(
        action_id=f"{ids.LEADER_FILTER_PREFIX}{field}",
        placeholder=name,
        options=options,
        initial_option=initial,
    )


def leader_home_view(home: LeaderHome) -> View:
    return View(type="home", blocks=leader_blocks(home))


def manager_team_modal(name: str, lines: list[TeamLine], today: dt.date) -> View:
    """Return a manager's team for a leader: one line per rep, riskiest first, packed into sections."""
    texts = packed([row_text(line, today).replace("\n", " · ") for line in lines]) or ["No reps to show."]
    blocks: list[Block] = [_md(t) for t in texts[: MODAL_BLOCKS - 2]]
    if any(line.call for line in lines):  # the chance shows here first on this surface
        blocks.insert(0, ContextBlock(elements=[MarkdownTextObject(text=COACHING_AID)]))
    if len(texts) >= MODAL_BLOCKS - 1:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text="…more reps than one screen shows.")]))
    title = f"{name}'s team"
    return View(
        type="modal", title=title if len(title) <= 24 else title[:23] + "…", close="Close", blocks=blocks
    )
