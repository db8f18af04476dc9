"""The weekly nudge DM: at most two insights, each with the team's numbers and where its confidence comes
from, the lift since a switch, this week's experiment and last week's result; and what a click did.

One voice throughout: plain sentences to the rep, their buyers' numbers first, one next step each.
"""

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

from bot.services.nudges import DM_INSIGHTS, SKIPPED, NudgeTarget, StoredExperiment, SwitchLift, WeeklyNudge
from bot.views import ids
from bot.views.coaching_words import (
    COUNT_WORDS,
    DO,
    approach_words,
    counted,
    day_words,
    lead_rank,
    percent,
    share_words,
    stage_noun,
)
from bot.views.text import escape
from coaching.nudges import Encouragement, Insight, InsightRef
from coaching.templates import OPPOSITES
from coaching.touches import REPLY_OR_BETTER, Outcome, Stage

REACTION_OF_ACTION = {ids.NUDGE_UP: "up", ids.NUDGE_DOWN: "down", ids.NUDGE_SNOOZE: "snooze"}
RECORDED = {
    "up": "👍 Marked helpful. Thanks!",
    "down": "👎 Marked not helpful. Thanks, that tunes what you get.",
    "snooze": "😴 Snoozed: you will not see this one for the next 2 weeks.",
}
NOT_YOURS = "Only the rep this nudge was written for can react to it."
SKIPPED_TEXT = "Skipped: no experiment this week. You will get a new one next week."
NO_EXPERIMENT = "That experiment is no longer there to skip."
# The approach a next step names first, when one insight rests on several.
_LEAD = (
    "issue-led",
    "personalized",
    "asks-question",
    "brief",
    "product-led",
    "long",
    "generic",
    "no-question",
)


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


def experiment_target(rep_id: str, week: str) -> str:
    return json.dumps({"r": rep_id, "w": week})


def read_experiment_target(value: str | None) -> tuple[str, str] | None:
    """Return (rep, week) that a "Not this week" button names, or None when it is not one of ours."""
    try:
        data = json.loads(value or "")
        return str(data["r"]), str(data["w"])
    except (ValueError, KeyError, TypeError):
        return None


def insight_text(insight: Insight, floor: Outcome = REPLY_OR_BETTER) -> str:
    """Return the finding: what the rep's better side got, against the worse side, in their own numbers."""
    stages = stage_noun(insight.stage)
    got = f"got {_got(floor)} {percent(insight.better_rate)} of the time"
    mine = f"({insight.better_responses} of {insight.better_n})"
    theirs = f"{percent(insight.worse_rate)} ({insight.worse_responses} of {insight.worse_n})"
    if insight.kind == "template":
        how = f", {approach_words(insight.approaches)}," if insight.approaches else ""
        better, worse = escape(insight.better), escape(insight.worse)
        return f"Your *{better}* {stages}{how} {got} {mine}; *{worse}* got {theirs}."
    tags = insight.approaches or (insight.better,)
    opposite = tuple(OPPOSITES.get(t, t) for t in tags)
    worse_side = f"your {approach_words(opposite)} ones got {theirs}"
    return f"Your {approach_words(tags)} {stages} {got} {mine}; {worse_side}."


def evidence_text(insight: Insight) -> str:
    """Return the team's rates for the same comparison and, plainly, whose numbers make it sure."""
    better, worse = insight.team_better, insight.team_worse
    total = f"{better.touches + worse.touches:,} {stage_noun(insight.stage)}"
    team = f"{percent(better.rate or 0)} vs {percent(worse.rate or 0)} over {total}"
    if insight.evidence == "own":
        return f"Your own numbers are enough to show this. Across the team: {team}."
    return f"Your numbers are few; across the team the same difference is clear: {team}."


def next_step(insight: Insight) -> str:
    """Return the one concrete thing to do next week."""
    stages = stage_noun(insight.stage)
    if insight.kind == "template":
        better, worse = escape(insight.better), escape(insight.worse)
        return f"Next step: use *{better}* for your {stages} instead of *{worse}*."
    tags = insight.approaches or (insight.better,)
    lead = min(tags, key=lead_rank)
    return f"Next step: in every one of your {stages}, {DO.get(lead, f'make it {lead}')}."


def effort_text(insight: Insight, floor: Outcome = REPLY_OR_BETTER) -> str | None:
    """Return responses per hour of work on each side, when touches carry a time cost."""
    better, worse = insight.better_per_hour, insight.worse_per_hour
    if better is None or worse is None:
        return None
    noun = counted(2, floor).split(" ", 1)[1]
    return f"Per hour of work: {better:.1f} {noun} against {worse:.1f}."


def encouragement_text(found: Encouragement) -> str:
    return (
        f"You sent {found.touches:,} touch{'' if found.touches == 1 else 'es'} and got "
        f"{counted(found.responses, found.floor)}. No approach stands out yet: once each has enough "
        "touches, I can tell you which works best for you."
    )


def experiment_text(experiment: StoredExperiment) -> str:
    stages = stage_noun(experiment.stage)
    what = DO.get(experiment.arm, f"make it {experiment.arm}")
    return (
        f"*This week's experiment:* in {share_words(experiment.share)} of your {stages}, {what}. "
        "Write the rest as you do now. I will tell you next week how it went."
    )


