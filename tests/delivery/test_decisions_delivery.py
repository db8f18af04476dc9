"""What a checkpoint decision does to what the scheduler sends, on SQLite and PostgreSQL."""

import datetime as dt
import json
from typing import Any

from bot.delivery.tick import tick
from bot.services import decisions
from bot.services.access import OPERATOR_ID
from coaching.cadence import Schedules
from tests.delivery.conftest import FRIDAY_CHICAGO, TEAM, World, delivery_key

WHY = "Discussed with the rep and HR; the decision and its reasons are in the review."


def decide(world: World, rep: str, kind: str, at: dt.datetime, weeks: str | None = None, **more: Any) -> None:
    decisions.decide(
        world.deps(at),
        team_id=TEAM,
        actor_id=OPERATOR_ID,
        rep_id=rep,
        kind=kind,
        why=WHY,
        weeks=weeks,
        as_operator=True,
        **more,
    )


def sent_to(world: World, rep: str) -> list[str]:
    return [delivery_key(c) for c in world.posted() if c.args["channel"] == rep]


def test_after_parting_ways_no_check_in_reaches_the_rep_and_others_go_on(world: World) -> None:
    decide(world, "U0REP1", "part ways", FRIDAY_CHICAGO - dt.timedelta(days=1))
    deps = world.deps(FRIDAY_CHICAGO + dt.timedelta(minutes=5))
    tick(deps, world.sender(deps), Schedules())
    assert sent_to(world, "U0REP1") == []
    assert sent_to(world, "U0REP2") == ["checkin:T111:U0REP2:2026-W47"]


def test_graduation_ends_the_check_ins_from_the_next_week(world: World) -> None:
    decide(world, "U0REP1", "graduate", FRIDAY_CHICAGO - dt.timedelta(days=1))
    deps = world.deps(FRIDAY_CHICAGO + dt.timedelta(minutes=5))
    tick(deps, world.sender(deps), Schedules())
    assert sent_to(world, "U0REP1") == ["checkin:T111:U0REP1:2026-W47"]  # the week it ended in
    later = world.deps(FRIDAY_CHICAGO + dt.timedelta(days=7, minutes=5))
    tick(later, world.sender(later), Schedules())
    assert sent_to(world, "U0REP1") == ["checkin:T111:U0REP1:2026-W47"]


def test_an_extension_keeps_the_check_ins_going_past_the_planned_end(world: World) -> None:
    # Riley started Mon Oct 5: ae-90 ends after Sat Jan 2; four more weeks run to Jan 30.
    decide(world, "U0REP1", "extend the ramp", FRIDAY_CHICAGO, weeks="4")
    friday = dt.datetime(2027, 1, 15, 22, 5, tzinfo=dt.UTC)
    deps = world.deps(friday)
    tick(deps, world.sender(deps), Schedules())
    assert "checkin:T111:U0REP1:2027-W02" in sent_to(world, "U0REP1")


def test_a_performance_plans_goals_go_with_every_weekly_check_in(world: World) -> None:
    goals = "two qualified demos a week by 2026-12-18"
    kind = "start a performance plan"
    decide(
        world,
        "U0REP1",
        kind,
        FRIDAY_CHICAGO - dt.timedelta(days=1),
        goals=goals,
        decide_by=dt.date(2027, 1, 8),
    )
    deps = world.deps(FRIDAY_CHICAGO + dt.timedelta(minutes=5))
    tick(deps, world.sender(deps), Schedules())
    by_rep = {c.args["channel"]: json.dumps(c.args["blocks"]) for c in world.posted()}
    assert "two qualified demos a week (by Dec 18)" in by_rep["U0REP1"]
    assert "Performance plan, decided by Fri Jan 8" in by_rep["U0REP1"]
    assert "Performance plan" not in by_rep["U0REP2"]
