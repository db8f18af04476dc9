"""`/ramp enroll @rep plan=ae-90 start=2026-11-02`, read into a request or a list of problems."""

import datetime as dt
import re
from dataclasses import dataclass

from coaching.errors import FieldProblem

_MENTION = re.compile(r"^<@([UW][A-Z0-9]{2,20})(?:\|[^>]*)?>$")
_OPTION = re.compile(r"^(plan|start)=(\S+)$")


@dataclass(frozen=True)
class EnrollRequest:
    rep_id: str
    plan_id: str
    start: dt.date


def parse_enroll_text(text: str) -> EnrollRequest:
    """Return the request in the words after `enroll`; raise FieldProblem naming each problem."""
    rep, options, problems = None, {}, []
    for token in text.split()[:10]:
        if mention := _MENTION.match(token):
            rep = mention[1]
        elif option := _OPTION.match(token):
            options[option[1]] = option[2]
        else:
            problems.append(f"`{token[:40]}` is not a @mention, plan=… or start=…")
    start = _date(options.get("start"), problems)
    if rep is None:
        problems.append("say who to enroll: @mention the rep")
    if "plan" not in options:
        problems.append("say which plan: plan=ae-90")
    if problems or rep is None or start is None:
        raise FieldProblem(problems)
    return EnrollRequest(rep, options["plan"], start)


def _date(raw: str | None, problems: list[str]) -> dt.date | None:
    if raw is None:
        problems.append("say when the ramp starts: start=2026-11-02")
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        problems.append(f"start: `{raw[:20]}` is not a date like 2026-11-02")
        return None


def parse_mention(text: str) -> str:
    """Return the user id of the one @mention in `text`; raise FieldProblem otherwise."""
    words = text.split()
    mention = _MENTION.match(words[0]) if len(words) == 1 else None
    if mention is None:
        raise FieldProblem(["say whose review: @mention one rep"])
    return mention[1]
