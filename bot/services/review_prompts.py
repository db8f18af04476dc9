"""Which reviews are due, for the scheduler (prompts and overdue reminders) and for `rampcoach reviews`."""

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.deps import DEFAULT_TZ, Deps
from bot.services.access import reporting_line
from bot.services.leave import away_now
from bot.services.status import rep_statuses
from coaching.cadence import Schedules
from coaching.delivery import Due
from coaching.leave import LeavePeriod
from coaching.policy import Action, can
from coaching.review_form import thin_signs
from coaching.review_schedule import (
    OVERDUE_AFTER,
    Joined,
    Reviewee,
    Slot,
    due_review_messages,
    open_slots,
)
from coaching.status import RampStatus
from storage.db import session_scope
from storage.repo import leave, people, plans, reviews
from storage.repo.plans import ReviewSubject


@dataclass(frozen=True)
class DueReview:
    """One open review slot of a rep, with the numbers a prompt shows."""

    rep_id: str
    rep_name: str
    manager_id: str
    slot: Slot
    days_late: int
    status: RampStatus | None = None


@dataclass(frozen=True)
class DoneReview:
    rep_id: str
    rep_name: str
    author_id: str
    submitted: dt.datetime
    slot: dt.date | None
    assessment: str
    thin: list[str]  # drive-by signs, for the leader digest


@dataclass(frozen=True)
class ReviewOverview:
    today: dt.date
    open: list[DueReview]  # overdue, due today, and due within the look-ahead
    done: list[DoneReview]


def review_overview(
    deps: Deps, *, team_id: str, manager_id: str | None, ahead: dt.timedelta
) -> ReviewOverview:
    """Return the open review slots due by `ahead` from today and the reviews done (`rampcoach reviews`)."""
    today = deps.clock().date()
    due = open_reviews(deps, team_id=team_id, manager_id=manager_id, until=today + ahead)
    return ReviewOverview(today, due, done_reviews(deps, team_id=team_id, manager_id=manager_id))


def review_dues(deps: Deps, schedules: Schedules) -> list[Due]:
    """Return the review prompts and overdue reminders due now, across workspaces."""
    with session_scope(deps.engine) as session:
        subjects = plans.review_subjects(session)
        moved = reviews.moved_slots(session)
        done = reviews.done_slots(session)
        away_periods = leave.by_rep(session)
    # Prompts about a rep on leave wait: the ramp clock stops, so their slots move after the leave.
    away = away_now(deps, [(s.team_id, s.enrollment.rep_id) for s in subjects], deps.clock())
    here = [s for s in subjects if s.manager_id and (s.team_id, s.enrollment.rep_id) not in away]
    return due_review_messages(
        [reviewee(deps, s, away_periods.get((s.team_id, s.enrollment.rep_id), ())) for s in here],
        moved,
        done,
        deps.clock(),
        schedules.holidays,
    )


def due_for_manager(
    deps: Deps, *, team_id: str, manager_id: str, day: dt.date, overdue: bool
) -> list[DueReview]:
    """Return the manager's reviews due on `day`, or for a reminder each rep whose oldest open review is at
    least two days late by then (one line per rep: a single review catches up on all of them)."""
    open_now = _reviewable(
        deps, team_id, manager_id, open_reviews(deps, team_id=team_id, manager_id=manager_id, until=day)
    )
    away = away_now(deps, [(team_id, d.rep_id) for d in open_now], deps.clock())
    open_now = [d for d in open_now if (team_id, d.rep_id) not in away]  # they wait until the rep is back
    if not overdue:
        return _with_status(deps, team_id, [d for d in open_now if d.slot.due == day])
    oldest: dict[str, DueReview] = {}
    for item in open_now:  # sorted by due date: the first of a rep is their oldest
        oldest.setdefault(item.rep_id, item)
    late = [d for d in oldest.values() if d.days_late >= OVERDUE_AFTER[0]]
    return _with_status(deps, team_id, late)


