"""HubSpot: CRM v3 activity records (calls, meetings, emails, deals) through the search endpoint, and
logged emails turned into outreach touches.

Records are searched by last-modified time (`hs_lastmodifieddate` at or after an instant), in ascending
order, paged with `after`, so a sync that resumes from the newest time it stored reads again every record
that changed since, such as an email that was SCHEDULED when first read and SENT later.

Touches, kept deliberately simple:
- an outgoing email (hs_email_direction EMAIL, status SENT or unset) is a touch by its owner, whose
  HubSpot owner email names the rep; a subject starting with "Re:" or "Fw:" is a follow-up (step 2),
  anything else an opener (step 1); the template is "hubspot" (tags come from the body);
- an INCOMING_EMAIL is a reply to the latest outgoing touch in the same thread (hs_email_thread_id)
  sent before it, whichever page or run that touch was read in; emails without a thread id cannot be
  linked, and forwarded, bounced, failed or scheduled emails are skipped (until they are sent).
"""

import datetime as dt
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from bot.connectors.base import RecordPage
from bot.connectors.hubspot_http import HubSpotError, HubSpotHttp, Monotonic, Sleep
from bot.views.problems import problem_texts
from coaching.crm import CrmOwner, CrmRecord, RecordKind
from coaching.errors import describe
from coaching.touches import Channel, Touch

__all__ = ["EmailPage", "HubSpotClient", "HubSpotError"]

OWNERS = "/crm/v3/owners"
OBJECTS = {
    RecordKind.CALL: "calls",
    RecordKind.MEETING: "meetings",
    RecordKind.EMAIL: "emails",
    RecordKind.DEAL: "deals",
}
MODIFIED = "hs_lastmodifieddate"
PROPERTIES = {
    RecordKind.CALL: ("hs_timestamp", "hs_call_disposition", "hs_call_status", "hs_call_direction"),
    RecordKind.MEETING: ("hs_timestamp", "hs_meeting_outcome", "hs_activity_type", "hs_meeting_start_time"),
    RecordKind.EMAIL: (
        "hs_timestamp", "hs_email_subject", "hs_email_text", "hs_email_direction", "hs_email_status",
        "hs_email_thread_id",
    ),
    RecordKind.DEAL: ("createdate", "amount", "dealstage", "pipeline", "dealtype", "closedate"),
}  # fmt: skip
OCCURRED = {RecordKind.DEAL: "createdate"}  # the others: hs_timestamp
SEARCH_LIMIT = 10_000
MAX_IN_VALUES = 100  # HubSpot returns at most this many results per search, whatever the paging says
TEMPLATE = "hubspot"
_FOLLOW_UP_PREFIXES = ("re:", "fw:", "fwd:")
M = TypeVar("M", bound=BaseModel)


class _Next(BaseModel):
    after: str


class _Paging(BaseModel):
    next: _Next | None = None


class _Object(BaseModel):
    id: str
    properties: dict[str, str | None]


class _ObjectPage(BaseModel):
    results: list[_Object]
    paging: _Paging | None = None


class _Owner(BaseModel):
    id: str
    email: str | None = None


class _OwnerPage(BaseModel):
    results: list[_Owner]
    paging: _Paging | None = None


@dataclass(frozen=True)
class EmailPage:
    """One page, fully read: its touches (rep = owner email) with their thread, and replies seen."""

    touches: list[tuple[Touch, str | None]]
    replies: list[tuple[str, dt.datetime]]  # (thread, replied at)
    skipped: list[str]  # why an email became neither a touch nor a reply, when that is worth saying
    last_modified: dt.datetime | None  # the newest hs_lastmodifieddate on the page: where to resume


