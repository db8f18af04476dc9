"""Every Slack request runs once: a replay inside the 5-minute signature window, or Slack's retry of an
event (X-Slack-Retry-Num), is acknowledged and dropped. The keys live in the database, so this holds
across restarts and instances."""

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import structlog
from slack_bolt import BoltRequest, BoltResponse
from sqlalchemy.exc import SQLAlchemyError

from bot.deps import Deps
from storage.db import session_scope
from storage.repo import seen

log = structlog.get_logger("rampcoach.replays")


def request_key(body: Mapping[str, Any], headers: Mapping[str, Sequence[str]]) -> str | None:
    """Return what identifies a request: an event's id (the same on Slack's retries), else its signature
    (the same on a replay). None in Socket Mode for anything but events: nobody else can send those."""
    event_id = body.get("event_id")
    if isinstance(event_id, str) and event_id:
        return f"event:{body.get('team_id', '')}:{event_id}"[:120]
    signature = (headers.get("x-slack-signature") or [""])[0]
    return f"sig:{signature}"[:120] if signature else None


def run_once(deps: Deps) -> Callable[..., BoltResponse | None]:
    def middleware(
        request: BoltRequest, body: dict[str, Any], next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:  # noqa: A002
        key = request_key(body, request.headers)
        if key is not None and not _first_time(deps, key):
            retry = (request.headers.get("x-slack-retry-num") or [""])[0]
            log.info("repeated request dropped", key=key.split(":", 1)[0], retry=retry)
            return BoltResponse(status=200, body="")
        return next()

    return middleware


def _first_time(deps: Deps, key: str) -> bool:
    """Record the key; with the database down, let the request through so its listener can say so."""
    try:
        with session_scope(deps.engine) as session:
            return seen.first_time(session, key=key, now=deps.clock())
    except SQLAlchemyError:
        log.warning("replay check skipped: database unavailable")
        return True
