"""A manager's cockpit: one rep's page, the 1:1 agenda, past reviews, and the "Remind" button.

Every function asks the permission table on the server: a button names a rep, never a right.
"""

import datetime as dt
from collections.abc import Collection, Hashable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.deps import DEFAULT_TZ, Deps
from bot.services.access import member, reporting_line, require
from bot.services.checkins import period_monday
from bot.services.errors import NotAllowed, NotEnrolled
from bot.services.review_prompts import reviewee
from bot.services.status import EarlierPlan, earlier_plans, rep_clock, rep_statuses
from coaching.activity import WeekLog, WeekSummary, week_summary
from coaching.agenda import Agenda, NudgeFollowUp, nudge_follow_up, one_on_one_agenda
from coaching.delivery import Due, Kind
from coaching.nudge_adoption import WINDOW_WEEKS, adoption
from coaching.policy import Action, can
from coaching.response_stats import by_approach, by_template
from coaching.review_schedule import Slot, open_slots
from coaching.status import RampStatus
from coaching.team import Member
from coaching.templates import TemplateRegistry
from coaching.weeks import week_start
from storage.db import session_scope
from storage.repo import activity, deliveries, leave, nudges, plans, reviews
from storage.repo.plans import ReviewSubject
from storage.repo.reviews import StoredReview
from storage.repo.touches import team_touches

REVIEWS_SHOWN = 3
# A Remind DM is posted by the listener at once; the ledger row waits this long before the sender would
# send it, so it goes out only if the listener died before posting (no double reminder).
REMIND_FALLBACK = dt.timedelta(minutes=5)


@dataclass(frozen=True)
class RepPage:
    """What a manager sees on one rep's page."""

    rep: Member
    today: dt.date
    status: RampStatus | None
    earlier: tuple[EarlierPlan, ...]  # plans the rep was on before a replan, oldest first
    reviews: tuple[StoredReview, ...]  # the latest three, newest first
    nudges: tuple[NudgeFollowUp, ...]  # the latest nudge's insights with their adoption and lift
    agenda: Agenda
    can_post: bool  # may the viewer post the agenda to the rep


def _today(viewer: Member, now: dt.datetime) -> dt.date:
    return now.astimezone(ZoneInfo(viewer.tz or DEFAULT_TZ)).date()


def rep_page(deps: Deps, *, team_id: str, actor_id: str, rep_id: str) -> RepPage:
    """Return one rep's page for a manager; raise NotAMember or NotAllowed (not in the viewer's purview)."""
    with session_scope(deps.engine) as session:
        viewer = member(session, team_id, actor_id)
        require(session, viewer, Action.VIEW_STATUS, rep_id)
        rep = member(session, team_id, rep_id)
        today = _today(viewer, deps.clock())
        status, agenda, follow_ups = _agenda_parts(session, deps, rep, today)
        earlier = earlier_plans(
            session, team_id=team_id, tzs={rep_id: rep.tz}, now=deps.clock(), holidays=deps.tuning.holidays
        ).get(rep_id, [])
        past = reviews.reviews(session, team_id=team_id, rep_ids=[rep_id])[:REVIEWS_SHOWN]
        line = reporting_line(session, team_id)
        shown = past if can(viewer, Action.READ_REVIEWS, rep_id, line) else []
        may_post = can(viewer, Action.POST_AGENDA, rep_id, line)
    return RepPage(rep, today, status, tuple(earlier), tuple(shown), follow_ups, agenda, may_post)


def agenda_for_posting(
    deps: Deps, *, team_id: str, actor_id: str, rep_id: str
) -> tuple[Member, Member, Agenda]:
    """Return the manager, the rep and the agenda to post into their DM; raise NotAllowed if not theirs."""
    with session_scope(deps.engine) as session:
        viewer = member(session, team_id, actor_id)
        require(session, viewer, Action.POST_AGENDA, rep_id)
        rep = member(session, team_id, rep_id)
        _, agenda, _ = _agenda_parts(session, deps, rep, _today(viewer, deps.clock()))
    return viewer, rep, agenda


