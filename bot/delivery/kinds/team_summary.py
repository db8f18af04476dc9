"""A manager's weekly team summary: Monday 08:00 in their zone, their own tree's slice of the digest.

Off for the managers listed in RAMPCOACH_TEAM_SUMMARY_OFF. It goes to the manager's DM, never to the
leaders' digest channel: it is one team's view.
"""

from bot.delivery.kinds.digest import digest_thread
from bot.delivery.sender import Thread
from bot.deps import Deps
from bot.services.digest import manager_summary, team_summary_dues
from coaching.cadence import Schedules
from coaching.delivery import Delivery, Due, Kind

KIND = Kind.TEAM_SUMMARY


def due(deps: Deps, schedules: Schedules, /) -> list[Due]:
    return team_summary_dues(deps, schedules.holidays)


def render(deps: Deps, delivery: Delivery, /) -> Thread | None:
    """Render the manager's summary now; None when it is off or there is nobody to show."""
    data = manager_summary(deps, team_id=delivery.team_id, manager_id=delivery.person_id)
    if data is None:
        return None
    titles = ("team-summary", f"Your team's ramp {data.week}", "Team table")
    return digest_thread(data, delivery.resent, titles)
