"""The weekly messaging nudge: due Monday 09:00 in each rep's zone, once a week, rendered when it is sent."""

import datetime as dt
import json

from bot.delivery.tick import record_due, tick
from bot.services import nudges
from bot.views.nudge_messages import read_nudge_target
from coaching.cadence import Schedules
from coaching.delivery import State
from coaching.touches import Channel, Outcome, Touch
from storage.db import session_scope
from storage.repo import deliveries
from storage.repo.touches import save_touches
from tests.delivery.conftest import TEAM, World, delivery_key

# Monday 2026-11-23 (ISO week 48): 09:00 in Berlin is 08:00 UTC, 09:00 in Chicago is 15:00 UTC.
BERLIN_NINE = dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.UTC)
CHICAGO_NINE = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC)
SENT = dt.datetime(2026, 11, 2, 14, 0, tzinfo=dt.UTC)


def batch(rep: str, template: str, n: int, replies: int, step: int = 2) -> list[Touch]:
    return [
        Touch(
            rep=rep,
            sent_at=SENT + dt.timedelta(minutes=i),
            channel=Channel.EMAIL,
            step=step,
            template=template,
            outcome=Outcome.REPLY if i < replies else Outcome.NONE,
        )
        for i in range(n)
    ]


def seed_touches(world: World) -> None:
    """Riley (Chicago) has a clear winner among their follow-ups; Sam (Berlin) has only a few touches."""
    found = batch("U0REP1", "pain-follow", 50, 11) + batch("U0REP1", "demo-follow", 75, 6)
    found += batch("U0REP2", "pain-follow", 4, 1)
    deps = world.deps(SENT)
    with session_scope(deps.engine) as session:
        save_touches(session, TEAM, found, "test", SENT)


def nudge_keys(world: World) -> list[str]:
    return [k for k in map(delivery_key, world.posted()) if k.startswith("nudge:")]


def run_tick(world: World, at: dt.datetime) -> None:
    deps = world.deps(at)
    tick(deps, world.sender(deps), Schedules())


def state_of(world: World, key: str, at: dt.datetime) -> State:
    deps = world.deps(at)
    with session_scope(deps.engine) as session:
        rows = deliveries.listing(session, sent_since=at - dt.timedelta(days=1))
    return next(row.state for row in rows if row.key == key)


def test_each_rep_with_touches_gets_one_nudge_at_nine_on_monday_in_their_own_zone(world: World) -> None:
    seed_touches(world)
    run_tick(world, BERLIN_NINE - dt.timedelta(minutes=1))
    assert nudge_keys(world) == []
    run_tick(world, BERLIN_NINE)
    assert nudge_keys(world) == ["nudge:T111:U0REP2:2026-W48"]
    for at in (
        CHICAGO_NINE - dt.timedelta(minutes=1),
        CHICAGO_NINE,
        CHICAGO_NINE,
        CHICAGO_NINE + dt.timedelta(hours=3),
    ):
        run_tick(world, at)
    assert nudge_keys(world) == ["nudge:T111:U0REP2:2026-W48", "nudge:T111:U0REP1:2026-W48"]


def test_nobody_without_touches_in_the_window_is_due(world: World) -> None:
    deps = world.deps(CHICAGO_NINE)
    assert nudges.nudge_dues(deps, Schedules()) == []
    record_due(deps, Schedules())
    with session_scope(deps.engine) as session:
        keys = [row.key for row in deliveries.listing(session, sent_since=SENT)]
    assert keys and not [key for key in keys if key.startswith("nudge:")]  # check-ins and reminders only


def test_the_nudge_shows_each_insight_with_its_numbers_and_three_buttons(world: World) -> None:
    seed_touches(world)
    run_tick(world, CHICAGO_NINE)
    riley = next(c for c in world.posted() if delivery_key(c) == "nudge:T111:U0REP1:2026-W48")
    blocks = riley.args["blocks"]
    text = json.dumps(blocks, ensure_ascii=False)
    assert "Your *pain-follow* follow-ups got a reply 22% of the time (11 of 50)" in text
    assert "*demo-follow* got 8% (6 of 75)" in text
    assert "Your own numbers are enough to show this. Across the team: 22% vs 8% over 129 follow-ups." in text
    assert "Next step: use *pain-follow* for your follow-ups instead of *demo-follow*." in text
    (actions,) = [b for b in blocks if b["type"] == "actions"]
    assert actions["block_id"] == "nudge:0"
    assert [(e["action_id"], e["text"]["text"]) for e in actions["elements"]] == [
        ("nudge_up", "👍"),
        ("nudge_down", "👎"),
        ("nudge_snooze", "Snooze 2 weeks"),
    ]
    target = read_nudge_target(actions["elements"][0]["value"])
    assert target is not None
    assert (target.rep_id, target.week, target.ref.better, target.ref.worse) == (
        "U0REP1",
        "2026-W48",
        "pain-follow",
        "demo-follow",
    )


def test_a_rep_without_enough_data_gets_their_own_counts_and_no_buttons(world: World) -> None:
    seed_touches(world)
    run_tick(world, BERLIN_NINE)
    (sam,) = [c for c in world.posted() if delivery_key(c).startswith("nudge:")]
    text = json.dumps(sam.args["blocks"])
    assert "You sent 4 touches and got 1 reply." in text
    assert "actions" not in {b["type"] for b in sam.args["blocks"]}


def test_a_snoozed_insight_is_left_out_of_the_next_two_runs_and_nothing_is_invented(world: World) -> None:
    seed_touches(world)
    run_tick(world, CHICAGO_NINE)
    riley = next(c for c in world.posted() if delivery_key(c) == "nudge:T111:U0REP1:2026-W48")
    (actions,) = [b for b in riley.args["blocks"] if b["type"] == "actions"]
    target = read_nudge_target(actions["elements"][2]["value"])
    assert target is not None
    deps = world.deps(CHICAGO_NINE)
    assert nudges.react(deps, team_id=TEAM, actor_id="U0REP1", target=target, reaction="snooze") == (
        "snooze",
        True,
    )
    for weeks, week, state in ((1, "2026-W49", State.SKIPPED), (2, "2026-W50", State.SKIPPED)):
        at = CHICAGO_NINE + dt.timedelta(weeks=weeks)
        run_tick(world, at)
        assert state_of(world, f"nudge:T111:U0REP1:{week}", at) is state
    back = CHICAGO_NINE + dt.timedelta(weeks=3)
    run_tick(world, back)
    assert state_of(world, "nudge:T111:U0REP1:2026-W51", back) is State.SENT
    assert "pain-follow" in json.dumps(world.posted()[-1].args["blocks"], ensure_ascii=False)


def test_the_reps_home_tab_shows_their_latest_nudge_once_it_was_sent(world: World) -> None:
    from bot.services.home import home_for
    from bot.views.home import home_view

    seed_touches(world)
    deps = world.deps(CHICAGO_NINE)
    assert home_for(deps, team_id=TEAM, user_id="U0REP1").nudge == ()  # nothing sent yet
    run_tick(world, CHICAGO_NINE)
    home = home_for(world.deps(CHICAGO_NINE), team_id=TEAM, user_id="U0REP1")
    assert home.nudge_week == "2026-W48"
    text = json.dumps(home_view(home).to_dict(), ensure_ascii=False)
    assert "Your latest coaching nudge* (2026-W48)" in text and "*pain-follow* beat *demo-follow*" in text
