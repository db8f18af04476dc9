"""`rampcoach backup FILE` and `rampcoach restore FILE`: SQLite only; PostgreSQL has pg_dump."""

from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.engine import make_url

from bot.cli_support import fail, out, settings
from storage import backup as backups
from storage.db import normalize_url


def _sqlite_file(action: str) -> Path:
    url = settings().database_url
    path = backups.sqlite_path(url)
    if path is None:
        where = make_url(normalize_url(url)).render_as_string(hide_password=True)
        tool = (
            "pg_dump --format=custom --file FILE"
            if action == "backup"
            else "pg_restore --clean --dbname DB FILE"
        )
        fail(
            f"`rampcoach {action}` is for SQLite; DATABASE_URL is {where}: "
            f"use PostgreSQL's own tools, e.g. `{tool}` (see docs/deploy.md)"
        )
    return path


def backup_command(file: Path) -> None:
    """Copy the SQLite database to FILE, safely while the bot runs (SQLite's online backup API)."""
    database = _sqlite_file("backup")
    try:
        revision = backups.backup(database, file)
    except backups.BackupError as error:
        fail(str(error))
    out.print(f"Backed up {database} to {file} (schema revision {revision or 'none'}).", highlight=False)


def restore_command(
    file: Path,
    yes: Annotated[bool, typer.Option("--yes", help="Replace a database that already holds data.")] = False,
) -> None:
    """Replace the SQLite database with a backup. Stop the bot first."""
    database = _sqlite_file("restore")
    try:
        revision = backups.restore(file, database, overwrite=yes)
    except backups.BackupError as error:
        fail(str(error))
    out.print(f"Restored {file} into {database} (schema revision {revision}).", highlight=False)
    if revision != backups.head():
        out.print("The backup predates this version's schema: run `rampcoach db upgrade` next.")
