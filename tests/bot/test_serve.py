"""`rampcoach serve --http` as a real process: it starts, answers /healthz, and refuses unsigned requests."""

import logging
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from bot.app import build_app
from bot.deps import Deps
from bot.fake_slack import FakeSlack
from bot.server import serving_in_background
from bot.settings import Settings
from storage import migrate
from storage.db import database_answers, make_engine


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_healthy(url: str, process: subprocess.Popen[bytes]) -> httpx.Response:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read().decode() if process.stderr else "exited"
        try:
            return httpx.get(url, timeout=1)
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError("the server did not answer within 20 s")


def test_http_mode_serves_health_and_refuses_unsigned_requests(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'serve.db'}"
    migrate.upgrade(database)
    port = free_port()
    with FakeSlack("xoxb-serve") as fake:
        env = dict(
            os.environ,
            SLACK_BOT_TOKEN="xoxb-serve",
            SLACK_SIGNING_SECRET="s3cret",
            SLACK_API_URL=fake.api_url,
            DATABASE_URL=database,
        )
        command = [
            sys.executable,
            "-m",
            "bot.cli",
            "serve",
            "--http",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ]
        process = subprocess.Popen(command, env=env, cwd=tmp_path, stderr=subprocess.PIPE)  # noqa: S603
        try:
            health = wait_until_healthy(f"http://127.0.0.1:{port}/healthz", process)
            unsigned = httpx.post(f"http://127.0.0.1:{port}/slack/events", content=b"command=%2Flog")
            ready = httpx.get(f"http://127.0.0.1:{port}/readyz")
        finally:
            process.terminate()
            process.wait(timeout=10)
            if process.stderr:
                process.stderr.close()
    assert health.json() == {"ok": True}
    assert unsigned.status_code == 401
    assert ready.json() == {"ok": True, "database": "up"}


def test_readyz_answers_503_when_the_database_does_not_answer(tmp_path: Path) -> None:
    engine = make_engine("postgresql://nobody@127.0.0.1:1/none")
    settings = Settings.model_validate({"slack_bot_token": "xoxb-1", "slack_signing_secret": "s"})
    app = build_app(settings, Deps(engine=engine), http=True)
    with serving_in_background(app, ready=lambda: database_answers(engine)) as url:
        answer = httpx.get(url.replace("/slack/events", "/readyz"))
    engine.dispose()
    assert answer.status_code == 503
    assert answer.json() == {"ok": False, "database": "down"}


def test_the_background_server_stops_cleanly_right_after_answering(caplog: pytest.LogCaptureFixture) -> None:
    # A stop straight after a response used to race waitress's select loop (EBADF in its thread).
    settings = Settings.model_validate({"slack_bot_token": "xoxb-1", "slack_signing_secret": "s"})
    app = build_app(settings, Deps(engine=make_engine("sqlite://")), http=True)
    for _ in range(40):
        with serving_in_background(app) as url, httpx.Client() as client:
            assert client.get(url.replace("/slack/events", "/healthz")).status_code == 200
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert [t.name for t in threading.enumerate() if t.name == "rampcoach-http"] == []
