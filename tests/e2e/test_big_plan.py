"""The largest plan that import accepts still gives valid Slack views everywhere (issue 13, defect 10).

The fake Slack checks Block Kit's limits as Slack does, so any section over 3,000 characters or modal over
100 blocks built from this plan comes back `invalid_blocks` and fails the test.
"""

import datetime as dt
import json

import pytest
import yaml

from bot.delivery.tick import make_sender, tick
from bot.services import setup
from bot.settings import Settings
from bot.testing.payloads import block_actions
from bot.views import ids
from bot.views.problems import problem_texts
from coaching.cadence import Schedules
from coaching.errors import FieldProblem
from coaching.plans import MAX_CHECKPOINTS, MAX_FUNNEL_STAGES, MAX_MILESTONES, MAX_SALES_TASKS, parse_plan
from tests.e2e.conftest import ROOT, TEAM, RunningBot

BIG = "U0BIG1"
MANAGER, LEADER = "U0MGR1", "U0LEAD"
# Labels at their 60-character limit, full of characters that mrkdwn escaping makes longer.
LABEL = "Calls & <emails> & demos & proposals & meetings & <pipeline> "[:60]


def largest_plan() -> dict[str, object]:
    """Return a plan at every count and length limit that import checks."""
    metrics = [
        {
            "key": f"m{n:02d}",
            "label": f"{n:02d} {LABEL}"[:60],
            "unit": "currency" if n % 2 else "count",
            "max_per_week": 10_000_000,
            "target": {"full": 9_999_999 if n % 2 else 999},
        }
        for n in range(20)
    ]
    milestones = [
        {"day": 1 + n * 3, "kind": "threshold", "metric": f"m{n % 20:02d}", "at_least": 1, "label": LABEL}
        for n in range(MAX_MILESTONES)
    ]
    return {
        "id": "big-90",
        "version": 1,
        "name": "B" * 120,
        "metrics": metrics,
        "milestones": milestones,
        "funnel": [{"metric": f"m{n:02d}", "expected_conversion": 0.5} for n in range(MAX_FUNNEL_STAGES)],
        "sales_tasks": [
            (f"{n:02d} " + "Runs discovery & <multi-threads> " * 5)[:150] for n in range(MAX_SALES_TASKS)
        ],
        "reviews": {"checkpoints": [7 * (n + 1) for n in range(MAX_CHECKPOINTS)]},
    }


def team_with_big_rep() -> str:
    team = yaml.safe_load((ROOT / "examples" / "team.yml").read_text())
    team["people"].append(
        {"slack_id": BIG, "name": "Bo " + "Big" * 20, "role": "rep", "manager": MANAGER, "plan": "big-90"}
        | {"start": "2026-10-05", "tz": "America/Chicago"}
    )
    return yaml.safe_dump(team)


def test_a_plan_past_a_count_limit_is_refused_naming_the_field_and_the_limit() -> None:
    plan = largest_plan() | {"sales_tasks": ["Runs discovery"] * (MAX_SALES_TASKS + 65)}
    with pytest.raises(FieldProblem) as refused:
        parse_plan(plan)
    assert problem_texts(refused.value.problems) == [
        f"sales_tasks: at most {MAX_SALES_TASKS} allowed, this plan has 90 "
        "(each is a rating in the review modal, and a Slack modal holds 100 blocks)"
    ]


def test_every_view_and_message_built_from_the_largest_plan_is_valid(running_bot: RunningBot) -> None:
    bot = running_bot
    setup.import_plan(bot.deps, team_id=TEAM, source=yaml.safe_dump(largest_plan()))
    setup.import_team(bot.deps, team_id=TEAM, source=team_with_big_rep())
    numbers = " ".join(f"m{n:02d}={9_999_999 if n % 2 else 999}" for n in range(20))
    for when in ("last week ", ""):
        _, url = bot.command("/log", when + numbers, user=BIG)
        bot.reply_to(url)
    for person in (BIG, MANAGER, LEADER):
        bot.open_home(person)
    bot.command("/log", "", user=BIG)
    review = {"type": "button", "action_id": ids.START_REVIEW, "block_id": "b"}
    review["value"] = json.dumps({"rep": BIG, "slot": None})
    bot.poster.post_form(block_actions([review], user_id=MANAGER, team_id=TEAM, channel_id=None))
    bot.fake.wait_for("views.open", count=2)
    bot.fake.wait_for("views.publish", count=4)  # three Home tabs opened, one republished after a log

    settings = Settings.model_validate(
        {"slack_bot_token": "xoxb-e2e", "slack_api_url": bot.fake.api_url, "database_url": "sqlite://"}
    )
    bot.clock.now = dt.datetime(2026, 11, 20, 22, 0, tzinfo=dt.UTC)  # Friday 16:00 in Chicago: check-ins
    tick(bot.deps, make_sender(bot.deps, settings), Schedules())
    for command, text, person in (("/ramp", "digest", LEADER), ("/ramp", "status", MANAGER)):
        _, url = bot.command(command, text, user=person)
        bot.reply_to(url)
    bot.clock.now = dt.datetime(2026, 11, 23, 16, 0, tzinfo=dt.UTC)  # Monday: reminders, nudges, digest
    tick(bot.deps, make_sender(bot.deps, settings), Schedules())

    dms = {str(c.args.get("channel")) for c in bot.fake.calls("chat.postMessage")}
    assert {BIG, MANAGER, LEADER} <= dms  # the rep, manager and leader each got their DMs
    refused = [(c.method, c.error, c.args) for c in bot.fake.calls() if not c.ok]
    assert refused == []
    homes = [bot.fake.home_view(person) for person in (BIG, MANAGER, LEADER)]
    assert all(home["blocks"] for home in homes)
