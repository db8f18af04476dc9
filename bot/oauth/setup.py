"""Multi-workspace mode wiring: Bolt's OAuth settings, and a bot token per workspace for the scheduler."""

import html
import logging

import structlog
from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_bolt.response import BoltResponse
from slack_sdk import WebClient
from slack_sdk.errors import SlackTokenRotationError
from slack_sdk.oauth.token_rotation import TokenRotator

from bot.deps import Deps
from bot.oauth.crypto import TokenCipher
from bot.oauth.store import DatabaseInstallationStore, DatabaseStateStore, OrgWideInstallRefused
from bot.settings import Settings

log = structlog.get_logger("rampcoach.oauth")
# manifest.yml's bot scopes (tests/bot/test_oauth_mode.py keeps them equal).
BOT_SCOPES = (
    "commands",
    "chat:write",
    "users:read",
    "users:read.email",
    "im:write",
    "mpim:write",
    "files:write",
)
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
# Refresh a rotating token this long before it expires (Slack's tokens live 12 hours).
REFRESH_MINUTES = 120


def installation_store(settings: Settings, deps: Deps) -> DatabaseInstallationStore:
    return DatabaseInstallationStore(deps, TokenCipher(settings.secret("rampcoach_token_key")))


def oauth_settings(settings: Settings, deps: Deps, client: WebClient) -> OAuthSettings:
    """Return Bolt's OAuth settings: install at /slack/install, Slack redirects to /slack/oauth_redirect.

    Token refreshes go through `client`, so they reach SLACK_API_URL like every other call.
    """
    oauth = OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.secret("slack_client_secret"),
        scopes=list(BOT_SCOPES),
        redirect_uri=settings.slack_redirect_uri,
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        installation_store=installation_store(settings, deps),
        state_store=DatabaseStateStore(deps),
        token_rotation_expiration_minutes=REFRESH_MINUTES,
        callback_options=CallbackOptions(success=lambda args: args.default.success(args), failure=_failure),
    )
    # Bolt's default authorize refreshes tokens with a client of its own on slack.com.
    oauth.authorize = InstallationStoreAuthorize(
        logger=logging.getLogger("rampcoach.bolt"),
        installation_store=oauth.installation_store,
        client_id=oauth.client_id,
        client_secret=oauth.client_secret,
        token_rotation_expiration_minutes=REFRESH_MINUTES,
        client=client,
    )
    return oauth


ORG_WIDE_REFUSED = (
    "Ramp Coach cannot be installed for a whole Enterprise Grid organization. "
    "Install it in each workspace of the organization instead."
)


def _failure(args: FailureArgs) -> BoltResponse:
    """Answer a refused org-wide install with a page that says why; other failures as Bolt does."""
    if isinstance(args.error, OrgWideInstallRefused):
        log.warning("org-wide install refused", enterprise_id=args.error.enterprise_id)
        page = f"<html><body><h2>Not installed</h2><p>{html.escape(ORG_WIDE_REFUSED)}</p></body></html>"
        return BoltResponse(status=400, body=page, headers={"Content-Type": "text/html; charset=utf-8"})
    return args.default.failure(args)


class TeamTokens:
    """Each workspace's bot token for work outside a request (deliveries), refreshed when it expires soon."""

    def __init__(self, settings: Settings, deps: Deps, client: WebClient) -> None:
        self._store = installation_store(settings, deps)
        self._rotator = TokenRotator(
            client_id=settings.slack_client_id or "",
            client_secret=settings.secret("slack_client_secret"),
            client=client,
        )

    def __call__(self, team_id: str) -> str | None:
        """Return the workspace's bot token, or None when it is not installed or cannot be refreshed."""
        bot = self._store.find_workspace_bot(team_id)
        if bot is None or bot.bot_refresh_token is None:
            return bot.bot_token if bot else None
        try:
            refreshed = self._rotator.perform_bot_token_rotation(
                bot=bot, minutes_before_expiration=REFRESH_MINUTES
            )
        except SlackTokenRotationError as error:
            log.warning(
                "bot token not refreshed", team_id=team_id, error=str(error.api_error.response.get("error"))
            )
            return None
        if refreshed is None:
            return bot.bot_token
        self._store.save_bot(refreshed)
        return refreshed.bot_token
