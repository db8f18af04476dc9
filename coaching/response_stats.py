"""Response rates with honest uncertainty: Wilson intervals, Beta posteriors and shrinkage toward the team."""

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from coaching.templates import TemplateRegistry
from coaching.touches import REPLY_OR_BETTER, Outcome, Stage, Touch

Z_95 = 1.959963984540054  # the two-sided 95% quantile of the standard normal
DEFAULT_PRIOR_STRENGTH = 20.0  # pseudo-touches at the team's rate that a rep's own data must outweigh
_CUTS = (1e-4, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 1 - 1e-4)  # quantiles where the integral is cut


@dataclass(frozen=True)
class Tally:
    responses: int
    touches: int

    def __post_init__(self) -> None:
        if not 0 <= self.responses <= self.touches:
            raise ValueError(f"need 0 <= responses <= touches, got {self.responses}/{self.touches}")

    @property
    def rate(self) -> float | None:
        return self.responses / self.touches if self.touches else None

    def __add__(self, other: "Tally") -> "Tally":
        return Tally(self.responses + other.responses, self.touches + other.touches)


def wilson_interval(responses: int, touches: int, z: float = Z_95) -> tuple[float, float]:
    """Return the Wilson score interval for a rate; with no touches, everything from 0 to 1 is possible."""
    if touches == 0:
        return 0.0, 1.0
    p = responses / touches
    centre = p + z * z / (2 * touches)
    spread = z * math.sqrt(p * (1 - p) / touches + z * z / (4 * touches * touches))
    scale = 1 + z * z / touches
    # Clamp rounding noise so the interval always contains the observed rate and stays in [0, 1].
    return max(0.0, min(p, (centre - spread) / scale)), min(1.0, max(p, (centre + spread) / scale))


@dataclass(frozen=True)
class Beta:
    alpha: float
    beta: float

    def __post_init__(self) -> None:
        if not (self.alpha > 0 and self.beta > 0):
            raise ValueError(f"Beta parameters must be positive, got {self.alpha}, {self.beta}")

    @property
    def mean(self) -> float:
        return self.alpha / (self.alpha + self.beta)


@dataclass(frozen=True)
class BetaPrior:
    """A prior centred on a rate, worth `strength` pseudo-touches."""

    mean: float
    strength: float

    def __post_init__(self) -> None:
        if not (0 < self.mean < 1 and self.strength > 0):
            raise ValueError(f"need 0 < mean < 1 and strength > 0, got {self.mean}, {self.strength}")

    def posterior(self, tally: Tally) -> Beta:
        return Beta(
            self.mean * self.strength + tally.responses,
            (1 - self.mean) * self.strength + tally.touches - tally.responses,
        )

    def shrunk_rate(self, tally: Tally) -> float:
        """Return the rep's rate pulled toward the prior's mean, less so the more touches there are."""
        return self.posterior(tally).mean


def prior_at(team: Tally, strength: float = DEFAULT_PRIOR_STRENGTH) -> BetaPrior:
    """Return a prior at the team's rate; half a pseudo-response keeps it off 0 and 1."""
    return BetaPrior((team.responses + 0.5) / (team.touches + 1), strength)


def fit_prior(
    groups: Sequence[Tally], fallback: float = DEFAULT_PRIOR_STRENGTH, most: float = 1000.0
) -> BetaPrior:
    """Fit a Beta prior to the reps' rates by the method of moments.

    The spread between reps beyond what binomial noise explains sets the strength: reps that differ a lot
    get a weak prior. With fewer than three reps the spread means little, so `fallback` is used.
    """
    total = sum(groups, Tally(0, 0))
    prior = prior_at(total, fallback)
    seen = [g for g in groups if g.touches]
    if len(seen) < 3:
        return prior
    rates = [g.responses / g.touches for g in seen]
    mean = prior.mean
    spread = sum((r - sum(rates) / len(rates)) ** 2 for r in rates) / (len(rates) - 1)
    noise = sum(mean * (1 - mean) / g.touches for g in seen) / len(seen)
    between = spread - noise
    strength = most if between <= 0 else mean * (1 - mean) / between - 1
    return BetaPrior(mean, min(most, max(2.0, strength)))


