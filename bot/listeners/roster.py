"""Roster changes from Slack: `/ramp offboard|reactivate @rep [reason]`, `/ramp leave @rep …`, the leave
form of a rep's row on the manager's Home, and `user_change` for an account Slack deactivated (the rep is
offboarded and their manager told). The form's metadata names a rep, never a right: each submission is
checked on the server."""

from collections.abc import Callable
from typing import Any

import structlog
from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.models.views import View

from bot.deps import Deps
from bot.listeners.common import ack_now, publish_home
from bot.services import leave, roster
from bot.services.errors import NotAllowed, NotAMember
from bot.views import ids
from bot.views.activity import not_a_member_text, problems_blocks
from bot.views.leave_modal import FIRST, leave_answer, leave_errors, leave_modal
from bot.views.log_modal import notice_modal
from bot.views.roster import (
    LEAVE_EXAMPLE,
    MOVE_EXAMPLE,
    OFFBOARD_EXAMPLE,
    REACTIVATE_EXAMPLE,
    REPLAN_EXAMPLE,
    deactivated_note,
    leave_refused_text,
    leave_text,
    move_notes,
    move_refused_text,
    moved_text,
    offboarded_text,
    reactivated_text,
    replanned_text,
    roster_refused_text,
)
from coaching.errors import FieldProblem
from coaching.roster import parse_move_text, parse_person_request, parse_replan_text

log = structlog.get_logger("rampcoach.listeners")
# /ramp word -> (service, answer, example, verb for refusals)
WORDS: dict[str, tuple[roster.Run, Callable[[roster.RosterResult], str], str, str]] = {
    "offboard": (roster.offboard, offboarded_text, OFFBOARD_EXAMPLE, "offboard"),
    "reactivate": (roster.reactivate, reactivated_text, REACTIVATE_EXAMPLE, "reactivate"),
}


ROSTER_WORDS = frozenset({*WORDS, "leave", "move", "replan"})


def ramp_roster(
    deps: Deps, team_id: str, user_id: str, word: str, rest: str, respond: Respond, client: WebClient
) -> None:
    """Run one roster word of /ramp for the person asking; any refusal changes nothing."""
    if word == "leave":
        _ramp_leave(deps, team_id, user_id, rest, respond)
        return
    if word == "move":
        _ramp_move(deps, team_id, user_id, rest, respond, client)
        return
    if word == "replan":
        _ramp_replan(deps, team_id, user_id, rest, respond)
        return
    run, answer, example, verb = WORDS[word]
    try:
        request = parse_person_request(rest, what=verb)
        result = run(deps, team_id=team_id, actor_id=user_id, rep_id=request.person_id, reason=request.reason)
    except FieldProblem as err:
        blocks = problems_blocks(err.problems, what="Nothing was changed", example=example)
        respond(blocks=blocks, text="Nothing was changed.", response_type="ephemeral")
    except NotAMember:
        respond(text=not_a_member_text(), response_type="ephemeral")
    except NotAllowed:
        respond(text=roster_refused_text(verb), response_type="ephemeral")
    else:
        respond(text=answer(result), response_type="ephemeral")


def _ramp_leave(deps: Deps, team_id: str, user_id: str, rest: str, respond: Respond) -> None:
    try:
        result = leave.leave_from_text(deps, team_id=team_id, actor_id=user_id, text=rest)
    except FieldProblem as err:
        blocks = problems_blocks(err.problems, what="Nothing was changed", example=LEAVE_EXAMPLE)
        respond(blocks=blocks, text="Nothing was changed.", response_type="ephemeral")
    except NotAMember:
        respond(text=not_a_member_text(), response_type="ephemeral")
    except NotAllowed:
        respond(text=leave_refused_text(), response_type="ephemeral")
    else:
        respond(text=leave_text(result), response_type="ephemeral")


