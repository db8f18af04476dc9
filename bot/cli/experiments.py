"""`rampcoach experiments`: each rep's weekly experiments (arm, week, share, status, outcome)."""

import json
import sys
from typing import Annotated

import typer

from bot.cli.common import TeamOption, fail, invocation, out
from bot.services import nudges as nudge_service
from bot.services.nudges import StoredExperiment
from bot.services.workspaces import people_names


def experiments_command(
    ctx: typer.Context,
    rep: Annotated[
        str | None, typer.Option("--rep", help="One rep's Slack user id (default: every rep).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    team: TeamOption = None,
) -> None:
    """List the weekly experiments suggested to reps and how each went (measured the week after)."""
    run = invocation(ctx)
    deps = run.deps()
    team = run.team(team)
    names = people_names(deps, team_id=team)
    if rep is not None and rep not in names:
        fail(f"--rep {rep} is not a person in workspace {team} (`rampcoach status` lists the reps)")
    found = nudge_service.team_experiments(deps, team_id=team, rep_id=rep)
    if as_json:
        sys.stdout.write(json.dumps([_json(e) for e in found], indent=2) + "\n")
        return
    if not found:
        out.print("No experiments yet." if rep is None else f"No experiments for {names[rep]} yet.")
    for e in found:
        out.print(
            f"{e.week}  {names.get(e.rep_id, e.rep_id)}  {e.arm} in {e.share:.0%} of {e.stage.value}s  "
            f"{e.status}  {_outcome(e)}",
            markup=False,
            highlight=False,
        )


def _outcome(e: StoredExperiment) -> str:
    if e.result is None:
        return "not measured yet"
    tried, others = e.result.tried, e.result.others
    return f"tried {tried.responses}/{tried.touches}, rest {others.responses}/{others.touches}"


def _json(e: StoredExperiment) -> dict[str, object]:
    result = None
    if e.result is not None:
        result = {
            "tried": {"touches": e.result.tried.touches, "responses": e.result.tried.responses},
            "others": {"touches": e.result.others.touches, "responses": e.result.others.responses},
            "lift": e.result.lift,
        }
    return {
        "rep": e.rep_id,
        "week": e.week,
        "stage": e.stage.value,
        "arm": e.arm,
        "best": e.best,
        "share": e.share,
        "status": e.status,
        "outcome": result,
    }
