"""The weekly messaging nudge: Monday 09:00 in the rep's zone, for reps with outreach touches."""

from bot.delivery.sender import Message
from bot.deps import Deps
from bot.services.nudges import nudge_dues, weekly_nudge
from bot.views.nudge_messages import nudge_blocks
from coaching.cadence import Schedules
from coaching.delivery import Delivery, Due, Kind

KIND = Kind.NUDGE


def due(deps: Deps, schedules: Schedules, /) -> list[Due]:
    return nudge_dues(deps, schedules)


def render(deps: Deps, delivery: Delivery, /) -> Message | None:
    """Render from the rep's touches now; None when there is nothing true to say."""
    nudge = weekly_nudge(deps, team_id=delivery.team_id, rep_id=delivery.person_id, week=delivery.period)
    return nudge_blocks(nudge, resent=delivery.resent) if nudge else None
