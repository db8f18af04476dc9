"""HTTP mode: Bolt behind waitress, a threaded WSGI server, so one slow listener never blocks an ack."""

import json
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from waitress.server import create_server

EVENTS_PATH = "/slack/events"
WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def wsgi_app(app: App) -> WsgiApp:
    """Return the WSGI app: Slack requests at /slack/events and a health check at /healthz."""
    slack = SlackRequestHandler(app, path=EVENTS_PATH)

    def route(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/healthz":
            body = json.dumps({"ok": True}).encode()
            start_response(
                "200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
            )
            return [body]
        return slack(environ, start_response)

    return route


def http_server(app: App, *, host: str, port: int, threads: int = 16) -> Any:
    """Return a waitress server bound to host:port (port 0 picks a free one: see `.effective_port`)."""
    return create_server(wsgi_app(app), host=host, port=port, threads=threads, ident="rampcoach")


@contextmanager
def serving_in_background(app: App, *, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve `app` on a background thread and yield its events URL (the demo and tests use this)."""
    server = http_server(app, host=host, port=port)
    thread = threading.Thread(target=server.run, name="rampcoach-http", daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.effective_port}{EVENTS_PATH}"
    finally:
        server.close()
        server.task_dispatcher.shutdown()
        thread.join(timeout=5)
