"""Every Slack request runs once: a replay inside the 5-minute signature window, or Slack's retry of an
event (X-Slack-Retry-Num, within minutes), is acknowledged and dropped.

Keys are kept in memory for ten minutes, which covers one process (SQLite deployments run one). On
PostgreSQL, where several instances share the work, each key is also claimed in the database: a row-level
insert that never waits for other writers, unlike SQLite's single write lock, which would hold acks up.
"""

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import structlog
from slack_bolt import BoltRequest, BoltResponse
from sqlalchemy.exc import SQLAlchemyError

from bot.deps import Deps
from storage.db import session_scope
from storage.repo import seen

log = structlog.get_logger("rampcoach.replays")
WINDOW_S = 600.0  # longer than the signature window (5 min) and Slack's event retries (up to 5 min)


def request_key(body: Mapping[str, Any], headers: Mapping[str, Sequence[str]]) -> str | None:
    """Return what identifies a request: an event's id (the same on Slack's retries), else its signature
    (the same on a replay). None in Socket Mode for anything but events: nobody else can send those."""
    event_id = body.get("event_id")
    if isinstance(event_id, str) and event_id:
        return f"event:{body.get('team_id', '')}:{event_id}"[:120]
    signature = (headers.get("x-slack-signature") or [""])[0]
    return f"sig:{signature}"[:120] if signature else None


class SeenKeys:
    """Keys seen in the last WINDOW_S seconds, oldest first, so expired ones drop off the front."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._expiry: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()
        self._clock = clock

    def first_time(self, key: str) -> bool:
        now = self._clock()
        with self._lock:
            while self._expiry and next(iter(self._expiry.values())) <= now:
                self._expiry.popitem(last=False)
            if key in self._expiry:
                return False
            self._expiry[key] = now + WINDOW_S
            return True

    def release(self, key: str) -> None:
        """Forget a key whose request failed, so Slack's retry of it is handled."""
        with self._lock:
            self._expiry.pop(key, None)


def run_once(deps: Deps) -> Callable[..., BoltResponse | None]:
    keys = SeenKeys()
    shared = deps.engine.dialect.name == "postgresql"

    def middleware(
        request: BoltRequest, body: dict[str, Any], next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:  # noqa: A002
        key = request_key(body, request.headers)
        if key is not None and not (keys.first_time(key) and (not shared or _first_in_database(deps, key))):
            retry = (request.headers.get("x-slack-retry-num") or [""])[0]
            log.info("repeated request dropped", key=key.split(":", 1)[0], retry=retry)
            return BoltResponse(status=200, body="")
        try:
            response = next()
        except Exception:
            _release(keys, shared, deps, key)
            raise
        if key is not None and response is not None and response.status >= 500:
            _release(keys, shared, deps, key)
        return response

    return middleware


def _release(keys: SeenKeys, shared: bool, deps: Deps, key: str | None) -> None:
    if key is None:
        return
    keys.release(key)
    if shared:
        try:
            with session_scope(deps.engine) as session:
                seen.release(session, key=key)
        except SQLAlchemyError:
            log.warning("replay key not released: database unavailable")


def _first_in_database(deps: Deps, key: str) -> bool:
    """Claim the key for every instance; with the database down, let the request through so its
    listener can say so."""
    try:
        with session_scope(deps.engine) as session:
            return seen.first_time(session, key=key, now=deps.clock())
    except SQLAlchemyError:
        log.warning("replay check skipped: database unavailable")
        return True
