"""Ack latency of `rampcoach serve --http` under Slack-like load (issue 3).

Starts the real server on SQLite against the fake Slack, fires 1,000 signed `/log` requests at a steady
100 a second (open loop: each is sent on schedule, whatever the answers' speed), then measures throughput
with 20 requests always in flight. It does this three times, each on a fresh server and database, and the
last line is one JSON object with the median of the three runs' figures (and the runs themselves): a single
run's p99 moves a lot with what else the machine is doing.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from bot.fake_slack import FakeSlack
from bot.testing.payloads import slash_command
from bot.testing.signing import SlackPoster

ROOT = Path(__file__).resolve().parents[1]
SECRET = "bench-secret"  # noqa: S105 (a local benchmark, not a credential)
TEAM = "T0BENCH"
REPS = ["U0REP1", "U0REP2"]
OPEN_LOOP_COUNT = 1000
RATE = 100.0
CLOSED_LOOP_COUNT = 1000
IN_FLIGHT = 20
WARM_UP = 50  # sequential requests first, so the figures describe a warm server, as Slack's traffic does
RUNS = 3


def main() -> None:
    runs = []
    for n in range(1, RUNS + 1):
        runs.append(_run())
        print(f"run {n}: {json.dumps(runs[-1])}")
    print(json.dumps(_medians(runs)))


def _medians(runs: list[dict[str, float]]) -> dict[str, object]:
    """Return each figure's median over the runs, except errors (all of them count) and RSS (the largest)."""
    figures: dict[str, object] = {
        key: round(statistics.median(run[key] for run in runs), 2)
        for key in ("p50_ms", "p99_ms", "max_ms", "rps")
    }
    figures["errors"] = sum(run["errors"] for run in runs)
    figures["rss_mb"] = max(run["rss_mb"] for run in runs)
    figures["runs"] = runs
    return figures


def _run() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder, FakeSlack("xoxb-bench", team_id=TEAM) as fake:
        env = _environment(Path(folder), fake.api_url)
        _seed(env)
        port = _free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "serve", "--http", "--port", str(port), "--host", "127.0.0.1"],
            env=env,
            cwd=ROOT,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_healthy(url)
            figures = _measure(f"{url}/slack/events", fake)
            figures["rss_mb"] = _rss_mb(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)
    return figures


def _environment(folder: Path, api_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL"))}
    env.update(
        SLACK_BOT_TOKEN="xoxb-bench",  # noqa: S106 (the fake Slack's token)
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_API_URL=api_url,
        SLACK_TEAM_ID=TEAM,
        DATABASE_URL=f"sqlite:///{folder / 'bench.db'}",
        LOG_LEVEL="WARNING",
        RAMPCOACH_SHUTDOWN_SECONDS="5",  # the backlog of post-ack work need not drain
    )
    return env


def _seed(env: dict[str, str]) -> None:
    cli = [sys.executable, "-m", "bot.cli"]
    for args in (
        ["db", "upgrade"],
        ["plan", "import", "plans/ae-90.yml"],
        ["team", "import", "examples/team.yml"],
    ):
        subprocess.run([*cli, *args], env=env, cwd=ROOT, check=True, capture_output=True)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(url: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise SystemExit("the server did not become healthy within 30 s")


def _measure(events_url: str, fake: FakeSlack) -> dict[str, float]:
    with SlackPoster(events_url, SECRET) as poster:
        for i in range(WARM_UP):
            _one(poster, fake, -1 - i)
        latencies, errors = _open_loop(poster, fake)
        rps = _closed_loop(poster, fake)
    p50 = statistics.median(latencies) * 1000
    p99 = statistics.quantiles(latencies, n=100)[98] * 1000
    print(
        f"open loop: {len(latencies)} requests at {RATE:.0f}/s, p50 {p50:.1f} ms, p99 {p99:.1f} ms, "
        f"max {max(latencies) * 1000:.1f} ms, non-200: {errors}"
    )
    print(f"closed loop: {IN_FLIGHT} in flight, {rps:.0f} requests/s")
    return {
        "p50_ms": round(p50, 2),
        "p99_ms": round(p99, 2),
        "max_ms": round(max(latencies) * 1000, 2),
        "errors": errors,
        "rps": round(rps, 1),
    }


def _one(poster: SlackPoster, fake: FakeSlack, i: int) -> tuple[float, int]:
    body = slash_command(
        "/log",
        f"calls={i % 300} emails={i % 900}",
        user_id=REPS[i % len(REPS)],
        team_id=TEAM,
        response_url=fake.response_url(f"bench-{i}"),
    )
    started = time.perf_counter()
    status = poster.post_form(body).status_code
    return time.perf_counter() - started, status


def _open_loop(poster: SlackPoster, fake: FakeSlack) -> tuple[list[float], int]:
    results: list[tuple[float, int]] = []
    lock = threading.Lock()

    def fire(i: int) -> None:
        outcome = _one(poster, fake, i)
        with lock:
            results.append(outcome)

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=64) as pool:
        for i in range(OPEN_LOOP_COUNT):
            delay = start + i / RATE - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            pool.submit(fire, i)
    return [r[0] for r in results], sum(1 for r in results if r[1] != 200)


def _closed_loop(poster: SlackPoster, fake: FakeSlack) -> float:
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=IN_FLIGHT) as pool:
        list(pool.map(lambda i: _one(poster, fake, OPEN_LOOP_COUNT + i), range(CLOSED_LOOP_COUNT)))
    return CLOSED_LOOP_COUNT / (time.perf_counter() - start)


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


if __name__ == "__main__":
    main()
