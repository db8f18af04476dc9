"""`rampcoach activity import`: load past weeks of activity from a CSV file."""

from pathlib import Path

import typer

from bot.cli.common import TeamOption, err, fail, invocation, out, working
from bot.services.access import require_operator
from bot.services.activity_import import import_activity_csv
from bot.views.problems import row_text
from coaching.policy import Action

activity_cli = typer.Typer(no_args_is_help=True, help="Weekly activity: import past weeks.")


@activity_cli.command("import")
def activity_import(ctx: typer.Context, file: Path, team: TeamOption = None) -> None:
    """Store the good rows of a CSV (rep, week_start, metric, value, note) and list every bad row.

    Each value is checked like /log. Importing the same file again changes nothing. Exits 1 when any
    row was refused, 2 when the file or its header cannot be used.
    """
    run = invocation(ctx)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        fail(f"{file}: cannot read it ({error})")
    deps, workspace = run.deps(), run.team(team)
    require_operator(deps, workspace, Action.IMPORT_ACTIVITY)
    with working(f"Importing {file}"):
        result = import_activity_csv(deps, team_id=workspace, text=text)
    for problem in result.problems:
        err.print(
            f"{file}:{problem.line}: {row_text(problem)}", markup=False, highlight=False, soft_wrap=True
        )
    if not result.readable:
        raise typer.Exit(2)
    out.print(
        f"{result.rows} rows imported: {result.changed} values or notes changed in {result.weeks} weeks; "
        f"{len(result.problems)} rows not imported.",
        highlight=False,
    )
    if result.problems:
        raise typer.Exit(1)
