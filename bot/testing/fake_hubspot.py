"""An in-memory HubSpot for tests and the benchmark, served through httpx.MockTransport.

It answers GET /crm/v3/owners and POST /crm/v3/objects/{type}/search as HubSpot's reference describes
them (https://developers.hubspot.com/docs/api/crm/search): filters GTE on hs_lastmodifieddate and IN on
hubspot_owner_id, ascending sort on hs_lastmodifieddate, `after` as an offset, at most 10,000 results per
search. Optionally it enforces the private-app burst limit (100 requests per rolling 10 s, shortened
by `speedup`) with HubSpot's 429 body and X-HubSpot-RateLimit-* headers, and answers 429 at random.
"""

import bisect
import collections
import itertools
import json
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

SEARCH_LIMIT = 10_000


@dataclass
class FakeHubSpot:
    objects: dict[str, dict[str, dict[str, str | None]]] = field(default_factory=dict)  # type -> id -> props
    owners: list[dict[str, str]] = field(default_factory=list)
    limit: int | None = None  # requests per window; None: no rate limit
    window_s: float = 10.0
    random_429: float = 0.0  # share of calls answered 429 at random
    seed: int = 17
    monotonic: Callable[[], float] = time.monotonic
    on_search: Callable[[str, int], None] | None = None  # called with (type, request number) before answering
    requests: int = 0
    rejected: int = 0
    _sent: collections.deque[float] = field(default_factory=collections.deque)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _order: dict[str, list[tuple[int, str]]] = field(default_factory=dict)  # type -> sorted (changed, id)

    def __post_init__(self) -> None:
        self._random = random.Random(self.seed)  # noqa: S311 (fault injection, not security)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def put(self, object_type: str, record_id: str, **properties: str | None) -> None:
        """Create or change a record (the caller sets hs_lastmodifieddate, in epoch milliseconds)."""
        self.objects.setdefault(object_type, {})[record_id] = dict(properties)
        self._order.pop(object_type, None)

    def handle(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            self.requests += 1
            limited = self._limited()
            if limited is not None:
                self.rejected += 1
                return limited
            headers = self._headers()
        if request.url.path == "/crm/v3/owners":
            return httpx.Response(200, json={"results": self.owners}, headers=headers)
        object_type = request.url.path.split("/")[4]
        if self.on_search is not None:
            self.on_search(object_type, self.requests)
        answer = self._search(object_type, json.loads(request.content))
        return httpx.Response(200, json=answer, headers=headers)

    def _limited(self) -> httpx.Response | None:
        if self.limit is None:
            return None
        now = self.monotonic()
        while self._sent and self._sent[0] + self.window_s <= now:
            self._sent.popleft()
        self._sent.append(now)  # a refused request counts against the limit too
        if len(self._sent) > self.limit or self._random.random() < self.random_429:
            body = {
                "status": "error",
                "message": "You have reached your ten_secondly_rolling limit.",
                "errorType": "RATE_LIMIT",
                "correlationId": f"fake-{self.requests}",
                "policyName": "TEN_SECONDLY_ROLLING",
            }
            return httpx.Response(429, json=body, headers=self._headers())
        return None

    def _headers(self) -> dict[str, str]:
        if self.limit is None:
            return {}
        return {
            "X-HubSpot-RateLimit-Max": str(self.limit),
            "X-HubSpot-RateLimit-Remaining": str(max(0, self.limit - len(self._sent))),
            "X-HubSpot-RateLimit-Interval-Milliseconds": str(int(self.window_s * 1000)),
        }

    def _search(self, object_type: str, body: dict[str, Any]) -> dict[str, Any]:
        filters = body["filterGroups"][0]["filters"]
        since = next(int(f["value"]) for f in filters if f["propertyName"] == "hs_lastmodifieddate")
        owners = next((set(f["values"]) for f in filters if f["propertyName"] == "hubspot_owner_id"), None)
        records = self.objects.get(object_type, {})
        order = self._sorted(object_type)
        start, size = int(body.get("after") or 0), int(body.get("limit", 10))
        matching = (
            rid
            for _, rid in order[bisect.bisect_left(order, (since, "")) :]
            if owners is None or records[rid].get("hubspot_owner_id") in owners
        )
        # Only as far as one result past this page: enough to say whether there is a next page.
        window = list(itertools.islice(matching, min(start + size + 1, SEARCH_LIMIT + 1)))
        page = window[start : min(start + size, SEARCH_LIMIT)]
        results = [{"id": rid, "properties": records[rid], "archived": False} for rid in page]
        end = start + len(page)
        more = len(window) > end and end < SEARCH_LIMIT
        return (
            {"total": len(window)}
            | {"results": results}
            | ({"paging": {"next": {"after": str(end), "link": f"?after={end}"}}} if more else {})
        )

    def _sorted(self, object_type: str) -> list[tuple[int, str]]:
        """Return the records of a type in search order (last change, then id), rebuilt after a change."""
        if object_type not in self._order:
            records = self.objects.get(object_type, {})
            self._order[object_type] = sorted(
                (int(props.get("hs_lastmodifieddate") or 0), rid) for rid, props in records.items()
            )
        return self._order[object_type]
