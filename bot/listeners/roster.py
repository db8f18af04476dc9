"""Roster changes from Slack: `/ramp offboard|reactivate @rep [reason]`, `/ramp leave @rep …`, and
`user_change` for an account Slack deactivated (the rep is offboarded and their manager told)."""

from collections.abc import Callable
from typing import Any

import structlog
from slack_bolt import App, BoltContext, Respond
from slack_sdk import WebClient

from bot.deps import Deps
from bot.listeners.common import ack_now
from bot.services import leave, roster
from bot.services.errors import NotAllowed, NotAMember
from bot.views.activity import not_a_member_text, problems_blocks
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


def register(app: App) -> None:
    app.event("user_change")(ack=ack_now, lazy=[user_change])
