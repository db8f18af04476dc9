"""CRM auto-fill end to end, on SQLite and PostgreSQL: HubSpot (respx) fills Riley's week, the Friday
check-in shows it with Confirm and Edit, and one signed click stores it as Riley's log with source `crm`."""

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
import respx
import yaml

from bot.app import build_app, listener_executor
from bot.connectors.hubspot import HubSpotClient
from bot.delivery.crm_sync_job import CrmSyncJob
from bot.delivery.jobs import Job
from bot.delivery.tick import make_sender, tick
from bot.deps import Deps, SettableClock
from bot.fake_slack import FakeSlack
from bot.server import serving_in_background
from bot.services import setup
from bot.services.crm_sync import sync_crm
from bot.settings import Settings
from bot.testing.payloads import block_actions, button
from bot.testing.signing import SlackPoster
from bot.views.log_modal import metric_block_id
from coaching.crm_mapping import parse_mapping
from storage import migrate
from storage.db import make_engine, session_scope
from storage.repo import activity
from tests.e2e.conftest import FRIDAY, REP, ROOT, SECRET, TEAM, RunningBot

MONDAY = dt.date(2026, 11, 16)  # Riley's week in Chicago on Friday 2026-11-20
MAPPING = parse_mapping(yaml.safe_load((ROOT / "examples" / "crm-mapping.yml").read_text()))


@pytest.fixture
def crm_bot(database_url: str) -> Iterator[RunningBot]:
    migrate.upgrade(database_url)
    clock = SettableClock(FRIDAY)
    deps = Deps(engine=make_engine(database_url), clock=clock)
    setup.import_plan(deps, team_id=TEAM, source=(ROOT / "plans" / "ae-90.yml").read_text())
    setup.import_team(deps, team_id=TEAM, source=(ROOT / "examples" / "team.yml").read_text())
    with FakeSlack("xoxb-e2e", team_id=TEAM) as fake:
        settings = Settings.model_validate(
            {
                "slack_bot_token": "xoxb-e2e",
                "slack_signing_secret": SECRET,
                "slack_api_url": fake.api_url,
                "database_url": database_url,
            }
        )
        executor = listener_executor()
        with (
            serving_in_background(build_app(settings, deps, http=True, executor=executor)) as events_url,
            SlackPoster(events_url, SECRET) as poster,
        ):
            yield RunningBot(fake, poster, clock, deps)
        executor.shutdown(wait=True)
    deps.engine.dispose()


def hubspot_answers(mock: respx.MockRouter) -> None:
    """HubSpot with Riley (owner 7): two outbound calls and a meeting in the week of 2026-11-16."""

    def call(id_: str, when: str) -> dict[str, Any]:
        props = {"hs_timestamp": when, "hs_lastmodifieddate": when, "hubspot_owner_id": "7",
                 "hs_call_direction": "OUTBOUND"}  # fmt: skip
        return {"id": id_, "properties": props}

    meeting = {"id": "m1", "properties": {"hs_timestamp": "2026-11-18T16:00:00Z", "hubspot_owner_id": "7",
               "hs_lastmodifieddate": "2026-11-18T16:00:00Z"}}  # fmt: skip
    mock.get("/crm/v3/owners").respond(json={"results": [{"id": "7", "email": "riley@example.com"}]})
    calls = [call("c1", "2026-11-17T15:00:00Z"), call("c2", "2026-11-19T20:00:00Z")]
    mock.post("/crm/v3/objects/calls/search").respond(json={"total": 2, "results": calls})
    mock.post("/crm/v3/objects/meetings/search").respond(json={"total": 1, "results": [meeting]})
    for kind in ("emails", "deals"):
        mock.post(f"/crm/v3/objects/{kind}/search").respond(json={"total": 0, "results": []})


def hubspot_fills_the_week(bot: RunningBot) -> None:
    with respx.mock(base_url="https://api.hubapi.com") as mock:
        hubspot_answers(mock)
        report = sync_crm(
            bot.deps, team_id=TEAM, connector=HubSpotClient("pat-1", sleep=lambda _: None), mapping=MAPPING,
            lookup_email=lambda _: None,
        )  # fmt: skip
    assert report.error is None and report.weeks[REP][MONDAY]["calls"] == 2


def send_check_ins(bot: RunningBot, jobs: Sequence[Job] = ()) -> dict[str, Any]:
    settings = Settings.model_validate({"slack_bot_token": "xoxb-e2e", "slack_api_url": bot.fake.api_url})
    tick(bot.deps, make_sender(bot.deps, settings, speedup=100.0), settings.schedules(), jobs)
    (checkin,) = [c for c in bot.fake.calls("chat.postMessage") if c.ok and c.args.get("channel") == REP]
    return checkin.args


def click(bot: RunningBot, action_id: str, user: str = REP, value: str = MONDAY.isoformat()) -> str:
    response_url = bot.fake.response_url(f"crm-{len(bot.fake.calls())}")
    body = block_actions(
        [button(action_id, value, block_id="crm")], user_id=user, team_id=TEAM, channel_id="D0REP1",
        response_url=response_url,
    )  # fmt: skip
    assert bot.poster.post_form(body).status_code == 200
    return response_url


