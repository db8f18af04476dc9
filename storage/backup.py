"""SQLite backups with the online backup API: a consistent copy even while the bot writes."""

import os
import sqlite3
from contextlib import closing
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy.engine import make_url

from storage.db import normalize_url
from storage.migrate import alembic_config


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


def sqlite_path(url: str) -> Path | None:
    """Return the file of a SQLite database URL, or None for any other database."""
    parsed = make_url(normalize_url(url))
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def backup(database: Path, target: Path) -> str | None:
    """Copy `database` to `target` page by page (readers and writers go on); return its schema revision."""
    if not database.exists():
        raise BackupError(f"{database} does not exist: there is nothing to back up")
    if not target.parent.is_dir():
        raise BackupError(f"{target.parent} is not a folder: there is nowhere to write {target.name}")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    with closing(sqlite3.connect(database)) as source, closing(sqlite3.connect(partial)) as copy:
        source.execute("PRAGMA busy_timeout=30000")
        # One step: it reads one snapshot, and in WAL mode writers go on meanwhile. (Steps would restart
        # the copy after each write from another connection, and might never finish on a busy bot.)
        source.backup(copy)
    os.replace(partial, target)  # a reader of `target` never sees half a file
    return revision(target)


def restore(backup_file: Path, database: Path, *, overwrite: bool) -> str | None:
    """Replace the contents of `database` with the backup's; return the backup's schema revision.

    Refuses a backup older than the database's schema (the data would not fit the code that wrote it
    last) and, unless `overwrite`, a database that holds any data.
    """
    if not backup_file.exists():
        raise BackupError(f"{backup_file} does not exist")
    theirs = revision(backup_file)
    if theirs is None:
        raise BackupError(f"{backup_file} is not a Ramp Coach backup (no schema revision in it)")
    if _order(theirs) > len(_chain()):
        raise BackupError(
            f"the backup is at schema revision {theirs}, which this Ramp Coach does not know: "
            "upgrade Ramp Coach first"
        )
    ours = revision(database) if database.exists() else None
    if ours is not None and _order(ours) > _order(theirs):
        raise BackupError(
            f"the database is at schema revision {ours}, newer than the backup's {theirs}: restore into an "
            "empty DATABASE_URL, then run `rampcoach db upgrade`"
        )
    if database.exists() and _has_data(database) and not overwrite:
        raise BackupError(f"{database} holds data that the restore would replace: add --yes to go ahead")
    database.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(backup_file)) as source, closing(sqlite3.connect(database)) as target:
        target.execute("PRAGMA busy_timeout=30000")
        source.backup(target)
    return theirs


def revision(database: Path) -> str | None:
    """Return the Alembic revision a SQLite file is at, or None if it has none."""
    with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as connection:
        try:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.DatabaseError:
            return None
    return str(row[0]) if row else None


def head() -> str:
    """Return the newest schema revision this version of Ramp Coach knows."""
    return str(ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head())


def _order(rev: str) -> int:
    """Return how far along the chain `rev` is; a revision this code does not know counts as newest."""
    chain = _chain()
    return len(chain) - chain.index(rev) if rev in chain else len(chain) + 1


def _chain() -> list[str]:
    """Return the revisions this code knows, newest first."""
    scripts = ScriptDirectory.from_config(alembic_config("sqlite://")).walk_revisions()
    return [script.revision for script in scripts]


def _has_data(database: Path) -> bool:
    with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as connection:
        tables = [
            name
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if name != "alembic_version" and not name.startswith("sqlite_")
        ]
        return any(connection.execute(f'SELECT 1 FROM "{name}" LIMIT 1').fetchone() for name in tables)  # noqa: S608