@dataclass
class HubSpotClient:
    """A sync client for the CRM v3 endpoints the syncs need; implements bot.connectors.base.CrmConnector."""

    token: str
    base_url: str = "https://api.hubapi.com/"
    sleep: Sleep = time.sleep
    monotonic: Monotonic = time.monotonic
    max_attempts: int = 5
    backoff: float = 1.0
    page_size: int = 100  # the search endpoint's maximum
    http: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=30.0))
    name: str = "HubSpot"
    key: str = "hubspot"

    def __post_init__(self) -> None:
        self._http = HubSpotHttp(
            self.token, self.base_url, self.sleep, self.monotonic, self.max_attempts, self.backoff, self.http
        )

    def owners(self) -> list[CrmOwner]:
        """Return every owner, with their email when HubSpot has one."""
        found: list[CrmOwner] = []
        after: str | None = None
        while True:
            params: dict[str, str | int] = {"limit": self.page_size} | ({"after": after} if after else {})
            page = self._parse(self._http.request("GET", OWNERS, f"GET {OWNERS}", params=params), _OwnerPage)
            found += [CrmOwner(o.id, o.email) for o in page.results]
            after = page.paging.next.after if page.paging and page.paging.next else None
            if after is None:
                return found

    def record_pages(
        self,
        kind: RecordKind,
        *,
        since: dt.datetime,
        owner_ids: Sequence[str] | None = None,
        properties: Sequence[str] = (),
    ) -> Iterator[RecordPage]:
        """Yield pages of `kind` records modified at or after `since`, oldest change first.

        Each next page is searched from the newest change read so far (keyset paging), not by `after`
        alone: `after` is an offset, and a record that changes during the sync moves to the end of the
        order, which would shift every later offset by one and skip a record. A record at the boundary
        is read twice; callers keep records by id. Only a page whose records all changed at one instant
        goes on by offset.
        """
        path = f"/crm/v3/objects/{OBJECTS[kind]}/search"
        after: str | None = None
        boundary: set[str] = set()  # ids read at the instant the next search starts from
        while True:
            body = _search_body(kind, since, owner_ids, after, self.page_size, properties)
            where = f"POST {path}" + (f" (after={after})" if after else "")
            page = self._parse(self._http.request("POST", path, where, json=body), _ObjectPage)
            records, skipped = _records(kind, page.results)
            fresh = [r for r in records if not (r.modified_at == since and r.id in boundary)]
            yield RecordPage(fresh, skipped)
            next_after = page.paging.next.after if page.paging and page.paging.next else None
            if next_after is None:
                return
            newest = max((r.modified_at for r in records), default=since)
            boundary = {r.id for r in records if r.modified_at == newest} | (
                boundary if newest == since else set()
            )
            if newest > since:
                since, after = newest, None
            elif _past_search_limit(next_after, self.page_size):
                raise HubSpotError(f"{where}: over {SEARCH_LIMIT} {kind}s changed at one instant")
            else:
                after = next_after

    def email_pages(self, since: dt.datetime, owners: dict[str, str]) -> Iterator[EmailPage]:
        """Yield each page of emails modified at or after `since`, read into touches and replies."""
        for page in self.record_pages(RecordKind.EMAIL, since=since):
            last = max((r.modified_at for r in page.records), default=None)
            yield _email_page(page, owners, last)

    def _parse(self, response: httpx.Response, model: type[M]) -> M:
        try:
            return model.model_validate(response.json())
        except ValueError as error:  # JSONDecodeError and ValidationError are both ValueErrors
            detail = (
                "; ".join(problem_texts(describe(error)[:3]))
                if isinstance(error, ValidationError)
                else "not JSON"
            )
            url = response.request.url.path
            raise HubSpotError(f"{response.request.method} {url}: unexpected response: {detail}") from None


