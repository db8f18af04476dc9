"""Weekly experiments (issue 18): does Thompson sampling find each rep's best approach, and how fast?

Simulates 200 reps over 12 weeks. Five arms (approaches) have team reply rates that form a pattern; each
rep's true rate for an arm is the team's rate times a factor of their own (lognormal, sigma 0.5), so a
rep's best arm is often not the team's. Every week each rep sends 200 openers (40 a day), and three
policies decide which arms they use:
- experiment: the weekly experiment (coaching.experiments): the rep's best arm so far (posterior mean,
  shrunk toward the rest of the team) for three quarters of the openers, and the arm drawn by Thompson
  sampling for the other quarter (all of them when the draw is the best arm itself);
- greedy: always the best arm so far, by the same posterior means (the same data, no exploration);
- oracle: always the rep's true best arm.
The team's prior comes from its history (2,000 past openers per arm at the team's rates) plus the other
reps' openers so far. Replies are counted as expected replies (the true rates of the arms used), so the
shares compare the policies' choices without the noise of one more draw. The last line is JSON.
"""

import json
import math
import random
import time

from coaching.experiments import SHARE, posterior_means, shared_strength, thompson_arm
from coaching.response_stats import Tally

REPS = 200
WEEKS = 12
PER_WEEK = 200
TEAM_RATES = {"issue-led": 0.14, "brief": 0.12, "asks-question": 0.11, "personalized": 0.10, "long": 0.07}
SIGMA = 0.5
HISTORY = 2000
LATE = range(6, 12)  # weeks 7-12


def true_rates(rng: random.Random) -> list[dict[str, float]]:
    return [
        {arm: min(0.9, rate * math.exp(rng.gauss(0, SIGMA))) for arm, rate in TEAM_RATES.items()}
        for _ in range(REPS)
    ]


def history() -> dict[str, Tally]:
    return {arm: Tally(round(rate * HISTORY), HISTORY) for arm, rate in TEAM_RATES.items()}


def simulate(policy: str, truth: list[dict[str, float]], seed: int) -> list[float]:
    """Return the expected replies of all reps in each week under `policy`."""
    rng = random.Random(seed)
    mine: list[dict[str, Tally]] = [{} for _ in truth]
    team = history()
    weekly = []
    for _ in range(WEEKS):
        # The prior's strength is fitted to the spread between reps, as the bot does.
        strength = shared_strength([[m[arm] for m in mine if arm in m] for arm in TEAM_RATES])
        plans = [_plan(policy, mine[r], team, truth[r], rng, strength) for r in range(REPS)]
        weekly.append(sum(truth[r][arm] * n for r, plan in enumerate(plans) for arm, n in plan.items()))
        for r, plan in enumerate(plans):
            for arm, n in plan.items():
                hits = sum(rng.random() < truth[r][arm] for _ in range(n))
                mine[r][arm] = mine[r].get(arm, Tally(0, 0)) + Tally(hits, n)
                team[arm] = team[arm] + Tally(hits, n)
    return weekly


def _plan(
    policy: str,
    mine: dict[str, Tally],
    team: dict[str, Tally],
    truth: dict[str, float],
    rng: random.Random,
    strength: float,
) -> dict[str, int]:
    if policy == "oracle":
        return {max(truth, key=lambda a: truth[a]): PER_WEEK}
    # The rest of the team: the rep's own touches are not counted twice.
    rest = {arm: _minus(t, mine.get(arm, Tally(0, 0))) for arm, t in team.items()}
    means = posterior_means(mine, rest, strength)
    best = max(sorted(means), key=lambda a: means[a])
    if policy == "greedy":
        return {best: PER_WEEK}
    tried = thompson_arm(mine, rest, rng, strength)
    if tried == best:
        return {best: PER_WEEK}
    share = round(PER_WEEK * SHARE)
    return {tried: share, best: PER_WEEK - share}


def _minus(team: Tally, own: Tally) -> Tally:
    return Tally(team.responses - own.responses, team.touches - own.touches)


def main() -> None:
    started = time.perf_counter()
    truth = true_rates(random.Random(18))
    runs = {policy: simulate(policy, truth, seed=7) for policy in ("experiment", "greedy", "oracle")}
    oracle = runs["oracle"]
    result = {
        "experiment_share": sum(runs["experiment"]) / sum(oracle),
        "greedy_share": sum(runs["greedy"]) / sum(oracle),
        "experiment_share_late": sum(runs["experiment"][w] for w in LATE) / sum(oracle[w] for w in LATE),
        "greedy_share_late": sum(runs["greedy"][w] for w in LATE) / sum(oracle[w] for w in LATE),
    }
    for policy in ("experiment", "greedy"):
        shares = " ".join(f"{runs[policy][w] / oracle[w]:.0%}" for w in range(WEEKS))
        print(f"{policy:>10}: replies as a share of the oracle's, week by week: {shares}")
    took = time.perf_counter() - started
    print(
        f"{REPS} reps x {WEEKS} weeks, {PER_WEEK} openers a week, {len(TEAM_RATES)} arms: experiment "
        f"{result['experiment_share']:.1%} of the oracle over 12 weeks "
        f"(greedy {result['greedy_share']:.1%}), "
        f"{result['experiment_share_late']:.1%} over weeks 7-12 (target >= 95%), {took:.1f} s"
    )
    print(json.dumps({k: round(v, 4) for k, v in result.items()} | {"reps": REPS, "weeks": WEEKS}))


if __name__ == "__main__":
    main()
