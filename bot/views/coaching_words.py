"""Words for messaging coaching shared by the weekly nudge, the Home tab and the draft feedback."""

import datetime as dt

from coaching.touches import Outcome, Stage

REPLY_WORDS = {
    Outcome.REPLY: "a reply",
    Outcome.POSITIVE_REPLY: "a positive reply",
    Outcome.MEETING_BOOKED: "a meeting",
}
COUNT_WORDS = {
    Outcome.REPLY: ("reply", "replies"),
    Outcome.POSITIVE_REPLY: ("positive reply", "positive replies"),
    Outcome.MEETING_BOOKED: ("meeting", "meetings"),
}
STAGE_WORDS = {Stage.OPENER: ("opener", "openers"), Stage.FOLLOW_UP: ("follow-up", "follow-ups")}
# How an approach reads inside a sentence: "brief and issue-led with a question".
ADJECTIVES = {
    "issue-led": "issue-led",
    "product-led": "product-led",
    "brief": "brief",
    "long": "long",
    "personalized": "personal",
    "generic": "generic",
}
PHRASES = {"asks-question": "with a question", "no-question": "without a question"}
# The concrete thing to do, as the end of "Next step: ..." or of an experiment's "try to ...".
DO = {
    "issue-led": "open with the buyer's issue, not your product",
    "product-led": "lead with what the product does for them",
    "brief": "keep it under 90 words",
    "long": "give more detail",
    "personalized": "mention something about their company or role",
    "generic": "send the standard text",
    "asks-question": "ask a question in the first lines",
    "no-question": "leave out questions",
}

# The approach named first when several say the same thing: the buyer's issue before anything else.
LEAD_ORDER = (
    "issue-led",
    "personalized",
    "asks-question",
    "brief",
    "product-led",
    "long",
    "generic",
    "no-question",
)


def lead_rank(tag: str) -> int:
    return LEAD_ORDER.index(tag) if tag in LEAD_ORDER else len(LEAD_ORDER)


def percent(rate: float) -> str:
    return f"{round(rate * 100)}%"


def counted(n: int, outcome: Outcome) -> str:
    """Return "1 reply" or "3 replies" (or meetings, as the team counts responses)."""
    one, many = COUNT_WORDS[outcome]
    return f"{n:,} {one if n == 1 else many}"


def stage_noun(stage: Stage, n: int = 2) -> str:
    one, many = STAGE_WORDS[stage]
    return one if n == 1 else many


def approach_words(tags: tuple[str, ...] | list[str]) -> str:
    """Return the approaches as one phrase: "brief and issue-led with a question"."""
    words = [ADJECTIVES[t] for t in sorted(tags) if t in ADJECTIVES]
    phrases = [PHRASES[t] for t in sorted(tags) if t in PHRASES]
    others = [t for t in sorted(tags) if t not in ADJECTIVES and t not in PHRASES]
    head = " and ".join([*words, *others])
    return " ".join(part for part in (head, *phrases) if part)


def day_words(day: dt.date) -> str:
    """Return a date as people say it in a sentence: Nov 9."""
    return f"{day:%b} {day.day}"


def share_words(share: float) -> str:
    """Return a share of touches in words: "a quarter", "half", "30%"."""
    named = {0.25: "a quarter", 0.5: "half", 0.75: "three quarters", 1.0: "all"}
    return named.get(round(share, 2), percent(share))
