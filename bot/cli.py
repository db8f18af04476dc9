"""The `rampcoach` command line: thin Typer commands that build settings and deps and call one service."""

import dataclasses
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from bot.cli_backup import backup_command, restore_command
from bot.cli_crm import crm_cli
from bot.cli_deliveries import deliveries_cli, tick_command
from bot.cli_digest import digest_command
from bot.cli_export import export_cli
from bot.cli_privacy import forget_command
from bot.cli_reviews import reviews_command
from bot.cli_support import (
    TeamOption,
    database_errors,
    deps_for,
    fail,
    log,
    out,
    problems,
    read,
    settings,
    team_id,
    with_templates,
)
from bot.cli_touches import nudges_command, touches_cli
from bot.logs import configure_logging
from bot.services import activity, setup
from bot.services import status as ramp_status
from bot.services.errors import NotAMember
from bot.settings import SettingsError
from bot.views.status_table import status_table
from coaching.errors import FieldProblem
from storage import migrate
from storage.db import database_answers
from storage.repo.plans import PlanVersionConflict

cli = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,  # locals can hold tokens
    help="Ramp Coach: a Slack bot for sales ramps.",
)
db_cli = typer.Typer(no_args_is_help=True, help="Database schema.")
plan_cli = typer.Typer(no_args_is_help=True, help="Ramp plans.")
team_cli = typer.Typer(no_args_is_help=True, help="People and reporting lines.")
cli.add_typer(db_cli, name="db")
cli.add_typer(plan_cli, name="plan")
cli.add_typer(team_cli, name="team")
cli.add_typer(deliveries_cli, name="deliveries")
cli.command("tick")(tick_command)
cli.add_typer(touches_cli, name="touches")
cli.command("nudges")(nudges_command)
cli.command("reviews")(reviews_command)
cli.command("forget")(forget_command)
cli.command("digest")(digest_command)
cli.add_typer(export_cli, name="export")
cli.command("backup")(backup_command)
cli.command("restore")(restore_command)
cli.add_typer(crm_cli, name="crm")


@db_cli.command("upgrade")
def db_upgrade() -> None:
    """Create or update the tables (Alembic migrations)."""
    config = settings()
    with database_errors(config):
        migrate.upgrade(config.database_url)
    out.print("Database is up to date.")


@plan_cli.command("validate")
def plan_validate(file: Path) -> None:
    """Check a plan file and report every error with its field path."""
    from coaching.plans import parse_plan

    try:
        plan = parse_plan(setup.load_yaml(read(file)))
    except FieldProblem as error:
        problems(file, error)
    out.print(f"{file}: plan {plan.id} version {plan.version} is valid ({len(plan.metrics)} metrics).")


@plan_cli.command("import")
def plan_import(file: Path, team: TeamOption = None) -> None:
    """Store a plan version. Reps keep the version they were enrolled on."""
    config = settings()
    deps = deps_for(config)
    try:
        plan, created = setup.import_plan(deps, team_id=team_id(deps, config, team), source=read(file))
    except FieldProblem as error:
        problems(file, error)
    except PlanVersionConflict as error:
        fail(f"{file}: {error}")
    state = "imported" if created else "already imported, nothing changed"
    out.print(f"Plan {plan.id} version {plan.version}: {state}.")


@team_cli.command("import")
def team_import(file: Path, team: TeamOption = None) -> None:
    """Create or update people and enrollments from a team YAML file (idempotent)."""
    config = settings()
    deps = deps_for(config)
    try:
        result = setup.import_team(deps, team_id=team_id(deps, config, team), source=read(file))
    except FieldProblem as error:
        problems(file, error)
    out.print(
        f"{result.people_changed} people and {result.enrollments_changed} enrollments created or changed."
    )


@cli.command()
def status(
    rep: Annotated[
        str | None, typer.Option("--rep", help="One rep's Slack user id (default: every rep).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    team: TeamOption = None,
) -> None:
    """Show ramp status: attainment, status, trend, projection, milestones and funnel, per rep."""
    config = settings()
    deps = deps_for(config)
    workspace = team_id(deps, config, team)
    statuses = {s.rep_id: s for s in ramp_status.team_status(deps, team_id=workspace)}
    if rep is None:
        _print(
            [dataclasses.asdict(s) for s in statuses.values()],
            as_json,
            lambda: status_table(statuses.values()),
        )
        return
    try:
        stored = activity.stored_ramp(deps, team_id=workspace, rep_id=rep)
    except NotAMember:
        fail(f"{rep} is not a person in this workspace")
    data = dataclasses.asdict(stored) | {
        "status": dataclasses.asdict(statuses[rep]) if rep in statuses else None
    }
    _print(data, as_json, lambda: status_table([statuses[rep]] if rep in statuses else []))


def _print(data: Any, as_json: bool, table: Callable[[], Table]) -> None:
    if as_json:
        sys.stdout.write(json.dumps(data, default=_json_default, indent=2) + "\n")
    else:
        out.print(table())


def _json_default(value: Any) -> str:
    return str(value)


@cli.command()
def serve(
    http: Annotated[
        bool, typer.Option("--http", help="Serve HTTP at /slack/events instead of Socket Mode.")
    ] = False,
    port: Annotated[int, typer.Option(help="HTTP port.")] = 3000,
    host: Annotated[str, typer.Option(help="HTTP address to bind.")] = "0.0.0.0",  # noqa: S104 (a server)
    scheduler: Annotated[
        bool,
        typer.Option(help="Tick every minute to send check-ins and reminders (off: use `rampcoach tick`)."),
    ] = True,
) -> None:
    """Run the bot: Socket Mode (SLACK_APP_TOKEN) or HTTP mode (--http, SLACK_SIGNING_SECRET)."""
    from bot.app import build_app, listener_executor
    from bot.delivery.scheduler import start_scheduler
    from bot.delivery.tick import make_sender
    from bot.metrics import registry
    from bot.server import http_server
    from bot.shutdown import serve_until_terminated

    config = settings()
    executor = listener_executor()
    try:
        if not config.multi_workspace() and not http:
            config.require("slack_app_token")
        app_deps = with_templates(deps_for(config, pooled=True), config)
        app = build_app(config, app_deps, http=http, executor=executor)
    except SettingsError as error:
        fail(str(error))
    ticking = (
        start_scheduler(app_deps, make_sender(app_deps, config), config.schedules()) if scheduler else None
    )
    if http:
        engine = app_deps.engine
        metrics = registry(engine, app_deps.clock)
        sockets: dict[int, Any] = {}
        server = http_server(
            app,
            host=host,
            port=port,
            ready=lambda: database_answers(engine),
            metrics=metrics,
            sockets=sockets,
        )
        log.info("serving Slack requests", url=f"http://{host}:{port}/slack/events")
        serve_until_terminated(server, sockets, executor, ticking, grace_s=config.rampcoach_shutdown_seconds)
    else:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        SocketModeHandler(app, config.secret("slack_app_token")).start()  # type: ignore[no-untyped-call]


@cli.command()
def demo() -> None:
    """Run the demo: a temporary database, a local fake Slack, and a few weeks of logging."""
    from bot.demo import run_demo

    configure_logging("WARNING", "console")
    run_demo(out)


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
