"""Client-side pacing that keeps calls under Slack's documented limits, so 429s stay rare.

Limits (https://api.slack.com/docs/rate-limits): chat.postMessage allows about one message per second
per channel with short bursts, and "several hundred" a minute per workspace, of which we use 300;
users.info is Tier 4 (100+ a minute). `speedup` runs the clock faster for the benchmark only.
"""

import threading
import time
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Limit:
    per_minute: int
    burst: int = 5
    per_channel_s: float | None = None


SLACK_LIMITS: dict[str, Limit] = {
    "chat.postMessage": Limit(per_minute=300, burst=5, per_channel_s=1.0),
    "users.info": Limit(per_minute=100, burst=5),
}


@dataclass
class _Bucket:
    tokens: float
    updated: float
    paused_until: float = 0.0
    last_by_channel: dict[str, float] = field(default_factory=dict)


class Pacer:
    """A token bucket per method and a minimum gap per channel; a 429 pauses the whole method."""

    def __init__(self, limits: dict[str, Limit] | None = None, *, speedup: float = 1.0) -> None:
        self.limits = limits or SLACK_LIMITS
        self.speedup = speedup
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    def wait(self, method: str, channel: str | None = None, stop: threading.Event | None = None) -> bool:
        """Block until one more call of `method` (to `channel`) stays within the limits, and count it.

        Return False, without counting, if `stop` is set first (the process is shutting down).
        """
        while (delay := self._reserve(method, channel)) > 0:
            if stop is None:
                time.sleep(delay)
            elif stop.wait(delay):
                return False
        return True

    def pause(self, method: str, seconds: float) -> None:
        """Stop calling `method` for `seconds` (Slack's Retry-After, already scaled)."""
        with self._lock:
            bucket = self._bucket(method, time.monotonic())
            bucket.paused_until = max(bucket.paused_until, time.monotonic() + seconds)

    def scaled(self, seconds: float) -> float:
        """Return a real-world wait in this pacer's time (shorter when sped up)."""
        return seconds / self.speedup

    def _reserve(self, method: str, channel: str | None) -> float:
        limit = self.limits.get(method)
        if limit is None:
            return 0.0
        with self._lock:
            now = time.monotonic()
            bucket = self._bucket(method, now)
            rate = limit.per_minute * self.speedup / 60.0
            bucket.tokens = min(limit.burst, bucket.tokens + (now - bucket.updated) * rate)
            bucket.updated = now
            wait = max(
                bucket.paused_until - now,
                (1 - bucket.tokens) / rate,
                self._channel_wait(limit, bucket, channel, now),
            )
            if wait > 0:
                return wait
            bucket.tokens -= 1
            if channel is not None and limit.per_channel_s is not None:
                bucket.last_by_channel[channel] = now
            return 0.0

    def _channel_wait(self, limit: Limit, bucket: _Bucket, channel: str | None, now: float) -> float:
        if channel is None or limit.per_channel_s is None or channel not in bucket.last_by_channel:
            return 0.0
        return bucket.last_by_channel[channel] + limit.per_channel_s / self.speedup - now

    def _bucket(self, method: str, now: float) -> _Bucket:
        limit = self.limits.get(method, Limit(per_minute=60))
        return self._buckets.setdefault(method, _Bucket(tokens=float(limit.burst), updated=now))
