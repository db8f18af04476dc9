"""`rampcoach calibration`: is the early call right on this workspace's completed ramps?"""

import json
import sys
from typing import Annotated

import typer
from rich.table import Table

from bot.cli.common import TeamOption, invocation, out
from bot.services.access import require_operator
from bot.services.early_call import CalibrationReport, calibration_report
from bot.views.early_call import calibration_lines
from coaching.early_call import EarlyCall
from coaching.policy import Action


def calibration_command(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    team: TeamOption = None,
) -> None:
    """Show the early call's reliability table (predicted band, count, observed share) and Brier score."""
    run = invocation(ctx)
    deps = run.deps()
    workspace = run.team(team)
    require_operator(deps, workspace, Action.CALIBRATION)
    report = calibration_report(deps, team_id=workspace, today=deps.clock().date())
    if as_json:
        sys.stdout.write(json.dumps(_json(report), indent=2) + "\n")
        return
    table = Table("predicted", "count", "mean predicted", "observed share")
    for band in report.table.bands:
        table.add_row(
            f"{band.low:.0%}–{band.high:.0%}",
            str(band.count),
            "" if band.predicted is None else f"{band.predicted:.0%}",
            "" if band.observed is None else f"{band.observed:.0%}",
        )
    out.print(table)
    for line in calibration_lines(report.completed, report.table.brier, report.calibration):
        out.print(line, markup=False, highlight=False)


def _json(report: CalibrationReport) -> dict[str, object]:
    fitted = report.calibration
    return {
        "completed_ramps": report.completed,
        "forecasts": report.table.count,
        "brier": None if report.table.brier is None else round(report.table.brier, 4),
        "bands": [
            {
                "low": band.low,
                "high": band.high,
                "count": band.count,
                "predicted": None if band.predicted is None else round(band.predicted, 4),
                "observed": None if band.observed is None else round(band.observed, 4),
            }
            for band in report.table.bands
        ],
        "recalibration": None
        if fitted is None
        else {
            "slope": round(fitted.slope, 4),
            "intercept": round(fitted.intercept, 4),
            "ramps": fitted.ramps,
        },
    }


def early_call_json(calls: dict[str, EarlyCall | None], rep_id: str) -> dict[str, object] | None:
    """Return the `early_call` field of `rampcoach status --json` for one rep (null before day 21)."""
    call = calls.get(rep_id)
    return None if call is None else call.to_json()


__all__ = ["calibration_command", "early_call_json"]