def _search_body(
    kind: RecordKind,
    since: dt.datetime,
    owner_ids: Sequence[str] | None,
    after: str | None,
    limit: int,
    extra: Sequence[str],
) -> dict[str, Any]:
    filters: list[dict[str, Any]] = [
        {"propertyName": MODIFIED, "operator": "GTE", "value": str(int(since.timestamp() * 1000))}
    ]
    # HubSpot caps the values of one IN filter; beyond that, read every owner's records (the sync keeps
    # only matched owners') rather than splitting the search, which would multiply the requests.
    if owner_ids is not None and len(owner_ids) <= MAX_IN_VALUES:
        filters.append({"propertyName": "hubspot_owner_id", "operator": "IN", "values": list(owner_ids)})
    body: dict[str, Any] = {
        "filterGroups": [{"filters": filters}],
        "sorts": [{"propertyName": MODIFIED, "direction": "ASCENDING"}],
        "properties": list(dict.fromkeys([*PROPERTIES[kind], MODIFIED, "hubspot_owner_id", *extra])),
        "limit": limit,
    }
    return body | ({"after": after} if after else {})


def _past_search_limit(after: str, page_size: int) -> bool:
    return after.isdigit() and int(after) + page_size > SEARCH_LIMIT


def _records(kind: RecordKind, objects: list[_Object]) -> tuple[list[CrmRecord], list[str]]:
    """Read each object into a record; one without readable times is skipped with the reason."""
    records: list[CrmRecord] = []
    skipped: list[str] = []
    for obj in objects:
        try:
            occurred = _timestamp(obj, OCCURRED.get(kind, "hs_timestamp"))
            modified = _timestamp(obj, MODIFIED)
        except HubSpotError as error:
            skipped.append(str(error))
            continue
        owner = obj.properties.get("hubspot_owner_id") or None
        records.append(CrmRecord(obj.id, kind, owner, occurred, modified, obj.properties))
    return records, skipped


def _timestamp(obj: _Object, name: str) -> dt.datetime:
    text = (obj.properties.get(name) or "").strip()
    try:
        if text.isdigit():  # milliseconds since the epoch, as HubSpot also accepts them
            return dt.datetime.fromtimestamp(int(text) / 1000, dt.UTC)
        when = dt.datetime.fromisoformat(text)
    except (ValueError, OverflowError):
        raise HubSpotError(f"{obj.id}: {name} {text[:40]!r} is not a timestamp") from None
    if when.tzinfo is None:
        raise HubSpotError(f"{obj.id}: {name} {text[:40]!r} has no time zone")
    return when.astimezone(dt.UTC)


def _email_page(page: RecordPage, owners: dict[str, str], last: dt.datetime | None) -> EmailPage:
    touches: list[tuple[Touch, str | None]] = []
    replies: list[tuple[str, dt.datetime]] = []
    skipped = [f"email {reason}" for reason in page.skipped]
    for record in page.records:
        props = record.properties
        thread = props.get("hs_email_thread_id") or None
        direction = props.get("hs_email_direction")
        if direction == "INCOMING_EMAIL" and thread:
            replies.append((thread, record.occurred_at))
        elif direction == "EMAIL" and (props.get("hs_email_status") or "SENT") == "SENT":
            owner = owners.get(record.owner_id or "")
            if owner is None:
                skipped.append(f"email {record.id}: owner {record.owner_id!r} has no known email")
                continue
            try:
                touches.append((_touch(owner, record.occurred_at, props), thread))
            except ValidationError as error:
                skipped.append(f"email {record.id}: {'; '.join(problem_texts(describe(error)))}")
    return EmailPage(touches, replies, skipped, last)


def _touch(rep: str, when: dt.datetime, props: dict[str, str | None] | Any) -> Touch:
    subject = (props.get("hs_email_subject") or "").strip()[:500] or None
    follow_up = (subject or "").lower().startswith(_FOLLOW_UP_PREFIXES)
    body = (props.get("hs_email_text") or "")[:20_000] or None
    return Touch(
        rep=rep, sent_at=when, channel=Channel.EMAIL, step=2 if follow_up else 1,
        template=TEMPLATE, subject=subject, body=body,
    )  # fmt: skip
