"""`rampcoach team offboard|reactivate` and `rampcoach export roster`, on SQLite and PostgreSQL."""

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import cli

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


@pytest.fixture
def workdir(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("SLACK_TEAM_ID", "T111")
    for args in (
        ("db", "upgrade"),
        ("plan", "import", str(ROOT / "plans" / "ae-90.yml")),
        ("team", "import", str(ROOT / "examples" / "team.yml")),
    ):
        assert run(*args)[0] == 0
    return tmp_path


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(cli, list(args))
    return result.exit_code, result.output


def roster_rows() -> list[dict[str, str]]:
    code, output = run("export", "roster")
    assert code == 0, output
    return list(csv.DictReader(io.StringIO(output)))


def test_offboarding_and_reactivating_from_the_command_line_is_recorded_and_exported(workdir: Path) -> None:
    code, output = run("team", "offboard", "U0REP1", "--reason", "resigned")
    assert code == 0 and "U0REP1 offboarded from" in output and "0 pending messages cancelled" in output
    code, output = run("team", "offboard", "U0REP1")
    assert code == 0 and "already left on" in output

    assert [
        (r["person_id"], r["person_name"], r["change"], r["reason"], r["actor_id"]) for r in roster_rows()
    ] == [("U0REP1", "Riley Rep", "offboard", "resigned", "cli")]
    assert roster_rows()[0]["now"].startswith("left on ")

    code, output = run("team", "reactivate", "U0REP1", "--reason", "came back")
    assert code == 0 and "back on the roster" in output
    assert [(r["change"], r["reason"], r["now"]) for r in roster_rows()] == [
        ("offboard", "resigned", "on the roster"),
        ("reactivate", "came back", "on the roster"),
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("team", "offboard", "U0MGR1"), "U0MGR1 is not a rep"),
        (("team", "offboard", "U0NOBODY"), "U0NOBODY is not a rep"),
        (("team", "offboard", "U0REP1", "--reason", "x" * 301), "--reason: at most 300 characters"),
    ],
)
def test_a_bad_roster_command_is_one_line_exit_two_and_changes_nothing(
    workdir: Path, args: tuple[str, ...], message: str
) -> None:
    code, output = run(*args)

    assert code == 2 and message in output and len(output.strip().splitlines()) == 1
    assert roster_rows() == []
