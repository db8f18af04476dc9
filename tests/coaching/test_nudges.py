import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coaching.nudges import NudgeRules, encouragement, weekly_nudges
from coaching.response_stats import BetaPrior, Tally, by_approach, prior_at, prob_beats
from coaching.templates import parse_registry
from coaching.touches import Channel, Outcome, Stage, Touch

REGISTRY = parse_registry(
    {
        "templates": [
            {"name": "pain-first", "tags": ["issue-led", "brief"]},
            {"name": "feature-tour", "tags": ["product-led", "long"]},
            {"name": "pain-follow", "tags": ["issue-led"]},
            {"name": "demo-follow", "tags": ["product-led"]},
        ]
    }
)
TAGS = by_approach(REGISTRY)
WHEN = dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)


def batch(
    rep: str, template: str, n: int, k: int, step: int = 1, hit: Outcome = Outcome.REPLY
) -> list[Touch]:
    return [
        Touch(
            rep=rep,
            sent_at=WHEN + dt.timedelta(minutes=i),
            channel=Channel.EMAIL,
            step=step,
            template=template,
            outcome=hit if i < k else Outcome.NONE,
        )
        for i in range(n)
    ]


def test_a_clear_difference_in_a_reps_own_follow_ups_is_a_nudge_with_real_numbers() -> None:
    touches = batch("U1", "pain-follow", 50, 11, step=2) + batch("U1", "demo-follow", 75, 6, step=2)
    (nudges,) = weekly_nudges(touches, TAGS)
    assert nudges.encouragement is None
    # The template comparison and the issue-led/product-led one rest on the same touches: one insight.
    (insight,) = nudges.insights
    assert (insight.kind, insight.stage, insight.better, insight.worse) == (
        "template",
        Stage.FOLLOW_UP,
        "pain-follow",
        "demo-follow",
    )
    assert insight.approaches == ("issue-led",)
    assert (insight.better_templates, insight.worse_templates) == (("pain-follow",), ("demo-follow",))
    assert (insight.better_n, insight.worse_n, insight.better_responses, insight.worse_responses) == (
        50,
        75,
        11,
        6,
    )
    assert insight.better_rate == 0.22 and insight.worse_rate == 0.08
    assert (insight.team_better, insight.team_worse) == (Tally(11, 50), Tally(6, 75))
    # The rep is the whole team here, so the prior sits at the rep's pooled rate for both arms.
    pooled = prior_at(Tally(17, 125))
    expected = prob_beats(pooled.posterior(Tally(11, 50)), pooled.posterior(Tally(6, 75)))
    assert insight.probability == pytest.approx(expected)
    assert insight.evidence == "own"
    assert json.loads(json.dumps(insight.to_json()))["stage"] == "follow-up"


HELD_OUT = parse_registry(
    {
        "templates": [
            {"name": "issue-brief", "tags": ["issue-led", "brief", "asks-question"]},
            {"name": "product-long", "tags": ["product-led", "long", "no-question"]},
        ]
    }
)


def test_three_tags_on_one_split_of_templates_are_one_insight_naming_them_all() -> None:
    touches = batch("U1", "issue-brief", 120, 29) + batch("U1", "product-long", 120, 8)
    touches += batch("U2", "issue-brief", 120, 10) + batch("U2", "product-long", 120, 11)
    by_rep = {n.rep: n for n in weekly_nudges(touches, by_approach(HELD_OUT))}
    (insight,) = by_rep["U1"].insights
    assert (insight.kind, insight.better, insight.worse) == ("template", "issue-brief", "product-long")
    assert insight.approaches == ("asks-question", "brief", "issue-led")
    assert (insight.better_responses, insight.better_n, insight.worse_responses, insight.worse_n) == (
        29,
        120,
        8,
        120,
    )
    assert (insight.team_better, insight.team_worse) == (Tally(39, 240), Tally(19, 240))
    assert by_rep["U2"].insights == []  # no real difference: nothing


