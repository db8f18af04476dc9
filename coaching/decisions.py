"""Checkpoint decisions: what a manager decides at day 30/60/90, and how each decision acts on the ramp.

A decision is an immutable record. These functions take the rep's decisions (oldest first) and return
what the ramp becomes: a longer plan after an extension, an end after graduation or parting ways, the
open performance plan. Words live in `bot/views/decisions.py`.
"""

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from coaching.cadence import Ramp
from coaching.early_call import EarlyCall
from coaching.early_call_reasons import Reason
from coaching.errors import Code, FormProblems, Problem, problem
from coaching.plans import RampPlan
from coaching.review_form import TEXT_MAX, Decision, RawReview, ReviewInput, day_from_text, parse_review
from coaching.status import MilestoneProgress, MilestoneState

WHY_MIN = 20  # characters: a reason someone else can follow, not "ok"
MAX_EXTEND_WEEKS = 12
MAX_GOALS = 3
ENDING = {Decision.GRADUATE, Decision.PART_WAYS}
_GOAL = re.compile(r"^\s*(?P<text>.+?)\s+by\s+(?P<due>.+?)\s*$", re.IGNORECASE)


class Outcome(StrEnum):
    COMPLETED = "completed"
    NOT_RETAINED = "not retained"


@dataclass(frozen=True)
class Goal:
    text: str
    due: dt.date


@dataclass(frozen=True)
class DecisionInput:
    """What a manager decided, checked: the kind, why, and what the kind needs."""

    kind: Decision
    why: str
    weeks: int | None = None  # extend: by how many weeks
    goals: tuple[Goal, ...] = ()  # performance plan: up to three dated goals
    decide_by: dt.date | None = None  # performance plan: when it is decided


@dataclass(frozen=True)
class StoredDecision:
    """A decision as recorded: who, when, on which ramp day, and the data at that moment."""

    id: int
    rep_id: str
    decision: DecisionInput
    by: str
    at: dt.datetime
    on: dt.date  # the rep's local date when it was made: an ending decision ends the ramp that day
    checkpoint: int | None
    snapshot: Mapping[str, object] = field(default_factory=dict)
    amendments: tuple[str, ...] = ()


@dataclass(frozen=True)
class RampEnd:
    outcome: Outcome
    on: dt.date  # the ramp's last day


@dataclass(frozen=True)
class Suggestion:
    """The decision the data points to at a checkpoint, with what points there."""

    kind: Decision
    p_on_track: float | None
    reasons: tuple[Reason, ...]
    missed: tuple[str, ...]  # labels of missed milestones


def parse_decision(
    kind: Decision,
    why: str | None,
    weeks: str | None,
    goals: str | None,
    decide_by: dt.date | None,
    today: dt.date,
) -> DecisionInput:
    """Return the checked decision; raise FormProblems keyed decision_why, decision_weeks, decision_goals
    or decision_by, with every problem at once."""
    errors: dict[str, list[Problem]] = {}
    text = (why or "").strip()
    if len(text) < WHY_MIN:
        errors["decision_why"] = [problem(Code.DECISION_WHY_SHORT, min=WHY_MIN)]
    elif len(text) > TEXT_MAX:
        errors["decision_why"] = [problem(Code.DECISION_TEXT_TOO_LONG, max=TEXT_MAX)]
    extend = _weeks(weeks, errors) if kind is Decision.EXTEND else None
    planned: tuple[Goal, ...] = ()
    if kind is Decision.PERFORMANCE_PLAN:
        planned = _goals(goals or "", today, errors)
        if decide_by is None or decide_by <= today:
            errors["decision_by"] = [problem(Code.DECISION_DATE_NOT_AFTER_TODAY)]
    if errors:
        raise FormProblems(errors)
    return DecisionInput(kind, text, extend, planned, decide_by if planned else None)


def _weeks(text: str | None, errors: dict[str, list[Problem]]) -> int | None:
    value = (text or "").strip()
    if not value.isdigit() or not 1 <= int(value) <= MAX_EXTEND_WEEKS:
        errors["decision_weeks"] = [problem(Code.EXTEND_WEEKS, max=MAX_EXTEND_WEEKS)]
        return None
    return int(value)


def _goals(text: str, today: dt.date, errors: dict[str, list[Problem]]) -> tuple[Goal, ...]:
    lines = [line for line in text.splitlines() if line.strip()]
    if not 1 <= len(lines) <= MAX_GOALS:
        errors["decision_goals"] = [problem(Code.GOALS_COUNT, max=MAX_GOALS)]
        return ()
    goals: list[Goal] = []
    problems: list[Problem] = []
    for number, line in enumerate(lines, 1):
        match = _GOAL.match(line)
        due = day_from_text(match["due"], today) if match else None
        if match is None or due is None:
            problems.append(problem(Code.GOAL_SHAPE, line=number))
        elif due <= today:
            problems.append(problem(Code.GOAL_DATE_PAST, line=number, day=due))
        else:
            goals.append(Goal(match["text"].strip()[:300], due))
    if problems:
        errors["decision_goals"] = problems
    return tuple(goals)


