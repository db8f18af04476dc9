"""Ramp Coach's storage: SQLModel tables, the engine and unit of work, queries, and Alembic migrations."""
