"""The scheduled CRM sync (issue 17), on SQLite and PostgreSQL with HubSpot answered by respx: nightly at
02:00 UTC and an hour before each rep's check-in, once per slot whoever ticks, never when no CRM is set,
and a failing CRM is logged, counted, and leaves the tick's messages alone."""

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import respx
from structlog.testing import capture_logs
from typer.testing import CliRunner

from bot.cli import cli
from bot.connectors.hubspot import HubSpotClient
from bot.delivery.crm_sync_job import CrmSyncJob, crm_mapping
from bot.delivery.jobs import JobsReport, scheduled_jobs
from bot.delivery.tick import TickReport, tick
from bot.settings import Settings, SettingsError
from coaching.cadence import Schedules
from storage.db import session_scope
from storage.repo import crm, people
from tests.delivery.conftest import ROOT, TEAM, TOKEN, World, delivery_key

MAPPING = ROOT / "examples" / "crm-mapping.yml"
DAILY = {"status": "error", "message": "You have reached your daily limit.", "policyName": "DAILY"}


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=dt.UTC)


@pytest.fixture
def hubspot() -> Iterator[respx.MockRouter]:
    """HubSpot with one owner (Riley) and one outbound call on Wednesday 2026-11-18 of every search."""
    call = {"id": "c1", "properties": {"hs_timestamp": "2026-11-18T15:00:00Z", "hubspot_owner_id": "7",
            "hs_lastmodifieddate": "2026-11-18T15:00:00Z", "hs_call_direction": "OUTBOUND"}}  # fmt: skip
    with respx.mock(base_url="https://api.hubapi.com", assert_all_called=False) as mock:
        mock.get("/crm/v3/owners", name="owners").respond(
            json={"results": [{"id": "7", "email": "riley@example.com"}]}
        )
        mock.post("/crm/v3/objects/calls/search", name="calls").respond(json={"total": 1, "results": [call]})
        for kind in ("meetings", "emails", "deals"):
            mock.post(f"/crm/v3/objects/{kind}/search").respond(json={"total": 0, "results": []})
        yield mock


def job() -> CrmSyncJob:
    settings = Settings.model_validate({"rampcoach_crm_mapping": MAPPING})
    client = HubSpotClient("pat-1", sleep=lambda _: None)
    return CrmSyncJob(client, crm_mapping(settings), lambda _: None)


def run_tick(world: World, at: dt.datetime) -> TickReport:
    deps = world.deps(at)
    return tick(deps, world.sender(deps), Schedules(), [job()])


def syncs(hubspot: respx.MockRouter) -> int:
    return int(hubspot.routes["owners"].call_count)  # each sync starts by listing the owners


def test_the_nightly_sync_runs_once_at_two_am_utc_whichever_instance_ticks(
    world: World, hubspot: respx.MockRouter
) -> None:
    assert run_tick(world, utc(2026, 11, 18, 1, 59)).jobs == JobsReport()
    assert run_tick(world, utc(2026, 11, 18, 2, 0)).jobs == JobsReport(ran=1)
    for minute in (0, 1, 30, 59):  # another instance, a restart, a late tick: the slot is taken
        assert run_tick(world, utc(2026, 11, 18, 2, minute)).jobs == JobsReport()
    assert syncs(hubspot) == 1
    deps = world.deps(utc(2026, 11, 18, 3, 0))
    with session_scope(deps.engine) as session:
        proposed = crm.get_proposal(session, team_id=TEAM, rep_id="U0REP1", week_start=dt.date(2026, 11, 16))
    assert proposed is not None and proposed.values["calls"] == 1
    assert utc(2026, 11, 18, 2) <= proposed.synced_at < utc(2026, 11, 18, 2, 1)  # the clock runs
    run_tick(world, utc(2026, 11, 19, 2, 5))
    assert syncs(hubspot) == 2  # the next night


def test_the_sync_before_the_check_in_runs_at_three_pm_in_chicago_across_the_dst_change(
    world: World, hubspot: respx.MockRouter
) -> None:
    run_tick(world, utc(2026, 10, 30, 19, 59))
    assert syncs(hubspot) == 0
    run_tick(world, utc(2026, 10, 30, 20, 0))  # Friday 15:00 CDT
    assert syncs(hubspot) == 1
    run_tick(world, utc(2026, 11, 6, 20, 0))  # Friday 14:00 CST, after the clocks went back: not yet
    assert syncs(hubspot) == 1
    run_tick(world, utc(2026, 11, 6, 21, 0))  # 15:00 CST
    run_tick(world, utc(2026, 11, 6, 21, 10))
    assert syncs(hubspot) == 2


