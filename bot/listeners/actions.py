"""Block actions: the "Log this week" and "Past weeks" buttons, and the log modal's week picker."""

from typing import Any

import structlog
from slack_bolt import App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.listeners.common import ack_now
from bot.services import activity
from bot.services.errors import NotAMember, NotEnrolled
from bot.views import ids
from bot.views.activity import refusal_text
from bot.views.log_modal import form_values, log_modal, notice_modal
from bot.views.past_weeks import past_weeks_modal

log = structlog.get_logger("rampcoach.listeners")


def pick_week(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    deps: Deps = context["deps"]
    view = body["view"]
    week, _, _ = form_values(view.get("state", {}))
    # The user comes from Slack's signed payload, never from the view: a rep only ever sees their own weeks.
    form = activity.log_form(deps, team_id=context.team_id or "", rep_id=body["user"]["id"], week=week)
    try:
        client.views_update(view_id=view["id"], hash=view.get("hash"), view=log_modal(form))
    except SlackApiError as error:
        if error.response.get("error") != "hash_conflict":
            raise
        # The rep picked again before this refill landed: the modal changed since the view we were sent,
        # so Slack refuses this stale update. That is expected, not a failure to tell the rep about.
        log.debug("stale log modal refill dropped", view_id=view["id"], week=str(week))


def open_log_modal(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """The check-in DM's button: the same modal as `/log`, for whoever clicked (only their own week)."""
    try:
        form = activity.log_form(context["deps"], team_id=context.team_id or "", rep_id=body["user"]["id"])
        view = log_modal(form)
    except (NotAMember, NotEnrolled) as refusal:
        view = notice_modal("Log your week", refusal_text(refusal))
    client.views_open(trigger_id=body["trigger_id"], view=view)


def open_past_weeks(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """The rep Home tab's button: the clicking rep's own weeks, never anyone else's."""
    try:
        weeks = activity.past_weeks(context["deps"], team_id=context.team_id or "", rep_id=body["user"]["id"])
        view = past_weeks_modal(weeks)
    except (NotAMember, NotEnrolled) as refusal:
        view = notice_modal("Past weeks", refusal_text(refusal))
    client.views_open(trigger_id=body["trigger_id"], view=view)


def register(app: App) -> None:
    app.action(ids.LOG_WEEK_PICK)(ack=ack_now, lazy=[pick_week])
    app.action(ids.OPEN_LOG_MODAL)(ack=ack_now, lazy=[open_log_modal])
    app.action(ids.OPEN_PAST_WEEKS)(ack=ack_now, lazy=[open_past_weeks])
