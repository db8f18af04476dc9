"""`/ramp enroll @rep plan=ae-90 start=2026-11-02`, read into a request or a list of problems."""

import datetime as dt
import re
from dataclasses import dataclass

from coaching.errors import Code, FieldProblem, Problem, problem

_MENTION = re.compile(r"^<@([UW][A-Z0-9]{2,20})(?:\|[^>]*)?>$")
_OPTION = re.compile(r"^(plan|start)=(\S+)$")


@dataclass(frozen=True)
class EnrollRequest:
    rep_id: str
    plan_id: str
    start: dt.date


def parse_enroll_text(text: str) -> EnrollRequest:
    """Return the request in the words after `enroll`; raise FieldProblem naming each problem."""
    rep: str | None = None
    options: dict[str, str] = {}
    problems: list[Problem] = []
    for token in text.split()[:10]:
        if mention := _MENTION.match(token):
            rep = mention[1]
        elif option := _OPTION.match(token):
            options[option[1]] = option[2]
        else:
            problems.append(problem(Code.NOT_AN_ENROLL_WORD, token=token[:40]))
    start = _date(options.get("start"), problems)
    if rep is None:
        problems.append(problem(Code.ENROLL_WHO))
    if "plan" not in options:
        problems.append(problem(Code.ENROLL_PLAN))
    if problems or rep is None or start is None:
        raise FieldProblem(problems)
    return EnrollRequest(rep, options["plan"], start)


def _date(raw: str | None, problems: list[Problem]) -> dt.date | None:
    if raw is None:
        problems.append(problem(Code.ENROLL_START))
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        problems.append(problem(Code.NOT_A_DATE, "start", raw=raw[:20]))
        return None


def parse_mention(text: str) -> str:
    """Return the user id of the one @mention in `text`; raise FieldProblem otherwise."""
    words = text.split()
    mention = _MENTION.match(words[0]) if len(words) == 1 else None
    if mention is None:
        raise FieldProblem([problem(Code.REVIEW_WHO)])
    return mention[1]
