"""The check-in's CRM buttons: Confirm stores the proposed week in one click, Edit opens /log filled."""

import datetime as dt
from typing import Any

from slack_bolt import App, BoltContext, Respond
from slack_sdk import WebClient

from bot.deps import Deps
from bot.listeners.common import ack_now, publish_home
from bot.services import crm_confirm
from bot.services.errors import NotAMember, NotEnrolled
from bot.views import ids
from bot.views.activity import ramp_so_far, refusal_text, week_blocks
from bot.views.crm_checkin import nothing_to_confirm_text
from bot.views.log_modal import log_modal, notice_modal


def confirm_crm(body: dict[str, Any], respond: Respond, client: WebClient, context: BoltContext) -> None:
    """Store the CRM's values as the clicking rep's own week (the user comes from Slack's signed payload)."""
    deps: Deps = context["deps"]
    team, user = context.team_id or "", body["user"]["id"]
    week = _week(body)
    try:
        if week is None:
            raise crm_confirm.NothingProposed(week)
        result = crm_confirm.confirm_crm_week(deps, team_id=team, actor_id=user, week=week)
    except crm_confirm.NothingProposed:
        respond(text=nothing_to_confirm_text(), response_type="ephemeral", replace_original=False)
        return
    except (NotAMember, NotEnrolled) as refusal:
        respond(text=refusal_text(refusal), response_type="ephemeral", replace_original=False)
        return
    blocks = [*week_blocks(result.summary, changed=len(result.changes)), ramp_so_far(result.ramp)]
    respond(blocks=blocks, text="Logged.", response_type="ephemeral", replace_original=False)
    if result.changes:
        publish_home(client, deps, team, user)


def edit_crm(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """Open the /log modal for the clicking rep's week, the CRM's values filled where nothing is typed."""
    week = _week(body)
    try:
        if week is None:
            raise crm_confirm.NothingProposed(week)
        form = crm_confirm.crm_log_form(
            context["deps"], team_id=context.team_id or "", rep_id=body["user"]["id"], week=week
        )
        view = log_modal(form)
    except (NotAMember, NotEnrolled) as refusal:
        view = notice_modal("Log your week", refusal_text(refusal))
    except crm_confirm.NothingProposed:
        view = notice_modal("Log your week", nothing_to_confirm_text())
    client.views_open(trigger_id=body["trigger_id"], view=view)


def _week(body: dict[str, Any]) -> dt.date | None:
    """Return the week a button names (its value), or None when the value is not a date."""
    try:
        return dt.date.fromisoformat(str(body["actions"][0].get("value") or ""))
    except ValueError:
        return None


def register(app: App) -> None:
    app.action(ids.CRM_CONFIRM)(ack=ack_now, lazy=[confirm_crm])
    app.action(ids.CRM_EDIT)(ack=ack_now, lazy=[edit_crm])
