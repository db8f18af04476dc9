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
    earlier = ramp_status.team_earlier_plans(deps, team_id=workspace)
    if rep is None:
        statuses = ramp_status.team_status(deps, team_id=workspace)
        rows = [
            dataclasses.asdict(s)
            | {
                "name": names.get(s.rep_id),
                "early_call": early_call_json(calls, s.rep_id),
                "earlier_plans": _earlier_json(earlier.get(s.rep_id, [])),
            }
            for s in statuses
        ]
        _print(rows, as_json, lambda: status_table(statuses, names))
        return
    try:
        report = activity.rep_report(deps, team_id=workspace, rep_id=rep)
    except NotAMember:
        fail(f"{rep} is not a person in this workspace")
    data = dataclasses.asdict(report.stored) | {
        "status": dataclasses.asdict(report.status)
        | {"early_call": early_call_json(calls, rep), "earlier_plans": _earlier_json(earlier.get(rep, []))}
        if report.status
        else None
    }
    _print(data, as_json, lambda: status_table([report.status] if report.status else [], names))


def _earlier_json(earlier: list[ramp_status.EarlierPlan]) -> list[dict[str, Any]]:
    """Return the plans a rep was on before a replan, each with its figures against its own targets."""
    return [
        {
            "plan_id": e.period.enrollment.plan_id,
            "plan_version": e.period.enrollment.plan_version,
            "first_day": e.period.first_day,
            "last_day": e.period.last_day,
            "attainment": e.status.attainment,
            "status": e.status.status,
            "logged_weeks": e.status.logged_weeks,
            "missing_weeks": len(e.status.missing_weeks),
        }
        for e in earlier
    ]


def _print(data: Any, as_json: bool, table: Callable[[], Table]) -> None:
    if as_json:
        sys.stdout.write(json.dumps(data, default=_json_default, indent=2) + "\n")
    else:
        out.print(table())


def _json_default(value: Any) -> str:
    return str(value)
