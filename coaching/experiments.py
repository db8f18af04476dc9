"""The weekly experiment: one approach for each rep to try in part of their outreach, by Thompson sampling.

Each arm's reply rate for the rep is a Beta posterior: a prior at the rest of the team's rate for that arm
(so a rep's few touches are shrunk toward the team's pattern), updated with the rep's own touches. One
draw from each posterior picks the arm to try: an arm whose value is uncertain is drawn high now and then
and gets tried, a clear loser almost never does. The rep keeps their best-so-far arm for the rest.
"""

import datetime as dt
import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from coaching.response_stats import DEFAULT_PRIOR_STRENGTH, Tally, fit_prior, prior_at, tallies
from coaching.touches import REPLY_OR_BETTER, Outcome, Stage, Touch

SHARE = 0.25  # of the rep's touches in the stage that the experiment asks for
ArmsOf = Callable[[Touch], Iterable[str]]


@dataclass(frozen=True)
class Experiment:
    rep: str
    stage: Stage
    arm: str  # what to try
    best: str  # the rep's best arm so far (highest posterior mean): what the rest of the touches use
    share: float
    mine: Tally  # the rep's own touches with the arm so far
    team: Tally  # the rest of the team's


@dataclass(frozen=True)
class ExperimentResult:
    """How the touches of the experiment's week did: those with the arm against the rest."""

    tried: Tally
    others: Tally

    @property
    def lift(self) -> float | None:
        if not (self.tried.touches and self.others.touches):
            return None
        return self.tried.responses / self.tried.touches - self.others.responses / self.others.touches


def posterior_means(
    mine: Mapping[str, Tally], rest: Mapping[str, Tally], strength: float
) -> dict[str, float]:
    """Return each arm's posterior mean reply rate for the rep, shrunk toward the rest of the team."""
    return {arm: prior_at(rest[arm], strength).posterior(mine.get(arm, Tally(0, 0))).mean for arm in rest}


def thompson_arm(
    mine: Mapping[str, Tally], rest: Mapping[str, Tally], rng: random.Random, strength: float
) -> str:
    """Return the arm whose draw from the rep's posterior is highest (ties: the first arm by name)."""
    draws = {}
    for arm in sorted(rest):
        post = prior_at(rest[arm], strength).posterior(mine.get(arm, Tally(0, 0)))
        draws[arm] = rng.betavariate(post.alpha, post.beta)
    return max(draws, key=lambda arm: draws[arm])


def weekly_experiment(
    touches: Sequence[Touch],
    *,
    rep: str,
    arms_of: ArmsOf,
    seed: int,
    stage: Stage = Stage.OPENER,
    arms: Iterable[str] | None = None,
    floor: Outcome = REPLY_OR_BETTER,
) -> Experiment | None:
    """Return this week's experiment for `rep` from the team's touches, or None without team data.

    `arms` limits what may be suggested (default: every arm the team used in `stage`); `seed` makes the
    draw repeatable, so rendering a week's message twice suggests the same thing.
    """
    counted = tallies(touches, arms_of, by_stage=True, floor=floor)
    allowed = set(arms) if arms is not None else None
    mine: dict[str, Tally] = {}
    rest: dict[str, Tally] = {}
    by_arm: dict[str, list[Tally]] = {}
    for (who, where, arm), tally in counted.items():
        if where is not stage or (allowed is not None and arm not in allowed):
            continue
        by_arm.setdefault(arm, []).append(tally)
        target = mine if who == rep else rest
        target[arm] = target.get(arm, Tally(0, 0)) + tally
    if not mine:
        return None
    # An arm nobody else used is centred on the stage's pooled rate, not on an uninformed 50%.
    pooled = sum((t for groups in by_arm.values() for t in groups), Tally(0, 0))
    rest = {arm: rest[arm] if rest.get(arm, Tally(0, 0)).touches else pooled for arm in by_arm}
    strength = shared_strength(by_arm.values())
    arm = thompson_arm(mine, rest, random.Random(seed), strength)  # noqa: S311 - sampling, not secrets
    means = posterior_means(mine, rest, strength)
    best = max(sorted(means), key=lambda a: means[a])
    return Experiment(rep, stage, arm, best, SHARE, mine.get(arm, Tally(0, 0)), rest[arm])


def shared_strength(per_arm: Iterable[Sequence[Tally]]) -> float:
    """Return one prior strength for all arms: the median of each arm's fit to the spread between reps."""
    fitted = sorted(fit_prior(groups).strength for groups in per_arm)
    return fitted[len(fitted) // 2] if fitted else DEFAULT_PRIOR_STRENGTH


def experiment_result(
    touches: Iterable[Touch],
    *,
    rep: str,
    stage: Stage,
    arm: str,
    arms_of: ArmsOf,
    week: dt.date,
    floor: Outcome = REPLY_OR_BETTER,
) -> ExperimentResult:
    """Return how the rep's `stage` touches of the week from Monday `week` (UTC) did with and without it."""
    start = dt.datetime.combine(week, dt.time(), tzinfo=dt.UTC)
    end = start + dt.timedelta(weeks=1)
    tried, others = [0, 0], [0, 0]
    for touch in touches:
        if touch.rep != rep or touch.stage is not stage or not start <= touch.sent_at < end:
            continue
        side = tried if arm in arms_of(touch) else others
        side[0] += touch.responded(floor)
        side[1] += 1
    return ExperimentResult(Tally(*tried), Tally(*others))
