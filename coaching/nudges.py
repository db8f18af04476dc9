"""Weekly messaging nudges: each rep's own better and worse approaches, only where the evidence is strong.

Arms are compared within a stage (openers with openers, follow-ups with follow-ups): openers and
follow-ups answer at different rates, so comparing across stages would credit the stage, not the message.
Each arm's rate is pulled toward the rest of the team's rate for that arm, so a small sample cannot make
a confident claim, and the rep's own data decides once there is enough of it.
"""

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
# Whose numbers carry an insight's confidence: the rep's own touches alone, or the team's pattern
# that the rep's fewer touches lean on through shrinkage.
Evidence = Literal["own", "team"]


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
    """One finding: the rep's better and worse arms in a stage, with the team's rates for the same pair.

    When several comparisons rest on the same split of the rep's touches (a template that is brief,
    issue-led and asks a question against one that is none of these), they are one insight: `kind`,
    `better` and `worse` name the comparison it is filed under, `approaches` the tags that set the
    better side apart, and `better_templates`/`worse_templates` what the rep actually sent.
    """

    rep: str
    kind: Kind
    stage: Stage
    better: str
    worse: str
    better_rate: float  # observed
    worse_rate: float
    better_n: int
    worse_n: int
    better_responses: int
    worse_responses: int
    probability: float  # P(better's true rate > worse's), after shrinkage toward the team
    expected_gain: float  # extra responses the worse arm's touches would have brought at the better rate
    evidence: Evidence = "own"
    team_better: Tally = Tally(0, 0)  # the whole team's tally for the same comparison
    team_worse: Tally = Tally(0, 0)
    approaches: tuple[str, ...] = ()
    better_templates: tuple[str, ...] = ()
    worse_templates: tuple[str, ...] = ()
    better_minutes: float | None = None  # time spent on each side, when touches carry a time cost
    worse_minutes: float | None = None

    def to_json(self) -> dict[str, object]:
        per_hour = {"better_per_hour": self.better_per_hour, "worse_per_hour": self.worse_per_hour}
        return asdict(self) | {"stage": self.stage.value} | per_hour

    @property
    def better_per_hour(self) -> float | None:
        return _per_hour(self.better_responses, self.better_minutes)

    @property
    def worse_per_hour(self) -> float | None:
        return _per_hour(self.worse_responses, self.worse_minutes)

    @property
    def ref(self) -> "InsightRef":
        return InsightRef(self.kind, self.stage, self.better, self.worse)


