"""`rampcoach db upgrade`, `rampcoach plan validate|import` and `rampcoach team import`."""

from pathlib import Path

import typer

from bot.cli.common import NewWorkspaceOption, TeamOption, fail, invocation, out, problems, read, working
from bot.services import operations, setup
from bot.services.access import require_operator
from coaching.errors import FieldProblem
from coaching.plans import parse_plan
from coaching.policy import Action

db_cli = typer.Typer(no_args_is_help=True, help="Database schema.")
plan_cli = typer.Typer(no_args_is_help=True, help="Ramp plans.")
team_cli = typer.Typer(no_args_is_help=True, help="People and reporting lines.")


@db_cli.command("upgrade")
def db_upgrade(ctx: typer.Context) -> None:
    """Create or update the tables (Alembic migrations)."""
    url = invocation(ctx).settings.database_url
    try:
        created = operations.upgrade_schema(url)
    except operations.DatabaseUnreachable as error:
        fail(str(error))
    if created:
        out.print(f"Created the database at {operations.where(url)}.", highlight=False)
    else:
        out.print("Database is up to date.")


@plan_cli.command("validate")
def plan_validate(file: Path) -> None:
    """Check a plan file and report every error with its field path."""
    try:
        plan = parse_plan(setup.load_yaml(read(file)))
    except FieldProblem as error:
        problems(file, error)
    out.print(f"{file}: plan {plan.id} version {plan.version} is valid ({len(plan.metrics)} metrics).")


@plan_cli.command("import")
def plan_import(
    ctx: typer.Context, file: Path, team: TeamOption = None, new_workspace: NewWorkspaceOption = False
) -> None:
    """Store a plan version. Reps keep the version they were enrolled on."""
    run = invocation(ctx)
    deps, workspace = run.deps(), run.team(team, starts=True, new=new_workspace)
    require_operator(deps, workspace, Action.IMPORT_PLAN)
    try:
        plan, created = setup.import_plan(deps, team_id=workspace, source=read(file))
    except FieldProblem as error:
        problems(file, error)
    except setup.PlanVersionConflict as error:
        fail(f"{file}: {error}")
    state = "imported" if created else "already imported, nothing changed"
    out.print(f"Plan {plan.id} version {plan.version}: {state}.")


@team_cli.command("import")
def team_import(
    ctx: typer.Context, file: Path, team: TeamOption = None, new_workspace: NewWorkspaceOption = False
) -> None:
    """Create or update people and enrollments from a team YAML file (idempotent)."""
    run = invocation(ctx)
    deps, workspace = run.deps(), run.team(team, starts=True, new=new_workspace)
    require_operator(deps, workspace, Action.IMPORT_TEAM)
    try:
        with working(f"Importing {file}"):
            result = setup.import_team(deps, team_id=workspace, source=read(file))
    except FieldProblem as error:
        problems(file, error)
    out.print(
        f"{result.people_changed} people and {result.enrollments_changed} enrollments created or changed."
    )
