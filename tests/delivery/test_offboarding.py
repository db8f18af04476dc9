"""Offboarding stops every scheduled message at once: pending rows are cancelled, a row another sender
has already claimed is skipped before it is posted, and reactivating brings the messages back."""

import datetime as dt

import pytest

from bot.delivery.tick import compose, record_due, tick
from bot.services import roster
from bot.services.errors import NotAllowed
from bot.services.export import log_export
from bot.services.roster import OFFBOARDED
from bot.services.status import team_status
from coaching.activity import WeekLog
from coaching.cadence import Schedules
from coaching.delivery import Delivery, Due, Kind, State
from coaching.roster import Change
from storage.db import session_scope
from storage.repo import activity, deliveries
from storage.repo import roster as roster_repo
from tests.delivery.conftest import FRIDAY_CHICAGO, TEAM, World, delivery_key

RILEY, SAM, MANAGER = "U0REP1", "U0REP2", "U0MGR1"
BEFORE_BERLIN = FRIDAY_CHICAGO - dt.timedelta(hours=8)  # 14:00 UTC, before anyone's Friday 16:00


def ledger(world: World) -> dict[str, tuple[State, str | None]]:
    with session_scope(world.deps(FRIDAY_CHICAGO).engine) as session:
        rows = deliveries.listing(session, sent_since=FRIDAY_CHICAGO - dt.timedelta(days=30))
    return {row.key: (row.state, row.last_error) for row in rows}


def offboard_riley(world: World, at: dt.datetime, reason: str = "left the company") -> roster.RosterResult:
    return roster.offboard(world.deps(at), team_id=TEAM, actor_id=MANAGER, rep_id=RILEY, reason=reason)


def test_an_offboarded_rep_gets_no_check_in_and_the_other_rep_still_does(world: World) -> None:
    offboard_riley(world, BEFORE_BERLIN)

    deps = world.deps(FRIDAY_CHICAGO)
    tick(deps, world.sender(deps), Schedules())

    assert [c.args["channel"] for c in world.posted()] == [SAM]
    assert not any(RILEY in key for key in ledger(world))


def test_offboarding_cancels_the_reps_pending_deliveries_and_says_why(world: World) -> None:
    deps = world.deps(FRIDAY_CHICAGO)
    assert record_due(deps, Schedules()) == 2  # both check-ins are pending, not yet sent

    result = offboard_riley(world, FRIDAY_CHICAGO)
    tick(deps, world.sender(deps), Schedules())

    assert (result.changed, result.cancelled, result.left_on) == (True, 1, dt.date(2026, 11, 20))
    states = ledger(world)
    assert states[f"checkin:{TEAM}:{RILEY}:2026-W47"] == (State.SKIPPED, OFFBOARDED)
    assert states[f"checkin:{TEAM}:{SAM}:2026-W47"][0] is State.SENT
    assert [c.args["channel"] for c in world.posted()] == [SAM]


def test_a_delivery_already_claimed_by_another_instance_is_skipped_not_posted(world: World) -> None:
    deps = world.deps(FRIDAY_CHICAGO)
    with session_scope(deps.engine) as session:
        due = Due(Kind.CHECKIN, TEAM, RILEY, "2026-W47", FRIDAY_CHICAGO)
        deliveries.record_due(session, dues=[due], now=FRIDAY_CHICAGO)
    render = compose(deps)
    seen: list[State] = []

    def offboarded_while_claimed(delivery: Delivery) -> object:
        # The other instance holds the row (`sending`) when the manager offboards the rep.
        seen.append(ledger(world)[delivery.key][0])
        assert offboard_riley(world, FRIDAY_CHICAGO).cancelled == 0
        return render(delivery)

    other = world.sender(deps, worker="other-instance")
    other.compose = offboarded_while_claimed  # type: ignore[assignment]
    report = other.send_due(wait_for_retries=dt.timedelta(0))

    assert seen == [State.SENDING]
    assert (report.sent, report.skipped) == (0, 1)
    assert world.posted() == []
    assert ledger(world)[due.key] == (State.SKIPPED, OFFBOARDED)


def test_reactivating_brings_the_check_ins_back(world: World) -> None:
    offboard_riley(world, BEFORE_BERLIN)
    later = world.deps(BEFORE_BERLIN + dt.timedelta(minutes=1))
    roster.reactivate(later, team_id=TEAM, actor_id=MANAGER, rep_id=RILEY, reason="rehired")

    deps = world.deps(FRIDAY_CHICAGO)
    tick(deps, world.sender(deps), Schedules())

    assert sorted(delivery_key(c) for c in world.posted()) == [
        f"checkin:{TEAM}:{RILEY}:2026-W47",
        f"checkin:{TEAM}:{SAM}:2026-W47",
    ]
    with session_scope(deps.engine) as session:
        history = roster_repo.changes(session, team_id=TEAM)
    assert [(c.change, c.actor_id, c.reason) for c in history] == [
        (Change.OFFBOARD, MANAGER, "left the company"),
        (Change.REACTIVATE, MANAGER, "rehired"),
    ]


def test_an_offboarded_rep_leaves_cohort_figures_but_their_logs_stay_in_exports_marked(world: World) -> None:
    deps = world.deps(FRIDAY_CHICAGO)
    with session_scope(deps.engine) as session:
        activity.write_week(
            session,
            team_id=TEAM,
            rep_id=RILEY,
            log=WeekLog(dt.date(2026, 11, 9), {"calls": 40.0}),
            actor=RILEY,
            source="slack",
            now=FRIDAY_CHICAGO,
        )
    assert {s.rep_id for s in team_status(deps, team_id=TEAM)} == {RILEY, SAM}

    offboard_riley(world, FRIDAY_CHICAGO)

    assert {s.rep_id for s in team_status(deps, team_id=TEAM)} == {SAM}
    rows = log_export(deps, team_id=TEAM)
    riley = [dict(zip(rows.columns, row, strict=True)) for row in rows.rows if row[1] == RILEY]
    assert [r["rep_left"] for r in riley] == ["left on 2026-11-20"]
    assert riley[0]["calls"] == 40.0


@pytest.mark.parametrize("actor", [RILEY, SAM])
def test_a_rep_cannot_offboard_anyone_and_nothing_changes(world: World, actor: str) -> None:
    deps = world.deps(FRIDAY_CHICAGO)
    with pytest.raises(NotAllowed):
        roster.offboard(deps, team_id=TEAM, actor_id=actor, rep_id=RILEY, reason="")
    with session_scope(deps.engine) as session:
        assert roster_repo.left_on(session, team_id=TEAM, slack_id=RILEY) is None
        assert roster_repo.changes(session, team_id=TEAM) == []