def test_a_rep_confirms_a_crm_filled_week_in_one_click(crm_bot: RunningBot) -> None:
    hubspot_fills_the_week(crm_bot)
    checkin = send_check_ins(crm_bot)
    texts = [b.get("text", {}).get("text", "") for b in checkin["blocks"]]
    assert any(t.startswith("*From HubSpot:* 2 calls, ") and "1 meetings" in t for t in texts)
    buttons = [e for b in checkin["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert [(e["action_id"], e.get("value")) for e in buttons if e["action_id"].startswith("crm")] == [
        ("crm_confirm", "2026-11-16"), ("crm_edit", "2026-11-16"),
    ]  # fmt: skip
    reply = crm_bot.reply_to(click(crm_bot, "crm_confirm"))
    assert reply.args["text"] == "Logged." and reply.args["response_type"] == "ephemeral"
    with session_scope(crm_bot.deps.engine) as session:
        week = activity.get_week(session, team_id=TEAM, rep_id=REP, week_start=MONDAY)
        trail = activity.audit_trail(session, team_id=TEAM, rep_id=REP)
    assert week is not None and week.values["calls"] == 2 and week.values["meetings"] == 1
    assert week.values["demos"] == 0 and "proposals" not in week.values  # unmapped: stays manual
    assert {e.source for e in trail} == {"crm"} and {e.changed_by for e in trail} == {REP}
    assert ("calls", None, "2") in {(e.change.field, e.change.old, e.change.new) for e in trail}


def test_edit_opens_the_log_modal_filled_and_typed_numbers_win(crm_bot: RunningBot) -> None:
    hubspot_fills_the_week(crm_bot)
    _, url = crm_bot.command("/log", "calls=40")
    crm_bot.reply_to(url)
    click(crm_bot, "crm_edit")
    view = crm_bot.fake.wait_for("views.open")[-1].args["view"]
    blocks = {b["block_id"]: b for b in view["blocks"]}
    assert view["callback_id"] == "log_week"
    assert blocks[metric_block_id(MONDAY, "calls")]["element"]["initial_value"] == "40"
    assert blocks[metric_block_id(MONDAY, "meetings")]["element"]["initial_value"] == "1"
    crm_bot.reply_to(click(crm_bot, "crm_confirm"))
    with session_scope(crm_bot.deps.engine) as session:
        week = activity.get_week(session, team_id=TEAM, rep_id=REP, week_start=MONDAY)
    assert week is not None and week.values["calls"] == 40 and week.values["meetings"] == 1


def test_a_click_confirms_only_the_clickers_own_week_and_others_are_told_why(crm_bot: RunningBot) -> None:
    hubspot_fills_the_week(crm_bot)
    reply = crm_bot.reply_to(click(crm_bot, "crm_confirm", user="U0REP2"))  # Riley's button, Sam's click
    assert "nothing from your CRM to confirm" in reply.args["text"]
    reply = crm_bot.reply_to(click(crm_bot, "crm_confirm", user="U0MGR1"))
    assert "not enrolled in a ramp plan" in reply.args["text"]
    reply = crm_bot.reply_to(click(crm_bot, "crm_confirm", value="2026-13-45"))
    assert "nothing from your CRM to confirm" in reply.args["text"]
    with session_scope(crm_bot.deps.engine) as session:
        assert activity.get_week(session, team_id=TEAM, rep_id=REP, week_start=MONDAY) is None
        assert activity.audit_trail(session, team_id=TEAM, rep_id="U0REP2") == []


def test_the_check_in_after_the_scheduled_sync_shows_the_crms_numbers(crm_bot: RunningBot) -> None:
    job = CrmSyncJob(HubSpotClient("pat-1", sleep=lambda _: None), MAPPING, lambda _: None)
    crm_bot.clock.now = FRIDAY - dt.timedelta(hours=1)  # 15:00 in Chicago: the sync before the check-in
    with respx.mock(base_url="https://api.hubapi.com") as mock:
        hubspot_answers(mock)
        settings = Settings.model_validate(
            {"slack_bot_token": "xoxb-e2e", "slack_api_url": crm_bot.fake.api_url}
        )
        report = tick(
            crm_bot.deps, make_sender(crm_bot.deps, settings, speedup=100.0), settings.schedules(), [job]
        )
    assert report.jobs.ran == 1 and report.jobs.failed == 0
    assert [c for c in crm_bot.fake.calls("chat.postMessage") if c.args.get("channel") == REP] == []
    crm_bot.clock.now = FRIDAY
    with respx.mock() as untouched:  # the check-in reads what the sync stored; no sync is due at 16:00
        checkin = send_check_ins(crm_bot, [job])
    assert untouched.calls.call_count == 0
    texts = [b.get("text", {}).get("text", "") for b in checkin["blocks"]]
    assert any(t.startswith("*From HubSpot:* 2 calls, ") and "1 meetings" in t for t in texts)
    reply = crm_bot.reply_to(click(crm_bot, "crm_confirm"))
    assert reply.args["text"] == "Logged."
