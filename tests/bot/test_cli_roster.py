"""`rampcoach team offboard|reactivate` and `rampcoach export roster`, on SQLite and PostgreSQL."""

import csv
import datetime as dt
import io
import json
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
        (("team", "leave", "U0REP1", "--from", "2020-01-06", "--to", "2020-01-10"), "is in the past"),
        (("team", "leave", "U0REP1", "--from", "2030-01-10", "--to", "2030-01-06"), "before it starts"),
        (("team", "leave", "U0REP1", "--from", "2030-01-06"), "give both --from and --to"),
        (("team", "leave", "U0REP1", "--end", "--until", "2030-01-06"), "give --from and --to, or --until"),
        (("team", "leave", "U0REP1", "--until", "soon"), "--until soon is not a date"),
        (("team", "leave", "U0MGR1", "--end"), "U0MGR1 is not a rep"),
        (("team", "move", "U0REP1", "--to", "U0REP2"), "U0REP2 is not a manager"),
        (("team", "replan", "U0REP1", "--plan", "nope-1"), "there is no plan `nope-1`"),
        (("team", "replan", "U0REP1", "--plan", "ae-90", "--from", "2030-01-07", "--keep-day"), "not both"),
    ],
)
def test_a_bad_roster_command_is_one_line_exit_two_and_changes_nothing(
    workdir: Path, args: tuple[str, ...], message: str
) -> None:
    code, output = run(*args)

    assert code == 2 and message in output and len(output.strip().splitlines()) == 1
    assert roster_rows() == []


def test_leave_is_recorded_changed_and_ended_from_the_command_line(workdir: Path) -> None:
    code, output = run(
        "team", "leave", "U0REP1", "--from", "2030-01-07", "--to", "2030-01-18", "--reason", "trip"
    )
    assert code == 0 and "U0REP1's leave (record): 2030-01-07 to 2030-01-18." in output
    code, output = run("team", "leave", "U0REP1", "--from", "2030-01-14", "--to", "2030-01-25")
    assert code == 2 and "overlaps the leave from 2030-01-07 to 2030-01-18" in output
    code, output = run("team", "leave", "U0REP1", "--until", "2030-01-11")
    assert code == 0 and "2030-01-07 to 2030-01-11" in output
    code, output = run("team", "leave", "U0REP1", "--end")
    assert code == 0 and "cancelled" in output  # it had not started

    assert [(r["change"], r["detail"], r["actor_id"]) for r in roster_rows()] == [
        ("leave", "2030-01-07 to 2030-01-18", "cli"),
        ("leave_changed", "2030-01-07 to 2030-01-11 (was 2030-01-07 to 2030-01-18)", "cli"),
        ("leave_ended", "cancelled (was 2030-01-07 to 2030-01-11)", "cli"),
    ]


def test_a_move_from_the_command_line_is_recorded(workdir: Path) -> None:
    code, output = run("team", "move", "U0REP1", "--to", "U0LEAD", "--reason", "reorg")
    assert code == 0 and "U0REP1 moved from U0MGR1 to U0LEAD (0 open action items)." in output
    code, output = run("team", "move", "U0REP1", "--to", "U0LEAD")
    assert code == 0 and "already" in output
    assert [(r["change"], r["detail"], r["reason"]) for r in roster_rows()] == [
        ("move", "from U0MGR1 to U0LEAD; 0 open action items", "reorg")
    ]


HALF_TEAM = """
people:
  - {slack_id: U0LEAD, name: Dana Lead, role: leader, tz: America/New_York}
  - {slack_id: U0MGR1, name: Max Manager, role: manager, manager: U0LEAD, tz: America/New_York}
  - {slack_id: U0MGR2, name: Mo Manager, role: manager, manager: U0LEAD}
  - {slack_id: U0REP2, name: Sam Seller, role: rep, manager: U0MGR2, plan: ae-90, start: 2026-11-02}
"""


