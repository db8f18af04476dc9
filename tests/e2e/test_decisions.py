"""Checkpoint decisions and milestone confirmations end to end, on SQLite and PostgreSQL: the Home tab's
Confirm / Not yet buttons, forged clicks, the review modal's suggestion and decision, and what a decision
changes, through signed requests and the fake Slack."""

import datetime as dt
import json
import time
from collections.abc import Iterator
from typing import Any

import pytest

from bot.app import build_app, listener_executor
from bot.deps import Deps, SettableClock
from bot.fake_slack import FakeSlack
from bot.metrics import registry
from bot.server import serving_in_background
from bot.services import setup
from bot.settings import Settings
from bot.testing.payloads import block_actions, view_submission
from bot.testing.signing import SlackPoster
from bot.views import ids
from coaching.milestone_marks import Mark
from coaching.review_form import Decision
from storage import migrate
from storage.db import make_engine, session_scope
from storage.repo import decisions
from tests.e2e.conftest import FRIDAY, IMPORTED, REP, ROOT, SECRET, TEAM, RunningBot
from tests.e2e.test_reviews import good_review, state

MANAGER, LEADER, OTHER_MANAGER = "U0MGR1", "U0LEAD", "U0MGR2"
CERTIFICATION = "Completed product certification"  # ae-90's day-14 confirm milestone; Riley is on day 47
MORE_PEOPLE = """
  - {slack_id: U0MGR2, name: Mo Other, role: manager, tz: America/New_York}
  - {slack_id: U0REP9, name: Ola Other, role: rep, manager: U0MGR2, plan: ae-90, start: 2026-10-05}
"""


@pytest.fixture
def bot(database_url: str) -> Iterator[RunningBot]:
    migrate.upgrade(database_url)
    clock = SettableClock(IMPORTED)
    deps = Deps(engine=make_engine(database_url), clock=clock)
    setup.import_plan(deps, team_id=TEAM, source=(ROOT / "plans" / "ae-90.yml").read_text())
    team = (ROOT / "examples" / "team.yml").read_text().rstrip("\n") + MORE_PEOPLE
    setup.import_team(deps, team_id=TEAM, source=team)
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
        app = build_app(settings, deps, http=True, executor=executor)
        with (
            serving_in_background(app, metrics=registry(deps.engine, clock)) as events_url,
            SlackPoster(events_url, SECRET) as poster,
        ):
            yield RunningBot(fake, poster, clock, deps, events_url.removesuffix("/slack/events"))
        executor.shutdown(wait=True)
    deps.engine.dispose()


def click(bot: RunningBot, action_id: str, value: str, user: str, view: dict[str, Any] | None = None) -> None:
    action = {"type": "button", "action_id": action_id, "block_id": "b", "value": value}
    body = block_actions([action], user_id=user, team_id=TEAM, channel_id=None, view=view)
    assert bot.poster.post_form(body).status_code == 200


def home_of(bot: RunningBot, user: str) -> dict[str, Any]:
    def published() -> list[Any]:
        return [c for c in bot.fake.calls("views.publish") if c.args["user_id"] == user]

    seen = len(published())
    bot.open_home(user)
    wait_until(lambda: len(published()) > seen)
    return dict(published()[-1].args["view"])


def marks(bot: RunningBot, rep: str = REP) -> list[tuple[str, Mark, str]]:
    with session_scope(bot.deps.engine) as session:
        found = decisions.marks(session, team_id=TEAM, rep_ids=[rep]).get(rep, [])
    return [(m.label, m.mark, m.by) for m in found]


def wait_until(check: Any) -> None:
    deadline = time.monotonic() + 5
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_the_managers_home_offers_due_milestones_to_confirm_and_a_forged_click_is_refused(
    bot: RunningBot,
) -> None:
    home = home_of(bot, MANAGER)
    text = json.dumps(home)
    assert "Milestones to confirm" in text and CERTIFICATION in text
    buttons = [e for b in home["blocks"] if b["type"] == "actions" for e in b["elements"]]
    confirm = next(b for b in buttons if b["action_id"] == ids.MILESTONE_CONFIRM and REP in b["value"])
    assert {b["action_id"] for b in buttons} >= {ids.MILESTONE_CONFIRM, ids.MILESTONE_NOT_YET}
    # The early call shows on the manager's Home from day 21, once, with the coaching-aid line.
    assert "Chance to finish on track" in text and text.count("coaching aid, not a verdict") == 1

    published = len(bot.fake.calls("views.publish"))
    for forger in (REP, OTHER_MANAGER):  # the rep themself, and a manager from another team
        click(bot, ids.MILESTONE_CONFIRM, confirm["value"], forger)
    bot.fake.wait_for("views.publish", count=published + 2)
    assert marks(bot) == []

    click(bot, ids.MILESTONE_NOT_YET, confirm["value"], MANAGER)
    wait_until(lambda: len(marks(bot)) == 1)
    click(bot, ids.MILESTONE_CONFIRM, confirm["value"], LEADER)  # a leader up the line may confirm too
    wait_until(lambda: len(marks(bot)) == 2)
    assert marks(bot) == [(CERTIFICATION, Mark.NOT_YET, MANAGER), (CERTIFICATION, Mark.CONFIRMED, LEADER)]
    # "Not yet" past day 14 was a miss, so the confirmation that followed is recorded as late.
    assert f"Day 14: {CERTIFICATION} (hit, confirmed late)" in json.dumps(home_of(bot, REP))
    # Riley's is settled; Sam (day 19) still has theirs to confirm.
    wait_until(lambda: json.dumps(confirm["value"]) not in json.dumps(home_of(bot, MANAGER)))


