"""`rampcoach backup` and `restore`: a consistent copy while another thread writes, and the refusals."""

import datetime as dt
import sqlite3
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from typer.testing import CliRunner

from bot.cli import cli
from bot.deps import Deps
from bot.services import setup
from coaching.activity import WeekLog
from storage import migrate
from storage.db import make_engine, session_scope
from storage.repo import activity

ROOT = Path(__file__).resolve().parents[2]
TEAM = "T111"
NOW = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with closing(sqlite3.connect(path)) as connection:
        tables = [n for (n,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: sorted(connection.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}  # noqa: S608


@pytest.fixture
def live(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A migrated, seeded SQLite database that DATABASE_URL points at."""
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "live.db"
    migrate.upgrade(f"sqlite:///{path}")
    deps = Deps(engine=make_engine(f"sqlite:///{path}"))
    setup.import_plan(deps, team_id=TEAM, source=(ROOT / "plans" / "ae-90.yml").read_text())
    setup.import_team(deps, team_id=TEAM, source=(ROOT / "examples" / "team.yml").read_text())
    deps.engine.dispose()
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{path}")
    return path


def keep_writing(path: Path, weeks: int = 200) -> None:
    """Log week after week for Riley, one transaction each (a week's values, note and audit together)."""
    engine = make_engine(f"sqlite:///{path}")
    for n in range(weeks):
        log = WeekLog(dt.date(2020, 1, 6) + dt.timedelta(weeks=n), {"calls": n, "emails": 2 * n}, f"week {n}")
        with session_scope(engine) as session:
            activity.write_week(
                session, team_id=TEAM, rep_id="U0REP1", log=log, actor="U0REP1", source="t", now=NOW
            )
    engine.dispose()


def test_a_backup_taken_while_another_thread_writes_restores_to_a_consistent_copy(live: Path) -> None:
    writer = threading.Thread(target=keep_writing, args=(live,))
    writer.start()
    try:
        while not rows(live)["week_log"]:  # wait for the writer to be under way
            time.sleep(0.005)
        code, output = run("backup", "mid.db")
    finally:
        writer.join()
    assert code == 0, output
    head = ScriptDirectory.from_config(migrate.alembic_config(f"sqlite:///{live}")).get_current_head()
    assert "Backed up" in output and f"schema revision {head}" in output
    code, output = run("backup", "end.db")
    assert code == 0, output

    snapshot = rows(Path("mid.db"))
    weeks = len(snapshot["week_log"])
    assert 0 < weeks < len(rows(live)["week_log"]) == 200  # taken mid-way
    # Whole transactions only: every logged week has both values and its audit lines.
    assert (len(snapshot["activity"]), len(snapshot["activity_audit"])) == (2 * weeks, 3 * weeks)

    restored = Path("restored.db")
    result = CliRunner().invoke(cli, ["restore", "end.db"], env={"DATABASE_URL": f"sqlite:///{restored}"})
    assert result.exit_code == 0, result.output
    assert rows(restored) == rows(live) == rows(Path("end.db"))
    assert len(rows(restored)["week_log"]) >= weeks


def test_restore_into_an_empty_database_needs_no_confirmation(live: Path, tmp_path: Path) -> None:
    assert run("backup", "b.db")[0] == 0
    result = CliRunner().invoke(
        cli, ["restore", "b.db"], env={"DATABASE_URL": f"sqlite:///{tmp_path}/new/fresh.db"}
    )
    assert result.exit_code == 0, result.output
    assert rows(tmp_path / "new" / "fresh.db") == rows(live)


def test_restore_asks_for_yes_before_replacing_data(live: Path) -> None:
    assert run("backup", "b.db")[0] == 0
    code, output = run("restore", "b.db")
    assert code == 2
    assert "holds data that the restore would replace: add --yes" in output


def test_restore_refuses_a_backup_older_than_the_databases_schema(live: Path) -> None:
    old = Path("old.db")
    migrate.upgrade(f"sqlite:///{old}", "0002")
    code, output = run("restore", str(old), "--yes")
    assert code == 2
    assert "newer than the backup's 0002" in " ".join(output.split())
    assert rows(live)["person"]  # untouched


def test_an_old_backup_restored_into_an_empty_database_says_to_upgrade(live: Path, tmp_path: Path) -> None:
    migrate.upgrade(f"sqlite:///{tmp_path / 'old.db'}", "0002")
    result = CliRunner().invoke(
        cli, ["restore", "old.db"], env={"DATABASE_URL": f"sqlite:///{tmp_path}/empty.db"}
    )
    assert result.exit_code == 0, result.output
    assert "run `rampcoach db upgrade` next" in result.output


def test_postgresql_is_pointed_at_pg_dump_and_pg_restore(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://rampcoach:secret@db.internal/rampcoach")
    code, output = run("backup", "x.dump")
    assert code == 2 and "pg_dump" in output and "secret" not in output
    code, output = run("restore", "x.dump")
    assert code == 2 and "pg_restore" in output
