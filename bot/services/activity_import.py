"""Importing past weeks of activity from a CSV file: each value checked like /log, bad rows listed."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlmodel import Session

from bot.deps import Deps
from bot.services.activity import own_ramp
from bot.services.errors import NotAMember, NotEnrolled
from coaching.activity import WeekLog
from coaching.activity_csv import ActivityValue, parse_activity_csv
from coaching.early_call import ramp_end
from coaching.errors import Code, FieldProblem, problem
from coaching.log_form import NOTE_MAX
from coaching.log_text import match_metric, metric_value
from coaching.policy import Action
from coaching.rep_match import Directory
from coaching.touch_csv import RowProblem
from coaching.weeks import local_today, week_start
from storage.db import session_scope
from storage.repo import activity, people

SOURCE = "import"  # the audit trail's source for every change made here
ACTOR = "activity-import"


@dataclass(frozen=True)
class ActivityImportResult:
    weeks: int  # weeks written (created or changed)
    changed: int  # values and notes that changed
    rows: int  # good rows (a row already stored as given changes nothing)
    problems: list[RowProblem]
    readable: bool  # False: the file itself is unusable, nothing was read


@dataclass(frozen=True)
class _Good:
    rep_id: str
    week: dt.date
    key: str
    value: float
    note: str | None


def import_activity_csv(deps: Deps, *, team_id: str, text: str) -> ActivityImportResult:
    """Store every good row of an activity CSV in one transaction; report each bad row with its line.

    Importing the same file again changes nothing. A bad row stores nothing, and does not stop the rest.
    """
    parsed = parse_activity_csv(text)
    if not parsed.readable:
        return ActivityImportResult(0, 0, 0, parsed.problems, readable=False)
    now = deps.clock()
    with session_scope(deps.engine) as session:
        directory = people.rep_directory(session, team_id=team_id)
        checker = _Checker(session, team_id, directory, now)
        good = [g for g in (checker.check(v) for v in parsed.values) if g]
        weeks, changed = _write(session, team_id, good, now)
    problems = sorted(parsed.problems + checker.problems, key=lambda p: p.line)
    return ActivityImportResult(weeks, changed, len(good), problems, readable=True)


class _Checker:
    """Checks each row against its rep's plan and ramp, and against the rows before it in the file."""

    def __init__(self, session: Session, team_id: str, directory: Directory, now: dt.datetime) -> None:
        self.session, self.team_id, self.directory, self.now = session, team_id, directory, now
        self.problems: list[RowProblem] = []
        self.seen: dict[tuple[str, dt.date, str], int] = {}
        self.notes: dict[tuple[str, dt.date], tuple[str, int]] = {}

    def check(self, row: ActivityValue) -> _Good | None:
        try:
            good = self._check(row)
        except FieldProblem as err:
            self.problems.append(RowProblem(row.line, tuple(err.problems)))
            return None
        self.seen[(good.rep_id, good.week, good.key)] = row.line
        if good.note:
            self.notes[(good.rep_id, good.week)] = (good.note, row.line)
        return good

    def _check(self, row: ActivityValue) -> _Good:
        rep_id = self.directory.find(row.rep)
        if rep_id is None:
            raise FieldProblem([problem(Code.REP_UNKNOWN, "rep", rep=row.rep[:60])])
        try:
            plan, enrollment, tz = own_ramp(self.session, self.team_id, rep_id, Action.LOG)
        except (NotAMember, NotEnrolled):
            raise FieldProblem([problem(Code.REP_NOT_ENROLLED, "rep", rep=rep_id)]) from None
        first, this_week = week_start(enrollment.start), week_start(local_today(self.now, tz))
        if not first <= row.week_start < ramp_end(plan, enrollment) or row.week_start > this_week:
            raise FieldProblem(
                [problem(Code.WEEK_OUTSIDE_RAMP, "week_start", week=row.week_start, rep=rep_id)]
            )
        try:
            metric = match_metric(row.metric, plan)
        except FieldProblem as err:
            raise FieldProblem([p.at("metric") for p in err.problems]) from None
        value = metric_value(metric, row.value)
        if (earlier := self.seen.get((rep_id, row.week_start, metric.key))) is not None:
            raise FieldProblem(
                [
                    problem(
                        Code.VALUE_REPEATED, metric=metric.key, rep=rep_id, week=row.week_start, first=earlier
                    )
                ]
            )
        self._check_note(rep_id, row)
        return _Good(rep_id, row.week_start, metric.key, value, row.note)

    def _check_note(self, rep_id: str, row: ActivityValue) -> None:
        if row.note and len(row.note) > NOTE_MAX:
            raise FieldProblem([problem(Code.NOTE_TOO_LONG, "note", length=len(row.note), max=NOTE_MAX)])
        given = self.notes.get((rep_id, row.week_start))
        if row.note and given and given[0] != row.note:
            raise FieldProblem([problem(Code.NOTE_CONFLICT, "note", first=given[1])])


def _write(session: Session, team_id: str, good: list[_Good], now: dt.datetime) -> tuple[int, int]:
    """Write the good rows as one log per rep and week; return the weeks changed and the changes."""
    weeks: dict[tuple[str, dt.date], dict[str, float]] = defaultdict(dict)
    notes: dict[tuple[str, dt.date], str] = {}
    for g in good:
        weeks[(g.rep_id, g.week)][g.key] = g.value
        if g.note:
            notes[(g.rep_id, g.week)] = g.note
    written = changes = 0
    for (rep_id, week), values in sorted(weeks.items()):
        log = WeekLog(week, values, notes.get((rep_id, week)))
        changed = activity.write_week(
            session, team_id=team_id, rep_id=rep_id, log=log, actor=ACTOR, source=SOURCE, now=now
        )
        written += bool(changed)
        changes += len(changed)
    return written, changes
