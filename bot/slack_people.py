"""Finding a Slack user by email (users.lookupByEmail, scope users:read.email): how CRM owners whose email
is not in the team file are matched to people."""

from collections.abc import Callable

import structlog
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.settings import Settings

log = structlog.get_logger(__name__)


def email_lookup(token: str, base_url: str) -> Callable[[str], str | None]:
    """Return a function giving the Slack user id for an email, or None when Slack knows no such user."""
    client = WebClient(
        token=token,
        base_url=base_url,
        timeout=10,
        retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=2)],
    )

    def lookup(email: str) -> str | None:
        try:
            user = client.users_lookupByEmail(email=email)["user"]
        except SlackApiError as error:
            reason = str(error.response.get("error"))
            if reason != "users_not_found":  # a missing scope or a bad token: say so, match by the roster
                log.warning("users.lookupByEmail failed", error=reason)
            return None
        found = user.get("id") if isinstance(user, dict) else None
        return found if isinstance(found, str) and not user.get("deleted") else None

    return lookup


def no_lookup(email: str) -> str | None:  # noqa: ARG001 (same shape as the lookup above)
    """Match owners by the team file's emails only (no Slack token at hand)."""
    return None


def settings_lookup(config: Settings) -> Callable[[str], str | None]:
    """Return the lookup the settings allow: by Slack with the bot token (single workspace), else none."""
    if config.slack_bot_token is None or config.multi_workspace():
        return no_lookup
    return email_lookup(config.secret("slack_bot_token"), config.slack_api_url)
