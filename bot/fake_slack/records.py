"""What the fake Slack received: one Call per request, kept in arrival order."""

import threading
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Call:
    """One request to the fake: Web API method (or "response_url"/"upload"), its arguments and answer.

    `headers` has lower-cased names (urllib sends "Content-type", httpx "content-type"); `at` is
    time.monotonic() on arrival. `fault` names an injected or rate-limit answer ("fail_next",
    "rate_limit", "random_429"); `error` is the Slack error code of any ok=false answer.
    """

    method: str
    args: dict[str, Any]
    headers: dict[str, str]
    at: float
    status: int = 200
    error: str | None = None
    fault: str | None = None
    path: str = ""

    @property
    def ok(self) -> bool:
        """Return whether the fake answered this call with success."""
        return self.status == 200 and self.error is None


class Recorder:
    """A thread-safe list of calls that tests can poll."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._calls: list[Call] = []

    def add(self, call: Call) -> None:
        """Append a call."""
        with self._lock:
            self._calls.append(call)

    def calls(self, method: str | None = None) -> list[Call]:
        """Return the calls so far, all or of one method, oldest first."""
        with self._lock:
            return [call for call in self._calls if method is None or call.method == method]

    def clear(self) -> None:
        """Forget every call."""
        with self._lock:
            self._calls.clear()

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Return the calls of `method` once there are `count`, or fail listing what did arrive."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.calls(method)
            if len(found) >= count:
                return found
            if time.monotonic() >= deadline:
                raise AssertionError(self._shortfall(method, count, len(found), timeout))
            time.sleep(0.01)

    def _shortfall(self, method: str, count: int, got: int, timeout: float) -> str:
        received = Counter(call.method for call in self.calls())
        summary = ", ".join(f"{name} x{n}" for name, n in received.items()) or "nothing"
        return f"expected {count} {method} call(s) within {timeout}s, got {got}; received: {summary}"