def _ramp_move(
    deps: Deps, team_id: str, user_id: str, rest: str, respond: Respond, client: WebClient
) -> None:
    try:
        request = parse_move_text(rest)
        result = roster.move(
            deps,
            team_id=team_id,
            actor_id=user_id,
            rep_id=request.rep_id,
            manager_id=request.manager_id,
            reason=request.reason,
        )
    except FieldProblem as err:
        blocks = problems_blocks(err.problems, what="Nothing was changed", example=MOVE_EXAMPLE)
        respond(blocks=blocks, text="Nothing was changed.", response_type="ephemeral")
        return
    except NotAMember:
        respond(text=not_a_member_text(), response_type="ephemeral")
        return
    except NotAllowed:
        respond(text=move_refused_text(), response_type="ephemeral")
        return
    respond(text=moved_text(result), response_type="ephemeral")
    if result.changed:
        for manager, text in move_notes(result):
            client.chat_postMessage(channel=manager, text=text)


def _ramp_replan(deps: Deps, team_id: str, user_id: str, rest: str, respond: Respond) -> None:
    try:
        request = parse_replan_text(rest)
        result = roster.replan(deps, team_id=team_id, actor_id=user_id, request=request)
    except FieldProblem as err:
        blocks = problems_blocks(err.problems, what="Nothing was changed", example=REPLAN_EXAMPLE)
        respond(blocks=blocks, text="Nothing was changed.", response_type="ephemeral")
    except NotAMember:
        respond(text=not_a_member_text(), response_type="ephemeral")
    except NotAllowed:
        respond(text=roster_refused_text("change the plan of"), response_type="ephemeral")
    else:
        respond(text=replanned_text(result), response_type="ephemeral")


def user_change(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """Offboard a rep whose account Slack deactivated, and tell their manager."""
    user = event.get("user")
    if not isinstance(user, dict) or not user.get("deleted") or not context.team_id:
        return
    result = roster.offboard_deactivated(
        context["deps"], team_id=context.team_id, user_id=str(user.get("id"))
    )
    if result is None:
        return
    log.info("offboarded a deactivated account", team_id=context.team_id, user_id=result.person.slack_id)
    if result.person.manager_id:
        client.chat_postMessage(channel=result.person.manager_id, text=deactivated_note(result))


def open_leave(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """A rep row's Leave button: the leave form, or a modal that says why not."""
    view: View
    rep_id = str(body["actions"][0].get("value") or "")
    try:
        form = leave.leave_form(
            context["deps"], team_id=context.team_id or "", actor_id=body["user"]["id"], rep_id=rep_id
        )
        view = leave_modal(form)
    except NotAMember:
        view = notice_modal("Leave", not_a_member_text())
    except NotAllowed:
        view = notice_modal("Leave", leave_refused_text())
    client.views_open(trigger_id=body["trigger_id"], view=view)


def save_leave(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
    """Store the leave before the ack, so a problem shows under its field and nothing is stored."""
    answer = leave_answer(view)
    try:
        result = leave.leave_from_form(
            context["deps"], team_id=context.team_id or "", actor_id=body["user"]["id"], answer=answer
        )
    except FieldProblem as err:
        ack(response_action="errors", errors=leave_errors(err.problems))
    except NotAMember:
        ack(response_action="errors", errors={FIRST: not_a_member_text()})
    except NotAllowed:
        ack(response_action="errors", errors={FIRST: leave_refused_text()})
    else:
        log.info("leave changed from the Home tab", rep_id=result.rep.slack_id, verb=str(result.verb))
        context["leave_saved"] = True  # Bolt copies the context for the lazy function after this ack
        ack()


def after_leave(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """Redraw the Home tab the form was opened from, so the row says the leave."""
    if context.get("leave_saved"):
        publish_home(client, context["deps"], context.team_id or "", body["user"]["id"])


def register(app: App) -> None:
    app.event("user_change")(ack=ack_now, lazy=[user_change])
    app.action(ids.OPEN_LEAVE)(ack=ack_now, lazy=[open_leave])
    app.view(ids.LEAVE_MODAL)(ack=save_leave, lazy=[after_leave])
