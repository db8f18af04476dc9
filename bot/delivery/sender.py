"""The sender: claims due ledger rows, posts them to Slack within its limits, and records the outcome.

A row is committed as `sending` before the call, so a crash leaves evidence instead of a guess; every
message carries its delivery key in Slack message metadata. 429s pause the method for Retry-After;
5xx answers, timeouts and connection errors are retried with backoff; other Slack errors are final.
"""

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.error import URLError

import structlog
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.models.blocks import Block
from slack_sdk.models.metadata import Metadata

from bot.delivery.pacing import Pacer
from bot.deps import Deps, SlackSender
from bot.metrics import DELIVERIES_SKIPPED
from bot.services.leave import HELD, ON_LEAVE, away_now
from bot.services.roster import OFFBOARDED
from coaching.delivery import Delivery, Kind, State
from coaching.leave import status_says_away
from storage.db import session_scope
from storage.repo import deliveries, people, roster

POST = "chat.postMessage"
METADATA_EVENT = "rampcoach_delivery"
# Slack's errors that mean "try again later" rather than "this message can never be delivered".
TRANSIENT_ERRORS = frozenset(
    {"ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"}
)
Message = tuple[str, list[Block]]
log = structlog.get_logger("rampcoach.delivery")


@dataclass(frozen=True)
class Upload:
    filename: str
    content: bytes | str
    title: str


@dataclass(frozen=True)
class Thread:
    """A message with replies and files in its thread (the leader digest). Only the first message counts
    for the ledger: once it is posted the delivery is sent, and a failed reply or upload is logged, not
    retried, so a retry never posts the headline twice."""

    messages: list[Message]
    uploads: list[Upload] = field(default_factory=list)
    channel: str | None = None  # default: the person's DM


Composer = Callable[[Delivery], Message | Thread | None]
# Multi-workspace mode: a workspace's bot token, or None when it is not installed.
TokenSource = Callable[[str], str | None]
GONE = "workspace disabled or not installed (app uninstalled or token revoked)"
NOT_NEEDED = "no longer needed"
STATUS_AWAY = "Slack status says away"  # RAMPCOACH_LEAVE_STATUS_MATCH matched the rep's status
# What a matching Slack status skips: the week's check-in and its reminder (the weekly asks).
STATUS_HELD = frozenset({Kind.CHECKIN, Kind.REMINDER})
# Each reason's /metrics label: a short, fixed set, so the counter's series stay few.
SKIP_LABELS = {
    GONE: "workspace_gone",
    NOT_NEEDED: "not_needed",
    OFFBOARDED: "offboarded",
    ON_LEAVE: "on_leave",
    STATUS_AWAY: "status_away",
}


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    retried: int = 0
    errors: list[str] = field(default_factory=list)
    # Set when Slack could not be reached at all: the pass stops, the rest stay due for the next tick.
    unreachable: str | None = None


