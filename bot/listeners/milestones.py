"""Confirm / Not yet on a milestone a manager confirms, from a Home tab or the review modal.

The button names a rep and a milestone, never a right: the service checks who is clicking.
"""

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.deps import Deps
from bot.listeners.common import ack_now, publish_home
from bot.services import decisions, reviews
from bot.services.errors import NotAllowed, NotAMember, NotEnrolled
from bot.views import ids
from bot.views.decisions import read_milestone_target
from bot.views.review_modal import read_target, review_modal
from coaching.errors import FieldProblem
from coaching.milestone_marks import Mark


def confirm(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    _mark(body, client, context, Mark.CONFIRMED)


def not_yet(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    _mark(body, client, context, Mark.NOT_YET)


def _mark(body: dict[str, Any], client: WebClient, context: BoltContext, mark: Mark) -> None:
    deps: Deps = context["deps"]
    team, actor = context.team_id or "", body["user"]["id"]
    rep, label = read_milestone_target(body["actions"][0].get("value"))
    try:
        decisions.mark_milestone(deps, team_id=team, actor_id=actor, rep_id=rep, label=label, mark=mark)
    except NotAMember:
        return  # not in the team file: nothing to show them
    except (NotAllowed, FieldProblem, NotEnrolled):
        pass  # already settled or gone: the refreshed view shows the true state
    view = body.get("view") or {}
    if view.get("callback_id") == ids.REVIEW_MODAL:
        _refresh_review(client, deps, team, actor, view)
    else:
        publish_home(client, deps, team, actor)


def _refresh_review(client: WebClient, deps: Deps, team: str, actor: str, view: dict[str, Any]) -> None:
    """Redraw the review modal with the milestone settled; Slack keeps what the manager typed."""
    rep, _, opened = read_target(view.get("private_metadata"))
    try:
        review = reviews.review_context(deps, team_id=team, actor_id=actor, rep_id=rep)
    except (NotAllowed, NotAMember, NotEnrolled):
        return
    updated = review_modal(review, opened or deps.clock())
    client.views_update(view_id=view.get("id"), hash=view.get("hash"), view=updated)


def register(app: App) -> None:
    app.action(ids.MILESTONE_CONFIRM)(ack=ack_now, lazy=[confirm])
    app.action(ids.MILESTONE_NOT_YET)(ack=ack_now, lazy=[not_yet])
