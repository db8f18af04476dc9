"""Leave from a rep's row on the manager's Home, through signed requests, on SQLite and PostgreSQL: the
Leave button opens the form, a submission records, changes or ends the leave, bad dates come back under
their field with nothing stored, and a forged submission by an unrelated manager is refused."""

# ruff: noqa: F811 (every test takes test_roster's `bot` fixture, imported here, as its argument)

import datetime as dt
import json
from typing import Any

from bot.services import setup
from bot.testing.payloads import block_actions, button, view_submission
from bot.views import ids
from coaching.leave import LeavePeriod
from coaching.roster import Change
from storage.db import session_scope
from storage.repo import leave
from tests.e2e.conftest import FRIDAY, TEAM, RunningBot
from tests.e2e.test_roster import (  # noqa: F401 (bot: the fixture on each database)
    MANAGER,
    NEW_MANAGER,
    RILEY,
    SECOND_TEAM,
    bot,
    history,
    home_texts,
)

FIRST, LAST, REASON, END = ids.LEAVE_BLOCKS


def open_form(bot: RunningBot, rep: str = RILEY, user: str = MANAGER) -> dict[str, Any]:
    seen = len(bot.fake.calls("views.open"))
    body = block_actions([button(ids.OPEN_LEAVE, rep)], user_id=user, team_id=TEAM, channel_id=None)
    assert bot.poster.post_form(body).status_code == 200
    return dict(bot.fake.wait_for("views.open", count=seen + 1)[-1].args["view"])


def submit(
    bot: RunningBot,
    first: str | None,
    last: str | None,
    reason: str = "",
    *,
    end: bool = False,
    rep: str = RILEY,
    user: str = MANAGER,
) -> dict[str, Any]:
    values: dict[str, dict[str, dict[str, Any]]] = {
        FIRST: {"value": {"type": "datepicker", "selected_date": first}},
        LAST: {"value": {"type": "datepicker", "selected_date": last}},
        REASON: {"value": {"type": "plain_text_input", "value": reason or None}},
    }
    if end:
        values[END] = {"value": {"type": "checkboxes", "selected_options": [{"value": "end"}]}}
    body = view_submission(ids.LEAVE_MODAL, values, user_id=user, team_id=TEAM, private_metadata=rep)
    answer = bot.poster.post_form(body)
    assert answer.status_code == 200
    return answer.json() if answer.content else {}


def periods(bot: RunningBot) -> list[LeavePeriod]:
    with session_scope(bot.deps.engine) as session:
        return leave.periods(session, team_id=TEAM, rep_ids=[RILEY]).get(RILEY, [])


def test_the_leave_button_records_changes_and_ends_a_leave(bot: RunningBot) -> None:
    home = json.loads(home_texts(bot, MANAGER))
    rows = [e for b in home["blocks"] for e in b.get("elements", []) if e.get("action_id") == ids.OPEN_LEAVE]
    assert {e["value"] for e in rows} == {RILEY, "U0REP2"}
    form = open_form(bot)
    assert form["callback_id"] == ids.LEAVE_MODAL and "Record leave for *Riley Rep*" in json.dumps(form)

    assert submit(bot, "2026-11-20", "2026-11-29", "family") == {}
    assert periods(bot) == [LeavePeriod(dt.date(2026, 11, 20), dt.date(2026, 11, 29), "family")]
    bot.fake.wait_for("views.publish", count=2)  # the manager's Home, redrawn after the save
    assert "on leave until sun nov 29" in json.dumps(bot.fake.calls("views.publish")[-1].args["view"])

    shown = json.dumps(open_form(bot))  # the form now shows that leave, to change or end
    assert '"initial_date": "2026-11-20"' in shown and '"initial_date": "2026-11-29"' in shown
    assert submit(bot, "2026-11-20", "2026-12-02", "family") == {}
    assert periods(bot) == [LeavePeriod(dt.date(2026, 11, 20), dt.date(2026, 12, 2), "family")]

    bot.clock.now = FRIDAY + dt.timedelta(days=4)  # Tuesday: back early
    assert submit(bot, "2026-11-20", "2026-12-02", "back early", end=True) == {}
    assert periods(bot) == [LeavePeriod(dt.date(2026, 11, 20), dt.date(2026, 11, 23), "family")]
    assert [(who, by, change) for who, by, change, _ in history(bot)] == [
        (RILEY, MANAGER, Change.LEAVE),
        (RILEY, MANAGER, Change.LEAVE_CHANGED),
        (RILEY, MANAGER, Change.LEAVE_ENDED),
    ]


def test_bad_dates_come_back_under_their_field_and_nothing_is_stored(bot: RunningBot) -> None:
    backwards = submit(bot, "2026-12-10", "2026-12-01")
    assert backwards["response_action"] == "errors"
    assert set(backwards["errors"]) == {LAST} and "before it starts" in backwards["errors"][LAST]

    past = submit(bot, "2026-11-02", "2026-11-29")
    assert set(past["errors"]) == {FIRST} and "is in the past" in past["errors"][FIRST]

    missing = submit(bot, None, None)  # a forged form without its required dates
    assert set(missing["errors"]) == {FIRST}

    assert submit(bot, "2026-12-21", "2027-01-03") == {}
    overlap = submit(bot, "2026-12-28", "2027-01-08")  # another first day: a new leave, which overlaps
    assert "overlaps the leave from 2026-12-21" in overlap["errors"][FIRST]
    assert "ends (2026-12-01) before it starts" in submit(bot, "2026-12-21", "2026-12-01")["errors"][LAST]

    assert periods(bot) == [LeavePeriod(dt.date(2026, 12, 21), dt.date(2027, 1, 3), "")]
    assert len(history(bot)) == 1


def test_an_unrelated_manager_cannot_open_the_form_or_forge_a_submission(bot: RunningBot) -> None:
    setup.import_team(bot.deps, team_id=TEAM, source=SECOND_TEAM)

    refused = open_form(bot, user=NEW_MANAGER)
    assert "Only the rep (for their own leave)" in json.dumps(refused) and "callback_id" not in refused

    forged = submit(bot, "2026-12-21", "2027-01-03", user=NEW_MANAGER)
    assert forged["response_action"] == "errors" and "Only the rep" in forged["errors"][FIRST]
    assert periods(bot) == [] and history(bot) == []
