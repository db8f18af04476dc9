"""Ramp facts for many reps at once: two aggregate queries per plan version, never a query per rep.

The database does the summing (see `coaching.ramp_facts` for what each figure means), so a status page
for thousands of reps reads tens of thousands of sums instead of every logged value.
"""

import datetime as dt
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Date,
    Integer,
    and_,
    case,
    func,
    join,
    literal,
    select,
    union_all,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import Session, col

from coaching.activity import Enrollment
from coaching.plans import RampPlan
from coaching.ramp_facts import (
    MAX_WEEKS,
    TREND_WEEKS,
    RampFacts,
    complete_weeks,
    facts_from_logs,
    milestone_cutoff,
    trend_window,
)
from coaching.weeks import week_start
from storage.repo import activity, facts_cache
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


CACHE_FROM = 20  # fewer reps than this are summed in Python and not cached
NEVER = dt.date(1, 1, 1)  # a week no row has: "no such week" without NULLs, whose type PostgreSQL can't infer


def _bounds(plan: RampPlan, starts: Collection[dt.date], today: dt.date) -> Any:
    """Return a CTE with one row per start date: the dates that bound each figure for reps who started then.

    Computed here, once per start date, so the database compares dates per row instead of doing arithmetic.
    """
    rows = []
    for start in sorted(starts):
        first = week_start(start)
        complete = complete_weeks(plan, start, today)
        trend = [first + dt.timedelta(weeks=complete - 1 - back) for back in range(TREND_WEEKS)]
        cutoffs = [first + dt.timedelta(weeks=milestone_cutoff(start, m.day)) for m in plan.milestones]
        dates = [
            ("start", start),
            ("first", first),
            ("complete_end", first + dt.timedelta(weeks=complete)),
            *((f"recent_{back}", week if week >= first else NEVER) for back, week in enumerate(trend)),
            *((f"cutoff_{n}", cutoff) for n, cutoff in enumerate(cutoffs)),
        ]
        rows.append(
            select(
                *(literal(value, Date).label(name) for name, value in dates),
                literal((first - EPOCH).days, Integer).label("first_days"),
            )
        )
    return (union_all(*rows) if len(rows) > 1 else rows[0]).cte("bounds")


def ramp_facts(
    session: Session,
    *,
    team_id: str,
    enrolled: Sequence[tuple[Enrollment, RampPlan]],
    today: dt.date,
    cache: bool = True,
    cache_from: int = CACHE_FROM,
) -> dict[str, RampFacts]:
    """Return the facts of every enrolled rep given, by rep id: cached, or computed now.

    A few reps' facts are summed in Python from their logs, and not cached: that is quicker than building
    the aggregate query, or waiting for a cache write (SQLite has one writer, and a rep's Home tab is
    republished after every log). Larger batches are summed by the database and cached for the week.
    Without `cache` (a past day, e.g. last week's statuses for the digest) the cache is neither read
    nor written.
    """
    if not cache:
        return aggregate_facts(session, team_id=team_id, enrolled=enrolled, today=today)
    monday = week_start(today)
    found, versions = facts_cache.cached(session, team_id, enrolled, monday)
    missing = [(e, plan) for e, plan in enrolled if e.rep_id not in found]
    if len(missing) < cache_from:
        return found | _from_logs(session, team_id, missing, today)
    fresh = aggregate_facts(session, team_id=team_id, enrolled=missing, today=today)
    facts_cache.store(session, team_id, ((e, fresh[e.rep_id]) for e, _ in missing), monday, versions)
    return found | fresh


def _from_logs(
    session: Session, team_id: str, enrolled: Sequence[tuple[Enrollment, RampPlan]], today: dt.date
) -> dict[str, RampFacts]:
    if not enrolled:
        return {}
    logs = activity.team_week_logs(session, team_id=team_id, rep_ids=[e.rep_id for e, _ in enrolled])
    return {e.rep_id: facts_from_logs(plan, e, logs.get(e.rep_id, []), today) for e, plan in enrolled}


def aggregate_facts(
    session: Session, *, team_id: str, enrolled: Sequence[tuple[Enrollment, RampPlan]], today: dt.date
) -> dict[str, RampFacts]:
    """Return the facts of the enrolled reps, summed by the database: two queries per plan version."""
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
    bounds = _bounds(plan, {e.start for e in enrollments}, today)
    weeks = _logged_weeks(session, team_id, plan, rep_ids, bounds)
    sums = _sums(session, team_id, plan, rep_ids, bounds)
    facts = {}
    for enrollment in enrollments:
        rep = enrollment.rep_id
        mask, last = weeks.get(rep, (0, None))
        logged = frozenset(i for i in range(min(plan.weeks, MAX_WEEKS)) if mask >> i & 1)
        totals, recent, milestones, metric_weeks = sums.get(rep, ({}, {}, {}, {}))
        complete = complete_weeks(plan, enrollment.start, today)
        facts[rep] = RampFacts(
            logged=logged,
            totals=totals,
            recent={i: recent.get(complete - 1 - i, {}) for i in trend_window(complete) if i in logged},
            milestone_totals=tuple(milestones.get(n, 0.0) for n in range(len(plan.milestones))),
            last_logged=last,
            metric_weeks=metric_weeks,
        )
    return facts


