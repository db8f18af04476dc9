"""Scoring a draft: its approach tags, and how the team's messages with each tag fare against the opposite."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from coaching.response_stats import Beta, ResponseRate, prob_beats
from coaching.templates import OPPOSITES, DerivedTags, derive_tags
from coaching.touches import REPLY_OR_BETTER, Outcome, Stage

# What the team's numbers say about a tag the draft has: too few touches to tell, keep the tag (it wins),
# switch to its opposite (that wins), or no clear difference.
Verdict = Literal["short", "keep", "switch", "unclear"]


@dataclass(frozen=True)
class TagComparison:
    tag: str  # a tag the draft has
    opposite: str
    tag_rate: float | None  # the team's observed rate for messages with the tag (None: no touches)
    tag_n: int
    opposite_rate: float | None
    opposite_n: int
    probability: float | None  # P(tag's true rate > opposite's), flat priors; None when data is short
    verdict: Verdict
    min_touches: int  # what "enough team data" meant


@dataclass(frozen=True)
class DraftScore:
    derived: DerivedTags
    comparisons: list[TagComparison]
    floor: Outcome = REPLY_OR_BETTER  # what the rates count as a response

    @property
    def advice(self) -> list[TagComparison]:
        """Return the comparisons that say to change something, clearest first."""
        switch = [c for c in self.comparisons if c.verdict == "switch"]
        return sorted(switch, key=lambda c: c.probability or 1.0)


def score_draft(
    body: str,
    team_rates: Iterable[ResponseRate],
    *,
    stage: Stage | None = None,
    min_touches: int = 30,
    min_probability: float = 0.95,
    floor: Outcome = REPLY_OR_BETTER,
) -> DraftScore:
    """Return the draft's tags and, per tag, the team's rate for it against its opposite with a verdict.

    `team_rates` are team-level approach rates (`response_rates(..., by_approach(r), per_rep=False)`,
    with `by_stage=True` when `stage` is given). `floor` names what those rates count as a response.
    """
    derived = derive_tags(body)
    rates = {r.arm: r for r in team_rates if r.rep is None and r.stage == stage}
    comparisons = [
        _compare(tag, OPPOSITES[tag], rates, min_touches, min_probability)
        for tag in sorted(derived.tags)
        if tag in OPPOSITES
    ]
    return DraftScore(derived, comparisons, floor)


def _compare(
    tag: str, opposite: str, rates: dict[str, ResponseRate], min_touches: int, min_probability: float
) -> TagComparison:
    mine, theirs = rates.get(tag), rates.get(opposite)
    mine_n, theirs_n = (mine.touches if mine else 0), (theirs.touches if theirs else 0)
    mine_rate, theirs_rate = (mine.rate if mine else None), (theirs.rate if theirs else None)
    if mine is None or theirs is None or min(mine_n, theirs_n) < min_touches:
        return TagComparison(
            tag, opposite, mine_rate, mine_n, theirs_rate, theirs_n, None, "short", min_touches
        )
    probability = prob_beats(_flat(mine), _flat(theirs))
    verdict: Verdict = "unclear"
    if 1 - probability >= min_probability and theirs.rate > mine.rate:
        verdict = "switch"
    elif probability >= min_probability and mine.rate > theirs.rate:
        verdict = "keep"
    return TagComparison(
        tag, opposite, mine.rate, mine_n, theirs.rate, theirs_n, probability, verdict, min_touches
    )


def _flat(rate: ResponseRate) -> Beta:
    # The team has plenty of touches, so a flat prior is enough and adds no outside opinion.
    return Beta(rate.responses + 1, rate.touches - rate.responses + 1)
