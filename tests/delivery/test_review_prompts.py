"""Review prompts and overdue reminders: 09:00 in the manager's zone, one message per manager per day."""

import dataclasses
import datetime as dt
import json

from bot.delivery.tick import tick
from bot.deps import Tuning
from bot.fake_slack import Call
from bot.services import reviews
from coaching.cadence import Schedules
from coaching.review_form import RawReview
from tests.delivery.conftest import TEAM, World, delivery_key

# Max (U0MGR1) is in New York: 09:00 EST is 14:00 UTC.
NINE_NEW_YORK = dt.time(14, 0)
EVIDENCE = "Joined two calls: Riley opened with the buyer's issues and booked a next step on both of them."


def at(day: dt.date, clock: dt.time = NINE_NEW_YORK) -> dt.datetime:
    return dt.datetime.combine(day, clock, tzinfo=dt.UTC)


def review_messages(world: World, when: dt.datetime) -> list[Call]:
    deps = world.deps(when)
    tick(deps, world.sender(deps), Schedules())
    return [c for c in world.posted() if delivery_key(c).startswith("review")]


def test_the_prompt_lists_every_rep_due_that_day_in_one_message_at_nine(world: World) -> None:
    monday = dt.date(2026, 11, 30)  # Riley's and Sam's regular reviews are both due
    assert review_messages(world, at(monday, dt.time(13, 59))) == []
    review_messages(world, at(monday))
    (prompt,) = review_messages(world, at(monday, dt.time(15, 0)))
    assert delivery_key(prompt) == "review_prompt:T111:U0MGR1:2026-11-30"
    assert (
        prompt.args["channel"] == "U0MGR1"
        and prompt.args["text"] == "Reviews due today: Riley Rep, Sam Seller"
    )
    blocks = json.dumps(prompt.args["blocks"])
    assert blocks.count('"action_id": "start_review"') == 2 and "of plan" in blocks


def test_late_reviews_are_reminded_at_two_and_five_days_on_working_days(world: World) -> None:
    # Both reps' reviews of Mon Nov 16 are open: two days late on Wednesday; five days is a Saturday,
    # so the second reminder waits for Monday.
    (wednesday,) = review_messages(world, at(dt.date(2026, 11, 18)))
    assert delivery_key(wednesday) == "review_overdue:T111:U0MGR1:2026-11-18"
    assert "Sam Seller* · 2 days late" in json.dumps(wednesday.args["blocks"], ensure_ascii=False)
    assert "Riley Rep* · 30 days late" in json.dumps(wednesday.args["blocks"], ensure_ascii=False)
    assert len(review_messages(world, at(dt.date(2026, 11, 21)))) == 1
    keys = [delivery_key(c) for c in review_messages(world, at(dt.date(2026, 11, 23)))]
    assert keys == ["review_overdue:T111:U0MGR1:2026-11-18", "review_overdue:T111:U0MGR1:2026-11-23"]


def test_a_done_review_drops_out_of_the_next_reminder(world: World) -> None:
    deps = world.deps(at(dt.date(2026, 11, 17)))
    raw = RawReview(
        ratings={str(n): "3" for n in range(5)},
        people=None,
        control=None,
        environment=None,
        evidence=EVIDENCE,
        assessment="on track",
        decision="continue",
        actions=None,
        next_review=None,
        decision_why="On plan so far: keep coaching discovery as agreed.",
    )
    reviews.submit_review(
        deps, team_id=TEAM, actor_id="U0MGR1", rep_id="U0REP1", opened_at=None, raw=raw, done_ids=[]
    )
    (reminder,) = review_messages(world, at(dt.date(2026, 11, 18)))
    assert "Riley" not in json.dumps(reminder.args["blocks"]) and "Sam Seller" in reminder.args["text"]


def test_a_holiday_moves_the_prompt_to_the_next_working_day_with_every_rep_in_it(world: World) -> None:
    holiday = dt.date(2026, 11, 30)
    holidays = Tuning(holidays=frozenset({holiday}))
    deps = dataclasses.replace(world.deps(at(dt.date(2026, 12, 1))), tuning=holidays)
    tick(deps, world.sender(deps), Schedules(holidays=frozenset({holiday})))
    (prompt,) = [c for c in world.posted() if delivery_key(c).startswith("review_prompt")]
    assert delivery_key(prompt) == "review_prompt:T111:U0MGR1:2026-12-01"
    assert prompt.args["text"] == "Reviews due today: Riley Rep, Sam Seller"


def test_a_manager_gets_one_review_dm_a_day_with_the_late_reviews_in_the_prompt(world: World) -> None:
    """Issue 19: a due review and an overdue reminder on the same day were two DMs with the same rep."""
    merged = []
    day = dt.date(2026, 11, 30)  # Riley's day-60 checkpoint (Dec 3) falls when Nov 30's review is late
    while day <= dt.date(2026, 12, 8):
        sent = review_messages(world, at(day, dt.time(15, 0)))
        today = [c for c in sent if delivery_key(c).endswith(day.isoformat())]
        assert len(today) <= 1, [delivery_key(c) for c in today]
        merged += [c for c in today if "Also late" in json.dumps(c.args["blocks"])]
        world.fake.clear()
        day += dt.timedelta(days=1)
    assert merged, "no day had a prompt and late reviews together"
    first = merged[0]
    assert delivery_key(first).startswith("review_prompt") and "overdue" in first.args["text"]
