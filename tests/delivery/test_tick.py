"""The weekly check-in and its reminder, sent through the ledger exactly once, in each person's time."""

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from bot.cli import cli
from bot.delivery.tick import record_due, tick
from coaching.activity import WeekLog
from coaching.cadence import Schedules
from coaching.delivery import State
from coaching.team import Person, Role
from storage.db import session_scope
from storage.repo import activity, deliveries, people
from tests.delivery.conftest import FRIDAY_CHICAGO, TEAM, TOKEN, World, delivery_key

MONDAY_CHICAGO = dt.datetime(2026, 11, 23, 16, 0, tzinfo=dt.UTC)  # 10:00 in Chicago


def run_tick(world: World, at: dt.datetime) -> None:
    deps = world.deps(at)
    tick(deps, world.sender(deps), Schedules())


def ledger(world: World, at: dt.datetime) -> dict[str, State]:
    deps = world.deps(at)
    with session_scope(deps.engine) as session:
        rows = deliveries.listing(session, sent_since=at - dt.timedelta(days=30))
    return {row.key: row.state for row in rows}


def test_each_rep_gets_the_check_in_at_four_pm_in_their_own_zone_once(world: World) -> None:
    run_tick(world, FRIDAY_CHICAGO - dt.timedelta(minutes=1))
    assert [delivery_key(c) for c in world.posted()] == ["checkin:T111:U0REP2:2026-W47"]  # Berlin, 15:00 UTC
    run_tick(world, FRIDAY_CHICAGO)
    run_tick(world, FRIDAY_CHICAGO)
    run_tick(world, FRIDAY_CHICAGO + dt.timedelta(hours=2))
    keys = [delivery_key(c) for c in world.posted()]
    assert keys == ["checkin:T111:U0REP2:2026-W47", "checkin:T111:U0REP1:2026-W47"]
    assert ledger(world, FRIDAY_CHICAGO)["checkin:T111:U0REP1:2026-W47"] is State.SENT


def test_the_check_in_is_a_dm_with_the_weeks_targets_and_no_extra_calls(world: World) -> None:
    run_tick(world, FRIDAY_CHICAGO)
    riley = next(c for c in world.posted() if c.args["channel"] == "U0REP1")
    text = json.dumps(riley.args["blocks"])
    assert "Calls: *55*" in text and "/log calls=&lt;n&gt;" in text and "calls=55" not in text
    assert riley.args["metadata"]["event_type"] == "rampcoach_delivery"
    assert world.fake.calls("conversations.open") == []


def test_the_reminder_goes_only_to_reps_who_have_not_logged_last_week(world: World) -> None:
    deps = world.deps(MONDAY_CHICAGO)
    with session_scope(deps.engine) as session:
        activity.write_week(
            session,
            team_id=TEAM,
            rep_id="U0REP2",
            log=WeekLog(dt.date(2026, 11, 16), {"calls": 3}),
            actor="U0REP2",
            source="test",
            now=MONDAY_CHICAGO,
        )
    run_tick(world, MONDAY_CHICAGO)
    reminders = [delivery_key(c) for c in world.posted() if delivery_key(c).startswith("reminder")]
    assert reminders == ["reminder:T111:U0REP1:2026-W47"]
    text = json.dumps(world.posted()[-1].args["blocks"])
    assert "not logged yet" in text and "/log last week" in text


def test_a_reminder_for_a_week_logged_after_it_was_recorded_is_skipped(world: World) -> None:
    deps = world.deps(MONDAY_CHICAGO)
    record_due(deps, Schedules())
    with session_scope(deps.engine) as session:
        activity.write_week(
            session,
            team_id=TEAM,
            rep_id="U0REP1",
            log=WeekLog(dt.date(2026, 11, 16), {"calls": 3}),
            actor="U0REP1",
            source="test",
            now=MONDAY_CHICAGO,
        )
    world.sender(deps).send_due()
    assert [c for c in world.posted() if delivery_key(c).startswith("reminder:T111:U0REP1")] == []
    assert ledger(world, MONDAY_CHICAGO)["reminder:T111:U0REP1:2026-W47"] is State.SKIPPED


