"""Ramp plan versions and enrollments."""

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache

import sqlalchemy as sa
import yaml
from sqlalchemy import and_, tuple_
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from coaching.activity import Enrollment
from coaching.cadence import Ramp
from coaching.decisions import StoredDecision, decided_ramp, effective_plan, parted
from coaching.plans import RampPlan, parse_plan
from coaching.team import Member
from storage.db import one_of
from storage.repo import decisions
from storage.tables import EnrollmentRow, PersonRow, PlanRow


class PlanVersionConflict(ValueError):
    """A plan version that is already stored with different content: versions never change once stored."""


def save_plan(session: Session, *, team_id: str, plan: RampPlan, source: str, now: dt.datetime) -> bool:
    """Store a plan version; return False if that exact version is already there. Versions are immutable."""
    row = session.get(PlanRow, (team_id, plan.id, plan.version))
    if row is not None:
        if _load(row.source) != plan:
            raise PlanVersionConflict(
                f"{plan.id} version {plan.version} is already imported with other content; raise `version`"
            )
        return False
    session.add(
        PlanRow(
            team_id=team_id,
            plan_id=plan.id,
            version=plan.version,
            name=plan.name,
            source=source,
            imported_at=now,
        )
    )
    session.flush()
    return True


def latest_plan(session: Session, *, team_id: str, plan_id: str) -> RampPlan | None:
    """Return the newest stored version of a plan, or None."""
    query = (
        select(PlanRow)
        .where(PlanRow.team_id == team_id, PlanRow.plan_id == plan_id)
        .order_by(col(PlanRow.version).desc())
        .limit(1)
    )
    row = session.exec(query).first()
    return _load(row.source) if row else None


def get_plan(session: Session, *, team_id: str, plan_id: str, version: int) -> RampPlan | None:
    """Return one stored plan version, or None."""
    row = session.get(PlanRow, (team_id, plan_id, version))
    return _load(row.source) if row else None


def get_enrollment(session: Session, *, team_id: str, rep_id: str) -> Enrollment | None:
    """Return the rep's current enrollment, or None."""
    row = session.get(EnrollmentRow, (team_id, rep_id))
    return _enrollment(row) if row else None


def _enrollment(row: EnrollmentRow) -> Enrollment:
    return Enrollment(row.rep_id, row.plan_id, row.plan_version, row.start_date, row.counted_from)


def enroll(session: Session, *, team_id: str, enrollment: Enrollment, by: str, now: dt.datetime) -> bool:
    """Create or change a rep's enrollment; return False if it was already this (the same plan version
    and start: a team import that says so keeps the day a kept-day replan took over)."""
    current = session.get(EnrollmentRow, (team_id, enrollment.rep_id))
    if current is not None and enrollment in (
        _enrollment(current),
        replace(_enrollment(current), counted_from=None),
    ):
        return False
    row = EnrollmentRow(
        team_id=team_id,
        rep_id=enrollment.rep_id,
        plan_id=enrollment.plan_id,
        plan_version=enrollment.plan_version,
        start_date=enrollment.start,
        counted_from=enrollment.counted_from,
        enrolled_by=by,
        # When Ramp Coach first knew the rep: reviews before it are not owed, and a move keeps it.
        enrolled_at=current.enrolled_at if current is not None else now,
    )
    session.merge(row)
    session.flush()
    return True


@lru_cache(maxsize=256)
def _load(source: str) -> RampPlan:
    # Stored versions never change and RampPlan is frozen, so parsing each source once is enough.
    return parse_plan(yaml.safe_load(source))


# An enrollment's plan row: the version the rep was enrolled on.
_ENROLLED_VERSION = and_(
    col(PlanRow.team_id) == EnrollmentRow.team_id,
    col(PlanRow.plan_id) == EnrollmentRow.plan_id,
    col(PlanRow.version) == EnrollmentRow.plan_version,
)