def test_the_rep_never_sees_the_early_call_or_the_buttons(bot: RunningBot) -> None:
    text = json.dumps(home_of(bot, REP))
    assert "Chance to finish on track" not in text and ids.MILESTONE_CONFIRM not in text


def open_review(bot: RunningBot) -> dict[str, Any]:
    seen = len(bot.fake.calls("views.open"))
    click(bot, ids.START_REVIEW, json.dumps({"rep": REP, "slot": None}), MANAGER)
    return dict(bot.fake.wait_for("views.open", count=seen + 1)[-1].args["view"])


def submit(bot: RunningBot, view: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    body = view_submission(
        ids.REVIEW_MODAL,
        state(values),
        user_id=MANAGER,
        team_id=TEAM,
        private_metadata=view["private_metadata"],
    )
    answer = bot.poster.post_form(body)
    assert answer.status_code == 200
    return answer.json() if answer.content else {}


def test_the_checkpoint_modal_suggests_a_decision_and_confirms_milestones_in_place(bot: RunningBot) -> None:
    view = open_review(bot)
    text = json.dumps(view)
    assert "day 30 checkpoint" in text and "Suggested decision:" in text
    assert {
        o["value"] for b in view["blocks"] if b.get("block_id") == "decision" for o in b["element"]["options"]
    } == {d.value for d in Decision}
    assert {"decision_why", "decision_weeks", "decision_goals", "decision_by"} <= {
        b.get("block_id") for b in view["blocks"]
    }
    value = json.dumps({"rep": REP, "label": CERTIFICATION})
    assert json.dumps(value) in text
    shown = dict(view, id="V0REVIEW")
    click(bot, ids.MILESTONE_CONFIRM, value, MANAGER, view=shown)
    updated = bot.fake.wait_for("views.update")[-1].args["view"]
    assert json.dumps(value) not in json.dumps(updated) and f"{CERTIFICATION}: hit" in json.dumps(updated)


def test_an_extension_is_recorded_with_its_data_and_moves_the_end_of_the_ramp(bot: RunningBot) -> None:
    view = open_review(bot)
    answer = submit(
        bot, view, good_review(decision=Decision.EXTEND.value, decision_weeks="", decision_why="no")
    )
    assert set(answer["errors"]) == {"decision_why", "decision_weeks"}
    pip = good_review(decision=Decision.PERFORMANCE_PLAN.value, decision_goals="more demos")
    assert set(submit(bot, view, pip)["errors"]) == {"decision_goals", "decision_by"}
    with session_scope(bot.deps.engine) as session:
        assert decisions.decisions(session, team_id=TEAM) == {}

    assert submit(bot, view, good_review(decision=Decision.EXTEND.value, decision_weeks="4")) == {}
    with session_scope(bot.deps.engine) as session:
        (made,) = decisions.decisions(session, team_id=TEAM)[REP]
    assert (made.decision.kind, made.decision.weeks, made.by, made.checkpoint) == (
        Decision.EXTEND,
        4,
        MANAGER,
        30,
    )
    assert made.snapshot["day"] == 47 and made.snapshot["early_call"] is not None
    end = dt.date(2026, 10, 5) + dt.timedelta(days=90 + 28 - 1)
    wait_until(lambda: f"Your ramp now ends on {end:%a %b %-d}" in json.dumps(home_of(bot, REP)))


def test_a_performance_plan_is_listed_on_both_home_tabs(bot: RunningBot) -> None:
    goals = "two qualified demos a week by 2026-12-18\nsecond contact in five deals by 2026-12-11"
    values = good_review(
        decision=Decision.PERFORMANCE_PLAN.value, decision_goals=goals, decision_by="2027-01-08"
    )
    assert submit(bot, open_review(bot), values) == {}
    for user in (REP, MANAGER):
        text = json.dumps(home_of(bot, user))
        assert (
            "Performance plan, decided by Fri Jan 8" in text
            and "two qualified demos a week (by Dec 18)" in text
        )
