"""Fan-out of 5,000 check-in DMs through the fake Slack, within Slack's limits (issue 4).

The fake enforces chat.postMessage's limits (SLACK_LIMITS, also what the sender paces itself to),
sped up by SPEEDUP so the run takes about a minute, and answers 429 at random to 2% of calls.
Prints the elapsed time, the lower bound the limits allow, their ratio, and lost and duplicated
messages (by the delivery key each message carries in its metadata). The last line is one JSON object.
"""

import datetime as dt
import json
import math
import tempfile
import time
from collections import Counter
from pathlib import Path

import yaml

from bot.delivery.pacing import SLACK_LIMITS, Pacer
from bot.delivery.sender import Sender
from bot.delivery.tick import compose, record_due, sender_client
from bot.deps import Deps, RunningClock
from bot.fake_slack import FakeSlack
from bot.settings import Settings
from coaching.activity import Enrollment
from coaching.cadence import Schedules
from coaching.plans import parse_plan
from coaching.team import Person, Role
from storage import migrate
from storage.db import make_engine, session_scope
from storage.repo import people, plans

ROOT = Path(__file__).resolve().parents[1]
REPS = 5000
SPEEDUP = 16.0
RANDOM_429 = 0.02
TEAM = "T0FANOUT"
TOKEN = "xoxb-fanout"  # noqa: S105 (the fake Slack's token)
FRIDAY = dt.datetime(2026, 11, 20, 22, 0, tzinfo=dt.UTC)  # 16:00 in Chicago


def main() -> None:
    with tempfile.TemporaryDirectory() as folder, FakeSlack(TOKEN, team_id=TEAM) as fake:
        url = f"sqlite:///{Path(folder) / 'fanout.db'}"
        seed(url)
        deps = Deps(engine=make_engine(url), clock=RunningClock(FRIDAY))
        recorded = record_due(deps, Schedules())
        limit = SLACK_LIMITS["chat.postMessage"]
        fake.rate_limit("chat.postMessage", limit.per_minute, speedup=SPEEDUP, random_429=RANDOM_429, seed=7)
        settings = Settings.model_validate({"slack_bot_token": TOKEN, "slack_api_url": fake.api_url})
        sender = Sender(deps, sender_client(settings), compose(deps), Pacer(speedup=SPEEDUP), "bench")
        started = time.perf_counter()
        report = sender.send_due()
        elapsed = time.perf_counter() - started
        deps.engine.dispose()
        figures = tally(fake, recorded, elapsed, limit.per_minute)
    print(
        f"{recorded} check-ins recorded; sent {report.sent}, failed {report.failed}, retried {report.retried}"
    )
    bound = figures["lower_bound_s"]
    print(f"elapsed {figures['elapsed_s']} s, lower bound {bound} s, ratio {figures['ratio']}")
    print(f"429s: {figures['rate_limited']}, lost {figures['lost']}, duplicated {figures['duplicated']}")
    print(json.dumps(figures))


def tally(fake: FakeSlack, expected: int, elapsed: float, per_minute: int) -> dict[str, float]:
    delivered = Counter(
        c.args["metadata"]["event_payload"]["key"] for c in fake.calls("chat.postMessage") if c.ok
    )
    # The fake admits `per_minute` calls in any window of 60/SPEEDUP seconds: the first window is free.
    lower_bound = (math.ceil(expected / per_minute) - 1) * 60 / SPEEDUP
    return {
        "messages": expected,
        "elapsed_s": round(elapsed, 2),
        "lower_bound_s": round(lower_bound, 2),
        "ratio": round(elapsed / lower_bound, 3),
        "lost": expected - len(delivered),
        "duplicated": sum(n - 1 for n in delivered.values()),
        "rate_limited": sum(1 for c in fake.calls("chat.postMessage") if c.status == 429),
        "conversations_open_calls": len(fake.calls("conversations.open")),
    }


def seed(url: str) -> None:
    migrate.upgrade(url)
    engine = make_engine(url)
    source = (ROOT / "plans" / "ae-90.yml").read_text()
    plan = parse_plan(yaml.safe_load(source))
    team = [Person(slack_id="U0MGR", name="Manager", role=Role.MANAGER)] + [
        Person(slack_id=f"U{n:07d}", name=f"Rep {n}", role=Role.REP, manager="U0MGR", tz="America/Chicago")
        for n in range(REPS)
    ]
    with session_scope(engine) as session:
        people.ensure_workspace(session, team_id=TEAM, now=FRIDAY)
        plans.save_plan(session, team_id=TEAM, plan=plan, source=source, now=FRIDAY)
        people.upsert_people(session, team_id=TEAM, people=team, now=FRIDAY)
        for person in team[1:]:
            enrollment = Enrollment(person.slack_id, plan.id, plan.version, dt.date(2026, 10, 5))
            plans.enroll(session, team_id=TEAM, enrollment=enrollment, by="bench", now=FRIDAY)
    engine.dispose()


if __name__ == "__main__":
    main()
