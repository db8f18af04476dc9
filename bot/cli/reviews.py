"""`rampcoach reviews`: the reviews that are due, overdue and done, per manager."""

import datetime as dt
import json
import sys
from itertools import groupby
from typing import Annotated, Any

import typer
from rich.table import Table

from bot.cli.common import TeamOption, fail, invocation, out
from bot.services.review_prompts import DoneReview, DueReview, review_overview
from bot.services.workspaces import people_names
from coaching.review_form import is_drive_by

UPCOMING = dt.timedelta(days=14)  # how far ahead "upcoming" looks


def reviews_command(
    ctx: typer.Context,
    manager: Annotated[str | None, typer.Option("--manager", help="One manager's Slack user id.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    team: TeamOption = None,
) -> None:
    """List reviews: overdue, due today, coming up in two weeks, and done (with drive-by signs)."""
    run = invocation(ctx)
    deps, workspace = run.deps(), run.team(team)
    names = people_names(deps, team_id=workspace)
    if manager is not None and manager not in names:
        fail(f"--manager {manager} is not a person in workspace {workspace}")
    overview = review_overview(deps, team_id=workspace, manager_id=manager, ahead=UPCOMING)
    today, slots, done = overview.today, overview.open, overview.done
    report = {
        "overdue": [_open(d, today, names) for d in slots if d.slot.due < today],
        "due": [_open(d, today, names) for d in slots if d.slot.due == today],
        "upcoming": [_open(d, today, names) for d in slots if d.slot.due > today],
        "done": [_done(d, names) for d in done],
        "drive_by_managers": _drive_by(done),
    }
    if as_json:
        sys.stdout.write(json.dumps(report, indent=2) + "\n")
        return
    out.print(_table(report))


def _open(item: DueReview, today: dt.date, names: dict[str, str]) -> dict[str, Any]:
    return {
        "rep": item.rep_id,
        "rep_name": item.rep_name,
        "manager": item.manager_id,
        "manager_name": names.get(item.manager_id, item.manager_id),
        "slot": item.slot.slot.isoformat(),
        "due": item.slot.due.isoformat(),
        "checkpoint": item.slot.checkpoint,
        "days_late": max(0, (today - item.slot.due).days),
    }


def _done(item: DoneReview, names: dict[str, str]) -> dict[str, Any]:
    return {
        "rep": item.rep_id,
        "rep_name": item.rep_name,
        "manager": item.author_id,
        "manager_name": names.get(item.author_id, item.author_id),
        "submitted": item.submitted.isoformat(),
        "slot": item.slot.isoformat() if item.slot else None,
        "assessment": item.assessment,
        "thin": item.thin,
    }


def _drive_by(done: list[DoneReview]) -> list[str]:
    by_author = sorted(done, key=lambda d: (d.author_id, d.submitted), reverse=True)
    return sorted(
        author
        for author, reviews in groupby(by_author, key=lambda d: d.author_id)
        if is_drive_by([r.thin for r in reviews])
    )


def _table(report: dict[str, Any]) -> Table:
    table = Table("state", "rep", "manager", "due", "checkpoint", "days late")
    for state in ("overdue", "due", "upcoming"):
        for row in report[state]:
            checkpoint = f"day {row['checkpoint']}" if row["checkpoint"] else ""
            table.add_row(
                state, row["rep_name"], row["manager_name"], row["due"], checkpoint, str(row["days_late"])
            )
    for row in report["done"]:
        thin = f" (thin: {', '.join(row['thin'])})" if row["thin"] else ""
        table.add_row(
            "done", row["rep_name"], row["manager_name"], row["submitted"][:10], row["assessment"] + thin, ""
        )
    return table
