"""Exports: the rows each person may see, with names next to ids, and the ledger; CSV, JSON and the CLI."""

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import cli
from bot.deps import Deps, SettableClock
from bot.services import export, setup
from bot.services.errors import NotAllowed, NotAMember
from coaching.activity import WeekLog
from coaching.delivery import Due, Kind
from coaching.leave import LeavePeriod
from storage import migrate
from storage.db import make_engine, session_scope
from storage.repo import activity, deliveries, leave

ROOT = Path(__file__).resolve().parents[2]
TEAM = "T111"
NOW = dt.datetime(2026, 11, 20, 22, 0, tzinfo=dt.UTC)
TEAM_FILE = """
people:
  - {slack_id: U0LEAD, name: Dana Lead, role: leader}
  - {slack_id: U0MGR1, name: Max Manager, role: manager, manager: U0LEAD}
  - {slack_id: U0MGR2, name: Mia Other, role: manager, manager: U0LEAD}
  - {slack_id: U0ADM, name: Ada Admin, role: admin}
  - {slack_id: U0REP1, name: Riley Rep, role: rep, manager: U0MGR1, plan: ae-90, start: 2026-10-05}
  - {slack_id: U0REP2, name: Sam Seller, role: rep, manager: U0MGR1, plan: ae-90, start: 2026-11-02}
  - {slack_id: U0REP3, name: Olu Other, role: rep, manager: U0MGR2, plan: ae-90, start: 2026-11-02}
"""
OCT_12, NOV_9, NOV_16 = dt.date(2026, 10, 12), dt.date(2026, 11, 9), dt.date(2026, 11, 16)


def write(deps: Deps, rep: str, log: WeekLog, actor: str) -> None:
    with session_scope(deps.engine) as session:
        activity.write_week(session, team_id=TEAM, rep_id=rep, log=log, actor=actor, source="test", now=NOW)


@pytest.fixture
def deps(database_url: str) -> Iterator[Deps]:
    migrate.upgrade(database_url)
    deps = Deps(engine=make_engine(database_url), clock=SettableClock(NOW))
    setup.import_plan(deps, team_id=TEAM, source=(ROOT / "plans" / "ae-90.yml").read_text())
    setup.import_team(deps, team_id=TEAM, source=TEAM_FILE)
    write(deps, "U0REP1", WeekLog(OCT_12, {"calls": 40, "emails": 120}, '=HYPERLINK("x")'), "U0REP1")
    write(deps, "U0REP1", WeekLog(NOV_16, {"calls": 12.5}), "U0REP1")
    write(deps, "U0REP1", WeekLog(NOV_16, {"calls": 14}, "fixed by my manager"), "U0MGR1")
    write(deps, "U0REP2", WeekLog(NOV_9, {"meetings": 3}), "U0REP2")
    write(deps, "U0REP3", WeekLog(NOV_16, {"calls": 9}), "U0REP3")
    yield deps
    deps.engine.dispose()


def as_dicts(rows: export.Export) -> list[dict[str, object]]:
    return [dict(zip(rows.columns, row, strict=True)) for row in rows.rows]


def test_one_row_per_rep_and_week_with_names_metrics_note_and_last_change(deps: Deps) -> None:
    rows = export.log_export(deps, team_id=TEAM)
    assert rows.columns[:6] == ["team_id", "rep_id", "rep_name", "manager_id", "manager_name", "week_start"]
    assert rows.columns[-4:] == ["note", "updated_by", "updated_by_name", "updated_at"]
    assert {"calls", "emails", "meetings"} <= set(rows.columns[6:-4])
    found = as_dicts(rows)
    assert [(r["rep_id"], r["week_start"]) for r in found] == [
        ("U0REP1", "2026-10-12"),
        ("U0REP1", "2026-11-16"),
        ("U0REP2", "2026-11-09"),
        ("U0REP3", "2026-11-16"),
    ]
    riley = found[1]
    assert riley["rep_name"] == "Riley Rep" and riley["manager_name"] == "Max Manager"
    assert riley["calls"] == 14 and riley["emails"] is None  # not logged is empty, not zero
    assert riley["note"] == "fixed by my manager"
    assert (riley["updated_by"], riley["updated_by_name"]) == ("U0MGR1", "Max Manager")
    assert riley["updated_at"] == NOW.isoformat()


def test_since_keeps_only_weeks_from_that_date_on(deps: Deps) -> None:
    rows = as_dicts(export.log_export(deps, team_id=TEAM, since=NOV_9))
    assert [r["week_start"] for r in rows] == ["2026-11-16", "2026-11-09", "2026-11-16"]


@pytest.mark.parametrize(
    ("viewer", "reps"),
    [
        ("U0MGR1", {"U0REP1", "U0REP2"}),
        ("U0MGR2", {"U0REP3"}),
        ("U0LEAD", {"U0REP1", "U0REP2", "U0REP3"}),
        ("U0ADM", {"U0REP1", "U0REP2", "U0REP3"}),
    ],
)
def test_each_person_gets_only_the_reps_they_may_see(deps: Deps, viewer: str, reps: set[str]) -> None:
    rows = as_dicts(export.visible_log_export(deps, team_id=TEAM, viewer_id=viewer))
    assert {r["rep_id"] for r in rows} == reps


