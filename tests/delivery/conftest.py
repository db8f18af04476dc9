"""A seeded database (SQLite or PostgreSQL), the fake Slack, and a sender wired to both."""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import Engine

from bot.delivery.pacing import Pacer
from bot.delivery.sender import Sender
from bot.delivery.tick import compose, sender_client
from bot.deps import Deps, RunningClock, SettableClock
from bot.fake_slack import Call, FakeSlack
from bot.services import setup
from bot.settings import Settings
from storage import migrate
from storage.db import make_engine

ROOT = Path(__file__).resolve().parents[2]
TEAM = "T111"
TOKEN = "xoxb-delivery"
# Riley (U0REP1, Chicago) gets the check-in at 16:00 CST on Friday 2026-11-20, which is 22:00 UTC;
# Sam (U0REP2, Berlin) got theirs at 16:00 CET, 15:00 UTC, the same day.
FRIDAY_CHICAGO = dt.datetime(2026, 11, 20, 22, 0, tzinfo=dt.UTC)
# The team was imported before Riley's first day (Oct 5), so every review since then is owed.
IMPORTED = dt.datetime(2026, 10, 1, 15, 0, tzinfo=dt.UTC)


@dataclass
class World:
    url: str
    fake: FakeSlack
    settings: Settings
    engines: list[Engine] = field(default_factory=list)

    def deps(self, at: dt.datetime) -> Deps:
        """Return deps whose clock starts at `at`; their engine is disposed when the test ends."""
        self.engines.append(make_engine(self.url))
        return Deps(engine=self.engines[-1], clock=RunningClock(at))

    def sender(self, deps: Deps, *, worker: str = "test", speedup: float = 100.0) -> Sender:
        return Sender(
            deps, sender_client(self.settings), compose(deps), Pacer(speedup=speedup), worker, backoff_s=1.0
        )

    def posted(self) -> list[Call]:
        return [c for c in self.fake.calls("chat.postMessage") if c.ok]


def delivery_key(call: Call) -> str:
    metadata = call.args["metadata"]
    return str(metadata["event_payload"]["key"])


def seed(url: str) -> None:
    migrate.upgrade(url)
    deps = Deps(engine=make_engine(url), clock=SettableClock(IMPORTED))
    setup.import_plan(deps, team_id=TEAM, source=(ROOT / "plans" / "ae-90.yml").read_text())
    setup.import_team(deps, team_id=TEAM, source=(ROOT / "examples" / "team.yml").read_text())
    deps.engine.dispose()


@pytest.fixture
def world(database_url: str) -> Iterator[World]:
    seed(database_url)
    with FakeSlack(TOKEN, team_id=TEAM) as fake:
        settings = Settings.model_validate(
            {"slack_bot_token": TOKEN, "slack_api_url": fake.api_url, "database_url": database_url}
        )
        world = World(database_url, fake, settings)
        yield world
        for engine in world.engines:
            engine.dispose()
