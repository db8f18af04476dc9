"""Leave: periods a rep is away (first and last day included, in the rep's own calendar), and the words
after `/ramp leave` read into a request that is checked against the rep's other leave."""

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from coaching.errors import Code, FieldProblem, Problem, problem
from coaching.roster import MAX_REASON

_MENTION = re.compile(r"^<@([UW][A-Z0-9]{2,20})(?:\|[^>]*)?>$")
_RANGE = re.compile(r"^from\s+(\S+)\s+to\s+(\S+)(?:\s+(.*))?$", re.IGNORECASE | re.DOTALL)
_UNTIL = re.compile(r"^until\s+(\S+)(?:\s+(.*))?$", re.IGNORECASE | re.DOTALL)
_END = re.compile(r"^end(?:\s+(.*))?$", re.IGNORECASE | re.DOTALL)
MAX_LEAVE_DAYS = 366


@dataclass(frozen=True)
class LeavePeriod:
    first: dt.date
    last: dt.date
    reason: str = ""

    def holds(self, day: dt.date) -> bool:
        return self.first <= day <= self.last


class LeaveVerb(StrEnum):
    RECORD = "record"  # from A to B
    CHANGE = "change"  # until B: a new last day for the current or next leave
    END = "end"  # ends the current leave now (or drops the next one)


@dataclass(frozen=True)
class LeaveRequest:
    rep_id: str
    verb: LeaveVerb
    first: dt.date | None = None
    last: dt.date | None = None
    reason: str = ""


def on_leave(periods: list[LeavePeriod], day: dt.date) -> LeavePeriod | None:
    """Return the leave that holds `day`, if any."""
    return next((p for p in periods if p.holds(day)), None)


def current_or_next(periods: list[LeavePeriod], today: dt.date) -> LeavePeriod | None:
    """Return the leave under way today, or else the next one to come."""
    ahead = sorted((p for p in periods if p.last >= today), key=lambda p: p.first)
    return ahead[0] if ahead else None


def parse_leave_text(text: str) -> LeaveRequest:
    """Return the request in the words after `leave`; raise FieldProblem naming what is wrong."""
    first, _, rest = text.strip().partition(" ")
    mention = _MENTION.match(first)
    if mention is None:
        raise FieldProblem([problem(Code.WHOSE_LEAVE)])
    rest = rest.strip()
    if found := _RANGE.match(rest):
        start, end = _date("from", found[1]), _date("to", found[2])
        return LeaveRequest(mention[1], LeaveVerb.RECORD, start, end, _reason(found[3]))
    if found := _UNTIL.match(rest):
        return LeaveRequest(
            mention[1], LeaveVerb.CHANGE, last=_date("until", found[1]), reason=_reason(found[2])
        )
    if found := _END.match(rest):
        return LeaveRequest(mention[1], LeaveVerb.END, reason=_reason(found[1]))
    raise FieldProblem([problem(Code.LEAVE_SHAPE)])


def check_new_leave(existing: list[LeavePeriod], first: dt.date, last: dt.date, today: dt.date) -> None:
    """Raise FieldProblem if a new leave from `first` to `last` is in the past, backwards, too long, or
    overlaps another leave of the rep."""
    problems = _range_problems(first, last, today)
    clash = next((p for p in existing if p.first <= last and first <= p.last), None)
    if clash is not None:
        problems.append(problem(Code.LEAVE_OVERLAP, first=clash.first, last=clash.last))
    if problems:
        raise FieldProblem(problems)


def check_new_end(existing: list[LeavePeriod], changed: LeavePeriod, last: dt.date, today: dt.date) -> None:
    """Raise FieldProblem if `changed` cannot end on `last` instead (past, before it starts, overlapping)."""
    problems = _range_problems(changed.first, last, today, past_start_ok=True)
    others = [p for p in existing if p != changed]
    clash = next((p for p in others if p.first <= last and changed.first <= p.last), None)
    if clash is not None:
        problems.append(problem(Code.LEAVE_WOULD_OVERLAP, first=clash.first, last=clash.last))
    if problems:
        raise FieldProblem(problems)


def _range_problems(
    first: dt.date, last: dt.date, today: dt.date, *, past_start_ok: bool = False
) -> list[Problem]:
    problems: list[Problem] = []
    if first < today and not past_start_ok:
        problems.append(problem(Code.DAY_IN_PAST, field="from", day=first, today=today))
    if last < today:
        problems.append(problem(Code.DAY_IN_PAST, field="to", day=last, today=today))
    if last < first:
        problems.append(problem(Code.LEAVE_ENDS_BEFORE_START, first=first, last=last))
    elif (last - first).days >= MAX_LEAVE_DAYS:
        problems.append(problem(Code.LEAVE_TOO_LONG, max=MAX_LEAVE_DAYS))
    return problems


def _date(field: str, raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise FieldProblem(
            [problem(Code.FIELD_NOT_A_DATE, field=field, raw=raw[:20], example="2026-12-21")]
        ) from None


def _reason(raw: str | None) -> str:
    reason = " ".join((raw or "").split())
    if len(reason) > MAX_REASON:
        raise FieldProblem([problem(Code.REASON_TOO_LONG, max=MAX_REASON, actual=len(reason))])
    return reason


def form_request(
    rep_id: str,
    target: LeavePeriod | None,
    *,
    first: dt.date | None,
    last: dt.date | None,
    reason: str,
    end: bool,
) -> LeaveRequest:
    """Read the leave form of a rep's row: end `target` (the current or next leave, shown in the form), give
    it a new last day (same first day), or record a new leave; raise FieldProblem for a reason too long."""
    said = _reason(reason)
    if end:
        return LeaveRequest(rep_id, LeaveVerb.END, reason=said)
    if target is not None and first == target.first:
        return LeaveRequest(rep_id, LeaveVerb.CHANGE, last=last, reason=said)
    return LeaveRequest(rep_id, LeaveVerb.RECORD, first, last, said)


def status_says_away(match: Sequence[str], *, text: str, emoji: str) -> bool:
    """Return True if a Slack status matches one of `match`, ignoring case: an emoji code (`:palm_tree:`)
    is compared with its emoji, anything else is looked for in its text (`vacation`, `OOO`, `🌴`)."""
    said, code = text.casefold(), emoji.casefold()
    for term in (t.strip().casefold() for t in match):
        if len(term) > 2 and term.startswith(":") and term.endswith(":"):
            if term == code:
                return True
        elif term and term in said:
            return True
    return False
