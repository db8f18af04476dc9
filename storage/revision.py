"""The data's revision: one number that every committed change to what people are shown replaces.

A leader's Home over 2,000 reps is drawn again after every click (a filter, a page) while the data under
it rarely changed: it is kept by this number. Every engine made by `storage.db.make_engine` notes the
writes each transaction makes, in any way (rows as objects, bulk statements, text), and draws a new
number in the same transaction, just before it commits; other processes (the CLI, a second instance) do
the same, so it is the database's, not a process's. Tables that only record Slack's and the scheduler's
bookkeeping do not change it: they change on every request and tick, and nothing shown is read from them.
"""

import re
from typing import Any

from sqlalchemy import Engine, event, text
from sqlmodel import Session

# Written on requests and scheduler ticks; read by nothing a revision keeps (see bot/services/home.py).
BOOKKEEPING = frozenset({"ramp_facts_cache", "delivery", "seen_request", "connector_state", "oauth_state"})
_READS = ("SELECT", "PRAGMA", "BEGIN", "SAVEPOINT", "RELEASE", "ROLLBACK", "SHOW", "SET", "EXPLAIN")
_CHANGES = re.compile(r"\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?(\w+)", re.IGNORECASE)
_WROTE = "rampcoach_wrote"  # in the connection's info while its transaction has changed data
# A new random number, not a count: a database restored from a backup goes back to the revision its
# data had then, and later changes cannot meet a number kept from before the restore.
_DRAW = {
    "sqlite": "UPDATE data_revision SET revision = random() WHERE id = 1",
    # A database not yet migrated to the table (the migrations themselves, their tests) has none to draw.
    "postgresql": "DO $$ BEGIN IF to_regclass('data_revision') IS NOT NULL THEN "
    "UPDATE data_revision SET revision = floor((random() - 0.5) * 9.2e18)::bigint WHERE id = 1; "
    "END IF; END $$",
}


def track_writes(engine: Engine) -> None:
    """Draw a new revision in every transaction on `engine` that changes data, as it commits."""
    event.listen(engine, "before_cursor_execute", _note_write)
    event.listen(engine, "commit", _draw_new)
    event.listen(engine, "rollback", _forget)


def changes_data(statement: str) -> bool:
    """Return whether a SQL statement may change something shown (a write outside the bookkeeping)."""
    head = statement.lstrip().split(None, 1)
    if not head:
        return False
    verb = head[0].upper()
    tables = _CHANGES.findall(statement)
    if verb in _READS or (verb == "WITH" and not tables):
        return False
    # A statement whose target is not found (DDL, something unforeseen) counts as a change: keeping a
    # view a little less often is the safe side.
    return not tables or any(t.lower() not in BOOKKEEPING for t in tables)


def data_revision(session: Session) -> int | None:
    """Return the data's revision; None if its row is missing (nothing can then say when data changed)."""
    found = session.execute(text("SELECT revision FROM data_revision WHERE id = 1")).scalar_one_or_none()
    return None if found is None else int(found)


def _note_write(conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
    if not conn.info.get(_WROTE) and changes_data(statement):
        conn.info[_WROTE] = True


def _draw_new(conn: Any) -> None:
    if not conn.info.pop(_WROTE, False):
        return
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        if conn.dialect.name == "postgresql":
            cursor.execute(_DRAW["postgresql"])
        elif conn.dialect.name == "sqlite" and _has_table(cursor):
            cursor.execute(_DRAW["sqlite"])
    finally:
        cursor.close()


def _has_table(cursor: Any) -> bool:
    cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'data_revision'")
    return cursor.fetchone() is not None


def _forget(conn: Any) -> None:
    conn.info.pop(_WROTE, None)
