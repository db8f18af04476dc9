"""Milestones a manager confirms: what their Confirm and Not yet clicks make of a `confirm` milestone.

Confirming counts as hit. "Not yet" counts as missed once the due day is past, and a later confirmation
still counts, recorded as late.
"""

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from coaching.plans import RampPlan
from coaching.status import MilestoneProgress, MilestoneState, RampStatus


class Mark(StrEnum):
    CONFIRMED = "confirmed"
    NOT_YET = "not yet"


@dataclass(frozen=True)
class MilestoneMark:
    # A milestone is named by its label: an extension moves the day-90 ones, and their marks with them.
    label: str
    mark: Mark
    by: str
    at: dt.datetime
    ramp_day: int  # the rep's ramp day when it was clicked


def milestone_state(
    label: str, day: int, marks: Sequence[MilestoneMark], today_day: int
) -> tuple[MilestoneState, bool]:
    """Return a confirm milestone's state on ramp day `today_day`, and whether it was confirmed late.

    `marks` are oldest first: clicks within one instant keep the order they were stored in."""
    mine = [m for m in marks if m.label == label]  # oldest first, as stored
    first = next((n for n, m in enumerate(mine) if m.mark is Mark.CONFIRMED), None)
    refused = [m for m in mine if m.mark is Mark.NOT_YET]
    if first is not None:
        # Late: a "not yet" came first, and the confirmation after the milestone's day.
        late = any(m.mark is Mark.NOT_YET for m in mine[:first]) and mine[first].ramp_day > day
        return MilestoneState.HIT, late
    if refused and today_day > day:
        return MilestoneState.MISSED, False
    return (MilestoneState.AWAITING_CONFIRMATION if today_day >= day else MilestoneState.DUE), False


def with_marks(plan: RampPlan, status: RampStatus, marks: Sequence[MilestoneMark]) -> RampStatus:
    """Return the status with each `confirm` milestone settled by the manager's marks."""
    kinds = {(m.day, m.label): m.kind for m in plan.milestones}
    settled = []
    for progress in status.milestones:
        if kinds.get((progress.day, progress.label)) == "confirm":
            state, late = milestone_state(progress.label, progress.day, marks, status.day)
            progress = dataclasses.replace(progress, state=state, late=late)
        settled.append(progress)
    return dataclasses.replace(status, milestones=settled)


def to_confirm(plan: RampPlan, status: RampStatus) -> list[MilestoneProgress]:
    """Return the `confirm` milestones due or overdue and not yet confirmed: what gets the buttons."""
    confirm = {m.label for m in plan.milestones if m.kind == "confirm"}
    return [
        m
        for m in status.milestones
        if m.label in confirm and m.state is not MilestoneState.HIT and status.day >= m.day
    ]
