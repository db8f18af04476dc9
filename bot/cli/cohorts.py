"""`rampcoach cohorts`: hire classes compared at the same ramp week."""

import json
import sys
from typing import Annotated, Any

import typer
from rich.table import Table

from bot.cli.common import TeamOption, invocation, out
from bot.services.digest import hire_classes
from coaching.cohorts import ClassComparison


def cohorts_command(
    ctx: typer.Context,
    by_segment: Annotated[bool, typer.Option("--by-segment", help="Split each class by segment.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    team: TeamOption = None,
) -> None:
    """Compare hire classes (reps by start month) at one ramp week: median attainment, on track, stall."""
    run = invocation(ctx)
    found = hire_classes(run.deps(), team_id=run.team(team), by_segment=by_segment)
    if as_json:
        sys.stdout.write(json.dumps(cohorts_json(found), indent=2) + "\n")
        return
    out.print(_table(found))


def cohorts_json(found: ClassComparison) -> dict[str, Any]:
    """Return the comparison as the JSON document `--json` prints."""
    return {
        "week": found.week,
        "classes": [
            {
                "class": c.hire_class,
                "segment": c.segment,
                "reps": c.reps,
                "median_attainment": c.median_attainment,
                "share_on_track": c.share_on_track,
                "stall": c.stall,
                "median_curve": list(c.median_curve),
            }
            for c in found.classes
        ],
    }


def _table(found: ClassComparison) -> Table:
    table = Table(title=f"Hire classes at ramp week {found.week}")
    for column in ("class", "reps", "median attainment", "on track", "stalls at"):
        table.add_column(column)
    for c in found.classes:
        median = f"{c.median_attainment:.0%}" if c.median_attainment is not None else "—"
        share = f"{c.share_on_track:.0%}" if c.share_on_track is not None else "—"
        table.add_row(c.label, str(c.reps), median, share, c.stall or "—")
    return table
