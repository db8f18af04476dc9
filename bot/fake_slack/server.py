"""FakeSlack: a recording, fault-injecting Slack Web API on a loopback port, served from a daemon thread."""

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import parse_qsl

from bot.fake_slack.blockkit import check_message
from bot.fake_slack.limits import RATELIMITED, Faults, RateLimits, Refusal
from bot.fake_slack.methods import (
    DEFAULT_TZ,
    METHODS,
    ApiError,
    FakeUser,
    Method,
    SlackState,
    parse_json_args,
)
from bot.fake_slack.oauth import Grant, Grants
from bot.fake_slack.records import Call, Recorder

HOST = "127.0.0.1"
RESPONSE_URL = "response_url"
UPLOAD = "upload"
OAUTH_ACCESS = "oauth.v2.access"


@dataclass(frozen=True)
class Request:
    """An HTTP request as the fake sees it; header names lower-cased."""

    path: str
    query: str
    body: bytes
    headers: dict[str, str]


@dataclass(frozen=True)
class Reply:
    """An HTTP answer, plus what to record about it."""

    status: int
    body: bytes
    content_type: str = "application/json; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    fault: str | None = None


def _json_reply(status: int, payload: dict[str, Any], **extra: Any) -> Reply:
    error = None if payload.get("ok") else str(payload.get("error"))
    return Reply(status, json.dumps(payload).encode(), error=error, **extra)


def _refusal_reply(refusal: Refusal) -> Reply:
    payload = {"ok": False, "error": refusal.error}
    return _json_reply(refusal.status, payload, headers=refusal.retry_headers(), fault=refusal.fault)


