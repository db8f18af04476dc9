import datetime as dt
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, MetaData, insert, inspect, select
from sqlmodel import SQLModel

import storage.tables  # noqa: F401  (registers the tables)
from storage import migrate
from storage.db import make_engine, session_scope
from storage.repo import activity, plans


def test_the_migrations_create_exactly_the_tables_the_models_describe(database_url: str) -> None:
    migrate.upgrade(database_url)
    engine = make_engine(database_url)
    with engine.connect() as connection:
        diff = compare_metadata(
            MigrationContext.configure(connection, opts={"compare_type": True}), SQLModel.metadata
        )
    engine.dispose()
    assert diff == []


def test_downgrading_to_nothing_and_upgrading_again_works(database_url: str) -> None:
    migrate.upgrade(database_url)
    migrate.downgrade(database_url, "base")
    engine = make_engine(database_url)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    migrate.upgrade(database_url)
    assert migrate.is_current(database_url)


def test_a_fresh_database_is_reported_as_not_current(database_url: str) -> None:
    assert not migrate.is_current(database_url)


# --- data written at revision 0001 survives every later migration ------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
TEAM = "T0OLD"
AT = dt.datetime(2026, 10, 2, 14, 30, tzinfo=dt.UTC)
MONDAY = dt.date(2026, 10, 5)


def rows_at_0001() -> dict[str, list[dict[str, object]]]:
    """Realistic rows as the first release wrote them: a team, a plan, an enrolled rep, logged weeks."""
    plan = (ROOT / "plans" / "ae-90.yml").read_text()
    person: dict[str, object] = {"team_id": TEAM, "tz": None, "updated_at": AT}
    weeks = [MONDAY, MONDAY + dt.timedelta(weeks=1)]
    return {
        "workspace": [{"team_id": TEAM, "name": "Old Co", "created_at": AT}],
        "person": [
            person | {"slack_id": "U0LEAD", "name": "Dana Lead", "role": "leader", "manager_id": None},
            person | {"slack_id": "U0MGR1", "name": "Max Manager", "role": "manager", "manager_id": "U0LEAD"},
            person | {"slack_id": "U0REP1", "name": "Riley Rep", "role": "rep", "manager_id": "U0MGR1"}
            | {"tz": "America/Chicago"},
        ],
        "ramp_plan": [
            {"team_id": TEAM, "plan_id": "ae-90", "version": 1, "name": "AE ramp", "source": plan,
             "imported_at": AT}
        ],
        "enrollment": [
            {"team_id": TEAM, "rep_id": "U0REP1", "plan_id": "ae-90", "plan_version": 1,
             "start_date": MONDAY, "enrolled_by": "U0MGR1", "enrolled_at": AT}
        ],
        "week_log": [
            {"team_id": TEAM, "rep_id": "U0REP1", "week_start": week, "note": f"week {n} — 5 demos",
             "updated_by": "U0REP1", "updated_at": AT}
            for n, week in enumerate(weeks, 1)
        ],
        "activity": [
            {"team_id": TEAM, "rep_id": "U0REP1", "week_start": week, "metric": metric, "value": value,
             "updated_by": "U0REP1", "updated_at": AT}
            for week in weeks
            for metric, value in (("calls", 41.0), ("emails", 120.0), ("meetings", 2.5))
        ],
        "activity_audit": [
            {"id": n, "team_id": TEAM, "rep_id": "U0REP1", "week_start": MONDAY, "field": "calls",
             "old_value": old, "new_value": new, "changed_by": "U0REP1", "source": "modal", "changed_at": AT}
            for n, (old, new) in enumerate(((None, "40"), ("40", "41")), 1)
        ],
    }  # fmt: skip


def table_rows(engine: Engine) -> dict[str, list[dict[str, object]]]:
    metadata = MetaData()
    metadata.reflect(engine)
    with engine.connect() as connection:
        return {
            name: [
                dict(row._mapping) for row in connection.execute(select(table).order_by(*table.primary_key))
            ]
            for name, table in metadata.tables.items()
            if name != "alembic_version"
        }


def test_rows_written_at_the_first_revision_survive_the_upgrade_to_head(database_url: str) -> None:
    migrate.upgrade(database_url, "0001")
    engine = make_engine(database_url)
    metadata = MetaData()
    metadata.reflect(engine)
    written = rows_at_0001()
    with engine.begin() as connection:
        for name in (
            "workspace",
            "person",
            "ramp_plan",
            "enrollment",
            "week_log",
            "activity",
            "activity_audit",
        ):
            connection.execute(insert(metadata.tables[name]), written[name])
    before = table_rows(engine)
    assert {name: len(rows) for name, rows in before.items()} == {n: len(r) for n, r in written.items()}
    migrate.upgrade(database_url)
    after = table_rows(engine)
    for name, rows in before.items():
        # Every old column keeps its value; new columns get their defaults.
        assert [{k: row[k] for k in old} for row, old in zip(after[name], rows, strict=True)] == rows
    assert {row["tz_from_admin"] for row in after["person"]} == {False}
    assert after["delivery"] == []
    # And the application reads them as before.
    with session_scope(engine) as session:
        logs = activity.week_logs(session, team_id=TEAM, rep_id="U0REP1")
        (enrolled,) = plans.team_enrollments(session, team_id=TEAM)
    engine.dispose()
    assert [log.values["calls"] for log in logs] == [41.0, 41.0]
    assert logs[0].note == "week 1 — 5 demos"
    assert enrolled[0].start == MONDAY and enrolled[1].id == "ae-90"
    assert migrate.is_current(database_url)
