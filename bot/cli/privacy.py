"""`rampcoach forget --user U`: delete or anonymize one person's data, and say exactly what went."""

from typing import Annotated

import typer

from bot.cli.common import TeamOption, fail, invocation, out
from bot.services import privacy
from bot.services.access import require_operator
from bot.services.errors import NotAMember
from coaching.policy import Action


def forget_command(
    ctx: typer.Context,
    user: Annotated[str, typer.Option("--user", help="The person's Slack user id.")],
    yes: Annotated[bool, typer.Option("--yes", help="Really delete; without it, only report.")] = False,
    team: TeamOption = None,
) -> None:
    """Delete everything about a person, and replace their id where they acted on others' records."""
    run = invocation(ctx)
    deps = run.deps()
    workspace = run.team(team)
    require_operator(deps, workspace, Action.FORGET, user)
    try:
        report = privacy.forget(deps, team_id=workspace, user_id=user, apply=yes)
    except NotAMember:
        fail(f"{user} is not a person in workspace {workspace}")
    verb = "Removed" if yes else "Would remove (run again with --yes to do it)"
    out.print(f"{verb} for {user}:", highlight=False)
    for name, count in report.items():
        out.print(f"  {name}: {count}", highlight=False)
    if yes:
        out.print(
            f"Where {user} acted on others' records, the id is now {privacy.FORGOTTEN}.", highlight=False
        )
