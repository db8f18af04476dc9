"""CRM sync of 200 owners and 50,000 activity records through an in-memory HubSpot (issue 17).

The fake (bot/testing/fake_hubspot.py) enforces HubSpot's private-app burst limit, 100 requests per
rolling 10 s, sped up by SPEEDUP, and answers 429 (TEN_SECONDLY_ROLLING) at random to 2% of calls.
While the sync runs, records keep changing (a meeting gets its outcome, a call its disposition), as they
do in a live CRM. The run goes through the real connector, sync and storage (SQLite), then compares what
was stored and proposed with the fake's final state. Prints the elapsed time, the lower bound the limit
allows, their ratio, and records lost or counted twice; the last line is one JSON object.
"""

import datetime as dt
import json
import math
import random
import tempfile
import time
from pathlib import Path

import httpx

from bot.connectors.hubspot import HubSpotClient
from bot.deps import Deps, SettableClock
from bot.services.crm_sync import sync_crm
from bot.testing.fake_hubspot import FakeHubSpot
from coaching.crm import CrmRecord, RecordKind, record_week
from coaching.crm_mapping import metric_values, parse_mapping
from coaching.team import Person, Role
from storage import migrate
from storage.db import make_engine, session_scope
from storage.repo import crm, people

OWNERS = 200
RECORDS = {"calls": 25_000, "emails": 15_000, "meetings": 7_500, "deals": 2_500}
LIMIT, WINDOW_S = 100, 10.0
SPEEDUP = 2.0  # the limit at 2x real speed: about 25 s; the real limit (1x) is 50 s
RANDOM_429 = 0.02
CHANGE_EVERY = 25  # one record changes after every this many requests
TEAM = "T0CRMSYNC"
NOW = dt.datetime(2026, 11, 20, 12, tzinfo=dt.UTC)
KINDS = {
    "calls": RecordKind.CALL,
    "emails": RecordKind.EMAIL,
    "meetings": RecordKind.MEETING,
    "deals": RecordKind.DEAL,
}
ZONES = ("America/Chicago", "America/Los_Angeles", "Europe/Berlin", "Asia/Tokyo")
MAPPING = parse_mapping(
    {
        "metrics": {
            "calls": {"records": "call"},
            "conversations": {"records": "call", "where": {"hs_call_disposition": "connected"}},
            "emails": {"records": "email", "where": {"hs_email_status": "SENT"}},
            "meetings": {"records": "meeting", "where": {"hs_meeting_outcome": "COMPLETED"}},
            "pipeline": {"records": "deal", "sum": "amount"},
        }
    }
)


def main() -> None:
    rng = random.Random(17)  # noqa: S311 (test data)
    fake = FakeHubSpot(limit=LIMIT, window_s=WINDOW_S / SPEEDUP, random_429=RANDOM_429)
    fill(fake, rng)
    clock = [int(NOW.timestamp() * 1000)]

    def live_changes(object_type: str, request_number: int) -> None:
        if request_number % CHANGE_EVERY == 0:  # a record changes in the CRM while the sync reads
            clock[0] += 1
            change(fake, object_type, rng, clock[0])

    fake.on_search = live_changes
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'crm.db'}"
        seed(url)
        deps = Deps(engine=make_engine(url), clock=SettableClock(NOW + dt.timedelta(days=1)))
        client = HubSpotClient("pat-bench", http=httpx.Client(transport=fake.transport()))
        started = time.perf_counter()
        report = sync_crm(
            deps, team_id=TEAM, connector=client, mapping=MAPPING, lookup_email=lambda _: None,
            since=NOW - dt.timedelta(days=60),
        )  # fmt: skip
        elapsed = time.perf_counter() - started
        figures = tally(deps, fake, elapsed) | {"error": report.error}
        deps.engine.dispose()
    print(f"{report.records} records read in {fake.requests} requests ({fake.rejected} answered 429)")
    bound = figures["lower_bound_s"]
    print(f"elapsed {figures['elapsed_s']} s, lower bound {bound} s, ratio {figures['ratio']}")
    print(f"lost {figures['lost']}, duplicated {figures['duplicated']}, weeks wrong {figures['weeks_wrong']}")
    print(json.dumps(figures))


def fill(fake: FakeHubSpot, rng: random.Random) -> None:
    """Create the owners and records, changed over the 5 weeks before NOW."""
    fake.owners = [{"id": str(n), "email": f"rep{n}@example.com"} for n in range(OWNERS)]
    start = int((NOW - dt.timedelta(weeks=5)).timestamp() * 1000)
    end = int(NOW.timestamp() * 1000)
    for object_type, count in RECORDS.items():
        for n in range(count):
            modified = rng.randrange(start, end)
            occurred = modified - rng.randrange(0, 3_600_000)
            fake.put(object_type, f"{object_type[0]}{n}", **properties(object_type, rng, occurred, modified))


