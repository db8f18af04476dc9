"""The quick form of /log: `calls=42 meetings=5`, optionally for `last week`, checked against the plan."""

import difflib
import re
from dataclasses import dataclass

from coaching.errors import Code, FieldProblem, Problem, problem
from coaching.plans import Metric, RampPlan, Unit

MAX_TEXT = 1000
_PAIR = re.compile(r"^(?P<name>[^=:\s]+)\s*[=:]\s*(?P<value>\S+)$")
_NUMBER = re.compile(r"^\$?(?P<digits>\d{1,3}(,\d{3})+|\d+)(?P<fraction>\.\d+)?$")
_WEEK_WORDS = {"this week": 0, "last week": 1}


@dataclass(frozen=True)
class LogRequest:
    """What a rep asked to log: how many weeks back (0 = this week) and one value per metric key."""

    weeks_back: int
    values: dict[str, float]


def parse_log_text(text: str, plan: RampPlan) -> LogRequest:
    """Return the values in `text` keyed by metric; raise FieldProblem listing every problem at once."""
    if len(text) > MAX_TEXT:
        raise FieldProblem([problem(Code.TEXT_TOO_LONG, length=len(text), max=MAX_TEXT)])
    weeks_back, rest = _week_prefix(" ".join(text.split()))
    values: dict[str, float] = {}
    problems: list[Problem] = []
    for token in _tokens(rest):
        try:
            metric, value = _pair(token, plan)
        except FieldProblem as err:
            problems += err.problems
            continue
        if metric.key in values:
            problems.append(problem(Code.METRIC_TWICE, metric=metric.key))
        values[metric.key] = value
    if not values and not problems:
        problems.append(problem(Code.NO_VALUES))
    if problems:
        raise FieldProblem(problems)
    return LogRequest(weeks_back=weeks_back, values=values)


def _week_prefix(text: str) -> tuple[int, str]:
    lowered = text.lower()
    for words, back in _WEEK_WORDS.items():
        if lowered.startswith(words):
            return back, text[len(words) :]
    return 0, text


def _tokens(text: str) -> list[str]:
    # Allow `calls = 42` and `calls: 42` by gluing the separator to its neighbours first.
    glued = re.sub(r"\s*([=:])\s*", r"\1", text.strip())
    return [t for t in glued.split(" ") if t]


def _pair(token: str, plan: RampPlan) -> tuple[Metric, float]:
    match = _PAIR.match(token)
    if match is None:
        raise FieldProblem([problem(Code.NOT_A_PAIR, token=token)])
    metric = match_metric(match["name"], plan)
    return metric, metric_value(metric, match["value"])


def match_metric(name: str, plan: RampPlan) -> Metric:
    """Return the plan metric `name` means, by key or label ignoring case, spaces and underscores."""
    wanted = _normal(name)
    for metric in plan.metrics:
        if wanted in (_normal(metric.key), _normal(metric.label)):
            return metric
    names = {_normal(m.key): m.key for m in plan.metrics} | {_normal(m.label): m.key for m in plan.metrics}
    close = difflib.get_close_matches(wanted, names, n=1, cutoff=0.6)
    suggestion = names[close[0]] if close else None
    known = [m.key for m in plan.metrics]
    raise FieldProblem([problem(Code.UNKNOWN_METRIC, name=name[:40], suggestion=suggestion, known=known)])


def _normal(name: str) -> str:
    return re.sub(r"[\s_\-]", "", name.lower())


def metric_value(metric: Metric, raw: str) -> float:
    """Return the number in `raw` for `metric`; raise FieldProblem, at the metric's key, if it is not one."""
    if raw.startswith("-"):
        raise FieldProblem([problem(Code.NEGATIVE, metric.key, raw=raw[:20])])
    match = _NUMBER.match(raw)
    if match is None:
        raise FieldProblem([problem(Code.NOT_A_NUMBER, metric.key, raw=raw[:20])])
    if metric.unit is Unit.COUNT and match["fraction"] and float(match["fraction"]) != 0:
        raise FieldProblem([problem(Code.NOT_WHOLE, metric.key, raw=raw)])
    value = float(match["digits"].replace(",", "") + (match["fraction"] or ""))
    if value > metric.max_per_week:
        raise FieldProblem([problem(Code.OVER_WEEKLY_MAX, metric.key, raw=raw, max=metric.max_per_week)])
    return value
