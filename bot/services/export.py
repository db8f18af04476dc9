"""Exports as plain rows: each rep's weeks with names, metrics, note and last change; the delivery ledger."""

import csv
import dataclasses
import datetime as dt
import io
import json
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from bot.deps import Deps
from bot.services.access import allowed_actor
from bot.services.admin_audit import audit_admin
from bot.services.home import visible_reps
from coaching.activity import Enrollment, WeekLog, week_summary
from coaching.delivery import Delivery
from coaching.leave import LeavePeriod
from coaching.plan_periods import PlanPeriod, enrollment_on
from coaching.plans import RampPlan
from coaching.policy import ORG, Action
from coaching.ramp_clock import clock_for
from coaching.status import summary_attainment
from coaching.weeks import ramp_week
from storage.db import session_scope
from storage.repo import admin_audit, exports, leave, people, plan_periods, plans, roster

Cell = str | float | int | bool | None
DELIVERY_COLUMNS = [field.name for field in dataclasses.fields(Delivery)]
# Spreadsheets run cells that start with these as formulas; notes and names are typed by people.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Export:
    columns: list[str]
    rows: list[list[Cell]]


def log_export(
    deps: Deps, *, team_id: str, since: dt.date | None = None, rep_ids: set[str] | None = None
) -> Export:
    """Return one row per rep and logged week (of `rep_ids`, default every rep), one column per metric."""
    with session_scope(deps.engine) as session:
        weeks = exports.logged_weeks(session, team_id=team_id, rep_ids=rep_ids, since=since)
        names = exports.names(session, team_id=team_id)
        managers = people.manager_map(session, team_id=team_id)
        enrolled = plans.team_enrollments(session, team_id=team_id, rep_ids={w.rep_id for w in weeks})
        reader = _week_reader(session, team_id, enrolled, deps.tuning.holidays)
        departed = roster.departed(session, team_id=team_id)
    metrics = _metric_columns([key for _, plan in enrolled for key in (m.key for m in plan.metrics)], weeks)
    columns = ["team_id", "rep_id", "rep_name", "manager_id", "manager_name", "week_start"]
    columns += [
        "rep_left",  # "left on DATE" for an offboarded rep: their history stays in exports
        "ramp_week",
        "week_attainment",
        *metrics,
        "note",
        "updated_by",
        "updated_by_name",
        "updated_at",
    ]
    rows: list[list[Cell]] = []
    for week in weeks:
        manager = managers.get(week.rep_id)
        rows.append(
            [
                team_id,
                week.rep_id,
                names.get(week.rep_id),
                manager,
                names.get(manager or ""),
                week.week_start.isoformat(),
                f"left on {departed[week.rep_id]}" if week.rep_id in departed else None,
                *reader.figures(week),
                *(week.values.get(m) for m in metrics),  # a blank metric stays blank: it is not a zero
                week.note,
                week.updated_by,
                names.get(week.updated_by),
                week.updated_at.isoformat(),
            ]
        )
    return Export(columns, rows)


@dataclass(frozen=True)
class _WeekReader:
    """Reads each logged week as the status trend does: against the plan in force that week (a week before
    a replan stays the earlier plan's), on the rep's ramp clock (leave moves and prorates the week)."""

    current: dict[str, tuple[Enrollment, RampPlan]]
    earlier: dict[str, list[PlanPeriod]]
    earlier_plans: dict[tuple[str, int], RampPlan]
    away: dict[str, list[LeavePeriod]]
    holidays: Collection[dt.date]

    def figures(self, week: exports.LoggedWeek) -> list[Cell]:
        """Return the week's ramp week and attainment (blank outside the ramp)."""
        if week.rep_id not in self.current:
            return [None, None]
        enrollment, plan = self._in_force(week)
        number = ramp_week(enrollment.start, week.week_start)
        if number < 1:
            return [number, None]
        clock = clock_for(enrollment.start, self.away.get(week.rep_id, ()), self.holidays)
        summary = week_summary(plan, enrollment, WeekLog(week.week_start, week.values), clock)
        if summary.ramp_week > plan.weeks:
            return [summary.ramp_week, None]
        attainment = summary_attainment(plan, summary)
        return [summary.ramp_week, None if attainment is None else round(attainment, 3)]

    def _in_force(self, week: exports.LoggedWeek) -> tuple[Enrollment, RampPlan]:
        current = self.current[week.rep_id]
        enrollment = enrollment_on(week.week_start, current[0], self.earlier.get(week.rep_id, []))
        plan = self.earlier_plans.get((enrollment.plan_id, enrollment.plan_version))
        return (enrollment, plan) if enrollment is not current[0] and plan else current


