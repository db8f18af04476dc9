"""HubSpot: logged email engagements (CRM v3) read page by page and turned into touches.

Mapping, kept deliberately simple:
- an outgoing email (hs_email_direction EMAIL, status SENT or unset) is a touch by its owner, whose
  HubSpot owner email names the rep; a subject starting with "Re:" or "Fw:" is a follow-up (step 2),
  anything else an opener (step 1); the template is "hubspot" (tags come from the body);
- an INCOMING_EMAIL is a reply to the latest outgoing touch in the same thread (hs_email_thread_id)
  sent before it, whichever page or run that touch was read in; emails without a thread id cannot be
  linked, and forwarded, bounced, failed or scheduled emails are skipped.
"""

import datetime as dt
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from bot.views.problems import problem_texts
from coaching.errors import describe
from coaching.touches import Channel, Touch

EMAILS = "/crm/v3/objects/emails"
OWNERS = "/crm/v3/owners"
PROPERTIES = (
    "hs_timestamp", "hs_email_subject", "hs_email_text", "hs_email_direction", "hubspot_owner_id",
    "hs_email_status", "hs_email_thread_id",
)  # fmt: skip
TEMPLATE = "hubspot"
MAX_RETRY_AFTER = 120.0  # seconds: a longer wait is HubSpot's daily limit, better reported than slept
_FOLLOW_UP_PREFIXES = ("re:", "fw:", "fwd:")

Sleep = Callable[[float], None]
M = TypeVar("M", bound=BaseModel)


class HubSpotError(RuntimeError):
    """HubSpot refused, kept failing, or answered something this connector cannot read."""


class _Next(BaseModel):
    after: str


class _Paging(BaseModel):
    next: _Next | None = None


class _Email(BaseModel):
    id: str
    properties: dict[str, str | None]


class _EmailPage(BaseModel):
    results: list[_Email]
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
    next_cursor: str | None  # None on the last page
    last_seen_at: dt.datetime | None = None


@dataclass
class HubSpotClient:
    """A sync client for the few CRM v3 endpoints the sync needs, with retries on 429 and 5xx."""

    token: str
    base_url: str = "https://api.hubapi.com/"
    sleep: Sleep = time.sleep
    max_attempts: int = 5
    backoff: float = 1.0  # seconds before the first retry after a 5xx; doubled each time
    page_size: int = 100
    http: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=30.0))

    def owners(self) -> dict[str, str]:
        """Return each owner id's email (owners without one are left out)."""
        emails: dict[str, str] = {}
        after: str | None = None
        while True:
            page = self._get(
                OWNERS, {"limit": self.page_size} | ({"after": after} if after else {}), _OwnerPage
            )
            emails.update((o.id, o.email) for o in page.results if o.email)
            after = page.paging.next.after if page.paging and page.paging.next else None
            if after is None:
                return emails

    def email_pages(self, after: str | None, owners: dict[str, str]) -> Iterator[EmailPage]:
        """Yield each page of emails from the paging cursor `after` (None: the beginning)."""
        while True:
            params: dict[str, str | int] = {"limit": self.page_size, "properties": ",".join(PROPERTIES)}
            page = self._get(EMAILS, params | ({"after": after} if after else {}), _EmailPage)
            after = page.paging.next.after if page.paging and page.paging.next else None
            yield _read_page(page, owners, after)
            if after is None:
                return

    def _get(self, path: str, params: dict[str, str | int], model: type[M]) -> M:
        where = f"GET {path}" + (f" (after={params['after']})" if "after" in params else "")
        response = self._send(path, params, where)
        try:
            return model.model_validate(response.json())
        except ValueError as error:  # JSONDecodeError and ValidationError are both ValueErrors
            detail = (
                "; ".join(problem_texts(describe(error)[:3]))
                if isinstance(error, ValidationError)
                else "not JSON"
            )
            raise HubSpotError(f"{where}: unexpected response: {detail}") from None

    def _send(self, path: str, params: dict[str, str | int], where: str) -> httpx.Response:
        url = self.base_url.rstrip("/") + path
        headers = {"Authorization": f"Bearer {self.token}"}
        problem = ""
        for attempt in range(self.max_attempts):
            try:
                response = self.http.get(url, params=params, headers=headers)
            except httpx.TransportError as error:
                problem, wait = f"{type(error).__name__}: {error}", self.backoff * 2**attempt
            else:
                if response.status_code < 300:
                    return response
                _refuse(response, where)
                problem, wait = f"HTTP {response.status_code}", self._wait(response, attempt)
            if attempt + 1 < self.max_attempts:
                self.sleep(wait)
        raise HubSpotError(f"{where}: gave up after {self.max_attempts} attempts ({problem})")

    def _wait(self, response: httpx.Response, attempt: int) -> float:
        if response.status_code != 429:
            return float(self.backoff * 2**attempt)
        try:
            wait = float(response.headers.get("Retry-After", self.backoff))
        except ValueError:
            wait = self.backoff
        if wait > MAX_RETRY_AFTER:
            raise HubSpotError(f"HubSpot asks to wait {wait:.0f}s (rate limit): try again later")
        return max(wait, 0.0)


