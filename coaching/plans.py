"""Ramp plans: the metrics, weekly targets, milestones and funnel a new hire is measured against."""

import math
from collections.abc import Sequence
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from coaching.errors import Code, FieldProblem, describe, problem

Key = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
Label = Annotated[str, Field(min_length=1, max_length=60)]

# How many of each a plan may have, so every Slack surface built from it stays within Block Kit's limits
# (issue 13): each sales task is one rating block of the review modal (at most 100 blocks in a modal), and
# milestones and funnel stages are listed on the Home tab, in the review modal and in the digest.
MAX_SALES_TASKS = 25
MAX_MILESTONES = 30
MAX_FUNNEL_STAGES = 20
MAX_CHECKPOINTS = 12

_T = TypeVar("_T")


class Surface(StrEnum):
    """Why a plan's list has a limit: the Slack surface it would overflow (words in bot/views/problems.py)."""

    CHECKPOINTS = "checkpoints"
    MILESTONES = "milestones"
    FUNNEL = "funnel"
    SALES_TASKS = "sales_tasks"


def _at_most(limit: int, why: Surface) -> AfterValidator:
    def check(items: Sequence[_T]) -> Sequence[_T]:
        if len(items) > limit:
            raise FieldProblem([problem(Code.PLAN_LIMIT, max=limit, actual=len(items), why=why)])
        return items

    return AfterValidator(check)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Unit(StrEnum):
    COUNT = "count"
    CURRENCY = "currency"


class Target(_Frozen):
    """Weekly targets: an explicit list per week, or a full target reached from a start share over N weeks."""

    weekly: list[Annotated[float, Field(ge=0)]] | None = None
    full: Annotated[float, Field(ge=0)] | None = None
    start_share: Annotated[float, Field(gt=0, le=1)] = 1.0
    ramp_weeks: Annotated[int, Field(ge=1, le=52)] = 1

    @model_validator(mode="after")
    def _one_form(self) -> "Target":
        if (self.weekly is None) == (self.full is None):
            raise FieldProblem([problem(Code.TARGET_ONE_FORM)])
        if self.weekly is not None and not self.weekly:
            raise FieldProblem([problem(Code.TARGET_NO_WEEKS)])
        return self

    def for_week(self, week: int) -> float:
        """Return the target for ramp week `week` (1-based); the last value holds after the list ends."""
        if self.weekly is not None:
            return self.weekly[min(week, len(self.weekly)) - 1]
        full = self.full or 0.0  # the validator guarantees `full` when there is no list
        if week >= self.ramp_weeks:
            return full
        share = self.start_share + (1 - self.start_share) * (week - 1) / (self.ramp_weeks - 1)
        return round(full * share, 2)


class Metric(_Frozen):
    key: Key
    label: Label
    unit: Unit = Unit.COUNT
    max_per_week: Annotated[float, Field(gt=0)]
    weight: Annotated[float, Field(ge=0)] = 1.0
    target: Target

    def target_for(self, week: int) -> float:
        """Return the target for ramp week `week`, whole for counts (nobody makes 54.86 calls)."""
        value = self.target.for_week(week)
        return float(round(value)) if self.unit is Unit.COUNT else round(value, 2)


class Milestone(_Frozen):
    """A day-N goal: a cumulative metric threshold, or a yes/no item that a manager confirms."""

    day: Annotated[int, Field(ge=1, le=366)]
    label: Label
    kind: Literal["threshold", "confirm"]
    metric: Key | None = None
    at_least: Annotated[float, Field(gt=0)] | None = None

    @model_validator(mode="after")
    def _threshold_has_metric(self) -> "Milestone":
        is_threshold = self.kind == "threshold"
        if is_threshold and (self.metric is None or self.at_least is None):
            raise FieldProblem([problem(Code.THRESHOLD_MILESTONE_INCOMPLETE)])
        if not is_threshold and (self.metric is not None or self.at_least is not None):
            raise FieldProblem([problem(Code.CONFIRM_MILESTONE_EXTRA)])
        return self


class FunnelStage(_Frozen):
    metric: Key
    expected_conversion: Annotated[float, Field(gt=0, le=1)] | None = None


class Thresholds(_Frozen):
    """Overall attainment at or above `on_track` is on track, at or above `at_risk` at risk, else behind."""

    on_track: Annotated[float, Field(gt=0, le=2)] = 0.9
    at_risk: Annotated[float, Field(gt=0, le=2)] = 0.7

    @model_validator(mode="after")
    def _ordered(self) -> "Thresholds":
        if self.at_risk >= self.on_track:
            raise FieldProblem([problem(Code.THRESHOLDS_ORDER)])
        return self


