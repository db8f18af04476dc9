"""Is the early call right? Recalibration on completed ramps, and the figures that judge a forecast.

Every function takes (score, outcome) pairs: the chance a forecast gave, and whether the rep made it.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

MIN_RAMPS = 20  # fewer completed ramps than this say too little to correct the model
BANDS = 10
_EDGE = 1e-4  # scores of exactly 0 or 1 would have an infinite logit

Pair = tuple[float, bool]


@dataclass(frozen=True)
class Calibration:
    """Platt scaling of the model's score: p = sigmoid(slope * logit(score) + intercept)."""

    slope: float
    intercept: float
    ramps: int  # how many completed ramps it was fitted on

    def apply(self, score: float) -> float:
        """Return the recalibrated chance for a model score."""
        return _sigmoid(self.slope * _logit(score) + self.intercept)


def fit_calibration(pairs: Sequence[Pair], *, ramps: int) -> Calibration | None:
    """Return the Platt scaling that fits the pairs best, or None with fewer than MIN_RAMPS ramps.

    A weak pull towards "no change" (slope 1, intercept 0) keeps a small or one-sided sample from
    producing extreme corrections.
    """
    if ramps < MIN_RAMPS or not pairs:
        return None
    x = np.array([_logit(s) for s, _ in pairs])
    y = np.array([1.0 if hit else 0.0 for _, hit in pairs])

    def loss(params: np.ndarray) -> float:
        z = params[0] * x + params[1]
        nll = float(np.sum(np.logaddexp(0.0, z) - y * z))
        return float(nll + 0.5 * ((params[0] - 1.0) ** 2 + params[1] ** 2))

    from scipy.optimize import minimize  # on first use, as in early_call

    fitted = minimize(loss, np.array([1.0, 0.0]), method="BFGS")
    return Calibration(float(fitted.x[0]), float(fitted.x[1]), ramps)


@dataclass(frozen=True)
class Band:
    low: float
    high: float
    count: int
    predicted: float | None  # mean chance given in the band
    observed: float | None  # share of those reps that made it


@dataclass(frozen=True)
class Reliability:
    bands: list[Band]
    brier: float | None
    count: int


def reliability(pairs: Sequence[Pair], bands: int = BANDS) -> Reliability:
    """Return the reliability table (predicted band, count, observed share) and the Brier score."""
    rows = []
    for b in range(bands):
        low, high = b / bands, (b + 1) / bands
        inside = [(s, hit) for s, hit in pairs if _band(s, bands) == b]
        rows.append(
            Band(
                low,
                high,
                len(inside),
                sum(s for s, _ in inside) / len(inside) if inside else None,
                sum(hit for _, hit in inside) / len(inside) if inside else None,
            )
        )
    return Reliability(rows, brier(pairs) if pairs else None, len(pairs))


def brier(pairs: Sequence[Pair]) -> float:
    """Return the mean squared difference between the chance given and what happened (0 is perfect)."""
    return sum((s - hit) ** 2 for s, hit in pairs) / len(pairs)


def expected_calibration_error(pairs: Sequence[Pair], bands: int = BANDS) -> float:
    """Return the count-weighted mean gap between predicted and observed share across the bands."""
    table = reliability(pairs, bands)
    return sum(b.count * abs((b.predicted or 0.0) - (b.observed or 0.0)) for b in table.bands) / max(
        table.count, 1
    )


def auc(pairs: Sequence[Pair]) -> float:
    """Return the chance that a rep who made it got a higher score than one who did not (ties: half)."""
    hits = sum(1 for _, hit in pairs if hit)
    misses = len(pairs) - hits
    if not hits or not misses:
        return math.nan
    from scipy.stats import rankdata  # on first use, as in early_call

    ranks = rankdata([s for s, _ in pairs])
    rank_sum = sum(r for r, (_, hit) in zip(ranks, pairs, strict=True) if hit)
    return float((rank_sum - hits * (hits + 1) / 2) / (hits * misses))


def _band(score: float, bands: int) -> int:
    return min(int(score * bands), bands - 1)


def _logit(p: float) -> float:
    p = min(max(p, _EDGE), 1 - _EDGE)
    return math.log(p / (1 - p))


def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z)) if z >= 0 else math.exp(z) / (1 + math.exp(z))
