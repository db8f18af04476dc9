"""A scheduled job's slot is claimed once per workspace, on SQLite and PostgreSQL, whoever asks first."""

import datetime as dt
import threading

import pytest
from sqlalchemy import Engine

from storage.db import make_engine, session_scope
from storage.repo import job_slots, people

NOW = dt.datetime(2026, 11, 20, 21, 0, tzinfo=dt.UTC)
LATER = NOW + dt.timedelta(hours=5)


def claim(engine: Engine, slot: dt.datetime, team_id: str = "T111") -> bool:
    with session_scope(engine) as session:
        return job_slots.claim_slot(session, team_id=team_id, job="crm-sync", slot=slot, now=NOW)


@pytest.fixture
def teams(engine: Engine) -> Engine:
    with session_scope(engine) as session:
        for team_id in ("T111", "T222"):
            people.ensure_workspace(session, team_id=team_id, now=NOW)
    return engine


def test_a_slot_is_claimed_once_and_only_a_later_one_after_it(teams: Engine) -> None:
    assert claim(teams, NOW) and not claim(teams, NOW)
    assert claim(teams, LATER)
    assert not claim(teams, NOW)  # an older slot is never run after a newer one
    with session_scope(teams) as session:
        assert job_slots.last_slot(session, team_id="T111", job="crm-sync") == LATER


def test_each_workspace_has_its_own_slots(teams: Engine) -> None:
    assert claim(teams, NOW, "T111") and claim(teams, NOW, "T222")


def test_instances_racing_for_one_slot_claim_it_once(teams: Engine, database_url: str) -> None:
    engines = [make_engine(database_url) for _ in range(4)]
    start, won = threading.Barrier(len(engines)), []

    def race(engine: Engine) -> None:
        start.wait()
        if claim(engine, NOW):
            won.append(engine)

    threads = [threading.Thread(target=race, args=(engine,)) for engine in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    for engine in engines:
        engine.dispose()
    assert len(won) == 1