class FakeSlack:
    """A fake Slack Web API for tests, the demo and benchmarks: point SLACK_API_URL at `api_url`."""

    def __init__(
        self,
        token: str = "xoxb-test",  # noqa: S107 (the fake's well-known test token)
        *,
        team_id: str = "T111",
        port: int = 0,
        strict_users: bool = False,
    ) -> None:
        self.token = token
        self._port = port
        self._state = SlackState(team_id, strict_users=strict_users)
        self._recorder = Recorder()
        self._faults = Faults()
        self._limits = RateLimits()
        self._grants = Grants()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self) -> None:
        """Bind 127.0.0.1 (an ephemeral port unless one was given) and serve from a daemon thread."""
        if self._server is not None:
            raise RuntimeError("FakeSlack is already running")
        server = _Server((HOST, self._port), self._answer)
        self._state.root_url = f"http://{HOST}:{server.server_address[1]}"
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-slack", daemon=True
        )
        self._server = server
        self._thread.start()

    def stop(self) -> None:
        """Stop serving and free the port; requests still sleeping in a delay are abandoned."""
        server, thread = self._server, self._thread
        self._server, self._thread = None, None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        if thread is not None:
            thread.join(timeout=5)

    @property
    def root_url(self) -> str:
        """Return "http://127.0.0.1:PORT" of the running fake."""
        if not self._state.root_url:
            raise RuntimeError("FakeSlack is not started")
        return self._state.root_url

    @property
    def api_url(self) -> str:
        """Return the Web API base URL, with its trailing slash, for WebClient(base_url=...)."""
        return f"{self.root_url}/api/"

    def response_url(self, name: str) -> str:
        """Return a response_url for a payload; posts to it are recorded as method "response_url"."""
        return f"{self.root_url}/response/{name}"

    # Recording

    def calls(self, method: str | None = None) -> list[Call]:
        """Return the calls received so far, all or of one method, oldest first."""
        return self._recorder.calls(method)

    def clear(self) -> None:
        """Forget recorded calls (not users, faults or limits)."""
        self._recorder.clear()

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Return the calls of `method` once `count` have arrived; raise AssertionError after `timeout`."""
        return self._recorder.wait_for(method, count, timeout)

    def uploaded_files(self) -> dict[str, bytes]:
        """Return the bytes uploaded so far, by file id."""
        with self._state.lock:
            return dict(self._state.uploads)

    def uploaded_file_names(self) -> dict[str, str]:
        """Return the filename announced in files.getUploadURLExternal, by file id."""
        with self._state.lock:
            return dict(self._state.upload_names)

    # Views and what the user does in them

    def view(self, view_id: str) -> dict[str, Any]:
        """Return the view as Slack holds it now: blocks, hash and state.values (typed input included)."""
        with self._state.lock:
            return self._state.views.get(view_id)

    def views(self) -> list[dict[str, Any]]:
        """Return every view shown so far (modals and Home tabs), the most recently shown last."""
        with self._state.lock:
            return self._state.views.all()

    def home_view(self, user_id: str) -> dict[str, Any]:
        """Return the Home tab last published for `user_id`; KeyError if none was."""
        with self._state.lock:
            view_id = self._state.views.home_id(user_id)
            if view_id is None:
                raise KeyError(f"no Home tab was published for {user_id}")
            return self._state.views.get(view_id)

    def type_into(self, view_id: str, block_id: str, action_id: str, text: str | None) -> dict[str, Any]:
        """Act as the user typing `text` into a text input (None clears it); return the view."""
        with self._state.lock:
            return self._state.views.enter(view_id, block_id, action_id, {"value": text})

    def select(self, view_id: str, block_id: str, action_id: str, value: str) -> dict[str, Any]:
        """Act as the user picking the option whose value is `value` in a select; return the view.

        Only an option the select offers can be picked, as in Slack's own menu."""
        with self._state.lock:
            return self._state.views.pick(view_id, block_id, action_id, value)

    # Workspaces and OAuth (multi-workspace mode)

    def add_workspace(self, team_id: str, token: str, *, refresh_token: str | None = None) -> None:
        """Accept `token` as the bot token of `team_id` (auth.test answers with that team), and
        `refresh_token` for one rotation through oauth.v2.access."""
        self._grants.add_token(token, team_id)
        if refresh_token is not None:
            self._grants.add_refresh_token(refresh_token, team_id)

    def set_oauth_client(self, client_id: str, client_secret: str) -> None:
        """Make oauth.v2.access accept these app credentials."""
        self._grants.client = (client_id, client_secret)

    def add_install_code(
        self,
        code: str,
        team_id: str,
        *,
        rotating: bool = False,
        enterprise_id: str | None = None,
        org_wide: bool = False,
    ) -> None:
        """Make oauth.v2.access exchange `code` once for a new bot token of `team_id` (a workspace of the
        Grid org `enterprise_id` when given; with `org_wide`, an install for the whole org)."""
        self._grants.add_code(code, Grant(team_id, rotating, enterprise_id=enterprise_id, org_wide=org_wide))

    def team_of(self, token: str) -> str | None:
        """Return the workspace a token issued or added here belongs to."""
        return self._grants.team_of(token) or (self._state.team_id if token == self.token else None)

    # Configuration and faults

    def set_user(
        self,
        user_id: str,
        *,
        tz: str = DEFAULT_TZ,
        name: str | None = None,
        status_text: str = "",
        status_emoji: str = "",
    ) -> None:
        """Make users.info describe `user_id` with this time zone, real name and Slack status."""
        with self._state.lock:
            self._state.users[user_id] = FakeUser(
                user_id, name or f"User {user_id}", tz, status_text=status_text, status_emoji=status_emoji
            )

    def fail_next(
        self,
        method: str,
        *,
        status: int = 429,
        retry_after: int | None = 1,
        error: str | None = None,
        times: int = 1,
    ) -> None:
        """Make the next `times` calls of `method` fail: HTTP 429/5xx, or 200 with ok=false and `error`."""
        if status == 200 and error is None:
            raise ValueError("a 200 failure needs an error code, e.g. error='channel_not_found'")
        code = error or (RATELIMITED if status == 429 else "internal_error")
        wait = float(retry_after) if status == 429 and retry_after is not None else None
        self._faults.fail_next(method, Refusal(status, code, wait, "fail_next"), times)

    def delay(self, method: str, seconds: float) -> None:
        """Make `method` answer `seconds` late until called again with 0."""
        self._faults.set_delay(method, seconds)

    def rate_limit(
        self, method: str, per_minute: int, *, speedup: float = 1.0, random_429: float = 0.0, seed: int = 0
    ) -> None:
        """Enforce a Slack-style limit on `method`, with time `speedup` times faster (see limits.py)."""
        self._limits.set(method, per_minute, speedup=speedup, random_429=random_429, seed=seed)

    def reset_faults(self) -> None:
        """Remove queued failures, delays and rate limits."""
        self._faults.clear()
        self._limits.clear()

    # Answering (runs on the server's threads)

    def _answer(self, request: Request) -> Reply:
        arrived = time.monotonic()
        kind, _, name = request.path.lstrip("/").partition("/")
        method = {"api": name, "response": RESPONSE_URL, "upload": UPLOAD}.get(kind, "")
        args: dict[str, Any] = {}
        try:
            args = _request_args(request)
        except ValueError as bad:
            # Web API methods report unreadable bodies as ok=false; response URLs answer 400.
            reply = _json_reply(200 if kind == "api" else 400, {"ok": False, "error": str(bad)})
        else:
            time.sleep(self._faults.delay(method))
            reply = self._reply(kind, method, name, request, args)
        self._recorder.add(
            Call(
                method or request.path,
                args,
                request.headers,
                arrived,
                reply.status,
                reply.error,
                reply.fault,
                request.path,
            )
        )
        return reply

    def _reply(self, kind: str, method: str, name: str, request: Request, args: dict[str, Any]) -> Reply:
        if not method:
            return _json_reply(404, {"ok": False, "error": "not_found"})
        refusal = self._faults.take(method)
        if refusal is not None:
            return _refusal_reply(refusal)
        if kind == "response":
            return _response_url_reply(args)
        if kind == "upload":
            return self._upload(name, request.body)
        return self._api(method, request, args)

    def _api(self, method: str, request: Request, args: dict[str, Any]) -> Reply:
        token = _token(request, args)
        handler = self._oauth_access(request) if method == OAUTH_ACCESS else METHODS.get(method)
        if handler is None:
            # Slack answers an unknown method with HTTP 200 and ok=false, which WebClient raises on.
            return _json_reply(200, {"ok": False, "error": "unknown_method", "req_method": method})
        if method != OAUTH_ACCESS and (not token or self.team_of(token) is None):
            return _json_reply(200, {"ok": False, "error": "invalid_auth" if token else "not_authed"})
        channel = args.get("channel")
        refusal = self._limits.check(method, str(channel) if channel else None, time.monotonic())
        if refusal is not None:
            return _refusal_reply(refusal)
        try:
            with self._state.lock:
                self._state.caller_team = self.team_of(token) if token else None
                result = handler(self._state, args)
        except ApiError as failed:
            payload: dict[str, Any] = {"ok": False, "error": failed.error}
            if failed.messages:
                payload["response_metadata"] = {"messages": failed.messages}
            return _json_reply(200, payload)
        return _json_reply(200, {"ok": True, **result})

    def _oauth_access(self, request: Request) -> Method:
        # oauth.v2.access authenticates the app (client id and secret), not a token.
        authorization = request.headers.get("authorization", "")
        return lambda _state, args: self._grants.access(args, authorization)

    def _upload(self, file_id: str, body: bytes) -> Reply:
        with self._state.lock:
            if file_id not in self._state.upload_names:
                return Reply(404, b"unknown upload url", "text/plain; charset=utf-8", error="not_found")
            self._state.uploads[file_id] = body
        return Reply(200, f"OK - {len(body)}".encode(), "text/plain; charset=utf-8")


