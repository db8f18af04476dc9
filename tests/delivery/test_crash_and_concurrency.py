"""A sender killed mid-send, restarted mid-batch, or racing another sender: nothing lost, nothing doubled."""

import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable

import pytest

from bot.delivery.sender import SendReport
from bot.delivery.tick import record_due, tick
from coaching.cadence import Schedules
from coaching.delivery import Due, Kind, State
from storage.db import session_scope
from storage.repo import deliveries
from tests.delivery.conftest import FRIDAY_CHICAGO, ROOT, TEAM, TOKEN, World, delivery_key

AFTER_LEASE = FRIDAY_CHICAGO + dt.timedelta(minutes=6)


def states(world: World) -> dict[str, State]:
    if not world.engines:
        world.deps(FRIDAY_CHICAGO)
    with session_scope(world.engines[0]) as session:
        return {
            d.key: d.state
            for d in deliveries.listing(session, sent_since=FRIDAY_CHICAGO - dt.timedelta(days=9))
        }


def kill_tick_mid_send(world: World, at: dt.datetime) -> None:
    """Run `rampcoach tick --at` in a process and SIGKILL it while Slack is answering its first post."""
    world.fake.delay("chat.postMessage", 2.0)
    env = dict(
        os.environ,
        SLACK_BOT_TOKEN=TOKEN,
        SLACK_API_URL=world.fake.api_url,
        DATABASE_URL=world.url,
        LOG_LEVEL="ERROR",
    )
    command = [sys.executable, "-m", "bot.cli", "tick", "--at", at.isoformat()]
    process = subprocess.Popen(  # noqa: S603 (our own CLI)
        command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_until(lambda: State.SENDING in states(world).values())
        time.sleep(0.5)  # the post is on its way; Slack answers after 2 s
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    wait_until(lambda: bool(world.fake.calls("chat.postMessage")))  # Slack still delivers it
    world.fake.delay("chat.postMessage", 0)


def wait_until(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_a_check_in_interrupted_mid_send_is_marked_unknown_and_never_resent(world: World) -> None:
    kill_tick_mid_send(world, FRIDAY_CHICAGO)
    assert len(world.fake.calls("chat.postMessage")) == 1  # Slack got it; the ledger never heard back
    interrupted = delivery_key(world.fake.calls("chat.postMessage")[0])
    assert states(world)[interrupted] is State.SENDING
    deps = world.deps(AFTER_LEASE)
    report = tick(deps, world.sender(deps), Schedules())
    assert report.interrupted == 1
    assert states(world)[interrupted] is State.UNKNOWN
    assert [delivery_key(c) for c in world.posted()].count(interrupted) == 1


def test_a_digest_interrupted_mid_send_is_resent_once_marked_resent(world: World) -> None:
    deps = world.deps(FRIDAY_CHICAGO)
    digest = Due(Kind.DIGEST, TEAM, "U0LEAD", "2026-W47", FRIDAY_CHICAGO)
    with session_scope(deps.engine) as session:
        deliveries.record_due(session, dues=[digest], now=FRIDAY_CHICAGO)
        deliveries.claim(session, now=FRIDAY_CHICAGO, limit=10, worker="died")  # then the process died
    with session_scope(deps.engine) as session:
        recovered = deliveries.recover_interrupted(session, now=AFTER_LEASE, lease=dt.timedelta(minutes=5))
    assert [(d.key, d.state, d.resent) for d in recovered] == [(digest.key, State.PENDING, True)]
    with session_scope(deps.engine) as session:
        deliveries.claim(session, now=AFTER_LEASE, limit=10, worker="died again")
    with session_scope(deps.engine) as session:
        again = deliveries.recover_interrupted(
            session, now=AFTER_LEASE + dt.timedelta(minutes=6), lease=dt.timedelta(minutes=5)
        )
    assert [d.state for d in again] == [State.UNKNOWN]


def test_a_restart_in_the_middle_of_a_batch_sends_the_rest_once(world: World) -> None:
    deps = world.deps(FRIDAY_CHICAGO)
    record_due(deps, Schedules())
    sender = world.sender(deps)
    with session_scope(deps.engine) as session:
        (first,) = deliveries.claim(session, now=FRIDAY_CHICAGO, limit=1, worker="old process")
    report = SendReport()
    sender._send(first, report)
    # The old process stops here; a new one ticks again at the same instant.
    tick(deps, world.sender(deps), Schedules())
    keys = [delivery_key(c) for c in world.posted()]
    assert sorted(keys) == sorted(set(keys)) and len(keys) == 2
    assert report.sent == 1


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_two_senders_on_one_postgresql_send_every_row_exactly_once(world: World) -> None:
    deps = world.deps(FRIDAY_CHICAGO)
    people = [f"U0REP{n}" for n in (1, 2)]
    dues = [Due(Kind.DIGEST, TEAM, people[n % 2], f"2026-W{n:02d}", FRIDAY_CHICAGO) for n in range(1, 51)]
    with session_scope(deps.engine) as session:
        deliveries.record_due(session, dues=dues, now=FRIDAY_CHICAGO)
    senders = [world.sender(world.deps(FRIDAY_CHICAGO), worker=f"instance-{n}", speedup=1000) for n in (1, 2)]
    for sender in senders:
        sender.compose = lambda d: (f"digest {d.key}", [])
    threads = [threading.Thread(target=s.send_due) for s in senders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    keys = [delivery_key(c) for c in world.posted()]
    assert sorted(keys) == sorted(d.key for d in dues)
    assert set(states(world).values()) == {State.SENT}
