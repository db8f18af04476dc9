"""After leave, the /log modal and the /log reply show the week the ramp stands in and its prorated
targets (issue 16), through signed requests, on SQLite and PostgreSQL."""

# ruff: noqa: F811 (every test takes test_roster's `bot` fixture, imported here, as its argument)

import datetime as dt
import json

from bot.views import ids
from tests.e2e.conftest import FRIDAY, RunningBot
from tests.e2e.test_log_command import reply_text
from tests.e2e.test_log_modal import open_modal
from tests.e2e.test_roster import MANAGER, RILEY, bot  # noqa: F401 (bot: the fixture on each database)

# Riley started on Mon Oct 5: Mon Nov 16 is their seventh calendar week. Leave from Mon Nov 2 to Wed Nov 18
# stops their clock in week 4 for 13 working days, three of them in this week: it carries week 4's targets,
# prorated to the two days at work (ae-90's calls: 39 in week 4, and 2/5 of it is 15.6), not week 7's 55.
LEAVE = "leave <@U0REP1> from 2026-11-02 to 2026-11-18 parental"


def record_leave(bot: RunningBot) -> None:
    bot.clock.now = dt.datetime(2026, 10, 30, 15, 0, tzinfo=dt.UTC)  # recorded ahead of time
    _, url = bot.command("/ramp", LEAVE, user=MANAGER)
    assert "Recorded <@U0REP1>'s leave" in reply_text(bot, url)
    bot.clock.now = FRIDAY


def test_the_log_modal_after_leave_shows_the_moved_week_and_prorated_targets(bot: RunningBot) -> None:
    record_leave(bot)
    view = open_modal(bot)
    blocks = {block["block_id"]: block for block in view["blocks"]}
    labels = [o["text"]["text"] for o in blocks[ids.LOG_WEEK_BLOCK]["element"]["options"]]
    # Every week since the clock stopped carries the week it stopped in; those fully on leave ask nothing.
    assert labels[:4] == [
        "Week 4 · Nov 16–Nov 22 (this week)",
        "Week 4 · Nov 9–Nov 15",
        "Week 4 · Nov 2–Nov 8",
        "Week 4 · Oct 26–Nov 1",
    ]
    assert blocks["metric:2026-11-16:calls"]["hint"]["text"] == "Target this week: 15.60"


def test_the_log_reply_after_leave_shows_the_moved_week_and_prorated_targets(bot: RunningBot) -> None:
    record_leave(bot)
    _, url = bot.command("/log", "calls=20", user=RILEY)
    reply = reply_text(bot, url)
    assert "Week 4 of 13" in reply and "*20* of 15.60" in reply
    assert "Week 7" not in reply and "of 55" not in json.dumps(reply)
