"""`rampcoach crm`: check the mapping file, and sync the CRM's activity into proposed weekly values."""

import dataclasses
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from bot.cli.common import TeamOption, err, fail, invocation, out, problems, read
from bot.services.access import require_operator
from bot.services.crm_sync import CrmSyncReport, sync_crm
from bot.services.setup import load_yaml
from bot.settings import SettingsError
from coaching.crm_mapping import CrmMapping, parse_mapping
from coaching.errors import FieldProblem
from coaching.policy import Action

crm_cli = typer.Typer(no_args_is_help=True, help="CRM auto-fill: weekly activity from HubSpot or Salesforce.")


@crm_cli.command("check")
def crm_check(
    ctx: typer.Context,
    file: Annotated[
        Path | None, typer.Argument(help="Mapping file (default: RAMPCOACH_CRM_MAPPING).")
    ] = None,
) -> None:
    """Check a CRM mapping file and report every error with its field path."""
    path = file or invocation(ctx).settings.rampcoach_crm_mapping
    mapping = _mapping(path)
    out.print(
        f"{path}: valid, {len(mapping.metrics)} metrics, {len(mapping.owners)} owner overrides.",
        soft_wrap=True,  # a long path must not break the line (scripts read it)
    )


@crm_cli.command("sync")
def crm_sync(
    ctx: typer.Context,
    since: Annotated[
        dt.datetime | None,
        typer.Option("--since", formats=["%Y-%m-%d"], help="Read records changed since this date (UTC)."),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the weeks; store nothing.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    team: TeamOption = None,
) -> None:
    """Read the CRM (RAMPCOACH_CRM) and store each rep's week as proposed values the rep confirms."""
    from bot.connectors.from_settings import crm_connector
    from bot.slack_people import settings_lookup

    run = invocation(ctx)
    config = run.settings
    mapping = _mapping(config.rampcoach_crm_mapping)
    try:
        connector = crm_connector(config)
    except SettingsError as error:
        fail(str(error))
    deps, workspace = run.deps(), run.team(team)
    require_operator(deps, workspace, Action.IMPORT_ACTIVITY)
    report = sync_crm(
        deps,
        team_id=workspace,
        connector=connector,
        mapping=mapping,
        lookup_email=settings_lookup(config),
        since=since.replace(tzinfo=dt.UTC) if since else None,
        dry_run=dry_run,
        auto_confirm=config.rampcoach_crm_auto_confirm and not dry_run,
    )
    if as_json:
        data = dataclasses.asdict(report)
        data["weeks"] = {rep: {str(w): v for w, v in weeks.items()} for rep, weeks in report.weeks.items()}
        sys.stdout.write(json.dumps(data, default=_json_default, indent=2) + "\n")
    else:
        _print(report, dry_run)
    if report.error:
        err.print(f"rampcoach: stopped: {report.error}", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(1)


def _mapping(path: Path) -> CrmMapping:
    try:
        return parse_mapping(load_yaml(read(path)))
    except FieldProblem as error:
        problems(path, error)


def _print(report: CrmSyncReport, dry_run: bool) -> None:
    state = "would propose" if dry_run else "proposed"
    out.print(f"{report.crm}: {report.records} records read; {report.changed} values changed.")
    for rep, weeks in sorted(report.weeks.items()):
        for week, values in sorted(weeks.items()):
            shown = ", ".join(f"{k} {v:g}" for k, v in sorted(values.items()))
            out.print(f"  {rep} week of {week}: {state} {shown}", markup=False, highlight=False)
    if report.confirmed:
        out.print(f"{report.confirmed} values logged without a click (RAMPCOACH_CRM_AUTO_CONFIRM).")
    for d in report.disagreements:
        out.print(
            f"  {d.rep_id} week of {d.week_start}: {d.metric} logged {d.logged:g}, {report.crm} now says "
            f"{d.crm:g} (unchanged)",
            markup=False,
            highlight=False,
        )
    for owner in report.unmatched:
        out.print(
            f"  not matched: owner {owner.id} ({owner.email or 'no email'}): add it under `owners:` in the "
            "mapping file",
            markup=False,
            highlight=False,
        )
    for reason in report.skipped:
        out.print(f"  skipped: {reason}", markup=False, highlight=False)


def _json_default(value: object) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)
