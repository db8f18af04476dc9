"""What an operator does to the database itself: schema upgrades, health, SQLite backups, the ledger.

The CLI and the server reach storage through these functions only (tests/test_layering.py), so a
database that cannot be reached becomes one `DatabaseUnreachable` naming it, without its password.
"""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from bot.deps import Deps
from coaching.delivery import Delivery
from storage import backup as backups
from storage import migrate
from storage.backup import BackupError as BackupError
from storage.db import database_answers, make_engine, normalize_url, session_scope
from storage.repo import deliveries


class DatabaseUnreachable(Exception):
    """The database at DATABASE_URL did not answer; the message names it and says why."""


def where(url: str) -> str:
    """Return the database URL as it may be shown: without its password."""
    return make_url(normalize_url(url)).render_as_string(hide_password=True)


@contextmanager
def _reaching(url: str) -> Iterator[None]:
    try:
        yield
    except OperationalError as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        raise DatabaseUnreachable(f"cannot use the database at DATABASE_URL {where(url)}: {reason}") from None


def upgrade_schema(url: str) -> bool:
    """Create or update the tables with the Alembic migrations; return whether the database was empty
    (so the command can say it created it rather than that it was up to date)."""
    with _reaching(url):
        empty = not migrate.current_revisions(url)
        migrate.upgrade(url)
    return empty


def schema_is_current(url: str) -> bool:
    """Return whether the database is at the newest migration (commands refuse to run on an older one)."""
    with _reaching(url):
        return migrate.is_current(url)


def open_engine(url: str, *, pooled: bool) -> Engine:
    """Return the engine for DATABASE_URL; `pooled=False` for one-off commands (no idle connections)."""
    return make_engine(url, pooled=pooled)


def answers(engine: Engine) -> bool:
    """Return whether the database answers now (the server's readiness check)."""
    return database_answers(engine)


def sqlite_file(url: str) -> Path | None:
    """Return the file of a SQLite database URL, or None for any other database (backups are SQLite's)."""
    return backups.sqlite_path(url)


def back_up(database: Path, target: Path) -> str | None:
    """Copy the SQLite database to `target` while the bot runs; return the copy's schema revision."""
    return backups.backup(database, target)


def restore(backup_file: Path, database: Path, *, overwrite: bool) -> tuple[str | None, bool]:
    """Replace the SQLite database with a backup; return its revision and whether it needs an upgrade."""
    revision = backups.restore(backup_file, database, overwrite=overwrite)
    return revision, revision != backups.head()


def ledger(deps: Deps, *, sent_since: dt.datetime) -> list[Delivery]:
    """Return the pending, failed and unknown deliveries, and those sent since `sent_since`."""
    with session_scope(deps.engine) as session:
        return deliveries.listing(session, sent_since=sent_since)


def retry_delivery(deps: Deps, *, key: str) -> Delivery | None:
    """Put a failed or unknown delivery back in line; return it, as it was, when it cannot be retried
    (sent, pending); None when the ledger has no such key."""
    with session_scope(deps.engine) as session:
        return deliveries.retry(session, key=key) or deliveries.find(session, key=key)


def missing_sqlite_file(url: str) -> Path | None:
    """Return the file of a SQLite DATABASE_URL that does not exist yet (None: it exists, or not SQLite),
    so a command can say so instead of connecting, which would leave an empty file behind."""
    path = backups.sqlite_path(url)
    return path if path is not None and not path.exists() else None
