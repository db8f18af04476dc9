"""Nudge reactions and the "Get messaging feedback" shortcut, through signed requests and the fake Slack."""

import datetime as dt
import json

from sqlmodel import select

from bot.services.nudges import WeeklyNudge
from bot.testing.payloads import block_actions, button, message_action
from bot.views import ids
from bot.views.nudge_messages import NOT_YOURS, SKIPPED_TEXT, nudge_blocks
from coaching.experiments import Experiment
from coaching.nudges import Insight
from coaching.response_stats import Tally
from coaching.touches import Channel, Outcome, Stage, Touch
from storage.db import session_scope
from storage.repo import experiments as experiment_repo
from storage.repo.touches import save_touches
from storage.tables import NudgeFeedbackRow
from tests.e2e.conftest import REP, TEAM, RunningBot

INSIGHT = Insight(
    REP, "template", Stage.FOLLOW_UP, "pain-follow", "demo-follow", 0.22, 0.08, 50, 75, 11, 6, 0.99, 5.0,
)  # fmt: skip
ISSUE_BODY = "Hi Ana,\nYour team struggles to hit pipeline goals. Is that a priority this quarter?"
PRODUCT_BODY = "Hi Ana,\nWe built our platform with features for sales teams. Our product saves time."
DRAFT = "Hello,\nWe launched our platform with new features. Our product saves time for teams."


def nudge_message() -> dict[str, object]:
    text, blocks = nudge_blocks(WeeklyNudge(REP, "2026-W48", [INSIGHT], None))
    return {"text": text, "blocks": [block.to_dict() for block in blocks]}


def click(bot: RunningBot, action_id: str, *, user: str = REP) -> str:
    """Click one of the insight's buttons; return the response_url the app answers on."""
    message = nudge_message()
    actions = [b for b in message["blocks"] if b["type"] == "actions"]  # type: ignore[attr-defined]
    value = next(e["value"] for e in actions[0]["elements"] if e["action_id"] == action_id)
    response_url = bot.fake.response_url(f"nudge-{len(bot.fake.calls())}")
    body = block_actions(
        [button(action_id, value, block_id=actions[0]["block_id"])],
        user_id=user,
        team_id=TEAM,
        channel_id="D" + REP,
        response_url=response_url,
        message=message,
    )
    assert bot.poster.post_form(body).status_code == 200
    return response_url


def stored_reactions(bot: RunningBot) -> list[tuple[str, str, str]]:
    with session_scope(bot.deps.engine) as session:
        rows = session.exec(select(NudgeFeedbackRow)).all()
        return [(r.rep_id, r.week, r.reaction) for r in rows]


def test_a_reaction_is_recorded_once_and_replaces_the_buttons(running_bot: RunningBot) -> None:
    first = running_bot.reply_to(click(running_bot, ids.NUDGE_UP))
    assert first.args["replace_original"] is True
    blocks = first.args["blocks"]
    assert [b["type"] for b in blocks] == ["section", "section", "context", "context"]
    assert "👍 Marked helpful" in json.dumps(blocks, ensure_ascii=False)
    again = running_bot.reply_to(click(running_bot, ids.NUDGE_DOWN))
    assert "👍 Marked helpful" in json.dumps(
        again.args["blocks"], ensure_ascii=False
    )  # the first click stays
    assert stored_reactions(running_bot) == [(REP, "2026-W48", "up")]


def test_someone_else_clicking_a_reps_nudge_is_refused_and_nothing_is_stored(running_bot: RunningBot) -> None:
    reply = running_bot.reply_to(click(running_bot, ids.NUDGE_SNOOZE, user="U0REP2"))
    assert reply.args["text"] == NOT_YOURS
    assert reply.args["response_type"] == "ephemeral" and reply.args["replace_original"] is False
    assert stored_reactions(running_bot) == []


def seed_team_touches(bot: RunningBot) -> None:
    """The team's openers: 40 issue-led (12 replies, 30%) and 40 product-led (2 replies, 5%)."""
    sent = dt.datetime(2026, 11, 2, 14, tzinfo=dt.UTC)
    found = [
        Touch(
            rep=rep,
            sent_at=sent + dt.timedelta(minutes=i),
            channel=Channel.EMAIL,
            step=1,
            template=f"t-{rep}-{i % 2}",
            body=body,
            outcome=Outcome.REPLY if i < replies else Outcome.NONE,
        )
        for rep, body, replies in (("U0REP1", ISSUE_BODY, 12), ("U0REP2", PRODUCT_BODY, 2))
        for i in range(40)
    ]
    with session_scope(bot.deps.engine) as session:
        save_touches(session, TEAM, found, "test", sent)