def _agenda_parts(
    session: Session, deps: Deps, rep: Member, today: dt.date
) -> tuple[RampStatus | None, Agenda, tuple[NudgeFollowUp, ...]]:
    team_id, rep_id = rep.team_id, rep.slack_id
    enrolled = plans.team_enrollments(session, team_id=team_id, rep_ids=[rep_id])
    status = rep_statuses(
        session, team_id=team_id, enrolled=enrolled, now=deps.clock(), holidays=deps.tuning.holidays
    ).get(rep_id)
    open_items = [a.item for a in reviews.open_actions(session, team_id=team_id, rep_ids=[rep_id])]
    follow_ups = _nudge_follow_ups(session, deps, team_id, rep_id)
    notes = [w.note for w in activity.week_logs(session, team_id=team_id, rep_id=rep_id) if w.note]
    agenda = one_on_one_agenda(
        status,
        open_items,
        today,
        nudge=follow_ups[0] if follow_ups else None,
        last_note=notes[-1] if notes else None,
    )
    return status, agenda, follow_ups


def _nudge_follow_ups(session: Session, deps: Deps, team_id: str, rep_id: str) -> tuple[NudgeFollowUp, ...]:
    """Return the rep's latest sent nudge, insight by insight, with what changed since (most likely first)."""
    week, insights = nudges.latest_insights(session, team_id=team_id, rep_id=rep_id)
    if not insights:
        return ()
    monday = period_monday(week)
    since = dt.datetime.combine(monday - dt.timedelta(weeks=WINDOW_WEEKS), dt.time(), tzinfo=dt.UTC)
    found = team_touches(session, team_id, since=since, rep_ids={rep_id})
    tags = by_approach(deps.tuning.templates or TemplateRegistry())
    follow_ups = []
    for ref, _ in sorted(insights, key=lambda pair: -pair[1]):
        arms = by_template if ref.kind == "template" else tags
        measured = adoption(found, rep=rep_id, stage=ref.stage, better=ref.better, arms_of=arms, week=monday)
        follow_ups.append(nudge_follow_up(week, ref, measured))
    return tuple(follow_ups)


def review_to_read(deps: Deps, *, team_id: str, actor_id: str, review_id: int) -> tuple[StoredReview, str]:
    """Return a past review and its rep's name; raise LookupError (gone) or NotAllowed (not the viewer's)."""
    with session_scope(deps.engine) as session:
        viewer = member(session, team_id, actor_id)
        found = reviews.review(session, team_id=team_id, review_id=review_id)
        if found is None:
            raise LookupError(review_id)
        require(session, viewer, Action.READ_REVIEWS, found.rep_id)
        return found, member(session, team_id, found.rep_id).name


class Reminded(StrEnum):
    NOW = "now"  # the caller posts it now
    ALREADY = "already"  # someone reminded the rep today already
    LOGGED = "logged"  # the rep has logged this week since the button was drawn


@dataclass(frozen=True)
class Remind:
    outcome: Reminded
    key: str  # the ledger row to mark sent once posted
    rep: Member
    week: WeekSummary  # the week the rep is asked to log, against their plan


def remind(deps: Deps, *, team_id: str, actor_id: str, rep_id: str) -> Remind:
    """Record a reminder for a rep who has not logged this week, at most one a day (the ledger's key).

    Raise NotAMember, NotAllowed or NotEnrolled. The day and week are the rep's own, so the DM talks
    about their week.
    """
    now = deps.clock()
    with session_scope(deps.engine) as session:
        actor = member(session, team_id, actor_id)
        require(session, actor, Action.REMIND, rep_id)
        if actor.slack_id == rep_id:
            raise NotAllowed(rep_id)  # a rep "in charge" of themselves does not remind themselves
        rep = member(session, team_id, rep_id)
        day = _today(rep, now)
        week, logged = week_to_log(session, team_id, rep_id, week_start(day), deps.tuning.holidays)
        due = Due(Kind.REMIND, team_id, rep_id, day.isoformat(), now + REMIND_FALLBACK)
        if logged:
            return Remind(Reminded.LOGGED, due.key, rep, week)
        new = deliveries.record_due(session, dues=[due], now=now)
    return Remind(Reminded.NOW if new else Reminded.ALREADY, due.key, rep, week)


