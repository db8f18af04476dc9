"""`rampcoach backup FILE` and `rampcoach restore FILE`: SQLite only; PostgreSQL has pg_dump."""

from pathlib import Path
from typing import Annotated

import typer

from bot.cli.common import fail, invocation, out, working
from bot.services import operations


def _sqlite_file(ctx: typer.Context, action: str) -> Path:
    url = invocation(ctx).settings.database_url
    path = operations.sqlite_file(url)
    if path is None:
        tool = (
            "pg_dump --format=custom --file FILE"
            if action == "backup"
            else "pg_restore --clean --dbname DB FILE"
        )
        fail(
            f"`rampcoach {action}` is for SQLite; DATABASE_URL is {operations.where(url)}: "
            f"use PostgreSQL's own tools, e.g. `{tool}` (see docs/deploy.md)"
        )
    return path


def backup_command(ctx: typer.Context, file: Path) -> None:
    """Copy the SQLite database to FILE, safely while the bot runs (SQLite's online backup API)."""
    database = _sqlite_file(ctx, "backup")
    try:
        with working(f"Backing up {database}"):
            revision = operations.back_up(database, file)
    except operations.BackupError as error:
        fail(str(error))
    out.print(f"Backed up {database} to {file} (schema revision {revision or 'none'}).", highlight=False)


def restore_command(
    ctx: typer.Context,
    file: Path,
    yes: Annotated[bool, typer.Option("--yes", help="Replace a database that already holds data.")] = False,
) -> None:
    """Replace the SQLite database with a backup. Stop the bot first."""
    database = _sqlite_file(ctx, "restore")
    try:
        revision, behind = operations.restore(file, database, overwrite=yes)
    except operations.BackupError as error:
        fail(str(error))
    out.print(f"Restored {file} into {database} (schema revision {revision}).", highlight=False)
    if behind:
        out.print("The backup predates this version's schema: run `rampcoach db upgrade` next.")
