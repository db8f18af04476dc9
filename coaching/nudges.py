"""Weekly messaging nudges: each rep's own better and worse approaches, only where the evidence is strong.

Arms are compared within a stage (openers with openers, follow-ups with follow-ups): openers and
follow-ups answer at different rates, so comparing across stages would credit the stage, not the message.
Each arm's rate is pulled toward the rest of the team's rate for that arm, so a small sample cannot make
a confident claim, and the rep's own data decides once there is enough of it.
"""

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from itertools import combinations
from typing import Literal

from coaching.response_stats import (
    BetaPrior,
    GroupKey,
    Tally,
    by_template,
    fit_prior,
    prior_at,
    prob_beats,
    tallies,
)
from coaching.templates import OPPOSITES
from coaching.touches import REPLY_OR_BETTER, Outcome, Stage, Touch

Kind = Literal["approach", "template"]

_RESPONSE_WORDS = {
    Outcome.REPLY: "a reply",
    Outcome.POSITIVE_REPLY: "a positive reply",
    Outcome.MEETING_BOOKED: "a meeting",
}
_COUNT_WORDS = {
    Outcome.REPLY: ("reply", "replies"),
    Outcome.POSITIVE_REPLY: ("positive reply", "positive replies"),
    Outcome.MEETING_BOOKED: ("meeting", "meetings"),
}
_STAGE_WORDS = {Stage.OPENER: "openers", Stage.FOLLOW_UP: "follow-ups"}
_ADVICE = {
    "issue-led": "open with the buyer's issue",
    "product-led": "lead with the product",
    "brief": "keep them brief",
    "long": "give more detail",
    "personalized": "add a personal detail",
    "generic": "keep to the standard text",
    "asks-question": "ask the buyer a question",
    "no-question": "leave out the questions",
}


@dataclass(frozen=True)
class NudgeRules:
    max_per_rep: int = 3
    min_touches: int = 30  # per arm
    min_probability: float = 0.95
    prior_strength: float | None = None  # None: fitted to the reps' spread (empirical Bayes)
    # Shrinking toward the team only counts as evidence when the team's own difference is clear; else the
    # rep's data alone must clear `min_probability`. This keeps a team's chance difference from nudging
    # every rep at once.
    min_team_probability: float = 0.99
    floor: Outcome = REPLY_OR_BETTER

    def __post_init__(self) -> None:
        if self.floor is Outcome.NONE:
            raise ValueError("a response must be at least a reply")
        if not (0.5 < self.min_probability < 1 and self.min_touches >= 1 and self.max_per_rep >= 1):
            raise ValueError("need 0.5 < min_probability < 1, min_touches >= 1 and max_per_rep >= 1")
        if not 0.5 < self.min_team_probability < 1:
            raise ValueError("need 0.5 < min_team_probability < 1")
        if self.prior_strength is not None and not self.prior_strength > 0:
            raise ValueError("prior_strength must be positive (or None to fit it)")


@dataclass(frozen=True)
class Insight:
    rep: str
    kind: Kind
    stage: Stage
    better: str
    worse: str
    better_rate: float  # observed, as quoted in the text
    worse_rate: float
    better_n: int
    worse_n: int
    better_responses: int
    worse_responses: int
    probability: float  # P(better's true rate > worse's), after shrinkage toward the team
    expected_gain: float  # extra responses the worse arm's touches would have brought at the better rate
    text: str

    def to_json(self) -> dict[str, object]:
        return asdict(self) | {"stage": self.stage.value}

    @property
    def ref(self) -> "InsightRef":
        return InsightRef(self.kind, self.stage, self.better, self.worse)


@dataclass(frozen=True)
class InsightRef:
    """What names an insight across weeks: feedback, snoozes and adoption are keyed by it."""

    kind: Kind
    stage: Stage
    better: str
    worse: str

    @property
    def pair(self) -> tuple[str, str, str]:
        """A snooze covers the same better/worse pair of the same kind, whatever the stage."""
        return (self.kind, self.better, self.worse)


