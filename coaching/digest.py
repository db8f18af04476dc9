"""A leader's weekly digest as data: the cohort's state, what changed, who needs help and why.

Pure: the service gathers statuses (today and a week ago), review lines and messaging rates; the view
renders the result. Every section that has no data says so instead of vanishing.
"""

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from coaching.response_stats import ResponseRate
from coaching.review_form import is_drive_by
from coaching.status import MilestoneState, RampStatus, Status

DEFAULT_ECOSYSTEM_SHARE = 0.5
VERY_LATE_DAYS = 5  # a review this late is named in the digest
MIN_APPROACH_TOUCHES = 10  # fewer touches than this say nothing about an approach
TOP_APPROACHES = 5
COUNTED = (Status.ON_TRACK, Status.AT_RISK, Status.BEHIND)


@dataclass(frozen=True)
class RepInput:
    rep_id: str
    name: str
    manager: str  # the manager's name ("—" when none)
    now: RampStatus
    last_week: RampStatus | None  # None: not enrolled a week ago


@dataclass(frozen=True)
class OpenReviewLine:
    manager: str
    rep: str
    days_late: int  # negative: due later this week


@dataclass(frozen=True)
class DoneReviewLine:
    manager: str
    rep: str
    days_ago: int
    thin: tuple[str, ...]  # drive-by signs


@dataclass(frozen=True)
class Headline:
    ramping: int
    counts: dict[str, int]  # status value -> reps now, for on track, at risk, behind, no data
    change: dict[str, int]  # status value -> difference with last week
    moved: list[tuple[str, str, str]]  # (rep, from, to) for reps whose status changed


@dataclass(frozen=True)
class Row:
    rep_id: str
    name: str
    manager: str
    day: int
    attainment: float | None
    status: str
    trend: list[float | None]
    projection: float | None
    blanks: tuple[tuple[str, int], ...] = ()  # (metric label, logged weeks it was left blank)


@dataclass(frozen=True)
class AtRisk:
    name: str
    manager: str
    status: str
    reason: str


@dataclass(frozen=True)
class MilestoneEvent:
    name: str
    label: str
    day: int


@dataclass(frozen=True)
class ManagerReviews:
    manager: str
    done: int  # in the last 7 days
    due: int  # open, due today or later this week
    overdue: int
    very_late: list[tuple[str, int]]  # (rep, days late) at VERY_LATE_DAYS or more
    drive_by: bool
    signs: list[str]  # the thin signs of their recent reviews


@dataclass(frozen=True)
class Signal:
    kind: str  # "stage" or "milestone"
    name: str
    count: int
    of: int


@dataclass(frozen=True)
class Approach:
    arm: str
    responses: int
    touches: int
    rate: float
    low: float
    high: float


@dataclass(frozen=True)
class Digest:
    headline: Headline
    rows: list[Row]
    at_risk: list[AtRisk]
    hit: list[MilestoneEvent]
    missed: list[MilestoneEvent]
    reviews: list[ManagerReviews]
    signals: list[Signal]
    share: float  # the ecosystem threshold used
    approaches: list[Approach]
    touches: int  # team touches counted; 0 means the messaging section has no data


def build_digest(
    reps: Sequence[RepInput],
    open_reviews: Sequence[OpenReviewLine] = (),
    done_reviews: Sequence[DoneReviewLine] = (),
    rates: Sequence[ResponseRate] = (),
    touches: int = 0,
    share: float = DEFAULT_ECOSYSTEM_SHARE,
) -> Digest:
    """Return the digest of these reps; `rates` are team-wide approach rates from `touches` touches."""
    ramping = [r for r in reps if is_ramping(r.now)]
    return Digest(
        headline=headline(ramping),
        rows=[_row(r) for r in sorted(reps, key=lambda r: (r.manager, r.name))],
        at_risk=[
            AtRisk(r.name, r.manager, r.now.status.value, reason(r.now))
            for r in ramping
            if r.now.status in (Status.AT_RISK, Status.BEHIND)
        ],
        hit=_milestone_events(ramping, MilestoneState.HIT),
        missed=_milestone_events(ramping, MilestoneState.MISSED),
        reviews=review_summary(open_reviews, done_reviews),
        signals=ecosystem_signals([r.now for r in ramping], share),
        share=share,
        approaches=winning_approaches(rates),
        touches=touches,
    )


def is_ramping(status: RampStatus) -> bool:
    """Return whether the rep has started and still has plan weeks left."""
    return status.status is not Status.NOT_STARTED and status.complete_weeks < status.total_weeks


def headline(ramping: Sequence[RepInput]) -> Headline:
    now = Counter(_bucket(r.now) for r in ramping)
    before = Counter(_bucket(r.last_week) for r in ramping if r.last_week and is_ramping(r.last_week))
    keys = [s.value for s in COUNTED] + [Status.NO_DATA.value]
    moved = [
        (r.name, _bucket(r.last_week), _bucket(r.now))
        for r in ramping
        if r.last_week and is_ramping(r.last_week) and _bucket(r.last_week) != _bucket(r.now)
    ]
    return Headline(
        len(ramping), {k: now[k] for k in keys}, {k: now[k] - before[k] for k in keys}, sorted(moved)
    )


