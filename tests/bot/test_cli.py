"""The rampcoach command line, run in-process with Typer's runner and a temporary working directory."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import cli

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("SLACK_TEAM_ID", "T111")
    return tmp_path


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(cli, list(args))
    return result.exit_code, result.output


def seed() -> None:
    assert run("db", "upgrade")[0] == 0
    assert run("plan", "import", str(ROOT / "plans" / "ae-90.yml"))[0] == 0
    assert run("team", "import", str(ROOT / "examples" / "team.yml"))[0] == 0


def test_an_invalid_setting_stops_with_one_line_and_no_traceback(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "not-a-token")
    code, output = run("serve", "--http")
    assert code == 2
    assert "SLACK_BOT_TOKEN is invalid: must be a bot token starting with xoxb-" in output
    assert "Traceback" not in output
    assert len(output.strip().splitlines()) == 1


def test_http_mode_without_a_signing_secret_names_the_missing_setting(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed()
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    code, output = run("serve", "--http")
    assert code == 2
    assert "SLACK_SIGNING_SECRET is not set" in output


def test_settings_are_read_from_a_dotenv_file(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL")
    (workdir / ".env").write_text("DATABASE_URL=mysql://nope\n")
    code, output = run("db", "upgrade")
    assert code == 2
    assert "DATABASE_URL is invalid" in output


def test_commands_refuse_a_database_that_is_not_migrated(workdir: Path) -> None:
    code, output = run("status", "--rep", "U0REP1")
    assert code == 2
    assert "rampcoach db upgrade" in output


def test_importing_the_team_twice_changes_nothing(workdir: Path) -> None:
    seed()
    code, output = run("team", "import", str(ROOT / "examples" / "team.yml"))
    assert code == 0
    assert "0 people and 0 enrollments" in output


def test_a_bad_team_file_names_the_entry_and_field_and_stores_nothing(workdir: Path) -> None:
    seed()
    bad = workdir / "team.yml"
    bad.write_text(
        "people:\n"
        "  - {slack_id: U0NEW1, name: New Rep, role: rep, plan: ae-90, start: 2026-11-02}\n"
        "  - {slack_id: U0NEW2, name: Other, role: wizard}\n"
        "  - {slack_id: U0NEW3, name: Third, role: rep, manager: U0GONE}\n"
    )
    code, output = run("team", "import", str(bad))
    assert code == 2
    assert f"{bad}: people[1].role: should be 'rep', 'manager', 'leader' or 'admin'" in output
    code, _ = run("status", "--rep", "U0NEW1")
    assert code == 2


def test_an_unknown_plan_in_the_team_file_is_reported_with_its_entry(workdir: Path) -> None:
    seed()
    bad = workdir / "team.yml"
    bad.write_text(
        "people:\n  - {slack_id: U0NEW1, name: New Rep, role: rep, plan: sdr-60, start: 2026-11-02}\n"
    )
    code, output = run("team", "import", str(bad))
    assert code == 2
    assert "people[0].plan: no plan 'sdr-60' is imported" in output


def test_plan_validate_reports_the_file_and_field_path(workdir: Path) -> None:
    bad = workdir / "plan.yml"
    metric = "{key: calls, label: Calls, max_per_week: -1, target: {full: 5}}"
    bad.write_text(f"id: x\nversion: 1\nname: X\nmetrics:\n  - {metric}\n")
    code, output = run("plan", "validate", str(bad))
    assert code == 2
    assert f"{bad}: metrics[0].max_per_week: should be greater than 0" in output


def test_plan_validate_reports_yaml_syntax_errors_with_the_line(workdir: Path) -> None:
    bad = workdir / "plan.yml"
    bad.write_text("id: x\nmetrics: [\n")
    code, output = run("plan", "validate", str(bad))
    assert code == 2
    assert "line " in output and "not valid YAML" in output


def test_status_json_prints_what_is_stored_for_the_rep(workdir: Path) -> None:
    seed()
    code, output = run("status", "--rep", "U0REP1", "--json")
    assert code == 0
    data = json.loads(output)
    assert data["member"]["name"] == "Riley Rep"
    assert data["enrollment"] == {
        "rep_id": "U0REP1",
        "plan_id": "ae-90",
        "plan_version": 1,
        "start": "2026-10-05",
        "counted_from": None,  # set by a replan that keeps the day count
    }
    assert data["weeks"] == []


def test_an_unreachable_database_is_named_without_its_password(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://ramp:hunter2@127.0.0.1:1/ramp")
    code, output = run("db", "upgrade")
    assert code == 2
    assert "cannot use the database at DATABASE_URL postgresql+psycopg://ramp:***@127.0.0.1:1/ramp" in output
    assert "hunter2" not in output and "Traceback" not in output


def test_status_lists_every_rep_with_their_ramp(workdir: Path) -> None:
    seed()
    code, output = run("status", "--json")
    assert code == 0
    reps = {row["rep_id"]: row for row in json.loads(output)}
    assert set(reps) == {"U0REP1", "U0REP2"}
    assert reps["U0REP1"]["status"] in ("no data", "not started")
    code, table = run("status")
    assert code == 0 and "Sam Seller" in table and "U0REP2" not in table


def test_reviews_lists_overdue_and_done_reviews_with_drive_by_signs(workdir: Path) -> None:
    import datetime as dt

    from bot.deps import Deps
    from bot.services import reviews
    from coaching.review_form import RawReview
    from storage.db import make_engine

    seed()
    deps = Deps(engine=make_engine(f"sqlite:///{workdir / 'cli.db'}"))
    thin = RawReview(
        {str(n): "3" for n in range(5)}, None, None, None, "x" * 90, "on track", "continue", None, None
    )
    reviews.submit_review(
        deps, team_id="T111", actor_id="U0MGR1", rep_id="U0REP1", opened_at=None, raw=thin, done_ids=[]
    )
    reviews.submit_review(
        deps, team_id="T111", actor_id="U0MGR1", rep_id="U0REP2", opened_at=None, raw=thin, done_ids=[]
    )
    deps.engine.dispose()
    code, output = run("reviews", "--json")
    assert code == 0, output
    report = json.loads(output)
    assert set(report) == {"overdue", "due", "upcoming", "done", "drive_by_managers"}
    assert [(d["rep"], d["assessment"]) for d in report["done"]] == [
        ("U0REP2", "on track"),
        ("U0REP1", "on track"),
    ]
    assert report["done"][0]["thin"] == ["short evidence", "every rating the same"]
    assert report["drive_by_managers"] == ["U0MGR1"]
    assert all(item["rep"] in {"U0REP1", "U0REP2"} for item in report["upcoming"] + report["overdue"])
    assert all(dt.date.fromisoformat(item["due"]) > dt.date.today() for item in report["upcoming"])  # noqa: DTZ011


def test_forget_reports_first_and_deletes_only_with_yes(workdir: Path) -> None:
    seed()
    code, output = run("forget", "--user", "U0REP2")
    assert code == 0 and "Would remove" in output and "person.slack_id: 1" in output
    assert "U0REP2" in run("status", "--json")[1]
    code, output = run("forget", "--user", "U0REP2", "--yes")
    assert code == 0 and "Removed for U0REP2" in output and "enrollment.rep_id: 1" in output
    assert "U0REP2" not in run("status", "--json")[1]
    assert run("forget", "--user", "U0REP2", "--yes")[0] == 2  # nobody left to forget


def test_digest_prints_json_and_a_dry_run_of_the_slack_messages(workdir: Path) -> None:
    seed()
    code, output = run("digest", "--json")
    assert code == 0, output
    data = json.loads(output)
    assert set(data["headline"]["counts"]) == {"on track", "at risk", "behind", "no data"}
    assert sorted(r["name"] for r in data["rows"]) == ["Riley Rep", "Sam Seller"]
    assert {"at_risk", "hit", "missed", "reviews", "signals", "approaches"} <= set(data)
    code, output = run("digest", "--dry-run", "--leader", "U0LEAD")
    assert code == 0, output
    (message,) = json.loads(output)["messages"]
    assert message["text"].startswith("Ramp digest") and message["blocks"][0]["type"] == "section"
    code, output = run("digest", "--json", "--leader", "U0MGR1")  # a manager's: their own tree
    assert code == 0 and sorted(r["name"] for r in json.loads(output)["rows"]) == ["Riley Rep", "Sam Seller"]
    code, output = run("digest", "--leader", "U0REP1")
    assert code == 2 and "U0REP1 is not a manager, leader or admin" in output