def properties(object_type: str, rng: random.Random, occurred: int, modified: int) -> dict[str, str | None]:
    props: dict[str, str | None] = {
        "hubspot_owner_id": str(rng.randrange(OWNERS)),
        "hs_lastmodifieddate": str(modified),
        "createdate" if object_type == "deals" else "hs_timestamp": str(occurred),
    }
    if object_type == "calls":
        props["hs_call_disposition"] = rng.choice(["connected", "no answer", "busy"])
    elif object_type == "emails":
        props["hs_email_status"] = rng.choice(["SENT", "SENT", "SCHEDULED"])
    elif object_type == "meetings":
        props["hs_meeting_outcome"] = rng.choice(["COMPLETED", "SCHEDULED", "NO_SHOW"])
    else:
        props["amount"] = str(rng.randrange(1_000, 50_000))
    return props


def change(fake: FakeHubSpot, object_type: str, rng: random.Random, modified: int) -> None:
    """Change one random record's status now: it moves to the end of the last-modified order."""
    records = fake.objects[object_type]
    record_id = rng.choice(list(records))
    props = dict(records[record_id])
    status = {"calls": "hs_call_disposition", "emails": "hs_email_status", "meetings": "hs_meeting_outcome"}
    final = {"calls": "connected", "emails": "SENT", "meetings": "COMPLETED"}
    if object_type in status:
        props[status[object_type]] = final[object_type]
    else:
        props["amount"] = str(int(props["amount"] or 0) + 500)
    props["hs_lastmodifieddate"] = str(modified)
    fake.put(object_type, record_id, **props)


def tally(deps: Deps, fake: FakeHubSpot, elapsed: float) -> dict[str, object]:
    """Compare what was stored and proposed with the fake's final state."""
    with session_scope(deps.engine) as session:
        start, end = NOW - dt.timedelta(days=400), NOW + dt.timedelta(days=1)
        owners = [str(n) for n in range(OWNERS)]
        stored = {
            (r.kind.value, r.id): r
            for r in crm.records_between(
                session, team_id=TEAM, connector="hubspot", owner_ids=owners, start=start, end=end
            )
        }
        proposed = {
            (rep, week): crm.get_proposal(session, team_id=TEAM, rep_id=rep, week_start=week)
            for rep, week in truth_weeks(fake)
        }
    lost = sum(
        1
        for object_type, records in fake.objects.items()
        for rid, props in records.items()
        if (r := stored.get((KINDS[object_type].value, rid))) is None
        or int(r.modified_at.timestamp() * 1000) != int(props["hs_lastmodifieddate"] or 0)
    )
    truth = truth_weeks(fake)
    duplicated = sum(
        max(0.0, p.values.get(m, 0.0) - v)
        for key, values in truth.items()
        if (p := proposed[key]) is not None
        for m, v in values.items()
        if m != "pipeline"
    )
    wrong = sum(1 for key, values in truth.items() if (p := proposed[key]) is None or p.values != values)
    requests = 1 + sum(math.ceil(n / 100) for n in RECORDS.values())  # owners, then full search pages
    lower_bound = (math.ceil(requests / LIMIT) - 1) * WINDOW_S / SPEEDUP
    return {
        "owners": OWNERS,
        "records": sum(RECORDS.values()),
        "requests": fake.requests,
        "rate_limited": fake.rejected,
        "elapsed_s": round(elapsed, 2),
        "lower_bound_s": round(lower_bound, 2),
        "ratio": round(elapsed / lower_bound, 3),
        "lost": lost,
        "duplicated": int(duplicated),
        "weeks_wrong": wrong,
    }


def truth_weeks(fake: FakeHubSpot) -> dict[tuple[str, dt.date], dict[str, float]]:
    """Return each rep's week as the fake's final records count it, with the same mapping."""
    from bot.connectors.hubspot import _Object, _records

    by_week: dict[tuple[str, dt.date], list[CrmRecord]] = {}
    for object_type, records in fake.objects.items():
        objects = [_Object(id=rid, properties=props) for rid, props in records.items()]
        for record in _records(KINDS[object_type], objects)[0]:
            owner = int(record.owner_id or 0)
            key = (rep_id(owner), record_week(record, ZONES[owner % len(ZONES)]))
            by_week.setdefault(key, []).append(record)
    return {key: metric_values(MAPPING, records) for key, records in by_week.items()}


def rep_id(owner: int) -> str:
    return f"U{owner:07d}"


def seed(url: str) -> None:
    migrate.upgrade(url)
    engine = make_engine(url)
    team = [
        Person(slack_id=rep_id(n), name=f"Rep {n}", role=Role.REP, email=f"rep{n}@example.com",
               tz=ZONES[n % len(ZONES)])
        for n in range(OWNERS)
    ]  # fmt: skip
    with session_scope(engine) as session:
        people.ensure_workspace(session, team_id=TEAM, now=NOW)
        people.upsert_people(session, team_id=TEAM, people=team, now=NOW)
    engine.dispose()


if __name__ == "__main__":
    main()
