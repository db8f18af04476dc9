"""The weekly nudge DM through the scheduler and the fake Slack (which checks Block Kit's limits): one
insight per finding with the team's rates and where its confidence comes from, this week's experiment with
a "Not this week" button, last week's result, the lift since a switch, and the manager's Home."""

import datetime as dt
import json
from typing import Any

from bot.delivery.tick import tick
from bot.services import nudges
from bot.services.home import home_for
from bot.views import ids
from bot.views.home import home_view
from coaching.cadence import Schedules
from coaching.experiments import Experiment
from coaching.nudges import Insight
from coaching.response_stats import Tally
from coaching.touches import Channel, Outcome, Stage, Touch
from storage.db import session_scope
from storage.repo import experiments as experiment_repo
from storage.repo import nudges as nudge_repo
from storage.repo.touches import save_touches
from tests.delivery.conftest import TEAM, World, delivery_key

CHICAGO_NINE = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC)  # Monday of ISO week 48, Riley's 09:00
SENT = dt.datetime(2026, 11, 2, 14, 0, tzinfo=dt.UTC)
LAST_WEEK = dt.datetime(2026, 11, 17, 14, 0, tzinfo=dt.UTC)  # Tuesday of week 47
ISSUE_BODY = "Hi Ana,\nYour team struggles to hit pipeline goals. Is that a priority this quarter?"
PRODUCT_BODY = "Hi Ana,\nWe built our platform with features for sales teams. Our product saves time."


def batch(rep: str, template: str, n: int, replies: int, *, at: dt.datetime = SENT, **kw: Any) -> list[Touch]:
    return [
        Touch(
            rep=rep,
            sent_at=at + dt.timedelta(minutes=i),
            channel=Channel.EMAIL,
            step=kw.get("step", 1),
            template=template,
            body=kw.get("body"),
            outcome=Outcome.REPLY if i < replies else Outcome.NONE,
        )
        for i in range(n)
    ]


def seed(world: World) -> None:
    """Riley's issue-led openers (brief, with a question) beat product-led ones, and their pain-follow
    follow-ups beat demo-follow; Sam's two openers do the same. Last week Riley tried asking a question."""
    found = batch("U0REP1", "issue-brief", 120, 29, body=ISSUE_BODY)
    found += batch("U0REP1", "product-long", 120, 8, body=PRODUCT_BODY)
    found += batch("U0REP1", "pain-follow", 50, 11, step=2) + batch("U0REP1", "demo-follow", 75, 6, step=2)
    found += batch("U0REP2", "issue-brief", 120, 10, body=ISSUE_BODY)
    found += batch("U0REP2", "product-long", 120, 11, body=PRODUCT_BODY)
    found += batch("U0REP1", "issue-brief", 20, 6, at=LAST_WEEK, body=ISSUE_BODY)
    found += batch("U0REP1", "product-long", 20, 2, at=LAST_WEEK, body=PRODUCT_BODY)
    tried = Experiment("U0REP1", Stage.OPENER, "asks-question", "issue-led", 0.25, Tally(0, 0), Tally(0, 0))
    deps = world.deps(SENT)
    with session_scope(deps.engine) as session:
        save_touches(session, TEAM, found, "test", SENT)
        experiment_repo.record_experiment(session, team_id=TEAM, week="2026-W47", experiment=tried, now=SENT)


def riley_dm(world: World, at: dt.datetime = CHICAGO_NINE, week: str = "2026-W48") -> dict[str, Any]:
    deps = world.deps(at)
    tick(deps, world.sender(deps), Schedules())
    call = next(c for c in world.posted() if delivery_key(c) == f"nudge:T111:U0REP1:{week}")
    return call.args


