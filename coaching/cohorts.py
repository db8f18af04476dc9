"""Hire classes compared: reps grouped by the month they started (and by segment), at the same ramp week.

Is onboarding getting better? Compare the September starters with the June ones at the week both have
reached: their median attainment, the share on track, and the funnel stage where most of them stall.
Attainment at week W is the rep's cumulative share of the end-of-ramp targets over the plan's at W, the
same curves the digest chart draws, so the numbers and the chart agree.
"""

import datetime as dt
import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass


def hire_class(start: dt.date) -> str:
    """Return a ramp's hire class: the month it started, YYYY-MM."""
    return f"{start:%Y-%m}"


@dataclass(frozen=True)
class ClassMember:
    """One rep as a hire class sees them: their curve against their plan's, and where they stall now."""

    rep_id: str
    start: dt.date
    curve: Sequence[float]  # cumulative share after 0..complete weeks
    plan: Sequence[float]  # the plan's cumulative share after 0..N weeks
    on_track: float  # the plan's on-track threshold, as a share of plan
    segment: str | None = None
    stall: str | None = None

    def attainment(self, week: int) -> float | None:
        """Return the rep's share of plan after `week` complete weeks (None: not there yet, or no target)."""
        if week >= len(self.curve) or week >= len(self.plan) or not self.plan[week]:
            return None
        return self.curve[week] / self.plan[week]


@dataclass(frozen=True)
class ClassSummary:
    hire_class: str  # YYYY-MM
    segment: str | None
    reps: int
    median_attainment: float | None  # at the compared week
    share_on_track: float | None
    stall: str | None  # the stage the class most often stalls at now (None: nobody stalls)
    median_curve: tuple[float, ...]  # the class's median cumulative share by week (0..), for the chart

    @property
    def label(self) -> str:
        month = dt.date.fromisoformat(self.hire_class + "-01")
        return f"{month:%b %Y}" + (f" · {self.segment}" if self.segment else "")


@dataclass(frozen=True)
class ClassComparison:
    week: int  # the ramp week every class has reached (0: none has a complete week)
    classes: tuple[ClassSummary, ...]  # oldest class first


def compare_classes(members: Sequence[ClassMember], *, by_segment: bool = False) -> ClassComparison:
    """Return the hire classes compared at the latest ramp week that every class has reached."""
    groups: dict[tuple[str, str | None], list[ClassMember]] = defaultdict(list)
    for m in members:
        groups[(hire_class(m.start), m.segment if by_segment else None)].append(m)
    reached = [max(len(m.curve) - 1 for m in group) for group in groups.values()]
    week = min(reached, default=0)
    classes = tuple(_summary(key, group, week) for key, group in sorted(groups.items(), key=_order))
    return ClassComparison(week, classes)


def _order(item: tuple[tuple[str, str | None], list[ClassMember]]) -> tuple[str, str]:
    (month, segment), _ = item
    return month, segment or ""


def _summary(key: tuple[str, str | None], group: list[ClassMember], week: int) -> ClassSummary:
    at_week = [(m, a) for m in group if (a := m.attainment(week)) is not None] if week else []
    longest = max(len(m.curve) for m in group)
    curve = tuple(statistics.median(m.curve[w] for m in group if w < len(m.curve)) for w in range(longest))
    common = Counter(m.stall for m in group if m.stall).most_common(1)
    return ClassSummary(
        key[0],
        key[1],
        len(group),
        statistics.median(a for _, a in at_week) if at_week else None,
        sum(a >= m.on_track for m, a in at_week) / len(at_week) if at_week else None,
        common[0][0] if common else None,
        curve,
    )
