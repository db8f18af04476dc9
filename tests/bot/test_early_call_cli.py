"""The early call on the command line: `status --json` and `calibration`, on SQLite and PostgreSQL."""

import datetime as dt
import json
import random
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from bot.cli import cli
from coaching.plans import parse_plan

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()
TODAY = dt.datetime.now(dt.UTC).date()
MONDAY = TODAY - dt.timedelta(days=TODAY.weekday())
CURRENT = MONDAY - dt.timedelta(weeks=6)  # day 43 to 49 of the ramp
NEW = MONDAY - dt.timedelta(weeks=1)  # day 8 to 14: too early for a call
DONE = MONDAY - dt.timedelta(weeks=20)  # the ramp ended weeks ago
COMPLETED = 22


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(cli, list(args))
    return result.exit_code, result.output


def setup(tmp: Path, completed: int) -> None:
    """Store a manager, two current reps and `completed` reps whose ramps ended, with their weeks."""
    rep = "role: rep, manager: U0MGR1, plan: ae-90, tz: UTC"
    people = [
        "  - {slack_id: U0MGR1, name: Max, role: manager}",
        f"  - {{slack_id: U0NOW, name: Now, {rep}, start: {CURRENT}}}",
        f"  - {{slack_id: U0NEW, name: New, {rep}, start: {NEW}}}",
    ]
    people += [f"  - {{slack_id: U0D{n:02d}, name: D{n}, {rep}, start: {DONE}}}" for n in range(completed)]
    (tmp / "team.yml").write_text("people:\n" + "\n".join(people) + "\n")
    plan = parse_plan(yaml.safe_load((ROOT / "plans" / "ae-90.yml").read_text()))
    rng = random.Random(7)
    rows = ["rep,week_start,metric,value"]
    reps = [("U0NOW", CURRENT, 6, 0.6)] + [
        (f"U0D{n:02d}", DONE, 13, 0.5 + n / completed) for n in range(completed)
    ]
    for rep, start, weeks, pace in reps:
        for w in range(weeks):
            for key, target in zip(plan.keys, plan.weekly_targets[w], strict=True):
                value = round(target * pace * rng.uniform(0.8, 1.2))
                rows.append(f"{rep},{start + dt.timedelta(weeks=w)},{key},{value}")
    (tmp / "weeks.csv").write_text("\n".join(rows) + "\n")
    assert run("db", "upgrade")[0] == 0
    assert run("plan", "import", str(ROOT / "plans" / "ae-90.yml"))[0] == 0
    assert run("team", "import", str(tmp / "team.yml"))[0] == 0
    code, output = run("activity", "import", str(tmp / "weeks.csv"))
    assert code == 0, output


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, database_url: str) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("SLACK_TEAM_ID", "T111")
    return tmp_path


def test_status_json_gives_each_rep_an_early_call_from_day_21(workdir: Path) -> None:
    setup(workdir, completed=0)
    code, output = run("status", "--json")
    assert code == 0, output
    calls = {row["rep_id"]: row["early_call"] for row in json.loads(output)}
    assert calls["U0NEW"] is None
    now = calls["U0NOW"]
    assert set(now) == {"p_on_track", "day", "reasons"}
    assert now["day"] == (TODAY - CURRENT).days + 1
    assert 0.0 <= now["p_on_track"] < 0.5  # at 60% of the plan's pace for six weeks
    assert 2 <= len(now["reasons"]) <= 3 and all("kind" in r for r in now["reasons"])
    code, output = run("status", "--rep", "U0NOW", "--json")
    assert json.loads(output)["status"]["early_call"] == now


def test_calibration_without_completed_ramps_uses_the_model_as_is(workdir: Path) -> None:
    setup(workdir, completed=0)
    code, output = run("calibration", "--json")
    assert code == 0, output
    report = json.loads(output)
    assert report["completed_ramps"] == 0 and report["recalibration"] is None and report["brier"] is None
    assert len(report["bands"]) == 10
    code, output = run("calibration")
    assert code == 0 and "recalibration starts at 20 completed ramps" in output


def test_calibration_prints_the_reliability_table_and_recalibrates_on_20_completed_ramps(
    workdir: Path,
) -> None:
    setup(workdir, completed=COMPLETED)
    code, output = run("calibration", "--json")
    assert code == 0, output
    report = json.loads(output)
    assert report["completed_ramps"] == COMPLETED
    assert report["forecasts"] == 3 * COMPLETED  # days 30, 45 and 60 of each ramp
    assert sum(band["count"] for band in report["bands"]) == 3 * COMPLETED
    assert 0.0 <= report["brier"] < 0.25
    assert report["recalibration"]["ramps"] == COMPLETED
    code, output = run("calibration")
    assert code == 0 and "Brier score" in output and f"Recalibrated on {COMPLETED} completed ramps" in output
