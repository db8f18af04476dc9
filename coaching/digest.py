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
    plan: str = ""  # the name of the rep's plan: the ecosystem signal compares reps on one plan


@dataclass(frozen=True)
class OpenReviewLine:
    """One open review slot; a rep may have several."""

    manager: str
    rep: str
    days_late: int  # negative: due later this week
    rep_id: str = ""  # tells apart two reps with one name ("": the name is the key)


@dataclass(frozen=True)
class DoneReviewLine:
    manager: str
    rep: str
    days_ago: int
    thin: tuple[str, ...]  # drive-by signs
    rep_id: str = ""


@dataclass(frozen=True)
class LateRep:
    """A rep whose oldest open review is very late: one line however many reviews they missed."""

    rep: str
    missed: int  # open reviews past their due day
    days_late: int  # of the oldest
    since_last: int | None  # days since their last review; None: never reviewed


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
class RiskReason:
    """Why a rep is behind: the weakest metric (label, attainment), the last missed milestone (label, day)
    and the stall stage; all None when no numbers were logged. bot/views/digest.py words it."""

    weakest: tuple[str, float] | None
    missed: tuple[str, int] | None
    stall: str | None


@dataclass(frozen=True)
class AtRisk:
    name: str
    manager: str
    status: str
    reason: RiskReason


@dataclass(frozen=True)
class MilestoneEvent:
    name: str
    label: str
    day: int


@dataclass(frozen=True)
class ManagerReviews:
    manager: str
    done: int  # reviews in the last 7 days
    due: int  # reps with a review due today or later this week, and none overdue
    overdue: int  # reps with at least one overdue review
    very_late: list[LateRep]  # reps whose oldest open review is VERY_LATE_DAYS late or more
    drive_by: bool
    signs: list[str]  # the thin signs of their recent reviews


@dataclass(frozen=True)
class Signal:
    kind: str  # "stage" or "milestone"
    name: str
    count: int
    of: int
    plan: str = ""  # the plan whose reps these are


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
        signals=plan_signals(ramping, share),
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


def reason(status: RampStatus) -> RiskReason:
    """Return why a rep is behind: the weakest metric, the last missed milestone, the stall stage."""
    scored = [(m.attainment, m.label) for m in status.metrics if m.attainment is not None]
    worst = min(scored) if scored else None
    missed = [m for m in status.milestones if m.state is MilestoneState.MISSED]
    return RiskReason(
        (worst[1], worst[0]) if worst else None,
        (missed[-1].label, missed[-1].day) if missed else None,
        status.stall or None,
    )


def _milestone_events(ramping: Sequence[RepInput], state: MilestoneState) -> list[MilestoneEvent]:
    """Return the milestones that reached `state` since last week."""
    found = []
    for rep in ramping:
        before = {(m.day, m.label): m.state for m in (rep.last_week.milestones if rep.last_week else [])}
        for m in rep.now.milestones:
            if m.state is state and before.get((m.day, m.label)) is not state:
                found.append(MilestoneEvent(rep.name, m.label, m.day))
    return sorted(found, key=lambda e: (e.day, e.name))


def plan_signals(ramping: Sequence[RepInput], share: float) -> list[Signal]:
    """Return the ecosystem signals of each plan's reps, plan by plan.

    Plans have their own funnels and targets: pooled, 2 of 3 SDRs stalling at one stage are 2 of 6 reps
    next to three AEs, and the pattern vanishes (issue 13, defect 8).
    """
    plans: dict[str, list[RampStatus]] = defaultdict(list)
    for rep in ramping:
        plans[rep.plan].append(rep.now)
    return [signal for plan in sorted(plans) for signal in ecosystem_signals(plans[plan], share, plan)]


def ecosystem_signals(statuses: Sequence[RampStatus], share: float, plan: str = "") -> list[Signal]:
    """Return the funnel stages and milestones where at least `share` of the reps they apply to are stuck.

    When most of a cohort stalls at one stage, the cause is rarely each rep: it is the process, the
    enablement or the leads. Two reps at least, so one rep is never called a pattern. The statuses should
    be of reps on one plan, named `plan`.
    """
    signals = []
    stalls = Counter(s.stall for s in statuses if s.stall)
    for stage, count in stalls.most_common():
        if len(statuses) >= 2 and count >= 2 and count / len(statuses) >= share:
            signals.append(Signal("stage", stage, count, len(statuses), plan))
    due: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    for status in statuses:
        for m in status.milestones:
            if m.state in (MilestoneState.HIT, MilestoneState.MISSED):
                due[m.label] += 1
                missed[m.label] += m.state is MilestoneState.MISSED
    for label, count in missed.most_common():
        if count >= 2 and count / due[label] >= share:
            signals.append(Signal("milestone", label, count, due[label], plan))
    return signals


def review_summary(
    open_reviews: Sequence[OpenReviewLine], done_reviews: Sequence[DoneReviewLine]
) -> list[ManagerReviews]:
    """Return, per manager, reviews done this week, and reps with reviews due and overdue.

    Reps, not slots: a rep who joined late or was not reviewed for months is one line with a count, since
    one review catches up on all of them.
    """
    opened: Mapping[str, list[OpenReviewLine]] = _by_manager(open_reviews)
    done: Mapping[str, list[DoneReviewLine]] = _by_manager(done_reviews)
    last = _last_review(done_reviews)
    lines = []
    for manager in sorted({*opened, *done}):
        reps = _by_rep(opened.get(manager, []))
        recent = sorted(done.get(manager, []), key=lambda d: d.days_ago)  # newest first
        overdue = {key: slots for key, slots in reps.items() if slots[0].days_late > 0}
        late = [
            LateRep(
                slots[0].rep, len([s for s in slots if s.days_late > 0]), slots[0].days_late, last.get(key)
            )
            for key, slots in overdue.items()
            if slots[0].days_late >= VERY_LATE_DAYS
        ]
        lines.append(
            ManagerReviews(
                manager=manager,
                done=sum(d.days_ago < 7 for d in recent),
                due=len(reps) - len(overdue),
                overdue=len(overdue),
                very_late=sorted(late, key=lambda r: (-r.days_late, r.rep)),
                drive_by=is_drive_by([d.thin for d in recent]),
                signs=sorted({sign for d in recent[:3] for sign in d.thin}),
            )
        )
    return lines


T = TypeVar("T", "OpenReviewLine", "DoneReviewLine")


def _by_rep(lines: Sequence[OpenReviewLine]) -> dict[str, list[OpenReviewLine]]:
    """Return each rep's open slots, the most overdue first."""
    grouped: dict[str, list[OpenReviewLine]] = defaultdict(list)
    for line in sorted(lines, key=lambda o: -o.days_late):
        grouped[line.rep_id or line.rep].append(line)
    return grouped


def _last_review(done: Sequence[DoneReviewLine]) -> dict[str, int]:
    """Return the days since each rep's latest review, whoever wrote it."""
    last: dict[str, int] = {}
    for d in done:
        key = d.rep_id or d.rep
        last[key] = min(d.days_ago, last.get(key, d.days_ago))
    return last


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
