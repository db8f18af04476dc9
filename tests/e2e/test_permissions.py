"""Who may do what, listener by listener and role by role, checked on the server through signed requests.

The team: Dana (U0LEAD, leader) above Max (U0MGR1, manager) above Riley (U0REP1) and Sam (U0REP2);
U0NOBODY is not in the team file.
"""

import json
import time

import pytest

from bot.testing.payloads import block_actions
from bot.views import ids
from coaching.team import Person, Role
from storage.db import session_scope
from storage.repo import people, plans, reviews
from tests.e2e.conftest import TEAM, RunningBot
from tests.e2e.test_log_command import reply_text
from tests.e2e.test_reviews import good_review, open_modal, submit

LEADER, MANAGER, RILEY, SAM, STRANGER = "U0LEAD", "U0MGR1", "U0REP1", "U0REP2", "U0NOBODY"
ADMIN = "U0ADMIN"  # added to the team by the tests that need an admin


def click(bot: RunningBot, action_id: str, value: str, user: str) -> None:
    action = {"type": "button", "action_id": action_id, "block_id": "b", "value": value}
    bot.poster.post_form(block_actions([action], user_id=user, team_id=TEAM, channel_id=None))


@pytest.mark.parametrize(
    ("user", "allowed"), [(LEADER, True), (MANAGER, True), (RILEY, False), (STRANGER, False)]
)
def test_enrolling_a_rep(running_bot: RunningBot, user: str, allowed: bool) -> None:
    _, url = running_bot.command("/ramp", "enroll <@U0REP2> plan=ae-90 start=2026-11-09", user=user)
    text = reply_text(running_bot, url)
    with session_scope(running_bot.deps.engine) as session:
        enrollment = plans.get_enrollment(session, team_id=TEAM, rep_id=SAM)
    assert (enrollment is not None and enrollment.start.day == 9) is allowed, text


@pytest.mark.parametrize(
    ("user", "allowed"),
    [(LEADER, True), (MANAGER, True), (RILEY, False), (SAM, False), (STRANGER, False)],
)
def test_opening_a_review_of_riley(running_bot: RunningBot, user: str, allowed: bool) -> None:
    running_bot.command("/ramp", "review <@U0REP1>", user=user)
    view = running_bot.fake.wait_for("views.open")[-1].args["view"]
    assert (view.get("callback_id") == ids.REVIEW_MODAL) is allowed, json.dumps(view)[:300]


@pytest.mark.parametrize(
    ("user", "allowed"), [(MANAGER, True), (LEADER, True), (SAM, False), (STRANGER, False)]
)
def test_submitting_a_review_of_riley(running_bot: RunningBot, user: str, allowed: bool) -> None:
    view = open_modal(running_bot)  # Max's modal; the submission is forged as `user`
    answer = submit(running_bot, view, good_review(), user=user)
    with session_scope(running_bot.deps.engine) as session:
        stored = reviews.reviews(session, team_id=TEAM, rep_ids=[RILEY])
    assert (answer == {} and len(stored) == 1) is allowed, answer


@pytest.mark.parametrize(
    ("user", "allowed"), [(LEADER, True), (MANAGER, True), (RILEY, False), (STRANGER, False)]
)
def test_exporting_logs(running_bot: RunningBot, user: str, allowed: bool) -> None:
    _, url = running_bot.command("/ramp", "export", user=user)
    text = reply_text(running_bot, url)
    assert ("Sent you the export" in text) is allowed, text


@pytest.mark.parametrize(
    ("user", "allowed"), [(RILEY, True), (MANAGER, True), (SAM, False), (STRANGER, False)]
)
def test_ticking_off_rileys_action_item(running_bot: RunningBot, user: str, allowed: bool) -> None:
    submit(running_bot, open_modal(running_bot), good_review())
    seen = len(running_bot.fake.wait_for("views.publish", count=2))  # the review's own republishing
    action = reviews_of(running_bot)[0].actions[0]
    click(running_bot, ids.ACTION_DONE, str(action.id), user)
    if user == STRANGER:
        time.sleep(0.3)  # nothing to wait for: a stranger has no Home tab
    else:
        running_bot.fake.wait_for("views.publish", count=seen + 1)
    assert (reviews_of(running_bot)[0].actions[0].done_at is not None) is allowed


def reviews_of(bot: RunningBot) -> list[reviews.StoredReview]:
    with session_scope(bot.deps.engine) as session:
        return reviews.reviews(session, team_id=TEAM, rep_ids=[RILEY])


@pytest.mark.parametrize(
    ("user", "allowed"), [(MANAGER, True), (ADMIN, True), (LEADER, False), (RILEY, False)]
)
def test_opening_a_correction_of_maxs_review(running_bot: RunningBot, user: str, allowed: bool) -> None:
    """The author or an admin may correct a review: the button opens the same modal the save accepts."""
    with session_scope(running_bot.deps.engine) as session:
        admin = Person(slack_id=ADMIN, name="Ada Admin", role=Role.ADMIN)
        people.upsert_people(session, team_id=TEAM, people=[admin], now=running_bot.deps.clock())
    submit(running_bot, open_modal(running_bot), good_review())
    click(running_bot, ids.AMEND_REVIEW, str(reviews_of(running_bot)[0].id), user)
    view = running_bot.fake.wait_for("views.open", count=2)[-1].args["view"]
    assert (view.get("callback_id") == ids.REVIEW_AMEND_MODAL) is allowed, json.dumps(view)[:300]
