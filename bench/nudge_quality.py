"""Nudge quality (issue 7): how often a true difference is found, and how often a nudge is sent for nothing.

Simulates teams whose reps send 100 openers with each of two approaches (issue-led and product-led).
In "difference" teams the true reply rates are 20% and 8%; in "null" teams both are 14%. Each rep's
rates are scaled by a factor from 0.75 to 1.25, so reps differ as real ones do (the ratio between the
approaches is kept). Detection is the share of reps in difference teams told that issue-led is better;
the false nudge rate is the share of reps in null teams sent any insight.

A third scenario (issue 18) has tags that coincide across templates: every issue-led template is also
brief and asks a question, every product-led one is long and asks none, with one or two templates a side.
Every comparison there rests on the same split of each rep's touches, so a rep must get one insight, not
one per tag or template: `same_split_insights` is the most insights any rep got (target 1).
The last line is one JSON object with all three.
"""

import datetime as dt
import json
import random
import time

from coaching.nudges import NudgeRules, weekly_nudges
from coaching.response_stats import by_approach
from coaching.templates import parse_registry
from coaching.touches import Channel, Outcome, Touch

TEAMS = 100
REPS_PER_TEAM = 10
TOUCHES_PER_ARM = 100
DIFFERENCE = (0.20, 0.08)
NULL = (0.14, 0.14)
WHEN = dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)
REGISTRY = parse_registry(
    {"templates": [{"name": "issue", "tags": ["issue-led"]}, {"name": "product", "tags": ["product-led"]}]}
)


def team(rng: random.Random, rates: tuple[float, float], number: int) -> list[Touch]:
    touches = []
    for r in range(REPS_PER_TEAM):
        factor = rng.uniform(0.75, 1.25)
        for template, rate in zip(("issue", "product"), rates, strict=True):
            for i in range(TOUCHES_PER_ARM):
                hit = rng.random() < rate * factor
                touches.append(
                    Touch(
                        rep=f"T{number}R{r}",
                        sent_at=WHEN + dt.timedelta(minutes=i),
                        channel=Channel.EMAIL,
                        step=1,
                        template=template,
                        outcome=Outcome.REPLY if hit else Outcome.NONE,
                    )
                )
    return touches


COINCIDING = parse_registry(
    {
        "templates": [
            *({"name": f"issue-brief-{n}", "tags": ["issue-led", "brief", "asks-question"]} for n in "ab"),
            *({"name": f"product-long-{n}", "tags": ["product-led", "long", "no-question"]} for n in "ab"),
        ]
    }
)


def coinciding_team(rng: random.Random, number: int, per_side: int) -> list[Touch]:
    """A difference team whose templates carry three tags each; `per_side` templates on each side."""
    names = [("issue-brief-a", "issue-brief-b"), ("product-long-a", "product-long-b")]
    touches = []
    for r in range(REPS_PER_TEAM):
        factor = rng.uniform(0.75, 1.25)
        for side, rate in zip(names, DIFFERENCE, strict=True):
            for i in range(TOUCHES_PER_ARM):
                touches.append(
                    Touch(
                        rep=f"T{number}R{r}",
                        sent_at=WHEN + dt.timedelta(minutes=i),
                        channel=Channel.EMAIL,
                        step=1,
                        template=side[i % per_side],
                        outcome=Outcome.REPLY if rng.random() < rate * factor else Outcome.NONE,
                    )
                )
    return touches


def same_split(seed: int) -> dict[str, float]:
    """Return the most insights any rep got when all comparisons rest on one split, and the detection."""
    rng = random.Random(seed)
    most, found, reps = 0, 0, 0
    for number in range(TEAMS // 2):
        for per_side in (1, 2):
            for rep in weekly_nudges(coinciding_team(rng, number, per_side), by_approach(COINCIDING)):
                most = max(most, len(rep.insights))
                found += bool(rep.insights)
                reps += 1
    return {"same_split_insights": most, "same_split_detection": found / reps}


def run(rules: NudgeRules, seed: int) -> dict[str, float]:
    rng = random.Random(seed)
    found = false = 0
    for number in range(TEAMS):
        for rep in weekly_nudges(team(rng, DIFFERENCE, number), by_approach(REGISTRY), rules):
            found += any(i.better in ("issue-led", "issue") for i in rep.insights)
        for rep in weekly_nudges(team(rng, NULL, number), by_approach(REGISTRY), rules):
            false += bool(rep.insights)
    reps = TEAMS * REPS_PER_TEAM
    return {"detection": found / reps, "false_nudge_rate": false / reps}


def main() -> None:
    started = time.perf_counter()
    settings = {
        "defaults (n>=30, P>=0.95, fitted prior, team P>=0.99)": NudgeRules(),
        "prior of 20 pseudo-touches": NudgeRules(prior_strength=20),
        "fitted prior, team check off (P>0.5)": NudgeRules(min_team_probability=0.5000001),
    }
    results = {}
    for name, rules in settings.items():
        results[name] = run(rules, seed=7)
        print(
            f"{name}: detection {results[name]['detection']:.1%} (target >= 90%), "
            f"false nudges {results[name]['false_nudge_rate']:.1%} (target <= 5%)"
        )
    coinciding = same_split(seed=11)
    print(
        f"tags coinciding across templates: at most {coinciding['same_split_insights']} insight per rep "
        f"(target 1), detection {coinciding['same_split_detection']:.1%}"
    )
    took = time.perf_counter() - started
    print(
        f"{TEAMS} teams x {REPS_PER_TEAM} reps per scenario, {TOUCHES_PER_ARM} touches per arm, {took:.1f} s"
    )
    default = results["defaults (n>=30, P>=0.95, fitted prior, team P>=0.99)"]
    print(
        json.dumps(
            {
                **default,
                **coinciding,
                "reps_per_scenario": TEAMS * REPS_PER_TEAM,
                "touches_per_arm": TOUCHES_PER_ARM,
                "true_rates": {"difference": DIFFERENCE, "null": NULL},
                "variants": {k: v for k, v in results.items() if v is not default},
                "seconds": round(took, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
