"""A rep imported mid-ramp owes no review from before they joined (issue 13, defect 5)."""

import datetime as dt
import json

from bot.delivery.tick import tick
from bot.services import setup
from bot.services.digest import team_digest
from bot.views.digest import digest_messages
from coaching.cadence import Schedules
from tests.delivery.conftest import ROOT, TEAM, World, delivery_key

# Alex started on Sep 7, but the team file that brings them in is imported on Friday Nov 20.
ALEX = (
    "  - {slack_id: U0REP3, name: Alex Slow, role: rep, manager: U0MGR1, plan: ae-90, start: 2026-09-07,"
    " tz: America/New_York}\n"
)
IMPORTED = dt.datetime(2026, 11, 20, 15, 0, tzinfo=dt.UTC)


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(14, 0), tzinfo=dt.UTC)  # 09:00 in New York


def import_alex(world: World) -> None:
    source = (ROOT / "examples" / "team.yml").read_text() + ALEX
    setup.import_team(world.deps(IMPORTED), team_id=TEAM, source=source)


def review_text(world: World, when: dt.datetime) -> str:
    deps = world.deps(when)
    tick(deps, world.sender(deps), Schedules())
    calls = [c for c in world.posted() if delivery_key(c).startswith("review")]
    return json.dumps([c.args["blocks"] for c in calls[-1:]], ensure_ascii=False)


def test_a_rep_imported_mid_ramp_is_first_prompted_at_the_next_slot_not_reminded_of_older_ones(
    world: World,
) -> None:
    import_alex(world)
    reminder = review_text(world, at(dt.date(2026, 11, 23)))  # Riley and Sam are late since Nov 16
    assert "Riley Rep" in reminder and "Sam Seller" in reminder and "Alex Slow" not in reminder
    prompt = review_text(world, at(dt.date(2026, 11, 30)))  # Alex's first slot after joining
    assert "Alex Slow" in prompt


def test_the_digest_names_each_late_rep_once_with_how_many_reviews_they_missed(world: World) -> None:
    import_alex(world)
    digest = team_digest(world.deps(at(dt.date(2026, 11, 27))), team_id=TEAM)
    (max_,) = digest.digest.reviews
    assert (max_.overdue, max_.due) == (2, 1)  # Riley and Sam are late; Alex's first is due Nov 30
    text = "\n".join(b.to_dict()["text"]["text"] for _, blocks in digest_messages(digest) for b in blocks)
    reviews = text.split("*Reviews by manager*")[1].split("*Ecosystem signal*")[0]
    assert "• *Max Manager*: 0 done, 1 rep due, 2 reps overdue" in reviews and "Alex Slow" not in reviews
    # Riley (started Oct 5) missed Oct 19, Nov 2, Nov 3 (day 30) and Nov 16: one line, not one per review.
    assert "Riley Rep: 4 reviews missed, never reviewed (oldest due 39d ago)" in reviews
    assert reviews.count("Riley Rep") == 1
