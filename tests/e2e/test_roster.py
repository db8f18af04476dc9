"""Roster changes through signed requests, on SQLite and PostgreSQL: `/ramp offboard|reactivate`, and
Slack's `user_change` event for a deactivated account."""

import datetime as dt
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.app import build_app, listener_executor
from bot.deps import Deps, SettableClock
from bot.fake_slack import FakeSlack
from bot.server import serving_in_background
from bot.services import export, reviews, setup
from bot.settings import Settings
from bot.testing.payloads import event_callback
from bot.testing.signing import SlackPoster
from bot.views import ids
from coaching.review_form import RawReview
from coaching.roster import Change
from storage import migrate
from storage.db import make_engine, session_scope
from storage.repo import people, plans, roster
from tests.e2e.conftest import FRIDAY, IMPORTED, ROOT, SECRET, TEAM, RunningBot
from tests.e2e.test_cockpit import click, home_of
from tests.e2e.test_log_command import reply_text

LEADER, MANAGER, RILEY, SAM, STRANGER = "U0LEAD", "U0MGR1", "U0REP1", "U0REP2", "U0NOBODY"


@pytest.fixture
def bot(database_url: str, tmp_path: Path) -> Iterator[RunningBot]:  # noqa: ARG001 (tmp_path: SQLite's file)
    """The e2e bot (tests/e2e/conftest.py) on each database."""
    migrate.upgrade(database_url)
    clock = SettableClock(IMPORTED)
    deps = Deps(engine=make_engine(database_url), clock=clock)
    setup.import_plan(deps, team_id=TEAM, source=(ROOT / "plans" / "ae-90.yml").read_text())
    setup.import_team(deps, team_id=TEAM, source=(ROOT / "examples" / "team.yml").read_text())
    clock.now = FRIDAY
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
            serving_in_background(build_app(settings, deps, http=True, executor=executor)) as url,
            SlackPoster(url, SECRET) as poster,
        ):
            yield RunningBot(fake, poster, clock, deps)
        executor.shutdown(wait=True)
    deps.engine.dispose()


def left_on(bot: RunningBot, rep: str) -> object:
    with session_scope(bot.deps.engine) as session:
        return roster.left_on(session, team_id=TEAM, slack_id=rep)


def history(bot: RunningBot) -> list[tuple[str, str, Change, str]]:
    with session_scope(bot.deps.engine) as session:
        return [(c.person_id, c.actor_id, c.change, c.reason) for c in roster.changes(session, team_id=TEAM)]


def test_a_manager_offboards_a_rep_with_a_reason_and_reactivates_them(bot: RunningBot) -> None:
    _, url = bot.command("/ramp", "offboard <@U0REP1> moved to another company", user=MANAGER)
    text = reply_text(bot, url)

    assert "Offboarded <@U0REP1> from Fri Nov 20, 2026" in text and "history stays" in text
    assert str(left_on(bot, RILEY)) == "2026-11-20"

    _, url = bot.command("/ramp", "reactivate <@U0REP1>", user=MANAGER)
    assert "back on the roster" in reply_text(bot, url)
    assert left_on(bot, RILEY) is None
    assert history(bot) == [
        (RILEY, MANAGER, Change.OFFBOARD, "moved to another company"),
        (RILEY, MANAGER, Change.REACTIVATE, ""),
    ]


@pytest.mark.parametrize(
    ("user", "text", "answer"),
    [
        (RILEY, "offboard <@U0REP2>", "Only the rep's manager"),
        (SAM, "offboard <@U0REP2>", "Only the rep's manager"),
        (STRANGER, "offboard <@U0REP1>", "not set up in Ramp Coach"),
        (LEADER, "offboard <@U0MGR1>", "U0MGR1 is not a rep"),
        (MANAGER, "offboard Riley", "@mention the rep"),
        (MANAGER, "offboard", "@mention the rep"),
        (LEADER, "reactivate <@U0REP9>", "U0REP9 is not a rep"),
    ],
)
def test_a_refused_or_bad_roster_command_says_why_and_changes_nothing(
    bot: RunningBot, user: str, text: str, answer: str
) -> None:
    _, url = bot.command("/ramp", text, user=user)

    assert answer in reply_text(bot, url)
    assert left_on(bot, RILEY) is None and left_on(bot, SAM) is None
    assert history(bot) == []