def test_a_429_is_waited_out_and_then_sent_once(world: World) -> None:
    world.fake.fail_next("chat.postMessage", status=429, retry_after=1)
    run_tick(world, FRIDAY_CHICAGO)
    assert sorted(delivery_key(c) for c in world.posted()) == [
        "checkin:T111:U0REP1:2026-W47",
        "checkin:T111:U0REP2:2026-W47",
    ]
    refused = [c for c in world.fake.calls("chat.postMessage") if c.status == 429]
    assert len(refused) == 1


def test_server_errors_are_retried_with_backoff_then_succeed(world: World) -> None:
    world.fake.fail_next("chat.postMessage", status=503, times=2)
    run_tick(world, FRIDAY_CHICAGO)
    assert len(world.posted()) == 2
    assert all(state is State.SENT for state in ledger(world, FRIDAY_CHICAGO).values())


def test_a_permanent_error_fails_the_row_without_retrying(world: World) -> None:
    world.fake.fail_next("chat.postMessage", status=200, error="user_not_found")
    run_tick(world, FRIDAY_CHICAGO)
    states = ledger(world, FRIDAY_CHICAGO)
    assert sorted(states.values()) == sorted([State.FAILED, State.SENT])
    assert len(world.fake.calls("chat.postMessage")) == 2


def test_a_row_that_keeps_failing_is_marked_failed_with_its_reason(world: World) -> None:
    world.fake.fail_next("chat.postMessage", status=500, times=50)
    deps = world.deps(FRIDAY_CHICAGO)
    report = tick(deps, world.sender(deps), Schedules())
    assert report.sending.failed == 2
    assert all("after 5 attempts" in error for error in report.sending.errors)


def test_a_zone_missing_from_the_team_file_comes_from_slack_and_an_admins_zone_stays(world: World) -> None:
    deps = world.deps(FRIDAY_CHICAGO)
    newcomer = Person(slack_id="U0NEW", name="New Rep", role=Role.REP, manager="U0MGR1")
    with session_scope(deps.engine) as session:
        people.upsert_people(session, team_id=TEAM, people=[newcomer], now=FRIDAY_CHICAGO)
    world.fake.set_user("U0NEW", tz="Asia/Tokyo")
    tick(deps, world.sender(deps), Schedules())
    with session_scope(deps.engine) as session:
        assert people.get_member(session, team_id=TEAM, slack_id="U0NEW").tz == "Asia/Tokyo"  # type: ignore[union-attr]
        assert people.get_member(session, team_id=TEAM, slack_id="U0REP1").tz == "America/Chicago"  # type: ignore[union-attr]
    assert [c.args["user"] for c in world.fake.calls("users.info")] == ["U0NEW"]
    tick(deps, world.sender(deps), Schedules())
    assert len(world.fake.calls("users.info")) == 1  # checked this week already


def test_the_cli_lists_the_ledger_and_retries_a_failed_delivery(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    world.fake.fail_next("chat.postMessage", status=200, error="channel_not_found", times=2)
    monkeypatch.setenv("DATABASE_URL", world.url)
    monkeypatch.setenv("SLACK_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("SLACK_API_URL", world.fake.api_url)
    runner = CliRunner()
    first = runner.invoke(cli, ["tick", "--at", FRIDAY_CHICAGO.isoformat()])
    assert first.exit_code == 1 and "0 sent, 2 failed" in first.output
    listed = json.loads(runner.invoke(cli, ["deliveries", "--json"]).output)
    assert {(row["key"], row["state"], row["last_error"]) for row in listed} == {
        ("checkin:T111:U0REP1:2026-W47", "failed", "channel_not_found"),
        ("checkin:T111:U0REP2:2026-W47", "failed", "channel_not_found"),
    }
    assert runner.invoke(cli, ["deliveries", "retry", "checkin:T111:U0REP1:2026-W47"]).exit_code == 0
    again = runner.invoke(cli, ["tick", "--at", FRIDAY_CHICAGO.isoformat()])
    assert again.exit_code == 0 and "1 sent" in again.output
    assert runner.invoke(cli, ["deliveries", "retry", "checkin:T111:U0REP1:2026-W47"]).exit_code == 2


def test_recording_counts_only_the_rows_that_are_new(world: World) -> None:
    deps = world.deps(FRIDAY_CHICAGO)
    assert record_due(deps, Schedules()) == 2  # Riley's and Sam's check-ins
    assert record_due(deps, Schedules()) == 0
