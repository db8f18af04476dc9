"""The leader digest: Monday 08:00 in the leader's zone, with its chart (and CSV table) in the thread."""

from bot.delivery.sender import Thread, Upload
from bot.deps import Deps
from bot.services.digest import digest_dues, leader_digest
from bot.views.digest import digest_messages, is_split, table_csv
from bot.views.digest_chart import chart_png
from coaching.cadence import Schedules
from coaching.delivery import Delivery, Due, Kind

KIND = Kind.DIGEST


def due(deps: Deps, schedules: Schedules, /) -> list[Due]:
    return digest_dues(deps, schedules.holidays)


def render(deps: Deps, delivery: Delivery, /) -> Thread | None:
    """Render the leader's digest now; None when there is nobody to show."""
    data = leader_digest(deps, team_id=delivery.team_id, leader_id=delivery.person_id)
    if data is None:
        return None
    messages = digest_messages(data, resent=delivery.resent)
    uploads = []
    png = chart_png(data)
    if png is not None:
        uploads.append(Upload(f"ramp-digest-{data.week}.png", png, f"Ramp progress {data.week}"))
    if is_split(messages):
        uploads.append(Upload(f"ramp-digest-{data.week}.csv", table_csv(data.digest), "Cohort table"))
    return Thread(messages, uploads, channel=deps.tuning.digest_channel)
