"""app_uninstalled and tokens_revoked: forget the workspace's tokens and stop sending there.

Bolt skips auth.test for these events (the token is already dead), so they reach us in both modes.
"""

from collections.abc import Callable
from typing import Any

import structlog
from slack_bolt import App, BoltContext
from slack_sdk.oauth.installation_store import InstallationStore

from bot.deps import Deps
from bot.listeners.common import ack_now
from bot.services.workspaces import disable_workspace as disable_sends

log = structlog.get_logger("rampcoach.listeners")
Lazy = Callable[..., None]


def disable_workspace(
    deps: Deps, store: InstallationStore | None, team_id: str, enterprise_id: str | None
) -> None:
    """Delete the workspace's installation and mark it disabled (multi-workspace mode).

    In token mode there is no installation to come back through and nothing would enable the workspace
    again, so the event is only logged: sends with the dead token fail as permanent errors, visibly.
    """
    if store is None:
        log.warning("the app's token stopped working: set a new SLACK_BOT_TOKEN", team_id=team_id)
        return
    store.delete_all(enterprise_id=enterprise_id, team_id=team_id)
    disable_sends(deps, team_id=team_id)
    log.info("workspace disabled", team_id=team_id)


def uninstalled(store: InstallationStore | None) -> Lazy:
    def app_uninstalled(context: BoltContext) -> None:
        if context.team_id:
            disable_workspace(context["deps"], store, context.team_id, context.enterprise_id)

    return app_uninstalled


def revoked(store: InstallationStore | None) -> Lazy:
    def tokens_revoked(event: dict[str, Any], context: BoltContext) -> None:
        tokens = event.get("tokens") or {}
        if not context.team_id:
            return
        if tokens.get("bot"):
            disable_workspace(context["deps"], store, context.team_id, context.enterprise_id)
            return
        # Only user tokens went: drop those installers' rows; the bot keeps working.
        for user_id in tokens.get("oauth") or []:
            if store is not None:
                store.delete_installation(
                    enterprise_id=context.enterprise_id, team_id=context.team_id, user_id=user_id
                )

    return tokens_revoked


def register(app: App) -> None:
    store = app.installation_store
    app.event("app_uninstalled")(ack=ack_now, lazy=[uninstalled(store)])
    app.event("tokens_revoked")(ack=ack_now, lazy=[revoked(store)])
