"""What every scheduled message kind provides: which ledger kind it is, what is due, and how it reads."""

from typing import Protocol

from bot.delivery.sender import Message, Thread
from bot.deps import Deps
from coaching.cadence import Schedules
from coaching.delivery import Delivery, Due, Kind


class MessageKind(Protocol):
    """One kind of scheduled message. Each module in this package is one (a module satisfies a Protocol)."""

    KIND: Kind

    def due(self, deps: Deps, schedules: Schedules, /) -> list[Due]:
        """Return the deliveries of this kind due at `deps.clock()` (the ledger drops those already there)."""
        ...

    def render(self, deps: Deps, delivery: Delivery, /) -> Message | Thread | None:
        """Return the message for a delivery when its turn comes, read fresh; None: no longer needed."""
        ...
