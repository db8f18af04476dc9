"""The leader digest: Monday 08:00 in the leader's zone, with its chart (and CSV table) in the thread."""

from bot.delivery.sender import Thread, Upload
from bot.deps import Deps
from bot.services.digest import DigestData, digest_dues, leader_digest
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
    titles = ("ramp-digest", f"Ramp progress {data.week}", "Cohort table")
    return digest_thread(data, delivery.resent, titles, channel=deps.tuning.digest_channel)


def digest_thread(
    data: DigestData, resent: bool, titles: tuple[str, str, str], *, channel: str | None = None
) -> Thread:
    """Return a digest's messages with its chart (and, when split, its CSV table) in the thread;
    `titles`: the files' name prefix, the chart's title and the table's title."""
    messages = digest_messages(data, resent=resent)
    prefix, chart_title, table_title = titles
    uploads = []
    png = chart_png(data)
    if png is not None:
        uploads.append(Upload(f"{prefix}-{data.week}.png", png, chart_title))
    if is_split(messages):
        uploads.append(Upload(f"{prefix}-{data.week}.csv", table_csv(data.digest), table_title))
    return Thread(messages, uploads, channel=channel)
