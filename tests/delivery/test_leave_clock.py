"""Leave stops the ramp clock (issue 16), end to end through the database and the scheduler: Riley's
two weeks of leave span the end of daylight time (Nov 1) and a company holiday (Tue Nov 3), and hold
the day-30 checkpoint. Riley started Mon Oct 5; their manager reviews at 09:00 New York time."""

import dataclasses
import datetime as dt

from bot.delivery.tick import tick
from bot.deps import Deps, RunningClock, Tuning
from bot.services import leave
from bot.services.cockpit import open_review_slots
from bot.services.review_prompts import open_reviews
from bot.services.status import statuses_on
from coaching.cadence import Schedules
from coaching.leave import LeaveRequest, LeaveVerb
from storage.db import make_engine, session_scope
from tests.delivery.conftest import IMPORTED, TEAM, World, delivery_key

RILEY, MANAGER = "U0REP1", "U0MGR1"
ELECTION_DAY = frozenset({dt.date(2026, 11, 3)})
SCHEDULES = Schedules(holidays=ELECTION_DAY)
FIRST, LAST = dt.date(2026, 10, 26), dt.date(2026, 11, 8)  # nine working days, less the holiday


def deps_at(world: World, at: dt.datetime) -> Deps:
    deps = world.deps(at)
    return dataclasses.replace(deps, tuning=Tuning(holidays=ELECTION_DAY))


def on_leave(world: World) -> None:
    request = LeaveRequest(RILEY, LeaveVerb.RECORD, FIRST, LAST, "parental leave")
    leave.change_leave(deps_at(world, IMPORTED), team_id=TEAM, actor_id=MANAGER, request=request)


def review_keys(world: World, at: dt.datetime) -> list[str]:
    """Return the review messages a tick at `at` sends: key and text."""
    deps = deps_at(world, at)
    before = len(world.posted())
    tick(deps, world.sender(deps), SCHEDULES)
    posted = world.posted()[before:]
    return [f"{delivery_key(c)} {c.args['text']}" for c in posted if "review" in delivery_key(c)]


def riley(deps: Deps) -> tuple[int, int]:
    (status,) = [s for s in statuses_on(deps, team_id=TEAM) if s.rep_id == RILEY]
    return status.day, status.week


def test_day_n_and_week_w_stand_still_during_leave_and_resume_where_they_stopped(world: World) -> None:
    on_leave(world)
    # Friday Oct 23 in Chicago was day 19 of week 3.
    at_noon = [dt.datetime(2026, 10, 23, 17, 0, tzinfo=dt.UTC) + dt.timedelta(days=n) for n in range(17)]
    days = [riley(deps_at(world, at)) for at in at_noon]

    assert days[0] == (19, 3)
    assert set(days[3:17]) == {(19, 3)}  # Oct 26 to Nov 8, across the DST change
    back = riley(deps_at(world, dt.datetime(2026, 11, 9, 18, 0, tzinfo=dt.UTC)))
    assert back == (22, 4)  # Monday Oct 26's day: the clock picks up where it stopped


def test_a_review_due_during_leave_is_prompted_after_it_not_as_late(world: World) -> None:
    on_leave(world)
    nine_am = [dt.datetime(2026, 11, day, 14, 0, tzinfo=dt.UTC) for day in (2, 4, 5, 6, 9, 10, 11, 13)]
    held = [key for at in nine_am for key in review_keys(world, at)]
    assert held == []  # Riley's slots of Nov 2 and Nov 3 (day 30) would be due, then overdue

    assert review_keys(world, dt.datetime(2026, 11, 16, 14, 0, tzinfo=dt.UTC)) == [
        f"review_prompt:{TEAM}:{MANAGER}:2026-11-16 Reviews due today: Riley Rep, Sam Seller"
    ]


def test_the_checkpoint_held_by_leave_comes_due_after_it_as_a_checkpoint(world: World) -> None:
    on_leave(world)
    deps = deps_at(world, dt.datetime(2026, 11, 17, 14, 0, tzinfo=dt.UTC))

    due = open_reviews(deps, team_id=TEAM, manager_id=MANAGER, until=dt.date(2026, 11, 17))

    riley_slots = [
        (d.slot.slot, d.slot.due, d.slot.checkpoint, d.days_late) for d in due if d.rep_id == RILEY
    ]
    assert riley_slots == [
        (dt.date(2026, 10, 19), dt.date(2026, 10, 19), None, 29),  # before the leave: still owed
        (dt.date(2026, 11, 2), dt.date(2026, 11, 16), None, 1),
        (dt.date(2026, 11, 4), dt.date(2026, 11, 17), 30, 0),
    ]


def test_without_leave_the_same_ticks_prompt_on_the_calendar_dates(world: World) -> None:
    assert review_keys(world, dt.datetime(2026, 11, 2, 14, 0, tzinfo=dt.UTC)) == [
        f"review_prompt:{TEAM}:{MANAGER}:2026-11-02 Reviews due today: Riley Rep"
    ]
    deps = Deps(
        engine=make_engine(world.url), clock=RunningClock(dt.datetime(2026, 11, 9, 18, 0, tzinfo=dt.UTC))
    )
    try:
        assert riley(deps) == (36, 6)
    finally:
        deps.engine.dispose()


def reminders_about(world: World, at: dt.datetime, rep: str) -> list[str]:
    deps = deps_at(world, at)
    before = len(world.posted())
    tick(deps, world.sender(deps), SCHEDULES)
    keys = [delivery_key(c) for c in world.posted()[before:]]
    return [k for k in keys if k.startswith("reminder") and rep in k]


def test_no_reminder_about_a_week_spent_on_leave(world: World) -> None:
    # Monday Nov 9, 10:00 in Chicago: last week (Nov 2-8) was all leave, so it is not missing.
    monday = dt.datetime(2026, 11, 9, 16, 30, tzinfo=dt.UTC)
    on_leave(world)
    assert reminders_about(world, monday, RILEY) == []


def test_without_leave_the_same_monday_reminds_about_the_unlogged_week(world: World) -> None:
    monday = dt.datetime(2026, 11, 9, 16, 30, tzinfo=dt.UTC)
    assert reminders_about(world, monday, RILEY) != []


def test_the_manager_s_home_moves_the_slots_held_by_leave_as_the_prompts_do(world: World) -> None:
    on_leave(world)
    deps = deps_at(world, dt.datetime(2026, 11, 17, 14, 0, tzinfo=dt.UTC))

    with session_scope(deps.engine) as session:
        slots = open_review_slots(session, deps, team_id=TEAM, rep_ids=[RILEY], until=dt.date(2026, 11, 17))

    prompted = open_reviews(deps, team_id=TEAM, manager_id=MANAGER, until=dt.date(2026, 11, 17))
    assert slots[RILEY] == [d.slot for d in prompted if d.rep_id == RILEY]
    assert [s.due for s in slots[RILEY]] == [
        dt.date(2026, 10, 19),
        dt.date(2026, 11, 16),
        dt.date(2026, 11, 17),
    ]