def _refuse(response: httpx.Response, where: str) -> None:
    """Raise for an answer that retrying cannot fix (4xx other than 429)."""
    if response.status_code in (401, 403):
        raise HubSpotError(
            f"{where}: HubSpot refused the token (HTTP {response.status_code}): check HUBSPOT_TOKEN and "
            "its scopes (sales-email-read, crm.objects.owners.read)"
        )
    if response.status_code < 500 and response.status_code != 429:
        raise HubSpotError(f"{where}: HTTP {response.status_code}: {response.text[:200]}")


def _read_page(page: _EmailPage, owners: dict[str, str], next_cursor: str | None) -> EmailPage:
    touches: list[tuple[Touch, str | None]] = []
    replies: list[tuple[str, dt.datetime]] = []
    skipped: list[str] = []
    seen: list[dt.datetime] = []
    for email in page.results:
        props = email.properties
        when = _timestamp(email)
        seen.append(when)
        thread = props.get("hs_email_thread_id") or None
        direction = props.get("hs_email_direction")
        if direction == "INCOMING_EMAIL" and thread:
            replies.append((thread, when))
        elif direction == "EMAIL" and (props.get("hs_email_status") or "SENT") == "SENT":
            owner = owners.get(props.get("hubspot_owner_id") or "")
            if owner is None:
                skipped.append(
                    f"email {email.id}: owner {props.get('hubspot_owner_id')!r} has no known email"
                )
                continue
            try:
                touches.append((_touch(owner, when, props), thread))
            except ValidationError as error:
                skipped.append(f"email {email.id}: {'; '.join(problem_texts(describe(error)))}")
    return EmailPage(touches, replies, skipped, next_cursor, max(seen, default=None))


def _touch(rep: str, when: dt.datetime, props: dict[str, str | None]) -> Touch:
    subject = (props.get("hs_email_subject") or "").strip()[:500] or None
    follow_up = (subject or "").lower().startswith(_FOLLOW_UP_PREFIXES)
    body = (props.get("hs_email_text") or "")[:20_000] or None
    return Touch(
        rep=rep, sent_at=when, channel=Channel.EMAIL, step=2 if follow_up else 1,
        template=TEMPLATE, subject=subject, body=body,
    )  # fmt: skip


def _timestamp(email: _Email) -> dt.datetime:
    text = (email.properties.get("hs_timestamp") or "").strip()
    try:
        if text.isdigit():  # milliseconds since the epoch, as HubSpot also accepts them
            return dt.datetime.fromtimestamp(int(text) / 1000, dt.UTC)
        when = dt.datetime.fromisoformat(text)
    except (ValueError, OverflowError):
        raise HubSpotError(f"email {email.id}: hs_timestamp {text[:40]!r} is not a timestamp") from None
    if when.tzinfo is None:
        raise HubSpotError(f"email {email.id}: hs_timestamp {text[:40]!r} has no time zone")
    return when.astimezone(dt.UTC)
