"""The demo's running world: the real app served on loopback, a local fake Slack, a SQLite file in the output
folder, a settable clock, and a record of everything each person received, in the order it happened."""

import datetime as dt
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.app import build_app, listener_executor
from bot.delivery.sender import Sender
from bot.delivery.tick import make_sender, tick
from bot.demo import org
from bot.deps import Deps, SettableClock, Tuning
from bot.fake_slack import Call, FakeSlack
from bot.server import serving_in_background
from bot.services import setup
from bot.settings import Settings
from bot.testing.signing import SlackPoster
from coaching.cadence import Schedules
from coaching.templates import parse_registry
from storage import migrate
from storage.db import make_engine

ROOT = Path(__file__).resolve().parents[2]
SECRET = "demo-signing-secret"  # noqa: S105 (a local demo, not a credential)
TOKEN = "xoxb-demo"  # noqa: S105 (the fake Slack's token)
# Calls that are not something a person reads (uploads are shown with the message they belong to).
UNSEEN = {"views.publish", "users.info", "auth.test", "files.getUploadURLExternal", "upload"}
ORDER = {"DM": 0, "thread": 1, "file": 2}  # a message, then what went into its thread


@dataclass(frozen=True)
class Received:
    """One thing a person saw: a DM, a reply to their command, a modal, or their Home tab."""

    person: str
    at: dt.datetime
    where: str  # "DM", "reply to /log …", "modal", "Home tab", "thread", "file"
    text: str  # the notification text
    blocks: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class DemoWorld:
    fake: FakeSlack
    poster: SlackPoster
    clock: SettableClock
    deps: Deps
    sender: Sender
    received: list[Received] = field(default_factory=list)
    _seen: int = 0

    def tick(self, at: dt.datetime) -> None:
        """Run the real scheduler once at `at` and record what it sent."""
        self.clock.now = at
        tick(self.deps, self.sender, Schedules())
        self.take()

    def take(self, actor: str | None = None, where: str = "DM") -> list[Received]:
        """Record the calls made since the last take; `actor` gets replies and modals. Calls made in one
        step are sorted by person, so post-ack threads finishing in either order tell the same story."""
        calls = self.fake.calls()
        new, self._seen = calls[self._seen :], len(calls)
        found = [r for call in new if (r := self._received(call, actor, where)) is not None]
        found.sort(key=lambda r: (r.person, ORDER.get(r.where, len(ORDER)), r.where, r.text))
        self.received += found
        return found

    def _received(self, call: Call, actor: str | None, where: str) -> Received | None:
        args, now = call.args, self.clock.now
        if call.method in UNSEEN or not call.ok:
            return None
        if call.method == "chat.postMessage":
            kind = "thread" if args.get("thread_ts") else "DM"
            channel = str(args["channel"])
            if channel.startswith("G") and actor is not None:  # a group DM the actor posted into
                kind, channel = "group DM", actor
            return Received(
                person_of(channel),
                now,
                kind,
                str(args.get("text", "")),
                args.get("blocks") or [],
            )
        if call.method == "files.completeUploadExternal":
            names = self.fake.uploaded_file_names()
            text = ", ".join(names.get(f["id"], f["id"]) for f in args.get("files", []))
            return Received(person_of(str(args.get("channel_id", ""))), now, "file", text)
        if actor is None:
            return None
        if call.method in ("views.open", "views.push"):
            view = args["view"]
            return Received(actor, now, "modal", _plain(view.get("title")), view.get("blocks", []))
        if call.method == "response_url":
            return Received(actor, now, where, str(args.get("text", "")), args.get("blocks") or [])
        return None

    def wait_for(self, method: str, after: int, test: Callable[[Call], bool], what: str) -> Call:
        """Return the first `method` call after the first `after` ones that passes `test`: wait for what a
        step itself causes, never for a global count that other deliveries also move."""
        deadline = time.monotonic() + 10
        while True:
            found = next((c for c in self.fake.calls(method)[after:] if test(c)), None)
            if found is not None:
                return found
            if time.monotonic() > deadline:
                raise TimeoutError(f"the demo waited in vain for {what}")
            time.sleep(0.01)

    def home(self, person: str) -> Received:
        """Return the Home tab last published for `person`, as a Received at the current instant."""
        view = self.fake.home_view(person)
        return Received(person, self.clock.now, "Home tab", "App Home", view.get("blocks", []))


def person_of(channel: str) -> str:
    """Return who a channel belongs to: the fake Slack names a DM "D" + the user's id."""
    return channel[1:] if channel.startswith("D") and channel[1:] in org.NAMES else channel


def _plain(text: Any) -> str:
    return str(text.get("text", "")) if isinstance(text, dict) else str(text or "")


@contextmanager
def running(folder: Path, *, tune_slack: Callable[[FakeSlack], None] | None = None) -> Iterator[DemoWorld]:
    """Yield the running world; on exit stop the server, wait for post-ack work, stop the fake Slack."""
    url = f"sqlite:///{folder / 'demo.db'}"
    migrate.upgrade(url)
    clock = SettableClock(dt.datetime.combine(org.START - dt.timedelta(days=6), dt.time(15), tzinfo=dt.UTC))
    tuning = Tuning(templates=parse_registry(org.TEMPLATES))
    deps = Deps(engine=make_engine(url), clock=clock, tuning=tuning)
    setup.import_plan(deps, team_id=org.TEAM, source=(ROOT / "plans" / "ae-90.yml").read_text())
    setup.import_team(deps, team_id=org.TEAM, source=org.team_yaml())
    settings = Settings.model_validate(
        {"slack_bot_token": TOKEN, "slack_signing_secret": SECRET, "database_url": url}
    )
    executor = listener_executor()
    try:
        with FakeSlack(TOKEN, team_id=org.TEAM) as fake:
            for person, name in org.NAMES.items():
                fake.set_user(person, tz=org.ZONES[person], name=name)
            if tune_slack is not None:
                tune_slack(fake)
            settings = settings.model_copy(update={"slack_api_url": fake.api_url})
            app = build_app(settings, deps, http=True, executor=executor)
            with serving_in_background(app) as events_url, SlackPoster(events_url, SECRET) as poster:
                try:
                    # The demo's clock jumps days between ticks, so the pacer keeps Slack's limits at
                    # the demo's speed rather than in real seconds.
                    yield DemoWorld(fake, poster, clock, deps, make_sender(deps, settings, speedup=1000))
                finally:
                    # Post-ack work still talks to the fake Slack: let it finish before the fake stops.
                    executor.shutdown(wait=True)
    finally:
        deps.engine.dispose()
