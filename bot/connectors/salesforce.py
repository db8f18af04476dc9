"""Salesforce: activity records through the REST API's SOQL query endpoint, paged with nextRecordsUrl.

Calls and emails are Tasks told apart by TaskSubtype, meetings are Events, pipeline is Opportunities.
Each query reads records whose LastModifiedDate is at or after an instant, oldest change first, so a
sync that resumes from the newest change it stored reads again every record that changed since.
An expired session (401 INVALID_SESSION_ID) signs in again once; 5xx and transport errors are retried.
"""

import datetime as dt
import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx
from pydantic import BaseModel, ValidationError

from bot.connectors.base import RateLimited, RecordPage
from bot.connectors.salesforce_auth import Grant, SalesforceError, Session, sign_in
from bot.views.problems import problem_texts
from coaching.crm import CrmOwner, CrmRecord, RecordKind
from coaching.errors import describe

__all__ = ["SalesforceClient", "SalesforceError"]

_ID = re.compile(r"^[A-Za-z0-9]{15,18}$")
_FIELD = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,79}$")
# SOQL is built from these constants, a formatted UTC instant and ids checked against _ID: no outside text.
TASK = (
    "SELECT Id, OwnerId, TaskSubtype, CallType, CallDisposition, Status, Subject, Type, CompletedDateTime, "
    "CreatedDate, LastModifiedDate FROM Task"
)
QUERIES = {
    RecordKind.CALL: (TASK, "TaskSubtype = 'Call'"),
    RecordKind.EMAIL: (TASK, "TaskSubtype = 'Email'"),
    RecordKind.MEETING: (
        "SELECT Id, OwnerId, Subject, Type, EventSubtype, StartDateTime, CreatedDate, LastModifiedDate "
        "FROM Event",
        "IsChild = false",  # an invitee's copy of a meeting is not another meeting
    ),
    RecordKind.DEAL: (
        "SELECT Id, OwnerId, Name, Amount, StageName, Type, IsClosed, IsWon, CloseDate, CreatedDate, "
        "LastModifiedDate FROM Opportunity",
        "",
    ),
}
OCCURRED = {RecordKind.MEETING: "StartDateTime", RecordKind.DEAL: "CreatedDate"}  # Tasks: when completed


class _Page(BaseModel):
    records: list[dict[str, Any]]
    done: bool = True
    nextRecordsUrl: str | None = None  # noqa: N815 (Salesforce's name)


@dataclass
class SalesforceClient:
    """A read-only client for the SOQL queries the sync needs; implements bot.connectors.base.CrmConnector."""

    grant: Grant
    api_version: str = "v60.0"
    sleep: Callable[[float], None] = time.sleep
    max_attempts: int = 4
    backoff: float = 1.0
    http: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=30.0))
    name: str = "Salesforce"
    key: str = "salesforce"
    _session: Session | None = None

    def owners(self) -> list[CrmOwner]:
        """Return every standard user (who can own activity) with their email."""
        found: list[CrmOwner] = []
        for page in self._pages("SELECT Id, Email FROM User WHERE UserType = 'Standard'"):
            found += [CrmOwner(str(r["Id"]), r.get("Email")) for r in page if isinstance(r.get("Id"), str)]
        return found

    def record_pages(
        self,
        kind: RecordKind,
        *,
        since: dt.datetime,
        owner_ids: Sequence[str] | None = None,
        properties: Sequence[str] = (),
    ) -> Iterator[RecordPage]:
        """Yield pages of `kind` records modified at or after `since`, oldest change first."""
        for page in self._pages(_soql(kind, since, owner_ids, properties)):
            yield _read(kind, page)

    def _pages(self, soql: str) -> Iterator[list[dict[str, Any]]]:
        path: str | None = f"/services/data/{self.api_version}/query"
        params: dict[str, str] | None = {"q": soql}
        while path is not None:
            page = self._get(path, params)
            yield page.records
            path, params = (page.nextRecordsUrl, None) if not page.done else (None, None)

    def _get(self, path: str, params: dict[str, str] | None) -> _Page:
        where = f"GET {path}"
        response = self._send(path, params, where)
        try:
            return _Page.model_validate(response.json())
        except ValueError as error:
            detail = (
                "; ".join(problem_texts(describe(error)[:3]))
                if isinstance(error, ValidationError)
                else "not JSON"
            )
            raise SalesforceError(f"{where}: unexpected response: {detail}") from None

    def _send(self, path: str, params: dict[str, str] | None, where: str) -> httpx.Response:
        signed_in_again = False
        problem = ""
        for attempt in range(self.max_attempts):
            session = self._current()
            headers = {"Authorization": f"Bearer {session.access_token}"}
            try:
                response = self.http.get(session.instance_url + path, params=params, headers=headers)
            except httpx.TransportError as error:
                problem = f"{type(error).__name__}: {error}"
            else:
                if response.status_code < 300:
                    return response
                if response.status_code == 401 and not signed_in_again:
                    self._session, signed_in_again = None, True  # expired: sign in again, once
                    continue
                _refuse(response, where)
                problem = f"HTTP {response.status_code}"
            if attempt + 1 < self.max_attempts:
                self.sleep(self.backoff * 2**attempt)
        raise SalesforceError(f"{where}: gave up after {self.max_attempts} attempts ({problem})")

    def _current(self) -> Session:
        if self._session is None:
            self._session = sign_in(self.http, self.grant)
        return self._session