def test_a_deactivated_slack_account_offboards_the_rep_and_tells_their_manager(bot: RunningBot) -> None:
    event = {"type": "user_change", "user": {"id": RILEY, "deleted": True, "name": "riley"}}

    assert bot.poster.post_json(event_callback(event, team_id=TEAM)).status_code == 200

    [note] = bot.fake.wait_for("chat.postMessage")
    assert note.args["channel"] == MANAGER
    assert (
        "Slack account was deactivated" in note.args["text"]
        and "/ramp reactivate <@U0REP1>" in note.args["text"]
    )
    assert str(left_on(bot, RILEY)) == "2026-11-20"
    assert history(bot) == [(RILEY, "slack", Change.OFFBOARD, "Slack account deactivated")]


def test_a_user_change_that_is_not_a_deactivation_changes_nothing(bot: RunningBot) -> None:
    renamed = {"type": "user_change", "user": {"id": RILEY, "deleted": False, "real_name": "Riley R."}}
    manager = {"type": "user_change", "user": {"id": MANAGER, "deleted": True}}

    for event in (renamed, manager):
        assert bot.poster.post_json(event_callback(event, team_id=TEAM)).status_code == 200
    time.sleep(0.3)  # post-ack work would have run by now

    assert bot.fake.calls("chat.postMessage") == []
    assert left_on(bot, RILEY) is None and left_on(bot, MANAGER) is None


def home_texts(bot: RunningBot, user: str) -> str:
    before = len(bot.fake.calls("views.publish"))
    assert bot.open_home(user).status_code == 200
    deadline = time.monotonic() + 5
    while len(bot.fake.calls("views.publish")) <= before and time.monotonic() < deadline:
        time.sleep(0.02)
    view = bot.fake.calls("views.publish")[-1].args["view"]
    return json.dumps(view, ensure_ascii=False)


def test_a_rep_records_their_own_leave_and_home_and_the_digest_show_it(bot: RunningBot) -> None:
    _, url = bot.command("/ramp", "leave <@U0REP1> from 2026-11-20 to 2026-11-29 family", user=RILEY)
    assert "Recorded <@U0REP1>'s leave from Fri Nov 20, 2026 to Sun Nov 29, 2026" in reply_text(bot, url)

    assert "On leave until Sun Nov 29" in home_texts(bot, RILEY)
    assert "Riley Rep* · on leave until sun nov 29" in home_texts(bot, MANAGER)
    _, url = bot.command("/ramp", "digest", user=LEADER)
    digest = json.dumps(bot.reply_to(url).args, ensure_ascii=False)
    assert "*On leave:* Riley Rep (until Sun Nov 29)" in digest
    assert history(bot) == [(RILEY, RILEY, Change.LEAVE, "family")]


@pytest.mark.parametrize(
    ("user", "text", "answer"),
    [
        (MANAGER, "leave <@U0REP1> from 2026-11-19 to 2026-11-29", "2026-11-19 is in the past"),
        (MANAGER, "leave <@U0REP1> from 2026-12-10 to 2026-12-01", "ends (2026-12-01) before it starts"),
        (MANAGER, "leave <@U0REP1> from 2026-12-28 to 2027-01-08", "overlaps the leave from 2026-12-21"),
        (SAM, "leave <@U0REP1> from 2027-02-01 to 2027-02-05", "Only the rep (for their own leave)"),
        (MANAGER, "leave <@U0NOBODY> from 2027-02-01 to 2027-02-05", "U0NOBODY is not a rep"),
        (MANAGER, "leave <@U0REP2> end", "U0REP2 has no current or upcoming leave"),
    ],
)
def test_bad_or_refused_leave_says_why_and_changes_nothing(
    bot: RunningBot, user: str, text: str, answer: str
) -> None:
    _, url = bot.command("/ramp", "leave <@U0REP1> from 2026-12-21 to 2027-01-03", user=MANAGER)
    reply_text(bot, url)
    before = history(bot)

    _, url = bot.command("/ramp", text, user=user)

    assert answer in reply_text(bot, url)
    assert history(bot) == before


