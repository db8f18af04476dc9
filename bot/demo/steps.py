"""What managers do in the demo besides reviews, each through a signed request as Slack would send it: record
a leave with `/ramp leave`, open a Home tab, confirm a milestone with its Home button, open a rep page and
post the 1:1 agenda. Each step waits for what it causes itself, so other traffic cannot confuse it."""

import datetime as dt
from typing import Any

from bot.demo import org
from bot.demo.world import DemoWorld, Received
from bot.testing.payloads import block_actions, event_callback, slash_command
from bot.views import ids


def record_leave(world: DemoWorld, manager: str, rep: str, first: dt.date, last: dt.date) -> None:
    """The manager types `/ramp leave @rep from … to …`; record the reply they see."""
    text = f"leave <@{rep}> from {first.isoformat()} to {last.isoformat()} parental leave"
    seen = len(world.fake.calls("response_url"))
    url = world.fake.response_url(f"leave-{rep}-{first}")
    world.poster.post_form(slash_command("/ramp", text, user_id=manager, team_id=org.TEAM, response_url=url))
    world.wait_for("response_url", seen, lambda _c: True, "the leave reply")
    world.take(manager, f"reply to /ramp {text}")


def open_home(world: DemoWorld, person: str) -> Received:
    """The person opens their Home tab; record and return what it shows."""
    published = len(world.fake.calls("views.publish"))
    event = {"type": "app_home_opened", "user": person, "tab": "home", "channel": f"D{person}"}
    world.poster.post_json(event_callback(event, team_id=org.TEAM))
    world.wait_for("views.publish", published, lambda c: c.args.get("user_id") == person, f"{person}'s Home")
    world.take()
    home = world.home(person)
    world.received.append(home)
    return home


def confirm_milestone(world: DemoWorld, manager: str) -> None:
    """The manager presses Confirm under the first milestone their Home lists, then sees the Home again."""
    home = open_home(world, manager)
    button = _button(home.blocks, ids.MILESTONE_CONFIRM)
    if button is None:
        raise LookupError(f"{org.NAMES[manager]}'s Home lists no milestone to confirm")
    published = len(world.fake.calls("views.publish"))
    _press(world, manager, button, view={"id": "VHOME", "type": "home", "blocks": home.blocks})
    world.wait_for("views.publish", published, lambda c: c.args.get("user_id") == manager, "the Home")
    world.take()
    world.received.append(world.home(manager))


def post_agenda(world: DemoWorld, manager: str, rep: str) -> None:
    """The manager opens the rep's page from their Home and posts its 1:1 agenda to the DM with the rep."""
    home = open_home(world, manager)
    button = _button(home.blocks, ids.OPEN_REP_PAGE, value=rep)
    if button is None:
        raise LookupError(f"{org.NAMES[manager]}'s Home has no Open button for {org.NAMES[rep]}")
    opened = len(world.fake.calls("views.open"))
    _press(world, manager, button, view={"id": "VHOME", "type": "home", "blocks": home.blocks})
    page = world.wait_for("views.open", opened, lambda _c: True, "the rep page").args["view"]
    world.take(manager, "modal")
    post = _button(page.get("blocks", []), ids.POST_AGENDA)
    if post is None:
        raise LookupError("the rep page has no Post to our DM button")
    sent, pushed = len(world.fake.calls("chat.postMessage")), len(world.fake.calls("views.push"))
    _press(world, manager, post, view=page | {"id": "VREPPAGE"})
    world.wait_for("chat.postMessage", sent, lambda c: str(c.args["channel"]).startswith("G"), "the agenda")
    world.wait_for("views.push", pushed, lambda _c: True, "the 'posted' notice")
    world.take(manager, "modal")


def _press(world: DemoWorld, user: str, button: dict[str, Any], *, view: dict[str, Any]) -> None:
    action = {"type": "button", "action_id": button["action_id"], "block_id": "b", "value": button["value"]}
    world.poster.post_form(
        block_actions([action], user_id=user, team_id=org.TEAM, channel_id=None, view=view)
    )


def _button(
    blocks: list[dict[str, Any]], action_id: str, *, value: str | None = None
) -> dict[str, Any] | None:
    """Return the first button with `action_id` (and, if given, whose value names `value`)."""
    for block in blocks:
        for element in [*block.get("elements", []), block.get("accessory") or {}]:
            if element.get("action_id") == action_id and (
                value is None or value in str(element.get("value"))
            ):
                return dict(element)
    return None
