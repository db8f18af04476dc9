"""/metrics after a scripted burst of signed requests: requests, acks, Slack calls, 429s and the ledger."""

import datetime as dt
import time

import httpx
from prometheus_client.parser import text_string_to_metric_families

from coaching.delivery import Due, Kind
from storage.db import session_scope
from storage.repo import deliveries
from tests.e2e.conftest import FRIDAY, REP, TEAM, RunningBot

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def scrape(bot: RunningBot) -> Samples:
    answer = httpx.get(f"{bot.root_url}/metrics")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(answer.text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def settled(bot: RunningBot, method: str) -> int:
    """Return how many calls of `method` the fake Slack got once none arrived for half a second."""
    count, quiet_since = -1, time.monotonic()
    while time.monotonic() - quiet_since < 0.5:
        now = len(bot.fake.calls(method))
        if now != count:
            count, quiet_since = now, time.monotonic()
        time.sleep(0.05)
    return count


def test_a_burst_of_requests_shows_up_in_the_metrics(running_bot: RunningBot) -> None:
    before = scrape(running_bot)
    running_bot.fake.fail_next("views.publish", status=429, retry_after=0)
    urls = [running_bot.command("/log", f"calls={n}")[1] for n in range(1, 11)]
    for url in urls:
        running_bot.reply_to(url)
    for _ in range(3):
        assert running_bot.open_home().status_code == 200
    _, help_url = running_bot.command("/ramp", "help")
    running_bot.reply_to(help_url)
    publishes = settled(running_bot, "views.publish")  # a burst of one rep's saves is coalesced
    with session_scope(running_bot.deps.engine) as session:
        due = Due(Kind.CHECKIN, TEAM, REP, "2026-W47", FRIDAY - dt.timedelta(minutes=10))
        deliveries.record_due(session, dues=[due], now=FRIDAY)

    after = scrape(running_bot)

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert delta("rampcoach_slack_requests_total", kind="/log", outcome="acked") == 10
    assert delta("rampcoach_slack_requests_total", kind="/ramp", outcome="acked") == 1
    assert delta("rampcoach_slack_requests_total", kind="event:app_home_opened", outcome="acked") == 3
    assert delta("rampcoach_ack_seconds_count", kind="/log") == 10
    assert delta("rampcoach_ack_seconds_bucket", kind="/log", le="3.0") == 10
    assert delta("rampcoach_slack_api_calls_total", method="views.publish") == publishes  # with the retry
    assert publishes >= 2  # a render of the Home tab and the 429's retry, at least
    assert delta("rampcoach_slack_api_ratelimited_total", method="views.publish") == 1
    assert value(after, "rampcoach_deliveries", kind="checkin", state="pending") == 1
    assert value(after, "rampcoach_oldest_pending_delivery_age_seconds") == 600
