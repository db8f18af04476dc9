"""Workspaces as a whole: which ones the database knows, and stopping every send to one."""

from bot.deps import Deps
from storage.db import session_scope
from storage.repo import people


def workspace_ids(deps: Deps) -> list[str]:
    """Return every workspace the database knows, for commands that are not told which one."""
    with session_scope(deps.engine) as session:
        return people.workspace_ids(session)


def disable_workspace(deps: Deps, *, team_id: str) -> None:
    """Mark a workspace disabled (the app was uninstalled): the sender skips everything due there."""
    with session_scope(deps.engine) as session:
        people.set_workspace_disabled(session, team_id=team_id, now=deps.clock(), disabled=True)


def people_names(deps: Deps, *, team_id: str) -> dict[str, str]:
    """Return each person's name by Slack id: the command line shows names where people read, and checks
    an id it was given against them."""
    with session_scope(deps.engine) as session:
        return people.names(session, team_id=team_id)
