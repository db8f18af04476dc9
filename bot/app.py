"""The Bolt app factory. Nothing happens at import time."""

import logging
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import structlog
from slack_bolt import App, BoltContext, BoltResponse
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot import failures
from bot.deps import Deps
from bot.listeners import register_all
from bot.metrics import SlackCallCounter, observe_request
from bot.oauth.setup import oauth_settings
from bot.replays import run_once
from bot.settings import Settings, SettingsError

log = structlog.get_logger("rampcoach.requests")


def web_client(settings: Settings) -> WebClient:
    """Return a WebClient on SLACK_API_URL that retries connection errors, 429s and 5xx answers."""
    return WebClient(
        # Multi-workspace mode: Bolt sets each request's workspace token on a copy of this client.
        token=None if settings.multi_workspace() else settings.secret("slack_bot_token"),
        base_url=settings.slack_api_url,
        timeout=10,
        retry_handlers=[
            SlackCallCounter(),
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=2),
            ServerErrorRetryHandler(max_retry_count=2),
        ],
    )


# The work after an ack (storing, rendering, Home publishes) is Python that holds the GIL, and an ack waits
# for it at each hand-over of the GIL, by default up to 5 ms each time and several times per request. 1 ms
# keeps the ack tail short under load for a few percent of throughput (bench/ack.py, README).
SWITCH_INTERVAL_S = 0.001


def listener_executor() -> ThreadPoolExecutor:
    """Return the pool for post-ack work, and make the interpreter hand the GIL to acks sooner."""
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    return ThreadPoolExecutor(max_workers=8, thread_name_prefix="rampcoach-listener")


def build_app(
    settings: Settings, deps: Deps, *, http: bool, executor: ThreadPoolExecutor | None = None
) -> App:
    """Return the Bolt app with every listener, and Deps in each request's context.

    Pass `executor` to be able to wait for the post-ack work when stopping (tests, graceful shutdown).
    """
    multi = settings.multi_workspace()
    if not multi:
        settings.require("slack_bot_token")
    elif not http:
        raise SettingsError(
            "SLACK_CLIENT_ID is set: multi-workspace mode installs over HTTP, run `rampcoach serve --http`"
        )
    if http:
        settings.require("slack_signing_secret")
    client = web_client(settings)
    executor = executor or listener_executor()
    app = App(
        client=client,
        oauth_settings=oauth_settings(settings, deps, client) if multi else None,
        signing_secret=settings.secret("slack_signing_secret") if http else "unused-in-socket-mode",
        request_verification_enabled=http,
        token_verification_enabled=False,
        # Every listener acks in its ack function and does the rest lazily on this pool, so acks never
        # wait for Slack calls or for Bolt's 10 ms ack-polling loop.
        process_before_response=True,
        # Few threads: post-ack work is short, and more threads only contend with acks for the GIL.
        listener_executor=executor,
        logger=logging.getLogger("rampcoach.bolt"),
    )
    app.use(_inject(deps))
    app.use(_log_request)
    app.use(run_once(deps))
    register_all(app)
    failures.install(app, executor)
    return app


def _log_request(body: dict[str, Any], context: BoltContext, next: Callable[[], BoltResponse]) -> None:  # noqa: A002
    """Log and count each Slack request once it is acked: what it was, for whom, how long the ack took."""
    started = time.perf_counter()
    kind = _request_kind(body)
    context["request_id"] = failures.request_id(body)  # Bolt copies it into the lazy listeners' context
    try:
        response = next()
    except Exception:
        observe_request(kind, "error", started)
        raise
    observe_request(
        kind, "acked" if response is None or response.status < 400 else f"http_{response.status}", started
    )
    log.info(
        "slack request acked",
        kind=kind,
        request_id=context["request_id"],
        team_id=context.team_id,
        user_id=context.user_id,
        ack_ms=round((time.perf_counter() - started) * 1000, 1),
    )


def _request_kind(body: dict[str, Any]) -> str:
    event = body.get("event")
    if isinstance(event, dict):
        return f"event:{event.get('type')}"
    return str(body.get("command") or body.get("type") or "unknown")


def _inject(deps: Deps) -> Callable[[BoltContext, Callable[[], None]], None]:
    def middleware(context: BoltContext, next: Callable[[], None]) -> None:  # noqa: A002 (Bolt's name)
        context["deps"] = deps
        next()

    return middleware