def use_shortcut(bot: RunningBot, user: str, text: str = DRAFT) -> dict[str, object]:
    response_url = bot.fake.response_url(f"shortcut-{len(bot.fake.calls())}")
    body = message_action(
        ids.MESSAGING_FEEDBACK,
        text,
        response_url=response_url,
        user_id=user,
        team_id=TEAM,
        channel_id="C0SALES",
    )
    assert bot.poster.post_form(body).status_code == 200
    (answer,) = bot.fake.wait_for("chat.postEphemeral")
    return answer.args


def test_the_shortcut_answers_privately_with_the_tags_and_the_teams_rates(running_bot: RunningBot) -> None:
    seed_team_touches(running_bot)
    answer = use_shortcut(running_bot, REP)
    assert (answer["channel"], answer["user"]) == ("C0SALES", REP)
    text = json.dumps(answer["blocks"], ensure_ascii=False)
    assert "*Messaging feedback:* Open with their issue, not your product." in text
    assert "It has no personal detail about them." in text
    assert "_Approaches: brief, generic, no-question, product-led_" in text
    assert (
        "*Open with their issue, not your product.* Across the team, issue-led messages got a reply 30% of "
        "the time (40 sent); product-led ones 5% (40 sent)."
    ) in text
    # Every team touch is brief: nothing to compare with, and the answer says so instead of guessing.
    assert "Not enough team data yet to compare brief and long messages (80 and 0 touches" in text


def test_someone_not_in_the_team_file_is_refused_privately(running_bot: RunningBot) -> None:
    answer = use_shortcut(running_bot, "U0STRANGER")
    assert answer["user"] == "U0STRANGER" and answer.get("blocks") in (None, "")
    assert "not set up in Ramp Coach" in str(answer["text"])


def test_the_shortcut_sees_a_personal_detail_about_the_buyers_company(running_bot: RunningBot) -> None:
    seed_team_touches(running_bot)
    answer = use_shortcut(running_bot, REP, "Hi Ana,\nsaw Acme is hiring three SDRs. Is ramp time a worry?")
    text = json.dumps(answer["blocks"], ensure_ascii=False)
    assert "It mentions their company by name and something happening to them" in text
    assert "personalized" in text and "Mention something about their company" not in text


def experiment_message(bot: RunningBot) -> dict[str, object]:
    """Riley's stored experiment for 2026-W48, rendered as the weekly DM renders it."""
    tried = Experiment(REP, Stage.OPENER, "asks-question", "issue-led", 0.25, Tally(0, 0), Tally(0, 0))
    with session_scope(bot.deps.engine) as session:
        stored = experiment_repo.record_experiment(
            session, team_id=TEAM, week="2026-W48", experiment=tried, now=bot.clock.now
        )
    text, blocks = nudge_blocks(WeeklyNudge(REP, "2026-W48", [INSIGHT], None, stored))
    return {"text": text, "blocks": [block.to_dict() for block in blocks]}


def click_not_this_week(bot: RunningBot, message: dict[str, object], user: str) -> str:
    (block,) = [b for b in message["blocks"] if b.get("block_id") == ids.EXPERIMENT_BLOCK]  # type: ignore[attr-defined]
    response_url = bot.fake.response_url(f"skip-{len(bot.fake.calls())}")
    body = block_actions(
        [button(ids.EXPERIMENT_SKIP, block["accessory"]["value"], block_id=ids.EXPERIMENT_BLOCK)],
        user_id=user,
        team_id=TEAM,
        channel_id="D" + REP,
        response_url=response_url,
        message=message,
    )
    assert bot.poster.post_form(body).status_code == 200
    return response_url


def test_not_this_week_is_recorded_and_replaces_the_experiment(running_bot: RunningBot) -> None:
    message = experiment_message(running_bot)
    refused = running_bot.reply_to(click_not_this_week(running_bot, message, "U0REP2"))
    assert refused.args["text"] == NOT_YOURS and refused.args["replace_original"] is False
    reply = running_bot.reply_to(click_not_this_week(running_bot, message, REP))
    assert reply.args["replace_original"] is True
    (note,) = [b for b in reply.args["blocks"] if b.get("block_id") == ids.EXPERIMENT_BLOCK]
    assert note["type"] == "context" and note["elements"][0]["text"] == SKIPPED_TEXT
    with session_scope(running_bot.deps.engine) as session:
        stored = experiment_repo.get_experiment(session, team_id=TEAM, rep_id=REP, week="2026-W48")
    assert stored is not None and stored.status == "skipped"
