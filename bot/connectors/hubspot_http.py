"""HubSpot's HTTP: one request with retries, and HubSpot's own rate limits.

HubSpot answers 429 with a JSON body whose `policyName` names the limit that was hit, and often without
Retry-After (https://developers.hubspot.com/docs/api/usage-details):
- TEN_SECONDLY_ROLLING (and SECONDLY): wait until the rolling window has passed, then go on;
- DAILY: nothing will succeed until the account's midnight, so stop (the caller keeps its cursor).
Requests are also paced by `X-HubSpot-RateLimit-Remaining` and `-Interval-Milliseconds`, so that a
sync waits for the window instead of running into it.
"""

import collections
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from bot.connectors.base import ConnectorError, RateLimited

Sleep = Callable[[float], None]
Monotonic = Callable[[], float]
WINDOW_S = 10.0  # HubSpot's burst window when a response does not say
MAX_RETRY_AFTER = 120.0  # seconds: a longer wait is HubSpot's daily limit, better reported than slept
MAX_RATE_WAITS = 20  # ten-second waits in a row before giving up: something else is using the whole limit
DAILY_ADVICE = (
    "HubSpot's daily API limit is used up; the sync keeps its place. Try again after midnight in your "
    "HubSpot account's time zone"
)


class HubSpotError(ConnectorError):
    """HubSpot refused, kept failing, or answered something this connector cannot read."""


class HubSpotDailyLimit(RateLimited, HubSpotError):
    """HubSpot's daily limit is used up: stop and keep the cursor."""


@dataclass
class Pacer:
    """Our own requests in the current window, and what HubSpot last said was left of it."""

    monotonic: Monotonic = time.monotonic
    window_s: float = WINDOW_S
    remaining: int | None = None
    sent: collections.deque[float] = field(default_factory=collections.deque)

    def before_request(self) -> float:
        """Return how long to wait before the next request (0: go now)."""
        self._forget_old()
        if self.remaining is not None and self.remaining <= 0:
            return self.until_window_passes()
        return 0.0

    def sent_one(self) -> None:
        self.sent.append(self.monotonic())

    def answered(self, headers: httpx.Headers) -> None:
        """Read the window's size and what is left of it from a response's headers, when present."""
        self.remaining = _int(headers.get("X-HubSpot-RateLimit-Remaining"))
        interval = _int(headers.get("X-HubSpot-RateLimit-Interval-Milliseconds"))
        if interval and interval > 0:
            self.window_s = interval / 1000

    def until_window_passes(self) -> float:
        """Return the wait until our oldest request in the rolling window leaves it."""
        self._forget_old()
        if not self.sent:
            return 0.0
        return max(0.0, self.sent[0] + self.window_s - self.monotonic())

    def _forget_old(self) -> None:
        now = self.monotonic()
        while self.sent and self.sent[0] + self.window_s <= now:
            self.sent.popleft()


@dataclass
class HubSpotHttp:
    """Authenticated requests to HubSpot with retries on 5xx and transport errors, and the limits above."""

    token: str
    base_url: str = "https://api.hubapi.com/"
    sleep: Sleep = time.sleep
    monotonic: Monotonic = time.monotonic
    max_attempts: int = 5
    backoff: float = 1.0  # seconds before the first retry after a 5xx; doubled each time
    http: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=30.0))
    pacer: Pacer = field(init=False)

    def __post_init__(self) -> None:
        self.pacer = Pacer(self.monotonic)

    def request(self, method: str, path: str, where: str, **kwargs: Any) -> httpx.Response:
        """Return a 2xx response, or raise HubSpotError saying why there is none."""
        url = self.base_url.rstrip("/") + path
        headers = {"Authorization": f"Bearer {self.token}"}
        attempt = rate_waits = 0
        problem = ""
        while attempt < self.max_attempts and rate_waits < MAX_RATE_WAITS:
            self._pause(self.pacer.before_request())
            self.pacer.sent_one()
            try:
                response = self.http.request(method, url, headers=headers, **kwargs)
            except httpx.TransportError as error:
                problem, attempt = f"{type(error).__name__}: {error}", attempt + 1
                self._retry_pause(attempt, self.backoff * 2 ** (attempt - 1))
                continue
            self.pacer.answered(response.headers)
            if response.status_code < 300:
                return response
            _refuse(response, where)
            problem = f"HTTP {response.status_code}"
            if response.status_code == 429:
                rate_waits += 1
                # What the 429 said is left of the window still paces the retry (Remaining: 0).
                self._pause(self._rate_wait(response, where, rate_waits))
            else:
                attempt += 1
                self._retry_pause(attempt, self.backoff * 2 ** (attempt - 1))
        tries = f"{attempt} attempts" if attempt >= self.max_attempts else f"{rate_waits} rate-limit waits"
        raise HubSpotError(f"{where}: gave up after {tries} ({problem})")

    def _retry_pause(self, attempt: int, wait: float) -> None:
        if attempt < self.max_attempts:
            self._pause(wait)

    def _pause(self, seconds: float) -> None:
        if seconds > 0:
            self.sleep(seconds)

    def _rate_wait(self, response: httpx.Response, where: str, in_a_row: int) -> float:
        """Return how long a 429 asks us to wait, or raise HubSpotDailyLimit for the daily limit."""
        policy = _policy(response)
        if policy == "DAILY":
            raise HubSpotDailyLimit(f"{where}: {DAILY_ADVICE}")
        retry_after = _float(response.headers.get("Retry-After"))
        if retry_after is not None:
            if retry_after > MAX_RETRY_AFTER:
                raise HubSpotDailyLimit(f"{where}: HubSpot asks to wait {retry_after:.0f}s; try again later")
            return max(retry_after, 0.0)
        # 429s in a row wait longer each time: a hundredth of the window, then 4 times more, up to all of it.
        backoff: float = min(self.pacer.window_s, self.pacer.window_s / 100 * 4.0 ** (in_a_row - 1))
        if self.pacer.remaining:  # the window still has room: a passing refusal, not our rate
            return backoff
        # The window is full (or HubSpot did not say): once our oldest request in it has left, the count
        # is below the limit again.
        return max(self.pacer.until_window_passes(), backoff)


def _policy(response: httpx.Response) -> str | None:
    try:
        body = response.json()
    except ValueError:
        return None
    policy = body.get("policyName") if isinstance(body, dict) else None
    return policy if isinstance(policy, str) else None


def _refuse(response: httpx.Response, where: str) -> None:
    """Raise for an answer that retrying cannot fix (4xx other than 429)."""
    if response.status_code in (401, 403):
        raise HubSpotError(
            f"{where}: HubSpot refused the token (HTTP {response.status_code}): check HUBSPOT_TOKEN and "
            "its scopes (crm.objects.owners.read, sales-email-read, crm.objects.contacts.read for calls "
            "and meetings, crm.objects.deals.read)"
        )
    if response.status_code < 500 and response.status_code != 429:
        raise HubSpotError(f"{where}: HTTP {response.status_code}: {response.text[:200]}")


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def _float(text: str | None) -> float | None:
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None
