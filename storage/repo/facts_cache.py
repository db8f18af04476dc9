"""A cache of each rep's ramp facts: valid for the week it was computed in, until the rep logs again.

Facts change only when the rep's logs change or a week ends, so status pages read one small row per rep
instead of summing every logged value again.
"""

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col

from coaching.activity import Enrollment
from coaching.plans import RampPlan
from coaching.ramp_facts import RampFacts
from storage.tables import RampFactsRow

CHUNK = 1000  # rows per INSERT: 7 parameters each stays under SQLite's 32,766


def cached(
    session: Session, team_id: str, enrolled: Sequence[tuple[Enrollment, RampPlan]], monday: dt.date
) -> dict[str, RampFacts]:
    """Return the cached facts of the enrolled reps that are still valid for the week of `monday`."""
    wanted = {e.rep_id: e for e, _ in enrolled}
    query = select(
        col(RampFactsRow.rep_id),
        col(RampFactsRow.plan_id),
        col(RampFactsRow.plan_version),
        col(RampFactsRow.start_date),
        col(RampFactsRow.facts),
    ).where(col(RampFactsRow.team_id) == team_id, col(RampFactsRow.week) == monday)
    if len(wanted) < CHUNK:
        query = query.where(col(RampFactsRow.rep_id).in_(list(wanted)))
    found = {}
    for rep, plan_id, version, start, text in session.execute(query):
        enrollment = wanted.get(rep)
        if enrollment and (enrollment.plan_id, enrollment.plan_version, enrollment.start) == (
            plan_id,
            version,
            start,
        ):
            found[rep] = decode(text)
    return found


def store(
    session: Session, team_id: str, facts: Iterable[tuple[Enrollment, RampFacts]], monday: dt.date
) -> None:
    """Cache these facts for the week of `monday`, replacing whatever a rep had cached."""
    rows = [
        {
            "team_id": team_id,
            "rep_id": e.rep_id,
            "week": monday,
            "plan_id": e.plan_id,
            "plan_version": e.plan_version,
            "start_date": e.start,
            "facts": encode(f),
        }
        for e, f in facts
    ]
    dialect: Any = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    for first in range(0, len(rows), CHUNK):
        statement = dialect.insert(RampFactsRow).values(rows[first : first + CHUNK])
        # Another instance may have cached the same rep meanwhile: the newer computation wins.
        updated = {
            name: statement.excluded[name]
            for name in ("week", "plan_id", "plan_version", "start_date", "facts")
        }
        session.execute(statement.on_conflict_do_update(index_elements=["team_id", "rep_id"], set_=updated))


def forget(session: Session, *, team_id: str, rep_id: str) -> None:
    """Drop a rep's cached facts: their logs changed."""
    session.execute(
        delete(RampFactsRow).where(col(RampFactsRow.team_id) == team_id, col(RampFactsRow.rep_id) == rep_id)
    )


def encode(facts: RampFacts) -> str:
    return json.dumps(
        {
            "logged": sorted(facts.logged),
            "totals": facts.totals,
            "recent": {str(i): values for i, values in facts.recent.items()},
            "milestones": list(facts.milestone_totals),
            "last": facts.last_logged.isoformat() if facts.last_logged else None,
        },
        separators=(",", ":"),
    )


def decode(text: str) -> RampFacts:
    data = json.loads(text)
    return RampFacts(
        logged=frozenset(data["logged"]),
        totals=data["totals"],
        recent={int(i): values for i, values in data["recent"].items()},
        milestone_totals=tuple(data["milestones"]),
        last_logged=dt.date.fromisoformat(data["last"]) if data["last"] else None,
    )
