"""The interface every CRM connector implements (HubSpot, Salesforce), so the sync, the mapping and the
storage are shared: list owners, and read activity records modified since an instant, page by page."""

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from coaching.crm import CrmOwner, CrmRecord, RecordKind


class ConnectorError(RuntimeError):
    """The CRM refused, kept failing, or answered something the connector cannot read."""


class RateLimited(ConnectorError):
    """The CRM's long-term (daily) limit is used up: stop, keep the cursor, and try again after `retry_at`."""

    def __init__(self, message: str, retry_at: dt.datetime | None = None) -> None:
        super().__init__(message)
        self.retry_at = retry_at


@dataclass(frozen=True)
class RecordPage:
    """One page of records, each in its latest state, and why any record on it could not be read."""

    records: list[CrmRecord]
    skipped: list[str] = field(default_factory=list)


class CrmConnector(Protocol):
    """A CRM, read-only. Pages come oldest change first, so a sync can resume from the last one."""

    name: str  # shown to people: "HubSpot", "Salesforce"
    key: str  # stored with values and cursors: "hubspot", "salesforce"

    def owners(self) -> list[CrmOwner]:
        """Return every owner (CRM user) who can own activity records."""
        ...

    def record_pages(
        self,
        kind: RecordKind,
        *,
        since: dt.datetime,
        owner_ids: Sequence[str] | None = None,
        properties: Sequence[str] = (),
    ) -> Iterator[RecordPage]:
        """Yield pages of `kind` records modified at or after `since` (of `owner_ids` only, if given),
        with `properties` read besides the connector's own (the mapping's filters and sums)."""
        ...


def latest_modified(page: RecordPage) -> dt.datetime | None:
    """Return the newest last-modified time on a page, the resume point of a sync that stops after it."""
    return max((r.modified_at for r in page.records), default=None)