def _reviewable(deps: Deps, team_id: str, manager_id: str, due: list[DueReview]) -> list[DueReview]:
    """Keep the reviews the manager may write now, by the table (asked at send time: lines change)."""
    with session_scope(deps.engine) as session:
        manager = people.get_member(session, team_id=team_id, slack_id=manager_id)
        line = reporting_line(session, team_id)
        return [d for d in due if manager and can(manager, Action.REVIEW, d.rep_id, line)]


def open_reviews(deps: Deps, *, team_id: str, manager_id: str | None, until: dt.date) -> list[DueReview]:
    """Return every open review slot due by `until` in a workspace (or of one manager's reps)."""
    with session_scope(deps.engine) as session:
        subjects = [
            s for s in plans.review_subjects(session, team_id=team_id) if manager_id in (None, s.manager_id)
        ]
        moved = reviews.moved_slots(session, team_id=team_id)
        done = reviews.done_slots(session, team_id=team_id)
        away_periods = leave.by_rep(session, team_id=team_id)
        names = _names(session, team_id, [s.enrollment.rep_id for s in subjects])
    found = []
    for subject in subjects:
        key = (team_id, subject.enrollment.rep_id)
        slots = open_slots(
            reviewee(deps, subject, away_periods.get(key, ())),
            until,
            moved.get(key, {}),
            done.get(key, set()),
            deps.tuning.holidays,
        )
        for slot in slots:
            rep = subject.enrollment.rep_id
            late = (until - slot.due).days
            found.append(DueReview(rep, names.get(rep, rep), subject.manager_id or "", slot, late))
    return sorted(found, key=lambda d: (d.slot.due, d.rep_name))


def done_reviews(deps: Deps, *, team_id: str, manager_id: str | None) -> list[DoneReview]:
    """Return the reviews submitted in a workspace (or by one manager), newest first."""
    with session_scope(deps.engine) as session:
        stored = reviews.reviews(session, team_id=team_id, author_id=manager_id)
        names = _names(session, team_id, {r.rep_id for r in stored})
    return [
        DoneReview(
            r.rep_id,
            names.get(r.rep_id, r.rep_id),
            r.author_id,
            r.submitted_at,
            r.slot,
            r.review.assessment.value,
            [sign.value for sign in thin_signs(r.review.evidence, r.review.ratings, r.seconds)],
        )
        for r in stored
    ]


def _with_status(deps: Deps, team_id: str, due: list[DueReview]) -> list[DueReview]:
    if not due:
        return []
    with session_scope(deps.engine) as session:
        enrolled = plans.team_enrollments(session, team_id=team_id, rep_ids=[d.rep_id for d in due])
        statuses = rep_statuses(
            session, team_id=team_id, enrolled=enrolled, now=deps.clock(), holidays=deps.tuning.holidays
        )
    return [
        DueReview(d.rep_id, d.rep_name, d.manager_id, d.slot, d.days_late, statuses.get(d.rep_id))
        for d in due
    ]


def _names(session: Session, team_id: str, rep_ids: Collection[str]) -> dict[str, str]:
    return {m.slack_id: m.name for m in people.members(session, team_id=team_id, slack_ids=rep_ids)}


def reviewee(deps: Deps, subject: ReviewSubject, away: tuple[LeavePeriod, ...] = ()) -> Reviewee:
    """Return what a rep's review slots are computed from; the day they joined is in their manager's zone.

    `away` is the rep's leave, which moves their slots later by its working days.
    """
    tz = subject.manager_tz or DEFAULT_TZ
    return Reviewee(
        subject.team_id,
        subject.enrollment.rep_id,
        subject.manager_id or "",
        tz,
        subject.enrollment.start,
        subject.plan.length_days,
        subject.plan.reviews,
        Joined(subject.enrolled_at.astimezone(ZoneInfo(tz)).date(), deps.tuning.first_review_days),
        away,
    )
