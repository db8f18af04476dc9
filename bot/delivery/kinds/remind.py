"""A manager's "Remind" button: a DM asking the rep for this week's numbers, at most once a day.

Nothing is due on a schedule: the button records the ledger row and its listener posts the DM at once.
The sender renders a row only if that listener died before posting (see bot/services/cockpit.py).
"""

import datetime as dt

from bot.delivery.sender import Message
from bot.deps import Deps
from bot.services.cockpit import week_to_log
from bot.views.cockpit import remind_blocks
from coaching.cadence import Schedules
from coaching.delivery import Delivery, Due, Kind
from coaching.weeks import week_start
from storage.db import session_scope

KIND = Kind.REMIND


def due(deps: Deps, schedules: Schedules, /) -> list[Due]:  # noqa: ARG001 (the registry's signature)
    return []


def render(deps: Deps, delivery: Delivery, /) -> Message | None:
    """None when the rep has logged the week since they were reminded."""
    monday = week_start(dt.date.fromisoformat(delivery.period))
    with session_scope(deps.engine) as session:
        week, logged = week_to_log(
            session, delivery.team_id, delivery.person_id, monday, deps.tuning.holidays
        )
    return None if logged else remind_blocks(week, resent=delivery.resent)
