"""The demo's 90 days, driven through the real code paths: the scheduler's tick for everything scheduled,
the CSV import for outreach, and signed requests for what people do (logs, reviews, opening Home)."""

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from bot.demo import org, steps
from bot.demo.crm import DemoCrm
from bot.demo.world import ROOT, DemoWorld, Received
from bot.fake_slack import Call
from bot.services import setup
from bot.services.crm_sync import sync_crm
from bot.services.touches import import_touches_csv
from bot.testing.payloads import block_actions, slash_command, view_submission
from bot.views import ids
from coaching.crm_mapping import parse_mapping
from coaching.plans import RampPlan, parse_plan

# Mornings (08:00-10:00 in New York and Chicago) have all passed at 16:30 UTC, DST or not; Friday's 16:00
# check-ins have passed at 23:00 UTC. The scheduler catches up within 12 hours, so these two suffice.
MORNING = dt.time(16, 30)
EVENING = dt.time(23, 0)
AFTERNOON = dt.time(18, 0)  # when managers do what the story adds, after the day's reviews
# What the story adds on given days (Mia records Eli's leave for ramp weeks 6 to 8, Eli looks at his Home
# during it, Max confirms a day-14 milestone, and posts Ben's 1:1 agenda from his rep page).
LEAVE_FIRST, LEAVE_LAST = org.START + dt.timedelta(weeks=5), org.START + dt.timedelta(weeks=8, days=-1)
EVENTS: dict[dt.date, Callable[[DemoWorld], None]] = {
    org.START + dt.timedelta(weeks=4, days=4): lambda w: steps.record_leave(
        w, "U0MGR2", "U0ELI", LEAVE_FIRST, LEAVE_LAST
    ),
    org.START + dt.timedelta(weeks=6, days=2): lambda w: _on_leave(steps.open_home(w, "U0ELI")),
    org.START + dt.timedelta(weeks=2, days=1): lambda w: steps.confirm_milestone(w, org.SHOWN_MANAGER),
    org.START + dt.timedelta(weeks=7, days=1): lambda w: steps.post_agenda(w, org.SHOWN_MANAGER, "U0BEN"),
}


def run_ninety_days(world: DemoWorld) -> None:
    """Play every weekday from the hire class's first Monday to the Monday after day 90."""
    plan = parse_plan(setup.load_yaml((ROOT / "plans" / "ae-90.yml").read_text()))
    crm = DemoCrm(plan, world.clock)
    day = org.START
    while day <= org.END:
        if day.weekday() < 5:
            _weekday(world, plan, crm, day)
        day += dt.timedelta(days=1)
    _open_homes(world)


def _weekday(world: DemoWorld, plan: RampPlan, crm: DemoCrm, day: dt.date) -> None:
    if day.weekday() == 0 and day > org.START:
        _import_last_weeks_touches(world, day)
    world.tick(_at(day, MORNING))
    _do_reviews(world, day)
    if event := EVENTS.get(day):
        world.clock.now = _at(day, AFTERNOON)
        event(world)
    if day.weekday() == 4:
        _sync_crm(world, crm, _at(day, dt.time(22, 30)))
        world.tick(_at(day, EVENING))
        week = (day - org.START).days // 7 + 1
        for rep in org.REPS:
            if rep.logs(week) and rep.slack_id in org.CRM_REPS:
                _confirm_crm(world, rep, _at(day, dt.time(23, 10)))
            if rep.logs(week):
                _log(world, plan, rep, week, _at(day, dt.time(23, 15)))


def _at(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=dt.UTC)


def _import_last_weeks_touches(world: DemoWorld, monday: dt.date) -> None:
    """Import last week's sequencing-tool export, as a nightly `rampcoach touches import` would."""
    world.clock.now = _at(monday, dt.time(6))
    for rep in org.REPS:
        import_touches_csv(
            world.deps, team_id=org.TEAM, text=org.touches_csv(rep, monday - dt.timedelta(days=7))
        )


def _sync_crm(world: DemoWorld, crm: DemoCrm, at: dt.datetime) -> None:
    """Friday afternoon's `rampcoach crm sync`: the CRM's numbers become proposals in the check-in."""
    world.clock.now = at
    mapping = parse_mapping(org.CRM_MAPPING)
    sync_crm(world.deps, team_id=org.TEAM, connector=crm, mapping=mapping, lookup_email=lambda _email: None)


def _confirm_crm(world: DemoWorld, rep: org.Rep, at: dt.datetime) -> None:
    """The rep presses Confirm under the CRM's numbers in this week's check-in."""
    world.clock.now = at
    checkin = next(r for r in reversed(world.received) if r.person == rep.slack_id and r.where == "DM")
    buttons = [
        e for b in checkin.blocks for e in b.get("elements", []) if e.get("action_id") == ids.CRM_CONFIRM
    ]
    if not buttons:
        return
    seen = len(world.fake.calls("response_url"))
    url = world.fake.response_url(f"crm-{rep.slack_id}-{at:%Y%m%d}")
    message = {"text": checkin.text, "blocks": checkin.blocks}
    body = block_actions(
        [buttons[0]],
        user_id=rep.slack_id,
        team_id=org.TEAM,
        channel_id=f"D{rep.slack_id}",
        response_url=url,
        message=message,
    )
    world.poster.post_form(body)
    world.fake.wait_for("response_url", count=seen + 1)
    world.take(rep.slack_id, "reply to Confirm (the CRM's numbers)")


