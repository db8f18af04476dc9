import datetime as dt
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import integrate, stats
from scipy.special import betaln

from coaching.response_stats import (
    Beta,
    BetaPrior,
    Tally,
    by_approach,
    fit_prior,
    prior_at,
    prob_beats,
    response_rates,
    wilson_interval,
)
from coaching.templates import parse_registry
from coaching.touches import Channel, Outcome, Stage, Touch


def test_wilson_for_22_of_50_matches_the_hand_computed_interval() -> None:
    # p = .44, z^2 = 3.8415: (0.44 + 0.038415 -/+ 1.96 * sqrt(0.004928 + 0.000384)) / 1.076829
    low, high = wilson_interval(22, 50)
    assert low == pytest.approx(0.31162, abs=1e-5) and high == pytest.approx(0.57694, abs=1e-5)


def test_wilson_agrees_with_scipy() -> None:
    expected = stats.binomtest(7, 90).proportion_ci(0.95, method="wilson")
    assert wilson_interval(7, 90) == pytest.approx((expected.low, expected.high), abs=1e-12)


def test_wilson_edges() -> None:
    assert wilson_interval(0, 0) == (0.0, 1.0)
    assert wilson_interval(0, 10)[0] == 0.0 and wilson_interval(10, 10)[1] == 1.0


@given(st.integers(0, 5000), st.integers(0, 5000))
def test_wilson_intervals_contain_the_rate_and_stay_in_unit_range(a: int, b: int) -> None:
    responses, touches = min(a, b), max(a, b)
    low, high = wilson_interval(responses, touches)
    rate = responses / touches if touches else 0.5
    assert 0.0 <= low <= rate <= high <= 1.0


def _scipy_beats(a: Beta, b: Beta) -> float:
    value, _ = integrate.quad(
        lambda x: stats.beta.pdf(x, a.alpha, a.beta) * stats.beta.cdf(x, b.alpha, b.beta), 0, 1
    )
    return float(value)


def _closed_form_beats(a: Beta, b: Beta) -> float:
    """Evan Miller's exact sum for P(p_a > p_b), valid for a whole-number a.alpha."""
    total = sum(
        math.exp(
            betaln(b.alpha + i, b.beta + a.beta)
            - math.log(a.beta + i)
            - betaln(1 + i, a.beta)
            - betaln(b.alpha, b.beta)
        )
        for i in range(int(a.alpha))
    )
    return float(total)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (Beta(12, 40), Beta(7, 70)),
        (Beta(1, 1), Beta(1, 1)),
        (Beta(3, 2), Beta(20, 5)),
        (Beta(150, 850), Beta(140, 860)),
    ],
)
def test_prob_beats_matches_scipy_integration_and_the_closed_form(a: Beta, b: Beta) -> None:
    assert prob_beats(a, b) == pytest.approx(_scipy_beats(a, b), abs=1e-7)
    assert prob_beats(a, b) == pytest.approx(_closed_form_beats(a, b), abs=1e-7)


def test_prob_beats_matches_a_large_seeded_simulation() -> None:
    rng = np.random.default_rng(7)
    a, b = Beta(11.4, 39.6), Beta(6.7, 68.3)
    share = float(np.mean(rng.beta(a.alpha, a.beta, 400_000) > rng.beta(b.alpha, b.beta, 400_000)))
    assert prob_beats(a, b) == pytest.approx(share, abs=0.003)


@given(st.floats(0.3, 500), st.floats(0.3, 500), st.floats(0.3, 500), st.floats(0.3, 500))
def test_prob_beats_is_symmetric(a1: float, b1: float, a2: float, b2: float) -> None:
    a, b = Beta(a1, b1), Beta(a2, b2)
    assert prob_beats(a, b) + prob_beats(b, a) == pytest.approx(1.0, abs=1e-6)
    assert prob_beats(a, a) == pytest.approx(0.5, abs=1e-6)


@given(st.integers(0, 300), st.integers(0, 300), st.floats(0.01, 0.99), st.floats(0.5, 200))
def test_a_shrunk_rate_lies_between_the_rep_rate_and_the_team_rate(
    a: int, b: int, team: float, strength: float
) -> None:
    tally = Tally(min(a, b), max(a, b))
    shrunk = BetaPrior(team, strength).shrunk_rate(tally)
    own = tally.rate if tally.rate is not None else team
    assert min(own, team) - 1e-12 <= shrunk <= max(own, team) + 1e-12


def test_twenty_pseudo_touches_pull_a_small_sample_most_of_the_way() -> None:
    prior = BetaPrior(0.1, 20)
    assert prior.shrunk_rate(Tally(3, 5)) == pytest.approx(5 / 25)
    assert prior.shrunk_rate(Tally(300, 500)) == pytest.approx(302 / 520)
    assert prior_at(Tally(10, 99)).mean == pytest.approx(0.105)


def test_fit_prior_uses_the_spread_between_reps_beyond_noise() -> None:
    # Rates .1 .2 .3 .4 on 1000 touches each: spread .016667, noise .25 * .75 / 1000 = .0001875.
    prior = fit_prior([Tally(k, 1000) for k in (100, 200, 300, 400)])
    between = 0.0166667 - 0.25 * 0.75 / 1000
    assert prior.mean == pytest.approx(0.25, abs=1e-3)
    assert prior.strength == pytest.approx(0.25 * 0.75 / between - 1, rel=1e-3)
    same = fit_prior([Tally(k, 100) for k in (10, 11, 9, 10)])
    assert same.strength == 1000.0  # no spread beyond noise: pool (almost) fully
    assert fit_prior([Tally(1, 10)]).strength == 20.0  # too few reps to fit


def _touch(rep: str, template: str, outcome: Outcome, step: int = 1, body: str | None = None) -> Touch:
    when = dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)
    return Touch(
        rep=rep, sent_at=when, channel=Channel.EMAIL, step=step, template=template, body=body, outcome=outcome
    )


def test_rates_per_rep_and_team_per_template_and_approach() -> None:
    touches = [
        _touch("U1", "a", Outcome.REPLY),
        _touch("U1", "a", Outcome.NONE),
        _touch("U1", "b", Outcome.MEETING_BOOKED, step=2),
        _touch("U2", "a", Outcome.POSITIVE_REPLY),
    ]
    rates = {(r.rep, r.arm): (r.responses, r.touches) for r in response_rates(touches)}
    assert rates == {("U1", "a"): (1, 2), ("U1", "b"): (1, 1), ("U2", "a"): (1, 1)}
    team = response_rates(touches, per_rep=False, floor=Outcome.POSITIVE_REPLY)
    assert [(r.rep, r.arm, r.responses, r.touches) for r in team] == [(None, "b", 1, 1), (None, "a", 1, 3)]
    staged = response_rates(touches, per_rep=False, by_stage=True)
    assert {(r.stage, r.arm) for r in staged} == {(Stage.OPENER, "a"), (Stage.FOLLOW_UP, "b")}
    registry = parse_registry(
        {"templates": [{"name": "a", "tags": ["issue-led"]}, {"name": "b", "tags": ["long"]}]}
    )
    approach = response_rates(touches, by_approach(registry), per_rep=False)
    assert {(r.arm, r.touches) for r in approach} == {("issue-led", 3), ("long", 1)}
    assert all(r.low <= r.rate <= r.high for r in approach)


def test_a_tally_cannot_have_more_responses_than_touches() -> None:
    with pytest.raises(ValueError, match="responses"):
        Tally(3, 2)
