"""Outreach touches: idempotent saving (a later, better outcome upgrades a touch), and reading them back."""

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy import insert, or_, update
from sqlmodel import Session, col, select

from coaching.templates import derive_tags
from coaching.touches import Channel, Outcome, Touch
from storage.tables import OutreachTouchRow

_CHUNK = 500  # keys per IN (...) query: well under SQLite's and PostgreSQL's parameter limits


@dataclass(frozen=True)
class SaveReport:
    added: int
    updated: int  # outcome upgraded
    unchanged: int


def save_touches(
    session: Session,
    team_id: str,
    touches: Sequence[Touch],
    source: str,
    now: dt.datetime,
    threads: Mapping[str, str] | None = None,
    *,
    keep_text: bool = True,
) -> SaveReport:
    """Store new touches and upgrade the outcome of known ones; an outcome is never downgraded.

    Each touch's `rep` must already be a Slack user id (see coaching.rep_match). `threads` maps a touch's
    key to the conversation a connector saw it in, so `credit_replies` can find it later. Without
    `keep_text`, subjects and bodies are not stored; the tags derived from a body always are.
    """
    best = _best_by_key(touches)
    stored = _stored_outcomes(session, team_id, list(best))
    new = [t for key, t in best.items() if key not in stored]
    better = [t for key, t in best.items() if key in stored and t.outcome.rank > stored[key].rank]
    if new:
        rows = [_row(team_id, t, source, now, (threads or {}).get(t.key), keep_text) for t in new]
        session.execute(insert(OutreachTouchRow), rows)
    for touch in better:
        session.execute(
            update(OutreachTouchRow)
            .where(col(OutreachTouchRow.team_id) == team_id, col(OutreachTouchRow.touch_key) == touch.key)
            .values(outcome=touch.outcome.value)
        )
    session.flush()
    return SaveReport(len(new), len(better), len(best) - len(new) - len(better))


def _best_by_key(touches: Iterable[Touch]) -> dict[str, Touch]:
    # Two inputs naming one touch (e.g. by email and by Slack id) keep the better outcome.
    best: dict[str, Touch] = {}
    for touch in touches:
        known = best.get(touch.key)
        if known is None or touch.outcome.rank > known.outcome.rank:
            best[touch.key] = touch
    return best


def _stored_outcomes(session: Session, team_id: str, keys: list[str]) -> dict[str, Outcome]:
    found: dict[str, Outcome] = {}
    for start in range(0, len(keys), _CHUNK):
        query = select(col(OutreachTouchRow.touch_key), col(OutreachTouchRow.outcome)).where(
            OutreachTouchRow.team_id == team_id,
            col(OutreachTouchRow.touch_key).in_(keys[start : start + _CHUNK]),
        )
        found.update((key, Outcome(outcome)) for key, outcome in session.exec(query))
    return found


def _row(
    team_id: str, touch: Touch, source: str, now: dt.datetime, thread: str | None, keep_text: bool
) -> dict[str, object]:
    tags = sorted(derive_tags(touch.body).tags) if touch.body else []
    return {
        "team_id": team_id,
        "touch_key": touch.key,
        "rep_id": touch.rep,
        "sent_at": touch.sent_at,
        "channel": touch.channel.value,
        "step": touch.step,
        "template": touch.template,
        "subject": touch.subject if keep_text else None,
        "body": touch.body if keep_text else None,
        "body_tags": ",".join(tags) if touch.body else None,
        "outcome": touch.outcome.value,
        "source": source,
        "thread": thread,
        "imported_at": now,
    }


def credit_replies(session: Session, team_id: str, replies: Iterable[tuple[str, dt.datetime]]) -> int:
    """Mark the latest touch sent in each (thread, replied_at) before the reply as replied; return how many.

    Only a touch with no response yet is upgraded, so reading the same reply twice changes nothing, and a
    reply to a follow-up is not also credited to the opener before it.
    """
    credited = 0
    for thread, replied_at in replies:
        query = (
            select(col(OutreachTouchRow.touch_key), col(OutreachTouchRow.outcome))
            .where(
                OutreachTouchRow.team_id == team_id,
                OutreachTouchRow.thread == thread,
                col(OutreachTouchRow.sent_at) < replied_at,
            )
            .order_by(col(OutreachTouchRow.sent_at).desc())
            .limit(1)
        )
        latest = session.exec(query).first()
        if latest is not None and latest[1] == Outcome.NONE.value:
            session.execute(
                update(OutreachTouchRow)
                .where(col(OutreachTouchRow.team_id) == team_id, col(OutreachTouchRow.touch_key) == latest[0])
                .values(outcome=Outcome.REPLY.value)
            )
            credited += 1
    session.flush()
    return credited


