"""`rampcoach status`: attainment, status, trend, projection, milestones and funnel, per rep."""

import dataclasses
import json
import sys
from collections.abc import Callable
from typing import Annotated, Any

import typer
from rich.table import Table

from bot.cli.calibration import early_call_json
from bot.cli.common import TeamOption, fail, invocation, out
from bot.services import activity
from bot.services import status as ramp_status
from bot.services.early_call import team_early_calls
from bot.services.errors import NotAMember
from bot.services.workspaces import people_names
from bot.views.status_table import status_table


def status(
    ctx: typer.Context,
    rep: Annotated[
        str | None, typer.Option("--rep", help="One rep's Slack user id (default: every rep).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    team: TeamOption = None,
) -> None:
    """Show ramp status: attainment, status, trend, projection, milestones and funnel, per rep."""
    run = invocation(ctx)
    deps = run.deps()
    workspace = run.team(team)
    calls = team_early_calls(deps, team_id=workspace, today=deps.clock().date())
    names = people_names(deps, team_id=workspace)
    if rep is None:
        statuses = ramp_status.team_status(deps, team_id=workspace)
        rows = [
            dataclasses.asdict(s)
            | {"name": names.get(s.rep_id), "early_call": early_call_json(calls, s.rep_id)}
            for s in statuses
        ]
        _print(rows, as_json, lambda: status_table(statuses, names))
        return
    try:
        report = activity.rep_report(deps, team_id=workspace, rep_id=rep)
    except NotAMember:
        fail(f"{rep} is not a person in this workspace")
    data = dataclasses.asdict(report.stored) | {
        "status": dataclasses.asdict(report.status) | {"early_call": early_call_json(calls, rep)}
        if report.status
        else None
    }
    _print(data, as_json, lambda: status_table([report.status] if report.status else [], names))


def _print(data: Any, as_json: bool, table: Callable[[], Table]) -> None:
    if as_json:
        sys.stdout.write(json.dumps(data, default=_json_default, indent=2) + "\n")
    else:
        out.print(table())


def _json_default(value: Any) -> str:
    return str(value)
