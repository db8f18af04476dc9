"""Reading past weeks of activity from CSV text: one value per row, bad rows listed by line.

Columns: rep, week_start, metric, value, and an optional note. Only the shape is checked here; whether the
metric and value fit the rep's plan is checked against that plan, like /log.
"""

import _csv
import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from coaching.errors import Code, FieldProblem, problem
from coaching.touch_csv import RowProblem, csv_rows

COLUMNS = ("rep", "week_start", "metric", "value", "note")
REQUIRED = ("rep", "week_start", "metric", "value")
MAX_ROWS = 200_000


@dataclass(frozen=True)
class ActivityValue:
    line: int  # the line of the file the row starts on (the header is line 1)
    rep: str  # a Slack user id or an email, as written
    week_start: dt.date
    metric: str  # a metric key or label, as written
    value: str  # as written: the rep's plan says what a valid value is
    note: str | None


@dataclass(frozen=True)
class ActivityImport:
    values: list[ActivityValue] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    readable: bool = True  # False when the file itself is unusable (empty, unreadable or missing columns)


def parse_activity_csv(text: str) -> ActivityImport:
    """Return the well-formed rows of `text` and one problem per malformed row."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        header = next(reader)
    except StopIteration:
        return ActivityImport(problems=[RowProblem.one(1, Code.FILE_EMPTY)], readable=False)
    except csv.Error as err:
        return ActivityImport(
            problems=[RowProblem.one(1, Code.UNREADABLE_HEADER, detail=str(err))], readable=False
        )
    where = {name.strip().lower(): i for i, name in reversed(list(enumerate(header)))}
    missing = [c for c in REQUIRED if c not in where]
    if missing:
        reason = RowProblem.one(1, Code.MISSING_COLUMNS, columns=[(c, c) for c in missing], all=COLUMNS)
        return ActivityImport(problems=[reason], readable=False)
    return _rows(reader, {c: where[c] for c in COLUMNS if c in where})


def _rows(reader: "_csv.Reader", where: dict[str, int]) -> ActivityImport:
    values: list[ActivityValue] = []
    problems: list[RowProblem] = []
    for line, cells in csv_rows(reader, problems, MAX_ROWS, lambda: len(values)):
        _one_row(cells, where, line, values, problems)
    return ActivityImport(values, problems)


def _one_row(
    cells: list[str],
    where: dict[str, int],
    line: int,
    values: list[ActivityValue],
    problems: list[RowProblem],
) -> None:
    cell = {name: cells[i].strip() if i < len(cells) else "" for name, i in where.items()}
    reasons = [problem(Code.EMPTY, name) for name in REQUIRED if not cell[name]]
    week = None
    if cell["week_start"]:
        try:
            week = _monday(cell["week_start"])
        except FieldProblem as err:
            reasons += err.problems
    if reasons or week is None:
        problems.append(RowProblem(line, tuple(reasons)))
        return
    note = cell.get("note") or None
    values.append(ActivityValue(line, cell["rep"], week, cell["metric"], cell["value"], note))


def _monday(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise FieldProblem([problem(Code.NOT_A_DATE, "week_start", raw=text[:40])]) from None
    if day.weekday():
        monday = day - dt.timedelta(days=day.weekday())
        raise FieldProblem([problem(Code.NOT_A_MONDAY, "week_start", day=day, monday=monday)])
    return day