def _soql(kind: RecordKind, since: dt.datetime, owner_ids: Sequence[str] | None, extra: Sequence[str]) -> str:
    select, condition = QUERIES[kind]
    fields, source = select.removeprefix("SELECT ").split(" FROM ")
    known = {f.strip().lower() for f in fields.split(",")}
    for name in extra:  # the mapping's properties are checked identifiers (coaching.crm_mapping.Property)
        if _FIELD.match(name) and name.lower() not in known:
            fields, known = f"{fields}, {name}", known | {name.lower()}
    select = f"SELECT {fields} FROM {source}"  # noqa: S608 (checked names only)
    stamp = since.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")  # SOQL datetime literals are unquoted
    where = [c for c in (condition, f"LastModifiedDate >= {stamp}") if c]
    if owner_ids is not None:
        bad = [o for o in owner_ids if not _ID.match(o)]
        if bad:
            raise SalesforceError(f"{bad[0][:40]!r} is not a Salesforce user id")
        where.append("OwnerId IN (" + ", ".join(f"'{o}'" for o in owner_ids) + ")")
    return f"{select} WHERE {' AND '.join(where)} ORDER BY LastModifiedDate, Id"  # noqa: S608 (see QUERIES)


def _read(kind: RecordKind, rows: list[dict[str, Any]]) -> RecordPage:
    records: list[CrmRecord] = []
    skipped: list[str] = []
    for row in rows:
        record_id = row.get("Id")
        occurred_field = OCCURRED.get(kind, "CompletedDateTime")
        occurred = _when(row.get(occurred_field)) or _when(row.get("CreatedDate"))
        modified = _when(row.get("LastModifiedDate"))
        if not isinstance(record_id, str) or occurred is None or modified is None:
            skipped.append(f"{kind} {str(record_id)[:40]}: no Id, {occurred_field} or LastModifiedDate")
            continue
        props = {k: _text(v) for k, v in row.items() if k != "attributes"}
        owner = row.get("OwnerId") if isinstance(row.get("OwnerId"), str) else None
        records.append(CrmRecord(record_id, kind, owner, occurred, modified, props))
    return RecordPage(records, skipped)


def _when(value: object) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        when = dt.datetime.fromisoformat(value)  # Salesforce: 2026-11-02T09:00:00.000+0000
    except ValueError:
        return None
    return when.astimezone(dt.UTC) if when.tzinfo else None


def _text(value: object) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _refuse(response: httpx.Response, where: str) -> None:
    """Raise for an answer that retrying cannot fix (4xx): a used-up daily limit stops the sync."""
    if response.status_code >= 500:
        return
    code = _error_code(response)
    if code == "REQUEST_LIMIT_EXCEEDED":
        raise RateLimited(f"{where}: Salesforce's daily API request limit is used up; try again tomorrow")
    if response.status_code in (401, 403):
        raise SalesforceError(f"{where}: Salesforce refused the session ({code}): check the connected app")
    raise SalesforceError(f"{where}: HTTP {response.status_code} {code}: {response.text[:200]}")


def _error_code(response: httpx.Response) -> str:
    try:
        body = response.json()
        return str(body[0]["errorCode"])
    except (ValueError, KeyError, IndexError, TypeError):
        return "no error code"
