"""The leader digest: Monday 08:00 in the leader's zone, once per ISO week, with the chart in its thread."""

import datetime as dt
import json

from bot.delivery.tick import tick
from bot.fake_slack import Call
from coaching.cadence import Schedules
from storage.db import session_scope
from storage.repo import exports
from tests.delivery.conftest import TEAM, World, delivery_key

# Dana Lead (U0LEAD) is in New York: Monday 2026-11-23 08:00 EST is 13:00 UTC.
MONDAY_EIGHT = dt.datetime(2026, 11, 23, 13, 0, tzinfo=dt.UTC)


def digests(world: World, when: dt.datetime) -> list[Call]:
    deps = world.deps(when)
    tick(deps, world.sender(deps), Schedules())
    return [c for c in world.posted() if "metadata" in c.args and delivery_key(c).startswith("digest")]


def sent_ts(world: World, key: str) -> str | None:
    deps = world.deps(MONDAY_EIGHT)
    with session_scope(deps.engine) as session:
        return {d.key: d.ts for d in exports.ledger(session, team_id=TEAM, since=None)}[key]


def test_the_digest_goes_to_the_leader_at_eight_on_monday_once_a_week_with_the_chart(world: World) -> None:
    assert digests(world, MONDAY_EIGHT - dt.timedelta(minutes=1)) == []
    (digest,) = digests(world, MONDAY_EIGHT)
    assert delivery_key(digest) == "digest:T111:U0LEAD:2026-W48"
    assert digest.args["channel"] == "U0LEAD"
    assert digest.args["text"].startswith("Ramp digest 2026-W48: 2 reps ramping")
    blocks = json.dumps(digest.args["blocks"], ensure_ascii=False)
    assert "Riley Rep" in blocks and "Sam Seller" in blocks and "Max Manager" in blocks
    # Max's team summary goes at the same hour, with its own chart, to Max.
    uploads = world.fake.calls("files.completeUploadExternal")
    (complete,) = [c for c in uploads if c.args["channel_id"] == "DU0LEAD"]
    assert complete.args["thread_ts"] == sent_ts(world, "digest:T111:U0LEAD:2026-W48")
    pngs = world.fake.uploaded_files().values()
    assert len(pngs) == 2 and all(png.startswith(b"\x89PNG") for png in pngs)
    assert len(digests(world, MONDAY_EIGHT + dt.timedelta(hours=3))) == 1  # not again this week
    assert len(digests(world, dt.datetime(2026, 11, 25, 13, 0, tzinfo=dt.UTC))) == 1
    keys = [delivery_key(c) for c in digests(world, MONDAY_EIGHT + dt.timedelta(weeks=1))]
    assert keys == ["digest:T111:U0LEAD:2026-W48", "digest:T111:U0LEAD:2026-W49"]