def _per_hour(responses: int, minutes: float | None) -> float | None:
    return responses / (minutes / 60) if minutes else None


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
    floor: Outcome = REPLY_OR_BETTER

    def to_json(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class RepNudges:
    rep: str
    insights: list[Insight]
    encouragement: Encouragement | None  # only when there is no insight


TagsOf = Callable[[Touch], Iterable[str]]
MinutesOf = Callable[[Touch], float]
Split = tuple[frozenset[int], frozenset[int]]  # the indices of the better side's and worse side's touches


def weekly_nudges(
    touches: Sequence[Touch],
    tags_of: TagsOf | None = None,
    rules: NudgeRules | None = None,
    keep: Callable[[Insight], bool] | None = None,
    minutes_of: MinutesOf | None = None,
) -> list[RepNudges]:
    """Return every rep's nudges: up to `max_per_rep` insights, best first, or else an encouragement.

    `tags_of` gives a touch's approach tags (usually `by_approach(registry)`); without it only templates
    are compared. `touches` should be the whole team's, since the team's rates set each rep's prior.
    `keep` drops insights before choosing (a snoozed one); a rep whose every insight was dropped gets
    neither insights nor an encouragement, since "not enough data yet" would not be true. `minutes_of`
    gives a touch's time cost, so each insight can say what each side brought per hour.
    """
    rules = rules or NudgeRules()
    kinds: list[tuple[Kind, TagsOf]] = [("template", by_template)]
    if tags_of is not None:
        kinds.insert(0, ("approach", tags_of))
    found: dict[str, list[tuple[Insight, Split]]] = {touch.rep: [] for touch in touches}
    for kind, arms_of in kinds:
        members = _members(touches, arms_of)
        mine = tallies(touches, arms_of, by_stage=True, floor=rules.floor)
        for insight in _Comparer(kind, mine, rules).insights():
            split = (
                members[(insight.rep, insight.stage, insight.better)],
                members[(insight.rep, insight.stage, insight.worse)],
            )
            found[insight.rep].append((_located(insight, split, touches, minutes_of), split))
    by_rep: dict[str, list[Touch]] = {}
    for touch in touches:
        by_rep.setdefault(touch.rep, []).append(touch)
    return [
        RepNudges(rep, chosen, None if insights else encouragement(rep, by_rep[rep], rules.floor))
        for rep, insights in sorted(found.items())
        for chosen in [
            _choose([i for i in _grouped(insights) if keep is None or keep(i[0])], rules.max_per_rep)
        ]
    ]


def _members(touches: Sequence[Touch], arms_of: TagsOf) -> dict[tuple[str, Stage, str], frozenset[int]]:
    """Return which touches (by index) each rep's arm in each stage holds."""
    held: dict[tuple[str, Stage, str], set[int]] = {}
    for index, touch in enumerate(touches):
        for arm in arms_of(touch):
            held.setdefault((touch.rep, touch.stage, arm), set()).add(index)
    return {key: frozenset(value) for key, value in held.items()}


def _located(
    insight: Insight, split: Split, touches: Sequence[Touch], minutes_of: MinutesOf | None
) -> Insight:
    """Return the insight with the templates on each side, its approach, and each side's time cost."""
    better, worse = ([touches[i] for i in sorted(side)] for side in split)
    minutes = (
        (None, None) if minutes_of is None else (sum(map(minutes_of, better)), sum(map(minutes_of, worse)))
    )
    return replace(
        insight,
        approaches=(insight.better,) if insight.kind == "approach" else (),
        better_templates=tuple(sorted({t.template for t in better})),
        worse_templates=tuple(sorted({t.template for t in worse})),
        better_minutes=minutes[0],
        worse_minutes=minutes[1],
    )


def _grouped(found: list[tuple[Insight, Split]]) -> list[tuple[Insight, Split]]:
    """Merge comparisons that rest on the same touches: they are one finding.

    Comparisons on exactly the same split are filed under the template comparison when there is one
    (the rep acts by choosing a template) and list every approach that sets the sides apart. A comparison
    whose sides lie inside an approach comparison's sides (two templates a side that share their tags)
    is part of that wider finding. The team's rates quoted are those of the approach the most teammates
    used (the team's pattern), else of the templates.
    """
    groups: dict[tuple[Stage, Split], list[Insight]] = {}
    for insight, split in found:
        groups.setdefault((insight.stage, split), []).append(insight)
    wide = [key for key, members in groups.items() if any(i.kind == "approach" for i in members)]
    merged = []
    for (stage, split), members in groups.items():
        if any(_inside(stage, split, other) for other in wide if other != (stage, split)):
            continue
        ranked = sorted(members, key=lambda i: (i.kind != "template", -i.probability, i.better))
        approaches = [i for i in members if i.kind == "approach"]
        team = max(approaches or ranked, key=lambda i: (i.team_better + i.team_worse).touches)
        tags = tuple(sorted(i.better for i in approaches))
        one = replace(ranked[0], approaches=tags, team_better=team.team_better, team_worse=team.team_worse)
        merged.append((one, split))
    return merged


def _inside(stage: Stage, split: Split, other: tuple[Stage, Split]) -> bool:
    """Return whether both sides of `split` lie within the same sides of a wider split in the stage."""
    return other[0] is stage and split[0] <= other[1][0] and split[1] <= other[1][1]


def _choose(found: list[tuple[Insight, Split]], most: int) -> list[Insight]:
    """Rank by expected gain x confidence; an insight on touches that a chosen one already rests on is
    the same evidence told again (or a chance split inside it), so it is left out."""
    chosen: list[tuple[Insight, frozenset[int]]] = []
    ranked = sorted(found, key=lambda f: (-f[0].expected_gain * f[0].probability, f[0].kind, f[0].better))
    for insight, (better, worse) in ranked:
        touches = better | worse
        if len(chosen) < most and not any(touches & seen for _, seen in chosen):
            chosen.append((insight, touches))
    return [insight for insight, _ in chosen]


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
        rest = self._rest(stage, arm, rep_tally)
        strength = self.rules.prior_strength or self._fitted_strength(stage, arm)
        return prior_at(rest if rest.touches >= self.rules.min_touches else pooled, strength)

    def _evidence(self, stage: Stage, better: tuple[str, Tally], worse: tuple[str, Tally]) -> Evidence | None:
        """Return whose data backs the difference: the rep's own alone, else the rest of the team's."""
        flat = BetaPrior(0.5, 2.0)  # Beta(1, 1): the data alone
        if prob_beats(flat.posterior(better[1]), flat.posterior(worse[1])) >= self.rules.min_probability:
            return "own"
        rest = [self._rest(stage, arm, tally) for arm, tally in (better, worse)]
        if min(t.touches for t in rest) < self.rules.min_touches:
            return None
        clear = (
            prob_beats(flat.posterior(rest[0]), flat.posterior(rest[1])) >= self.rules.min_team_probability
        )
        return "team" if clear else None

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
        # The words quote observed rates, so their order must agree with the shrunk rates' order.
        if probability < self.rules.min_probability or not good.responses * bad.touches > (
            bad.responses * good.touches
        ):
            return None
        evidence = self._evidence(stage, (better, good), (worse, bad))
        if evidence is None:
            return None
        gain = (posts[better].mean - posts[worse].mean) * bad.touches
        return Insight(
            rep, self.kind, stage, better, worse, good.responses / good.touches, bad.responses / bad.touches,
            good.touches, bad.touches, good.responses, bad.responses, probability, gain, evidence,
            self.team[(stage, better)], self.team[(stage, worse)],
        )  # fmt: skip


def encouragement(
    rep: str, touches: Iterable[Touch], floor: Outcome = REPLY_OR_BETTER
) -> Encouragement | None:
    """Return the rep's own counts (no comparison is clear yet), or None when the rep sent nothing."""
    own = [t for t in touches if t.rep == rep]
    if not own:
        return None
    return Encouragement(rep, len(own), sum(t.responded(floor) for t in own), floor)
