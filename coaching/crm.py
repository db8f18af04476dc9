"""CRM activity records (calls, meetings, emails, deals) as the domain sees them, from any CRM."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from zoneinfo import ZoneInfo


class RecordKind(StrEnum):
    CALL = "call"
    MEETING = "meeting"
    EMAIL = "email"
    DEAL = "deal"  # a HubSpot deal or a Salesforce opportunity


@dataclass(frozen=True)
class CrmOwner:
    """A CRM user who owns records; their email names the Slack user."""

    id: str
    email: str | None


@dataclass(frozen=True)
class CrmRecord:
    """One activity record in its latest known state.

    `occurred_at` places it in a rep's week (when the call was made, the meeting held, the deal created);
    `modified_at` is what the sync reads by, so a record that changes after it was first read is read again.
    """

    id: str
    kind: RecordKind
    owner_id: str | None
    occurred_at: dt.datetime
    modified_at: dt.datetime
    properties: Mapping[str, str | None] = field(default_factory=dict)

    @property
    def key(self) -> tuple[RecordKind, str]:
        """Return what identifies the record across syncs: a changed record replaces its earlier state."""
        return (self.kind, self.id)


def record_week(record: CrmRecord, tz: str) -> dt.date:
    """Return the Monday of the week, in the rep's own time zone, that the record happened in."""
    local = record.occurred_at.astimezone(ZoneInfo(tz)).date()
    return local - dt.timedelta(days=local.weekday())


def week_bounds(monday: dt.date, tz: str) -> tuple[dt.datetime, dt.datetime]:
    """Return the UTC instants from local Monday midnight to the next in `tz` (a DST week is 167 or 169 h)."""
    zone = ZoneInfo(tz)
    start = dt.datetime.combine(monday, dt.time(), zone)
    end = dt.datetime.combine(monday + dt.timedelta(days=7), dt.time(), zone)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)
