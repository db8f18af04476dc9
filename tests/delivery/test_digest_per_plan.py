"""The digest's ecosystem signal compares reps on one plan and names it (issue 13, defect 8)."""

import datetime as dt

from bot.services import setup
from bot.services.digest import team_digest
from bot.views.digest import digest_messages
from coaching.activity import WeekLog
from storage.db import session_scope
from storage.repo import activity
from tests.delivery.conftest import IMPORTED, ROOT, TEAM, World

SDRS = "".join(
    f"  - {{slack_id: U0SDR{n}, name: Sdr {n}, role: rep, manager: U0MGR1, plan: sdr-90,"
    " start: 2026-10-05}\n"
    for n in (1, 2, 3)
)
STALLED = {"conversations": 20, "meetings_booked": 2, "meetings_held": 2, "opportunities": 1}  # 10% booked
FLOWING = {"conversations": 20, "meetings_booked": 8, "meetings_held": 6, "opportunities": 3}
MONDAY = dt.datetime(2026, 11, 23, 14, 0, tzinfo=dt.UTC)


def seed_sdrs(world: World) -> None:
    deps = world.deps(IMPORTED)
    setup.import_plan(deps, team_id=TEAM, source=(ROOT / "plans" / "sdr-90.yml").read_text())
    setup.import_team(deps, team_id=TEAM, source=(ROOT / "examples" / "team.yml").read_text() + SDRS)
    with session_scope(deps.engine) as session:
        for n, values in ((1, STALLED), (2, STALLED), (3, FLOWING)):
            for week in range(7):  # Oct 5 to Nov 16
                log = WeekLog(dt.date(2026, 10, 5) + dt.timedelta(weeks=week), dict(values))
                rep = f"U0SDR{n}"
                activity.write_week(
                    session, team_id=TEAM, rep_id=rep, log=log, actor=rep, source="test", now=MONDAY
                )


def test_two_of_three_sdrs_stalling_at_one_stage_is_named_with_their_plan(world: World) -> None:
    # Pooled with the two AEs, 2 of 5 reps stall there: under the 50% threshold, so it went unnamed.
    seed_sdrs(world)
    data = team_digest(world.deps(MONDAY), team_id=TEAM)
    stage = [s for s in data.digest.signals if s.kind == "stage"]
    assert [(s.plan, s.name, s.count, s.of) for s in stage] == [
        ("SDR 90-day ramp", "conversations → meetings_booked", 2, 3)
    ]
    text = "\n".join(b.to_dict()["text"]["text"] for _, blocks in digest_messages(data) for b in blocks)
    assert "• 2 of 3 reps on *SDR 90-day ramp* stall at conversations → meetings_booked" in text
