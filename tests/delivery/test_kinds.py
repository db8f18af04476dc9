"""Every scheduled message kind is in the registry, and each one finds itself due and renders a message.

A new kind fails `test_every_kind_is_registered_once_and_has_a_scenario` until it gets a line in
bot/delivery/kinds/KINDS and a scenario here, so no kind goes out untested.
"""

import dataclasses
import datetime as dt
from collections.abc import Callable

import pytest

from bot.delivery.kinds import BY_KIND, KINDS, compose
from bot.delivery.kinds.base import MessageKind
from bot.delivery.sender import Message, Thread
from coaching.cadence import Schedules
from coaching.delivery import Delivery, Due, Kind, State
from coaching.touches import Channel, Outcome, Touch
from storage.db import session_scope
from storage.repo.touches import save_touches
from tests.delivery.conftest import FRIDAY_CHICAGO, TEAM, World

SENT = dt.datetime(2026, 11, 2, 14, 0, tzinfo=dt.UTC)


def no_seed(world: World) -> None:
    pass


def touches(world: World) -> None:
    """Riley has follow-ups with replies, enough for a nudge."""
    found = [
        Touch(
            rep="U0REP1",
            sent_at=SENT + dt.timedelta(minutes=i),
            channel=Channel.EMAIL,
            step=2,
            template="pain-follow" if i < 50 else "demo-follow",
            outcome=Outcome.REPLY if i % 5 == 0 else Outcome.NONE,
        )
        for i in range(125)
    ]
    deps = world.deps(SENT)
    with session_scope(deps.engine) as session:
        save_touches(session, TEAM, found, "test", SENT)


# For each kind: an instant when the seeded team (plus the seed) has one due, and the seed.
SCENARIOS: dict[Kind, tuple[dt.datetime, Callable[[World], None]]] = {
    Kind.CHECKIN: (FRIDAY_CHICAGO, no_seed),
    Kind.REMINDER: (dt.datetime(2026, 11, 23, 16, 0, tzinfo=dt.UTC), no_seed),  # Monday 10:00 Chicago
    Kind.REVIEW_PROMPT: (dt.datetime(2026, 11, 30, 14, 0, tzinfo=dt.UTC), no_seed),  # 09:00 New York
    Kind.REVIEW_OVERDUE: (dt.datetime(2026, 11, 18, 14, 0, tzinfo=dt.UTC), no_seed),
    Kind.NUDGE: (dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC), touches),  # Monday 09:00 Chicago
    Kind.DIGEST: (dt.datetime(2026, 11, 23, 13, 0, tzinfo=dt.UTC), no_seed),  # Monday 08:00 New York
    Kind.TEAM_SUMMARY: (dt.datetime(2026, 11, 23, 13, 0, tzinfo=dt.UTC), no_seed),  # Max, New York
}


# Kinds that a person's click puts in the ledger, never the clock: the instant, and what the click records.
ON_DEMAND: dict[Kind, tuple[dt.datetime, Due]] = {
    Kind.REMIND: (FRIDAY_CHICAGO, Due(Kind.REMIND, TEAM, "U0REP1", "2026-11-20", FRIDAY_CHICAGO)),
}


def pending(due: Due) -> Delivery:
    return Delivery(
        key=due.key,
        **{f.name: getattr(due, f.name) for f in dataclasses.fields(due)},
        state=State.PENDING,
        attempts=0,
        last_error=None,
        next_attempt_at=due.due_at,
        channel=None,
        ts=None,
        sent_at=None,
        resent=False,
    )


def messages(rendered: Message | Thread | None) -> list[Message]:
    assert rendered is not None
    return rendered.messages if isinstance(rendered, Thread) else [rendered]


def test_every_kind_is_registered_once_and_has_a_scenario() -> None:
    assert [k.KIND for k in KINDS] == list(BY_KIND)  # no kind twice
    assert set(BY_KIND) == set(Kind) == set(SCENARIOS) | set(ON_DEMAND)
    assert not set(SCENARIOS) & set(ON_DEMAND)


@pytest.mark.parametrize("kind", [k for k in KINDS if k.KIND in ON_DEMAND], ids=lambda k: str(k.KIND))
def test_each_on_demand_kind_is_never_due_on_a_schedule_but_renders_valid_blocks(
    world: World, kind: MessageKind
) -> None:
    at, due = ON_DEMAND[kind.KIND]
    deps = world.deps(at)
    assert kind.due(deps, Schedules()) == []
    for text, blocks in messages(compose(deps)(pending(due))):
        assert text and blocks
        for block in blocks:
            block.validate_json()


@pytest.mark.parametrize("kind", [k for k in KINDS if k.KIND in SCENARIOS], ids=lambda k: str(k.KIND))
def test_each_kind_finds_itself_due_and_renders_valid_blocks(world: World, kind: MessageKind) -> None:
    at, seed = SCENARIOS[kind.KIND]
    seed(world)
    deps = world.deps(at)
    dues = kind.due(deps, Schedules())
    assert dues and {d.kind for d in dues} == {kind.KIND}
    for due in dues:
        for text, blocks in messages(compose(deps)(pending(due))):
            assert text and blocks
            for block in blocks:
                block.validate_json()
