"""Reviews end to end: the filled modal, field errors, the stored review and the rep's DM, follow-ups,
drafts, rescheduling, corrections and who may do what, through signed requests and the fake Slack."""

import datetime as dt
import json
from typing import Any

from bot.testing.payloads import block_actions, view_closed, view_submission
from bot.views import ids
from storage.db import session_scope
from storage.repo import reviews
from storage.repo.reviews import StoredReview
from tests.e2e.conftest import REP, TEAM, RunningBot

MANAGER = "U0MGR1"
EVIDENCE = (
    "Listened to three discovery calls: Riley asks about the buyer's issues first and found the budget "
    "owner twice, but single-threads every deal."
)


def click(bot: RunningBot, action_id: str, value: str, user: str = MANAGER) -> None:
    action = {"type": "button", "action_id": action_id, "block_id": "b", "value": value}
    assert (
        bot.poster.post_form(block_actions([action], user_id=user, team_id=TEAM, channel_id=None)).status_code
        == 200
    )


def open_modal(bot: RunningBot, rep: str = REP, user: str = MANAGER) -> dict[str, Any]:
    seen = len(bot.fake.calls("views.open"))
    click(bot, ids.START_REVIEW, json.dumps({"rep": rep, "slot": None}), user)
    return dict(bot.fake.wait_for("views.open", count=seen + 1)[-1].args["view"])


def state(values: dict[str, Any]) -> dict[str, dict[str, dict[str, Any]]]:
    """Build a modal state: text by block id, `rating:N` and choices as selected options, a date, boxes."""
    built: dict[str, dict[str, dict[str, Any]]] = {}
    for block, value in values.items():
        field: dict[str, Any]
        if block.startswith(ids.RATING_PREFIX) or block in ("assessment", "decision"):
            field = {"type": "static_select", "selected_option": {"value": value}}
        elif block in ("next_review", "decision_by"):
            field = {"type": "datepicker", "selected_date": value}
        elif block == ids.REVIEW_DONE_BLOCK:
            field = {"type": "checkboxes", "selected_options": [{"value": v} for v in value]}
        else:
            field = {"type": "plain_text_input", "value": value}
        built[block] = {"value": field}
    return built