def test_a_rep_and_a_stranger_get_no_rows(deps: Deps) -> None:
    with pytest.raises(NotAllowed):
        export.visible_log_export(deps, team_id=TEAM, viewer_id="U0REP1")
    with pytest.raises(NotAMember):
        export.visible_log_export(deps, team_id=TEAM, viewer_id="U0NOBODY")


def test_csv_defuses_formulas_and_writes_whole_numbers_plainly(deps: Deps) -> None:
    parsed = list(csv.DictReader(io.StringIO(export.to_csv(export.log_export(deps, team_id=TEAM)))))
    assert parsed[0]["note"] == '\'=HYPERLINK("x")'
    assert (parsed[0]["calls"], parsed[0]["emails"], parsed[0]["meetings"]) == ("40", "120", "")
    assert parsed[1]["calls"] == "14"


def test_the_delivery_export_lists_the_ledger(deps: Deps) -> None:
    due = Due(Kind.CHECKIN, TEAM, "U0REP1", "2026-W47", NOW)
    old = Due(Kind.CHECKIN, TEAM, "U0REP1", "2026-W40", NOW - dt.timedelta(weeks=7))
    with session_scope(deps.engine) as session:
        deliveries.record_due(session, dues=[due, old], now=NOW)
    rows = as_dicts(export.delivery_export(deps, team_id=TEAM, since=dt.date(2026, 11, 1)))
    assert [(r["key"], r["state"], r["attempts"]) for r in rows] == [(due.key, "pending", 0)]
    assert rows[0]["due_at"] == NOW.isoformat()
    assert json.loads(export.to_json(export.delivery_export(deps, team_id=TEAM)))[1]["key"] == due.key


def test_the_cli_exports_logs_and_deliveries(
    deps: Deps, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", deps.engine.url.render_as_string(hide_password=False))
    out = tmp_path / "logs.json"
    result = CliRunner().invoke(
        cli, ["export", "logs", "--since", "2026-11-01", "--format", "json", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "3 rows written" in result.output
    assert {row["rep_name"] for row in json.loads(out.read_text())} == {
        "Riley Rep",
        "Sam Seller",
        "Olu Other",
    }
    result = CliRunner().invoke(cli, ["export", "deliveries", "--team", TEAM])
    assert result.exit_code == 0 and result.output.splitlines()[0].startswith("key,kind,team_id")
    result = CliRunner().invoke(cli, ["export", "logs", "--since", "last week"])
    assert result.exit_code == 2 and "is not a date like 2026-10-01" in result.output


def _review(deps: Deps, author: str, rep: str) -> None:
    from bot.services import reviews
    from coaching.review_form import RawReview

    raw = RawReview(
        ratings={str(n): "3" for n in range(5)},
        people=None,
        control=None,
        environment=None,
        evidence="Joined two calls: the rep opened with the buyer's issues and booked a next step on both.",
        assessment="on track",
        decision="continue",
        actions="rep: add a second contact by 2026-12-04",
        next_review=None,
    )
    reviews.submit_review(
        deps, team_id=TEAM, actor_id=author, rep_id=rep, opened_at=None, raw=raw, done_ids=[]
    )


def test_the_reviews_export_holds_only_the_reviews_the_asker_may_read(
    deps: Deps, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.services.review_export import visible_review_export

    _review(deps, "U0MGR1", "U0REP1")
    _review(deps, "U0MGR2", "U0REP3")
    mine = visible_review_export(deps, team_id=TEAM, viewer_id="U0MGR1")
    assert [(row[2], row[5]) for row in mine.rows] == [("U0REP1", "Max Manager")]
    assert len(visible_review_export(deps, team_id=TEAM, viewer_id="U0LEAD").rows) == 2
    with pytest.raises(NotAllowed):
        visible_review_export(deps, team_id=TEAM, viewer_id="U0REP1")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", deps.engine.url.render_as_string(hide_password=False))
    result = CliRunner().invoke(cli, ["export", "reviews", "--team", TEAM, "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert {r["rep_name"] for r in rows} == {"Riley Rep", "Olu Other"}
    assert json.loads(rows[0]["action_items"])[0]["text"] == "add a second contact"


def test_each_week_is_read_on_the_rep_s_ramp_clock_after_leave(deps: Deps) -> None:
    with session_scope(deps.engine) as session:  # two working weeks away, recorded back then
        away = LeavePeriod(dt.date(2026, 10, 19), dt.date(2026, 10, 30))
        leave.add(session, team_id=TEAM, rep_id="U0REP1", period=away, by="U0MGR1", now=NOW)
    write(deps, "U0REP1", WeekLog(dt.date(2026, 10, 19), {"calls": 5}), "U0REP1")

    rows = {r["week_start"]: r for r in as_dicts(export.log_export(deps, team_id=TEAM, rep_ids={"U0REP1"}))}

    # Oct 12 is week 2 as before; through the week fully on leave the ramp stands still in week 2, with
    # no target to meet;
    # Nov 16, calendar week 7, is the ramp's week 5 and is read against week 5's calls target.
    assert [(day, r["ramp_week"]) for day, r in rows.items()] == [
        ("2026-10-12", 2),
        ("2026-10-19", 2),
        ("2026-11-16", 5),
    ]
    assert rows["2026-10-19"]["week_attainment"] is None
    plan = setup.import_plan(deps, team_id=TEAM, source=(ROOT / "plans" / "ae-90.yml").read_text())[0]
    assert rows["2026-11-16"]["week_attainment"] == round(14 / plan.metrics[0].target_for(5), 3)
