"""What a new user met on a fresh install (issue 20, "A CLI that speaks clearly"), one test per case."""

import datetime as dt
import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from bot.cli import cli
from bot.fake_slack import FakeSlack
from coaching.delivery import Due, Kind
from storage.db import make_engine, session_scope
from storage.repo import deliveries

ROOT = Path(__file__).resolve().parents[2]
PLAN, TEAM = str(ROOT / "plans" / "ae-90.yml"), str(ROOT / "examples" / "team.yml")
FRIDAY = "2026-11-20T22:00:00Z"  # Riley's and Sam's check-ins are due (tests/delivery/conftest.py)


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder and DATABASE_URL pointing into it; no SLACK_TEAM_ID, as on a first install."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'ramp.db'}")
    return tmp_path


@pytest.fixture
def seeded(fresh: Path) -> Path:
    for args in (["db", "upgrade"], ["plan", "import", "--team", "T111", PLAN], ["team", "import", TEAM]):
        assert run(*args).exit_code == 0
    return fresh


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), prog_name="rampcoach")


def said(result: Result) -> list[str]:
    """The lines a person reads on stderr (JSON log lines left out)."""
    return [line for line in result.stderr.splitlines() if line.strip() and not line.startswith("{")]


def one_line(result: Result) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    (line,) = said(result)
    return line


def test_tick_without_a_bot_token_names_the_setting_in_one_line(seeded: Path) -> None:
    line = one_line(run("tick", "--at", FRIDAY))
    assert line.startswith("rampcoach: SLACK_BOT_TOKEN is not set")


def test_an_impossible_unquoted_date_in_the_team_file_is_one_line_with_its_field_path(seeded: Path) -> None:
    bad = seeded / "team.yml"
    bad.write_text(
        "people:\n  - {slack_id: U0NEW1, name: New Rep, role: rep, plan: ae-90, start: 2026-13-02}\n"
    )
    line = one_line(run("team", "import", str(bad)))
    assert line.startswith(f"{bad}: people[0].start:") and "month" in line


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A loopback port nothing listens on: Slack, unreachable."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    yield port


def test_tick_with_slack_unreachable_is_quick_says_so_briefly_and_exits_1(
    seeded: Path, closed_port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-unreachable")
    monkeypatch.setenv("SLACK_API_URL", f"http://127.0.0.1:{closed_port}/api/")
    started = time.monotonic()
    result = run("tick", "--at", FRIDAY)
    assert time.monotonic() - started < 15  # it took 33 s, retrying each message in turn
    assert result.exit_code == 1, result.output
    assert len(result.stderr.splitlines()) <= 5  # there were about 65 log lines
    assert "Slack could not be reached" in result.stderr
    listed = json.loads(run("deliveries", "--json").stdout)
    assert {row["state"] for row in listed} == {"pending"}  # kept for the next tick, not failed


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["nudges", "--rep", "U0NOPE"], "--rep U0NOPE is not a person in workspace T111"),
        (["reviews", "--manager", "U0NOPE"], "--manager U0NOPE is not a person in workspace T111"),
        (
            ["status", "--team", "T0WRONG"],
            "workspace T0WRONG (--team) is not in the database, which has T111",
        ),
        (["status", "--rep", "U0NOPE"], "U0NOPE is not a person in this workspace"),
    ],
)
def test_unknown_ids_exit_2_naming_them(seeded: Path, args: list[str], named: str) -> None:
    assert named in one_line(run(*args))


def test_a_typo_in_team_does_not_start_a_second_workspace_unless_asked(seeded: Path) -> None:
    line = one_line(run("team", "import", "--team", "T0TYPO", TEAM))
    assert "T0TYPO" in line and "T111" in line and "--new-workspace" in line
    assert run("status", "--json").exit_code == 0  # still one workspace: no --team needed
    assert run("plan", "import", "--team", "T0NEW", "--new-workspace", PLAN).exit_code == 0
    assert run("team", "import", "--team", "T0NEW", TEAM).exit_code == 0  # it exists now
    line = one_line(run("status"))
    assert "say which workspace with --team" in line and "T0NEW, T111" in line


