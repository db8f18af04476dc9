"""Nudge listeners: 👍, 👎, snooze and "Not this week" on a nudge; the "Get messaging feedback" shortcut.

A button names a rep, never a right: the server checks that the clicking user is that rep.
"""

from typing import Any

import structlog
from slack_bolt import App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.listeners.common import ack_now
from bot.services import nudges
from bot.services.errors import NotAllowed, NotAMember
from bot.views import ids
from bot.views.activity import not_a_member_text
from bot.views.draft_feedback import draft_feedback_blocks
from bot.views.nudge_messages import (
    NO_EXPERIMENT,
    NOT_YOURS,
    REACTION_OF_ACTION,
    after_reaction,
    after_skip,
    read_experiment_target,
    read_nudge_target,
)

log = structlog.get_logger("rampcoach.listeners")
NO_TEXT = "That message has no text to score. Use the shortcut on a message with the text of an email."


def react_to_nudge(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """Record the reaction (once per insight and week), then show it in place of the buttons."""
    action = body["actions"][0]
    reaction = REACTION_OF_ACTION.get(action.get("action_id", ""))
    target = read_nudge_target(action.get("value"))
    if reaction is None or target is None:
        return
    respond: Respond | None = context.respond
    actor = body["user"]["id"]
    try:
        stored, _ = nudges.react(
            context["deps"], team_id=context.team_id or "", actor_id=actor, target=target, reaction=reaction
        )
    except NotAllowed:
        if respond is not None:
            respond(text=NOT_YOURS, response_type="ephemeral", replace_original=False)
        return
    text, blocks = after_reaction(body.get("message") or {}, action.get("block_id", ""), stored)
    if respond is not None:
        respond(text=text, blocks=blocks, replace_original=True)
    else:
        container = body.get("container") or {}
        client.chat_update(
            channel=container.get("channel_id", ""),
            ts=container.get("message_ts", ""),
            text=text,
            blocks=blocks,
        )


def skip_experiment(body: dict[str, Any], context: BoltContext) -> None:
    """Record "not this week" for the rep's experiment, then show it in place of the suggestion."""
    action = body["actions"][0]
    target = read_experiment_target(action.get("value"))
    respond: Respond | None = context.respond
    if target is None or respond is None:
        return
    rep_id, week = target
    try:
        skipped = nudges.skip_experiment(
            context["deps"],
            team_id=context.team_id or "",
            actor_id=body["user"]["id"],
            rep_id=rep_id,
            week=week,
        )
    except NotAllowed:
        respond(text=NOT_YOURS, response_type="ephemeral", replace_original=False)
        return
    if not skipped:
        respond(text=NO_EXPERIMENT, response_type="ephemeral", replace_original=False)
        return
    text, blocks = after_skip(body.get("message") or {})
    respond(text=text, blocks=blocks, replace_original=True)


def messaging_feedback(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """Score the message the shortcut was used on; answer only the person who used it."""
    deps: Deps = context["deps"]
    user, channel = body["user"]["id"], (body.get("channel") or {}).get("id", "")
    message_text = ((body.get("message") or {}).get("text") or "").strip()
    blocks: Any = None
    try:
        score = nudges.draft_feedback(deps, team_id=context.team_id or "", user_id=user, text=message_text)
        text, blocks = draft_feedback_blocks(score) if message_text else (NO_TEXT, None)
    except NotAMember:
        text = not_a_member_text()
    try:
        client.chat_postEphemeral(channel=channel, user=user, text=text, blocks=blocks)
    except SlackApiError as error:
        # The bot is not in every channel; the shortcut's response_url reaches the user anywhere.
        log.info("ephemeral answer via response_url", error=str(error.response.get("error")))
        if context.respond is None:
            raise
        context.respond(text=text, blocks=blocks, response_type="ephemeral")


def register(app: App) -> None:
    for action_id in (ids.NUDGE_UP, ids.NUDGE_DOWN, ids.NUDGE_SNOOZE):
        app.action(action_id)(ack=ack_now, lazy=[react_to_nudge])
    app.action(ids.EXPERIMENT_SKIP)(ack=ack_now, lazy=[skip_experiment])
    app.shortcut(ids.MESSAGING_FEEDBACK)(ack=ack_now, lazy=[messaging_feedback])
