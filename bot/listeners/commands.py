"""Slash commands: /log and /ramp. Each acks at once; the work runs after the ack as a lazy listener."""

from slack_bolt import App, BoltContext, Respond

from bot.deps import Deps
from bot.listeners.common import ack_now
from bot.services import activity
from bot.services.errors import NotAMember, NotEnrolled
from bot.views import ids
from bot.views.activity import (
    not_a_member_text,
    not_enrolled_text,
    problems_blocks,
    ramp_so_far,
    usage_text,
    week_blocks,
)
from bot.views.help import ramp_help_text
from coaching.errors import FieldProblem


def log_command(command: dict[str, str], respond: Respond, context: BoltContext) -> None:
    """`/log calls=42 meetings=5`: store the actor's own numbers and show the week against the plan."""
    deps: Deps = context["deps"]
    text = command.get("text", "").strip()
    if not text:
        respond(text=usage_text(), response_type="ephemeral")
        return
    try:
        result = activity.log_from_text(
            deps, team_id=context.team_id or "", actor_id=command["user_id"], text=text
        )
    except FieldProblem as err:
        respond(blocks=problems_blocks(err.problems), text="Nothing was logged.", response_type="ephemeral")
    except NotAMember:
        respond(text=not_a_member_text(), response_type="ephemeral")
    except NotEnrolled:
        respond(text=not_enrolled_text(), response_type="ephemeral")
    else:
        blocks = [*week_blocks(result.summary, changed=len(result.changes)), ramp_so_far(result.ramp)]
        respond(blocks=blocks, text="Logged.", response_type="ephemeral")


def ramp_command(command: dict[str, str], respond: Respond, context: BoltContext) -> None:
    """`/ramp status` shows the actor's week; anything else shows help."""
    deps: Deps = context["deps"]
    if command.get("text", "").strip().lower() != "status":
        respond(text=ramp_help_text(), response_type="ephemeral")
        return
    try:
        summary = activity.current_week(deps, team_id=context.team_id or "", rep_id=command["user_id"])
    except NotAMember:
        respond(text=not_a_member_text(), response_type="ephemeral")
    except NotEnrolled:
        respond(text=not_enrolled_text(), response_type="ephemeral")
    else:
        respond(blocks=week_blocks(summary), text="Your week", response_type="ephemeral")


def register(app: App) -> None:
    app.command(ids.LOG_COMMAND)(ack=ack_now, lazy=[log_command])
    app.command(ids.RAMP_COMMAND)(ack=ack_now, lazy=[ramp_command])
