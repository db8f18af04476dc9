"""The delivery ledger: record what is due once, claim rows for one sender, and move them to a final state."""

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from coaching.delivery import Delivery, Due, Kind, State, after_interruption
from storage.db import dialect_insert
from storage.tables import DeliveryRow


def record_due(session: Session, *, dues: Iterable[Due], now: dt.datetime) -> int:
    """Insert a pending row per due delivery unless its key exists; return how many were new."""
    rows = [
        {
            "key": d.key,
            "team_id": d.team_id,
            "kind": d.kind.value,
            "person_id": d.person_id,
            "period": d.period,
            "due_at": d.due_at,
            "state": State.PENDING.value,
            "attempts": 0,
            "next_attempt_at": d.due_at,
            "resent": False,
            "created_at": now,
        }
        for d in dues
    ]
    if not rows:
        return 0
    statement = (
        dialect_insert(session, DeliveryRow).values(rows).on_conflict_do_nothing(index_elements=["key"])
    )
    # RETURNING lists the rows actually inserted; psycopg's rowcount is -1 for this statement.
    return len(session.execute(statement.returning(DeliveryRow.key)).all())


def claim(session: Session, *, now: dt.datetime, limit: int, worker: str) -> list[Delivery]:
    """Mark up to `limit` pending rows that are due as `sending` by `worker`, and return them.

    On PostgreSQL, rows locked by another sender are skipped, so each row goes to one sender only;
    on SQLite, BEGIN IMMEDIATE already makes claims one at a time.
    """
    query = (
        select(DeliveryRow)
        .where(DeliveryRow.state == State.PENDING.value, col(DeliveryRow.next_attempt_at) <= now)
        .order_by(col(DeliveryRow.next_attempt_at))
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    rows = list(session.exec(query))
    for row in rows:
        row.state, row.claimed_by, row.claimed_at = State.SENDING.value, worker, now
        row.attempts += 1
    session.flush()
    return [to_delivery(row) for row in rows]


def mark_sent(session: Session, *, key: str, channel: str, ts: str, now: dt.datetime) -> None:
    """Record that Slack accepted the message."""
    _set(session, key, state=State.SENT.value, channel=channel, ts=ts, sent_at=now, last_error=None)


def mark_retry(
    session: Session, *, key: str, error: str, at: dt.datetime, count_attempt: bool = True
) -> None:
    """Put the row back in line for `at`; a rate-limited try does not count as an attempt."""
    values: dict[str, object] = {"state": State.PENDING.value, "last_error": error, "next_attempt_at": at}
    if not count_attempt:
        values["attempts"] = col(DeliveryRow.attempts) - 1
    _set(session, key, **values)


def release(session: Session, *, key: str) -> None:
    """Give a claimed row that was never posted back to pending, as if it had not been claimed."""
    _set(
        session,
        key,
        state=State.PENDING.value,
        claimed_by=None,
        claimed_at=None,
        attempts=col(DeliveryRow.attempts) - 1,
    )


def mark_final(session: Session, *, key: str, state: State, error: str | None = None) -> None:
    """Move the row to a final state (failed or skipped) with its reason."""
    _set(session, key, state=state.value, last_error=error)


def recover_interrupted(session: Session, *, now: dt.datetime, lease: dt.timedelta) -> list[Delivery]:
    """Settle rows left in `sending` longer than `lease` (their sender died): resend once or mark unknown."""
    stale = session.exec(
        select(DeliveryRow).where(
            DeliveryRow.state == State.SENDING.value, col(DeliveryRow.claimed_at) < now - lease
        )
    ).all()
    for row in stale:
        row.state = after_interruption(Kind(row.kind), row.resent).value
        row.resent = row.resent or row.state == State.PENDING.value
        row.last_error = "interrupted while sending"
        row.next_attempt_at = now
    session.flush()
    return [to_delivery(row) for row in stale]


def retry(session: Session, *, key: str) -> Delivery | None:
    """Put a failed or unknown row back to pending for the next send; None if there is no such row."""
    row = session.get(DeliveryRow, key)
    if row is None or row.state not in (State.FAILED.value, State.UNKNOWN.value):
        return None
    # Due again from its original time, so whichever tick comes next (any clock) sends it.
    row.state, row.next_attempt_at, row.attempts = State.PENDING.value, row.due_at, 0
    session.flush()
    return to_delivery(row)


def find(session: Session, *, key: str) -> Delivery | None:
    """Return the ledger row with this key, or None when there is none."""
    row = session.get(DeliveryRow, key)
    return to_delivery(row) if row else None


def listing(session: Session, *, sent_since: dt.datetime) -> list[Delivery]:
    """Return every row not yet sent, plus the ones sent or skipped since `sent_since`, newest first."""
    done = (State.SENT.value, State.SKIPPED.value)
    query = (
        select(DeliveryRow)
        .where(col(DeliveryRow.state).not_in(done) | (col(DeliveryRow.due_at) >= sent_since))
        .order_by(col(DeliveryRow.due_at).desc())
    )
    return [to_delivery(row) for row in session.exec(query)]


def count_open(session: Session) -> int:
    """Return how many rows are pending or sending."""
    open_states = (State.PENDING.value, State.SENDING.value)
    return len(session.exec(select(DeliveryRow.key).where(col(DeliveryRow.state).in_(open_states))).all())


def _set(session: Session, key: str, **values: object) -> None:
    session.execute(update(DeliveryRow).where(col(DeliveryRow.key) == key).values(**values))


def to_delivery(row: DeliveryRow) -> Delivery:
    return Delivery(
        row.key,
        Kind(row.kind),
        row.team_id,
        row.person_id,
        row.period,
        row.due_at,
        State(row.state),
        row.attempts,
        row.last_error,
        row.next_attempt_at,
        row.channel,
        row.ts,
        row.sent_at,
        row.resent,
    )


def next_retry_at(session: Session) -> dt.datetime | None:
    """Return when the earliest pending row comes due, or None if nothing is pending."""
    query = select(func.min(col(DeliveryRow.next_attempt_at))).where(DeliveryRow.state == State.PENDING.value)
    value = session.exec(query).one()
    return value.replace(tzinfo=dt.UTC) if value is not None and value.tzinfo is None else value


def counts(session: Session) -> dict[tuple[str, str], int]:
    """Return how many ledger rows there are per (kind, state): one grouped query, for /metrics."""
    query = select(col(DeliveryRow.kind), col(DeliveryRow.state), func.count()).group_by(
        col(DeliveryRow.kind), col(DeliveryRow.state)
    )
    return {(kind, state): int(n) for kind, state, n in session.exec(query)}


def oldest_pending_due(session: Session, *, now: dt.datetime) -> dt.datetime | None:
    """Return when the longest-waiting row that is due and still pending came due, or None."""
    query = select(func.min(col(DeliveryRow.next_attempt_at))).where(
        DeliveryRow.state == State.PENDING.value, col(DeliveryRow.next_attempt_at) <= now
    )
    value = session.exec(query).one()
    return value.replace(tzinfo=dt.UTC) if value is not None and value.tzinfo is None else value
