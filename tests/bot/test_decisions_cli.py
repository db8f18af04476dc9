"""Checkpoint decisions and milestones from the command line, and who sees the early call, on SQLite and
PostgreSQL."""

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import cli
from bot.deps import Deps, SettableClock, Tuning
from bot.services import decisions, digest, home, leave, setup
from bot.services.errors import NotAllowed
from bot.services.leader_home import manager_team
from bot.views.digest import digest_messages
from bot.views.home import home_view
from bot.views.leader_home import manager_team_modal
from coaching.leave import LeaveRequest, LeaveVerb
from storage import migrate
from storage.db import make_engine

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()
TODAY = dt.datetime.now(dt.UTC).date()
START = TODAY - dt.timedelta(days=46)  # day 47: the day-14 milestone is due, the early call is on
WHY = "Pace is behind on meetings but rising; four more weeks at full pace will show it."
TEAM_FILE = f"""
people:
  - {{slack_id: U0LEAD, name: Dana Lead, role: leader, tz: UTC}}
  - {{slack_id: U0MGR1, name: Max Manager, role: manager, manager: U0LEAD, tz: UTC}}
  - {{slack_id: U0REP1, name: Riley Rep, role: rep, manager: U0MGR1, plan: ae-90, start: {START}, tz: UTC}}
"""


def run(*args: str) -> tuple[int, str]:
    """Return the exit code, and stdout (with stderr when it failed: the one-line reason)."""
    result = runner.invoke(cli, list(args))
    return result.exit_code, result.stdout if result.exit_code == 0 else result.output


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, database_url: str) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("SLACK_TEAM_ID", "T111")
    (tmp_path / "team.yml").write_text(TEAM_FILE)
    assert run("db", "upgrade")[0] == 0
    assert run("plan", "import", str(ROOT / "plans" / "ae-90.yml"))[0] == 0
    assert run("team", "import", str(tmp_path / "team.yml"))[0] == 0
    return tmp_path


def test_a_decision_is_recorded_and_listed_as_json_and_bad_input_exits_2(workdir: Path) -> None:
    code, output = run("decide", "--rep", "U0REP1", "--decision", "extend the ramp", "--why", WHY)
    assert code == 2 and "weeks: Extend by a whole number of weeks" in output
    code, output = run("decide", "--rep", "U0REP1", "--decision", "shrug", "--why", WHY)
    assert code == 2 and "Choose one of: continue, extend the ramp" in output
    code, output = run("decide", "--rep", "U0NOBODY", "--decision", "continue", "--why", WHY)
    assert code == 2 and "not an enrolled rep" in output
    args = ["--rep", "U0REP1", "--decision", "extend the ramp", "--weeks", "4", "--why", WHY, "--json"]
    code, output = run("decide", *args)
    assert code == 0, output
    made = json.loads(output)
    assert (made["decision"], made["weeks"], made["by"]) == ("extend the ramp", 4, "cli")
    assert made["snapshot"]["day"] == 47 and made["snapshot"]["early_call"]["day"] == 47
    code, output = run("decisions", "--json")
    assert code == 0 and [d["id"] for d in json.loads(output)["decisions"]] == [made["id"]]
    code, output = run("status", "--rep", "U0REP1", "--json")
    assert json.loads(output)["status"]["total_weeks"] == 13 + 4
    code, output = run(
        "amend-decision", "--id", str(made["id"]), "--text", "Agreed with HR on the 18th.", "--json"
    )
    assert code == 0 and json.loads(output)["amendments"] == ["Agreed with HR on the 18th."]
    assert json.loads(output)["why"] == WHY  # the decision itself never changes
    assert run("amend-decision", "--id", "999", "--text", "Agreed with HR on the 18th.")[0] == 2


def test_only_a_decisions_author_or_an_admin_may_correct_it(database_url: str) -> None:
    migrate.upgrade(database_url)
    deps = Deps(
        make_engine(database_url), SettableClock(dt.datetime.combine(TODAY, dt.time(12), tzinfo=dt.UTC))
    )
    setup.import_plan(deps, team_id="T111", source=(ROOT / "plans" / "ae-90.yml").read_text())
    setup.import_team(deps, team_id="T111", source=TEAM_FILE)
    made = decisions.decide(
        deps, team_id="T111", actor_id="U0MGR1", rep_id="U0REP1", kind="continue", why=WHY
    )
    with pytest.raises(NotAllowed):
        decisions.amend_decision(
            deps, team_id="T111", actor_id="U0LEAD", decision_id=made.id, text="Not what we agreed."
        )
    fixed = decisions.amend_decision(
        deps, team_id="T111", actor_id="U0MGR1", decision_id=made.id, text="Also: HR agreed."
    )
    assert fixed.amendments == ("Also: HR agreed.",) and fixed.decision == made.decision
    deps.engine.dispose()