class ReviewCadence(_Frozen):
    """How often a rep's manager reviews them: every N weeks in the ramp, every M after, and checkpoints."""

    every_weeks: Annotated[int, Field(ge=1, le=13)] = 2
    after_ramp_every_weeks: Annotated[int, Field(ge=1, le=26)] = 4  # about monthly
    checkpoints: Annotated[
        list[Annotated[int, Field(ge=1, le=366)]], _at_most(MAX_CHECKPOINTS, Surface.CHECKPOINTS)
    ] = [30, 60, 90]


class RampPlan(_Frozen):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")]
    version: Annotated[int, Field(ge=1)]
    name: Annotated[str, Field(min_length=1, max_length=120)]
    length_days: Annotated[int, Field(ge=7, le=366)] = 90
    metrics: Annotated[list[Metric], Field(min_length=1, max_length=20)]
    milestones: Annotated[list[Milestone], _at_most(MAX_MILESTONES, Surface.MILESTONES)] = []
    funnel: Annotated[list[FunnelStage], _at_most(MAX_FUNNEL_STAGES, Surface.FUNNEL)] = []
    sales_tasks: Annotated[
        list[Annotated[str, Field(min_length=1, max_length=150)]],
        _at_most(MAX_SALES_TASKS, Surface.SALES_TASKS),
    ] = []
    thresholds: Thresholds = Thresholds()
    reviews: ReviewCadence = ReviewCadence()

    @model_validator(mode="after")
    def _references_known_metrics(self) -> "RampPlan":
        keys = [m.key for m in self.metrics]
        if len(set(keys)) != len(keys):
            raise FieldProblem([problem(Code.METRIC_KEYS_REPEATED)])
        for where, key in self._metric_references():
            if key not in keys:
                raise FieldProblem([problem(Code.UNKNOWN_METRIC_REFERENCE, where=where, key=key, known=keys)])
        return self

    @cached_property
    def target_table(self) -> dict[str, tuple[float, ...]]:
        """Return each metric's target for weeks 1..N, computed once per plan (status runs it a lot)."""
        return {m.key: tuple(m.target_for(w) for w in range(1, self.weeks + 1)) for m in self.metrics}

    @cached_property
    def weekly_targets(self) -> tuple[tuple[float, ...], ...]:
        """Return, for weeks 1..N, every metric's target in plan order (indexed by week - 1)."""
        return tuple(zip(*self.target_table.values(), strict=True))

    @cached_property
    def cumulative_targets(self) -> tuple[tuple[float, ...], ...]:
        """Return, for 0..N complete weeks, every metric's cumulative target in plan order."""
        sums = [0.0] * len(self.metrics)
        table = [tuple(sums)]
        for week in self.weekly_targets:
            sums = [s + t for s, t in zip(sums, week, strict=True)]
            table.append(tuple(sums))
        return tuple(table)

    @cached_property
    def weights(self) -> tuple[float, ...]:
        return tuple(m.weight for m in self.metrics)

    @cached_property
    def keys(self) -> tuple[str, ...]:
        """The metric keys in plan order (status reads them for every rep)."""
        return tuple(m.key for m in self.metrics)

    def _metric_references(self) -> list[tuple[str, str]]:
        refs = [(f"milestones[{i}]", m.metric) for i, m in enumerate(self.milestones) if m.metric]
        return refs + [(f"funnel[{i}]", stage.metric) for i, stage in enumerate(self.funnel)]

    @property
    def weeks(self) -> int:
        """How many (possibly partial) weeks the ramp lasts."""
        return math.ceil(self.length_days / 7)

    def metric(self, key: str) -> Metric:
        """Return the metric with this key; KeyError if the plan has none."""
        for metric in self.metrics:
            if metric.key == key:
                return metric
        raise KeyError(key)


def parse_plan(data: Any) -> RampPlan:
    """Return the plan in an already-loaded YAML mapping; raise FieldProblem naming each bad field."""
    if not isinstance(data, dict):
        raise FieldProblem([problem(Code.NOT_A_PLAN, "")])
    try:
        return RampPlan.model_validate(data)
    except ValidationError as err:
        raise FieldProblem(describe(err)) from None
