"""Domain errors as problem codes that name the field at fault; bot/views/problems.py puts them in words.

The domain never writes a sentence for a person (tests/test_layering.py checks it): it says *what* is
wrong with a code, *where* with a field path or a line, and the facts with parameters. That keeps one
voice for every message, and one place to translate.
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from pydantic import ValidationError


class Code(StrEnum):
    """What is wrong with an input. Each member is rendered in bot/views/problems.py (a test checks all)."""

    # A field of a file or model, from pydantic's error types (see `_PYDANTIC`).
    MISSING = "missing"
    EXTRA_FIELD = "extra_field"
    WRONG_TYPE = "wrong_type"  # expected: pydantic's type name such as int, list, string
    TOO_SMALL = "too_small"  # limit, inclusive
    TOO_BIG = "too_big"  # limit, inclusive
    TOO_FEW = "too_few"  # min, actual
    TOO_MANY = "too_many"  # max, actual
    NO_MATCH = "no_match"  # pattern
    NOT_ONE_OF = "not_one_of"  # options
    INVALID = "invalid"  # any other pydantic error type (kind), or a bot-side validator's message (detail)
    # Files read as a whole: a plan, a team file, a template registry.
    NOT_A_PLAN = "not_a_plan"
    NOT_A_TEAM = "not_a_team"
    NOT_A_REGISTRY = "not_a_registry"
    NOT_YAML = "not_yaml"  # detail
    TARGET_ONE_FORM = "target_one_form"
    TARGET_NO_WEEKS = "target_no_weeks"
    THRESHOLD_MILESTONE_INCOMPLETE = "threshold_milestone_incomplete"
    CONFIRM_MILESTONE_EXTRA = "confirm_milestone_extra"
    THRESHOLDS_ORDER = "thresholds_order"
    METRIC_KEYS_REPEATED = "metric_keys_repeated"
    UNKNOWN_METRIC_REFERENCE = "unknown_metric_reference"  # where, key, known
    CONTROL_CHARACTERS = "control_characters"
    BLANK = "blank"
    UNKNOWN_TIME_ZONE = "unknown_time_zone"  # tz
    PLAN_WITHOUT_START = "plan_without_start"
    PLAN_FOR_NON_REP = "plan_for_non_rep"
    OWN_MANAGER = "own_manager"
    PERSON_REPEATED = "person_repeated"  # id, first
    MANAGER_NOT_IN_FILE = "manager_not_in_file"  # id
    MANAGER_IS_REP = "manager_is_rep"  # id
    EMAIL_REPEATED = "email_repeated"  # email, first
    REPORTING_LOOP = "reporting_loop"  # id
    TAGS_CONTRADICT = "tags_contradict"  # tags
    TEMPLATE_NAMES_REPEATED = "template_names_repeated"
    PLAN_NOT_IMPORTED = "plan_not_imported"  # plan
    # /log, the logging modal and the outreach counts in it.
    TEXT_TOO_LONG = "text_too_long"  # length, max
    METRIC_TWICE = "metric_twice"  # metric
    NO_VALUES = "no_values"
    NOT_A_PAIR = "not_a_pair"  # token
    UNKNOWN_METRIC = "unknown_metric"  # name, suggestion (or None), known
    NEGATIVE = "negative"  # raw
    NOT_A_NUMBER = "not_a_number"  # raw
    NOT_WHOLE = "not_whole"  # raw
    OVER_WEEKLY_MAX = "over_weekly_max"  # raw, max
    WEEK_NOT_OFFERED = "week_not_offered"
    NOTE_TOO_LONG = "note_too_long"  # max, length (when known)
    NO_NUMBER = "no_number"
    TOO_MANY_TEMPLATES = "too_many_templates"  # max, actual
    MINUTES_OUT_OF_RANGE = "minutes_out_of_range"  # entry, value, max (RAMPCOACH_TOUCH_MINUTES)
    MINUTES_UNKNOWN_KEY = "minutes_unknown_key"  # entry, channels
    PLAN_LIMIT = "plan_limit"  # max, actual, why (a plans.Surface)
    NOT_A_MAPPING_FILE = "not_a_mapping_file"  # expected (the top-level keys)
    COUNTS_SHAPE = "counts_shape"
    SENT_OVER_MAX = "sent_over_max"  # sent, max
    REPLIES_OVER_SENT = "replies_over_sent"  # replies, sent
    TEMPLATE_REPEATED = "template_repeated"  # template
    # /ramp enroll and /ramp review.
    NOT_AN_ENROLL_WORD = "not_an_enroll_word"  # token
    ENROLL_WHO = "enroll_who"
    ENROLL_PLAN = "enroll_plan"
    ENROLL_START = "enroll_start"
    NOT_A_DATE = "not_a_date"  # raw
    REVIEW_WHO = "review_who"
    NOT_A_REP = "not_a_rep"  # rep
    NO_SUCH_PLAN = "no_such_plan"  # plan, known
    # The review modal.
    EVIDENCE_TOO_SHORT = "evidence_too_short"  # min, length
    FIELD_TOO_LONG = "field_too_long"  # max
    PICK_ASSESSMENT = "pick_assessment"
    PICK_DECISION = "pick_decision"
    NEXT_REVIEW_NOT_AFTER_TODAY = "next_review_not_after_today"
    RATING_MISSING = "rating_missing"
    TOO_MANY_ACTIONS = "too_many_actions"  # max, actual
    ACTION_SHAPE = "action_shape"
    DUE_NOT_A_DATE = "due_not_a_date"  # raw
    DUE_IN_THE_PAST = "due_in_the_past"  # due
    # CSV imports (touches, activity).
    UNKNOWN_COLUMNS = "unknown_columns"  # columns
    FILE_EMPTY = "file_empty"
    UNREADABLE_HEADER = "unreadable_header"  # detail (the csv module's own)
    UNREADABLE_ROW = "unreadable_row"  # detail
    MISSING_COLUMNS = "missing_columns"  # columns; headers (as named in the file) or all (the known columns)
    TOO_MANY_ROWS = "too_many_rows"  # max
    TOUCH_REPEATED = "touch_repeated"  # first (the line of the touch it repeats, with no better outcome)
    TOUCH_IMPROVED = "touch_improved"  # first, outcome (a later row brought a better outcome)
    NOT_AN_OUTCOME = "not_an_outcome"  # raw, options
    NOT_A_TIMESTAMP = "not_a_timestamp"  # raw
    NO_TIME_ZONE_OFFSET = "no_time_zone_offset"  # raw
    NOT_A_STEP = "not_a_step"  # raw
    EMPTY = "empty"
    NOT_A_MONDAY = "not_a_monday"  # day, monday
    REP_UNKNOWN = "rep_unknown"  # rep
    REP_NOT_ENROLLED = "rep_not_enrolled"  # rep
    WEEK_OUTSIDE_RAMP = "week_outside_ramp"  # week, rep
    VALUE_REPEATED = "value_repeated"  # metric, rep, week, first (its line)
    NOTE_CONFLICT = "note_conflict"  # first (the line of the other note)
    # Reviews after the modal: action items, rescheduling, corrections.
    ACTION_ITEM_GONE = "action_item_gone"
    RESCHEDULE_WHY = "reschedule_why"
    DUE_NOT_AFTER_TODAY = "due_not_after_today"
    REVIEW_NOT_OPEN = "review_not_open"
    CORRECTION_TOO_SHORT = "correction_too_short"
    # Roster changes: leave, offboarding, moves, replans.
    WHOSE_LEAVE = "whose_leave"
    LEAVE_SHAPE = "leave_shape"
    LEAVE_OVERLAP = "leave_overlap"  # first, last
    LEAVE_WOULD_OVERLAP = "leave_would_overlap"  # first, last
    DAY_IN_PAST = "day_in_past"  # field, day, today
    LEAVE_ENDS_BEFORE_START = "leave_ends_before_start"  # first, last
    LEAVE_TOO_LONG = "leave_too_long"  # max
    FIELD_NOT_A_DATE = "field_not_a_date"  # field, raw, example
    REASON_TOO_LONG = "reason_too_long"  # max, actual
    REASON_CONTROL = "reason_control"
    SAY_WHO = "say_who"  # what
    MOVE_SHAPE = "move_shape"
    REPLAN_WORD = "replan_word"  # word
    WHOSE_PLAN = "whose_plan"
    WHICH_PLAN = "which_plan"
    FROM_OR_KEEP_DAY = "from_or_keep_day"
    ALREADY_ON_PLAN = "already_on_plan"  # person, plan
    NOT_A_MANAGER = "not_a_manager"  # person
    NOT_ENROLLED_YET = "not_enrolled_yet"  # person
    SAY_WHEN = "say_when"
    NO_LEAVE_TO_CHANGE = "no_leave_to_change"  # person
    SAY_NEW_LAST_DAY = "say_new_last_day"
    # Checkpoint decisions and milestone marks.
    DECISION_WHY_SHORT = "decision_why_short"  # min
    DECISION_TEXT_TOO_LONG = "decision_text_too_long"  # max
    DECISION_DATE_NOT_AFTER_TODAY = "decision_date_not_after_today"
    EXTEND_WEEKS = "extend_weeks"  # max
    GOALS_COUNT = "goals_count"  # max
    GOAL_SHAPE = "goal_shape"  # (line)
    GOAL_DATE_PAST = "goal_date_past"  # day (line)
    NOT_A_DECISION = "not_a_decision"  # options
    NOT_A_MILESTONE_TO_CONFIRM = "not_a_milestone_to_confirm"  # label


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: a code, where (a field path and/or a line), and the facts to say.

    `path` "" means the top level of a file; None means the input as a whole (no place to name).
    """

    code: Code
    path: str | None = None
    line: int | None = None
    params: Mapping[str, Any] = field(default_factory=dict)

    def at(self, path: str | None) -> "Problem":
        """Return the same problem placed at `path` (None: unplaced)."""
        return Problem(self.code, path, self.line, self.params)


