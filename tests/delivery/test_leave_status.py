"""RAMPCOACH_LEAVE_STATUS_MATCH (off by default): a rep whose Slack status matches when their check-in
is sent is skipped that week, with the reason in the ledger; a status that cannot be read lets it go."""

import dataclasses
import datetime as dt

import pytest

from bot.delivery.sender import STATUS_AWAY
from bot.delivery.tick import record_due
from bot.deps import Deps, Tuning
from bot.settings import Settings
from coaching.cadence import Schedules
from coaching.delivery import State
from coaching.leave import status_says_away
from storage.db import session_scope
from storage.repo import deliveries
from tests.delivery.conftest import FRIDAY_CHICAGO, IMPORTED, World

RILEY, SAM = "U0REP1", "U0REP2"
MATCH = ("🌴", ":palm_tree:", "vacation", "OOO")


def send_checkins(world: World, match: tuple[str, ...]) -> dict[str, tuple[State, str | None]]:
    deps: Deps = dataclasses.replace(world.deps(FRIDAY_CHICAGO), tuning=Tuning(leave_status_match=match))
    assert record_due(deps, Schedules()) == 2
    world.sender(deps).send_due(wait_for_retries=dt.timedelta(0))
    with session_scope(deps.engine) as session:
        rows = deliveries.listing(session, sent_since=IMPORTED)
    return {d.person_id: (d.state, d.last_error) for d in rows}


def test_a_rep_whose_status_says_vacation_is_skipped_that_week(world: World) -> None:
    world.fake.set_user(RILEY, tz="America/Chicago", status_text="On Vacation till Monday")
    world.fake.set_user(SAM, tz="Europe/Berlin", status_text="Heads down")

    rows = send_checkins(world, MATCH)

    assert rows[RILEY] == (State.SKIPPED, STATUS_AWAY)
    assert rows[SAM][0] is State.SENT


def test_the_status_emoji_alone_matches(world: World) -> None:
    world.fake.set_user(RILEY, tz="America/Chicago", status_emoji=":palm_tree:")
    assert send_checkins(world, MATCH)[RILEY] == (State.SKIPPED, STATUS_AWAY)


def test_off_by_default_nobody_is_asked_and_everyone_gets_the_check_in(world: World) -> None:
    world.fake.set_user(RILEY, tz="America/Chicago", status_text="vacation", status_emoji=":palm_tree:")

    rows = send_checkins(world, ())

    assert {rep: state for rep, (state, _) in rows.items()} == {RILEY: State.SENT, SAM: State.SENT}
    assert world.fake.calls("users.info") == []


def test_a_status_that_cannot_be_read_lets_the_check_in_go(world: World) -> None:
    world.fake.fail_next("users.info", status=200, error="user_not_found", times=2)
    rows = send_checkins(world, MATCH)
    assert {rep: state for rep, (state, _) in rows.items()} == {RILEY: State.SENT, SAM: State.SENT}


@pytest.mark.parametrize(
    ("text", "emoji", "away"),
    [
        ("Out of office: ooo until Jan 4", "", True),
        ("🌴 back Monday", "", True),
        ("", ":PALM_TREE:", True),
        ("palm_tree", "", False),  # an emoji code matches the emoji, not words in the text
        ("In a meeting", ":calendar:", False),
        ("", "", False),
    ],
)
def test_status_matching(text: str, emoji: str, away: bool) -> None:
    assert status_says_away(MATCH, text=text, emoji=emoji) is away


def test_the_setting_is_a_comma_separated_list() -> None:
    settings = Settings.model_validate({"rampcoach_leave_status_match": "🌴, :palm_tree: ,vacation,OOO"})
    assert settings.rampcoach_leave_status_match == list(MATCH)
    assert Settings.model_validate({}).rampcoach_leave_status_match == []
