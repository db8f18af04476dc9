"""The registry of scheduled message kinds. A new kind is one module here and one line in KINDS.

Each module says what is due (`due`) and how it reads when its turn comes (`render`); the sequencer
(bot/delivery/tick.py) records what every kind finds due, and the sender renders each row through
`compose`. tests/delivery/test_kinds.py fails until a new kind has a scenario there.
"""

from bot.delivery.kinds import (
    checkin,
    digest,
    nudge,
    remind,
    reminder,
    review_overdue,
    review_prompt,
    team_summary,
)
from bot.delivery.kinds.base import MessageKind
from bot.delivery.sender import Composer, Message, Thread
from bot.deps import Deps
from bot.services.leave import not_held
from coaching.cadence import Schedules
from coaching.delivery import Delivery, Due, Kind

KINDS: tuple[MessageKind, ...] = (
    checkin,
    reminder,
    review_prompt,
    review_overdue,
    nudge,
    digest,
    team_summary,
    remind,
)
BY_KIND: dict[Kind, MessageKind] = {k.KIND: k for k in KINDS}


def all_due(deps: Deps, schedules: Schedules) -> list[Due]:
    """Return what every kind finds due now, less what would reach a rep on leave."""
    return not_held(deps, [d for kind in KINDS for d in kind.due(deps, schedules)])


def compose(deps: Deps) -> Composer:
    """Return the function that renders a delivery when its turn comes (None: no longer needed)."""

    def render(delivery: Delivery) -> Message | Thread | None:
        return BY_KIND[delivery.kind].render(deps, delivery)

    return render
