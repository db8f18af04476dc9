"""A migrated engine on each database (SQLite and PostgreSQL) for the storage tests."""

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from storage import migrate
from storage.db import make_engine


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    migrate.upgrade(database_url)
    engine = make_engine(database_url)
    yield engine
    engine.dispose()
