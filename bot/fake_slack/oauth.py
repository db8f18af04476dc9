"""The fake's OAuth: install codes, bot tokens per workspace, and token rotation via oauth.v2.access."""

import base64
import threading
from dataclasses import dataclass
from typing import Any

from bot.fake_slack.methods import BOT_ID, BOT_USER_ID, ApiError

TOKEN_LIFETIME_S = 43_200  # Slack's rotating tokens live 12 hours
APP_ID = "A0FAKE"


@dataclass(frozen=True)
class Grant:
    """What a code or refresh token stands for: a workspace, and whether its tokens rotate."""

    team_id: str
    rotating: bool
    installer: str = "U0INSTALLER"


class Grants:
    """Client credentials, pending install codes, live tokens and refresh tokens, by workspace."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.client: tuple[str, str] | None = None
        self._codes: dict[str, Grant] = {}
        self._refresh: dict[str, Grant] = {}
        self._tokens: dict[str, str] = {}  # token -> team id
        self._serial = 0

    def add_token(self, token: str, team_id: str) -> None:
        with self._lock:
            self._tokens[token] = team_id

    def add_refresh_token(self, refresh_token: str, team_id: str) -> None:
        with self._lock:
            self._refresh[refresh_token] = Grant(team_id, rotating=True)

    def add_code(self, code: str, grant: Grant) -> None:
        with self._lock:
            self._codes[code] = grant

    def team_of(self, token: str) -> str | None:
        with self._lock:
            return self._tokens.get(token)

    def access(self, args: dict[str, Any], authorization: str) -> dict[str, Any]:
        """Answer oauth.v2.access: exchange a code (an install) or a refresh token (a rotation)."""
        self._check_client(args, authorization)
        with self._lock:
            if args.get("grant_type") == "refresh_token":
                grant = self._refresh.pop(str(args.get("refresh_token")), None)
                if grant is None:
                    raise ApiError("invalid_refresh_token")
                return self._issue(grant) | {"token_type": "bot", "team": {"id": grant.team_id}}
            grant = self._codes.pop(str(args.get("code")), None)
            if grant is None:
                raise ApiError("invalid_code")
            return self._issue(grant) | _install_fields(grant)

    def _issue(self, grant: Grant) -> dict[str, Any]:
        self._serial += 1
        prefix = "xoxe.xoxb" if grant.rotating else "xoxb"
        token = f"{prefix}-{grant.team_id}-{self._serial}"
        self._tokens[token] = grant.team_id
        issued: dict[str, Any] = {"access_token": token, "app_id": APP_ID, "bot_user_id": BOT_USER_ID}
        if grant.rotating:
            refresh = f"xoxe-1-{grant.team_id}-{self._serial}"
            self._refresh[refresh] = grant
            issued |= {"refresh_token": refresh, "expires_in": TOKEN_LIFETIME_S}
        return issued

    def _check_client(self, args: dict[str, Any], authorization: str) -> None:
        # WebClient sends the client credentials as HTTP Basic auth; Slack also takes them as arguments.
        given = (str(args.get("client_id", "")), str(args.get("client_secret", "")))
        if authorization.startswith("Basic "):
            pair = base64.b64decode(authorization.removeprefix("Basic ")).decode("utf-8")
            client_id, _, secret = pair.partition(":")
            given = (client_id, secret)
        if self.client is None or given[0] != self.client[0]:
            raise ApiError("invalid_client_id")
        if given[1] != self.client[1]:
            raise ApiError("bad_client_secret")


def _install_fields(grant: Grant) -> dict[str, Any]:
    return {
        "token_type": "bot",
        "scope": "commands,chat:write,users:read,users:read.email,im:write,files:write",
        "bot_id": BOT_ID,
        "team": {"id": grant.team_id, "name": f"Workspace {grant.team_id}"},
        "enterprise": None,
        "is_enterprise_install": False,
        "authed_user": {"id": grant.installer},
    }
