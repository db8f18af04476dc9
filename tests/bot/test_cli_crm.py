"""`rampcoach crm check` and `rampcoach crm sync`, in-process with Typer's runner and HubSpot on respx."""

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from typer.testing import CliRunner

from bot.cli import cli

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("SLACK_TEAM_ID", "T111")
    monkeypatch.setenv("RAMPCOACH_CRM_MAPPING", str(ROOT / "examples" / "crm-mapping.yml"))
    for args in (("db", "upgrade"), ("plan", "import", str(ROOT / "plans" / "ae-90.yml"))):
        assert runner.invoke(cli, list(args)).exit_code == 0
    assert runner.invoke(cli, ["team", "import", str(ROOT / "examples" / "team.yml")]).exit_code == 0
    return tmp_path


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_check_accepts_the_example_and_names_each_bad_field(workdir: Path) -> None:
    code, stdout, _ = run("crm", "check")
    assert code == 0 and "valid, 6 metrics, 2 owner overrides" in stdout
    bad = workdir / "bad.yml"
    bad.write_text("metrics:\n  calls: {records: tweets}\n")
    code, _, stderr = run("crm", "check", str(bad))
    assert code == 2 and f"{bad}: metrics.calls.records: should be" in stderr


def test_sync_without_a_crm_named_is_one_line_and_exit_2(workdir: Path) -> None:
    code, _, stderr = run("crm", "sync")
    assert code == 2 and "RAMPCOACH_CRM is not set" in stderr


def call(id_: str, when: str, outcome: str = "f240bbac-87c9-4f6e-bf70-924b57d47db7") -> dict[str, Any]:
    props = {
        "hs_timestamp": when, "hs_lastmodifieddate": when, "hubspot_owner_id": "7",
        "hs_call_direction": "OUTBOUND", "hs_call_disposition": outcome,
    }  # fmt: skip
    return {"id": id_, "properties": props, "createdAt": when, "updatedAt": when, "archived": False}


def hubspot(mock: respx.MockRouter) -> None:
    owners = [{"id": "7", "email": "riley@example.com"}, {"id": "9", "email": "x@elsewhere.com"}]
    mock.get("/crm/v3/owners").respond(json={"results": owners})
    calls = [call("1", "2026-11-10T15:00:00Z"), call("2", "2026-11-11T15:00:00Z", "busy")]
    mock.post("/crm/v3/objects/calls/search").respond(json={"total": 2, "results": calls})
    for kind in ("emails", "meetings", "deals"):
        mock.post(f"/crm/v3/objects/{kind}/search").respond(json={"total": 0, "results": []})


def test_a_dry_run_prints_each_reps_week_as_json_and_a_real_run_stores_it(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RAMPCOACH_CRM", "hubspot")
    monkeypatch.setenv("HUBSPOT_TOKEN", "pat-1")
    with respx.mock(base_url="https://api.hubapi.com") as mock:
        hubspot(mock)
        code, stdout, _ = run("crm", "sync", "--since", "2026-11-01", "--dry-run", "--json")
    assert code == 0
    report = json.loads(stdout)
    assert report["weeks"]["U0REP1"]["2026-11-09"] | {} == {
        "calls": 2.0, "conversations": 1.0, "emails": 0.0, "meetings": 0.0, "demos": 0.0, "pipeline": 0.0,
    }  # fmt: skip
    assert report["changed"] == 0 and [o["id"] for o in report["unmatched"]] == ["9"]
    with respx.mock(base_url="https://api.hubapi.com") as mock:
        hubspot(mock)
        code, stdout, _ = run("crm", "sync", "--since", "2026-11-01")
    assert code == 0 and "HubSpot: 2 records read; 6 values changed." in stdout
    assert "U0REP1 week of 2026-11-09: proposed calls 2, conversations 1" in stdout
    assert "not matched: owner 9 (x@elsewhere.com)" in stdout


def test_the_daily_limit_exits_1_and_says_when_to_try_again(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RAMPCOACH_CRM", "hubspot")
    monkeypatch.setenv("HUBSPOT_TOKEN", "pat-1")
    with respx.mock(base_url="https://api.hubapi.com", assert_all_called=False) as mock:
        hubspot(mock)
        mock.post("/crm/v3/objects/calls/search").mock(
            return_value=httpx.Response(429, json={"status": "error", "policyName": "DAILY"})
        )
        code, _, stderr = run("crm", "sync")
    assert code == 1 and "Try again after midnight" in stderr