def _bucket(status: RampStatus | None) -> str:
    if status is None or status.status not in COUNTED:
        return Status.NO_DATA.value
    return status.status.value


def _row(rep: RepInput) -> Row:
    s = rep.now
    blanks = tuple((m.label, m.blank_weeks) for m in s.blank_metrics)
    return Row(
        rep.rep_id, rep.name, rep.manager, s.day, s.attainment, s.status.value, s.trend, s.projection, blanks
    )


def reason(status: RampStatus) -> str:
    """Return one line on why a rep is behind: the weakest metric, missed milestones, the stall stage."""
    parts = []
    scored = [(m.attainment, m.label) for m in status.metrics if m.attainment is not None]
    if scored:
        worst, label = min(scored)
        parts.append(f"{label} at {worst:.0%} of target")
    missed = [m for m in status.milestones if m.state is MilestoneState.MISSED]
    if missed:
        parts.append(f"missed {missed[-1].label} (day {missed[-1].day})")
    if status.stall:
        parts.append(f"stalls at {status.stall}")
    return "; ".join(parts) or "no logged numbers to explain it"


def _milestone_events(ramping: Sequence[RepInput], state: MilestoneState) -> list[MilestoneEvent]:
    """Return the milestones that reached `state` since last week."""
    found = []
    for rep in ramping:
        before = {(m.day, m.label): m.state for m in (rep.last_week.milestones if rep.last_week else [])}
        for m in rep.now.milestones:
            if m.state is state and before.get((m.day, m.label)) is not state:
                found.append(MilestoneEvent(rep.name, m.label, m.day))
    return sorted(found, key=lambda e: (e.day, e.name))


def ecosystem_signals(statuses: Sequence[RampStatus], share: float) -> list[Signal]:
    """Return the funnel stages and milestones where at least `share` of the reps they apply to are stuck.

    When most of a cohort stalls at one stage, the cause is rarely each rep: it is the process, the
    enablement or the leads. Two reps at least, so one rep is never called a pattern.
    """
    signals = []
    stalls = Counter(s.stall for s in statuses if s.stall)
    for stage, count in stalls.most_common():
        if len(statuses) >= 2 and count >= 2 and count / len(statuses) >= share:
            signals.append(Signal("stage", stage, count, len(statuses)))
    due: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    for status in statuses:
        for m in status.milestones:
            if m.state in (MilestoneState.HIT, MilestoneState.MISSED):
                due[m.label] += 1
                missed[m.label] += m.state is MilestoneState.MISSED
    for label, count in missed.most_common():
        if count >= 2 and count / due[label] >= share:
            signals.append(Signal("milestone", label, count, due[label]))
    return signals


def review_summary(
    open_reviews: Sequence[OpenReviewLine], done_reviews: Sequence[DoneReviewLine]
) -> list[ManagerReviews]:
    """Return, per manager, reviews done this week, due and overdue, and their drive-by signs."""
    opened: Mapping[str, list[OpenReviewLine]] = _by_manager(open_reviews)
    done: Mapping[str, list[DoneReviewLine]] = _by_manager(done_reviews)
    lines = []
    for manager in sorted({*opened, *done}):
        mine = opened.get(manager, [])
        recent = sorted(done.get(manager, []), key=lambda d: d.days_ago)  # newest first
        late = sorted(((o.rep, o.days_late) for o in mine if o.days_late >= VERY_LATE_DAYS), key=_late)
        lines.append(
            ManagerReviews(
                manager=manager,
                done=sum(d.days_ago < 7 for d in recent),
                due=sum(o.days_late <= 0 for o in mine),
                overdue=sum(o.days_late > 0 for o in mine),
                very_late=late,
                drive_by=is_drive_by([d.thin for d in recent]),
                signs=sorted({sign for d in recent[:3] for sign in d.thin}),
            )
        )
    return lines


T = TypeVar("T", "OpenReviewLine", "DoneReviewLine")


def _late(item: tuple[str, int]) -> tuple[int, str]:
    return -item[1], item[0]


def _by_manager(lines: Sequence[T]) -> dict[str, list[T]]:
    grouped: dict[str, list[T]] = defaultdict(list)
    for line in lines:
        grouped[line.manager].append(line)
    return grouped


def winning_approaches(rates: Sequence[ResponseRate]) -> list[Approach]:
    """Return the team's best approaches, ranked by the low end of their 95% interval so that a small
    lucky sample does not outrank a large steady one."""
    team = [r for r in rates if r.rep is None and r.touches >= MIN_APPROACH_TOUCHES]
    ranked = sorted(team, key=lambda r: (-r.low, -r.touches, r.arm))[:TOP_APPROACHES]
    return [Approach(r.arm, r.responses, r.touches, r.rate, r.low, r.high) for r in ranked]
