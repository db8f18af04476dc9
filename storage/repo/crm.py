"""CRM auto-fill storage: records in their latest state (keyed by CRM id) and the values they propose."""

import datetime as dt
import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from coaching.crm import CrmRecord, RecordKind
from storage.db import dialect_insert
from storage.tables import ActivityRow
from storage.tables_crm import CrmProposalRow, CrmRecordRow


@dataclass(frozen=True)
class Proposal:
    """What a CRM proposes for a rep's week: its values by metric, which CRM, and when it last synced."""

    week_start: dt.date
    values: dict[str, float]
    connector: str
    synced_at: dt.datetime


def save_records(session: Session, *, team_id: str, connector: str, records: Iterable[CrmRecord]) -> int:
    """Store each record's latest state, replacing what an earlier read stored; return how many."""
    rows = [_row(team_id, connector, r) for r in {r.key: r for r in records}.values()]
    if not rows:
        return 0
    # One cached statement run with many parameter sets, on the Core table: a multi-row VALUES (or an
    # ORM bulk upsert) is compiled again for every page, which costs more than the sync's rate limit.
    insert = dialect_insert(session, CrmRecordRow.__table__)  # type: ignore[attr-defined]
    changing = ("owner_id", "occurred_at", "modified_at", "properties")
    upsert = insert.on_conflict_do_update(
        index_elements=["team_id", "connector", "kind", "record_id"],
        set_={name: getattr(insert.excluded, name) for name in changing},
    )
    session.connection().execute(upsert, rows)
    return len(rows)


def _row(team_id: str, connector: str, record: CrmRecord) -> dict[str, object]:
    return {
        "team_id": team_id,
        "connector": connector,
        "kind": record.kind.value,
        "record_id": record.id,
        "owner_id": record.owner_id,
        "occurred_at": record.occurred_at,
        "modified_at": record.modified_at,
        "properties": json.dumps(dict(record.properties), sort_keys=True),
    }


def records_between(
    session: Session,
    *,
    team_id: str,
    connector: str,
    owner_ids: Collection[str],
    start: dt.datetime,
    end: dt.datetime,
) -> list[CrmRecord]:
    """Return the stored records of these owners that happened in [start, end).

    Plain columns, not ORM objects: a busy rep's weeks hold thousands of records.
    """
    table = CrmRecordRow.__table__.c  # type: ignore[attr-defined]
    query = sa_select(
        table.record_id, table.kind, table.owner_id, table.occurred_at, table.modified_at, table.properties
    ).where(
        table.team_id == team_id,
        table.connector == connector,
        table.owner_id.in_(list(owner_ids)),
        table.occurred_at >= start,
        table.occurred_at < end,
    )
    return [
        CrmRecord(rid, RecordKind(kind), owner, occurred, modified, json.loads(props))
        for rid, kind, owner, occurred, modified, props in session.execute(query)
    ]


def save_proposals(
    session: Session,
    *,
    team_id: str,
    rep_id: str,
    weeks: Mapping[dt.date, Mapping[str, float]],
    connector: str,
    now: dt.datetime,
) -> int:
    """Store what the CRM proposes for some weeks of a rep; return how many values changed (or are new)."""
    stored = {
        (row.week_start, row.metric): row
        for row in session.exec(
            select(CrmProposalRow).where(
                CrmProposalRow.team_id == team_id,
                CrmProposalRow.rep_id == rep_id,
                col(CrmProposalRow.week_start).in_(list(weeks)),
            )
        )
    }
    changed = 0
    for week, values in weeks.items():
        for metric, value in values.items():
            row = stored.get((week, metric))
            if row is None:
                row = CrmProposalRow(
                    team_id=team_id, rep_id=rep_id, week_start=week, metric=metric, value=value,
                    connector=connector, synced_at=now, changed_at=now,
                )  # fmt: skip
                changed += 1
            elif row.value != value or row.connector != connector:
                row.value, row.connector, row.changed_at = value, connector, now
                changed += 1
            row.synced_at = now
            session.add(row)
    session.flush()
    return changed


def get_proposal(session: Session, *, team_id: str, rep_id: str, week_start: dt.date) -> Proposal | None:
    """Return what the CRM proposes for a rep's week, or None if no sync proposed anything."""
    rows = session.exec(
        select(CrmProposalRow).where(
            CrmProposalRow.team_id == team_id,
            CrmProposalRow.rep_id == rep_id,
            CrmProposalRow.week_start == week_start,
        )
    ).all()
    if not rows:
        return None
    return Proposal(
        week_start,
        {r.metric: r.value for r in rows},
        rows[0].connector,
        max(r.synced_at for r in rows),
    )


def logged_by(
    session: Session, *, team_id: str, rep_id: str, weeks: Collection[dt.date]
) -> dict[dt.date, dict[str, tuple[float, str]]]:
    """Return each logged value of these weeks of a rep with who last wrote it (a person, or the sync)."""
    query = select(
        col(ActivityRow.week_start),
        col(ActivityRow.metric),
        col(ActivityRow.value),
        col(ActivityRow.updated_by),
    ).where(
        ActivityRow.team_id == team_id,
        ActivityRow.rep_id == rep_id,
        col(ActivityRow.week_start).in_(list(weeks)),
    )
    logged: dict[dt.date, dict[str, tuple[float, str]]] = {}
    for week, metric, value, author in session.exec(query):
        logged.setdefault(week, {})[metric] = (value, author)
    return logged
