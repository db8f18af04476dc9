"""Ramp status as a terminal table (rich), for `rampcoach status`."""

from collections.abc import Iterable

from rich.table import Table

from coaching.status import RampStatus


def percent(value: float | None) -> str:
    """Return a share as a whole percentage, or a dash when there is no data."""
    return "—" if value is None else f"{value:.0%}"


def status_table(statuses: Iterable[RampStatus]) -> Table:
    """Return one row per rep: day, week, attainment, status, trend, projection, stall, missing weeks."""
    table = Table(
        "rep", "day", "week", "attainment", "status", "trend", "projection", "stall", "missing weeks"
    )
    for s in statuses:
        trend = " ".join(percent(t) for t in s.trend)
        table.add_row(
            s.rep_id,
            str(s.day),
            f"{s.week}/{s.total_weeks}",
            percent(s.attainment),
            s.status.value,
            trend,
            percent(s.projection),
            s.stall or "",
            str(len(s.missing_weeks)),
        )
    return table