def test_a_milestone_is_confirmed_from_the_command_line(workdir: Path) -> None:
    label = "Completed product certification"
    code, output = run(
        "milestone", "--rep", "U0REP1", "--label", "Ran a full discovery call shadowed by the manager"
    )
    assert code == 2 and "not a milestone waiting for confirmation" in output  # day 60: not due yet
    code, output = run("milestone", "--rep", "U0REP1", "--label", label)
    assert code == 0, output
    code, output = run("status", "--rep", "U0REP1", "--json")
    states = {m["label"]: m["state"] for m in json.loads(output)["status"]["milestones"]}
    assert states[label] == "hit"


@pytest.mark.parametrize(("visible_to", "manager_sees"), [("managers", True), ("leaders", False)])
def test_the_setting_decides_whether_the_line_of_managers_sees_the_early_call(
    database_url: str, visible_to: str, manager_sees: bool
) -> None:
    migrate.upgrade(database_url)
    now = dt.datetime.combine(TODAY, dt.time(12), tzinfo=dt.UTC)
    deps = Deps(make_engine(database_url), SettableClock(now), Tuning(early_call_visible_to=visible_to))
    setup.import_plan(deps, team_id="T111", source=(ROOT / "plans" / "ae-90.yml").read_text())
    setup.import_team(deps, team_id="T111", source=TEAM_FILE)
    seen = {
        user: "Chance to finish on track"
        in json.dumps(home_view(home.home_for(deps, team_id="T111", user_id=user)).to_dict())
        for user in ("U0MGR1", "U0REP1")
    }
    # A leader's Home lists managers; each manager's team opens in a modal with one row per rep.
    lead = home.home_for(deps, team_id="T111", user_id="U0LEAD")
    name, lines = manager_team(lead, "U0MGR1")
    seen["U0LEAD"] = "Chance to finish on track" in json.dumps(
        manager_team_modal(name, lines, lead.today or TODAY).to_dict()
    )
    assert seen == {"U0MGR1": manager_sees, "U0LEAD": True, "U0REP1": False}
    deps.engine.dispose()


def test_the_digest_opens_with_decisions_and_shows_the_call_in_the_cohort_table(database_url: str) -> None:
    migrate.upgrade(database_url)
    now = dt.datetime.combine(TODAY, dt.time(12), tzinfo=dt.UTC)
    deps = Deps(make_engine(database_url), SettableClock(now - dt.timedelta(days=2)))
    setup.import_plan(deps, team_id="T111", source=(ROOT / "plans" / "ae-90.yml").read_text())
    setup.import_team(deps, team_id="T111", source=TEAM_FILE)
    decisions.decide(
        deps, team_id="T111", actor_id="U0MGR1", rep_id="U0REP1", kind="extend the ramp", why=WHY, weeks="2"
    )
    deps = dataclasses.replace(deps, clock=SettableClock(now))
    data = digest.leader_digest(deps, team_id="T111", leader_id="U0LEAD")
    assert data is not None
    text = json.dumps(
        [b.to_dict() for _, blocks in digest_messages(data) for b in blocks], ensure_ascii=False
    )
    assert text.index("Checkpoint decisions") < text.index("Cohort")
    assert "Riley Rep: Extend the ramp by 2 weeks" in text and "Riley Rep: extended" in text
    assert "chance on track" in text and "coaching aid, not a verdict" in text
    deps.engine.dispose()


def test_leave_moves_the_end_of_the_ramp_that_the_digest_lists_as_ended(database_url: str) -> None:
    migrate.upgrade(database_url)
    start = dt.date(2026, 9, 7)  # a Monday; the 90-day plan ends Sat Dec 5 without leave
    team = TEAM_FILE.replace(f"start: {START}", f"start: {start}")
    before = dt.datetime(2026, 10, 9, 12, tzinfo=dt.UTC)
    deps = Deps(make_engine(database_url), SettableClock(before))
    setup.import_plan(deps, team_id="T111", source=(ROOT / "plans" / "ae-90.yml").read_text())
    setup.import_team(deps, team_id="T111", source=team)
    three_weeks = LeaveRequest("U0REP1", LeaveVerb.RECORD, dt.date(2026, 10, 12), dt.date(2026, 11, 1))
    leave.change_leave(deps, team_id="T111", actor_id="U0MGR1", request=three_weeks)
    after_plain_end = dataclasses.replace(
        deps, clock=SettableClock(dt.datetime(2026, 12, 7, 12, tzinfo=dt.UTC))
    )
    data = digest.leader_digest(after_plain_end, team_id="T111", leader_id="U0LEAD")
    assert data is not None
    assert [
        e.rep_id for e in data.decisions.ended
    ] == []  # 15 working days of leave: it ends in late December
    deps.engine.dispose()