NEW_MANAGER = "U0MGR2"
SECOND_TEAM = """
people:
  - {slack_id: U0LEAD, name: Dana Lead, role: leader, tz: America/New_York}
  - {slack_id: U0MGR2, name: Mo Manager, role: manager, manager: U0LEAD, tz: America/New_York}
"""
EVIDENCE = "Joined two calls: clear discovery, but every deal has a single contact and no dated next step."


def test_a_move_between_managers_takes_the_open_action_items_and_tells_both(bot: RunningBot) -> None:
    setup.import_team(bot.deps, team_id=TEAM, source=SECOND_TEAM)
    raw = RawReview(
        {str(n): "3" for n in range(5)},
        None,
        None,
        None,
        EVIDENCE,
        "needs support",
        "continue",
        "rep: add a second contact in five deals by 2026-12-04\n"
        "manager: join two discovery calls by 2026-12-04",
        None,
        decision_why="Steady first month: keep the plan and coach discovery before the next checkpoint.",
    )
    reviews.submit_review(
        bot.deps, team_id=TEAM, actor_id=MANAGER, rep_id=RILEY, opened_at=None, raw=raw, done_ids=[]
    )

    _, url = bot.command("/ramp", "move <@U0REP1> to <@U0MGR2> team split", user=MANAGER)

    assert "Moved <@U0REP1> to <@U0MGR2>" in reply_text(bot, url) and "2 open action items" in reply_text(
        bot, url
    )
    notes = {c.args["channel"]: c.args["text"] for c in bot.fake.wait_for("chat.postMessage", 2)}
    assert "now reports to you" in notes[NEW_MANAGER] and "2 open action items" in notes[NEW_MANAGER]
    assert "now reports to <@U0MGR2>" in notes[MANAGER]
    new_home = home_texts(bot, NEW_MANAGER)
    assert "Riley Rep" in new_home and "join two discovery calls" in new_home
    assert "Riley Rep" not in home_texts(bot, MANAGER)
    assert history(bot) == [(RILEY, MANAGER, Change.MOVE, "team split")]
    # The review history is the new manager's to read now.
    assert len(reviews.own_reviews(bot.deps, team_id=TEAM, actor_id=NEW_MANAGER, rep_id=RILEY)) == 1


@pytest.mark.parametrize(
    ("user", "text", "answer"),
    [
        (RILEY, "move <@U0REP2> to <@U0LEAD>", "Only the rep's manager"),
        (MANAGER, "move <@U0REP1> to <@U0REP2>", "U0REP2 is not a manager"),
        (MANAGER, "move <@U0REP1> to <@U0NOBODY>", "U0NOBODY is not a manager"),
        (MANAGER, "move <@U0REP1> <@U0LEAD>", "say who moves to whom"),
    ],
)
def test_a_bad_or_refused_move_says_why_and_changes_nothing(
    bot: RunningBot, user: str, text: str, answer: str
) -> None:
    _, url = bot.command("/ramp", text, user=user)

    assert answer in reply_text(bot, url)
    assert history(bot) == []
    with session_scope(bot.deps.engine) as session:
        assert people.get_member(session, team_id=TEAM, slack_id=RILEY).manager_id == MANAGER  # type: ignore[union-attr]


def test_a_replan_starts_the_new_plan_on_its_own_day_one_or_keeps_the_day(bot: RunningBot) -> None:
    setup.import_plan(bot.deps, team_id=TEAM, source=(ROOT / "plans" / "sdr-90.yml").read_text())

    _, url = bot.command("/ramp", "replan <@U0REP1> plan=sdr-90 from=2026-11-23", user=MANAGER)
    assert "now on" in reply_text(bot, url) and "day 1 on Mon Nov 23, 2026" in reply_text(bot, url)
    with session_scope(bot.deps.engine) as session:
        riley = plans.get_enrollment(session, team_id=TEAM, rep_id=RILEY)
    assert riley is not None and (riley.plan_id, riley.start) == ("sdr-90", dt.date(2026, 11, 23))

    _, url = bot.command("/ramp", "replan <@U0REP2> plan=sdr-90 --keep-day", user=LEADER)
    assert "keeping their day count" in reply_text(bot, url)
    with session_scope(bot.deps.engine) as session:
        sam = plans.get_enrollment(session, team_id=TEAM, rep_id=SAM)
    assert sam is not None and (sam.plan_id, sam.start) == ("sdr-90", dt.date(2026, 11, 2))
    assert [(p, c) for p, _, c, _ in history(bot)] == [(RILEY, Change.REPLAN), (SAM, Change.REPLAN)]


