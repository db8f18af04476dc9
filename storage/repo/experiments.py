"""Weekly experiments: the arm suggested to a rep for a week, a "not this week", and the measured outcome."""

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from sqlmodel import Session, col, select

from coaching.experiments import Experiment, ExperimentResult
from coaching.response_stats import Tally
from coaching.touches import Stage
from storage.db import dialect_insert
from storage.tables import ExperimentRow

SUGGESTED = "suggested"
SKIPPED = "skipped"


@dataclass(frozen=True)
class StoredExperiment:
    rep_id: str
    week: str
    stage: Stage
    arm: str
    best: str
    share: float
    status: str  # suggested or skipped
    result: ExperimentResult | None  # None until the week is over and measured


def record_experiment(
    session: Session, *, team_id: str, week: str, experiment: Experiment, now: dt.datetime
) -> StoredExperiment:
    """Store the week's experiment unless one is stored; return the stored one (a re-render keeps it)."""
    row = {
        "team_id": team_id,
        "rep_id": experiment.rep,
        "week": week,
        "stage": experiment.stage.value,
        "arm": experiment.arm,
        "best": experiment.best,
        "share": experiment.share,
        "status": SUGGESTED,
        "suggested_at": now,
    }
    session.execute(dialect_insert(session, ExperimentRow).values([row]).on_conflict_do_nothing())
    stored = session.get(ExperimentRow, (team_id, experiment.rep, week))
    if stored is None:  # the insert above makes this impossible; here for the type checker
        raise LookupError(f"experiment {team_id}/{experiment.rep}/{week} not stored")
    return _stored(stored)


def get_experiment(session: Session, *, team_id: str, rep_id: str, week: str) -> StoredExperiment | None:
    row = session.get(ExperimentRow, (team_id, rep_id, week))
    return _stored(row) if row else None


def skip_experiment(session: Session, *, team_id: str, rep_id: str, week: str) -> bool:
    """Mark the week's experiment as declined; return False when there is none to skip."""
    row = session.get(ExperimentRow, (team_id, rep_id, week))
    if row is None:
        return False
    row.status = SKIPPED
    session.add(row)
    return True


def record_result(
    session: Session, *, team_id: str, rep_id: str, week: str, result: ExperimentResult
) -> None:
    """Store how the week's touches did, once the week is over."""
    row = session.get(ExperimentRow, (team_id, rep_id, week))
    if row is None:
        return
    row.tried_touches, row.tried_responses = result.tried.touches, result.tried.responses
    row.other_touches, row.other_responses = result.others.touches, result.others.responses
    session.add(row)


def experiments(
    session: Session, *, team_id: str, rep_ids: Collection[str] | None = None
) -> list[StoredExperiment]:
    """Return the team's experiments (or these reps'), by week then rep."""
    query = select(ExperimentRow).where(ExperimentRow.team_id == team_id)
    if rep_ids is not None:
        query = query.where(col(ExperimentRow.rep_id).in_(list(rep_ids)))
    rows = session.exec(query.order_by(col(ExperimentRow.week), col(ExperimentRow.rep_id)))
    return [_stored(row) for row in rows]


def _stored(row: ExperimentRow) -> StoredExperiment:
    result = None
    if row.tried_touches is not None and row.other_touches is not None:
        tried = Tally(row.tried_responses or 0, row.tried_touches)
        result = ExperimentResult(tried, Tally(row.other_responses or 0, row.other_touches))
    return StoredExperiment(
        row.rep_id, row.week, Stage(row.stage), row.arm, row.best, row.share, row.status, result
    )
