"""The plans reps were on before a replan (issue 16): kept so their weeks stay read against them."""

import datetime as dt
from collections import defaultdict
from collections.abc import Collection

from sqlmodel import Session, col, select

from coaching.activity import Enrollment
from coaching.plan_periods import PlanPeriod
from storage.db import one_of
from storage.tables_roster import PlanPeriodRow


def record(session: Session, *, team_id: str, period: PlanPeriod, by: str, now: dt.datetime) -> None:
    """Store a plan period that a replan ended."""
    e = period.enrollment
    session.add(
        PlanPeriodRow(
            team_id=team_id,
            rep_id=e.rep_id,
            plan_id=e.plan_id,
            plan_version=e.plan_version,
            start_date=e.start,
            counted_from=e.counted_from,
            last_day=period.last_day,
            ended_by=by,
            ended_at=now,
        )
    )
    session.flush()


def periods(
    session: Session, *, team_id: str, rep_ids: Collection[str] | None = None
) -> dict[str, list[PlanPeriod]]:
    """Return each rep's earlier plan periods (of `rep_ids`, default everyone), oldest first."""
    query = select(PlanPeriodRow).where(PlanPeriodRow.team_id == team_id)
    if rep_ids is not None:
        query = query.where(one_of(session, col(PlanPeriodRow.rep_id), rep_ids))
    found: dict[str, list[PlanPeriod]] = defaultdict(list)
    for row in session.exec(query.order_by(col(PlanPeriodRow.last_day), col(PlanPeriodRow.id))):
        enrollment = Enrollment(row.rep_id, row.plan_id, row.plan_version, row.start_date, row.counted_from)
        found[row.rep_id].append(PlanPeriod(enrollment, row.last_day))
    return dict(found)
