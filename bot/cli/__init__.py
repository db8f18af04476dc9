"""The `rampcoach` command line: one module per command group, each command thin (read the options,
call one service, print a table or `--json`); the shared setup is the root callback in `common.py`."""

import typer

from bot.cli import (
    activity,
    backup,
    calibration,
    crm,
    deliveries,
    digest,
    experiments,
    export,
    privacy,
    reviews,
    serve,
    setup,
    status,
    touches,
)
from bot.cli.common import CommandLine, shared

cli = typer.Typer(
    cls=CommandLine,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,  # locals can hold tokens
    help="Ramp Coach: a Slack bot for sales ramps.",
)
cli.callback()(shared)
cli.add_typer(setup.db_cli, name="db")
cli.add_typer(setup.plan_cli, name="plan")
cli.add_typer(setup.team_cli, name="team")
cli.add_typer(deliveries.deliveries_cli, name="deliveries")
cli.command("tick")(deliveries.tick_command)
cli.add_typer(touches.touches_cli, name="touches")
cli.command("nudges")(touches.nudges_command)
cli.command("experiments")(experiments.experiments_command)
cli.command("reviews")(reviews.reviews_command)
cli.command("forget")(privacy.forget_command)
cli.command("digest")(digest.digest_command)
cli.add_typer(export.export_cli, name="export")
cli.command("backup")(backup.backup_command)
cli.command("restore")(backup.restore_command)
cli.command("calibration")(calibration.calibration_command)
cli.add_typer(activity.activity_cli, name="activity")
cli.add_typer(crm.crm_cli, name="crm")
cli.command("status")(status.status)
cli.command("serve")(serve.serve)
cli.command("demo")(serve.demo)


def main() -> None:
    cli()
