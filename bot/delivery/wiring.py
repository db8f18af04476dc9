"""Building this process's sender: the Slack client it uses, its name in the ledger, and its composer."""

import os
import socket

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler

from bot.delivery.kinds import compose
from bot.delivery.pacing import Pacer
from bot.delivery.sender import Sender
from bot.deps import Deps
from bot.metrics import SlackCallCounter
from bot.settings import Settings


def sender_client(settings: Settings) -> WebClient:
    """Return a WebClient that retries only connection errors: the sender handles 429s and 5xx itself,
    through the ledger, so a wait survives a restart and never blocks inside the client."""
    return WebClient(
        # Multi-workspace mode passes each workspace's token with each call instead.
        token=None if settings.multi_workspace() else settings.secret("slack_bot_token"),
        base_url=settings.slack_api_url,
        timeout=10,
        retry_handlers=[SlackCallCounter(), ConnectionErrorRetryHandler(max_retry_count=2)],
    )


def worker_name() -> str:
    """Return a name for this sender process in the ledger's claimed_by column."""
    return f"{socket.gethostname()}:{os.getpid()}"


def make_sender(deps: Deps, settings: Settings, *, speedup: float = 1.0) -> Sender:
    """Return the sender for this process (with each workspace's token in multi-workspace mode)."""
    client = sender_client(settings)
    tokens = None
    if settings.multi_workspace():
        from bot.oauth.setup import TeamTokens

        tokens = TeamTokens(settings, deps, client)
    slack = client if deps.slack is None else deps.slack  # a test or the demo may swap Slack out
    return Sender(deps, slack, compose(deps), Pacer(speedup=speedup), worker_name(), tokens=tokens)