def test_a_sync_that_would_offboard_half_the_reps_is_shown_and_applied_only_with_yes(workdir: Path) -> None:
    (workdir / "half.yml").write_text(HALF_TEAM)

    code, output = run("team", "import", "--sync", "half.yml")

    assert code == 0
    assert "Added (1): U0MGR2" in output and "Moved (1): U0REP2: U0MGR1 → U0MGR2" in output
    assert "Offboarded (absent from the file) (1): U0REP1" in output
    assert "Nothing was changed. Run again with --yes" in output
    assert roster_rows() == []

    code, output = run("team", "import", "--sync", "half.yml", "--yes")

    assert code == 0 and "1 reps offboarded" in output
    rows = roster_rows()
    assert [(r["person_id"], r["change"], r["reason"]) for r in rows] == [
        ("U0REP2", "move", "team import --sync"),
        ("U0REP1", "offboard", "absent from the team file (team import --sync)"),
    ]
    assert rows[1]["now"].startswith("left on ") and rows[0]["now"] == "on the roster"
    code, output = run("team", "import", "--sync", "half.yml")
    assert "already matches" in output


def test_an_import_without_sync_keeps_the_absent_and_says_how_many(workdir: Path) -> None:
    (workdir / "half.yml").write_text(HALF_TEAM)

    code, output = run("team", "import", "half.yml")

    assert code == 0 and "1 people not in half.yml were kept" in output
    assert roster_rows() == []


def test_a_replan_from_the_command_line_keeps_the_day(workdir: Path) -> None:
    assert run("plan", "import", str(ROOT / "plans" / "sdr-90.yml"))[0] == 0

    code, output = run("team", "replan", "U0REP1", "--plan", "sdr-90", "--keep-day")

    assert code == 0 and "U0REP1 is on sdr-90 v1 from 2026-10-05 (was ae-90)." in output
    assert [(r["change"], r["detail"]) for r in roster_rows()] == [
        ("replan", "ae-90 v1 from 2026-10-05 → sdr-90 v1 from 2026-10-05")
    ]


def test_status_json_lists_the_plan_a_kept_day_replan_ended(workdir: Path) -> None:
    assert run("plan", "import", str(ROOT / "plans" / "sdr-90.yml"))[0] == 0
    assert run("team", "replan", "U0REP1", "--plan", "sdr-90", "--keep-day")[0] == 0

    code, output = run("status", "--rep", "U0REP1", "--json")

    assert code == 0, output
    status = json.loads(output)["status"]
    (earlier,) = status["earlier_plans"]
    assert (earlier["plan_id"], earlier["first_day"]) == ("ae-90", "2026-10-05")
    # The day count goes on (Riley started on Oct 5), and the new plan counts from the replan's week on.
    assert dt.date.fromisoformat(earlier["last_day"]) >= dt.date(2026, 12, 2)
    assert status["day"] > 50 and status["logged_weeks"] == 0 and status["missing_weeks"] == []


def test_a_team_file_that_moves_a_rep_to_another_plan_keeps_the_earlier_one(workdir: Path) -> None:
    assert run("plan", "import", str(ROOT / "plans" / "sdr-90.yml"))[0] == 0
    team = (ROOT / "examples" / "team.yml").read_text()
    (workdir / "moved.yml").write_text(team.replace("ae-90, start: 2026-10-05", "sdr-90, start: 2026-11-23"))

    assert run("team", "import", "moved.yml")[0] == 0

    assert [(r["person_id"], r["change"], r["detail"], r["reason"]) for r in roster_rows()] == [
        ("U0REP1", "replan", "ae-90 v1 from 2026-10-05 → sdr-90 v1 from 2026-11-23", "team import")
    ]
    assert [(e["plan_id"], e["first_day"], e["last_day"]) for e in earlier_plans()] == [
        ("ae-90", "2026-10-05", "2026-11-22")
    ]
    # The old file again: Riley is back on ae-90 from Oct 5, which overrides the period it overlaps.
    assert run("team", "import", str(ROOT / "examples" / "team.yml"))[0] == 0
    assert earlier_plans() == []


def earlier_plans() -> list[dict[str, object]]:
    code, output = run("status", "--rep", "U0REP1", "--json")
    assert code == 0, output
    return list(json.loads(output)["status"]["earlier_plans"])