@dataclass
class Sender:
    deps: Deps
    client: SlackSender
    compose: Composer
    pacer: Pacer
    worker: str
    max_attempts: int = 5
    backoff_s: float = 1.0
    # Set on shutdown: no new row is claimed, and a row still waiting for its turn goes back to pending.
    stop: threading.Event = field(default_factory=threading.Event)
    tokens: TokenSource | None = None  # None: every call uses the client's own token

    def credentials(self, team_id: str) -> dict[str, Any] | None:
        """Return the token argument for a workspace's calls ({}: the client's own token), or None when
        nothing may be sent there: the workspace is disabled or has no installation."""
        with session_scope(self.deps.engine) as session:
            if people.workspace_disabled(session, team_id=team_id):
                return None
        if self.tokens is None:
            return {}
        token = self.tokens(team_id)
        return None if token is None else {"token": token}

    def send_due(self, *, wait_for_retries: dt.timedelta = dt.timedelta(seconds=60)) -> SendReport:
        """Send every due row; wait for retries that come due within `wait_for_retries`; return the tally."""
        report = SendReport()
        while not self.stop.is_set():
            # One row per claim: a row is `sending` only while its own call is in flight, so a crash
            # never leaves an unsent row looking as if it might have gone out.
            with session_scope(self.deps.engine) as session:
                claimed = deliveries.claim(session, now=self.deps.clock(), limit=1, worker=self.worker)
            for delivery in claimed:
                self._send(delivery, report)
            if report.unreachable:  # every other call would wait out the same timeouts and retries
                return report
            if not claimed and not self._wait_for_retry(wait_for_retries):
                return report
        return report

    def _wait_for_retry(self, horizon: dt.timedelta) -> bool:
        with session_scope(self.deps.engine) as session:
            upcoming = deliveries.next_retry_at(session)
        now = self.deps.clock()
        if upcoming is None or upcoming > now + horizon:
            return False
        return not self.stop.wait(min((upcoming - now).total_seconds(), 1.0))

    def _send(self, delivery: Delivery, report: SendReport) -> None:
        credentials = self.credentials(delivery.team_id)
        if credentials is None:
            self._finish(delivery, State.SKIPPED, GONE, report)
            return
        message = self.compose(delivery)
        if message is None:
            self._finish(delivery, State.SKIPPED, NOT_NEEDED, report)
            return
        if not self.pacer.wait(POST, delivery.person_id, self.stop):
            with session_scope(self.deps.engine) as session:
                deliveries.release(session, key=delivery.key)  # never posted: the next run sends it
            return
        held = self._held_back(delivery, credentials)
        if held is not None:
            # Offboarded or gone on leave after this row was recorded or claimed: checked last, so the
            # wait for a turn cannot hide it.
            self._finish(delivery, State.SKIPPED, held, report)
            return
        try:
            answer = self._post(delivery, message, credentials)
        except SlackApiError as error:
            self._failed_call(delivery, error, report)
        except (URLError, TimeoutError, ConnectionError) as error:
            report.unreachable = f"{type(error).__name__}: {error}"
            self._transient(delivery, report.unreachable, report)
        except SlackClientError as error:
            self._transient(delivery, f"{type(error).__name__}: {error}", report)
        else:
            with session_scope(self.deps.engine) as session:
                deliveries.mark_sent(
                    session,
                    key=delivery.key,
                    channel=str(answer["channel"]),
                    ts=str(answer["ts"]),
                    now=self.deps.clock(),
                )
            report.sent += 1

    def _held_back(self, delivery: Delivery, credentials: dict[str, Any]) -> str | None:
        """Return why the delivery must not go now (the person left, is on leave, or says so in their
        Slack status), or None."""
        with session_scope(self.deps.engine) as session:
            if roster.left_on(session, team_id=delivery.team_id, slack_id=delivery.person_id) is not None:
                return OFFBOARDED
        who = (delivery.team_id, delivery.person_id)
        if delivery.kind in HELD and away_now(self.deps, [who], self.deps.clock()):
            return ON_LEAVE
        if self._status_away(delivery, credentials):
            return STATUS_AWAY
        return None

    def _status_away(self, delivery: Delivery, credentials: dict[str, Any]) -> bool:
        """Return True if the rep's Slack status matches RAMPCOACH_LEAVE_STATUS_MATCH (off when empty).
        A status that cannot be read lets the message go: a check-in too many beats a silent week."""
        match = self.deps.tuning.leave_status_match
        if not match or delivery.kind not in STATUS_HELD:
            return False
        self.pacer.wait("users.info")
        try:
            user = self.client.users_info(user=delivery.person_id, **credentials)["user"]
        except (SlackApiError, SlackClientError, URLError, TimeoutError, ConnectionError) as error:
            log.warning("could not read the Slack status", key=delivery.key, error=str(error))
            return False
        profile = user.get("profile") or {}
        text, emoji = str(profile.get("status_text") or ""), str(profile.get("status_emoji") or "")
        return status_says_away(match, text=text, emoji=emoji)

    def _post(
        self, delivery: Delivery, message: Message | Thread, credentials: dict[str, Any]
    ) -> dict[str, object]:
        thread = message if isinstance(message, Thread) else Thread([message])
        text, blocks = thread.messages[0]
        metadata = Metadata(event_type=METADATA_EVENT, event_payload={"key": delivery.key})
        # A DM goes to the user id as channel: no conversations.open per message.
        response = self.client.chat_postMessage(
            channel=thread.channel or delivery.person_id,
            text=text,
            blocks=blocks,
            metadata=metadata,
            **credentials,
        )
        answer = dict(response.data) if isinstance(response.data, dict) else {}
        if len(thread.messages) > 1 or thread.uploads:
            self._follow_up(delivery, thread, str(answer["channel"]), str(answer["ts"]), credentials)
        return answer

    def _follow_up(
        self, delivery: Delivery, thread: Thread, channel: str, ts: str, credentials: dict[str, Any]
    ) -> None:
        """Post the replies and files in the first message's thread; failures are logged (see Thread)."""
        try:
            for text, blocks in thread.messages[1:]:
                self.pacer.wait(POST, channel)
                self.client.chat_postMessage(
                    channel=channel, thread_ts=ts, text=text, blocks=blocks, **credentials
                )
            files = [{"content": f.content, "filename": f.filename, "title": f.title} for f in thread.uploads]
            if files:
                self.client.files_upload_v2(channel=channel, thread_ts=ts, file_uploads=files, **credentials)
        except (SlackClientError, URLError, TimeoutError, ConnectionError) as error:
            log.warning("thread follow-up failed", key=delivery.key, error=str(error))

    def _failed_call(self, delivery: Delivery, error: SlackApiError, report: SendReport) -> None:
        status = error.response.status_code
        code = str(error.response.get("error", "")) if isinstance(error.response.data, dict) else ""
        if status == 429:
            wait = self.pacer.scaled(float(error.response.headers.get("Retry-After", "1")))
            self.pacer.pause(POST, wait)
            self._retry(delivery, "ratelimited", wait, count_attempt=False)
            report.retried += 1
        elif status >= 500 or code in TRANSIENT_ERRORS:
            self._transient(delivery, code or f"HTTP {status}", report)
        else:
            self._finish(delivery, State.FAILED, code or f"HTTP {status}", report)

    def _transient(self, delivery: Delivery, reason: str, report: SendReport) -> None:
        if delivery.attempts >= self.max_attempts:
            self._finish(delivery, State.FAILED, f"{reason} (after {delivery.attempts} attempts)", report)
            return
        self._retry(delivery, reason, self.pacer.scaled(self.backoff_s * 2 ** (delivery.attempts - 1)))
        report.retried += 1

    def _retry(self, delivery: Delivery, reason: str, wait_s: float, *, count_attempt: bool = True) -> None:
        at = self.deps.clock() + dt.timedelta(seconds=wait_s)
        with session_scope(self.deps.engine) as session:
            deliveries.mark_retry(session, key=delivery.key, error=reason, at=at, count_attempt=count_attempt)

    def _finish(self, delivery: Delivery, state: State, reason: str, report: SendReport) -> None:
        with session_scope(self.deps.engine) as session:
            deliveries.mark_final(session, key=delivery.key, state=state, error=reason)
        if state is State.FAILED:
            report.failed += 1
            report.errors.append(f"{delivery.key}: {reason}")
        else:
            report.skipped += 1
            # A skipped delivery is never silent (issue 16): a warning with its reason, and a counter.
            log.warning(
                "delivery skipped",
                key=delivery.key,
                team_id=delivery.team_id,
                kind=delivery.kind,
                reason=reason,
            )
            DELIVERIES_SKIPPED.labels(delivery.kind.value, SKIP_LABELS.get(reason, "other")).inc()