def prob_beats(a: Beta, b: Beta) -> float:
    """Return P(p_a > p_b) for independent Beta rates: the integral of pdf_a(x) * cdf_b(x) over [0, 1].

    The integral is cut at quantiles of `a` so each piece holds a known share of its mass and quad sees
    no spike it could step over. The end pieces use quad's algebraic weight, which integrates the
    x^(alpha-1) and (1-x)^(beta-1) singularities of a Beta with a parameter below 1 exactly. Cuts that
    round to 0, 1 or each other are dropped, so the pieces always cover [0, 1] once.
    """
    # scipy (with numpy, ~40 MB) is loaded on first use: most requests a server answers never need it.
    from scipy import special

    # Below 1 a parameter makes the density infinite at that end: one weighted piece reaches the median.
    levels = [q for q in _CUTS if (q >= 0.5 or a.alpha >= 1) and (q <= 0.5 or a.beta >= 1)]
    inner = {float(special.betaincinv(a.alpha, a.beta, q)) for q in levels}
    cuts = [0.0, *sorted(x for x in inner if 0.0 < x < 1.0), 1.0]
    log_norm = float(special.betaln(a.alpha, a.beta))

    def cdf_b(x: float) -> float:
        return float(special.betainc(b.alpha, b.beta, x))

    def integrand(x: float) -> float:
        if x <= 0.0 or x >= 1.0:
            return 0.0
        return math.exp((a.alpha - 1) * math.log(x) + (a.beta - 1) * math.log1p(-x) - log_norm) * cdf_b(x)

    def lower(x: float) -> float:  # the integrand without its x^(alpha-1) factor
        return cdf_b(x) * math.exp((a.beta - 1) * math.log1p(-x) - log_norm)

    def upper(x: float) -> float:  # the integrand without its (1-x)^(beta-1) factor
        return cdf_b(x) * math.exp((a.alpha - 1) * math.log(x) - log_norm)

    total = 0.0
    last = len(cuts) - 2
    for piece, (low, high) in enumerate(zip(cuts, cuts[1:], strict=False)):
        if piece == 0 and a.alpha < 1:
            total += _quad(lower, low, high, weight="alg", wvar=(a.alpha - 1, 0.0))
        elif piece == last and a.beta < 1:
            total += _quad(upper, low, high, weight="alg", wvar=(0.0, a.beta - 1))
        else:
            total += _quad(integrand, low, high)
    return min(1.0, max(0.0, total))


def _quad(function: Callable[[float], float], low: float, high: float, **weight: object) -> float:
    # full_output returns quad's roundoff notes instead of warning: they come from pieces whose mass is
    # far below the 1e-8 accuracy that the tests check against scipy and a closed form.
    from scipy import integrate  # loaded on first use (see prob_beats)

    result = integrate.quad(
        function, low, high, epsabs=1e-11, epsrel=1e-10, limit=100, full_output=1, **weight
    )
    return float(result[0])


@dataclass(frozen=True)
class ResponseRate:
    """The response rate of one arm (a template or an approach tag); `rep` is None for the whole team."""

    rep: str | None
    stage: Stage | None
    arm: str
    responses: int
    touches: int
    rate: float
    low: float
    high: float


ArmsOf = Callable[[Touch], Iterable[str]]


def by_template(touch: Touch) -> tuple[str]:
    return (touch.template,)


def by_approach(registry: TemplateRegistry) -> ArmsOf:
    """Return the arms function that files each touch under each of its approach tags."""
    return lambda touch: registry.tags_for(touch.template, touch.body, touch.body_tags)


GroupKey = tuple[str | None, Stage | None, str]


def tallies(
    touches: Iterable[Touch],
    arms_of: ArmsOf = by_template,
    *,
    per_rep: bool = True,
    by_stage: bool = False,
    floor: Outcome = REPLY_OR_BETTER,
) -> dict[GroupKey, Tally]:
    """Count responses per (rep or None for the team, stage or None, arm)."""
    counts: dict[GroupKey, list[int]] = defaultdict(lambda: [0, 0])
    for touch in touches:
        hit = int(touch.responded(floor))
        for arm in arms_of(touch):
            count = counts[(touch.rep if per_rep else None, touch.stage if by_stage else None, arm)]
            count[0] += hit
            count[1] += 1
    return {key: Tally(k, n) for key, (k, n) in counts.items()}


def response_rates(
    touches: Iterable[Touch],
    arms_of: ArmsOf = by_template,
    *,
    per_rep: bool = True,
    by_stage: bool = False,
    floor: Outcome = REPLY_OR_BETTER,
) -> list[ResponseRate]:
    """Return each arm's rate and 95% Wilson interval, per rep or for the team, sorted for display."""
    counted = tallies(touches, arms_of, per_rep=per_rep, by_stage=by_stage, floor=floor)
    rates = [
        ResponseRate(
            rep,
            stage,
            arm,
            t.responses,
            t.touches,
            t.responses / t.touches,
            *wilson_interval(t.responses, t.touches),
        )
        for (rep, stage, arm), t in counted.items()
    ]
    return sorted(rates, key=lambda r: (r.rep or "", r.stage or "", -r.rate, r.arm))