def last_result_text(last: StoredExperiment, floor: Outcome = REPLY_OR_BETTER) -> str | None:
    """Return how last week's experiment went, or None while it is not measured."""
    what = DO.get(last.arm, last.arm)
    if last.status == SKIPPED:
        return f"Last week you skipped the experiment ({what})."
    if last.result is None:
        return None
    tried, others = last.result.tried, last.result.others
    stages = stage_noun(last.stage)
    if not tried.touches:
        return f"Last week's experiment ({what}): none of your {stages} tried it, so nothing to compare."
    rest = (
        f"{percent(others.rate)} ({others.responses} of {others.touches})"
        if others.rate is not None
        else "none"
    )
    return (
        f"*Last week's experiment* ({what}): {counted(tried.responses, floor)} from {tried.touches} "
        f"{stage_noun(last.stage, tried.touches)} ({percent(tried.rate or 0)}); "
        f"the rest of your {stages}: {rest}."
    )


def switch_text(switch: SwitchLift, floor: Outcome = REPLY_OR_BETTER, *, who: str = "you") -> str:
    """Return the lift since the rep switched toward a better arm: rates before and after, and the gain."""
    m = switch.measured
    ref = switch.ref
    arm = f"*{escape(ref.better)}*" if ref.kind == "template" else approach_words([ref.better])
    before, after = percent(m.before.rate or 0), percent(m.after.rate or 0)
    extra = round(m.extra_responses or 0)
    gain = f"about {extra:,} more {COUNT_WORDS[floor][extra != 1]}" if extra > 0 else "no gain yet"
    since = "Since you switched" if who == "you" else f"Since {who} switched"
    when = f"{stage_noun(ref.stage)} on {day_words(m.week)}"
    return f"{since} to {arm} {when}: {before} → {after} {_noun(floor)}, {gain}."


def nudge_blocks(nudge: WeeklyNudge, *, resent: bool = False) -> tuple[str, list[Block]]:
    """Return the weekly DM: the switch, up to two insights with buttons, the experiment, last week's."""
    mark = "_(resent)_ " if resent else ""
    blocks: list[Block] = [
        SectionBlock(text=MarkdownTextObject(text=f"{mark}*Your messaging this week* ({nudge.week})"))
    ]
    if nudge.switch:
        blocks.append(SectionBlock(text=MarkdownTextObject(text="📈 " + switch_text(nudge.switch))))
    for i, insight in enumerate(nudge.insights[:DM_INSIGHTS]):
        blocks += _insight_blocks(nudge, i, insight)
    if not nudge.insights and nudge.encouragement:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=encouragement_text(nudge.encouragement))))
    blocks += _experiment_blocks(nudge)
    return f"Your messaging this week: {_summary(nudge)}"[:300], blocks


def _insight_blocks(nudge: WeeklyNudge, i: int, insight: Insight) -> list[Block]:
    value = nudge_target(NudgeTarget(nudge.rep_id, nudge.week, insight.ref))
    notes = [evidence_text(insight), *filter(None, [effort_text(insight)])]
    buttons = [
        ButtonElement(text="👍", action_id=ids.NUDGE_UP, value=value),
        ButtonElement(text="👎", action_id=ids.NUDGE_DOWN, value=value),
        ButtonElement(text="Snooze 2 weeks", action_id=ids.NUDGE_SNOOZE, value=value),
    ]
    return [
        SectionBlock(text=MarkdownTextObject(text=f"{insight_text(insight)}\n{next_step(insight)}")),
        ContextBlock(elements=[MarkdownTextObject(text=" ".join(notes))]),
        ActionsBlock(block_id=f"{ids.NUDGE_BLOCK_PREFIX}{i}", elements=buttons),
    ]


def _experiment_blocks(nudge: WeeklyNudge) -> list[Block]:
    blocks: list[Block] = []
    if nudge.experiment and nudge.experiment.status != SKIPPED:
        skip = ButtonElement(
            text="Not this week",
            action_id=ids.EXPERIMENT_SKIP,
            value=experiment_target(nudge.rep_id, nudge.week),
        )
        text = MarkdownTextObject(text=experiment_text(nudge.experiment))
        blocks.append(SectionBlock(block_id=ids.EXPERIMENT_BLOCK, text=text, accessory=skip))
    last = last_result_text(nudge.last_experiment) if nudge.last_experiment else None
    if last:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=last)]))
    return blocks


def _summary(nudge: WeeklyNudge) -> str:
    if nudge.insights:
        return insight_text(nudge.insights[0]).replace("*", "")
    if nudge.encouragement:
        return encouragement_text(nudge.encouragement)
    return experiment_text(nudge.experiment).replace("*", "") if nudge.experiment else "no news"


def _got(floor: Outcome) -> str:
    return {Outcome.REPLY: "a reply", Outcome.POSITIVE_REPLY: "a positive reply"}.get(floor, "a meeting")


def _noun(floor: Outcome) -> str:
    return counted(2, floor).split(" ", 1)[1]


def after_reaction(message: dict[str, Any], block_id: str, reaction: str) -> tuple[str, list[dict[str, Any]]]:
    """Return the clicked message with that insight's buttons replaced by what was recorded."""
    note = {
        "type": "context",
        "block_id": block_id,
        "elements": [{"type": "mrkdwn", "text": RECORDED[reaction]}],
    }
    blocks = [note if block.get("block_id") == block_id else block for block in message.get("blocks", [])]
    return str(message.get("text") or "Your messaging this week"), blocks


def after_skip(message: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    """Return the message with the experiment replaced by a note that it was skipped."""
    note = {
        "type": "context",
        "block_id": ids.EXPERIMENT_BLOCK,
        "elements": [{"type": "mrkdwn", "text": SKIPPED_TEXT}],
    }
    blocks = [note if b.get("block_id") == ids.EXPERIMENT_BLOCK else b for b in message.get("blocks", [])]
    return str(message.get("text") or "Your messaging this week"), blocks