def test_a_stopping_process_starts_no_sync_and_leaves_the_slot_to_the_next_tick(
    world: World, hubspot: respx.MockRouter
) -> None:
    deps = world.deps(utc(2026, 11, 18, 2, 0))
    stopping = world.sender(deps)
    stopping.stop.set()
    assert tick(deps, stopping, Schedules(), [job()]).jobs == JobsReport()
    assert run_tick(world, utc(2026, 11, 18, 2, 1)).jobs == JobsReport(ran=1)
    assert syncs(hubspot) == 1


def test_no_crm_configured_means_no_job_and_no_request(world: World) -> None:
    assert scheduled_jobs(world.settings) == ()
    deps = world.deps(utc(2026, 11, 18, 2, 0))
    with respx.mock() as mock:  # any HTTP request through httpx would fail the test
        report = tick(deps, world.sender(deps), Schedules(), scheduled_jobs(world.settings))
    assert report.jobs == JobsReport() and mock.calls.call_count == 0


def test_a_failing_crm_is_logged_and_counted_and_the_tick_still_sends(
    world: World, hubspot: respx.MockRouter
) -> None:
    hubspot.routes["calls"].respond(429, json=DAILY)
    with capture_logs() as logs:
        # 21:30 UTC: Riley's pre-check-in slot (21:00), and Sam's check-in (15:00 UTC) still to send.
        report = run_tick(world, utc(2026, 11, 20, 21, 30))
    assert report.jobs == JobsReport(ran=1, failed=1)
    assert "checkin:T111:U0REP2:2026-W47" in [delivery_key(c) for c in world.posted()]
    (warning,) = [e for e in logs if e["log_level"] == "warning" and e["event"] == "scheduled job failed"]
    assert warning["job"] == "crm-sync" and warning["team_id"] == TEAM
    assert "daily API limit is used up; the sync keeps its place" in warning["error"]
    run_tick(world, utc(2026, 11, 20, 21, 40))
    assert syncs(hubspot) == 1  # the slot is spent: the CRM is asked again at the next one


def test_an_uninstalled_workspace_is_not_synced(world: World, hubspot: respx.MockRouter) -> None:
    deps = world.deps(utc(2026, 11, 18, 2, 0))
    with session_scope(deps.engine) as session:
        people.set_workspace_disabled(session, team_id=TEAM, now=deps.clock(), disabled=True)
    run_tick(world, utc(2026, 11, 18, 2, 0))
    assert syncs(hubspot) == 0


def test_the_crm_settings_make_the_job_and_a_bad_one_is_named(tmp_path: Path) -> None:
    base = {"rampcoach_crm": "hubspot", "rampcoach_crm_mapping": MAPPING, "slack_team_id": TEAM}
    (made,) = scheduled_jobs(Settings.model_validate({**base, "hubspot_token": "pat-1"}))
    assert isinstance(made, CrmSyncJob) and made.team_id == TEAM and not made.auto_confirm
    with pytest.raises(SettingsError, match="HUBSPOT_TOKEN"):
        scheduled_jobs(Settings.model_validate(base))
    bad = tmp_path / "crm-mapping.yml"
    bad.write_text("metrics:\n  calls:\n    records: fax\n")
    with pytest.raises(SettingsError, match=r"RAMPCOACH_CRM_MAPPING: .*crm-mapping.yml: metrics.calls"):
        scheduled_jobs(
            Settings.model_validate({**base, "hubspot_token": "pat-1", "rampcoach_crm_mapping": bad})
        )
    with pytest.raises(SettingsError, match="cannot read"):
        scheduled_jobs(Settings.model_validate({**base, "hubspot_token": "pat-1",
                                                "rampcoach_crm_mapping": tmp_path / "none.yml"}))  # fmt: skip


def test_rampcoach_tick_runs_the_sync_from_the_settings(
    world: World, hubspot: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in {
        "DATABASE_URL": world.url, "SLACK_BOT_TOKEN": TOKEN, "SLACK_API_URL": world.fake.api_url,
        "RAMPCOACH_CRM": "hubspot", "RAMPCOACH_CRM_MAPPING": str(MAPPING),
    }.items():  # fmt: skip
        monkeypatch.setenv(name, value)
    runner = CliRunner()
    refused = runner.invoke(cli, ["tick", "--at", "2026-11-18T02:00:00Z"])
    assert refused.exit_code == 2 and "HUBSPOT_TOKEN" in refused.output and syncs(hubspot) == 0
    monkeypatch.setenv("HUBSPOT_TOKEN", "pat-1")
    ran = runner.invoke(cli, ["tick", "--at", "2026-11-18T02:00:00Z"])
    assert ran.exit_code == 0 and "1 scheduled jobs run, 0 failed" in ran.output
    assert syncs(hubspot) == 1
