"""The benchmark's org, smaller, for the Home tests that read it (bench/ holds scripts: imported as
bench/digest.py does)."""

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.deps import Deps, SettableClock
from storage import migrate
from storage.db import make_engine

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from status import NOW, seed  # noqa: E402


@pytest.fixture
def bench_org(database_url: str) -> Iterator[Deps]:
    """The benchmark's org of 75 reps on each database, on a clock that tests may set."""
    migrate.upgrade(database_url)
    engine = make_engine(database_url)
    seed(engine, count=75)
    yield Deps(engine=engine, clock=SettableClock(NOW))
    engine.dispose()
