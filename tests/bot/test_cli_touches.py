"""`rampcoach touches import` and `rampcoach nudges`, in-process with Typer's runner."""

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import cli
from coaching.delivery import Due, Kind
from coaching.nudges import Insight
from coaching.schedule import iso_week
from coaching.touches import Stage
from coaching.weeks import week_start
from storage.db import make_engine, session_scope
from storage.repo import deliveries, nudges

ROOT = Path(__file__).resolve().parents[2]
HEADER = "rep,sent_at,channel,step,template,subject,body,outcome\n"
runner = CliRunner()


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("SLACK_TEAM_ID", "T111")
    for args in (("db", "upgrade"), ("plan", "import", str(ROOT / "plans" / "ae-90.yml"))):
        assert runner.invoke(cli, list(args)).exit_code == 0
    assert runner.invoke(cli, ["team", "import", str(ROOT / "examples" / "team.yml")]).exit_code == 0
    return tmp_path


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(cli, list(args))
    return result.exit_code, result.output


def csv_file(path: Path, rows: str, header: str = HEADER) -> str:
    path.write_text(header + rows, encoding="utf-8")
    return str(path)


def test_import_stores_good_rows_reports_bad_ones_by_line_and_adds_nothing_twice(workdir: Path) -> None:
    rows = (
        "U0REP1,2026-11-02T09:30:00Z,email,1,issue-opener,Hi,Body,\n"
        "RILEY@example.com,2026-11-02T10:30:00Z,email,2,issue-follow-up,,,reply\n"
        "U0REP1,2026-11-02T11:30:00,email,1,issue-opener,,,\n"  # line 4: no time zone
        "nobody@example.com,2026-11-02T12:30:00Z,email,1,issue-opener,,,\n"  # line 5: no such rep
    )
    file = csv_file(workdir / "touches.csv", rows)
    code, output = run("touches", "import", file)
    assert code == 1  # some rows were refused
    assert "2 added, 0 updated, 0 unchanged, 0 rows improved an earlier row, 2 rows not imported." in output
    assert f"{file}:4: sent_at:" in output
    assert f"{file}:5: rep: 'nobody@example.com' is no one in this workspace" in output
    code, output = run("touches", "import", file)
    assert "0 added, 0 updated, 2 unchanged" in output


def test_a_later_better_outcome_updates_the_touch(workdir: Path) -> None:
    row = "U0REP1,2026-11-02T09:30:00Z,email,1,issue-opener,Hi,Body,{}\n"
    assert run("touches", "import", csv_file(workdir / "a.csv", row.format("")))[0] == 0
    code, output = run("touches", "import", csv_file(workdir / "b.csv", row.format("meeting_booked")))
    assert "0 added, 1 updated, 0 unchanged" in output


def test_a_column_map_renames_headers(workdir: Path) -> None:
    (workdir / "map.yml").write_text("rep: Owner Email\nsent_at: Sent\n")
    header = "Owner Email,Sent,channel,step,template\n"
    file = csv_file(workdir / "export.csv", "sam@example.com,2026-11-02T09:30:00Z,email,1,x\n", header)
    code, output = run("touches", "import", file, "--columns-map", str(workdir / "map.yml"))
    assert code == 0 and "1 added" in output
    (workdir / "bad.yml").write_text("owner: Owner Email\n")
    code, output = run("touches", "import", file, "--columns-map", str(workdir / "bad.yml"))
    assert code == 2 and "unknown column(s) owner" in output


def test_an_unreadable_file_exits_2(workdir: Path) -> None:
    assert run("touches", "import", str(workdir / "missing.csv"))[0] == 2
    code, output = run("touches", "import", csv_file(workdir / "x.csv", "a,b\n", "who,when\n"))
    assert code == 2 and ":1: missing column(s): rep" in output


def opener_rows(rep: str, template: str, replies: int, total: int, start: dt.datetime) -> str:
    return "".join(
        f"{rep},{(start + dt.timedelta(hours=i)).isoformat()},email,1,{template},,,"
        f"{'reply' if i < replies else ''}\n"
        for i in range(total)
    )


def test_nudges_name_each_reps_better_template_as_text_and_json(workdir: Path) -> None:
    start = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(days=20)
    rows = opener_rows("U0REP1", "issue-opener-short", 24, 40, start)
    rows += opener_rows("U0REP1", "product-opener-long", 2, 40, start + dt.timedelta(days=3))
    rows += opener_rows("U0REP2", "issue-opener-short", 3, 5, start)
    assert run("touches", "import", csv_file(workdir / "t.csv", rows))[0] == 0
    code, output = run("nudges")
    assert code == 0
    assert "Riley Rep" in output
    assert "Next step: use issue-opener-short for your openers instead of product-opener-long." in output
    assert "You sent 5 touches and got 3 replies" in output
    result = runner.invoke(cli, ["nudges", "--json", "--rep", "U0REP1"])
    (riley,) = json.loads(result.stdout)
    assert riley["rep"] == "U0REP1" and riley["encouragement"] is None
    assert riley["insights"][0]["better"] == "issue-opener-short"
    assert riley["insights"][0]["stage"] == "opener"
    assert riley["insights"][0]["text"].startswith("Your issue-opener-short openers got a reply 60%")


