"""`rampcoach forget --user U`: delete or anonymize one person's data, and say exactly what went."""

from typing import Annotated

import typer

from bot.cli_support import TeamOption, deps_for, fail, out, settings, team_id
from bot.services.access import OPERATOR_ID, require_operator
from coaching.policy import Action
from storage.db import session_scope
from storage.repo import admin_audit, people
from storage.repo.forget import FORGOTTEN, forget_person


def forget_command(
    user: Annotated[str, typer.Option("--user", help="The person's Slack user id.")],
    yes: Annotated[bool, typer.Option("--yes", help="Really delete; without it, only report.")] = False,
    team: TeamOption = None,
) -> None:
    """Delete everything about a person, and replace their id where they acted on others' records."""
    config = settings()
    deps = deps_for(config)
    workspace = team_id(deps, config, team)
    require_operator(deps, workspace, Action.FORGET, user)
    with session_scope(deps.engine) as session:
        if people.get_member(session, team_id=workspace, slack_id=user) is None:
            fail(f"{user} is not a person in workspace {workspace}")
        report = forget_person(session, team_id=workspace, slack_id=user)
        if not yes:
            session.rollback()
        else:  # the trail keeps that someone was forgotten, and how much, never who
            removed = sum(report.values())
            admin_audit.record(
                session,
                team_id=workspace,
                actor_id=OPERATOR_ID,
                action="forget",
                subject_id=None,
                now=deps.clock(),
                detail=f"{removed} rows",
            )
    verb = "Removed" if yes else "Would remove (run again with --yes to do it)"
    out.print(f"{verb} for {user}:", highlight=False)
    for name, count in report.items():
        out.print(f"  {name}: {count}", highlight=False)
    if yes:
        out.print(f"Where {user} acted on others' records, the id is now {FORGOTTEN}.", highlight=False)
