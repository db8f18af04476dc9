"""Scoring a draft: its approach tags, and how the team's messages with each tag fare against the opposite."""

from collections.abc import Iterable
from dataclasses import dataclass, replace

from coaching.response_stats import Beta, ResponseRate, prob_beats
from coaching.templates import BRIEF_WORDS, OPPOSITES, DerivedTags, derive_tags
from coaching.touches import REPLY_OR_BETTER, Outcome, Stage

_CHANGE = {
    "issue-led": "open with the buyer's issue instead of the product",
    "product-led": "lead with the product",
    "brief": f"cut it to {BRIEF_WORDS} words or fewer",
    "long": "give more detail",
    "personalized": "add a detail about the buyer or their company",
    "generic": "leave out the personal references",
    "asks-question": "ask the buyer a question",
    "no-question": "leave out the questions",
}
_RESPONSE_WORDS = {
    Outcome.REPLY: "a reply",
    Outcome.POSITIVE_REPLY: "a positive reply",
    Outcome.MEETING_BOOKED: "a meeting",
}


@dataclass(frozen=True)
class TagComparison:
    tag: str  # a tag the draft has
    opposite: str
    tag_rate: float | None  # the team's observed rate for messages with the tag (None: no touches)
    tag_n: int
    opposite_rate: float | None
    opposite_n: int
    probability: float | None  # P(tag's true rate > opposite's), flat priors; None when data is short
    suggestion: str


@dataclass(frozen=True)
class DraftScore:
    derived: DerivedTags
    comparisons: list[TagComparison]


def score_draft(
    body: str,
    team_rates: Iterable[ResponseRate],
    *,
    stage: Stage | None = None,
    min_touches: int = 30,
    min_probability: float = 0.95,
    floor: Outcome = REPLY_OR_BETTER,
) -> DraftScore:
    """Return the draft's tags and, per tag, the team's rate for it against its opposite with a suggestion.

    `team_rates` are team-level approach rates (`response_rates(..., by_approach(r), per_rep=False)`,
    with `by_stage=True` when `stage` is given). `floor` names what those rates count as a response.
    """
    derived = derive_tags(body)
    rates = {r.arm: r for r in team_rates if r.rep is None and r.stage == stage}
    comparisons = [
        _compare(tag, OPPOSITES[tag], rates, min_touches, min_probability, _RESPONSE_WORDS[floor])
        for tag in sorted(derived.tags)
        if tag in OPPOSITES
    ]
    return DraftScore(derived, comparisons)


def _compare(
    tag: str,
    opposite: str,
    rates: dict[str, ResponseRate],
    min_touches: int,
    min_probability: float,
    got: str,
) -> TagComparison:
    mine, theirs = rates.get(tag), rates.get(opposite)
    mine_n, theirs_n = (mine.touches if mine else 0), (theirs.touches if theirs else 0)
    result = TagComparison(
        tag,
        opposite,
        mine.rate if mine else None,
        mine_n,
        theirs.rate if theirs else None,
        theirs_n,
        None,
        "",
    )
    if mine is None or theirs is None or min(mine_n, theirs_n) < min_touches:
        short = f"Not enough team data yet to compare {tag} and {opposite} messages"
        return _with(result, None, f"{short} ({mine_n} and {theirs_n} touches; {min_touches} each needed).")
    probability = prob_beats(_flat(mine), _flat(theirs))
    quote = (
        f"team {tag} messages got {got} {_percent(mine.rate)} of the time (n={mine_n}), "
        f"{opposite} ones {_percent(theirs.rate)} (n={theirs_n})"
    )
    if 1 - probability >= min_probability and theirs.rate > mine.rate:
        return _with(
            result, probability, f"Consider making it {opposite}: {quote}. Try to {_CHANGE[opposite]}."
        )
    if probability >= min_probability and mine.rate > theirs.rate:
        return _with(result, probability, f"Keep it {tag}: {quote}.")
    return _with(result, probability, f"No clear difference yet: {quote}.")


def _with(comparison: TagComparison, probability: float | None, suggestion: str) -> TagComparison:
    return replace(comparison, probability=probability, suggestion=suggestion)


def _flat(rate: ResponseRate) -> Beta:
    # The team has plenty of touches, so a flat prior is enough and adds no outside opinion.
    return Beta(rate.responses + 1, rate.touches - rate.responses + 1)


def _percent(rate: float) -> str:
    return f"{round(rate * 100)}%"
