"""A cache of each rep's ramp facts: valid for the week it was computed in, until the rep logs again.

Facts change only when the rep's logs change or a week ends, so status pages read one small row per rep
instead of summing every logged value again.
"""

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import bindparam, case, select, update
from sqlmodel import Session

from coaching.activity import Enrollment
from coaching.plans import RampPlan
from coaching.ramp_facts import RampFacts
from storage.db import dialect_insert
from storage.tables import RampFactsRow

CHUNK = 1000  # rows per INSERT: 8 parameters each stays under SQLite's 32,766
NEVER = dt.date(1, 1, 1)  # the week of an invalidated row: never the current one


def cached(
    session: Session, team_id: str, enrolled: Sequence[tuple[Enrollment, RampPlan]], monday: dt.date
) -> tuple[dict[str, RampFacts], dict[str, int]]:
    """Return the cached facts still valid for the week of `monday`, and the version of every rep's row.

    `store` writes only over the versions read here, so facts summed before a rep logged again are never
    written back over what their log invalidated.
    """
    wanted = {e.rep_id: e for e, _ in enrolled}
    row = RampFactsRow.__table__.c  # type: ignore[attr-defined]
    valid_text = case((row.week == monday, row.facts), else_=None)
    query = select(row.rep_id, row.version, row.plan_id, row.plan_version, row.start_date, valid_text).where(
        row.team_id == team_id
    )
    if len(wanted) < CHUNK:
        query = query.where(row.rep_id.in_(list(wanted)))
    found: dict[str, RampFacts] = {}
    versions = {}
    for rep, version, plan_id, plan_version, start, text in session.execute(query):
        enrollment = wanted.get(rep)
        if enrollment is None:
            continue
        versions[rep] = version
        if text is not None and (enrollment.plan_id, enrollment.plan_version, enrollment.start) == (
            plan_id,
            plan_version,
            start,
        ):
            facts = decode(text)
            if facts is not None:
                found[rep] = facts
    return found, versions


def store(
    session: Session,
    team_id: str,
    facts: Iterable[tuple[Enrollment, RampFacts]],
    monday: dt.date,
    versions: dict[str, int],
) -> None:
    """Cache these facts for the week of `monday` where each rep's row is still at the version read."""
    rows = [
        {
            "team_id": team_id,
            "rep_id": e.rep_id,
            "week": monday,
            "plan_id": e.plan_id,
            "plan_version": e.plan_version,
            "start_date": e.start,
            "facts": encode(f),
            "version": versions.get(e.rep_id, 0),
        }
        for e, f in facts
    ]
    _insert_new(session, [r for r in rows if r["rep_id"] not in versions])
    _update_unchanged(session, [r for r in rows if r["rep_id"] in versions])


def _insert_new(session: Session, rows: list[dict[str, Any]]) -> None:
    for first in range(0, len(rows), CHUNK):
        # A row that appeared meanwhile (another instance, or a log) is newer than what we summed.
        statement = dialect_insert(session, RampFactsRow).values(rows[first : first + CHUNK])
        session.execute(statement.on_conflict_do_nothing())


def _update_unchanged(session: Session, rows: list[dict[str, Any]]) -> None:
    """Overwrite each row only if it is still at the version read (a log since then bumped it)."""
    if not rows:
        return
    row = RampFactsRow.__table__.c  # type: ignore[attr-defined]
    values = ("week", "plan_id", "plan_version", "start_date", "facts")
    statement = (
        update(RampFactsRow.__table__)  # type: ignore[attr-defined]
        .where(row.team_id == bindparam("b_team"), row.rep_id == bindparam("b_rep"))
        .where(row.version == bindparam("b_version"))
        .values({name: bindparam(name) for name in values})
    )
    params = [
        {"b_team": r["team_id"], "b_rep": r["rep_id"], "b_version": r["version"]} | {k: r[k] for k in values}
        for r in rows
    ]
    session.connection().execute(statement, params)


def forget(session: Session, *, team_id: str, rep_id: str) -> None:
    """Invalidate a rep's cached facts (their logs changed) by moving their row to a new version."""
    statement = dialect_insert(session, RampFactsRow).values(
        team_id=team_id,
        rep_id=rep_id,
        week=NEVER,
        plan_id="",
        plan_version=0,
        start_date=NEVER,
        facts="{}",
        version=1,
    )
    bumped = {"week": NEVER, "version": RampFactsRow.__table__.c.version + 1}  # type: ignore[attr-defined]
    session.execute(statement.on_conflict_do_update(index_elements=["team_id", "rep_id"], set_=bumped))


def encode(facts: RampFacts) -> str:
    return json.dumps(
        {
            "logged": sorted(facts.logged),
            "totals": facts.totals,
            "recent": {str(i): values for i, values in facts.recent.items()},
            "milestones": list(facts.milestone_totals),
            "last": facts.last_logged.isoformat() if facts.last_logged else None,
            "metric_weeks": {key: sorted(weeks) for key, weeks in facts.metric_weeks.items()},
        },
        separators=(",", ":"),
    )


def decode(text: str) -> RampFacts | None:
    """Return the cached facts, or None for a row cached before facts knew each metric's logged weeks."""
    data = json.loads(text)
    if "metric_weeks" not in data:
        return None
    return RampFacts(
        logged=frozenset(data["logged"]),
        totals=data["totals"],
        recent={int(i): values for i, values in data["recent"].items()},
        milestone_totals=tuple(data["milestones"]),
        last_logged=dt.date.fromisoformat(data["last"]) if data["last"] else None,
        metric_weeks={key: frozenset(weeks) for key, weeks in data["metric_weeks"].items()},
    )
