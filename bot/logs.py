"""Structured logs: one JSON line per event (or readable lines for a terminal), with secrets scrubbed."""

import logging
import re
import sys
from collections.abc import MutableMapping
from typing import Any, Literal

import structlog

LogFormat = Literal["json", "console"]
# Slack tokens and signing material must never reach a log line, whoever logs them (us, Bolt, slack_sdk).
# Any xox?- token (bot, user, app-level, refresh `xoxe-`, rotated `xoxe.xoxp-`) and any value logged under
# a secret-sounding key, as slack_sdk's debug lines of oauth.v2.access would show them.
_SECRET = re.compile(r"\b(xox[a-z](?:\.xox[a-z])?|xapp)-[A-Za-z0-9-]+")
_SECRET_VALUE = re.compile(
    r"""(["']?(?:client_secret|refresh_token|access_token|signing_secret|token)["']?\s*[:=]\s*["']?)[^"',&\s}]+"""
)


def scrub(_logger: Any, _method: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """Replace anything shaped like a Slack token in the event's strings with a marker."""
    for key, value in event.items():
        if isinstance(value, str):
            value = _SECRET.sub(r"\1-[redacted]", value)
            event[key] = _SECRET_VALUE.sub(r"\1[redacted]", value)
    return event


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stderr is now, so a swapped stream (tests, CLI runners) is never stale."""

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


def configure_logging(level: str, log_format: LogFormat) -> None:
    """Send every log record (ours and the libraries') through one structlog formatter on stderr."""
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.stdlib.ExtraAdder(),
    ]
    renderer = (
        structlog.processors.JSONRenderer() if log_format == "json" else structlog.dev.ConsoleRenderer()
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            scrub,
            renderer,
        ],
    )
    handler = _StderrHandler()
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    # slack_sdk's debug lines carry whole requests and answers (tokens, client secrets): never below INFO.
    for name in ("slack_sdk", "slack_bolt", "rampcoach.bolt"):
        logging.getLogger(name).setLevel(max(logging.INFO, root.level))
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
