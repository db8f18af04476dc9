"""The reminder about last week, for reps who have not logged it; skipped if they log before it goes."""

from bot.delivery.sender import Message
from bot.deps import Deps
from bot.services.checkins import reminder_dues, week_for
from bot.views.checkin import reminder_blocks
from coaching.cadence import Schedules
from coaching.delivery import Delivery, Due, Kind

KIND = Kind.REMINDER


def due(deps: Deps, schedules: Schedules, /) -> list[Due]:
    return reminder_dues(deps, schedules)


def render(deps: Deps, delivery: Delivery, /) -> Message | None:
    summary, logged = week_for(deps, delivery)
    return None if logged else reminder_blocks(summary, resent=delivery.resent)
