"""Ramp facts for many reps at once: two aggregate queries per plan version, never a query per rep.

The database does the summing (see `coaching.ramp_facts` for what each figure means), so a status page
for thousands of reps reads tens of thousands of sums instead of every logged value.
"""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, Date, Integer, and_, case, func, literal, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import Session, col

from coaching.activity import Enrollment
from coaching.plans import RampPlan
from coaching.ramp_facts import MAX_WEEKS, TREND_WEEKS, RampFacts, complete_weeks, trend_window
from coaching.weeks import week_start
from storage.tables import ActivityRow, EnrollmentRow, WeekLogRow

EPOCH = dt.date(1970, 1, 1)  # a Thursday: weekday 3


class epoch_days(FunctionElement[int]):  # noqa: N801 (a SQL function's name)
    """Days since 1970-01-01 of a DATE column: integer arithmetic on dates, the same in both databases."""

    type = Integer()
    inherit_cache = True


@compiles(epoch_days, "sqlite")
def _epoch_days_sqlite(element: epoch_days, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(julianday({compiler.process(element.clauses, **kw)}) - 2440587.5 AS INTEGER)"


@compiles(epoch_days, "postgresql")
def _epoch_days_postgresql(element: epoch_days, compiler: SQLCompiler, **kw: Any) -> str:
    return f"({compiler.process(element.clauses, **kw)} - DATE '1970-01-01')"


class _Ramp:
    """The SQL expressions of one plan version's ramp arithmetic, for rows joined to their enrollment."""

    def __init__(self, plan: RampPlan, week_column: Any, today: dt.date) -> None:
        start = epoch_days(col(EnrollmentRow.start_date))
        # (Monday - start + 6) // 7 is the week's index for any start weekday; SQL truncates, so stay >= 0.
        self.offset = epoch_days(week_column) - start + 6
        self.index = self.offset // 7
        current = literal((week_start(today) - EPOCH).days, Integer) - start + 6
        complete = current // 7
        self.complete = case((complete > plan.weeks, plan.weeks), else_=complete)
        self.weekday = (start + 3) % 7

    def counted(self) -> ColumnElement[bool]:
        return and_(self.offset >= 0, self.index < self.complete)

    def cutoff(self, day: int) -> ColumnElement[int]:
        return (self.weekday + (day - 1)) // 7


def ramp_facts(
    session: Session, *, team_id: str, enrolled: Sequence[tuple[Enrollment, RampPlan]], today: dt.date
) -> dict[str, RampFacts]:
    """Return the facts of every enrolled rep given, keyed by rep id."""
    groups: dict[tuple[str, int], list[Enrollment]] = {}
    plans: dict[tuple[str, int], RampPlan] = {}
    for enrollment, plan in enrolled:
        groups.setdefault((plan.id, plan.version), []).append(enrollment)
        plans[(plan.id, plan.version)] = plan
    scoped = len(groups) > 1 or len(enrolled) < _ALL_REPS
    facts: dict[str, RampFacts] = {}
    for key, enrollments in groups.items():
        rep_ids = [e.rep_id for e in enrollments] if scoped else None
        facts.update(_plan_facts(session, team_id, plans[key], enrollments, rep_ids, today))
    return facts


_ALL_REPS = 1000  # past this, filter by plan alone: a long IN list costs more than the extra rows


def _plan_facts(
    session: Session,
    team_id: str,
    plan: RampPlan,
    enrollments: list[Enrollment],
    rep_ids: list[str] | None,
    today: dt.date,
) -> dict[str, RampFacts]:
    weeks = _logged_weeks(session, team_id, plan, rep_ids, today)
    sums = _sums(session, team_id, plan, rep_ids, today)
    facts = {}
    for enrollment in enrollments:
        rep = enrollment.rep_id
        mask, last = weeks.get(rep, (0, None))
        logged = frozenset(i for i in range(min(plan.weeks, MAX_WEEKS)) if mask >> i & 1)
        totals, recent, milestones = sums.get(rep, ({}, {}, {}))
        complete = complete_weeks(plan, enrollment.start, today)
        facts[rep] = RampFacts(
            logged=logged,
            totals=totals,
            recent={i: recent.get(complete - 1 - i, {}) for i in trend_window(complete) if i in logged},
            milestone_totals=tuple(milestones.get(n, 0.0) for n in range(len(plan.milestones))),
            last_logged=last,
        )
    return facts


def _logged_weeks(
    session: Session, team_id: str, plan: RampPlan, rep_ids: list[str] | None, today: dt.date
) -> dict[str, tuple[int, dt.date | None]]:
    """Return each rep's logged complete weeks as bits of an integer, and the latest week they logged."""
    ramp = _Ramp(plan, col(WeekLogRow.week_start), today)
    bit = literal(1, BigInteger).op("<<")(ramp.index)
    query = (
        select(
            col(WeekLogRow.rep_id),
            func.sum(case((ramp.counted(), bit), else_=0)),
            func.max(col(WeekLogRow.week_start), type_=Date),
        )
        .join(EnrollmentRow, _enrolled_on(plan, team_id, rep_ids, WeekLogRow))
        .group_by(col(WeekLogRow.rep_id))
    )
    return {rep: (int(mask or 0), last) for rep, mask, last in session.execute(query)}


Sums = tuple[dict[str, float], dict[int, dict[str, float]], dict[int, float]]


def _sums(
    session: Session, team_id: str, plan: RampPlan, rep_ids: list[str] | None, today: dt.date
) -> dict[str, Sums]:
    """Return each rep's totals, their last weeks' values (0: the latest complete week) and milestones."""
    ramp = _Ramp(plan, col(ActivityRow.week_start), today)
    value = col(ActivityRow.value)
    started = ramp.offset >= 0
    recent = [
        func.sum(case((and_(started, ramp.index == ramp.complete - 1 - back), value)))
        for back in range(TREND_WEEKS)
    ]
    milestones = {
        n: func.sum(
            case(
                (and_(col(ActivityRow.metric) == m.metric, started, ramp.cutoff(m.day) >= ramp.index), value)
            )
        )
        for n, m in enumerate(plan.milestones)
        if m.metric
    }
    query = (
        select(
            col(ActivityRow.rep_id),
            col(ActivityRow.metric),
            func.sum(case((ramp.counted(), value))),
            *recent,
            *milestones.values(),
        )
        .join(EnrollmentRow, _enrolled_on(plan, team_id, rep_ids, ActivityRow))
        .group_by(col(ActivityRow.rep_id), col(ActivityRow.metric))
    )
    sums: dict[str, Sums] = {}
    for rep, metric, total, *rest in session.execute(query):
        totals, weeks, reached = sums.setdefault(rep, ({}, {}, {}))
        if total is not None:
            totals[metric] = total
        for back, week_value in enumerate(rest[:TREND_WEEKS]):
            if week_value is not None:
                weeks.setdefault(back, {})[metric] = week_value
        for n, milestone_value in zip(milestones, rest[TREND_WEEKS:], strict=True):
            if milestone_value is not None:
                reached[n] = milestone_value
    return sums


def _enrolled_on(plan: RampPlan, team_id: str, rep_ids: list[str] | None, rows: Any) -> ColumnElement[bool]:
    """Join rows of `rows`' table to their rep's enrollment on this plan version."""
    on = and_(
        col(EnrollmentRow.team_id) == rows.team_id,
        col(EnrollmentRow.rep_id) == rows.rep_id,
        col(EnrollmentRow.team_id) == team_id,
        col(EnrollmentRow.plan_id) == plan.id,
        col(EnrollmentRow.plan_version) == plan.version,
    )
    return on if rep_ids is None else and_(on, col(EnrollmentRow.rep_id).in_(rep_ids))
