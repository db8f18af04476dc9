"""Sign requests as Slack does (v0 HMAC-SHA256) and post them to the app's HTTP endpoint."""

import time
from types import TracebackType
from typing import Self

import httpx
from slack_sdk.signature import SignatureVerifier

from bot.testing.payloads import FORM, JSON


class SlackSigner:
    """Signs bodies with a signing secret: v0=hex(HMAC-SHA256(secret, "v0:{timestamp}:{body}"))."""

    def __init__(self, secret: str) -> None:
        self._verifier = SignatureVerifier(secret)

    def signature(self, body: str, timestamp: int) -> str:
        """Return the X-Slack-Signature value for `body` sent at `timestamp`."""
        return self._verifier.generate_signature(timestamp=str(timestamp), body=body) or ""

    def headers(self, body: str, *, timestamp: int | None = None) -> dict[str, str]:
        """Return the timestamp and signature headers; `timestamp` defaults to now (an old one is stale)."""
        sent_at = int(time.time()) if timestamp is None else timestamp
        return {
            "X-Slack-Request-Timestamp": str(sent_at),
            "X-Slack-Signature": self.signature(body, sent_at),
        }


class SlackPoster:
    """Posts signed bodies to the app's events URL (e.g. http://127.0.0.1:PORT/slack/events), as Slack would.

    Use it as a context manager to close its httpx client; it may be shared by threads.
    """

    def __init__(
        self,
        url: str,
        secret: str,
        *,
        timeout: float = 5.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.signer = SlackSigner(secret)
        self.url = url
        self._http = httpx.Client(timeout=timeout, transport=transport)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the HTTP client."""
        self._http.close()

    def post(
        self,
        body: str,
        content_type: str,
        *,
        timestamp: int | None = None,
        signature: str | None = None,
        retry_num: int | None = None,
        retry_reason: str = "http_timeout",
    ) -> httpx.Response:
        """Return the app's answer to a signed `body`; `signature` forges one, `retry_num` redelivers."""
        headers = {"Content-Type": content_type, **self.signer.headers(body, timestamp=timestamp)}
        if signature is not None:
            headers["X-Slack-Signature"] = signature
        if retry_num is not None:
            # Slack redelivers events it got no timely 2xx for, numbering the attempts.
            headers["X-Slack-Retry-Num"] = str(retry_num)
            headers["X-Slack-Retry-Reason"] = retry_reason
        return self._http.post(self.url, content=body.encode(), headers=headers)

    def post_form(
        self, body: str, *, timestamp: int | None = None, signature: str | None = None
    ) -> httpx.Response:
        """Return the app's answer to a signed form body: slash commands and interactive payloads."""
        return self.post(body, FORM, timestamp=timestamp, signature=signature)

    def post_json(
        self,
        body: str,
        *,
        timestamp: int | None = None,
        signature: str | None = None,
        retry_num: int | None = None,
    ) -> httpx.Response:
        """Return the app's answer to a signed JSON body: Events API callbacks."""
        return self.post(body, JSON, timestamp=timestamp, signature=signature, retry_num=retry_num)
