"""Prometheus metrics for HTTP mode: Slack requests and acks, Slack API calls and 429s, scheduled job
runs, and the ledger."""

import time
from collections.abc import Iterator

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.process_collector import ProcessCollector
from prometheus_client.registry import Collector
from slack_sdk.http_retry import HttpRequest, HttpResponse, RetryHandler, RetryState
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.deps import Clock
from storage.db import session_scope
from storage.repo import deliveries

# Created unregistered: each server's registry adds them, so tests can build many servers in one process.
REQUESTS = Counter(
    "rampcoach_slack_requests",
    "Slack requests handled, by listener kind and outcome.",
    ["kind", "outcome"],
    registry=None,
)
ACK_SECONDS = Histogram(
    "rampcoach_ack_seconds",
    "Time from a Slack request reaching Bolt's listeners to its ack.",
    ["kind"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0),
    registry=None,
)
SLACK_CALLS = Counter(
    "rampcoach_slack_api_calls",
    "Slack Web API requests, by method (each retry counts).",
    ["method"],
    registry=None,
)
SLACK_RATELIMITED = Counter(
    "rampcoach_slack_api_ratelimited",
    "Slack Web API answers with HTTP 429, by method.",
    ["method"],
    registry=None,
)
JOB_RUNS = Counter(
    "rampcoach_scheduled_jobs",
    "Scheduled job runs (the CRM sync), by job and outcome (ok or failed).",
    ["job", "outcome"],
    registry=None,
)

DELIVERIES_SKIPPED = Counter(
    "rampcoach_deliveries_skipped",
    "Scheduled deliveries skipped instead of sent, by kind and reason.",
    ["kind", "reason"],
    registry=None,
)


class SlackCallCounter(RetryHandler):
    """Counts each Web API attempt and each 429 by method, and never retries.

    The client consults its retry handlers after every answer, so this sees every call, also from the
    per-request clients Bolt copies from the app's client (they keep its retry handlers).
    """

    def __init__(self) -> None:
        super().__init__(max_retry_count=1_000_000)

    def _can_retry(
        self,
        *,
        state: RetryState,  # noqa: ARG002 (the interface's arguments)
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,  # noqa: ARG002
    ) -> bool:
        method = request.url.rsplit("/", 1)[-1]
        SLACK_CALLS.labels(method).inc()
        if response is not None and response.status_code == 429:
            SLACK_RATELIMITED.labels(method).inc()
        return False


class LedgerCollector(Collector):
    """Reads the delivery ledger at scrape time: rows per kind and state, and the oldest due pending row."""

    def __init__(self, engine: Engine, clock: Clock) -> None:
        self.engine, self.clock = engine, clock

    def collect(self) -> Iterator[GaugeMetricFamily]:
        rows = GaugeMetricFamily(
            "rampcoach_deliveries", "Delivery ledger rows, by kind and state.", labels=["kind", "state"]
        )
        age = GaugeMetricFamily(
            "rampcoach_oldest_pending_delivery_age_seconds",
            "How long the oldest due, unsent delivery has waited.",
        )
        now = self.clock()
        try:
            with session_scope(self.engine) as session:
                counted, oldest = deliveries.counts(session), deliveries.oldest_pending_due(session, now=now)
        except SQLAlchemyError:
            return  # a scrape must not fail because the database is down; /readyz says so
        for (kind, state), n in sorted(counted.items()):
            rows.add_metric([kind, state], n)
        age.add_metric([], (now - oldest).total_seconds() if oldest else 0.0)
        yield rows
        yield age


def registry(engine: Engine, clock: Clock) -> CollectorRegistry:
    """Return the registry /metrics serves: the counters above, the ledger, and the process's own figures."""
    metrics = CollectorRegistry()
    for collector in (REQUESTS, ACK_SECONDS, SLACK_CALLS, SLACK_RATELIMITED, DELIVERIES_SKIPPED, JOB_RUNS):
        metrics.register(collector)
    metrics.register(LedgerCollector(engine, clock))
    ProcessCollector(registry=metrics)
    return metrics


def exposition(metrics: CollectorRegistry) -> bytes:
    return generate_latest(metrics)


def observe_request(kind: str, outcome: str, started: float) -> None:
    REQUESTS.labels(kind, outcome).inc()
    ACK_SECONDS.labels(kind).observe(time.perf_counter() - started)
