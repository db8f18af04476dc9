"""View submissions: the logging modal is checked and saved before the ack, so errors go back in the modal."""

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.deps import Deps
from bot.listeners.common import publish_home
from bot.services import activity
from bot.services.errors import NotAMember, NotEnrolled
from bot.views import ids
from bot.views.activity import not_a_member_text, not_enrolled_text, week_blocks
from bot.views.log_modal import field_errors, form_values, inputs_week, outreach_text, stale_form_text
from bot.views.problems import form_texts
from coaching.errors import FormProblems


def save_log(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
    """Validate every field; answer with field errors (nothing stored) or store the week and close."""
    state = view.get("state", {})
    week, raw, note = form_values(state)
    shown = inputs_week(state)
    if week is not None and shown is not None and week != shown:
        ack(response_action="errors", errors={ids.LOG_WEEK_BLOCK: stale_form_text()})
        return
    try:
        activity.log_from_form(
            context["deps"],
            team_id=context.team_id or "",
            actor_id=body["user"]["id"],
            week=week,
            raw=raw,
            note=note,
            outreach=outreach_text(state),
        )
    except FormProblems as problems:
        ack(response_action="errors", errors=field_errors(form_texts(problems), shown))
    except NotAMember:
        ack(response_action="errors", errors={ids.LOG_WEEK_BLOCK: not_a_member_text()})
    except NotEnrolled:
        ack(response_action="errors", errors={ids.LOG_WEEK_BLOCK: not_enrolled_text()})
    else:
        context["log_saved"] = True  # Bolt copies the context for the lazy function after this ack
        ack()


def confirm_log(body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """After a save, DM the rep the week against its targets and refresh their Home tab."""
    if not context.get("log_saved"):
        return  # the save was refused; the modal already shows why
    deps: Deps = context["deps"]
    team, user = context.team_id or "", body["user"]["id"]
    week, _, _ = form_values(view.get("state", {}))
    form = activity.log_form(deps, team_id=team, rep_id=user, week=week)
    client.chat_postMessage(channel=user, text="Logged.", blocks=week_blocks(form.summary, changed=1))
    publish_home(client, deps, team, user)


def register(app: App) -> None:
    app.view(ids.LOG_MODAL)(ack=save_log, lazy=[confirm_log])
