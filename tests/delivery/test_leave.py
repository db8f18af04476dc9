"""Leave holds back what would reach a rep: no check-in, reminder or nudge while away (across a DST
change too), one recorded before the leave is skipped when its turn comes, and review prompts wait."""

import datetime as dt
import json

from bot.delivery.tick import record_due, tick
from bot.services import leave
from bot.services.leave import ON_LEAVE
from coaching.cadence import Schedules
from coaching.delivery import State
from coaching.leave import LeaveRequest, LeaveVerb
from coaching.roster import Change
from storage.db import session_scope
from storage.repo import deliveries
from storage.repo import roster as roster_repo
from tests.delivery.conftest import FRIDAY_CHICAGO, IMPORTED, TEAM, World, delivery_key

RILEY, SAM, MANAGER = "U0REP1", "U0REP2", "U0MGR1"
# Chicago leaves daylight time on Sun Nov 1, 2026: 16:00 is 21:00 UTC before and 22:00 UTC after.
FRIDAY_OCT_30 = dt.datetime(2026, 10, 30, 21, 0, tzinfo=dt.UTC)
FRIDAY_NOV_6 = dt.datetime(2026, 11, 6, 22, 0, tzinfo=dt.UTC)
FRIDAY_NOV_13 = dt.datetime(2026, 11, 13, 22, 0, tzinfo=dt.UTC)


def record_leave(world: World, at: dt.datetime, first: dt.date, last: dt.date, rep: str = RILEY) -> None:
    request = LeaveRequest(rep, LeaveVerb.RECORD, first, last, "parental leave")
    leave.change_leave(world.deps(at), team_id=TEAM, actor_id=MANAGER, request=request)


def run(world: World, at: dt.datetime) -> list[str]:
    deps = world.deps(at)
    tick(deps, world.sender(deps), Schedules())
    return [delivery_key(c) for c in world.posted()]


def test_no_check_in_or_reminder_reaches_a_rep_on_leave_across_the_dst_change(world: World) -> None:
    record_leave(world, IMPORTED, dt.date(2026, 10, 26), dt.date(2026, 11, 8))

    run(world, FRIDAY_OCT_30)
    run(world, dt.datetime(2026, 11, 2, 16, 0, tzinfo=dt.UTC))  # Monday: last week's reminder
    sent = run(world, FRIDAY_NOV_6)
    assert [k for k in sent if RILEY in k] == []
    assert f"checkin:{TEAM}:{SAM}:2026-W45" in sent  # Sam is not on leave

    sent = run(world, FRIDAY_NOV_13)  # back: 16:00 CST, after the change
    assert [k for k in sent if RILEY in k] == [f"checkin:{TEAM}:{RILEY}:2026-W46"]


def test_a_check_in_recorded_before_the_leave_is_skipped_when_its_turn_comes(world: World) -> None:
    deps = world.deps(FRIDAY_CHICAGO)
    assert record_due(deps, Schedules()) == 2
    record_leave(world, FRIDAY_CHICAGO, dt.date(2026, 11, 20), dt.date(2026, 11, 27))

    report = world.sender(deps).send_due(wait_for_retries=dt.timedelta(0))

    assert (report.sent, report.skipped) == (1, 1)
    with session_scope(deps.engine) as session:
        rows = {d.key: (d.state, d.last_error) for d in deliveries.listing(session, sent_since=IMPORTED)}
    assert rows[f"checkin:{TEAM}:{RILEY}:2026-W47"] == (State.SKIPPED, ON_LEAVE)


def test_a_review_prompt_about_a_rep_on_leave_waits(world: World) -> None:
    monday = dt.datetime(2026, 11, 30, 14, 0, tzinfo=dt.UTC)  # both reviews due, 09:00 in New York
    record_leave(world, IMPORTED, dt.date(2026, 11, 23), dt.date(2026, 12, 4))

    run(world, monday)

    (prompt,) = [c for c in world.posted() if delivery_key(c).startswith("review")]
    assert prompt.args["text"] == "Reviews due today: Sam Seller"
    assert "Riley" not in json.dumps(prompt.args["blocks"])


def test_leave_can_be_ended_early_and_every_change_is_recorded(world: World) -> None:
    record_leave(world, IMPORTED, dt.date(2026, 11, 16), dt.date(2026, 11, 27))
    deps = world.deps(FRIDAY_CHICAGO - dt.timedelta(hours=8))  # Fri Nov 20, 08:00 in Chicago
    end = LeaveRequest(RILEY, LeaveVerb.END, reason="came back early")
    ended = leave.change_leave(deps, team_id=TEAM, actor_id=RILEY, request=end)

    assert ended.period is not None and ended.period.last == dt.date(2026, 11, 19)
    assert f"checkin:{TEAM}:{RILEY}:2026-W47" in run(world, FRIDAY_CHICAGO)
    with session_scope(deps.engine) as session:
        history = [(c.change, c.actor_id, c.detail) for c in roster_repo.changes(session, team_id=TEAM)]
    assert history == [
        (Change.LEAVE, MANAGER, "2026-11-16 to 2026-11-27"),
        (Change.LEAVE_ENDED, RILEY, "2026-11-16 to 2026-11-19 (was 2026-11-16 to 2026-11-27)"),
    ]