def team_touches(
    session: Session, team_id: str, since: dt.datetime | None = None, rep_ids: Collection[str] | None = None
) -> list[Touch]:
    """Return a workspace's touches (sent at or after `since`, of `rep_ids`), oldest first.

    Plain column tuples turned into unvalidated Touches: the rows were validated on the way in, and a
    team can have hundreds of thousands of them.
    """
    t = OutreachTouchRow
    # SQLModel's select() types at most four columns; SQLAlchemy's takes eight.
    query = sa.select(
        col(t.rep_id), col(t.sent_at), col(t.channel), col(t.step), col(t.template),
        col(t.subject), col(t.body), col(t.outcome), col(t.body_tags),
    ).where(col(t.team_id) == team_id)  # fmt: skip
    if since is not None:
        query = query.where(col(t.sent_at) >= since)
    if rep_ids is not None:
        query = query.where(col(t.rep_id).in_(list(rep_ids)))
    return [
        Touch.model_construct(
            rep=rep,
            sent_at=sent_at,
            channel=Channel(channel),
            step=step,
            template=template,
            subject=subject,
            body=body,
            outcome=Outcome(outcome),
            body_tags=frozenset(tags.split(",")) if tags else None,
        )  # fmt: skip
        for rep, sent_at, channel, step, template, subject, body, outcome, tags in session.execute(
            query.order_by(col(t.sent_at), col(t.touch_key))
        )
    ]


def with_touches(
    session: Session, *, candidates: Iterable[tuple[str, str]], since: dt.datetime
) -> set[tuple[str, str]]:
    """Return the (team, rep) candidates with a touch sent at or after `since` (one query per team)."""
    by_team: dict[str, list[str]] = {}
    for team_id, rep_id in candidates:
        by_team.setdefault(team_id, []).append(rep_id)
    found: set[tuple[str, str]] = set()
    t = OutreachTouchRow
    for team_id, reps in by_team.items():
        for start in range(0, len(reps), _CHUNK):
            query = (
                select(col(t.rep_id))
                .distinct()
                .where(t.team_id == team_id, col(t.rep_id).in_(reps[start : start + _CHUNK]))
                .where(col(t.sent_at) >= since)
            )
            found.update((team_id, rep) for rep in session.exec(query))
    return found


def drop_message_text(session: Session, *, imported_before: dt.datetime) -> int:
    """Drop the subject and body of touches imported before a date (their derived tags stay); return how
    many touches lost text."""
    statement = (
        update(OutreachTouchRow)
        .where(
            col(OutreachTouchRow.imported_at) < imported_before,
            or_(col(OutreachTouchRow.body).is_not(None), col(OutreachTouchRow.subject).is_not(None)),
        )
        .values(subject=None, body=None)
    )
    return int(session.execute(statement).rowcount or 0)  # type: ignore[attr-defined]


COUNTS_SOURCE = "log-modal"  # touches expanded from a week's counts per template


def replace_week_counts(
    session: Session,
    *,
    team_id: str,
    rep_id: str,
    monday: dt.date,
    touches: Sequence[Touch],
    now: dt.datetime,
) -> None:
    """Replace the touches a rep's counts for the week of `monday` stand for (imported touches stay)."""
    start = dt.datetime.combine(monday, dt.time(), dt.UTC)
    session.execute(
        sa.delete(OutreachTouchRow).where(
            col(OutreachTouchRow.team_id) == team_id,
            col(OutreachTouchRow.rep_id) == rep_id,
            col(OutreachTouchRow.source) == COUNTS_SOURCE,
            col(OutreachTouchRow.sent_at) >= start,
            col(OutreachTouchRow.sent_at) < start + dt.timedelta(weeks=1),
        )
    )
    save_touches(session, team_id, touches, COUNTS_SOURCE, now)


def week_counts(
    session: Session, *, team_id: str, rep_id: str, monday: dt.date
) -> dict[str, tuple[int, int]]:
    """Return the counts (sent, replies) per template a rep logged for the week of `monday`."""
    start = dt.datetime.combine(monday, dt.time(), dt.UTC)
    t = OutreachTouchRow
    replied = sa.func.sum(sa.case((col(t.outcome) != Outcome.NONE.value, 1), else_=0))
    query = (
        sa.select(col(t.template), sa.func.count(), replied)
        .where(
            col(t.team_id) == team_id,
            col(t.rep_id) == rep_id,
            col(t.source) == COUNTS_SOURCE,
            col(t.sent_at) >= start,
            col(t.sent_at) < start + dt.timedelta(weeks=1),
        )
        .group_by(col(t.template))
    )
    return {template: (int(sent), int(replies or 0)) for template, sent, replies in session.execute(query)}
