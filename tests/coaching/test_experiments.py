import datetime as dt
import random
from collections import Counter

import pytest

from coaching.effort import TouchMinutes, touch_minutes
from coaching.experiments import SHARE, experiment_result, thompson_arm, weekly_experiment
from coaching.response_stats import Tally, by_approach
from coaching.templates import parse_registry
from coaching.touches import Channel, Outcome, Stage, Touch

REGISTRY = parse_registry(
    {
        "templates": [
            {"name": "question", "tags": ["asks-question"]},
            {"name": "statement", "tags": ["no-question"]},
        ]
    }
)
MONDAY = dt.date(2026, 11, 2)


def batch(rep: str, template: str, n: int, k: int, day: dt.date = MONDAY) -> list[Touch]:
    sent = dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC)
    return [
        Touch(
            rep=rep,
            sent_at=sent + dt.timedelta(minutes=i),
            channel=Channel.EMAIL,
            step=1,
            template=template,
            outcome=Outcome.REPLY if i < k else Outcome.NONE,
        )
        for i in range(n)
    ]


def test_a_clear_loser_is_almost_never_tried_and_an_uncertain_arm_sometimes_is() -> None:
    mine = {"good": Tally(40, 200), "bad": Tally(2, 200)}
    rest = {"good": Tally(200, 1000), "bad": Tally(20, 1000), "new": Tally(150, 1000)}
    picks = Counter(thompson_arm(mine, rest, random.Random(seed), 20.0) for seed in range(500))
    assert picks["bad"] == 0
    assert picks["new"] > 25  # never tried by the rep: its value is uncertain, so it gets drawn
    assert picks["good"] > picks["new"]


def test_the_weekly_experiment_is_repeatable_for_a_seed_and_shrunk_toward_the_team() -> None:
    touches = batch("U1", "question", 10, 2) + batch("U1", "statement", 10, 2)
    touches += batch("U2", "question", 300, 60) + batch("U2", "statement", 300, 15)
    tags = by_approach(REGISTRY)
    first = weekly_experiment(touches, rep="U1", arms_of=tags, seed=7)
    assert first == weekly_experiment(touches, rep="U1", arms_of=tags, seed=7)
    assert first is not None and first.share == SHARE and first.stage is Stage.OPENER
    assert first.best == "asks-question"  # the team's pattern carries the rep's few touches
    assert weekly_experiment(touches, rep="U9", arms_of=tags, seed=7) is None  # no touches of their own


def test_the_result_counts_the_weeks_touches_with_and_without_the_arm() -> None:
    touches = batch("U1", "question", 20, 6) + batch("U1", "statement", 40, 4)
    touches += batch("U1", "question", 50, 50, day=MONDAY + dt.timedelta(weeks=1))  # the week after
    result = experiment_result(
        touches, rep="U1", stage=Stage.OPENER, arm="asks-question", arms_of=by_approach(REGISTRY), week=MONDAY
    )
    assert (result.tried, result.others) == (Tally(6, 20), Tally(4, 40))
    assert result.lift == pytest.approx(0.2)


def test_touch_costs_by_template_win_over_channel_and_bad_entries_are_named() -> None:
    costs = touch_minutes({"email": 2, "template:question": 6})
    assert isinstance(costs, TouchMinutes)
    (question,) = batch("U1", "question", 1, 0)
    (statement,) = batch("U1", "statement", 1, 0)
    assert (costs.of(question), costs.of(statement)) == (6, 2)
    with pytest.raises(ValueError, match="fax"):
        touch_minutes({"fax": 3})
    with pytest.raises(ValueError, match="email"):
        touch_minutes({"email": 0})
