"""Reading touches from CSV text: good rows become touches, bad rows become problems with line numbers."""

import _csv
import csv
import datetime as dt
import io
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from coaching.errors import Code, FieldProblem, Problem, describe, problem
from coaching.touches import Outcome, Touch

COLUMNS = ("rep", "sent_at", "channel", "step", "template", "subject", "body", "outcome")
REQUIRED = ("rep", "sent_at", "channel", "step", "template")
MAX_ROWS = 200_000
_STAND_IN_TIME = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
_OUTCOME_WORDS = {o.value: o for o in Outcome} | {"": Outcome.NONE, "meeting": Outcome.MEETING_BOOKED}


@dataclass(frozen=True)
class RowProblem:
    line: int  # the line of the file the row starts on (the header is line 1)
    problems: tuple[Problem, ...]

    @classmethod
    def one(cls, line: int, code: Code, path: str | None = None, **params: Any) -> "RowProblem":
        """Return a row problem with a single problem."""
        return cls(line, (problem(code, path, **params),))


@dataclass(frozen=True)
class TouchImport:
    touches: list[Touch] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)  # each touch's key -> the line it starts on
    # Later rows of a touch that brought a better outcome (a reply came later) and replaced the earlier row.
    updates: list[RowProblem] = field(default_factory=list)


def one_per_touch(rows: Sequence[tuple[int, Touch]]) -> TouchImport:
    """Return one touch per key from (line, touch) rows: a later row with a better outcome updates the
    touch, any other repeat is a problem naming the earlier line, so no row vanishes unlisted."""
    kept: dict[str, tuple[int, Touch]] = {}
    repeats: list[RowProblem] = []
    updates: list[RowProblem] = []
    for line, touch in rows:
        earlier = kept.get(touch.key)
        if earlier is None:
            kept[touch.key] = (line, touch)
        elif touch.outcome.rank > earlier[1].outcome.rank:
            kept[touch.key] = (earlier[0], touch)
            updates.append(RowProblem.one(line, Code.TOUCH_IMPROVED, first=earlier[0], outcome=touch.outcome))
        else:
            repeats.append(RowProblem.one(line, Code.TOUCH_REPEATED, first=earlier[0]))
    return TouchImport(
        [touch for _, touch in kept.values()],
        repeats,
        {key: line for key, (line, _) in kept.items()},
        updates,
    )


def parse_touches_csv(text: str, columns: Mapping[str, str] | None = None) -> TouchImport:
    """Return the touches in `text` and one problem per bad row; a bad row never stops the good ones.

    `columns` maps a canonical column name to the header used in this file, e.g. {"rep": "Owner"}.
    Headers are matched ignoring case and surrounding spaces. A row repeating an earlier row's touch
    updates it when its outcome is better (see one_per_touch), and is reported and skipped otherwise.
    """
    unknown = sorted(set(columns or {}) - set(COLUMNS))
    if unknown:
        return TouchImport(problems=[RowProblem.one(1, Code.UNKNOWN_COLUMNS, columns=unknown)])
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        header = next(reader)
    except StopIteration:
        return TouchImport(problems=[RowProblem.one(1, Code.FILE_EMPTY)])
    except csv.Error as err:
        return TouchImport(problems=[RowProblem.one(1, Code.UNREADABLE_HEADER, detail=str(err))])
    where, missing = _locate(header, columns or {})
    if missing:
        return TouchImport(problems=[RowProblem.one(1, Code.MISSING_COLUMNS, columns=missing)])
    return _rows(reader, where)


def _locate(header: list[str], columns: Mapping[str, str]) -> tuple[dict[str, int], list[tuple[str, str]]]:
    """Return the index of each canonical column found, and the required ones missing (name, header)."""
    positions = {name.strip().lower(): i for i, name in reversed(list(enumerate(header)))}
    where: dict[str, int] = {}
    for canonical in COLUMNS:
        wanted = columns.get(canonical, canonical).strip().lower()
        if wanted in positions:
            where[canonical] = positions[wanted]
    missing = [(c, columns.get(c, c)) for c in REQUIRED if c not in where]
    return where, missing


def _rows(reader: "_csv.Reader", where: dict[str, int]) -> TouchImport:
    good: list[tuple[int, Touch]] = []
    problems: list[RowProblem] = []
    for line, cells in csv_rows(reader, problems, MAX_ROWS, lambda: len(good)):
        _one_row(cells, where, line, good, problems)
    merged = one_per_touch(good)
    every = sorted(problems + merged.problems, key=lambda p: p.line)
    return TouchImport(merged.touches, every, merged.lines, merged.updates)


def csv_rows(
    reader: "_csv.Reader", problems: list[RowProblem], limit: int, kept: Callable[[], int]
) -> Iterator[tuple[int, list[str]]]:
    """Yield each non-blank row with the line it starts on; a broken row or more than `limit` rows
    (`kept()` good ones plus the problems so far) ends the file with a problem in `problems`."""
    line = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            problems.append(RowProblem.one(line, Code.UNREADABLE_ROW, detail=str(err)))
            return  # the csv module cannot resynchronise after a broken quote
        if kept() + len(problems) >= limit:
            problems.append(RowProblem.one(line, Code.TOO_MANY_ROWS, max=limit))
            return
        if any(cell.strip() for cell in cells):
            yield line, cells
        line = reader.line_num + 1


def _one_row(
    cells: list[str],
    where: dict[str, int],
    line: int,
    good: list[tuple[int, Touch]],
    problems: list[RowProblem],
) -> None:
    # Cells past the mapped columns are ignored (exports often add their own); missing ones read as empty.
    values = {name: cells[i].strip() if i < len(cells) else "" for name, i in where.items()}
    typed, reasons = _typed(values)
    try:
        touch = Touch.model_validate(typed)
    except ValidationError as err:
        reasons += describe(err)
    if reasons:
        problems.append(RowProblem(line, tuple(reasons)))
        return
    good.append((line, touch))


def _typed(values: dict[str, str]) -> tuple[dict[str, object], list[Problem]]:
    """Turn the CSV strings into what Touch expects, plus a problem naming the column for each bad one.

    A bad cell is replaced by a harmless stand-in so the model still checks the other cells, and a row
    with several mistakes is reported once with all of them.
    """
    typed: dict[str, object] = {k: v for k, v in values.items() if k in REQUIRED}
    typed["channel"] = values["channel"].lower()
    reasons: list[Problem] = []
    for name, convert, stand_in in (("sent_at", _when, _STAND_IN_TIME), ("step", _step, 1)):
        try:
            typed[name] = convert(values[name])
        except FieldProblem as err:
            reasons += [p.at(name) for p in err.problems]
            typed[name] = stand_in
    for optional in ("subject", "body"):
        if values.get(optional):
            typed[optional] = values[optional]
    outcome = values.get("outcome", "").lower().replace("-", "_").replace(" ", "_")
    if outcome in _OUTCOME_WORDS:
        typed["outcome"] = _OUTCOME_WORDS[outcome]
    else:
        known = [o.value for o in Outcome]
        reasons.append(problem(Code.NOT_AN_OUTCOME, "outcome", raw=values["outcome"][:40], options=known))
    return typed, reasons


def _when(text: str) -> dt.datetime:
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        raise FieldProblem([problem(Code.NOT_A_TIMESTAMP, raw=text[:40])]) from None
    if when.tzinfo is None:
        raise FieldProblem([problem(Code.NO_TIME_ZONE_OFFSET, raw=text[:40])])
    return when


def _step(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise FieldProblem([problem(Code.NOT_A_STEP, raw=text[:20])]) from None