def _log(world: DemoWorld, plan: RampPlan, rep: org.Rep, week: int, at: dt.datetime) -> None:
    """The rep types `/log …` on Friday evening; wait for the reply and for the Home tab it refreshes."""
    world.clock.now = at
    skip = org.CRM_MAPPING["metrics"] if rep.slack_id in org.CRM_REPS else {}
    text = org.week_log(plan, rep, week, skip=skip)
    seen = len(world.fake.calls("response_url"))
    published = len(world.fake.calls("views.publish"))
    url = world.fake.response_url(f"log-{rep.slack_id}-{week}")
    world.poster.post_form(
        slash_command("/log", text, user_id=rep.slack_id, team_id=org.TEAM, response_url=url)
    )
    world.wait_for("response_url", seen, lambda _c: True, f"the reply to {rep.name}'s /log")
    # The Home publish follows the reply; waiting for it keeps an old publish from landing later.
    world.wait_for("views.publish", published, lambda c: c.args.get("user_id") == rep.slack_id, "the Home")
    world.take(rep.slack_id, f"reply to /log {text}")


def _do_reviews(world: DemoWorld, day: dt.date) -> None:
    """Each manager starts every review their prompt lists today, from its button, and submits it."""
    prompts = [
        r for r in world.received if r.at.date() == day and r.where == "DM" and r.person in org.MANAGERS
    ]
    for prompt in prompts:
        for target in _review_targets(prompt):
            world.clock.now = _at(day, dt.time(17, 0))
            _review(world, prompt.person, target, day)


def _review_targets(prompt: Received) -> list[str]:
    return [
        str(element["value"])
        for block in prompt.blocks
        for element in block.get("elements", [])
        if element.get("action_id") == ids.START_REVIEW
    ]


def _review(world: DemoWorld, manager: str, target: str, day: dt.date) -> None:
    opened = len(world.fake.calls("views.open"))
    action = {"type": "button", "action_id": ids.START_REVIEW, "block_id": "b", "value": target}
    world.poster.post_form(block_actions([action], user_id=manager, team_id=org.TEAM, channel_id=None))
    view = world.wait_for("views.open", opened, lambda _c: True, "the review modal").args["view"]
    world.take(manager, "modal")
    rep = next(r for r in org.REPS if r.slack_id == json.loads(target)["rep"])
    checkpoint = _checkpoint(view)
    sent = len(world.fake.calls("chat.postMessage"))
    state = _state(org.review_answers(rep, day, checkpoint))
    if rep.assessment != "at risk":  # who is on it did last time's action items; the modal lists them
        state[ids.REVIEW_DONE_BLOCK] = {
            "value": {"type": "checkboxes", "selected_options": _open_items(view)}
        }
    body = view_submission(
        ids.REVIEW_MODAL,
        state,
        user_id=manager,
        team_id=org.TEAM,
        private_metadata=view["private_metadata"],
    )
    answer = world.poster.post_form(body)
    if answer.content and answer.json().get("response_action") == "errors":
        raise ValueError(f"the review of {rep.name} was refused: {answer.json()['errors']}")
    # The rep's summary and the manager's copy: wait for these two, whatever else is sent meanwhile.
    published = len(world.fake.calls("views.publish"))
    for person in (rep.slack_id, manager):
        world.wait_for("chat.postMessage", sent, _posted_to(person), f"the review's copy for {person}")
    # Then both Home tabs are refreshed: wait for them too, so none lands late over a newer one.
    for person in (rep.slack_id, manager):
        world.wait_for("views.publish", published, _published_for(person), f"{person}'s Home")
    world.take()


def _posted_to(person: str) -> Callable[[Call], bool]:
    return lambda call: call.args.get("channel") == person


def _published_for(person: str) -> Callable[[Call], bool]:
    return lambda call: call.args.get("user_id") == person


def _open_items(view: dict[str, Any]) -> list[dict[str, Any]]:
    """Return every option of the modal's "Done since then?" boxes, as ticked options."""
    for block in view.get("blocks", []):
        if block.get("block_id") == ids.REVIEW_DONE_BLOCK:
            return [{"value": o["value"]} for o in block["element"].get("options", [])]
    return []


def _checkpoint(view: dict[str, Any]) -> int | None:
    """Return the checkpoint day the modal asks a decision for (its decision block), if any."""
    for block in view.get("blocks", []):
        if block.get("block_id") == "decision":
            return int(str(block["label"]["text"]).split()[1])
    return None


def _state(answers: dict[str, str | None]) -> dict[str, dict[str, dict[str, Any]]]:
    """Return the modal's state.values for the manager's answers, as Slack sends them on Submit."""
    built: dict[str, dict[str, dict[str, Any]]] = {}
    for block, value in answers.items():
        if value is None:
            continue
        field: dict[str, Any]
        if block.startswith(ids.RATING_PREFIX) or block in ("assessment", "decision"):
            field = {"type": "static_select", "selected_option": {"value": value}}
        elif block == "decision_by":
            field = {"type": "datepicker", "selected_date": value}
        else:
            field = {"type": "plain_text_input", "value": value}
        built[block] = {"value": field}
    return built


def _open_homes(world: DemoWorld) -> None:
    """Everyone the story follows opens their Home tab on the last day; record what they see."""
    for person in (org.LEADER, org.SHOWN_MANAGER, *org.SHOWN_REPS):
        steps.open_home(world, person)


def _on_leave(home: Received) -> None:
    """Fail loudly if Eli's Home does not say he is on leave: the story depends on it."""
    if "On leave until" not in json.dumps(home.blocks):
        raise ValueError("Eli's Home does not show his leave")
