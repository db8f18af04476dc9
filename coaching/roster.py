"""The roster: the kinds of change to who is where, each change as recorded, and the words after
`/ramp offboard` and `/ramp reactivate` read into a request."""

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from coaching.errors import Code, FieldProblem, Problem, problem

_MENTION = re.compile(r"^<@([UW][A-Z0-9]{2,20})(?:\|[^>]*)?>$")
MAX_REASON = 300


class Change(StrEnum):
    LEAVE = "leave"
    LEAVE_CHANGED = "leave_changed"
    LEAVE_ENDED = "leave_ended"
    OFFBOARD = "offboard"
    REACTIVATE = "reactivate"
    MOVE = "move"
    REPLAN = "replan"


@dataclass(frozen=True)
class RosterChange:
    """One recorded change: who (actor) did what (change, detail) to whom (person), when, and why."""

    person_id: str
    actor_id: str
    change: Change
    detail: str
    reason: str
    at: dt.datetime


@dataclass(frozen=True)
class PersonRequest:
    """`/ramp offboard @rep [reason]`: the person named, and the optional reason after them."""

    person_id: str
    reason: str


def parse_person_request(text: str, *, what: str) -> PersonRequest:
    """Return the @mentioned person and the reason after them; raise FieldProblem if none is named."""
    first, _, rest = text.strip().partition(" ")
    mention = _MENTION.match(first)
    if mention is None:
        raise FieldProblem([problem(Code.SAY_WHO, what=what)])
    reason = " ".join(rest.split())
    if len(reason) > MAX_REASON:
        raise FieldProblem([problem(Code.REASON_TOO_LONG, max=MAX_REASON, actual=len(reason))])
    if any(ord(c) < 32 for c in reason):
        raise FieldProblem([problem(Code.REASON_CONTROL)])
    return PersonRequest(mention[1], reason)


@dataclass(frozen=True)
class MoveRequest:
    """`/ramp move @rep to @manager [reason]`."""

    rep_id: str
    manager_id: str
    reason: str


_MOVE = re.compile(r"^(\S+)\s+to\s+(\S+)(?:\s+(.*))?$", re.IGNORECASE | re.DOTALL)


def parse_move_text(text: str) -> MoveRequest:
    """Return who moves to whom and why; raise FieldProblem unless it reads `@rep to @manager [reason]`."""
    found = _MOVE.match(text.strip())
    rep = _MENTION.match(found[1]) if found else None
    manager = _MENTION.match(found[2]) if found else None
    if found is None or rep is None or manager is None:
        raise FieldProblem([problem(Code.MOVE_SHAPE)])
    request = parse_person_request(f"{found[1]} {found[3] or ''}", what="move")
    return MoveRequest(rep[1], manager[1], request.reason)


@dataclass(frozen=True)
class ReplanRequest:
    """`/ramp replan @rep plan=ae-90 [from=DATE] [--keep-day]`."""

    rep_id: str
    plan_id: str
    start: dt.date | None  # None: today
    keep_day: bool


_PLAN = re.compile(r"^plan=([a-z0-9][a-z0-9-]{0,39})$")
_FROM = re.compile(r"^from=(\S+)$")


def parse_replan_text(text: str) -> ReplanRequest:
    """Return the replan request; raise FieldProblem naming each problem."""
    words = text.split()
    mention = _MENTION.match(words[0]) if words else None
    plan, start, keep = None, None, False
    problems: list[Problem] = []
    for word in words[1:10]:
        if found := _PLAN.match(word):
            plan = found[1]
        elif found := _FROM.match(word):
            try:
                start = dt.date.fromisoformat(found[1])
            except ValueError:
                problems.append(
                    problem(Code.FIELD_NOT_A_DATE, field="from", raw=found[1][:20], example="2026-12-07")
                )
        elif word == "--keep-day":
            keep = True
        else:
            problems.append(problem(Code.REPLAN_WORD, word=word[:40]))
    if mention is None:
        problems.insert(0, problem(Code.WHOSE_PLAN))
    if plan is None:
        problems.append(problem(Code.WHICH_PLAN))
    if keep and start is not None:
        problems.append(problem(Code.FROM_OR_KEEP_DAY))
    if problems or mention is None or plan is None:
        raise FieldProblem(problems)
    return ReplanRequest(mention[1], plan, start, keep)