def test_two_templates_a_side_still_give_one_insight_on_those_touches() -> None:
    registry = parse_registry(
        {
            "templates": [{"name": name, "tags": ["issue-led", "brief"]} for name in ("issue-a", "issue-b")]
            + [{"name": name, "tags": ["product-led", "long"]} for name in ("product-a", "product-b")]
        }
    )
    touches = batch("U1", "issue-a", 60, 16) + batch("U1", "issue-b", 60, 14)
    touches += batch("U1", "product-a", 60, 3) + batch("U1", "product-b", 60, 4)
    (insight,) = weekly_nudges(touches, by_approach(registry))[0].insights
    assert insight.kind == "approach" and insight.approaches == ("brief", "issue-led")
    assert insight.better_templates == ("issue-a", "issue-b")


def test_the_confidence_says_whether_the_reps_own_numbers_or_the_teams_carry_it() -> None:
    touches = batch("U0RILEY", "pain-first", 38, 4) + batch("U0RILEY", "feature-tour", 48, 3)
    for n in range(8):
        touches += batch(f"U{n}", "pain-first", 150, 30) + batch(f"U{n}", "feature-tour", 150, 12)
    (riley,) = [n for n in weekly_nudges(touches, TAGS) if n.rep == "U0RILEY"]
    assert [i.evidence for i in riley.insights] == ["team"]
    assert riley.insights[0].team_better == Tally(244, 1238)


def test_time_costs_give_replies_per_hour_for_each_side() -> None:
    touches = batch("U1", "pain-first", 60, 15) + batch("U1", "feature-tour", 60, 3)
    costs = {"pain-first": 6.0, "feature-tour": 1.0}
    (insight,) = weekly_nudges(touches, TAGS, minutes_of=lambda t: costs[t.template])[0].insights
    assert (insight.better_minutes, insight.worse_minutes) == (360.0, 60.0)
    assert (insight.better_per_hour, insight.worse_per_hour) == (2.5, 3.0)


def test_openers_are_not_compared_with_follow_ups() -> None:
    touches = batch("U1", "pain-first", 80, 20, step=1) + batch("U1", "demo-follow", 80, 2, step=2)
    (nudges,) = weekly_nudges(touches, TAGS)
    assert nudges.insights == []
    assert nudges.encouragement is not None
    assert (nudges.encouragement.touches, nudges.encouragement.responses) == (160, 22)


def test_small_samples_and_weak_evidence_send_nothing() -> None:
    small = batch("U1", "pain-first", 29, 15) + batch("U1", "feature-tour", 29, 0)
    assert weekly_nudges(small, TAGS)[0].insights == []
    close = batch("U1", "pain-first", 100, 15) + batch("U1", "feature-tour", 100, 11)
    assert weekly_nudges(close, TAGS)[0].insights == []
    loose = NudgeRules(min_touches=20, min_probability=0.6)
    assert weekly_nudges(close, TAGS, loose)[0].insights != []


def test_the_team_pulls_a_rep_toward_its_rates() -> None:
    mine = batch("U1", "pain-first", 30, 8) + batch("U1", "feature-tour", 30, 1)
    alone = weekly_nudges(mine, TAGS)[0].insights[0].probability
    # Teammates for whom the other approach does better make the rep's difference less certain...
    against = mine + batch("U2", "pain-first", 400, 40) + batch("U2", "feature-tour", 400, 60)
    doubt = weekly_nudges(against, TAGS, NudgeRules(min_probability=0.51))[0].insights[0].probability
    # ...and teammates who see the same difference make it more certain.
    agree = mine + batch("U2", "pain-first", 400, 100) + batch("U2", "feature-tour", 400, 20)
    sure = weekly_nudges(agree, TAGS)[0].insights[0].probability
    assert doubt < alone < sure


def test_the_response_definition_is_configurable() -> None:
    touches = batch("U1", "pain-first", 60, 15, hit=Outcome.REPLY) + batch("U1", "feature-tour", 60, 2)
    assert weekly_nudges(touches, TAGS)[0].insights
    meetings = weekly_nudges(touches, TAGS, NudgeRules(floor=Outcome.MEETING_BOOKED))[0]
    assert meetings.insights == []
    assert meetings.encouragement is not None and meetings.encouragement.responses == 0
    assert meetings.encouragement.floor is Outcome.MEETING_BOOKED


