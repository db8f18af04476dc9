"""The engine and the unit of work. SQLite runs in WAL mode with writers that queue instead of failing."""

import json
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Engine,
    String,
    bindparam,
    cast,
    create_engine,
    event,
    func,
    select,
    text,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool
from sqlmodel import Session

from storage.revision import track_writes


def dialect_insert(session: Session, table: Any) -> Any:
    """Return an INSERT for `table` in the session's dialect, which has ON CONFLICT (both databases do)."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(table)


FEW = 100  # up to this many values, a plain IN list: the planner sees them (an index lookup per value)


def one_of(session: Session, column: Any, values: Collection[str]) -> ColumnElement[bool]:
    """Return `column IN values`; more than a few values are sent as one JSON list, unpacked by the
    database.

    A leader's Home asks about 2,000 reps in several queries: as a plain IN list, every id is its own
    bound parameter, expanded into the SQL and parsed again by the driver on each call, which cost more
    than the queries themselves (a PostgreSQL array parameter is dumped element by element, too).
    """
    listed = list(values)
    dialect = session.get_bind().dialect.name
    if len(listed) <= FEW or dialect not in ("postgresql", "sqlite"):
        return column.in_(listed)  # type: ignore[no-any-return]
    text = bindparam(None, json.dumps(listed), type_=String)
    if dialect == "postgresql":
        each = func.jsonb_array_elements_text(cast(text, JSONB)).table_valued("value")
    else:
        each = func.json_each(text).table_valued("value")
    return column.in_(select(each.c.value))  # type: ignore[no-any-return]


def normalize_url(url: str) -> str:
    """Return `url` with the psycopg 3 driver for PostgreSQL URLs given as postgres:// or postgresql://."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str, *, pooled: bool = True) -> Engine:
    """Return an engine for `url`; for a SQLite file, create its folder and set WAL and BEGIN IMMEDIATE.

    `pooled=False` closes each connection when its session ends (one-off commands).
    """
    url = normalize_url(url)
    parsed = make_url(url)
    pool: dict[str, Any] = {} if pooled else {"poolclass": NullPool}
    if parsed.get_backend_name() != "sqlite":
        engine = create_engine(url, pool_pre_ping=True, **pool)
        track_writes(engine)
        return engine
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, **pool)
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_begin_immediate)
    track_writes(engine)
    return engine


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Take transaction control from pysqlite so that `begin` below decides how transactions start.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON", "busy_timeout=30000"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _sqlite_begin_immediate(connection: Any) -> None:
    # Writers wait for each other (busy_timeout) instead of failing later with "database is locked".
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def database_answers(engine: Engine) -> bool:
    """Return whether the database answers a trivial query now (for /readyz)."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError:
        return False
    return True


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """Yield a session that commits when the block ends and rolls back if it raises: one unit of work."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
