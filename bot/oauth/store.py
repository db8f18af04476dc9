"""slack_sdk's installation and OAuth state stores over our own tables, with every token sealed (Fernet).

Ids and times stay clear so rows can be found; the rest of what Slack returned is one sealed JSON text.
"""

import datetime as dt
import json
import logging
import secrets
from typing import Any

from slack_bolt.error import BoltError
from slack_sdk.oauth.installation_store import Bot, Installation, InstallationStore
from slack_sdk.oauth.state_store import OAuthStateStore

from bot.deps import Deps
from bot.oauth.crypto import TokenCipher
from storage.db import session_scope
from storage.repo import installations, people
from storage.tables_oauth import InstallationRow

log = logging.getLogger("rampcoach.oauth")
BOT_FIELDS = ("bot_token", "bot_id", "bot_user_id", "bot_scopes", "bot_refresh_token", "bot_token_expires_at")


class OrgWideInstallRefused(BoltError):
    """An install for a whole Enterprise Grid org (`is_enterprise_install`), which Ramp Coach refuses."""

    def __init__(self, enterprise_id: str | None) -> None:
        super().__init__(f"org-wide install of {enterprise_id} refused")
        self.enterprise_id = enterprise_id


class DatabaseInstallationStore(InstallationStore):
    """Installations in `slack_installation`; saving one (re)enables its workspace."""

    def __init__(self, deps: Deps, cipher: TokenCipher) -> None:
        self._deps = deps
        self._cipher = cipher

    @property
    def logger(self) -> logging.Logger:
        return log

    def save(self, installation: Installation) -> None:
        if installation.is_enterprise_install:
            # Org-wide installs are not supported (README, "Enterprise Grid"): refuse rather than store
            # a token the scheduler would not find for any workspace of the org.
            raise OrgWideInstallRefused(installation.enterprise_id)
        row = self._seal(installation)
        with session_scope(self._deps.engine) as session:
            installations.save(session, row)
            if installation.team_id and not installation.is_enterprise_install:
                people.set_workspace_disabled(
                    session, team_id=installation.team_id, now=self._deps.clock(), disabled=False
                )

    def save_bot(self, bot: Bot) -> None:
        """Store refreshed bot tokens (Bolt's bot-only path) in the installation they came from."""
        found = self.find_installation(
            enterprise_id=bot.enterprise_id,
            team_id=bot.team_id,
            is_enterprise_install=bot.is_enterprise_install,
        )
        data = found.to_dict_for_copying() if found else {"user_id": bot.bot_user_id}
        data |= {name: value for name, value in bot.to_dict_for_copying().items() if name != "custom_values"}
        self.save(Installation(**_plain(data)))

    def find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        team_id = None if is_enterprise_install else team_id
        with session_scope(self._deps.engine) as session:
            row = installations.latest(session, enterprise_id=enterprise_id, team_id=team_id, user_id=user_id)
            bot_row = installations.latest(
                session, enterprise_id=enterprise_id, team_id=team_id, with_bot=True
            )
        if row is None:
            return None
        installation = self._open(row)
        if bot_row is not None and bot_row.id != row.id:
            # An installer's own row may predate the newest bot token of the workspace.
            newest = self._open(bot_row)
            for name in BOT_FIELDS:
                setattr(installation, name, getattr(newest, name))
        return installation

    def find_bot(
        self, *, enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool | None = False
    ) -> Bot | None:
        team_id = None if is_enterprise_install else team_id
        with session_scope(self._deps.engine) as session:
            row = installations.latest(session, enterprise_id=enterprise_id, team_id=team_id, with_bot=True)
        return self._open(row).to_bot() if row is not None else None

    def find_workspace_bot(self, team_id: str) -> Bot | None:
        """Return a workspace's bot, found as Bolt finds it (by enterprise and team id) from the team."""
        with session_scope(self._deps.engine) as session:
            enterprise_id = installations.enterprise_of(session, team_id=team_id)
        return self.find_bot(enterprise_id=enterprise_id, team_id=team_id)

    def delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        with session_scope(self._deps.engine) as session:
            installations.remove(session, enterprise_id=enterprise_id, team_id=team_id, user_id=user_id)

    def delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        """Remove a workspace's installations: only bot scopes are installed (manifest.yml), so its rows
        hold no user token that should outlive the bot's."""
        with session_scope(self._deps.engine) as session:
            installations.remove(session, enterprise_id=enterprise_id, team_id=team_id)

    def delete_all(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        self.delete_installation(enterprise_id=enterprise_id, team_id=team_id)

    def _seal(self, installation: Installation) -> InstallationRow:
        data = installation.to_dict_for_copying()
        expires = data.get("bot_token_expires_at")
        return InstallationRow(
            enterprise_id=installation.enterprise_id,
            team_id=None if installation.is_enterprise_install else installation.team_id,
            user_id=installation.user_id,
            is_enterprise_install=bool(installation.is_enterprise_install),
            has_bot=installation.bot_token is not None,
            bot_token_expires_at=expires,
            installed_at=data["installed_at"],
            sealed=self._cipher.seal(json.dumps(_plain(data))),
        )

    def _open(self, row: InstallationRow) -> Installation:
        return Installation(**json.loads(self._cipher.open(row.sealed)))


def _plain(data: dict[str, Any]) -> dict[str, Any]:
    """Return `data` with datetimes as Unix timestamps, which JSON and Installation(**data) both take
    (expiry times must be whole seconds: Installation refuses a float there)."""
    return {
        key: _stamp(key, value) if isinstance(value, dt.datetime) else value for key, value in data.items()
    }


def _stamp(key: str, value: dt.datetime) -> float | int:
    return value.timestamp() if key == "installed_at" else int(value.timestamp())


class DatabaseStateStore(OAuthStateStore):
    """OAuth states in `oauth_state`: random, single-use, expiring (any instance can consume them)."""

    def __init__(self, deps: Deps, expiration_seconds: int = 600) -> None:
        self._deps = deps
        self._lifetime = dt.timedelta(seconds=expiration_seconds)

    @property
    def logger(self) -> logging.Logger:
        return log

    def issue(self, *args: Any, **kwargs: Any) -> str:  # noqa: ARG002 (the interface's signature)
        state = secrets.token_urlsafe(32)
        with session_scope(self._deps.engine) as session:
            installations.add_state(session, state=state, expires_at=self._deps.clock() + self._lifetime)
        return state

    def consume(self, state: str) -> bool:
        with session_scope(self._deps.engine) as session:
            return installations.take_state(session, state=state[:64], now=self._deps.clock())
