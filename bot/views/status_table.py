"""Ramp status as a terminal table (rich), for `rampcoach status`."""

from collections.abc import Iterable, Mapping

from rich.table import Column, Table

from bot.views.text import status_words
from coaching.status import RampStatus


def percent(value: float | None) -> str:
    """Return a share as a whole percentage, or a dash when there is no data."""
    return "—" if value is None else f"{value:.0%}"


def status_table(statuses: Iterable[RampStatus], names: Mapping[str, str] | None = None) -> Table:
    """Return one row per rep (by name where `names` has it): day, week, attainment, status, trend,
    projection, stall, missing weeks."""
    table = Table(
        Column("rep", no_wrap=True),  # a name broken over two lines reads as two people
        "day",
        "week",
        "attainment",
        "status",
        "trend",
        "projection",
        "stall",
        "missing weeks",
    )
    for s in statuses:
        table.add_row(
            (names or {}).get(s.rep_id, s.rep_id),
            str(s.day),
            f"{s.week}/{s.total_weeks}",
            percent(s.attainment),
            status_words(s.status.value, [(m.label, m.blank_weeks) for m in s.blank_metrics]),
            " ".join(percent(t) for t in s.trend),
            percent(s.projection),
            s.stall or "",
            str(len(s.missing_weeks)),
        )
    table.caption = PROJECTION_NOTE
    return table


# One short line on what the projection assumes, under the table.
PROJECTION_NOTE = (
    "ends ~: what is logged so far, plus the plan's targets for the weeks left at each rep's pace "
    "of the last 3 weeks; weeks and metrics not logged are left out"
)
