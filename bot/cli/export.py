"""`rampcoach export logs|reviews|deliveries|admin-actions|roster`: the weekly logs, the reviews, the
delivery ledger, the admin audit trail or the roster history, as CSV or JSON."""

import datetime as dt
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from bot.cli.common import TeamOption, fail, invocation
from bot.deps import Deps
from bot.services import export
from bot.services.access import require_operator
from bot.services.review_export import review_export
from coaching.policy import Action

export_cli = typer.Typer(
    no_args_is_help=True,
    help="Export the weekly logs, the reviews, the delivery ledger or the admin audit trail.",
)


class Format(StrEnum):
    CSV = "csv"
    JSON = "json"


SinceOption = Annotated[
    str | None,
    typer.Option("--since", help="Only weeks (or deliveries due) from this date on, e.g. 2026-10-01."),
]
FormatOption = Annotated[Format, typer.Option("--format", help="csv or json.")]
OutOption = Annotated[Path | None, typer.Option("--out", help="Write to this file (default: stdout).")]


@export_cli.command("logs")
def export_logs(
    ctx: typer.Context,
    since: SinceOption = None,
    fmt: FormatOption = Format.CSV,
    out: OutOption = None,
    team: TeamOption = None,
) -> None:
    """One row per rep and week: names, each plan metric, the note, who last changed it and when."""
    _export(
        ctx,
        team,
        Action.EXPORT_LOGS,
        fmt,
        out,
        lambda deps, workspace: export.log_export(deps, team_id=workspace, since=_date(since)),
    )


@export_cli.command("reviews")
def export_reviews(
    ctx: typer.Context,
    fmt: FormatOption = Format.CSV,
    out: OutOption = None,
    team: TeamOption = None,
) -> None:
    """One row per stored review: rep, author, ratings, assessment, decision, evidence, action items."""
    _export(
        ctx,
        team,
        Action.EXPORT_REVIEWS,
        fmt,
        out,
        lambda deps, workspace: review_export(deps, team_id=workspace),
    )


@export_cli.command("deliveries")
def export_deliveries(
    ctx: typer.Context,
    since: SinceOption = None,
    fmt: FormatOption = Format.CSV,
    out: OutOption = None,
    team: TeamOption = None,
) -> None:
    """The delivery ledger: one row per scheduled message with its state, attempts and Slack ts."""
    _export(
        ctx,
        team,
        Action.EXPORT_DELIVERIES,
        fmt,
        out,
        lambda deps, workspace: export.delivery_export(deps, team_id=workspace, since=_date(since)),
    )


@export_cli.command("admin-actions")
def export_admin_actions(
    ctx: typer.Context,
    since: SinceOption = None,
    fmt: FormatOption = Format.CSV,
    out: OutOption = None,
    team: TeamOption = None,
) -> None:
    """The admin audit trail: what admins did to others' data, and every `forget`."""
    _export(
        ctx,
        team,
        Action.EXPORT_ADMIN_ACTIONS,
        fmt,
        out,
        lambda deps, workspace: export.admin_action_export(deps, team_id=workspace, since=_date(since)),
    )


@export_cli.command("roster")
def export_roster(
    ctx: typer.Context,
    since: SinceOption = None,
    fmt: FormatOption = Format.CSV,
    out: OutOption = None,
    team: TeamOption = None,
) -> None:
    """Every roster change (offboard, reactivate, …): who did what to whom, when and why."""
    _export(
        ctx,
        team,
        Action.EXPORT_ROSTER,
        fmt,
        out,
        lambda deps, workspace: export.roster_export(deps, team_id=workspace, since=_date(since)),
    )


def _export(
    ctx: typer.Context,
    team: str | None,
    action: Action,
    fmt: Format,
    out: Path | None,
    rows: Callable[[Deps, str], export.Export],
) -> None:
    """Ask the table as the operator, read the rows through their service, and write them."""
    run = invocation(ctx)
    deps, workspace = run.deps(), run.team(team)
    require_operator(deps, workspace, action)
    _write(rows(deps, workspace), fmt, out)


def _date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        fail(f"--since {text} is not a date like 2026-10-01")


def _write(rows: export.Export, fmt: Format, out: Path | None) -> None:
    text = export.to_csv(rows) if fmt is Format.CSV else export.to_json(rows)
    if out is None:
        sys.stdout.write(text)
        return
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as error:
        fail(f"{out}: cannot write it ({error})")
    sys.stderr.write(f"{len(rows.rows)} rows written to {out}\n")
