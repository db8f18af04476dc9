"""The demo's CRM: a HubSpot stand-in holding the calls, meetings and deals of the reps who use it, each
one existing from the moment it happened, so the real sync reads each week as it fills."""

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from bot.connectors.base import RecordPage
from bot.demo import org
from bot.deps import Clock
from coaching.crm import CrmOwner, CrmRecord, RecordKind
from coaching.plans import RampPlan

KINDS = {"calls": RecordKind.CALL, "meetings": RecordKind.MEETING, "pipeline": RecordKind.DEAL}


@dataclass
class DemoCrm:
    """A CrmConnector over the seeded story (bot/connectors/base.py): what the real sync reads."""

    plan: RampPlan
    clock: Clock
    name: str = "HubSpot"
    key: str = "hubspot"

    def owners(self) -> list[CrmOwner]:
        return [
            CrmOwner(id=f"70{n}", email=f"{rep.lower()}@example.com") for n, rep in enumerate(org.CRM_REPS)
        ]

    def record_pages(
        self,
        kind: RecordKind,
        *,
        since: dt.datetime,
        owner_ids: Sequence[str] | None = None,
        properties: Sequence[str] = (),  # noqa: ARG002 (every record carries all its properties)
    ) -> Iterator[RecordPage]:
        now = self.clock()
        records = [r for r in self._records(kind) if since <= r.modified_at <= now]
        if owner_ids is not None:
            records = [r for r in records if r.owner_id in owner_ids]
        yield RecordPage(sorted(records, key=lambda r: (r.modified_at, r.id)))

    def _records(self, kind: RecordKind) -> Iterator[CrmRecord]:
        metric = next(m for m, k in KINDS.items() if k is kind) if kind in KINDS.values() else None
        if metric is None:
            return
        for n, rep_id in enumerate(org.CRM_REPS):
            rep = next(r for r in org.REPS if r.slack_id == rep_id)
            for week in range(1, 14):
                monday = org.START + dt.timedelta(weeks=week - 1)
                yield from _week_records(
                    f"70{n}", kind, monday, org.week_values(self.plan, rep, week)[metric]
                )


def _week_records(owner: str, kind: RecordKind, monday: dt.date, value: int) -> Iterator[CrmRecord]:
    """Return a week's records: one per call or meeting through the week, or one deal worth `value`."""
    count, amount = (1, str(value)) if kind is RecordKind.DEAL else (value, None)
    for i in range(count):
        at = dt.datetime.combine(monday + dt.timedelta(days=i % 5), dt.time(14, i % 60), tzinfo=dt.UTC)
        props = {"amount": amount} if amount is not None else {}
        yield CrmRecord(f"{owner}-{kind}-{monday}-{i}", kind, owner, at, at, props)