def _response_url_reply(args: dict[str, Any]) -> Reply:
    # A response_url takes a message, and Slack checks its blocks as for chat.postMessage.
    try:
        check_message(args)
    except ApiError as failed:
        return Reply(400, failed.error.encode(), "text/plain; charset=utf-8", error=failed.error)
    return Reply(200, b"ok", "text/plain; charset=utf-8")


def _token(request: Request, args: dict[str, Any]) -> str | None:
    # Slack takes the token from the Authorization header or, for form bodies, a token argument.
    header = request.headers.get("authorization", "")
    token = header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else args.get("token")
    return str(token) if token else None


def _request_args(request: Request) -> dict[str, Any]:
    """Return query and body arguments; raise ValueError with Slack's error code for unreadable bodies."""
    if request.path.startswith("/upload/"):
        return {"file_id": request.path.rsplit("/", 1)[-1], "length": len(request.body)}
    args: dict[str, Any] = dict(parse_qsl(request.query, keep_blank_values=True))
    if not request.body:
        return parse_json_args(args)
    content_type = request.headers.get("content-type", "")
    try:
        text = request.body.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("invalid_form_data") from None
    if content_type.startswith("application/json") or request.path.startswith("/response/"):
        try:
            decoded = json.loads(text)
        except json.JSONDecodeError:
            raise ValueError("invalid_json") from None
        if not isinstance(decoded, dict):
            raise ValueError("invalid_json")
        return parse_json_args(args | decoded)
    if content_type.startswith("multipart/"):
        raise ValueError("invalid_form_data")
    return parse_json_args(args | dict(parse_qsl(text, keep_blank_values=True)))


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's default backlog of 5 makes bursts of parallel clients (benchmarks) wait for SYN retries.
    request_queue_size = 128
    # A request sleeping in an injected delay must not hold up stop().
    block_on_close = False

    def __init__(self, address: tuple[str, int], answer: Callable[[Request], Reply]) -> None:
        super().__init__(address, _Handler)
        self.answer = answer


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self._serve()

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        self._serve()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002, ARG002 (silence the base class)
        return

    def _serve(self) -> None:
        path, _, query = self.path.partition("?")
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        headers = {name.lower(): value for name, value in self.headers.items()}
        try:
            reply = self.server.answer(Request(path, query, body, headers))
        except Exception as bug:  # noqa: BLE001 (a bug in the fake must reach the test as a 500, not hang it)
            reply = _json_reply(500, {"ok": False, "error": "fake_slack_bug", "detail": repr(bug)})
        self._send(reply)

    def _send(self, reply: Reply) -> None:
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.body)))
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(reply.body)
        except (BrokenPipeError, ConnectionResetError):
            # The client gave up (e.g. its timeout was shorter than an injected delay).
            return
