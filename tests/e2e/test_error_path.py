"""One error path: a failure after the ack reaches the person who asked and is logged once, with the id
of the request it belongs to; a failure while handling an event is only logged."""

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.app import build_app, listener_executor
from bot.deps import Deps
from bot.fake_slack import FakeSlack
from bot.logs import configure_logging
from bot.server import serving_in_background
from bot.services import setup
from bot.settings import Settings
from bot.testing.payloads import (
    app_home_opened,
    block_actions,
    event_callback,
    slash_command,
    view_submission,
)
from bot.testing.signing import SlackPoster
from bot.views import ids
from bot.views.errors import unexpected_error_text
from storage import migrate
from storage.db import make_engine

ROOT = Path(__file__).resolve().parents[2]
TEAM = "T111"
SECRET = "error-path-secret"
REP = "U0REP1"


def broken_clock() -> Any:
    raise RuntimeError("the clock broke")


@dataclass
class Bot:
    fake: FakeSlack
    poster: SlackPoster


@pytest.fixture
def bot(tmp_path: Path) -> Iterator[Bot]:
    """A seeded bot whose clock fails: every listener that reaches a service fails after the ack."""
    configure_logging("INFO", "json")
    url = f"sqlite:///{tmp_path / 'errors.db'}"
    migrate.upgrade(url)
    seeding = Deps(engine=make_engine(url))
    setup.import_plan(seeding, team_id=TEAM, source=(ROOT / "plans" / "ae-90.yml").read_text())
    setup.import_team(seeding, team_id=TEAM, source=(ROOT / "examples" / "team.yml").read_text())
    seeding.engine.dispose()
    deps = Deps(engine=make_engine(url), clock=broken_clock)
    with FakeSlack("xoxb-errors", team_id=TEAM) as fake:
        settings = Settings.model_validate(
            {"slack_bot_token": "xoxb-errors", "slack_signing_secret": SECRET, "slack_api_url": fake.api_url}
        )
        executor = listener_executor()
        app = build_app(settings, deps, http=True, executor=executor)
        with serving_in_background(app) as url_, SlackPoster(url_, SECRET) as poster:
            yield Bot(fake, poster)
        executor.shutdown(wait=True)
    deps.engine.dispose()


def log_lines(capsys: pytest.CaptureFixture[str], event: str, timeout: float = 10.0) -> list[dict[str, Any]]:
    """Return the JSON log lines seen so far once one of them is `event` (logs go to stderr)."""
    seen: list[dict[str, Any]] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        seen += [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")]
        if any(line["event"] == event for line in seen):
            return seen
        time.sleep(0.05)
    raise AssertionError(f"no {event!r} log line in {seen}")


def failures(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [line for line in lines if line["level"] in ("error", "critical")]


def test_a_click_that_fails_after_the_ack_gets_a_dm_and_one_log_line_with_the_request_id(
    bot: Bot, capsys: pytest.CaptureFixture[str]
) -> None:
    action = {"type": "button", "action_id": ids.OPEN_PAST_WEEKS, "block_id": "b", "value": ""}
    answer = bot.poster.post_form(block_actions([action], user_id=REP, channel_id=None))
    (dm,) = bot.fake.wait_for("chat.postMessage", timeout=10)
    lines = log_lines(capsys, "listener failed")
    assert answer.status_code == 200
    assert dm.args == dm.args | {"channel": REP, "text": unexpected_error_text()}
    (acked,) = [line for line in lines if line["event"] == "slack request acked"]
    (failed,) = failures(lines)
    assert failed["event"] == "listener failed" and failed["request_id"] == acked["request_id"]
    assert failed["listener"] == "open_past_weeks" and failed["user_id"] == REP
    assert "the clock broke" in failed["exception"]


def test_a_command_that_fails_after_the_ack_is_answered_where_it_was_typed(
    bot: Bot, capsys: pytest.CaptureFixture[str]
) -> None:
    body = slash_command(
        "/log", "calls=3", user_id=REP, team_id=TEAM, response_url=bot.fake.response_url("x")
    )
    answer = bot.poster.post_form(body)
    (reply,) = bot.fake.wait_for("response_url", timeout=10)
    (failed,) = failures(log_lines(capsys, "listener failed"))
    assert answer.status_code == 200
    assert reply.args == reply.args | {"text": unexpected_error_text(), "response_type": "ephemeral"}
    assert failed["kind"] == "/log" and failed["request_id"]
    assert bot.fake.calls("chat.postMessage") == []


def test_an_event_that_fails_is_logged_once_and_nobody_is_messaged(
    bot: Bot, capsys: pytest.CaptureFixture[str]
) -> None:
    answer = bot.poster.post_json(event_callback(app_home_opened(user_id=REP), team_id=TEAM))
    (failed,) = failures(log_lines(capsys, "listener failed"))
    assert answer.status_code == 200
    assert failed["request_id"].startswith("Ev")
    assert bot.fake.calls("chat.postMessage") == [] and bot.fake.calls("views.publish") == []


def test_a_form_that_fails_before_the_ack_gets_slack_an_error_and_is_logged_once(
    bot: Bot, capsys: pytest.CaptureFixture[str]
) -> None:
    state: dict[str, dict[str, dict[str, Any]]] = {
        ids.LOG_WEEK_BLOCK: {
            ids.LOG_WEEK_PICK: {"type": "static_select", "selected_option": {"value": "2026-11-16"}}
        },
        f"{ids.METRIC_BLOCK_PREFIX}calls": {ids.LOG_VALUE: {"type": "plain_text_input", "value": "30"}},
    }
    answer = bot.poster.post_form(view_submission(ids.LOG_MODAL, state, user_id=REP, team_id=TEAM))
    (failed,) = failures(log_lines(capsys, "listener failed"))
    # Slack shows the person its own error for a failed submission; a DM as well would say it twice.
    assert answer.status_code == 500
    assert failed["listener"] is None and failed["after_ack"] is False
    assert bot.fake.calls("chat.postMessage") == []