@pytest.mark.parametrize(
    ("user", "text", "answer"),
    [
        (MANAGER, "replan <@U0REP1> plan=xyz-1", "there is no plan `xyz-1`"),
        (MANAGER, "replan <@U0REP1> plan=ae-90 from=2026-11-01", "2026-11-01 is in the past"),
        (MANAGER, "replan <@U0REP1> from=2026-12-01", "say which plan: plan=ae-90"),
        (MANAGER, "replan <@U0REP1> plan=ae-90 --keep-day", "U0REP1 is already on `ae-90`"),
        (RILEY, "replan <@U0REP1> plan=ae-90", "Only the rep's manager"),
    ],
)
def test_a_bad_or_refused_replan_says_why_and_changes_nothing(
    bot: RunningBot, user: str, text: str, answer: str
) -> None:
    _, url = bot.command("/ramp", text, user=user)

    assert answer in reply_text(bot, url)
    assert history(bot) == []
    with session_scope(bot.deps.engine) as session:
        riley = plans.get_enrollment(session, team_id=TEAM, rep_id=RILEY)
    assert riley is not None and (riley.plan_id, riley.start) == ("ae-90", dt.date(2026, 10, 5))


def _texts(view: dict[str, Any]) -> str:
    """Return every mrkdwn text of a view: sections and context elements."""
    found = [b.get("text", {}).get("text", "") for b in view["blocks"]]
    found += [
        e["text"] for b in view["blocks"] for e in b.get("elements", []) if isinstance(e.get("text"), str)
    ]
    return "\n".join(found)


def _fresh_home(bot: RunningBot, user: str, marker: str) -> str:
    """Open the user's Home and return its text once a tab showing `marker` is published: Homes
    republished after earlier changes may still be on their way."""
    seen = len([c for c in bot.fake.calls("views.publish") if c.args["user_id"] == user])
    text = _texts(home_of(bot, user, seen))
    deadline = time.monotonic() + 5
    while marker not in text and time.monotonic() < deadline:
        time.sleep(0.02)
        text = _texts(home_of(bot, user, seen))
    return text


def test_after_a_replan_the_earlier_plan_is_read_against_its_own_targets(bot: RunningBot) -> None:
    setup.import_plan(bot.deps, team_id=TEAM, source=(ROOT / "plans" / "sdr-90.yml").read_text())
    on_plan = "calls=60 emails=150 conversations=15 meetings=6 demos=4 proposals=2 pipeline=60000"
    for words in ("last week", "this week"):  # weeks 6 and 7 of Riley's AE ramp, on the AE plan's full pace
        _, url = bot.command("/log", f"{words} {on_plan}", user=RILEY)
        assert "Logged" in reply_text(bot, url)
    _, url = bot.command("/ramp", "replan <@U0REP1> plan=sdr-90 from=2026-11-23", user=MANAGER)
    assert "now on" in reply_text(bot, url)
    bot.clock.now = FRIDAY + dt.timedelta(weeks=1)  # Riley's day 5 on the SDR plan

    earlier = "Earlier plan: *Account Executive 90-day ramp* (Oct 5 – Nov 22, 2026)"
    home = _fresh_home(bot, RILEY, "Day 5 ")
    assert earlier in home and "2 weeks logged" in home and "Day 5 · week 1 of 13" in home
    # The AE weeks were logged at full pace: against the AE plan they are well over 100%, not blank.
    assert re.search(r"Earlier plan: .*: (1\d\d|2\d\d)% of that plan", home)
    click(bot, ids.OPEN_REP_PAGE, RILEY)
    page = _texts(bot.fake.wait_for("views.open")[-1].args["view"])
    assert earlier in page

    rows = export.log_export(bot.deps, team_id=TEAM, rep_ids={RILEY})
    week, attainment = rows.columns.index("ramp_week"), rows.columns.index("week_attainment")
    assert [(r[week], r[attainment] is not None) for r in rows.rows] == [(6, True), (7, True)]