def test_at_most_n_insights_ranked_by_gain_times_confidence() -> None:
    touches = (
        batch("U1", "pain-first", 60, 20)
        + batch("U1", "feature-tour", 60, 2)
        + batch("U1", "pain-follow", 60, 15, step=2)
        + batch("U1", "demo-follow", 60, 3, step=2)
    )
    insights = weekly_nudges(touches, TAGS, NudgeRules(max_per_rep=3))[0].insights
    assert len(insights) == 2  # one per stage: each template pair and its tags rest on the same touches
    scores = [i.expected_gain * i.probability for i in insights]
    assert scores == sorted(scores, reverse=True)
    assert len(weekly_nudges(touches, TAGS, NudgeRules(max_per_rep=1))[0].insights) == 1


def test_without_tags_only_templates_are_compared_and_nobody_is_forgotten() -> None:
    touches = batch("U1", "a", 60, 20) + batch("U1", "b", 60, 2) + batch("U2", "a", 5, 1)
    u1, u2 = weekly_nudges(touches)
    assert [i.kind for i in u1.insights] == ["template"]
    assert u2.insights == [] and u2.encouragement is not None and u2.encouragement.responses == 1


def test_encouragement_needs_touches() -> None:
    assert encouragement("U9", []) is None


def test_rules_are_checked() -> None:
    with pytest.raises(ValueError, match="reply"):
        NudgeRules(floor=Outcome.NONE)
    with pytest.raises(ValueError, match="min_probability"):
        NudgeRules(min_probability=1.0)


@settings(max_examples=40, deadline=None)
@given(st.integers(30, 120), st.integers(30, 120), st.data())
def test_a_nudge_never_contradicts_the_observed_rates(n1: int, n2: int, data: st.DataObject) -> None:
    k1, k2 = data.draw(st.integers(0, n1)), data.draw(st.integers(0, n2))
    team_k, team_n = data.draw(st.integers(0, 200)), 200
    touches = batch("U1", "pain-first", n1, k1) + batch("U1", "feature-tour", n2, k2)
    touches += batch("U2", "pain-first", team_n, team_k)
    for insight in weekly_nudges(touches, TAGS, NudgeRules(min_probability=0.6))[0].insights:
        assert insight.better_rate > insight.worse_rate and insight.probability >= 0.6


def test_a_prior_shrinks_each_arm_toward_its_own_team_rate() -> None:
    assert BetaPrior(0.5, 10).posterior(Tally(0, 10)).mean == 0.25


def _team(rest_better: int, rest_worse: int) -> list[Touch]:
    """Riley's own openers lean issue-led (7 of 40 against 4 of 40), which alone is far from clear; eight
    colleagues with 100 of each show the team's pattern, or a chance one."""
    touches = batch("U0RILEY", "pain-first", 40, 7) + batch("U0RILEY", "feature-tour", 40, 4)
    for n in range(8):
        touches += batch(f"U{n}", "pain-first", 100, rest_better) + batch(
            f"U{n}", "feature-tour", 100, rest_worse
        )
    return touches


def test_leaning_on_the_team_needs_the_team_to_show_the_difference_clearly() -> None:
    def riley(touches: list[Touch], rules: NudgeRules | None = None) -> list[str]:
        (mine,) = [n for n in weekly_nudges(touches, TAGS, rules) if n.rep == "U0RILEY"]
        return [tag for i in mine.insights for tag in i.approaches]

    assert "issue-led" in riley(_team(rest_better=20, rest_worse=8))  # the team clearly agrees
    # 128 of 800 against 96 of 800 could be chance (98.9% < 99%): shrinking toward it would claim 99.7%.
    chance = _team(rest_better=16, rest_worse=12)
    assert riley(chance) == []
    assert "issue-led" in riley(chance, NudgeRules(min_team_probability=0.51))
