"""HTTP mode: Bolt behind waitress, a threaded WSGI server, so one slow listener never blocks an ack."""

import json
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry
from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from waitress import wasyncore
from waitress.server import create_server

from bot.metrics import exposition

EVENTS_PATH = "/slack/events"
WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
Readiness = Callable[[], bool]


def wsgi_app(app: App, ready: Readiness = lambda: True, metrics: CollectorRegistry | None = None) -> WsgiApp:
    """Return the WSGI app: Slack at /slack/events, /healthz (process up), /readyz (database answers),
    and /metrics (Prometheus) when given a registry."""
    slack = SlackRequestHandler(app, path=EVENTS_PATH)

    def route(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO")
        if path == "/healthz":
            return _json(start_response, 200, {"ok": True})
        if path == "/readyz":
            ok = ready()
            return _json(start_response, 200 if ok else 503, {"ok": ok, "database": "up" if ok else "down"})
        if path == "/metrics" and metrics is not None:
            body = exposition(metrics)
            start_response(
                "200 OK", [("Content-Type", CONTENT_TYPE_LATEST), ("Content-Length", str(len(body)))]
            )
            return [body]
        return slack(environ, start_response)

    return route


def _json(start_response: Callable[..., Any], status: int, payload: dict[str, Any]) -> list[bytes]:
    body = json.dumps(payload).encode()
    reason = "OK" if status == 200 else "Service Unavailable"
    headers = [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    start_response(f"{status} {reason}", headers)
    return [body]


def http_server(
    app: App,
    *,
    host: str,
    port: int,
    ready: Readiness = lambda: True,
    metrics: CollectorRegistry | None = None,
    threads: int = 16,
    sockets: dict[int, Any] | None = None,
) -> Any:
    """Return a waitress server bound to host:port (port 0 picks a free one: see `.effective_port`).

    `sockets` is the socket map its loop polls; pass one to be able to close everything later.
    """
    return create_server(
        wsgi_app(app, ready, metrics), map=sockets, host=host, port=port, threads=threads, ident="rampcoach"
    )


@contextmanager
def serving_in_background(
    app: App,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    ready: Readiness = lambda: True,
    metrics: CollectorRegistry | None = None,
) -> Iterator[str]:
    """Serve `app` on a background thread and yield its events URL (the demo and tests use this)."""
    sockets: dict[int, Any] = {}
    server = http_server(app, host=host, port=port, ready=ready, metrics=metrics, sockets=sockets)
    thread = threading.Thread(target=server.run, name="rampcoach-http", daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.effective_port}{EVENTS_PATH}"
    finally:
        # Let the worker threads finish first: they pull the loop's trigger after each response. Then
        # close the sockets from inside the loop's own thread, as closing them from here races with its
        # select() and fails it with EBADF. An empty socket map ends the loop.
        server.task_dispatcher.shutdown()
        server.trigger.pull_trigger(lambda: wasyncore.close_all(sockets))
        thread.join(timeout=5)
