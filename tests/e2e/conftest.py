"""The real Bolt app served over HTTP on loopback, a fake Slack Web API, and a signed-request poster."""

import datetime as dt
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from bot.app import build_app, listener_executor
from bot.deps import Deps, SettableClock
from bot.fake_slack import Call, FakeSlack
from bot.metrics import registry
from bot.server import serving_in_background
from bot.services import setup
from bot.settings import Settings
from bot.testing.payloads import event_callback, slash_command
from bot.testing.signing import SlackPoster
from storage import migrate
from storage.db import make_engine

ROOT = Path(__file__).resolve().parents[2]
TEAM = "T111"
SECRET = "e2e-signing-secret"
REP = "U0REP1"
# Friday 2026-11-20, 16:00 in Chicago: Riley's week starts Monday 2026-11-16, ramp week 7.
FRIDAY = dt.datetime(2026, 11, 20, 22, 0, tzinfo=dt.UTC)
# The team was imported before Riley's first day (Oct 5), so every review since then is owed.
IMPORTED = dt.datetime(2026, 10, 1, 15, 0, tzinfo=dt.UTC)


@dataclass
class RunningBot:
    fake: FakeSlack
    poster: SlackPoster
    clock: SettableClock
    deps: Deps
    root_url: str = ""

    def command(self, command: str, text: str, *, user: str = REP) -> tuple[httpx.Response, str]:
        """Post a signed slash command; return the HTTP answer and the response_url it carries."""
        response_url = self.fake.response_url(f"{command.strip('/')}-{len(self.fake.calls())}")
        body = slash_command(command, text, user_id=user, team_id=TEAM, response_url=response_url)
        return self.poster.post_form(body), response_url

    def reply_to(self, response_url: str) -> Call:
        """Wait for and return what the app posted back to one command's response_url."""
        path = "/response/" + response_url.rsplit("/", 1)[-1]
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            replies = [call for call in self.fake.calls("response_url") if call.path == path]
            if replies:
                return replies[-1]
            time.sleep(0.01)
        raise AssertionError(f"nothing was posted to {response_url} within 5 s")

    def open_home(self, user: str = REP) -> httpx.Response:
        event = {"type": "app_home_opened", "user": user, "tab": "home", "channel": "D0HOME"}
        return self.poster.post_json(event_callback(event, team_id=TEAM))


@pytest.fixture
def running_bot(tmp_path: Path) -> Iterator[RunningBot]:
    url = f"sqlite:///{tmp_path / 'e2e.db'}"
    migrate.upgrade(url)
    clock = SettableClock(IMPORTED)
    deps = Deps(engine=make_engine(url), clock=clock)
    setup.import_plan(deps, team_id=TEAM, source=(ROOT / "plans" / "ae-90.yml").read_text())
    setup.import_team(deps, team_id=TEAM, source=(ROOT / "examples" / "team.yml").read_text())
    clock.now = FRIDAY
    with FakeSlack("xoxb-e2e", team_id=TEAM) as fake:
        settings = Settings.model_validate(
            {
                "slack_bot_token": "xoxb-e2e",
                "slack_signing_secret": SECRET,
                "slack_api_url": fake.api_url,
                "database_url": url,
            }
        )
        executor = listener_executor()
        with (
            serving_in_background(
                build_app(settings, deps, http=True, executor=executor), metrics=registry(deps.engine, clock)
            ) as events_url,
            SlackPoster(events_url, SECRET) as poster,
        ):
            yield RunningBot(fake, poster, clock, deps, events_url.removesuffix("/slack/events"))
        executor.shutdown(wait=True)  # post-ack work still talks to the fake Slack
    deps.engine.dispose()
