"""A manager's review of a rep, checked field by field before anything is stored."""

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from coaching.errors import Code, FormProblems, Problem, problem

EVIDENCE_MIN = 80  # characters: a sentence or two of what was seen, not "fine"
TEXT_MAX = 3000  # Slack's multiline input limit
MAX_ACTIONS = 3


class Assessment(StrEnum):
    ON_TRACK = "on track"
    NEEDS_SUPPORT = "needs support"
    AT_RISK = "at risk"


class Decision(StrEnum):
    CONTINUE = "continue"
    EXTEND = "extend the ramp"
    PERFORMANCE_PLAN = "start a performance plan"


_Errors = dict[str, Problem | list[Problem]]


class Owner(StrEnum):
    REP = "rep"
    MANAGER = "manager"


@dataclass(frozen=True)
class ActionItem:
    owner: Owner
    text: str
    due: dt.date


@dataclass(frozen=True)
class ReviewInput:
    """What a manager wrote: everything a stored review holds besides who, when and how long."""

    ratings: dict[str, int]  # sales task -> 1..5
    people: str
    control: str
    environment: str
    evidence: str
    assessment: Assessment
    decision: Decision | None
    actions: list[ActionItem]
    next_review: dt.date | None


@dataclass(frozen=True)
class RawReview:
    """The modal's values as typed, before checking (None: left empty)."""

    ratings: Mapping[str, str | None]
    people: str | None
    control: str | None
    environment: str | None
    evidence: str | None
    assessment: str | None
    decision: str | None
    actions: str | None
    next_review: dt.date | None


def parse_review(raw: RawReview, tasks: Sequence[str], *, checkpoint: bool, today: dt.date) -> ReviewInput:
    """Return the review; raise FormProblems keyed `rating:N`, `evidence`, `assessment`, `decision`,
    `actions`, `next_review` or a lever, with every problem at once."""
    errors: _Errors = {}
    ratings = _ratings(raw.ratings, tasks, errors)
    evidence = (raw.evidence or "").strip()
    if len(evidence) < EVIDENCE_MIN:
        errors["evidence"] = problem(Code.EVIDENCE_TOO_SHORT, min=EVIDENCE_MIN, length=len(evidence))
    for name in ("people", "control", "environment", "evidence"):
        if len(getattr(raw, name) or "") > TEXT_MAX:
            errors[name] = problem(Code.FIELD_TOO_LONG, max=TEXT_MAX)
    assessment = _choice(Assessment, raw.assessment, "assessment", Code.PICK_ASSESSMENT, errors)
    decision = None
    if checkpoint:
        decision = _choice(Decision, raw.decision, "decision", Code.PICK_DECISION, errors)
    actions = _actions(raw.actions or "", today, errors)
    if raw.next_review is not None and raw.next_review <= today:
        errors["next_review"] = problem(Code.NEXT_REVIEW_NOT_AFTER_TODAY)
    if errors or assessment is None:
        raise FormProblems(errors)
    return ReviewInput(
        ratings,
        (raw.people or "").strip(),
        (raw.control or "").strip(),
        (raw.environment or "").strip(),
        evidence,
        assessment,
        decision,
        actions,
        raw.next_review,
    )


def _ratings(raw: Mapping[str, str | None], tasks: Sequence[str], errors: _Errors) -> dict[str, int]:
    ratings = {}
    for n, task in enumerate(tasks):
        value = (raw.get(str(n)) or "").strip()
        if value not in {"1", "2", "3", "4", "5"}:
            errors[f"rating:{n}"] = problem(Code.RATING_MISSING)
            continue
        ratings[task] = int(value)
    return ratings


E = TypeVar("E", bound=StrEnum)


def _choice(kind: type[E], value: str | None, field: str, missing: Code, errors: _Errors) -> E | None:
    try:
        return kind(value or "")
    except ValueError:
        errors[field] = problem(missing)
        return None


_LINE = re.compile(
    r"^\s*(?P<owner>rep|manager|me)\s*:\s*(?P<text>.+?)\s+by\s+(?P<due>.+?)\s*$", re.IGNORECASE
)


def _actions(text: str, today: dt.date, errors: _Errors) -> list[ActionItem]:
    """Parse one action item per line: `rep: <what> by <date>` or `manager: <what> by <date>`."""
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) > MAX_ACTIONS:
        errors["actions"] = problem(Code.TOO_MANY_ACTIONS, max=MAX_ACTIONS, actual=len(lines))
        return []
    items: list[ActionItem] = []
    problems: list[Problem] = []
    for number, line in enumerate(lines, 1):
        match = _LINE.match(line)
        due = _date(match["due"], today) if match else None
        if match is None:
            problems.append(problem(Code.ACTION_SHAPE, line=number))
        elif due is None:
            problems.append(problem(Code.DUE_NOT_A_DATE, line=number, raw=match["due"]))
        elif due < today:
            problems.append(problem(Code.DUE_IN_THE_PAST, line=number, due=due))
        else:
            owner = Owner.MANAGER if match["owner"].lower() in ("manager", "me") else Owner.REP
            items.append(ActionItem(owner, match["text"].strip(), due))
    if problems:
        errors["actions"] = problems
    return items


def _date(text: str, today: dt.date) -> dt.date | None:
    """Return an ISO date, or `Dec 11` / `December 11` as its next occurrence from today."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        pass
    for pattern in ("%b %d", "%B %d"):
        try:
            parsed = dt.datetime.strptime(text.strip(), pattern)  # noqa: DTZ007 (a calendar date, no time)
        except ValueError:
            continue
        day = dt.date(today.year, parsed.month, parsed.day)
        return day if day >= today else dt.date(today.year + 1, parsed.month, parsed.day)
    return None


class ThinSign(StrEnum):
    """A sign of a drive-by review. The values are shown as they are and are part of the CLI's JSON."""

    SHORT_EVIDENCE = "short evidence"
    SAME_RATINGS = "every rating the same"
    HURRIED = "done in under a minute"


def thin_signs(evidence: str, ratings: Mapping[str, int], seconds: float | None) -> list[ThinSign]:
    """Return the signs of a drive-by: short evidence, every rating the same, done in under a minute."""
    signs = []
    if len(evidence) < 2 * EVIDENCE_MIN:
        signs.append(ThinSign.SHORT_EVIDENCE)
    if len(ratings) > 1 and len(set(ratings.values())) == 1:
        signs.append(ThinSign.SAME_RATINGS)
    if seconds is not None and seconds < 60:
        signs.append(ThinSign.HURRIED)
    return signs


def is_drive_by(signs_per_review: Sequence[Sequence[str]]) -> bool:
    """Return whether a manager's recent reviews (newest first) are repeatedly thin: two of the last three
    have at least two signs each."""
    thin = [len(signs) >= 2 for signs in signs_per_review[:3]]
    return sum(thin) >= 2