def _logged_weeks(
    session: Session, team_id: str, plan: RampPlan, rep_ids: list[str] | None, bounds: Any
) -> dict[str, tuple[int, dt.date | None]]:
    """Return each rep's logged complete weeks as bits of an integer, and the latest week they logged."""
    week = col(WeekLogRow.week_start)
    index = (epoch_days(week) - bounds.c.first_days) // 7
    counted = and_(week >= bounds.c.first, week < bounds.c.complete_end)
    query = (
        select(
            col(WeekLogRow.rep_id),
            func.sum(case((counted, literal(1, BigInteger).op("<<")(index)), else_=0)),
            func.max(week, type_=Date),
        )
        .select_from(_enrolled(plan, team_id, rep_ids, bounds))
        .join(WeekLogRow, _rows_of_rep(WeekLogRow))
        .group_by(col(WeekLogRow.rep_id))
    )
    return {rep: (int(mask or 0), last) for rep, mask, last in session.execute(query)}


# totals, the last weeks' values, milestone sums, and each metric's logged complete weeks
Sums = tuple[dict[str, float], dict[int, dict[str, float]], dict[int, float], dict[str, frozenset[int]]]


def _sums(
    session: Session, team_id: str, plan: RampPlan, rep_ids: list[str] | None, bounds: Any
) -> dict[str, Sums]:
    """Return each rep's totals, last weeks' values (0: latest complete week), milestones and logged weeks."""
    week, value, metric = col(ActivityRow.week_start), col(ActivityRow.value), col(ActivityRow.metric)
    index = (epoch_days(week) - bounds.c.first_days) // 7
    weeks_mask = func.sum(
        case((week < bounds.c.complete_end, literal(1, BigInteger).op("<<")(index)), else_=0)
    )
    recent = [func.sum(case((week == bounds.c[f"recent_{back}"], value))) for back in range(TREND_WEEKS)]
    milestones = {
        n: func.sum(case((and_(metric == m.metric, week <= bounds.c[f"cutoff_{n}"]), value)))
        for n, m in enumerate(plan.milestones)
        if m.metric
    }
    query = (
        select(
            col(ActivityRow.rep_id),
            metric,
            func.sum(case((week < bounds.c.complete_end, value))),
            weeks_mask,
            *recent,
            *milestones.values(),
        )
        .select_from(_enrolled(plan, team_id, rep_ids, bounds))
        .join(ActivityRow, and_(_rows_of_rep(ActivityRow), week >= bounds.c.first))
        # Grouped by the activity's own columns, in its covering index's order: no sort, rows stream.
        .group_by(col(ActivityRow.rep_id), metric)
    )
    sums: dict[str, Sums] = {}
    for rep, key, total, mask, *rest in session.execute(query):
        totals, weeks, reached, logged = sums.setdefault(rep, ({}, {}, {}, {}))
        if total is not None:
            totals[key] = total
        if mask:
            logged[key] = frozenset(i for i in range(MAX_WEEKS) if int(mask) >> i & 1)
        for back, week_value in enumerate(rest[:TREND_WEEKS]):
            if week_value is not None:
                weeks.setdefault(back, {})[key] = week_value
        for n, milestone_value in zip(milestones, rest[TREND_WEEKS:], strict=True):
            if milestone_value is not None:
                reached[n] = milestone_value
    return sums


def _enrolled(plan: RampPlan, team_id: str, rep_ids: list[str] | None, bounds: Any) -> Any:
    """Return the enrollments on this plan version (of `rep_ids`, if given), each with its start's bounds."""
    on_plan = and_(
        col(EnrollmentRow.team_id) == team_id,
        col(EnrollmentRow.plan_id) == plan.id,
        col(EnrollmentRow.plan_version) == plan.version,
        col(EnrollmentRow.start_date) == bounds.c.start,
    )
    if rep_ids is not None:
        on_plan = and_(on_plan, col(EnrollmentRow.rep_id).in_(rep_ids))
    return join(EnrollmentRow, bounds, on_plan)


def _rows_of_rep(table: Any) -> ColumnElement[bool]:
    return and_(table.team_id == EnrollmentRow.team_id, table.rep_id == EnrollmentRow.rep_id)