def ramps(session: Session, *, default_tz: str) -> list[Ramp]:
    """Return every current rep's ramp (dates and time zone), for the scheduler, in one query: a rep who
    has left (offboarded) gets no scheduled message."""
    query = (
        select(EnrollmentRow, PersonRow.tz, PlanRow.source)
        .join(
            PersonRow,
            and_(
                col(PersonRow.team_id) == EnrollmentRow.team_id,
                col(PersonRow.slack_id) == EnrollmentRow.rep_id,
            ),
        )
        .join(PlanRow, _ENROLLED_VERSION)
        .where(col(PersonRow.left_on).is_(None))
    )
    decided = decisions.every_decision(session)
    found = [
        decided_ramp(
            Ramp(
                row.team_id,
                row.rep_id,
                tz or default_tz,
                row.start_date,
                row.start_date + dt.timedelta(days=_load(source).length_days),
            ),
            _load(source),
            decided.get((row.team_id, row.rep_id), []),
        )
        for row, tz, source in session.exec(query)
    ]
    return [ramp for ramp in found if ramp is not None]


def team_enrollments(
    session: Session, *, team_id: str, rep_ids: Collection[str] | None = None, current_only: bool = False
) -> list[tuple[Enrollment, RampPlan]]:
    """Return every enrollment in a workspace (or of `rep_ids`) with its plan version, in two queries;
    with `current_only`, not those of reps who have left (cohort figures leave them out).

    Plans are read once per version, not once per rep: a plan's source is kilobytes of YAML.
    """
    query = _enrollments(team_id)
    if rep_ids is not None:
        query = query.where(one_of(session, col(EnrollmentRow.rep_id), rep_ids))
    if current_only:
        gone = select(PersonRow.slack_id).where(
            PersonRow.team_id == team_id, col(PersonRow.left_on).is_not(None)
        )
        query = query.where(col(EnrollmentRow.rep_id).not_in(gone))
    return _with_plans(session, team_id, [Enrollment(*row) for row in session.execute(query)])


def enrollments_since(
    session: Session, *, team_id: str, rep_ids: Collection[str]
) -> tuple[list[tuple[Enrollment, RampPlan]], dict[str, dt.datetime]]:
    """Return `team_enrollments` of these reps, and when Ramp Coach first knew each of them (what
    `ReviewSubject.enrolled_at` is), from the same rows: a leader's Home reads 2,000 of them."""
    query = _enrollments(team_id).add_columns(col(EnrollmentRow.enrolled_at))
    rows = session.execute(query.where(one_of(session, col(EnrollmentRow.rep_id), rep_ids))).all()
    since = {row[0]: row[-1] for row in rows}
    return _with_plans(session, team_id, [Enrollment(*row[:-1]) for row in rows]), since


def _enrollments(team_id: str) -> sa.Select[str, str, int, dt.date, dt.date | None]:
    return sa.select(  # sqlmodel's select types at most four columns
        col(EnrollmentRow.rep_id),
        col(EnrollmentRow.plan_id),
        col(EnrollmentRow.plan_version),
        col(EnrollmentRow.start_date),
        col(EnrollmentRow.counted_from),
    ).where(col(EnrollmentRow.team_id) == team_id)


def _with_plans(session: Session, team_id: str, rows: list[Enrollment]) -> list[tuple[Enrollment, RampPlan]]:
    """Return each enrollment with its plan version, read once per version."""
    versions = {(row.plan_id, row.plan_version) for row in rows}
    found = plan_versions(session, team_id=team_id, versions=versions)
    return [(row, found[(row.plan_id, row.plan_version)]) for row in rows]


def plan_versions(
    session: Session, *, team_id: str, versions: Collection[tuple[str, int]]
) -> dict[tuple[str, int], RampPlan]:
    """Return these (plan id, version)s of a workspace that are stored, in one query."""
    sources = _sources(session, {(team_id, plan_id, version) for plan_id, version in versions})
    return {(plan_id, version): _load(source) for (_, plan_id, version), source in sources.items()}


def plan_ids(session: Session, *, team_id: str) -> list[str]:
    """Return the ids of the plans imported into a workspace."""
    query = select(PlanRow.plan_id).where(PlanRow.team_id == team_id).distinct().order_by(PlanRow.plan_id)
    return list(session.exec(query))


@dataclass(frozen=True)
class ReviewSubject:
    """An enrolled rep with their plan, and the manager who reviews them (None: nobody to prompt)."""

    team_id: str
    enrollment: Enrollment
    plan: RampPlan
    manager_id: str | None
    manager_tz: str | None
    enrolled_at: dt.datetime  # when Ramp Coach first knew the rep: no review is owed from before it