def test_the_weekly_dm_has_one_insight_per_finding_with_the_teams_rates_and_the_experiments(
    world: World,
) -> None:
    seed(world)
    blocks = riley_dm(world)["blocks"]
    sections = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    notes = [b["elements"][0]["text"] for b in blocks if b["type"] == "context"]
    insights = [s for s in sections if s.startswith("Your *")]
    assert len(insights) == 2 and len([b for b in blocks if b["type"] == "actions"]) == 2
    assert insights[0] == (
        "Your *issue-brief* openers, issue-led with a question, got a reply 25% of the time (35 of 140); "
        "*product-long* got 7% (10 of 140).\n"
        "Next step: use *issue-brief* for your openers instead of *product-long*."
    )
    assert notes[0] == (
        "Your own numbers are enough to show this. Across the team: 17% vs 8% over 520 openers."
    )
    assert "*pain-follow* follow-ups" in insights[1]
    (experiment,) = [b for b in blocks if b.get("block_id") == ids.EXPERIMENT_BLOCK]
    assert experiment["text"]["text"].startswith("*This week's experiment:* in a quarter of your openers, ")
    assert experiment["accessory"]["action_id"] == ids.EXPERIMENT_SKIP
    assert notes[-1] == (
        "*Last week's experiment* (ask a question in the first lines): 6 replies from 20 openers (30%); "
        "the rest of your openers: 10% (2 of 20)."
    )
    deps = world.deps(CHICAGO_NINE)
    stored = nudges.team_experiments(deps, team_id=TEAM, rep_id="U0REP1")
    assert [(e.week, e.status) for e in stored] == [("2026-W47", "suggested"), ("2026-W48", "suggested")]
    result = stored[0].result
    assert result is not None and (result.tried, result.others) == (Tally(6, 20), Tally(2, 20))


def test_a_rep_with_no_real_difference_gets_no_insight(world: World) -> None:
    seed(world)
    berlin_nine = dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.UTC)
    deps = world.deps(berlin_nine)
    tick(deps, world.sender(deps), Schedules())
    sam = next(c for c in world.posted() if delivery_key(c) == "nudge:T111:U0REP2:2026-W48")
    assert "actions" not in {b["type"] for b in sam.args["blocks"]}
    assert "No approach stands out yet" in json.dumps(sam.args["blocks"])


def test_not_this_week_is_kept_and_next_weeks_dm_says_so(world: World) -> None:
    seed(world)
    riley_dm(world)
    deps = world.deps(CHICAGO_NINE)
    assert nudges.skip_experiment(deps, team_id=TEAM, actor_id="U0REP1", rep_id="U0REP1", week="2026-W48")
    blocks = riley_dm(world, CHICAGO_NINE + dt.timedelta(weeks=1), "2026-W49")["blocks"]
    assert "Last week you skipped the experiment" in json.dumps(blocks)


def test_the_lift_since_a_switch_is_in_the_dm_and_on_the_managers_home(world: World) -> None:
    seed(world)
    # A nudge of week 46 told Riley to use issue-brief; since then 80 of their 100 openers used it.
    week46 = dt.datetime(2026, 11, 10, 14, 0, tzinfo=dt.UTC)
    switched = batch("U0REP1", "issue-brief", 60, 15, at=week46, body=ISSUE_BODY)
    insight = Insight(
        "U0REP1", "template", Stage.OPENER, "issue-brief", "product-long",
        0.2, 0.07, 120, 120, 24, 8, 0.99, 9.0,
    )  # fmt: skip
    deps = world.deps(week46)
    with session_scope(deps.engine) as session:
        save_touches(session, TEAM, switched, "test", week46)
        nudge_repo.record_insights(
            session, team_id=TEAM, rep_id="U0REP1", week="2026-W46", insights=[insight], now=week46
        )
    mark_sent(world, "2026-W46")
    text = json.dumps(riley_dm(world)["blocks"], ensure_ascii=False)
    lift = "📈 Since you switched to *issue-brief* openers on Nov 9: 15% → 23% replies, about 8 more replies."
    assert lift in text
    home = home_for(world.deps(CHICAGO_NINE), team_id=TEAM, user_id="U0MGR1")
    view = json.dumps(home_view(home).to_dict(), ensure_ascii=False)
    assert "*Riley Rep*: Since they switched to *issue-brief* openers on Nov 9: 15% → 23% replies" in view


def mark_sent(world: World, week: str) -> None:
    from coaching.delivery import Due, Kind
    from storage.repo import deliveries

    deps = world.deps(CHICAGO_NINE)
    due = Due(Kind.NUDGE, TEAM, "U0REP1", week, SENT)
    with session_scope(deps.engine) as session:
        deliveries.record_due(session, dues=[due], now=SENT)
        deliveries.mark_sent(session, key=due.key, channel="DU0REP1", ts="1.0", now=SENT)
