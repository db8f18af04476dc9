"""Recalibration on completed ramps, and the figures that judge a forecast."""

import math
import random

import pytest

from coaching.calibration import (
    MIN_RAMPS,
    auc,
    brier,
    expected_calibration_error,
    fit_calibration,
    reliability,
)


def test_no_recalibration_with_fewer_than_twenty_completed_ramps() -> None:
    assert fit_calibration([(0.5, True)] * 10, ramps=MIN_RAMPS - 1) is None
    assert fit_calibration([(0.5, True)] * 10, ramps=MIN_RAMPS) is not None


def test_an_overconfident_model_is_pulled_back_towards_what_happened() -> None:
    rng = random.Random(3)
    scores = [rng.random() for _ in range(2000)]
    # The truth is half as sure as the model: logit(truth) = logit(score) / 2.
    pairs = [
        (s, rng.random() < 1 / (1 + math.exp(-0.5 * math.log(s / (1 - s))))) for s in scores if 0 < s < 1
    ]
    fitted = fit_calibration(pairs, ramps=500)
    assert fitted is not None
    assert fitted.slope == pytest.approx(0.5, abs=0.1)
    after = [(fitted.apply(s), hit) for s, hit in pairs]
    assert expected_calibration_error(after) < expected_calibration_error(pairs) / 2
    assert brier(after) < brier(pairs)


def test_the_reliability_table_counts_each_band_and_its_observed_share() -> None:
    pairs = [(0.05, False), (0.05, True), (0.72, True), (0.78, True), (0.75, False), (1.0, True)]
    table = reliability(pairs)
    assert [b.count for b in table.bands] == [2, 0, 0, 0, 0, 0, 0, 3, 0, 1]
    assert table.bands[7].observed == pytest.approx(2 / 3)
    assert table.bands[7].predicted == pytest.approx(0.75)
    assert table.bands[1].observed is None
    assert table.brier == pytest.approx(brier(pairs))


def test_auc_is_one_for_a_perfect_ranking_and_a_half_for_ties() -> None:
    assert auc([(0.9, True), (0.8, True), (0.2, False)]) == 1.0
    assert auc([(0.5, True), (0.5, False)]) == 0.5
    assert math.isnan(auc([(0.5, True)]))