def week_to_log(
    session: Session, team_id: str, rep_id: str, monday: dt.date, holidays: Collection[dt.date]
) -> tuple[WeekSummary, bool]:
    """Return a rep's week against their plan (moved and prorated by their leave), and whether they logged
    any of it; raise NotEnrolled."""
    enrolled = plans.team_enrollments(session, team_id=team_id, rep_ids=[rep_id])
    if not enrolled:
        raise NotEnrolled(rep_id)
    ((enrollment, plan),) = enrolled
    logged = activity.get_week(session, team_id=team_id, rep_id=rep_id, week_start=monday)
    clock = rep_clock(session, team_id=team_id, rep_id=rep_id, start=enrollment.start, holidays=holidays)
    return week_summary(plan, enrollment, logged or WeekLog(monday), clock), logged is not None


def reminded(deps: Deps, *, key: str, channel: str, ts: str) -> None:
    """Mark a posted Remind DM as sent, so the sender never sends it again."""
    with session_scope(deps.engine) as session:
        deliveries.mark_sent(session, key=key, channel=channel, ts=ts, now=deps.clock())


@dataclass(frozen=True)
class ReviewNeeded:
    """A review the manager owes today or is late with, for the top of their Home tab."""

    rep_id: str
    slot: Slot

    def overdue(self, today: dt.date) -> bool:
        return self.slot.due < today


def open_review_slots(
    session: Session,
    deps: Deps,
    *,
    team_id: str,
    rep_ids: Collection[str],
    until: dt.date,
    subjects: Iterable[ReviewSubject] | None = None,
) -> dict[str, list[Slot]]:
    """Return each of these reps' open review slots due by `until`, in three queries for any number;
    `subjects`: these reps' review subjects, when the caller has made them from what it read already."""
    if not rep_ids:
        return {}
    one = next(iter(rep_ids)) if len(rep_ids) == 1 else None
    moved = reviews.moved_slots(session, team_id=team_id, rep_id=one)
    done = reviews.done_slots(session, team_id=team_id, rep_id=one)
    # Leave moves a rep's slots later, as it does their review prompts.
    away = {
        rep: tuple(periods)
        for rep, periods in leave.periods(session, team_id=team_id, rep_ids=rep_ids).items()
    }
    found = {}
    # A rep's slots follow from what `reviewee` reads of them besides who they are (dates, cadence, their
    # manager's zone) and their reviews: reps who share these (a hire class, all unreviewed) share one
    # computation, which a leader's Home would otherwise do 2,000 times.
    worked: dict[Hashable, list[Slot]] = {}
    if subjects is None:
        subjects = plans.review_subjects(session, team_id=team_id, rep_ids=rep_ids)
    for subject in subjects:
        key = (team_id, subject.enrollment.rep_id)
        rep_moved, rep_done = moved.get(key, {}), done.get(key, set())
        cadence, plan = subject.plan.reviews, subject.plan
        same = (
            (cadence.every_weeks, cadence.after_ramp_every_weeks, tuple(cadence.checkpoints)),
            (subject.enrollment.start, plan.length_days, subject.enrolled_at, subject.manager_tz),
            (frozenset(rep_moved.items()), frozenset(rep_done)) if rep_moved or rep_done else (),
            away.get(subject.enrollment.rep_id, ()),
        )
        if same not in worked:
            who = reviewee(deps, subject, away.get(subject.enrollment.rep_id, ()))
            worked[same] = open_slots(who, until, rep_moved, rep_done, deps.tuning.holidays)
        found[subject.enrollment.rep_id] = list(worked[same])
    return found


def reviews_needed(slots: dict[str, list[Slot]], today: dt.date) -> list[ReviewNeeded]:
    """Return each rep's oldest open review due by `today` (one review catches up on all), oldest first."""
    found = []
    for rep_id, open_ones in slots.items():
        due = [s for s in open_ones if s.due <= today]
        if due:
            found.append(ReviewNeeded(rep_id, min(due, key=lambda s: s.due)))
    return sorted(found, key=lambda n: (n.slot.due, n.rep_id))


def reminded_today(session: Session, *, team_id: str, reps: Collection[Member], now: dt.datetime) -> set[str]:
    """Return the reps who got a Remind DM (or have one on its way) today, in their own zone."""
    keys = {
        Due(Kind.REMIND, team_id, r.slack_id, _today(r, now).isoformat(), now).key: r.slack_id for r in reps
    }
    return {keys[k] for k in deliveries.existing_keys(session, keys=list(keys))}
