"""SIGTERM to `rampcoach serve --http` mid-batch: it stops in time, and every due delivery goes out once."""

import datetime as dt
import os
import signal
import subprocess
import sys
import time

import httpx

from bot.delivery.tick import tick
from coaching.cadence import Schedules
from coaching.delivery import Due, Kind, State
from storage.db import session_scope
from storage.repo import deliveries
from tests.bot.test_serve import free_port, wait_until_healthy
from tests.delivery.conftest import ROOT, TEAM, TOKEN, World, delivery_key
from tests.delivery.test_crash_and_concurrency import wait_until


def ledger(world: World) -> dict[str, State]:
    with session_scope(world.engines[0]) as session:
        rows = deliveries.listing(session, sent_since=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    return {row.key: row.state for row in rows}


def test_sigterm_mid_batch_finishes_the_send_in_flight_and_leaves_the_rest_pending(world: World) -> None:
    now = dt.datetime.now(dt.UTC)
    deps = world.deps(now)
    dues = [
        Due(Kind.CHECKIN, TEAM, rep, f"2026-W{week}", now - dt.timedelta(minutes=5))
        for rep in ("U0REP1", "U0REP2")
        for week in range(44, 48)
    ]
    ours = {due.key for due in dues}
    with session_scope(deps.engine) as session:
        deliveries.record_due(session, dues=dues, now=now)
    world.fake.delay("chat.postMessage", 1.0)
    port = free_port()
    env = dict(
        os.environ,
        SLACK_BOT_TOKEN=TOKEN,
        SLACK_SIGNING_SECRET="s3cret",
        SLACK_API_URL=world.fake.api_url,
        DATABASE_URL=world.url,
        RAMPCOACH_SHUTDOWN_SECONDS="8",
        LOG_LEVEL="WARNING",
    )
    command = [sys.executable, "-m", "bot.cli", "serve", "--http", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(command, env=env, cwd=ROOT, stderr=subprocess.PIPE)  # noqa: S603
    try:
        wait_until_healthy(f"http://127.0.0.1:{port}/healthz", process)
        # the first tick is sending ours
        wait_until(lambda: sum(delivery_key(c) in ours for c in world.fake.calls("chat.postMessage")) >= 2)
        stopped_at = time.monotonic()
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=15)
        took = time.monotonic() - stopped_at
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        stderr = ""
        if process.stderr:
            stderr = process.stderr.read().decode()
            process.stderr.close()
    assert code == 0, stderr
    assert took < 8, f"took {took:.1f} s"
    states = ledger(world)
    assert State.SENDING not in states.values()  # nothing left in doubt
    sent = {key for key, state in states.items() if state is State.SENT}
    assert 2 <= len(sent & ours) < len(dues)  # it stopped mid-batch
    assert sorted(delivery_key(call) for call in world.posted()) == sorted(sent)
    with httpx.Client() as client:
        try:
            client.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
            raise AssertionError("the server still answers after exiting")
        except httpx.TransportError:
            pass

    world.fake.delay("chat.postMessage", 0)
    later = world.deps(dt.datetime.now(dt.UTC))
    tick(later, world.sender(later), Schedules())
    assert {ledger(world)[key] for key in ours} == {State.SENT}
    # Each exactly once. The real clock may make other messages due meanwhile (a manager's 09:00 review
    # prompt): they are not this test's.
    keys = [key for call in world.posted() if (key := delivery_key(call)) in ours]
    assert sorted(keys) == sorted(ours)
