"""`rampcoach demo`: the real app, a temporary SQLite database and a local fake Slack, no workspace needed."""

import datetime as dt
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.panel import Panel

from bot.app import build_app
from bot.delivery.sender import Sender
from bot.delivery.tick import make_sender, tick
from bot.deps import Deps, SettableClock
from bot.fake_slack import FakeSlack
from bot.server import serving_in_background
from bot.services import setup
from bot.settings import Settings
from bot.testing.payloads import event_callback, slash_command
from bot.testing.signing import SlackPoster
from coaching.cadence import Schedules
from storage import migrate
from storage.db import make_engine

ROOT = Path(__file__).resolve().parents[1]
TEAM = "T0DEMO"
SECRET = "demo-signing-secret"  # noqa: S105 (a local demo, not a credential)
TOKEN = "xoxb-demo"  # noqa: S105 (the fake Slack's token)
DEMO_TZ = "America/Chicago"  # Riley works in Chicago: the demo shows times there
REP = "U0REP1"
# Riley's first four weeks, logged each Friday afternoon in Chicago (21:00 UTC is 16:00 CDT/15:00 CST).
WEEKS = [
    (dt.datetime(2026, 10, 9, 21, tzinfo=dt.UTC), "calls=31 emails=70 conversations=5 meetings=2 demos=0"),
    (dt.datetime(2026, 10, 16, 21, tzinfo=dt.UTC), "calls=38 emails=82 conversations=6 meetings=2 demos=1"),
    (dt.datetime(2026, 10, 23, 21, tzinfo=dt.UTC), "calls=44 emails=95 conversations=7 meetings=3 demos=1"),
    (dt.datetime(2026, 10, 30, 21, tzinfo=dt.UTC), "calls=40 emials=90 meetings=3"),
    (dt.datetime(2026, 10, 30, 21, 5, tzinfo=dt.UTC), "calls=40 emails=90 meetings=3 pipeline=45,000"),
]
# After clocks went back on Nov 1, 16:00 in Chicago is 22:00 UTC; Monday 10:00 is 16:00 UTC.
SCHEDULED = [dt.datetime(2026, 11, 6, 22, 0, tzinfo=dt.UTC), dt.datetime(2026, 11, 9, 16, 0, tzinfo=dt.UTC)]


@dataclass
class DemoWorld:
    fake: FakeSlack
    poster: SlackPoster
    clock: SettableClock
    deps: Deps
    sender: Sender


def run_demo(console: Console, *, tune_slack: Callable[[FakeSlack], None] | None = None) -> None:
    """Seed the example team, log weeks through signed HTTP requests, and show what the rep saw.

    `tune_slack` may slow down or fault the fake Slack (tests use it to show the demo does not race)."""
    with (
        tempfile.TemporaryDirectory(prefix="rampcoach-demo-") as folder,
        _world(Path(folder)) as world,
    ):
        if tune_slack is not None:
            tune_slack(world.fake)
        console.rule("[bold]Ramp Coach demo[/]: Riley Rep logs the first weeks of an AE ramp")
        for instant, text in WEEKS:
            world.clock.now = instant
            _log(world, console, text)
        _show_home(world, console)
        console.rule("The next week: the Friday check-in, and Monday's reminder when Riley does not log")
        for instant in SCHEDULED:
            _tick(world, console, instant)
        console.print(
            "All of it ran through the real app: signed requests in, Web API calls out to a fake Slack."
        )


def _tick(world: DemoWorld, console: Console, instant: dt.datetime) -> None:
    world.clock.now = instant
    seen = len(world.fake.calls("chat.postMessage"))
    tick(world.deps, world.sender, Schedules())
    for call in world.fake.calls("chat.postMessage")[seen:]:
        if call.args["channel"] == REP:
            when = instant.astimezone(ZoneInfo(DEMO_TZ)).strftime("%a %b %-d, %H:%M")
            console.print(f"[dim]{when} Chicago time[/]  Ramp Coach sends Riley a DM")
            console.print(
                Panel(blocks_text(call.args["blocks"]), title="DM from Ramp Coach", border_style="magenta")
            )


def _show_home(world: DemoWorld, console: Console) -> None:
    # Every log's own Home publish has landed (see _log), so the next publish is the one for this event.
    seen = len(world.fake.calls("views.publish"))
    event = {"type": "app_home_opened", "user": REP, "tab": "home"}
    world.poster.post_json(event_callback(event, team_id=TEAM))
    home = world.fake.wait_for("views.publish", count=seen + 1)[seen]
    text = blocks_text(home.args["view"]["blocks"])
    console.print(Panel(text, title="Riley's Home tab", border_style="green"))


def _log(world: DemoWorld, console: Console, text: str) -> None:
    seen = len(world.fake.calls("response_url"))
    published = len(world.fake.calls("views.publish"))
    world.poster.post_form(
        slash_command(
            "/log", text, user_id=REP, team_id=TEAM, response_url=world.fake.response_url(f"log-{seen}")
        )
    )
    reply = world.fake.wait_for("response_url", count=seen + 1)[-1]
    if reply.args.get("text") == "Logged.":
        # The app republishes the Home tab after the reply (coalesced per person, after the ack). Wait
        # for it, so no publish of older numbers can land after the Home tab this demo shows (issue 13).
        # Every logged line of the demo changes a number, so each is followed by a publish.
        world.fake.wait_for("views.publish", count=published + 1)
    when = world.clock.now.astimezone(ZoneInfo(DEMO_TZ)).strftime("%a %b %-d")
    console.print(f"[dim]{when}[/]  Riley types [bold cyan]/log {text}[/]")
    console.print(
        Panel(
            blocks_text(reply.args.get("blocks") or []) or reply.args.get("text", ""),
            title="Ramp Coach (only visible to Riley)",
            border_style="blue",
        )
    )


def blocks_text(blocks: list[dict[str, Any]]) -> str:
    """Return the readable text of section, header and context blocks, for the terminal."""
    parts: list[str] = []
    for block in blocks:
        if block.get("text"):
            parts.append(block["text"]["text"])
        for element in block.get("elements", []):
            text = element.get("text", "")
            # A button's text is an object; show it as [Button].
            parts.append(f"[{text['text']}]" if isinstance(text, dict) else text)
    return "\n".join(parts).replace("*", "").replace("`", "")


@contextmanager
def _world(folder: Path) -> Iterator[DemoWorld]:
    url = f"sqlite:///{folder / 'demo.db'}"
    migrate.upgrade(url)
    clock = SettableClock(WEEKS[0][0])
    deps = Deps(engine=make_engine(url), clock=clock)
    setup.import_plan(deps, team_id=TEAM, source=(ROOT / "plans" / "ae-90.yml").read_text())
    setup.import_team(deps, team_id=TEAM, source=(ROOT / "examples" / "team.yml").read_text())
    settings = Settings.model_validate(
        {"slack_bot_token": TOKEN, "slack_signing_secret": SECRET, "database_url": url}
    )
    try:
        with FakeSlack(TOKEN, team_id=TEAM) as fake:
            app = build_app(settings.model_copy(update={"slack_api_url": fake.api_url}), deps, http=True)
            sender = make_sender(deps, settings.model_copy(update={"slack_api_url": fake.api_url}))
            with serving_in_background(app) as events_url, SlackPoster(events_url, SECRET) as poster:
                yield DemoWorld(fake, poster, clock, deps, sender)
    finally:
        deps.engine.dispose()
