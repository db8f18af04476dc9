"""Weekly nudges: the insights each one carried, the rep's reactions to them, and their snoozes."""

import datetime as dt
from collections.abc import Collection, Iterable
from typing import Any, cast

from sqlmodel import Session, col, select

from coaching.delivery import Kind as DeliveryKind
from coaching.delivery import State
from coaching.nudges import Insight, InsightRef
from coaching.nudges import Kind as InsightKind
from coaching.touches import Stage
from storage.db import dialect_insert
from storage.tables import DeliveryRow, NudgeFeedbackRow, NudgeInsightRow

SNOOZE = "snooze"


def _insert_new(session: Session, table: Any, rows: list[dict[str, object]]) -> int:
    """Insert rows whose primary key is not stored yet; return how many were new."""
    if not rows:
        return 0
    statement = dialect_insert(session, table).values(rows).on_conflict_do_nothing().returning(table.team_id)
    # RETURNING lists only the inserted rows; rowcount is not reliable for this on every driver.
    return len(session.execute(statement).all())


def _key(team_id: str, rep_id: str, week: str, ref: InsightRef) -> dict[str, object]:
    return {
        "team_id": team_id,
        "rep_id": rep_id,
        "week": week,
        "kind": ref.kind,
        "stage": ref.stage.value,
        "better": ref.better,
        "worse": ref.worse,
    }


def record_insights(
    session: Session, *, team_id: str, rep_id: str, week: str, insights: Iterable[Insight], now: dt.datetime
) -> int:
    """Remember the insights rendered into a rep's nudge of `week` (rendering again adds nothing)."""
    rows = [
        _key(team_id, rep_id, week, i.ref) | {"probability": i.probability, "rendered_at": now}
        for i in insights
    ]
    return _insert_new(session, NudgeInsightRow, rows)


def record_reaction(
    session: Session,
    *,
    team_id: str,
    rep_id: str,
    week: str,
    ref: InsightRef,
    reaction: str,
    now: dt.datetime,
) -> tuple[str, bool]:
    """Store the rep's reaction to an insight unless one is stored; return the stored one and if it is new."""
    row = _key(team_id, rep_id, week, ref) | {"reaction": reaction, "at": now}
    new = _insert_new(session, NudgeFeedbackRow, [row]) == 1
    stored = session.get(
        NudgeFeedbackRow, (team_id, rep_id, week, ref.kind, ref.stage.value, ref.better, ref.worse)
    )
    return (stored.reaction if stored else reaction), new


def snoozed_pairs(
    session: Session, *, team_id: str, rep_id: str, weeks: Collection[str]
) -> set[tuple[str, str, str]]:
    """Return the (kind, better, worse) pairs the rep snoozed in any of `weeks`."""
    t = NudgeFeedbackRow
    query = select(t).where(
        t.team_id == team_id, t.rep_id == rep_id, t.reaction == SNOOZE, col(t.week).in_(list(weeks))
    )
    return {(row.kind, row.better, row.worse) for row in session.exec(query)}


def sent_insights(session: Session, *, team_id: str) -> list[tuple[str, str, InsightRef]]:
    """Return (rep, week, insight) for every insight of a nudge that reached Slack, oldest week first."""
    keys = select(DeliveryRow.key).where(
        DeliveryRow.team_id == team_id,
        DeliveryRow.kind == DeliveryKind.NUDGE.value,
        DeliveryRow.state == State.SENT.value,
    )
    sent = set(session.exec(keys))
    query = select(NudgeInsightRow).where(NudgeInsightRow.team_id == team_id)
    rows = sorted(session.exec(query), key=lambda r: (r.week, r.rep_id, r.kind, r.better))
    return [
        (r.rep_id, r.week, InsightRef(cast(InsightKind, r.kind), Stage(r.stage), r.better, r.worse))
        for r in rows
        if f"{DeliveryKind.NUDGE.value}:{team_id}:{r.rep_id}:{r.week}" in sent
    ]


def latest_insights(
    session: Session, *, team_id: str, rep_id: str
) -> tuple[str, list[tuple[InsightRef, float]]]:
    """Return the ISO week of the rep's latest nudge that reached Slack, with its insights and their
    probabilities; ("", []) if none did."""
    mine = (NudgeInsightRow.team_id == team_id, NudgeInsightRow.rep_id == rep_id)
    weeks = session.exec(
        select(NudgeInsightRow.week).where(*mine).distinct().order_by(col(NudgeInsightRow.week).desc())
    )
    for week in list(weeks)[:8]:
        delivery = session.get(DeliveryRow, f"{DeliveryKind.NUDGE.value}:{team_id}:{rep_id}:{week}")
        if delivery is None or delivery.state != State.SENT.value:
            continue
        rows = session.exec(select(NudgeInsightRow).where(*mine, NudgeInsightRow.week == week)).all()
        refs = [
            (InsightRef(cast(InsightKind, r.kind), Stage(r.stage), r.better, r.worse), r.probability)
            for r in rows
        ]
        return week, refs
    return "", []