def _week_reader(
    session: Session,
    team_id: str,
    enrolled: list[tuple[Enrollment, RampPlan]],
    holidays: Collection[dt.date],
) -> _WeekReader:
    rep_ids = [e.rep_id for e, _ in enrolled]
    earlier = plan_periods.periods(session, team_id=team_id, rep_ids=rep_ids)
    versions = {(p.enrollment.plan_id, p.enrollment.plan_version) for ps in earlier.values() for p in ps}
    return _WeekReader(
        {e.rep_id: (e, plan) for e, plan in enrolled},
        earlier,
        plans.plan_versions(session, team_id=team_id, versions=versions),
        leave.periods(session, team_id=team_id, rep_ids=rep_ids),
        holidays,
    )


def _metric_columns(plan_order: list[str], weeks: list[exports.LoggedWeek]) -> list[str]:
    """Return the plans' metrics in plan order, then any logged metric no plan names any more."""
    ordered = list(dict.fromkeys(plan_order))
    extra = sorted({key for week in weeks for key in week.values} - set(ordered))
    return ordered + extra


def visible_log_export(deps: Deps, *, team_id: str, viewer_id: str, since: dt.date | None = None) -> Export:
    """Return the logs `viewer_id` may see (their team, or the org); raise NotAMember or NotAllowed (reps)."""
    with session_scope(deps.engine) as session:
        viewer = allowed_actor(session, team_id, viewer_id, Action.EXPORT_LOGS, ORG)
        visible = visible_reps(session, viewer)
        audit_admin(session, viewer, "export logs", None, deps.clock(), f"{len(visible)} reps")
    return log_export(deps, team_id=team_id, since=since, rep_ids=visible)


def delivery_export(deps: Deps, *, team_id: str, since: dt.date | None = None) -> Export:
    """Return the workspace's delivery ledger rows due from `since` (UTC midnight) on."""
    start = dt.datetime.combine(since, dt.time(), dt.UTC) if since else None
    with session_scope(deps.engine) as session:
        ledger = exports.ledger(session, team_id=team_id, since=start)
    return Export(DELIVERY_COLUMNS, [_delivery_row(d) for d in ledger])


ADMIN_COLUMNS = ["at", "actor_id", "action", "subject_id", "detail"]


def admin_action_export(deps: Deps, *, team_id: str, since: dt.date | None = None) -> Export:
    """Return the admin audit trail from `since` (UTC midnight) on."""
    start = dt.datetime.combine(since, dt.time(), dt.UTC) if since else None
    with session_scope(deps.engine) as session:
        trail = admin_audit.actions(session, team_id=team_id, since=start)
    return Export(ADMIN_COLUMNS, [[_plain(getattr(a, column)) for column in ADMIN_COLUMNS] for a in trail])


def _delivery_row(delivery: Delivery) -> list[Cell]:
    return [_plain(getattr(delivery, column)) for column in DELIVERY_COLUMNS]


def _plain(value: Any) -> Cell:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return str(value) if isinstance(value, str) else value  # StrEnums become plain strings


def to_csv(export: Export) -> str:
    """Return the rows as CSV with a header line; text that a spreadsheet would run as a formula is quoted."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(export.columns)
    writer.writerows([_safe(cell) for cell in row] for row in export.rows)
    return buffer.getvalue()


def _safe(cell: Cell) -> Cell:
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    return "'" + cell if isinstance(cell, str) and cell.startswith(_FORMULA_START) else cell


def to_json(export: Export) -> str:
    """Return the rows as a JSON list of objects keyed by column."""
    return json.dumps([dict(zip(export.columns, row, strict=True)) for row in export.rows], indent=2) + "\n"


ROSTER_COLUMNS = [
    "at",
    "person_id",
    "person_name",
    "change",
    "detail",
    "reason",
    "actor_id",
    "actor_name",
    "now",
]


def roster_export(deps: Deps, *, team_id: str, since: dt.date | None = None) -> Export:
    """Return every roster change (who, when, what, why) from `since` on, with where each person is now."""
    with session_scope(deps.engine) as session:
        changes = roster.changes(session, team_id=team_id)
        names = exports.names(session, team_id=team_id)
        departed = roster.departed(session, team_id=team_id)
    start = dt.datetime.combine(since, dt.time(), dt.UTC) if since else None
    return Export(
        ROSTER_COLUMNS,
        [
            [
                c.at.isoformat(),
                c.person_id,
                names.get(c.person_id),
                c.change.value,
                c.detail,
                c.reason,
                c.actor_id,
                names.get(c.actor_id),
                f"left on {departed[c.person_id]}" if c.person_id in departed else "on the roster",
            ]
            for c in changes
            if start is None or c.at >= start
        ],
    )
