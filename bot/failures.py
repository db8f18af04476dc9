"""The one error path: whatever a listener or middleware raises, before or after the ack, reaches the
`@app.error` handler, is logged there once with the request's id, and, when it failed after the ack, is
told to the person who asked (an ephemeral reply to a command, a DM for a click or a form).

Bolt only logs a lazy listener's exception (and in words only); `ReportingLazyRunner` hands it to the
same handler instead, so listeners catch only the refusals they turn into words, never `Exception`.
"""

import logging
import uuid
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any

import structlog
from slack_bolt import App, BoltContext, BoltRequest, Respond
from slack_bolt.kwargs_injection import build_required_kwargs
from slack_bolt.lazy_listener import LazyListenerRunner
from slack_bolt.util.utils import get_arg_names_of_callable
from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError
from sqlalchemy.exc import OperationalError

from bot.views.errors import database_down_text, unexpected_error_text

log = structlog.get_logger("rampcoach.errors")
# Requests where a person did something and waits for an answer; events (a Home tab opened, an
# uninstall) have nobody to tell, so their failures are only logged.
ASKED = frozenset({"block_actions", "view_submission", "view_closed", "shortcut", "message_action"})
Report = Callable[[Exception, BoltRequest], None]


def request_id(body: dict[str, Any]) -> str:
    """Return the id that ties a request's log lines together: Slack's event id, else a fresh one."""
    event_id = body.get("event_id")
    return event_id if isinstance(event_id, str) and event_id else uuid.uuid4().hex[:16]


class ReportingLazyRunner(LazyListenerRunner):
    """Runs lazy listeners on the executor like Bolt's own runner, but hands a failure to `report`."""

    def __init__(self, logger: logging.Logger, executor: Executor, report: Report) -> None:
        self.logger = logger
        self.executor = executor
        self.report = report

    def start(self, function: Callable[..., None], request: BoltRequest) -> None:
        self.executor.submit(self.run, function, request)

    def run(self, function: Callable[..., None], request: BoltRequest) -> None:
        names = get_arg_names_of_callable(function)
        kwargs = build_required_kwargs(
            logger=self.logger, required_arg_names=names, request=request, response=None, this_func=function
        )
        try:
            function(**kwargs)
        except Exception as error:  # noqa: BLE001 (the one place that passes every failure on to @app.error)
            self.report(error, request)


def install(app: App, executor: Executor) -> None:
    """Route every failure, lazy ones included (run on `executor`), to the one handler in `app.error`."""
    runner = app.listener_runner

    def report(error: Exception, request: BoltRequest) -> None:
        runner.listener_error_handler.handle(error=error, request=request, response=None)

    runner.lazy_listener_runner = ReportingLazyRunner(app.logger, executor, report)
    app.error(on_error)


def on_error(
    error: Exception,
    body: dict[str, Any],
    context: BoltContext,
    client: WebClient,
    request: BoltRequest,
    respond: Respond | None,
) -> None:
    """Log the failure once; after the ack, tell the person who asked (before it, Slack shows its own)."""
    log.error(
        "listener failed",
        request_id=context.get("request_id"),
        kind=str(body.get("command") or body.get("type") or "unknown"),
        listener=request.lazy_function_name,  # None: the ack function or a middleware failed
        team_id=context.team_id,
        user_id=context.user_id,
        after_ack=request.lazy_only,
        exc_info=error,
    )
    if request.lazy_only:
        _tell(error, body, client, respond)


def _tell(error: Exception, body: dict[str, Any], client: WebClient, respond: Respond | None) -> None:
    text = database_down_text() if isinstance(error, OperationalError) else unexpected_error_text()
    user = (body.get("user") or {}).get("id") if body.get("type") in ASKED else None
    try:
        if body.get("command") and respond is not None:
            respond(text=text, response_type="ephemeral")
        elif user:
            client.chat_postMessage(channel=user, text=text)
    except (SlackClientError, OSError) as failed:
        log.warning("could not tell the person about the failure", error=str(failed))