def good_review(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {f"{ids.RATING_PREFIX}{n}": str(n % 5 + 1) for n in range(5)}
    values |= {
        "people": "Coaching focus: multi-threading.",
        "evidence": EVIDENCE,
        "assessment": "needs support",
        "decision": "continue",
        "decision_why": "Pace is close to plan and the day-30 bar is met; keep coaching multi-threading.",
        "actions": "rep: add a second contact in five deals by 2026-12-04\nme: join two calls by 2026-12-02",
        "next_review": "2026-12-07",
    }
    return values | overrides


def submit(
    bot: RunningBot, view: dict[str, Any], values: dict[str, Any], user: str = MANAGER
) -> dict[str, Any]:
    body = view_submission(
        ids.REVIEW_MODAL, state(values), user_id=user, team_id=TEAM, private_metadata=view["private_metadata"]
    )
    answer = bot.poster.post_form(body)
    assert answer.status_code == 200
    return answer.json() if answer.content else {}


def stored(bot: RunningBot, rep: str = REP) -> list[StoredReview]:
    with session_scope(bot.deps.engine) as session:
        return reviews.reviews(session, team_id=TEAM, rep_ids=[rep])


def test_the_modal_opens_with_the_reps_numbers_and_every_question(running_bot: RunningBot) -> None:
    view = open_modal(running_bot)
    blocks = {b.get("block_id"): b for b in view["blocks"]}
    assert view["title"]["text"] == "Review: Riley Rep" and view["notify_on_close"] is True
    header = view["blocks"][0]["text"]["text"]
    assert "*Riley Rep* · day 30 checkpoint · day 47" in header and "Attainment *" in header
    assert blocks["rating:0"]["label"]["text"] == "Runs discovery on the buyer's issues before pitching"
    assert {"rating:4", "people", "control", "environment", "evidence", "assessment", "decision"} <= set(
        blocks
    )
    assert {"actions", "next_review"} <= set(blocks)
    assert "first review" in json.dumps(view["blocks"])


def test_a_thin_review_and_bad_action_items_are_refused_field_by_field(running_bot: RunningBot) -> None:
    view = open_modal(running_bot)
    answer = submit(
        running_bot, view, good_review(evidence="fine", decision=None, actions="rep: call more by 2026-11-01")
    )
    assert answer["response_action"] == "errors"
    errors = answer["errors"]
    assert set(errors) == {"evidence", "decision", "actions"}
    assert "at least 80 characters" in errors["evidence"]
    assert errors["actions"] == "line 1: the due date Nov 1 is in the past"
    four = "\n".join(f"rep: step {n} by 2026-12-0{n}" for n in range(1, 5))
    assert submit(running_bot, view, good_review(actions=four))["errors"] == {
        "actions": "At most 3 action items (you wrote 4): keep the ones that matter most."
    }
    assert stored(running_bot) == []


def test_a_review_is_stored_and_the_rep_gets_the_summary_and_action_items(running_bot: RunningBot) -> None:
    assert submit(running_bot, open_modal(running_bot), good_review()) == {}
    dms = {c.args["channel"]: c for c in running_bot.fake.wait_for("chat.postMessage", count=2)}
    rep_dm = json.dumps(dms[REP].args["blocks"])
    assert "Your review with Max Manager" in rep_dm and "needs support" in rep_dm
    assert "rep: add a second contact in five deals (due Fri Dec 4)" in rep_dm
    assert "Next review: Mon Dec 7" in rep_dm
    assert '"action_id": "amend_review"' in json.dumps(dms[MANAGER].args["blocks"])
    (review,) = stored(running_bot)
    assert review.checkpoint == 30 and review.slot == dt.date(2026, 11, 16)
    assert review.seconds is not None and review.review.ratings["Keeps the CRM current the same day"] == 5
    homes = running_bot.fake.wait_for("views.publish", count=2)
    assert "Open action items" in json.dumps([c.args["view"] for c in homes])


def test_the_next_review_follows_up_the_last_ones_action_items(running_bot: RunningBot) -> None:
    submit(running_bot, open_modal(running_bot), good_review())
    running_bot.fake.wait_for("views.publish", count=2)
    running_bot.clock.now = dt.datetime(2026, 12, 7, 15, tzinfo=dt.UTC)
    view = open_modal(running_bot)
    text = json.dumps(view["blocks"], ensure_ascii=False)
    assert (
        "day 60 checkpoint" in text
        and "From the last review (Nov 20)" in text
        and "⬜ rep: add a second contact" in text
    )
    first = stored(running_bot)[0].actions[0]
    values = good_review(next_review=None, actions="", done=[str(first.id)])
    values[ids.REVIEW_DONE_BLOCK] = values.pop("done")
    assert submit(running_bot, view, values) == {}
    latest, earlier = stored(running_bot)
    assert (latest.slot, latest.checkpoint) == (dt.date(2026, 12, 3), 60)
    assert [a.done_at is not None for a in earlier.actions] == [True, False]


def test_only_the_reps_manager_or_an_admin_can_review(running_bot: RunningBot) -> None:
    refused = open_modal(running_bot, rep=REP, user="U0REP2")
    assert "Only the rep's manager, or an admin" in json.dumps(refused["blocks"])
    view = open_modal(running_bot)
    answer = submit(running_bot, view, good_review(), user="U0REP2")  # a forged submission
    assert answer["errors"] == {"evidence": "Only the rep's manager, or an admin, can review them."}
    assert stored(running_bot) == []
    assert "Review: Riley Rep" in json.dumps(open_modal(running_bot, user="U0LEAD"))  # above the manager


def test_a_closed_modal_keeps_a_draft_and_reopens_with_it(running_bot: RunningBot) -> None:
    view = open_modal(running_bot)
    closed = view_closed(
        ids.REVIEW_MODAL,
        state({"evidence": "Half written: discovery is strong", "assessment": "at risk"}),
        user_id=MANAGER,
        team_id=TEAM,
        private_metadata=view["private_metadata"],
    )
    assert running_bot.poster.post_form(closed).status_code == 200
    for _ in range(100):
        reopened = {b.get("block_id"): b for b in open_modal(running_bot)["blocks"]}
        if reopened["evidence"]["element"].get("initial_value"):
            break
    assert reopened["evidence"]["element"]["initial_value"] == "Half written: discovery is strong"
    assert reopened["assessment"]["element"]["initial_option"]["value"] == "at risk"


def test_rescheduling_needs_a_date_and_a_reason(running_bot: RunningBot) -> None:
    target = json.dumps({"rep": "U0REP2", "slot": "2026-11-16"})
    click(running_bot, ids.RESCHEDULE_REVIEW, target)
    view = running_bot.fake.wait_for("views.open")[-1].args["view"]
    assert view["callback_id"] == ids.REVIEW_MOVE_MODAL

    def move(values: dict[str, Any]) -> dict[str, Any]:
        body = view_submission(
            ids.REVIEW_MOVE_MODAL, state(values), user_id=MANAGER, team_id=TEAM, private_metadata=target
        )
        answer = running_bot.poster.post_form(body)
        return answer.json() if answer.content else {}

    assert move({"due": "2026-11-01", "reason": ""})["errors"] == {
        "due": "Pick a date after today.",
        "reason": "Say why, in a few words: your leader sees it.",
    }
    assert move({"due": "2026-11-25", "reason": "Sam is at the sales kickoff"}) == {}
    with session_scope(running_bot.deps.engine) as session:
        assert reviews.moved_slots(session, team_id=TEAM)[(TEAM, "U0REP2")] == {
            dt.date(2026, 11, 16): dt.date(2026, 11, 25)
        }


def test_an_action_item_is_marked_done_only_by_someone_allowed(running_bot: RunningBot) -> None:
    submit(running_bot, open_modal(running_bot), good_review())
    first, second = stored(running_bot)[0].actions
    click(running_bot, ids.ACTION_DONE, str(first.id), user="U0REP2")  # another rep: ignored
    click(running_bot, ids.ACTION_DONE, str(second.id), user=REP)
    running_bot.fake.wait_for("views.publish", count=4)  # 2 after the review, 1 per click
    done = [a.done_at is not None for a in stored(running_bot)[0].actions]
    assert done == [False, True]
