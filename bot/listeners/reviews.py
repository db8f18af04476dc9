"""Review listeners: start, submit, keep a draft, reschedule, correct, and tick off action items.

Every one checks on the server who is asking; a button or a modal's metadata names a rep, never a right.
"""

import json
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.models.views import View

from bot.deps import Deps
from bot.listeners.common import ack_now, publish_home
from bot.services import reviews
from bot.services.errors import NotAllowed, NotAMember, NotEnrolled
from bot.views import ids
from bot.views.activity import not_a_member_text
from bot.views.log_modal import notice_modal
from bot.views.problems import form_texts
from bot.views.review_changes import amend_modal, reschedule_modal, typed
from bot.views.review_messages import manager_confirmation_blocks, rep_summary_blocks
from bot.views.review_modal import draft_state, read_target, review_modal, review_values
from coaching.errors import FieldProblem, FormProblems

NOT_ALLOWED = "Only the rep's manager, or an admin, can review them."
AMEND_NOT_ALLOWED = "Only the review's author or an admin can correct it."


def open_review(client: WebClient, deps: Deps, team: str, actor: str, rep: str, trigger: str) -> None:
    """Open the review modal for a rep, or a modal that says why not."""
    view: View
    try:
        context = reviews.review_context(deps, team_id=team, actor_id=actor, rep_id=rep)
        view = review_modal(context, deps.clock())
    except NotAllowed:
        view = notice_modal("Review", NOT_ALLOWED)
    except NotAMember:
        view = notice_modal("Review", not_a_member_text())
    except NotEnrolled:
        view = notice_modal(
            "Review", f"<@{rep}> is not enrolled in a ramp plan, so there is nothing to review yet."
        )
    client.views_open(trigger_id=trigger, view=view)


def start_review(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    rep, _, _ = read_target(body["actions"][0].get("value"))
    open_review(client, context["deps"], context.team_id or "", body["user"]["id"], rep, body["trigger_id"])


def save_review(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
    """Check every field and store the review before the ack, so errors go back into the modal."""
    rep, _, opened = read_target(view.get("private_metadata"))
    raw, done = review_values(view.get("state", {}))
    try:
        stored = reviews.submit_review(
            context["deps"],
            team_id=context.team_id or "",
            actor_id=body["user"]["id"],
            rep_id=rep,
            opened_at=opened,
            raw=raw,
            done_ids=done,
        )
    except FormProblems as problems:
        ack(response_action="errors", errors=form_texts(problems))
    except (NotAllowed, NotAMember):
        ack(response_action="errors", errors={"evidence": NOT_ALLOWED})
    except NotEnrolled:
        ack(response_action="errors", errors={"evidence": "This rep is no longer enrolled in a ramp plan."})
    else:
        context["review_id"] = stored.id  # Bolt copies the context for the lazy function after this ack
        ack()


def send_review(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """After a stored review: the rep's summary DM, the manager's confirmation, both Home tabs."""
    review_id = context.get("review_id")
    if not review_id:
        return
    deps: Deps = context["deps"]
    team, manager = context.team_id or "", body["user"]["id"]
    review, rep_name, manager_name = reviews.stored_review(deps, team_id=team, review_id=review_id)
    text, blocks = rep_summary_blocks(review, manager_name)
    client.chat_postMessage(channel=review.rep_id, text=text, blocks=blocks)
    text, blocks = manager_confirmation_blocks(review, rep_name)
    client.chat_postMessage(channel=manager, text=text, blocks=blocks)
    for user in (review.rep_id, manager):
        publish_home(client, deps, team, user)


def keep_draft(body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
    """The modal was closed: keep what was typed so the next opening starts from it."""
    rep, _, _ = read_target(view.get("private_metadata"))
    state = draft_state(view.get("state", {}))
    if rep and state:
        try:
            reviews.save_draft(
                context["deps"],
                team_id=context.team_id or "",
                actor_id=body["user"]["id"],
                rep_id=rep,
                state=state,
            )
        except (NotAllowed, NotAMember):
            return


def open_reschedule(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    target = body["actions"][0].get("value") or "{}"
    rep, _, _ = read_target(target)
    try:
        name = reviews.reviewable_name(
            context["deps"], team_id=context.team_id or "", actor_id=body["user"]["id"], rep_id=rep
        )
        view = reschedule_modal(name, target)
    except (NotAllowed, NotAMember):
        view = notice_modal("Reschedule review", NOT_ALLOWED)
    client.views_open(trigger_id=body["trigger_id"], view=view)


def save_move(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
    rep, slot, _ = read_target(view.get("private_metadata"))
    state = view.get("state", {})
    try:
        reviews.reschedule(
            context["deps"],
            team_id=context.team_id or "",
            actor_id=body["user"]["id"],
            rep_id=rep,
            slot=slot,
            due=typed(state, "due"),
            reason=typed(state, "reason"),
        )
    except FormProblems as problems:
        ack(response_action="errors", errors=form_texts(problems))
    except (NotAllowed, NotAMember, NotEnrolled):
        ack(response_action="errors", errors={"reason": NOT_ALLOWED})
    else:
        ack()


def open_amend(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    value = body["actions"][0].get("value") or ""
    deps: Deps = context["deps"]
    view: View
    try:
        review, rep_name = reviews.review_to_amend(
            deps, team_id=context.team_id or "", actor_id=body["user"]["id"], review_id=int(value)
        )
        view = amend_modal(review.id, rep_name)
    except (NotAllowed, NotAMember):
        view = notice_modal("Add a correction", AMEND_NOT_ALLOWED)
    except (ValueError, LookupError):
        view = notice_modal("Add a correction", "That review no longer exists.")
    client.views_open(trigger_id=body["trigger_id"], view=view)


def save_amendment(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
    review_id = json.loads(view.get("private_metadata") or "{}").get("review")
    try:
        reviews.amend(
            context["deps"],
            team_id=context.team_id or "",
            actor_id=body["user"]["id"],
            review_id=int(review_id or 0),
            text=typed(view.get("state", {}), "text"),
        )
    except FormProblems as problems:
        ack(response_action="errors", errors=form_texts(problems))
    except (NotAllowed, NotAMember):
        ack(response_action="errors", errors={"text": AMEND_NOT_ALLOWED})
    else:
        ack()


def action_done(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """A Home tab's "Done" button: mark the item done, then refresh the clicker's and the rep's Home."""
    deps: Deps = context["deps"]
    team, actor = context.team_id or "", body["user"]["id"]
    try:
        rep = reviews.mark_action_done(
            deps, team_id=team, actor_id=actor, action_id=int(body["actions"][0]["value"])
        )
    except NotAMember:
        return  # not in the team file: there is no Home tab to refresh
    except (ValueError, FieldProblem, NotAllowed):
        rep = actor  # nothing changed; the refreshed Home shows the true state
    for user in {actor, rep}:
        publish_home(client, deps, team, user)


def register(app: App) -> None:
    app.action(ids.START_REVIEW)(ack=ack_now, lazy=[start_review])
    app.view(ids.REVIEW_MODAL)(ack=save_review, lazy=[send_review])
    app.view_closed(ids.REVIEW_MODAL)(ack=ack_now, lazy=[keep_draft])
    app.action(ids.RESCHEDULE_REVIEW)(ack=ack_now, lazy=[open_reschedule])
    app.view(ids.REVIEW_MOVE_MODAL)(save_move)
    app.action(ids.AMEND_REVIEW)(ack=ack_now, lazy=[open_amend])
    app.view(ids.REVIEW_AMEND_MODAL)(save_amendment)
    app.action(ids.ACTION_DONE)(ack=ack_now, lazy=[action_done])
