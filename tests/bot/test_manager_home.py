"""A manager's Home tab: reviews owed first, one row per rep with Open and Remind, within Slack's limits."""

import datetime as dt
import json

from bot.fake_slack.blockkit import check_view
from bot.services.cockpit import ReviewNeeded
from bot.services.home import Home, TeamLine
from bot.views import ids
from bot.views.home import home_view
from bot.views.manager_home import MAX_ROWS
from coaching.early_call import EarlyCall
from coaching.review_schedule import Slot
from coaching.status import Status
from coaching.team import Member, Role
from tests.coaching.test_digest import status

TODAY = dt.date(2026, 11, 20)
MANAGER = Member("T1", "U0MGR1", "Max Manager", Role.MANAGER, "U0LEAD", None)


def team(reps: int, **row: object) -> Home:
    lines = tuple(
        TeamLine(
            Member("T1", f"UR{n:04d}", f"Rep {n}", Role.REP, "U0MGR1", None),
            "Max Manager",
            status(f"UR{n:04d}", Status.AT_RISK),
            TODAY - dt.timedelta(days=11),
            **row,  # type: ignore[arg-type]
        )
        for n in range(reps)
    )
    needs = tuple(
        ReviewNeeded(f"UR{n:04d}", Slot(TODAY, TODAY - dt.timedelta(days=n), None)) for n in range(reps)
    )
    return Home(MANAGER, team=lines, today=TODAY, needs=needs)


def buttons(view: dict[str, object], action_id: str) -> list[str]:
    text = json.dumps(view)
    return [chunk for chunk in text.split('"action_id": ')[1:] if chunk.startswith(f'"{action_id}"')]


def test_reviews_owed_come_first_each_with_start_review_and_late_ones_say_so() -> None:
    view = home_view(team(3)).to_dict()
    check_view(view)
    first = json.dumps(view["blocks"][:6])
    assert "What needs you today" in first and "review overdue since" in first and "review due today" in first
    assert len(buttons(view, ids.START_REVIEW)) == 3


def test_a_rep_who_has_not_logged_this_week_has_remind_unless_reminded_today() -> None:
    view = home_view(team(2)).to_dict()
    assert len(buttons(view, ids.REMIND_REP)) == 2 and len(buttons(view, ids.OPEN_REP_PAGE)) == 2
    reminded = home_view(team(2, reminded_today=True)).to_dict()
    assert not buttons(reminded, ids.REMIND_REP) and "reminded today" in json.dumps(reminded)
    assert len(buttons(reminded, ids.OPEN_LEAVE)) == 2
    logged = home_view(team(2, logged_this_week=True)).to_dict()
    assert not buttons(logged, ids.REMIND_REP) and "not this week" not in json.dumps(logged)


def test_the_early_call_shows_in_the_row_when_it_is_there() -> None:
    view = home_view(team(1, call=EarlyCall(0.72, 40, (), 0.72), open_actions=2)).to_dict()
    assert "Chance to finish on track: 72%" in json.dumps(view) and "2 open action items" in json.dumps(view)


def test_a_big_team_stays_within_slacks_limits() -> None:
    view = home_view(team(80)).to_dict()
    check_view(view)
    assert len(view["blocks"]) <= 100 and "more reps" in json.dumps(view)
    assert len(buttons(view, ids.OPEN_LEAVE)) == MAX_ROWS  # every row shown has Leave, Remind too
    assert len(buttons(view, ids.REMIND_REP)) == MAX_ROWS
    check_view(home_view(team(80, reminded_today=True)).to_dict())