def test_a_bad_template_registry_stops_nudges_with_one_line(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (workdir / "templates.yml").write_text("templates:\n  - name: a\n    tags: [brief, long]\n")
    code, output = run("nudges")
    assert code == 2
    assert "RAMPCOACH_TEMPLATES: templates.yml is not a valid template registry" in output
    monkeypatch.setenv("RAMPCOACH_TEMPLATES", str(ROOT / "examples" / "templates.yml"))
    assert run("nudges") == (0, "No touches in that period.\n")


def test_sync_hubspot_needs_a_token(workdir: Path) -> None:
    code, output = run("touches", "sync-hubspot")
    assert code == 2 and "HUBSPOT_TOKEN is not set" in output


def test_nudges_json_shows_the_adoption_of_each_insight_a_sent_nudge_carried(workdir: Path) -> None:
    monday = week_start((dt.datetime.now(dt.UTC) - dt.timedelta(days=14)).date())
    before = dt.datetime.combine(monday, dt.time(9), tzinfo=dt.UTC) - dt.timedelta(days=7)
    after = before + dt.timedelta(days=8)
    rows = opener_rows("U0REP1", "product-opener-long", 2, 30, before)
    rows += opener_rows("U0REP1", "issue-opener-short", 2, 10, before + dt.timedelta(days=2))
    rows += opener_rows("U0REP1", "issue-opener-short", 12, 30, after)
    rows += opener_rows("U0REP1", "product-opener-long", 0, 10, after + dt.timedelta(days=2))
    assert run("touches", "import", csv_file(workdir / "t.csv", rows))[0] == 0
    week = iso_week(monday)
    record_sent_nudge(f"sqlite:///{workdir / 'cli.db'}", week)
    result = runner.invoke(cli, ["nudges", "--json", "--rep", "U0REP1"])
    (riley,) = json.loads(result.stdout)
    (adopted,) = riley["adoption"]
    assert (adopted["week"], adopted["better"], adopted["worse"]) == (
        week,
        "issue-opener-short",
        "product-opener-long",
    )
    assert adopted["before"] == {"touches": 40, "with_better": 10, "responses": 4, "share": 0.25, "rate": 0.1}
    assert adopted["after"] == {"touches": 40, "with_better": 30, "responses": 12, "share": 0.75, "rate": 0.3}
    assert adopted["share_change"] == 0.5 and round(adopted["lift"], 10) == 0.2


def record_sent_nudge(url: str, week: str) -> None:
    """A nudge for Riley in `week` that reached Slack, carrying one template insight."""
    insight = Insight(
        "U0REP1", "template", Stage.OPENER, "issue-opener-short", "product-opener-long",
        0.6, 0.05, 40, 40, 24, 2, 0.99, 10.0,
    )  # fmt: skip
    now = dt.datetime.now(dt.UTC)
    due = Due(Kind.NUDGE, "T111", "U0REP1", week, now)
    engine = make_engine(url)
    with session_scope(engine) as session:
        deliveries.record_due(session, dues=[due], now=now)
        deliveries.mark_sent(session, key=due.key, channel="DU0REP1", ts="1.0", now=now)
        nudges.record_insights(
            session, team_id="T111", rep_id="U0REP1", week=week, insights=[insight], now=now
        )
    engine.dispose()


def test_experiments_json_lists_each_reps_arm_week_share_and_outcome(workdir: Path) -> None:
    from coaching.experiments import Experiment, ExperimentResult
    from coaching.response_stats import Tally
    from storage.repo import experiments

    assert json.loads(runner.invoke(cli, ["experiments", "--json"]).stdout) == []
    now = dt.datetime.now(dt.UTC)
    tried = Experiment("U0REP1", Stage.OPENER, "asks-question", "issue-led", 0.25, Tally(0, 0), Tally(0, 0))
    engine = make_engine(f"sqlite:///{workdir / 'cli.db'}")
    with session_scope(engine) as session:
        experiments.record_experiment(session, team_id="T111", week="2026-W47", experiment=tried, now=now)
        experiments.record_result(
            session,
            team_id="T111",
            rep_id="U0REP1",
            week="2026-W47",
            result=ExperimentResult(Tally(6, 20), Tally(2, 20)),
        )
        experiments.record_experiment(session, team_id="T111", week="2026-W48", experiment=tried, now=now)
        experiments.skip_experiment(session, team_id="T111", rep_id="U0REP1", week="2026-W48")
    engine.dispose()
    result = runner.invoke(cli, ["experiments", "--json", "--rep", "U0REP1"])
    assert result.exit_code == 0
    first, second = json.loads(result.stdout)
    assert first["outcome"].pop("lift") == pytest.approx(0.2)
    assert first == {
        "rep": "U0REP1",
        "week": "2026-W47",
        "stage": "opener",
        "arm": "asks-question",
        "best": "issue-led",
        "share": 0.25,
        "status": "suggested",
        "outcome": {"tried": {"touches": 20, "responses": 6}, "others": {"touches": 20, "responses": 2}},
    }
    assert (second["week"], second["status"], second["outcome"]) == ("2026-W48", "skipped", None)
    code, output = run("experiments")
    assert code == 0 and "2026-W47  U0REP1  asks-question in 25% of openers  suggested  tried 6/20" in output
