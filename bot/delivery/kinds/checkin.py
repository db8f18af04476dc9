"""The weekly check-in: Friday 16:00 in the rep's zone, with the week's targets."""

from bot.delivery.crm_checkin import with_crm
from bot.delivery.sender import Message
from bot.deps import Deps
from bot.services.checkins import checkin_dues, week_for
from bot.views.checkin import checkin_blocks
from coaching.cadence import Schedules
from coaching.delivery import Delivery, Due, Kind

KIND = Kind.CHECKIN


def due(deps: Deps, schedules: Schedules, /) -> list[Due]:
    return checkin_dues(deps, schedules)


def render(deps: Deps, delivery: Delivery, /) -> Message:
    summary, _ = week_for(deps, delivery)
    return with_crm(deps, delivery, checkin_blocks(summary, resent=delivery.resent))