@dataclass(frozen=True)
class Encouragement:
    rep: str
    touches: int
    responses: int
    text: str

    def to_json(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class RepNudges:
    rep: str
    insights: list[Insight]
    encouragement: Encouragement | None  # only when there is no insight


TagsOf = Callable[[Touch], Iterable[str]]


def weekly_nudges(
    touches: Sequence[Touch],
    tags_of: TagsOf | None = None,
    rules: NudgeRules | None = None,
    keep: Callable[[Insight], bool] | None = None,
) -> list[RepNudges]:
    """Return every rep's nudges: up to `max_per_rep` insights, best first, or else an encouragement.

    `tags_of` gives a touch's approach tags (usually `by_approach(registry)`); without it only templates
    are compared. `touches` should be the whole team's, since the team's rates set each rep's prior.
    `keep` drops insights before choosing (a snoozed one); a rep whose every insight was dropped gets
    neither insights nor an encouragement, since "not enough data yet" would not be true.
    """
    rules = rules or NudgeRules()
    kinds: list[tuple[Kind, TagsOf]] = [("template", by_template)]
    if tags_of is not None:
        kinds.insert(0, ("approach", tags_of))
    found: dict[str, list[Insight]] = {touch.rep: [] for touch in touches}
    for kind, arms_of in kinds:
        mine = tallies(touches, arms_of, by_stage=True, floor=rules.floor)
        for insight in _Comparer(kind, mine, rules).insights():
            found[insight.rep].append(insight)
    by_rep: dict[str, list[Touch]] = {}
    for touch in touches:
        by_rep.setdefault(touch.rep, []).append(touch)
    return [
        RepNudges(rep, chosen, None if insights else encouragement(rep, by_rep[rep], rules.floor))
        for rep, insights in sorted(found.items())
        for chosen in [_choose([i for i in insights if keep is None or keep(i)], rules.max_per_rep)]
    ]


def _choose(insights: list[Insight], most: int) -> list[Insight]:
    """Rank by expected gain x confidence, and name each worse arm once (against its best rival)."""
    chosen: list[Insight] = []
    named: set[tuple[Kind, Stage, str]] = set()
    for insight in sorted(insights, key=lambda i: (-i.expected_gain * i.probability, i.kind, i.better)):
        if (insight.kind, insight.stage, insight.worse) not in named and len(chosen) < most:
            chosen.append(insight)
            named.add((insight.kind, insight.stage, insight.worse))
    return chosen


class _Comparer:
    """Compares each rep's arms, two at a time, within a stage."""

    def __init__(self, kind: Kind, mine: Mapping[GroupKey, Tally], rules: NudgeRules) -> None:
        self.kind, self.mine, self.rules = kind, mine, rules
        self.team: dict[tuple[Stage, str], Tally] = {}
        self.by_rep: dict[tuple[str, Stage], dict[str, Tally]] = {}
        for (rep, stage, arm), tally in mine.items():
            if rep is None or stage is None:
                continue
            self.team[(stage, arm)] = self.team.get((stage, arm), Tally(0, 0)) + tally
            self.by_rep.setdefault((rep, stage), {})[arm] = tally
        self.strengths: dict[tuple[Stage, str], float] = {}

    def insights(self) -> Iterable[Insight]:
        for (rep, stage), arms in sorted(self.by_rep.items()):
            enough = sorted(arm for arm, t in arms.items() if t.touches >= self.rules.min_touches)
            for a, b in combinations(enough, 2):
                if self.kind == "approach" and OPPOSITES.get(a) != b:
                    continue
                insight = self._compare(rep, stage, (a, arms[a]), (b, arms[b]))
                if insight is not None:
                    yield insight

    def _prior(self, rep_tally: Tally, stage: Stage, arm: str, pooled: Tally) -> BetaPrior:
        # The rest of the team, without this rep, so the rep's own touches are not counted twice. When the
        # rest have too few touches for a rate worth trusting, both arms share the rep's pooled rate.
        team = self.team[(stage, arm)]
        rest = Tally(team.responses - rep_tally.responses, team.touches - rep_tally.touches)
        strength = self.rules.prior_strength or self._fitted_strength(stage, arm)
        return prior_at(rest if rest.touches >= self.rules.min_touches else pooled, strength)

    def _credible(self, stage: Stage, better: tuple[str, Tally], worse: tuple[str, Tally]) -> bool:
        """Return whether the rep's own data, or else the rest of the team's, backs the difference."""
        flat = BetaPrior(0.5, 2.0)  # Beta(1, 1): the data alone
        if prob_beats(flat.posterior(better[1]), flat.posterior(worse[1])) >= self.rules.min_probability:
            return True
        rest = [self._rest(stage, arm, tally) for arm, tally in (better, worse)]
        if min(t.touches for t in rest) < self.rules.min_touches:
            return False
        return prob_beats(flat.posterior(rest[0]), flat.posterior(rest[1])) >= self.rules.min_team_probability

    def _rest(self, stage: Stage, arm: str, rep_tally: Tally) -> Tally:
        team = self.team[(stage, arm)]
        return Tally(team.responses - rep_tally.responses, team.touches - rep_tally.touches)

    def _fitted_strength(self, stage: Stage, arm: str) -> float:
        if (stage, arm) not in self.strengths:
            groups = [t for (rep, s, a), t in self.mine.items() if rep is not None and (s, a) == (stage, arm)]
            self.strengths[(stage, arm)] = fit_prior(groups).strength
        return self.strengths[(stage, arm)]

    def _compare(
        self, rep: str, stage: Stage, first: tuple[str, Tally], second: tuple[str, Tally]
    ) -> Insight | None:
        pooled = first[1] + second[1]
        posts = {arm: self._prior(t, stage, arm, pooled).posterior(t) for arm, t in (first, second)}
        (better, good), (worse, bad) = sorted((first, second), key=lambda arm: -posts[arm[0]].mean)
        probability = prob_beats(posts[better], posts[worse])
        # The text quotes observed rates, so their order must agree with the shrunk rates' order.
        if probability < self.rules.min_probability or not good.responses * bad.touches > (
            bad.responses * good.touches
        ):
            return None
        if not self._credible(stage, (better, good), (worse, bad)):
            return None
        gain = (posts[better].mean - posts[worse].mean) * bad.touches
        insight = Insight(
            rep, self.kind, stage, better, worse, good.responses / good.touches, bad.responses / bad.touches,
            good.touches, bad.touches, good.responses, bad.responses, probability, gain, "",
        )  # fmt: skip
        return _with_text(insight, self.rules.floor)


def _with_text(insight: Insight, floor: Outcome) -> Insight:
    got = _RESPONSE_WORDS[floor]
    stages = _STAGE_WORDS[insight.stage]
    if insight.kind == "approach":
        first, second = f"Your {insight.better} {stages}", f"Your {insight.worse} {stages}"
        advice = f"{_ADVICE.get(insight.better, f'make your {stages} {insight.better}')} in all your {stages}"
    else:
        first, second = f"Your {stages} using “{insight.better}”", f"Your {stages} using “{insight.worse}”"
        advice = f"use “{insight.better}” instead of “{insight.worse}” for your {stages}"
    text = (
        f"{first} got {got} {_percent(insight.better_rate)} of the time "
        f"({insight.better_responses} of {insight.better_n}). "
        f"{second} got {_percent(insight.worse_rate)} ({insight.worse_responses} of {insight.worse_n}). "
        f"That is {math.floor(insight.probability * 100)}% likely to be a real difference. "
        f"Next week, {advice}."
    )
    return replace(insight, text=text)


def _percent(rate: float) -> str:
    return f"{round(rate * 100)}%"


def encouragement(
    rep: str, touches: Iterable[Touch], floor: Outcome = REPLY_OR_BETTER
) -> Encouragement | None:
    """Return a note built only from the rep's own counts, or None when the rep sent nothing."""
    own = [t for t in touches if t.rep == rep]
    if not own:
        return None
    responses = sum(t.responded(floor) for t in own)
    singular, plural = _COUNT_WORDS[floor]
    text = (
        f"You sent {len(own)} touch{'' if len(own) == 1 else 'es'} and got {responses} "
        f"{singular if responses == 1 else plural}. "
        "Keep testing your approaches: once each has enough touches, I can tell you which works best for you."
    )
    return Encouragement(rep, len(own), responses, text)
