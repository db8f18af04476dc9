"""`rampcoach team offboard|reactivate`: the command line's roster changes (it acts as an admin)."""

from typing import Annotated

import typer

from bot.cli.common import TeamOption, fail, invocation, out
from bot.cli.setup import team_cli
from bot.services import roster
from bot.services.errors import NotAllowed
from coaching.errors import FieldProblem
from coaching.roster import MAX_REASON

ReasonOption = Annotated[str, typer.Option("--reason", help="Why, for the roster history.")]


@team_cli.command("offboard")
def team_offboard(ctx: typer.Context, rep: str, reason: ReasonOption = "", team: TeamOption = None) -> None:
    """A rep has left: stop every scheduled message now, drop them from cohort figures, keep their history."""
    result = _run(ctx, roster.offboard, rep, reason, team)
    if not result.changed:
        out.print(f"{rep} already left on {result.left_on}; nothing changed.")
        return
    out.print(f"{rep} offboarded from {result.left_on}; {result.cancelled} pending messages cancelled.")


@team_cli.command("reactivate")
def team_reactivate(ctx: typer.Context, rep: str, reason: ReasonOption = "", team: TeamOption = None) -> None:
    """Undo an offboarding: the rep is back on the roster and scheduled messages resume."""
    result = _run(ctx, roster.reactivate, rep, reason, team)
    out.print(
        f"{rep} is back on the roster."
        if result.changed
        else f"{rep} is on the roster already; nothing changed."
    )


def _run(
    ctx: typer.Context, action: roster.Run, rep: str, reason: str, team: str | None
) -> roster.RosterResult:
    run = invocation(ctx)
    deps, workspace = run.deps(), run.team(team)
    if len(reason) > MAX_REASON:
        fail(f"--reason: at most {MAX_REASON} characters")
    try:
        return action(deps, team_id=workspace, actor_id=None, rep_id=rep, reason=reason)
    except FieldProblem as error:
        fail("; ".join(error.problems))
    except NotAllowed:
        fail(f"the command line may not do this to {rep}")
