"""The words for every problem code the domain raises (coaching/errors.py), in one voice.

A problem reads `where: what`, where is a field path (`people[2].tz`), a line (`line 3`) or nothing.
Lists inside a message are fragments (`calls: 2.5 is not a whole number`); a modal field's message is a
sentence (`Pick one of the weeks in the list.`). Numbers and dates are the ones the person typed or saw.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from coaching.errors import Code, FieldProblem, FormProblems, Problem
from coaching.touch_csv import RowProblem

DATE_EXAMPLE = "2026-11-02"
ACTION_EXAMPLE = "rep: run discovery with 5 new accounts by 2026-12-11"
COUNTS_EXAMPLE = "pain-first: 40 sent, 9 replies"

P = Mapping[str, Any]

# pydantic's type names (the `expected` of Code.WRONG_TYPE) as a person would say them.
_TYPES = {
    "int": "a whole number",
    "float": "a number",
    "string": "text",
    "str": "text",
    "bool": "true or false",
    "list": "a list",
    "dict": "a mapping",
    "model": "a mapping",
    "date": f"a date such as {DATE_EXAMPLE}",
    "datetime": "a date and time",
}


def either(options: Sequence[object]) -> str:
    """Return `a, b or c`."""
    shown = [str(o) for o in options]
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} or {shown[-1]}"


def _count(n: int, what: str) -> str:
    return f"{n} {what}" if n == 1 else f"{n} {what}s"


def _bound(p: P, word: str, strict: str) -> str:
    return f"should be {word} {p['limit']:g}" if p["inclusive"] else f"should be {strict} {p['limit']:g}"


def _unknown_metric(p: P) -> str:
    hint = f" (did you mean {p['suggestion']}?)" if p["suggestion"] else ""
    return f"`{p['name']}` is not a metric in your plan{hint}. Your metrics: {', '.join(p['known'])}"


def _missing_columns(p: P) -> str:
    if "all" in p:
        names = ", ".join(name for name, _ in p["columns"])
        return f"missing column(s): {names} (the columns are {', '.join(p['all'])})"
    return "missing column(s): " + ", ".join(f"{name} (header {header!r})" for name, header in p["columns"])


def _length(p: P, key: str) -> str:
    return _count(p[key], "character" if p["text"] else "item")


# Why a plan's list is capped: the Slack surface it would overflow (coaching.plans.Surface).
_PLAN_LIMIT_WHY = {
    "checkpoints": "one checkpoint a month or so",
    "milestones": "each is listed on the Home tab and in every review",
    "funnel": "each stage is analysed on every status and digest",
    "sales_tasks": "each is a rating in the review modal, and a Slack modal holds 100 blocks",
}

GOAL_EXAMPLE = "two qualified demos a week by 2027-01-15"  # a performance-plan goal, as typed

_WORDS: dict[Code, str | Callable[[P], str]] = {
    Code.MISSING: "this field is required",
    Code.EXTRA_FIELD: "not a field we know (check the spelling)",
    Code.WRONG_TYPE: lambda p: f"should be {_TYPES.get(p['expected'], 'a valid ' + str(p['expected']))}",
    Code.TOO_SMALL: lambda p: _bound(p, "at least", "greater than"),
    Code.TOO_BIG: lambda p: _bound(p, "at most", "less than"),
    Code.TOO_FEW: lambda p: f"should have at least {_length(p, 'min')}",
    Code.TOO_MANY: lambda p: f"should have at most {_length(p, 'max')}",
    Code.NO_MATCH: lambda p: f"should match the pattern {p['pattern']!r}",
    Code.NOT_ONE_OF: lambda p: f"should be {either(p['options'])}",
    Code.INVALID: lambda p: p.get("detail") or f"is not valid ({p['kind']})",
    Code.NOT_A_PLAN: "expected a mapping with id, version, name and metrics",
    Code.NOT_A_TEAM: "expected a mapping with a `people` list",
    Code.NOT_A_REGISTRY: "expected a mapping with a `templates` list",
    Code.NOT_YAML: "not valid YAML ({detail})",
    Code.TARGET_ONE_FORM: "give either `weekly` (a list per week) or `full` (with optional ramp)",
    Code.TARGET_NO_WEEKS: "`weekly` needs at least one week",
    Code.THRESHOLD_MILESTONE_INCOMPLETE: "a threshold milestone needs `metric` and `at_least`",
    Code.CONFIRM_MILESTONE_EXTRA: "a confirm milestone takes no `metric` or `at_least`",
    Code.THRESHOLDS_ORDER: "`at_risk` must be below `on_track`",
    Code.METRIC_KEYS_REPEATED: "metric keys must be unique",
    Code.UNKNOWN_METRIC_REFERENCE: lambda p: (
        f"{p['where']} names unknown metric {p['key']!r} (known: {', '.join(p['known'])})"
    ),
    Code.CONTROL_CHARACTERS: "must not contain control characters",
    Code.BLANK: "must not be blank",
    Code.UNKNOWN_TIME_ZONE: "{tz!r} is not an IANA time zone such as Europe/Berlin",
    Code.PLAN_WITHOUT_START: "give `plan` and `start` together",
    Code.PLAN_FOR_NON_REP: "only a rep can be enrolled in a ramp plan",
    Code.OWN_MANAGER: "a person cannot be their own manager",
    Code.PERSON_REPEATED: "{id} is listed twice (first at people[{first}])",
    Code.MANAGER_NOT_IN_FILE: "{id} is not in this file",
    Code.MANAGER_IS_REP: "{id} is a rep, not a manager, leader or admin",
    Code.EMAIL_REPEATED: "{email} is also people[{first}]'s email",
    Code.REPORTING_LOOP: "the reporting line of {id} loops back on itself",
    Code.TAGS_CONTRADICT: lambda p: f"tags {' and '.join(p['tags'])} contradict each other",
    Code.TEMPLATE_NAMES_REPEATED: "template names must be unique",
    Code.PLAN_NOT_IMPORTED: "no plan {plan!r} is imported (rampcoach plan import FILE)",
    Code.TEXT_TOO_LONG: "that is {length} characters; keep it under {max}",
    Code.METRIC_TWICE: "{metric} is given twice",
    Code.NO_VALUES: "no values given",
    Code.NOT_A_PAIR: "`{token}` is not `metric=number` (for example `calls=42`)",
    Code.UNKNOWN_METRIC: _unknown_metric,
    Code.NEGATIVE: "{raw} is negative; log what you did, zero or more",
    Code.NOT_A_NUMBER: "`{raw}` is not a number",
    Code.NOT_WHOLE: "{raw} is not a whole number",
    Code.OVER_WEEKLY_MAX: "{raw} is over the weekly maximum of {max:g}; check for a typo",
    Code.WEEK_NOT_OFFERED: "Pick one of the weeks in the list.",
    Code.NOTE_TOO_LONG: lambda p: (
        f"{p['length']} characters; keep it under {p['max']}"
        if "length" in p
        else f"Keep the note under {p['max']} characters."
    ),
    Code.NO_NUMBER: "Fill in at least one number.",
    Code.TOO_MANY_TEMPLATES: "at most {max} templates a week (you wrote {actual})",
    Code.WHOSE_LEAVE: "say whose leave: @mention the rep first (yourself, to record your own)",
    Code.LEAVE_SHAPE: "say `from 2026-12-21 to 2027-01-03`, `until 2027-01-05` or `end` after the @mention",
    Code.LEAVE_OVERLAP: "it overlaps the leave from {first} to {last}: change that one instead",
    Code.LEAVE_WOULD_OVERLAP: "it would overlap the leave from {first} to {last}",
    Code.DAY_IN_PAST: "{field}: {day} is in the past (today is {today})",
    Code.LEAVE_ENDS_BEFORE_START: "the leave ends ({last}) before it starts ({first})",
    Code.LEAVE_TOO_LONG: "a leave is at most {max} days; record a longer absence as offboarding",
    Code.FIELD_NOT_A_DATE: "{field}: `{raw}` is not a date like {example}",
    Code.REASON_TOO_LONG: "reason: at most {max} characters (it has {actual})",
    Code.REASON_CONTROL: "reason: must not contain control characters",
    Code.SAY_WHO: "say who to {what}: @mention the rep first",
    Code.MOVE_SHAPE: "say who moves to whom: @rep to @manager",
    Code.REPLAN_WORD: "`{word}` is not plan=…, from=… or --keep-day",
    Code.WHOSE_PLAN: "say whose plan changes: @mention the rep first",
    Code.WHICH_PLAN: "say which plan: plan=ae-90",
    Code.FROM_OR_KEEP_DAY: "give from=… or --keep-day, not both: --keep-day keeps the original start",
    Code.ALREADY_ON_PLAN: "{person} is already on `{plan}`: to restart it, give from=DATE, not --keep-day",
    Code.NOT_A_MANAGER: "{person} is not a manager in Ramp Coach's team file",
    Code.NOT_ENROLLED_YET: "{person} is not enrolled in a plan yet: use /ramp enroll",
    Code.SAY_WHEN: "say when: from 2026-12-21 to 2027-01-03",
    Code.NO_LEAVE_TO_CHANGE: "{person} has no current or upcoming leave to change",
    Code.SAY_NEW_LAST_DAY: "say the new last day: until 2027-01-05",
    Code.DECISION_WHY_SHORT: "Say why in at least {min} characters: the decision is kept as written.",
    Code.DECISION_TEXT_TOO_LONG: "Keep this under {max} characters.",
    Code.DECISION_DATE_NOT_AFTER_TODAY: "Pick the date the performance plan is decided, after today.",
    Code.EXTEND_WEEKS: "Extend by a whole number of weeks, 1 to {max}.",
    Code.GOALS_COUNT: lambda p: f"Write one to {p['max']} goals, one per line: {GOAL_EXAMPLE}",
    Code.GOAL_SHAPE: f"write it as `{GOAL_EXAMPLE}`",
    Code.GOAL_DATE_PAST: lambda p: f"the date {p['day']:%b %-d} is not after today",
    Code.NOT_A_DECISION: lambda p: "Choose one of: " + ", ".join(p["options"]),
    Code.NOT_A_MILESTONE_TO_CONFIRM: "{label!r} is not a milestone waiting for confirmation.",
    Code.MINUTES_OUT_OF_RANGE: "{entry}: minutes per touch must be above 0 and at most {max}, got {value}",
    Code.MINUTES_UNKNOWN_KEY: lambda p: (
        f"{p['entry']}: expected a channel ({', '.join(p['channels'])}) or template:NAME"
    ),
    Code.PLAN_LIMIT: lambda p: (
        f"at most {p['max']} allowed, this plan has {p['actual']} ({_PLAN_LIMIT_WHY[str(p['why'])]})"
    ),
    Code.NOT_A_MAPPING_FILE: lambda p: "expected a mapping with " + " and ".join(p["expected"]),
    Code.COUNTS_SHAPE: f"write it as `{COUNTS_EXAMPLE}`",
    Code.SENT_OVER_MAX: "{sent} sent is more than {max} in a week",
    Code.REPLIES_OVER_SENT: "{replies} replies is more than the {sent} sent",
    Code.TEMPLATE_REPEATED: "`{template}` is already on line above",
    Code.NOT_AN_ENROLL_WORD: "`{token}` is not a @mention, plan=… or start=…",
    Code.ENROLL_WHO: "say who to enroll: @mention the rep",
    Code.ENROLL_PLAN: "say which plan: plan=ae-90",
    Code.ENROLL_START: f"say when the ramp starts: start={DATE_EXAMPLE}",
    Code.NOT_A_DATE: f"`{{raw}}` is not a date like {DATE_EXAMPLE}",
    Code.REVIEW_WHO: "say whose review: @mention one rep",
    Code.NOT_A_REP: "{rep} is not a rep in Ramp Coach's team file",
    Code.NO_SUCH_PLAN: lambda p: (
        f"there is no plan `{p['plan']}` (plans: {', '.join(p['known']) or 'none yet'})"
    ),
    Code.EVIDENCE_TOO_SHORT: (
        "Write at least {min} characters of what you saw and the numbers behind it "
        "(you wrote {length}). A review without evidence can't be acted on."
    ),
    Code.FIELD_TOO_LONG: "Keep this under {max} characters.",
    Code.PICK_ASSESSMENT: "Pick an overall assessment.",
    Code.PICK_DECISION: "A checkpoint needs a decision.",
    Code.NEXT_REVIEW_NOT_AFTER_TODAY: "Pick a date after today for the next review.",
    Code.RATING_MISSING: "Rate this from 1 (not yet) to 5 (a model for others).",
    Code.TOO_MANY_ACTIONS: "At most {max} action items (you wrote {actual}): keep the ones that matter most.",
    Code.ACTION_SHAPE: f"write it as `{ACTION_EXAMPLE}`",
    Code.DUE_NOT_A_DATE: "`{raw}` is not a date; use 2026-12-11 or Dec 11",
    Code.DUE_IN_THE_PAST: lambda p: f"the due date {p['due']:%b %-d} is in the past",
    Code.UNKNOWN_COLUMNS: lambda p: f"unknown canonical column(s): {', '.join(p['columns'])}",
    Code.FILE_EMPTY: "the file is empty",
    Code.UNREADABLE_HEADER: "unreadable header: {detail}",
    Code.UNREADABLE_ROW: "unreadable row: {detail}",
    Code.MISSING_COLUMNS: _missing_columns,
    Code.TOO_MANY_ROWS: "stopped: more than {max} rows",
    Code.TOUCH_REPEATED: "repeats the touch on line {first} with no better outcome",
    Code.TOUCH_IMPROVED: "updates the touch on line {first}: outcome {outcome}",
    Code.NOT_AN_OUTCOME: lambda p: f"{p['raw']!r} is not one of {', '.join(p['options'])} (empty means none)",
    Code.NOT_A_TIMESTAMP: "{raw!r} is not an ISO 8601 date and time",
    Code.NO_TIME_ZONE_OFFSET: "{raw!r} needs a time zone offset such as Z or +02:00",
    Code.NOT_A_STEP: "{raw!r} is not a whole number (1 = the opener)",
    Code.EMPTY: "empty",
    Code.NOT_A_MONDAY: lambda p: (
        f"{p['day']} is a {p['day']:%A}; weeks start on Monday (that week: {p['monday']})"
    ),
    Code.REP_UNKNOWN: "{rep!r} is no one in this workspace (Slack id or email)",
    Code.REP_NOT_ENROLLED: "{rep} is not enrolled in a ramp",
    Code.WEEK_OUTSIDE_RAMP: "{week} is not a week of {rep}'s ramp up to this week",
    Code.VALUE_REPEATED: "repeats {metric} for {rep} in the week of {week} (line {first})",
    Code.NOTE_CONFLICT: "another note for the same week is on line {first}",
    Code.ACTION_ITEM_GONE: "That action item no longer exists.",
    Code.RESCHEDULE_WHY: "Say why, in a few words: your leader sees it.",
    Code.DUE_NOT_AFTER_TODAY: "Pick a date after today.",
    Code.REVIEW_NOT_OPEN: "That review is already done or no longer due.",
    Code.CORRECTION_TOO_SHORT: "Write the correction in a sentence or two.",
}


def problem_text(p: Problem) -> str:
    """Return one problem in words, led by where it is: `people[2].tz: 'Mars' is not an IANA time zone`."""
    words = _WORDS[p.code]
    what = words(p.params) if callable(words) else words.format(**p.params)
    where = [f"line {p.line}"] if p.line is not None else []
    if p.path is not None:
        where.append(p.path or "(top level)")
    return ": ".join([*where, what])


def problem_texts(problems: Iterable[Problem]) -> list[str]:
    """Return each problem in words, in order."""
    return [problem_text(p) for p in problems]


def problems_line(error: FieldProblem) -> str:
    """Return every problem of an input on one line, for a one-line CLI or settings error."""
    return "; ".join(problem_texts(error.problems))


def form_texts(error: FormProblems) -> dict[str, str]:
    """Return one message per form field (several problems of one field joined), for modal errors."""
    return {key: "; ".join(problem_texts(problems)) for key, problems in error.errors.items()}


def row_text(row: RowProblem) -> str:
    """Return everything wrong with one CSV row, in words (its line is the caller's to show)."""
    return "; ".join(problem_texts(row.problems))