def review_subjects(
    session: Session, *, team_id: str | None = None, rep_ids: Collection[str] | None = None
) -> list[ReviewSubject]:
    """Return every current rep (or these) with their manager and that manager's zone, in one query."""
    rep, manager = aliased(PersonRow), aliased(PersonRow)
    # The manager's zone by their key, row by row: a join there let PostgreSQL, before it has statistics
    # on a new table, scan every manager for each of 2,000 reps.
    manager_tz = (
        sa.select(col(manager.tz))
        .where(col(manager.team_id) == EnrollmentRow.team_id, col(manager.slack_id) == rep.manager_id)
        .scalar_subquery()
    )
    query = (
        sa.select(  # sqlmodel's select types at most four columns
            col(EnrollmentRow.team_id),
            col(EnrollmentRow.rep_id),
            col(EnrollmentRow.plan_id),
            col(EnrollmentRow.plan_version),
            col(EnrollmentRow.start_date),
            col(EnrollmentRow.counted_from),
            col(EnrollmentRow.enrolled_at),
            col(rep.manager_id),
            manager_tz,
        )
        .join(rep, and_(col(rep.team_id) == EnrollmentRow.team_id, col(rep.slack_id) == EnrollmentRow.rep_id))
        .where(col(rep.left_on).is_(None))  # no review is owed for a rep who has left
    )
    if team_id is not None:
        query = query.where(col(EnrollmentRow.team_id) == team_id)
    if rep_ids is not None:
        query = query.where(one_of(session, col(EnrollmentRow.rep_id), rep_ids))
    # Reviews follow the decisions: an extension moves the checkpoints; after parting ways none is owed.
    decided = decisions.every_decision(session, team_id=team_id, rep_ids=rep_ids)
    # Plain columns, not rows as objects: a leader's Home reads 2,000 of them; each plan source once.
    rows = session.execute(query).all()
    versions = {(team, plan_id, version) for team, _, plan_id, version, *_ in rows}
    loaded = {version: _load(source) for version, source in _sources(session, versions).items()}
    return [
        ReviewSubject(
            team,
            Enrollment(rep_id, plan_id, version, start, counted_from),
            effective_plan(plan, made) if made else plan,
            boss,
            tz,
            at,
        )
        for team, rep_id, plan_id, version, start, counted_from, at, boss, tz in rows
        if (plan := loaded.get((team, plan_id, version))) is not None
        for made in [decided.get((team, rep_id), [])]
        if not (made and parted(made))
    ]


def subjects_of(
    team_id: str,
    enrolled: Collection[tuple[Enrollment, RampPlan]],
    people: Mapping[str, Member],
    decided: Mapping[str, list[StoredDecision]],
    since: Mapping[str, dt.datetime],
) -> list[ReviewSubject]:
    """Return what `review_subjects` returns for these enrollments, from what a caller has read already:
    the people (the reps and their managers), the reps' decisions, and `enrolled_at`. The caller leaves
    out reps who have left."""
    found = []
    for enrollment, plan in enrolled:
        made = decided.get(enrollment.rep_id, [])
        rep = people.get(enrollment.rep_id)
        if rep is None or enrollment.rep_id not in since or (made and parted(made)):
            continue
        boss = people.get(rep.manager_id) if rep.manager_id else None
        found.append(
            ReviewSubject(
                team_id,
                enrollment,
                effective_plan(plan, made) if made else plan,
                rep.manager_id,
                boss.tz if boss else None,
                since[enrollment.rep_id],
            )
        )
    return found


def _sources(session: Session, versions: Collection[tuple[str, str, int]]) -> dict[tuple[str, str, int], str]:
    """Return the source of each of these (team, plan, version)s that is stored."""
    if not versions:
        return {}
    key = tuple_(col(PlanRow.team_id), col(PlanRow.plan_id), col(PlanRow.version))
    query = sa.select(col(PlanRow.team_id), col(PlanRow.plan_id), col(PlanRow.version), col(PlanRow.source))
    query = query.where(key.in_(list(versions)))
    return {(team, plan_id, version): source for team, plan_id, version, source in session.execute(query)}
