"""Logs are JSON lines with the request's context, and never carry a Slack token."""

import json
import logging
from collections.abc import Iterator

import pytest
import structlog

from bot.logs import configure_logging


@pytest.fixture
def json_logs() -> Iterator[None]:
    configure_logging("INFO", "json")
    yield


@pytest.mark.usefixtures("json_logs")
def test_our_events_and_library_records_are_one_json_object_per_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    structlog.get_logger("rampcoach.test").info("slack request acked", team_id="T111", ack_ms=1.5)
    logging.getLogger("slack_bolt.App").warning("a library speaks")
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    assert lines[0]["event"] == "slack request acked"
    assert lines[0]["team_id"] == "T111" and lines[0]["level"] == "info" and "timestamp" in lines[0]
    assert lines[1] == lines[1] | {
        "event": "a library speaks",
        "logger": "slack_bolt.App",
        "level": "warning",
    }


@pytest.mark.usefixtures("json_logs")
def test_tokens_are_scrubbed_from_every_log_line(capsys: pytest.CaptureFixture[str]) -> None:
    structlog.get_logger("rampcoach.test").info("calling Slack", header="Bearer xoxb-123-456-abcdef")
    logging.getLogger("slack_sdk").info("token xapp-1-A111-222-deadbeef rejected")
    output = capsys.readouterr().err
    assert "xoxb-123" not in output and "xapp-1-A111" not in output
    assert output.count("[redacted]") == 2


@pytest.mark.usefixtures("json_logs")
def test_refresh_tokens_and_secrets_under_their_keys_are_scrubbed_too(
    capsys: pytest.CaptureFixture[str],
) -> None:
    structlog.get_logger("rampcoach.test").info(
        "token refreshed",
        answer='{"refresh_token": "abc123", "client_secret": "s3cr3t"}',
        old="xoxe-1-abcdef",
    )
    logging.getLogger("slack_sdk").info("rotated xoxe.xoxp-1-AAA-BBB")
    logging.getLogger("slack_sdk").debug("Sending a request: token=xyz client_secret=hidden")
    output = capsys.readouterr().err
    assert all(secret not in output for secret in ("abc123", "s3cr3t", "xoxe-1-abc", "AAA-BBB", "hidden"))
