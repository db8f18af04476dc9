"""`rampcoach touches` (import a CSV, sync HubSpot) and `rampcoach nudges` (what reps would be told now)."""

import dataclasses
import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from bot.cli.common import TeamOption, err, fail, invocation, out, working
from bot.services import nudges as nudge_service
from bot.services import touches as touch_service
from bot.services.access import require_operator
from bot.services.setup import load_yaml
from bot.services.workspaces import people_names
from bot.settings import SettingsError
from bot.views.nudge_messages import encouragement_text, evidence_text, insight_text, next_step
from bot.views.problems import problems_line, row_text
from coaching.errors import FieldProblem
from coaching.nudges import RepNudges
from coaching.policy import Action
from coaching.touch_csv import COLUMNS

touches_cli = typer.Typer(no_args_is_help=True, help="Outreach touches: import a CSV or sync HubSpot.")


@touches_cli.command("import")
def touches_import(
    ctx: typer.Context,
    file: Path,
    team: TeamOption = None,
    columns_map: Annotated[
        Path | None,
        typer.Option("--columns-map", help="YAML mapping each column name to this file's header."),
    ] = None,
) -> None:
    """Store the good rows of a touches CSV and list every row not stored (re-importing adds nothing).

    A later row for the same touch with a better outcome (a reply came later) updates it. Exits 1 when
    any row was not imported, 2 when the file or its header cannot be used.
    """
    run = invocation(ctx)
    _ = run.settings  # bad settings stop the command before the file is read
    columns = _columns(columns_map) if columns_map else None
    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        fail(f"{file}: cannot read it ({error})")
    deps = run.deps()
    workspace = run.team(team)
    require_operator(deps, workspace, Action.IMPORT_TOUCHES)
    with working(f"Importing {file}"):
        result = touch_service.import_touches_csv(deps, team_id=workspace, text=text, columns=columns)
    for problem in result.problems:
        err.print(
            f"{file}:{problem.line}: {row_text(problem)}", markup=False, highlight=False, soft_wrap=True
        )
    if not result.readable:
        raise typer.Exit(2)
    for update in result.updates:
        err.print(f"{file}:{update.line}: {row_text(update)}", markup=False, highlight=False, soft_wrap=True)
    saved = result.saved
    out.print(
        f"{saved.added} added, {saved.updated} updated, {saved.unchanged} unchanged, "
        f"{len(result.updates)} rows improved an earlier row, {len(result.problems)} rows not imported.",
        highlight=False,
        soft_wrap=True,
    )
    if result.problems:
        raise typer.Exit(1)


def _columns(path: Path) -> dict[str, str]:
    """Read a column map: `rep: Owner Email` lines, canonical name first."""
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        fail(f"{path}: cannot read it ({error})")
    except FieldProblem as error:
        fail(f"{path}: {problems_line(error)}")
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        fail(f"{path}: expected a mapping such as `rep: Owner Email`, one column per line")
    unknown = sorted(str(k) for k in data if k not in COLUMNS)
    if unknown:
        fail(f"{path}: unknown column(s) {', '.join(unknown)}; the columns are {', '.join(COLUMNS)}")
    return {str(k): v for k, v in data.items()}


@touches_cli.command("sync-hubspot")
def touches_sync_hubspot(ctx: typer.Context, team: TeamOption = None) -> None:
    """Read new HubSpot email engagements (HUBSPOT_TOKEN); a failed run resumes where it stopped."""
    from bot.connectors.hubspot import HubSpotClient
    from bot.services.hubspot_sync import sync_hubspot

    run = invocation(ctx)
    config = run.settings
    try:
        token = config.secret("hubspot_token")
    except SettingsError as error:
        fail(str(error))
    deps = run.deps()
    workspace = run.team(team)
    client = HubSpotClient(token, base_url=config.hubspot_api_url)
    with client.http, working("Reading HubSpot email engagements"):
        report = sync_hubspot(dataclasses.replace(deps, crm=client), team_id=workspace)
    out.print(
        f"{report.pages} pages: {report.added} added, {report.updated} updated, "
        f"{report.unchanged} unchanged, {report.replies_credited} replies credited."
    )
    for owner, count in sorted(report.unmatched.items()):
        out.print(f"  not stored: {count} emails by {owner} (no one in this workspace has this email)")
    for reason in report.skipped:
        out.print(f"  skipped: {reason}", highlight=False)
    if report.error:
        err.print(f"rampcoach: stopped: {report.error}. The next run resumes after the last stored page.")
        raise typer.Exit(1)


def nudges_command(
    ctx: typer.Context,
    rep: Annotated[
        str | None, typer.Option("--rep", help="One rep's Slack user id (default: every rep).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    days: Annotated[
        int, typer.Option("--days", min=1, max=3650, help="Use touches of the last N days.")
    ] = 90,
    team: TeamOption = None,
) -> None:
    """Show each rep's messaging nudges: what the weekly nudge would say now (RAMPCOACH_TEMPLATES tags)."""
    run = invocation(ctx)
    deps = run.deps(templates=True)
    registry = deps.tuning.templates
    team = run.team(team)
    names = people_names(deps, team_id=team)
    if rep is not None and rep not in names:
        fail(f"--rep {rep} is not a person in workspace {team} (`rampcoach status` lists the reps)")
    found = touch_service.team_nudges(deps, team_id=team, registry=registry, days=days, rep_id=rep)
    if as_json:
        adopted = nudge_service.sent_adoption(deps, team_id=team)
        listed = [_json(n) | {"name": names.get(n.rep), "adoption": adopted.get(n.rep, [])} for n in found]
        sys.stdout.write(json.dumps(listed, indent=2) + "\n")
        return
    if not found:
        who = "" if rep is None else f" by {names[rep]}"
        out.print(f"No touches{who} in that period.", markup=False, highlight=False)
    for nudges in found:
        out.print(f"[bold]{escape(names.get(nudges.rep, nudges.rep))}[/]")
        lines = [_plain(f"{insight_text(i)} {next_step(i)} {evidence_text(i)}") for i in nudges.insights] or [
            encouragement_text(nudges.encouragement) if nudges.encouragement else ""
        ]
        for line in lines:
            out.print(f"  - {line}", markup=False, highlight=False, soft_wrap=True)


def _json(nudges: RepNudges) -> dict[str, object]:
    encouragement = nudges.encouragement.to_json() if nudges.encouragement else None
    return {
        "rep": nudges.rep,
        "insights": [i.to_json() | {"text": _plain(insight_text(i))} for i in nudges.insights],
        "encouragement": encouragement,
    }


def _plain(text: str) -> str:
    """Return mrkdwn words as plain text for a terminal: no bold marks, no HTML escapes."""
    return text.replace("*", "").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
