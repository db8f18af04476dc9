"""The manager's cockpit: a team row's rep page and Remind button, past reviews, posting the 1:1 agenda.

Each listener checks on the server who is asking: a button's value names a rep, never a right.
"""

import datetime as dt
import re
from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient
from slack_sdk.models.views import View

from bot.deps import Deps
from bot.listeners.common import ack_now, publish_home
from bot.services import cockpit
from bot.services.errors import NotAllowed, NotAMember, NotEnrolled
from bot.services.home import home_for
from bot.services.leader_home import HomeState, leader_home, manager_team
from bot.views import ids
from bot.views.cockpit import agenda_message, remind_blocks, rep_page_modal, review_detail_modal
from bot.views.home import home_view
from bot.views.leader_home import leader_home_view, manager_team_modal
from bot.views.log_modal import notice_modal
from coaching.team import Role

NOT_YOURS = "Only the rep's managers, their leader or an admin can see this rep's page."
NOT_POSTER = "Only the rep's managers or an admin can post their 1:1 agenda."


def _value(body: dict[str, Any]) -> str:
    return str(body["actions"][0].get("value") or "")


def open_rep_page(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    view: View
    try:
        page = cockpit.rep_page(
            context["deps"], team_id=context.team_id or "", actor_id=body["user"]["id"], rep_id=_value(body)
        )
        view = rep_page_modal(page)
    except (NotAllowed, NotAMember):
        view = notice_modal("Rep page", NOT_YOURS)
    client.views_open(trigger_id=body["trigger_id"], view=view)


def open_past_review(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    view: View
    try:
        review, name = cockpit.review_to_read(
            context["deps"],
            team_id=context.team_id or "",
            actor_id=body["user"]["id"],
            review_id=int(_value(body)),
        )
        view = review_detail_modal(review, name)
    except (NotAllowed, NotAMember):
        view = notice_modal("Review", NOT_YOURS)
    except (ValueError, LookupError):
        view = notice_modal("Review", "That review no longer exists.")
    client.views_push(trigger_id=body["trigger_id"], view=view)


def post_agenda(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """Post the agenda, fresh from the data, into the group DM of the manager, the rep and the bot."""
    view: View
    try:
        manager, rep, agenda = cockpit.agenda_for_posting(
            context["deps"], team_id=context.team_id or "", actor_id=body["user"]["id"], rep_id=_value(body)
        )
    except (NotAllowed, NotAMember):
        view = notice_modal("1:1 agenda", NOT_POSTER)
    else:
        channel = client.conversations_open(users=f"{manager.slack_id},{rep.slack_id}")["channel"]["id"]
        text, blocks = agenda_message(manager.name, rep.name, agenda)
        client.chat_postMessage(channel=channel, text=text, blocks=blocks)
        view = notice_modal("1:1 agenda", f"Posted to your DM with {rep.name}.")
    client.views_push(trigger_id=body["trigger_id"], view=view)


def remind_rep(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """Send the rep a Remind DM unless someone did today or they logged; then redraw the clicker's Home."""
    deps: Deps = context["deps"]
    team, actor = context.team_id or "", body["user"]["id"]
    try:
        found = cockpit.remind(deps, team_id=team, actor_id=actor, rep_id=_value(body))
    except NotAMember:
        return  # not in the team file: there is no Home tab to redraw
    except (NotAllowed, NotEnrolled):
        found = None  # the Home tab never shows them this button; a forged click sends nothing
    if found is not None and found.outcome is cockpit.Reminded.NOW:
        text, blocks = remind_blocks(found.week)
        posted = client.chat_postMessage(channel=found.rep.slack_id, text=text, blocks=blocks)
        cockpit.reminded(deps, key=found.key, channel=str(posted["channel"]), ts=str(posted["ts"]))
    publish_home(client, deps, team, actor)


def leader_state(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """A leader's filter or page control: redraw their Home with the state the control carries."""
    clicked = body["actions"][0]
    value = (clicked.get("selected_option") or {}).get("value") or clicked.get("value")
    deps: Deps = context["deps"]
    user = body["user"]["id"]
    try:
        home = home_for(deps, team_id=context.team_id or "", user_id=user)
    except (NotAMember, NotEnrolled):
        return
    if home.viewer.role in (Role.LEADER, Role.ADMIN):
        view = leader_home_view(leader_home(home, HomeState.from_json(value)))
    else:
        view = home_view(home)  # a forged control from someone else only redraws their own tab
    client.views_publish(user_id=user, view=view)


def open_manager_team(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """A manager summary on the leader's Home: that manager's reps the viewer may see, riskiest first."""
    try:
        home = home_for(context["deps"], team_id=context.team_id or "", user_id=body["user"]["id"])
    except (NotAMember, NotEnrolled):
        return
    name, lines = manager_team(home, _value(body))
    client.views_open(
        trigger_id=body["trigger_id"], view=manager_team_modal(name, lines, home.today or dt.date.min)
    )


def register(app: App) -> None:
    app.action(ids.OPEN_REP_PAGE)(ack=ack_now, lazy=[open_rep_page])
    app.action(ids.OPEN_PAST_REVIEW)(ack=ack_now, lazy=[open_past_review])
    app.action(ids.POST_AGENDA)(ack=ack_now, lazy=[post_agenda])
    app.action(ids.REMIND_REP)(ack=ack_now, lazy=[remind_rep])
    app.action(re.compile("^" + re.escape(ids.LEADER_FILTER_PREFIX)))(ack=ack_now, lazy=[leader_state])
    app.action(ids.LEADER_PAGE)(ack=ack_now, lazy=[leader_state])
    app.action(ids.LEADER_MANAGER_PAGE)(ack=ack_now, lazy=[leader_state])
    app.action(ids.OPEN_MANAGER_TEAM)(ack=ack_now, lazy=[open_manager_team])
