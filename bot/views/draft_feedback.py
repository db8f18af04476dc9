"""The answer to the "Get messaging feedback" shortcut: what the draft does, and what the team's numbers say.

One voice with the weekly nudges: plain sentences, the buyer's issue first, the team's numbers as proof.
"""

from slack_sdk.models.blocks import Block, ContextBlock, MarkdownTextObject, SectionBlock

from bot.views.coaching_words import REPLY_WORDS, lead_rank, percent
from bot.views.text import escape
from coaching.draft_score import DraftScore, TagComparison
from coaching.templates import BRIEF_WORDS

# What to do when the team's numbers favour the opposite of a tag the draft has (keyed by that opposite).
CHANGE = {
    "issue-led": "Open with their issue, not your product.",
    "product-led": "Lead with what the product does for them.",
    "brief": f"Cut it to {BRIEF_WORDS} words or fewer.",
    "long": "Give them more detail.",
    "personalized": "Mention something about their company or role: a hire, a funding round, a launch.",
    "generic": "Leave out the personal references.",
    "asks-question": "Ask them a question.",
    "no-question": "Leave out the questions.",
}
# What the draft already does well, when the team's numbers favour a tag it has.
KEEP = {
    "issue-led": "It opens with their issue.",
    "product-led": "It leads with the product.",
    "brief": "It is brief.",
    "long": "It gives detail.",
    "personalized": "It mentions something about them.",
    "generic": "It keeps to the standard text.",
    "asks-question": "It asks them a question.",
    "no-question": "It asks no questions.",
}
DETAIL_WORDS = {
    "company": "their company by name",
    "trigger": "something happening to them (a hire, funding, a launch, a new role)",
    "mention": "something they did",
    "merge-field": "a personal field",
}
ONLY_YOU = "Only you can see this."


def draft_feedback_blocks(score: DraftScore) -> tuple[str, list[Block]]:
    """Return the private answer: what the draft does, then one line per approach with the team's numbers."""
    # Equally clear advice (tags that always go together in the team's messages) leads with the issue.
    advice = sorted(score.advice, key=lambda c: (round(c.probability or 1.0, 3), lead_rank(c.opposite)))
    first = CHANGE[advice[0].opposite] if advice else "Nothing to change that the team's numbers are sure of."
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=_head(score, first)))]
    blocks += [SectionBlock(text=MarkdownTextObject(text=_line(c, score))) for c in _ordered(score)]
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=ONLY_YOU)]))
    return f"Messaging feedback: {first}", blocks


def _head(score: DraftScore, first: str) -> str:
    d = score.derived
    tags = ", ".join(sorted(d.tags)) or "none"
    details = [DETAIL_WORDS[k] for k in ("company", "trigger", "mention", "merge-field") if k in d.details]
    personal = f"It mentions {' and '.join(details)}." if details else "It has no personal detail about them."
    questions = (
        "no question" if not d.questions else f"{d.questions} question{'s' if d.questions > 1 else ''}"
    )
    return (
        f"*Messaging feedback:* {escape(first)}\n"
        f"{d.words} words, {questions}. {personal}\n_Approaches: {escape(tags)}_"
    )


def _ordered(score: DraftScore) -> list[TagComparison]:
    rank = {"switch": 0, "keep": 1, "unclear": 2, "short": 3}
    return sorted(score.comparisons, key=lambda c: (rank[c.verdict], c.tag))


def _line(c: TagComparison, score: DraftScore) -> str:
    got = REPLY_WORDS[score.floor]
    if c.verdict == "short":
        return (
            f"Not enough team data yet to compare {c.tag} and {c.opposite} messages "
            f"({c.tag_n} and {c.opposite_n} touches; {c.min_touches} each needed)."
        )
    numbers = (
        f"Across the team, {c.opposite} messages got {got} {percent(c.opposite_rate or 0)} of the time "
        f"({c.opposite_n} sent); {c.tag} ones {percent(c.tag_rate or 0)} ({c.tag_n} sent)."
    )
    if c.verdict == "switch":
        return f"*{escape(CHANGE[c.opposite])}* {numbers}"
    if c.verdict == "keep":
        return f"*{escape(KEEP[c.tag])}* Keep that. {numbers}"
    return f"{c.tag.capitalize()} or {c.opposite}: no clear difference on the team yet. {numbers}"
