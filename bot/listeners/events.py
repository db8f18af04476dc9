"""Events: the App Home tab is (re)published when a person opens it."""

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.deps import Deps
from bot.listeners.common import ack_now
from bot.services.errors import NotAMember, NotEnrolled
from bot.services.home import home_for
from bot.views.activity import not_a_member_text, not_enrolled_text
from bot.views.home import home_view, plain_home


def app_home_opened(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    if event.get("tab") != "home":
        return
    deps: Deps = context["deps"]
    user = event["user"]
    try:
        view = home_view(home_for(deps, team_id=context.team_id or "", user_id=user))
    except NotAMember:
        view = plain_home(not_a_member_text())
    except NotEnrolled:
        view = plain_home(not_enrolled_text())
    client.views_publish(user_id=user, view=view)


def register(app: App) -> None:
    app.event("app_home_opened")(ack=ack_now, lazy=[app_home_opened])
