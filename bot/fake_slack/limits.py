"""Answers decided before a method runs: injected faults, slow methods and Slack-style rate limits."""

import math
import random
import threading
from collections import deque
from dataclasses import dataclass, field

RATELIMITED = "ratelimited"


@dataclass(frozen=True)
class Refusal:
    """An error answer: HTTP status, Slack error code, and the wait to advertise in Retry-After."""

    status: int
    error: str
    retry_after_s: float | None
    fault: str

    def retry_headers(self) -> dict[str, str]:
        """Return Retry-After in whole seconds (as Slack sends it) plus the exact wait in milliseconds."""
        if self.retry_after_s is None:
            return {}
        # Slack's Retry-After is an integer, so a sped-up wait is rounded up; clients that run the
        # benchmark clock faster read the exact value from the extra header instead.
        return {
            "Retry-After": str(max(1, math.ceil(self.retry_after_s))),
            "X-Fake-Retry-After-Ms": str(max(1, math.ceil(self.retry_after_s * 1000))),
        }


@dataclass
class _Fault:
    refusal: Refusal
    times: int


class Faults:
    """Queued failures and delays per method, shared by the server's threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queued: dict[str, deque[_Fault]] = {}
        self._delays: dict[str, float] = {}

    def fail_next(self, method: str, refusal: Refusal, times: int) -> None:
        """Queue `refusal` as the answer to the next `times` calls of `method`, after earlier faults."""
        if times < 1:
            raise ValueError("times must be at least 1")
        with self._lock:
            self._queued.setdefault(method, deque()).append(_Fault(refusal, times))

    def take(self, method: str) -> Refusal | None:
        """Return the refusal due for this call of `method`, if one is queued, and use it up."""
        with self._lock:
            queue = self._queued.get(method)
            if not queue:
                return None
            fault = queue[0]
            fault.times -= 1
            if fault.times == 0:
                queue.popleft()
            return fault.refusal

    def set_delay(self, method: str, seconds: float) -> None:
        """Make `method` answer `seconds` late; zero restores prompt answers."""
        with self._lock:
            if seconds > 0:
                self._delays[method] = seconds
            else:
                self._delays.pop(method, None)

    def delay(self, method: str) -> float:
        """Return how long `method` waits before answering."""
        with self._lock:
            return self._delays.get(method, 0.0)

    def clear(self) -> None:
        """Forget queued faults and delays."""
        with self._lock:
            self._queued.clear()
            self._delays.clear()


@dataclass
class _Limit:
    per_minute: int
    speedup: float
    random_429: float
    rng: random.Random
    accepted: deque[float] = field(default_factory=deque)
    last_by_channel: dict[str, float] = field(default_factory=dict)

    @property
    def window_s(self) -> float:
        # Speeding up compresses time: per_minute calls per (60 / speedup) seconds.
        return 60.0 / self.speedup


# Slack lets a bot post about one message per second to one channel, on top of the method's tier.
_PER_CHANNEL_METHODS = frozenset({"chat.postMessage"})


class RateLimits:
    """Sliding-window limits per method (and per channel for chat.postMessage), like Slack's tiers."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._limits: dict[str, _Limit] = {}

    def set(self, method: str, per_minute: int, *, speedup: float, random_429: float, seed: int) -> None:
        """Limit `method` to `per_minute` calls a minute, with time running `speedup` times faster."""
        if per_minute < 1 or speedup <= 0 or not 0.0 <= random_429 <= 1.0:
            raise ValueError("need per_minute >= 1, speedup > 0 and 0 <= random_429 <= 1")
        limit = _Limit(per_minute, speedup, random_429, random.Random(seed))  # noqa: S311 (not crypto)
        with self._lock:
            self._limits[method] = limit

    def clear(self) -> None:
        """Remove every limit."""
        with self._lock:
            self._limits.clear()

    def check(self, method: str, channel: str | None, now: float) -> Refusal | None:
        """Return a 429 refusal if this call is over the limit, else count it and return None."""
        with self._lock:
            limit = self._limits.get(method)
            if limit is None:
                return None
            # Draw for every call, so a seed gives the same pattern whatever the timing.
            if limit.rng.random() < limit.random_429:
                return Refusal(429, RATELIMITED, 1.0 / limit.speedup, "random_429")
            wait = _window_wait(limit, now) or _channel_wait(method, limit, channel, now)
            if wait:
                return Refusal(429, RATELIMITED, wait, "rate_limit")
            limit.accepted.append(now)
            if channel is not None and method in _PER_CHANNEL_METHODS:
                limit.last_by_channel[channel] = now
            return None


def _window_wait(limit: _Limit, now: float) -> float:
    while limit.accepted and now - limit.accepted[0] >= limit.window_s:
        limit.accepted.popleft()
    if len(limit.accepted) < limit.per_minute:
        return 0.0
    return limit.accepted[0] + limit.window_s - now


def _channel_wait(method: str, limit: _Limit, channel: str | None, now: float) -> float:
    if channel is None or method not in _PER_CHANNEL_METHODS:
        return 0.0
    last = limit.last_by_channel.get(channel)
    gap = 1.0 / limit.speedup
    if last is None or now - last >= gap:
        return 0.0
    return last + gap - now