def problem(code: Code, path: str | None = None, *, line: int | None = None, **params: Any) -> Problem:
    """Return a Problem; a shorthand so call sites read like the sentence they stand for."""
    return Problem(code, path, line, params)


class FieldProblem(ValueError):
    """The problems found in one input (a plan, a team file, a /log text), all at once."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(_code_line(p) for p in self.problems))


class FormProblems(ValueError):
    """Problems of one form keyed by field (a modal shows each under its own input), several per field."""

    def __init__(self, errors: Mapping[str, Problem | Sequence[Problem]]) -> None:
        self.errors = {k: [v] if isinstance(v, Problem) else list(v) for k, v in errors.items()}
        super().__init__("; ".join(f"{k}: {_code_line(p)}" for k, v in self.errors.items() for p in v))


def _code_line(p: Problem) -> str:
    # For logs and tracebacks only: people see bot/views/problems.py's words.
    where = f"{p.path}:" if p.path is not None else ""
    return f"{where}{p.code.value}"


def describe(error: ValidationError) -> list[Problem]:
    """Return one problem per pydantic error, with list indexes in paths as `people[2].role`.

    Our validators raise FieldProblem (pydantic keeps it as the error's context), so their codes come
    through as they are; pydantic's own error types map to ours, never to pydantic's English.
    """
    return [p for err in error.errors() for p in _problems(err)]


def _problems(err: Any) -> list[Problem]:
    path = _path(err["loc"])
    ctx = err.get("ctx") or {}
    cause = ctx.get("error")
    if isinstance(cause, FieldProblem):
        return [p.at(path) for p in cause.problems]
    if cause is not None:  # a validator outside the domain (a connector's model) wrote its own message
        return [Problem(Code.INVALID, path, None, {"kind": str(err["type"]), "detail": str(cause)})]
    code, params = _pydantic_code(str(err["type"]), ctx)
    return [Problem(code, path, None, params)]


# pydantic's error types (https://docs.pydantic.dev/latest/errors/validation_errors/) to our codes.
_PYDANTIC = {
    "missing": Code.MISSING,
    "extra_forbidden": Code.EXTRA_FIELD,
    "greater_than": Code.TOO_SMALL,
    "greater_than_equal": Code.TOO_SMALL,
    "less_than": Code.TOO_BIG,
    "less_than_equal": Code.TOO_BIG,
    "too_short": Code.TOO_FEW,
    "string_too_short": Code.TOO_FEW,
    "too_long": Code.TOO_MANY,
    "string_too_long": Code.TOO_MANY,
    "string_pattern_mismatch": Code.NO_MATCH,
    "literal_error": Code.NOT_ONE_OF,
    "enum": Code.NOT_ONE_OF,
}


def _pydantic_code(kind: str, ctx: Mapping[str, Any]) -> tuple[Code, dict[str, Any]]:
    code = _PYDANTIC.get(kind)
    if code in (Code.TOO_SMALL, Code.TOO_BIG):
        bound = next(k for k in ("gt", "ge", "lt", "le") if k in ctx)
        return code, {"limit": ctx[bound], "inclusive": bound.endswith("e")}
    if code is Code.TOO_FEW:
        return code, {
            "min": ctx.get("min_length"),
            "actual": ctx.get("actual_length"),
            "text": "string" in kind,
        }
    if code is Code.TOO_MANY:
        return code, {
            "max": ctx.get("max_length"),
            "actual": ctx.get("actual_length"),
            "text": "string" in kind,
        }
    if code is Code.NO_MATCH:
        return code, {"pattern": ctx.get("pattern")}
    if code is Code.NOT_ONE_OF:
        # pydantic gives the options pre-joined ("'a', 'b' or 'c'"); split them so we can say it our way.
        return code, {"options": re.split(r", | or ", str(ctx.get("expected", "")))}
    if code is not None:
        return code, {}
    if kind.endswith(("_type", "_parsing")):
        return Code.WRONG_TYPE, {"expected": kind.rsplit("_", 1)[0]}  # int, list, date, ...
    return Code.INVALID, {"kind": kind}


def _path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path
