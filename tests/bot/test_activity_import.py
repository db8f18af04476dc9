"""`rampcoach activity import`: past weeks from a CSV, each value checked like /log (SQLite, PostgreSQL)."""

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import cli
from storage.db import make_engine, session_scope
from storage.repo.activity import audit_trail, week_logs

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()
TODAY = dt.datetime.now(dt.UTC).date()
MONDAY = TODAY - dt.timedelta(days=TODAY.weekday())
START = MONDAY - dt.timedelta(weeks=5)  # five complete weeks ago: the ramp is on day 36 to 42


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, database_url: str) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("SLACK_TEAM_ID", "T111")
    team = tmp_path / "team.yml"
    team.write_text(
        "people:\n"
        "  - {slack_id: U0MGR1, name: Max, role: manager}\n"
        "  - {slack_id: U0REP1, name: Riley, role: rep, email: riley@example.com, manager: U0MGR1,"
        f" plan: ae-90, start: {START}, tz: UTC}}\n"
        "  - {slack_id: U0REP2, name: Sam, role: rep, manager: U0MGR1, tz: UTC}\n"
    )
    for args in (("db", "upgrade"), ("plan", "import", str(ROOT / "plans" / "ae-90.yml"))):
        assert runner.invoke(cli, list(args)).exit_code == 0
    assert runner.invoke(cli, ["team", "import", str(team)]).exit_code == 0
    return tmp_path


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(cli, list(args))
    return result.exit_code, result.output


def week(n: int) -> str:
    return str(START + dt.timedelta(weeks=n))


def test_good_rows_are_stored_and_audited_as_import_and_a_second_import_changes_nothing(
    workdir: Path, database_url: str
) -> None:
    csv = workdir / "weeks.csv"
    csv.write_text(
        "rep,week_start,metric,value,note\n"
        f"U0REP1,{week(0)},calls,30,first week\n"
        f"riley@example.com,{week(0)},Meetings booked,2,\n"
        f'U0REP1,{week(1)},calls,"1,200",\n'
    )
    code, output = run("activity", "import", str(csv))
    assert code == 1  # 1,200 calls is over the weekly maximum
    assert f"{csv}:4: calls: 1,200 is over the weekly maximum of 400" in output
    assert "2 rows imported: 3 values or notes changed in 1 weeks" in output
    engine = make_engine(database_url)
    with session_scope(engine) as session:
        logs = week_logs(session, team_id="T111", rep_id="U0REP1")
        trail = audit_trail(session, team_id="T111", rep_id="U0REP1")
    engine.dispose()
    assert [(log.week_start, log.values, log.note) for log in logs] == [
        (START, {"calls": 30.0, "meetings": 2.0}, "first week")
    ]
    assert {entry.source for entry in trail} == {"import"}
    code, output = run("activity", "import", str(csv))
    assert code == 1 and "0 values or notes changed in 0 weeks" in output


def test_every_bad_row_is_listed_by_line_with_its_reason_and_stores_nothing(
    workdir: Path, database_url: str
) -> None:
    csv = workdir / "weeks.csv"
    csv.write_text(
        "rep,week_start,metric,value,note\n"
        f"U0NOBODY,{week(0)},calls,3,\n"
        f"U0REP2,{week(0)},calls,3,\n"
        f"U0REP1,{START + dt.timedelta(days=2)},calls,3,\n"
        f"U0REP1,{week(-1)},calls,3,\n"
        f"U0REP1,{week(8)},calls,3,\n"
        f"U0REP1,{week(0)},callz,3,\n"
        f"U0REP1,{week(0)},calls,-3,\n"
        f"U0REP1,{week(0)},meetings,2.5,\n"
        f"U0REP1,{week(0)},calls,3,a note\n"
        f"U0REP1,{week(0)},calls,4,\n"
        f"U0REP1,{week(0)},emails,4,another note\n"
        f"U0REP1,not a date,calls,4,\n"
        f"U0REP1,{week(0)},,4,\n"
    )
    code, output = run("activity", "import", str(csv))
    assert code == 1
    expected = [
        ":2: rep: 'U0NOBODY' is no one in this workspace",
        ":3: rep: U0REP2 is not enrolled in a ramp",
        f":4: week_start: {START + dt.timedelta(days=2)} is a Wednesday; weeks start on Monday",
        f":5: week_start: {week(-1)} is not a week of U0REP1's ramp up to this week",
        f":6: week_start: {week(8)} is not a week of U0REP1's ramp up to this week",
        ":7: metric: `callz` is not a metric in your plan (did you mean calls?)",
        ":8: calls: -3 is negative",
        ":9: meetings: 2.5 is not a whole number",
        ":11: repeats calls for U0REP1 in the week of",
        ":12: note: another note for the same week is on line 10",
        ":13: week_start: `not a date` is not a date like 2026-11-02",
        ":14: metric: empty",
    ]
    for line in expected:
        assert f"{csv}{line}" in " ".join(output.split()), line
    assert "1 rows imported" in output and "12 rows not imported" in output
    engine = make_engine(database_url)
    with session_scope(engine) as session:
        logs = week_logs(session, team_id="T111", rep_id="U0REP1")
    engine.dispose()
    assert [(log.values, log.note) for log in logs] == [({"calls": 3.0}, "a note")]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "the file is empty"),
        ("rep,week,metric\nU0REP1,x,calls\n", "missing column(s): week_start, value"),
    ],
)
def test_a_file_without_the_columns_is_refused_with_exit_2(workdir: Path, text: str, reason: str) -> None:
    csv = workdir / "weeks.csv"
    csv.write_text(text)
    code, output = run("activity", "import", str(csv))
    assert code == 2
    assert reason in output
    assert run("activity", "import", str(workdir / "missing.csv"))[0] == 2
