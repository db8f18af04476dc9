"""The 1:1 agenda: what a manager should raise with one rep this week, picked from the rep's own data.

Pure: the caller passes the rep's ramp status, open action items, latest nudge (with its adoption) and
last logged note; this module picks the few facts worth the meeting's time, in a fixed order.
"""

import datetime as dt
from dataclasses import dataclass

from coaching.nudge_adoption import Adoption
from coaching.nudges import InsightRef
from coaching.review_form import ActionItem
from coaching.status import MetricProgress, MilestoneProgress, MilestoneState, RampStatus

MILESTONES_AHEAD_DAYS = 21  # milestones due within three weeks are worth preparing for


@dataclass(frozen=True)
class NudgeFollowUp:
    """The rep's latest nudge and whether they took it up (None: too few touches since to tell)."""

    week: str
    ref: InsightRef
    adopted: bool | None
    lift: float | None


@dataclass(frozen=True)
class Agenda:
    overdue: tuple[ActionItem, ...]
    open: tuple[ActionItem, ...]  # not yet due
    weakest: MetricProgress | None  # the metric furthest behind plan
    stall: str | None  # the funnel stage where the rep stalls
    nudge: NudgeFollowUp | None
    milestones: tuple[MilestoneProgress, ...]  # still to come, soonest first
    last_note: str | None

    @property
    def empty(self) -> bool:
        return not (self.overdue or self.open or self.weakest or self.stall or self.nudge or self.milestones)


def weakest_metric(status: RampStatus) -> MetricProgress | None:
    """Return the metric with the lowest attainment below plan; None when every metric is on plan."""
    behind = [m for m in status.metrics if m.attainment is not None and m.attainment < 1]
    return min(behind, key=lambda m: (m.attainment or 0.0, m.key), default=None)


def nudge_follow_up(week: str, ref: InsightRef, measured: Adoption | None) -> NudgeFollowUp:
    """Return the nudge with whether the rep now uses the better approach more than before."""
    change = measured.share_change if measured else None
    return NudgeFollowUp(
        week, ref, None if change is None else change > 0, measured.lift if measured else None
    )


def one_on_one_agenda(
    status: RampStatus | None,
    actions: list[ActionItem],
    today: dt.date,
    *,
    nudge: NudgeFollowUp | None = None,
    last_note: str | None = None,
) -> Agenda:
    """Return the agenda for a 1:1 with the rep on `today` (in the manager's zone)."""
    ahead: tuple[MilestoneProgress, ...] = ()
    if status is not None:
        horizon = status.day + MILESTONES_AHEAD_DAYS
        ahead = tuple(
            m for m in status.milestones if m.state is MilestoneState.DUE and status.day <= m.day <= horizon
        )
    items = sorted(actions, key=lambda a: a.due)
    return Agenda(
        overdue=tuple(a for a in items if a.due < today),
        open=tuple(a for a in items if a.due >= today),
        weakest=weakest_metric(status) if status else None,
        stall=status.stall if status else None,
        nudge=nudge,
        milestones=tuple(sorted(ahead, key=lambda m: m.day)),
        last_note=last_note.strip() if last_note and last_note.strip() else None,
    )