def test_a_single_workspace_install_learns_its_team_id_from_auth_test_once(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with FakeSlack("xoxb-learn", team_id="T0LEARN") as fake:
        monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-learn")
        monkeypatch.setenv("SLACK_API_URL", fake.api_url)
        assert run("db", "upgrade").exit_code == 0
        assert run("plan", "import", PLAN).exit_code == 0
        assert run("team", "import", TEAM).exit_code == 0
        assert len(fake.calls("auth.test")) == 1  # the database keeps it from then on
    status = json.loads(run("status", "--json").stdout)
    assert {row["rep_id"] for row in status} == {"U0REP1", "U0REP2"}


def test_without_a_token_or_team_id_the_first_import_says_how_to_name_the_workspace(fresh: Path) -> None:
    assert run("db", "upgrade").exit_code == 0
    line = one_line(run("plan", "import", PLAN))
    assert "--team" in line and "SLACK_TEAM_ID" in line and "SLACK_BOT_TOKEN" in line


def test_touches_import_lists_every_row_it_drops_and_a_later_reply_updates_the_touch(seeded: Path) -> None:
    sent = "U0REP1,2026-11-02T09:30:00Z,email,1,a,,,none\n"
    replied = "U0REP1,2026-11-02T09:30:00Z,email,1,a,,,reply\n"
    by_email = "riley@example.com,2026-11-02T09:30:00Z,email,1,a,,,none\n"  # the same touch again
    file = seeded / "touches.csv"
    file.write_text("rep,sent_at,channel,step,template,subject,body,outcome\n" + sent + replied + by_email)
    result = run("touches", "import", str(file))
    assert result.exit_code == 1  # a row was not imported
    assert (
        "1 added, 0 updated, 0 unchanged, 1 rows improved an earlier row, 1 rows not imported."
        in result.stdout
    )
    assert f"{file}:3: updates the touch on line 2: outcome reply" in result.stderr
    assert f"{file}:4: repeats the touch on line 2 with no better outcome" in result.stderr


def test_deliveries_shows_whole_keys_and_retry_of_a_missing_key_says_it_does_not_exist(seeded: Path) -> None:
    at = dt.datetime(2026, 11, 20, 22, tzinfo=dt.UTC)
    due = Due(Kind.REVIEW_OVERDUE, "T0123456789", "U0123456789ABCDEF", "2026-11-20", at)
    engine = make_engine(f"sqlite:///{seeded / 'ramp.db'}")
    with session_scope(engine) as session:
        deliveries.record_due(session, dues=[due], now=at)
    engine.dispose()
    assert due.key in run("deliveries").stdout  # whole, on one line, at a narrow 80 columns
    line = one_line(run("deliveries", "retry", "checkin:T111:U0NOPE:2026-W47"))
    assert "there is no delivery checkin:T111:U0NOPE:2026-W47" in line


def test_people_read_names_not_slack_ids_and_the_digest_has_no_slack_markup(seeded: Path) -> None:
    reviews = run("reviews").stdout
    assert "Max Manager" in reviews and "U0MGR1" not in reviews
    status = run("status").stdout
    assert "Riley Rep" in status and "U0REP1" not in status
    digest = run("digest").stdout
    assert "Ramp digest" in digest
    assert not any(mark in digest for mark in ("*", "&amp;", "<@", "|"))


def test_db_upgrade_says_it_created_a_fresh_database_and_then_that_it_is_up_to_date(fresh: Path) -> None:
    first = run("db", "upgrade")
    assert first.exit_code == 0 and "Created the database at" in first.stdout
    assert "Database is up to date." in run("db", "upgrade").stdout


def test_a_command_on_a_missing_sqlite_file_says_to_upgrade_and_creates_nothing(fresh: Path) -> None:
    line = one_line(run("status"))
    assert "there is no database at" in line and "rampcoach db upgrade" in line
    assert not (fresh / "ramp.db").exists()


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["status", "--bogus"], "No such option: --bogus (see `rampcoach status --help`)"),
        (["team", "import"], "Missing argument 'file' (see `rampcoach team import --help`)"),
        (["nope"], "No such command 'nope' (see `rampcoach --help`)"),
        (["tick", "--at", "yesterday"], "Invalid value for '--at'"),
    ],
)
def test_a_usage_mistake_is_one_line_naming_it_and_where_to_look(
    fresh: Path, args: list[str], named: str
) -> None:
    assert named in one_line(run(*args))
