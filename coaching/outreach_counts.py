"""A week's outreach as counts per template, for teams without exports: `pain-first: 40 sent, 9 replies`.

The counts become touches (one per message sent, the first ones replied), so they join the same
statistics as imported touches; a week's counts are replaced as a whole when they are logged again.
"""

import datetime as dt
import re

from coaching.errors import Code, FieldProblem, Problem, problem
from coaching.touches import Channel, Outcome, Touch

MAX_SENT = 2000  # per template and week: more is a typo, not a week of outreach
MAX_LINES = 20
_LINE = re.compile(
    r"^\s*(?P<template>[^:]{1,120}?)\s*:\s*(?P<sent>\d+)\s*sent\s*,\s*(?P<replies>\d+)\s*repl(?:y|ies)\s*$"
)

Counts = dict[str, tuple[int, int]]  # template -> (sent, replies)


def parse_counts(text: str) -> Counts:
    """Return the counts, one template per line; raise FieldProblem naming every bad line."""
    counts: Counts = {}
    problems: list[Problem] = []
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) > MAX_LINES:
        raise FieldProblem([problem(Code.TOO_MANY_TEMPLATES, max=MAX_LINES, actual=len(lines))])
    for number, line in enumerate(lines, 1):
        match = _LINE.match(line)
        if match is None:
            problems.append(problem(Code.COUNTS_SHAPE, line=number))
            continue
        template, sent, replies = match["template"], int(match["sent"]), int(match["replies"])
        if sent > MAX_SENT:
            problems.append(problem(Code.SENT_OVER_MAX, line=number, sent=sent, max=MAX_SENT))
        elif replies > sent:
            problems.append(problem(Code.REPLIES_OVER_SENT, line=number, replies=replies, sent=sent))
        elif template in counts:
            problems.append(problem(Code.TEMPLATE_REPEATED, line=number, template=template))
        else:
            counts[template] = (sent, replies)
    if problems:
        raise FieldProblem(problems)
    return counts


def as_touches(rep: str, monday: dt.date, counts: Counts) -> list[Touch]:
    """Return one touch per message counted, on the week's Monday a second apart (their keys differ)."""
    start = dt.datetime.combine(monday, dt.time(), dt.UTC)
    return [
        Touch(
            rep=rep,
            sent_at=start + dt.timedelta(seconds=n),
            channel=Channel.OTHER,
            step=1,
            template=template,
            outcome=Outcome.REPLY if n < replies else Outcome.NONE,
        )
        for template, (sent, replies) in sorted(counts.items())
        for n in range(sent)
    ]


def counts_text(counts: Counts) -> str:
    """Return counts as the modal shows them, one template per line."""
    return "\n".join(f"{t}: {sent} sent, {replies} replies" for t, (sent, replies) in sorted(counts.items()))