def extension_weeks(decisions: Sequence[StoredDecision]) -> int:
    """Return how many weeks the ramp was extended by, over all its decisions."""
    return sum(d.decision.weeks or 0 for d in decisions if d.decision.kind is Decision.EXTEND)


def effective_plan(plan: RampPlan, decisions: Sequence[StoredDecision]) -> RampPlan:
    """Return the plan the rep is measured on: after an extension, longer by those weeks.

    The full-pace targets continue (a target's last value holds after its list ends), and the
    checkpoints and milestones on the old last day move to the new one, so the day-90 bar stays the
    end-of-ramp bar.
    """
    weeks = extension_weeks(decisions)
    if not weeks:
        return plan
    old_end, days = plan.length_days, 7 * weeks
    data = plan.model_dump()
    data["length_days"] = min(366, old_end + days)
    moved = data["length_days"] - old_end
    for milestone in data["milestones"]:
        if milestone["day"] >= old_end:
            milestone["day"] += moved
    data["reviews"]["checkpoints"] = [
        day + moved if day >= old_end else day for day in data["reviews"]["checkpoints"]
    ]
    return RampPlan.model_validate(data)


def ramp_ended(decisions: Sequence[StoredDecision]) -> RampEnd | None:
    """Return how and when the ramp ended, if a decision ended it (graduate or part ways)."""
    for d in decisions:
        if d.decision.kind in ENDING:
            outcome = Outcome.COMPLETED if d.decision.kind is Decision.GRADUATE else Outcome.NOT_RETAINED
            return RampEnd(outcome, d.on)
    return None


def performance_plan(decisions: Sequence[StoredDecision]) -> StoredDecision | None:
    """Return the performance plan in force: the latest decision, when it started one."""
    if decisions and decisions[-1].decision.kind is Decision.PERFORMANCE_PLAN:
        return decisions[-1]
    return None


def suggested_decision(
    call: EarlyCall | None, milestones: Sequence[MilestoneProgress], *, final: bool
) -> Suggestion:
    """Return the decision the early call and the milestones point to at a checkpoint.

    Likely to finish on track: continue (graduate at the last checkpoint). A toss-up, or a missed
    milestone: extend at the end, continue with coaching before it. Unlikely: a performance plan.
    """
    missed = tuple(m.label for m in milestones if m.state is MilestoneState.MISSED)
    p = call.p_on_track if call else None
    reasons = call.reasons if call else ()
    if p is None:
        kind = Decision.CONTINUE
    elif p >= 0.6 and not missed:
        kind = Decision.GRADUATE if final else Decision.CONTINUE
    elif p >= 0.3:
        kind = Decision.EXTEND if final else Decision.CONTINUE
    else:
        kind = Decision.PERFORMANCE_PLAN
    return Suggestion(kind, p, reasons, missed)


def checkpoint_review(
    raw: RawReview, tasks: Sequence[str], *, checkpoint: bool, today: dt.date
) -> tuple[ReviewInput, DecisionInput | None]:
    """Return the review and, at a checkpoint, its decision; raise FormProblems with the problems of both."""
    errors: dict[str, list[Problem]] = {}
    review = decision = None
    try:
        review = parse_review(raw, tasks, checkpoint=checkpoint, today=today)
    except FormProblems as problems:
        errors |= problems.errors
    kind = _kind(raw.decision) if checkpoint else None
    if kind is not None:
        try:
            decision = parse_decision(
                kind, raw.decision_why, raw.decision_weeks, raw.decision_goals, raw.decision_by, today
            )
        except FormProblems as problems:
            errors |= problems.errors
    if errors or review is None:
        raise FormProblems(errors)
    return review, decision


def _kind(value: str | None) -> Decision | None:
    try:
        return Decision(value or "")
    except ValueError:
        return None


def decided_ramp(ramp: Ramp, plan: RampPlan, decisions: Sequence[StoredDecision]) -> Ramp | None:
    """Return the ramp's dates for the scheduler after its decisions: longer after an extension, ended
    the day after graduation, and None after parting ways (nothing more is sent to the rep)."""
    ended = ramp_ended(decisions)
    if ended is not None and ended.outcome is Outcome.NOT_RETAINED:
        return None
    end = ramp.start + dt.timedelta(days=effective_plan(plan, decisions).length_days)
    if ended is not None:
        end = min(end, ended.on + dt.timedelta(days=1))
    return dataclasses.replace(ramp, end=end)


def parted(decisions: Sequence[StoredDecision]) -> bool:
    """Return whether the rep and the company parted ways: no scheduled message reaches them any more."""
    ended = ramp_ended(decisions)
    return ended is not None and ended.outcome is Outcome.NOT_RETAINED
