"""Weekly messaging nudges in Slack: who gets one, what it says at send time, reactions, and adoption."""

import datetime as dt
from dataclasses import dataclass

from bot.deps import DEFAULT_TZ, Deps
from bot.services.access import allowed_actor, reporting_line
from bot.services.checkins import period_monday
from bot.services.errors import NotAllowed, NotAMember
from coaching.cadence import Outreacher, Schedules, due_nudges
from coaching.delivery import Due
from coaching.draft_score import DraftScore, score_draft
from coaching.nudge_adoption import WINDOW_WEEKS, adoption
from coaching.nudges import Encouragement, Insight, InsightRef, weekly_nudges
from coaching.policy import Action, can
from coaching.response_stats import by_approach, by_template, response_rates
from coaching.schedule import iso_week
from coaching.templates import TemplateRegistry
from storage.db import session_scope
from storage.repo import nudges as nudge_repo
from storage.repo import people, touches
from storage.repo.touches import team_touches

SNOOZE_WEEKS = 2  # a snoozed insight skips this many weekly runs
REACTIONS = ("up", "down", "snooze")


@dataclass(frozen=True)
class WeeklyNudge:
    rep_id: str
    week: str  # ISO week label, e.g. 2026-W48
    insights: list[Insight]
    encouragement: Encouragement | None


@dataclass(frozen=True)
class NudgeTarget:
    """What a reaction button names: whose nudge, which week, which insight."""

    rep_id: str
    week: str
    ref: InsightRef


def nudge_dues(deps: Deps, schedules: Schedules) -> list[Due]:
    """Return the weekly nudges due now: people whose Monday 09:00 has come, with touches in the window."""
    now = deps.clock()
    with session_scope(deps.engine) as session:
        everyone = people.time_zones(session)
    due = due_nudges([Outreacher(t, u, tz or DEFAULT_TZ) for t, u, tz in everyone], schedules, now)
    if not due:
        return []
    since = now - dt.timedelta(days=deps.tuning.nudge_days)
    with session_scope(deps.engine) as session:
        active = touches.with_touches(
            session, candidates={(d.team_id, d.person_id) for d in due}, since=since
        )
    return [d for d in due if (d.team_id, d.person_id) in active]


def weekly_nudge(deps: Deps, *, team_id: str, rep_id: str, week: str) -> WeeklyNudge | None:
    """Return what the rep's nudge for `week` says now, or None when there is nothing true to say.

    Insights the rep snoozed in the last two weeks are left out; the rendered insights are remembered,
    so their adoption can be measured later.
    """
    now = deps.clock()
    monday = period_monday(week)
    recent = [iso_week(monday - dt.timedelta(weeks=n)) for n in range(1, SNOOZE_WEEKS + 1)]
    with session_scope(deps.engine) as session:
        rep = people.get_member(session, team_id=team_id, slack_id=rep_id)
        if rep is None or not can(rep, Action.VIEW_NUDGES, rep_id, reporting_line(session, team_id)):
            return None  # they left the team file (or were forgotten) since the nudge came due
        team = team_touches(session, team_id, since=now - dt.timedelta(days=deps.tuning.nudge_days))
        snoozed = nudge_repo.snoozed_pairs(session, team_id=team_id, rep_id=rep_id, weeks=recent)
    tags = by_approach(deps.tuning.templates or TemplateRegistry())
    found = weekly_nudges(team, tags, keep=lambda i: i.rep != rep_id or i.ref.pair not in snoozed)
    mine = next((n for n in found if n.rep == rep_id), None)
    if mine is None or not (mine.insights or mine.encouragement):
        return None
    with session_scope(deps.engine) as session:
        nudge_repo.record_insights(
            session, team_id=team_id, rep_id=rep_id, week=week, insights=mine.insights, now=now
        )
    return WeeklyNudge(rep_id, week, mine.insights, mine.encouragement)


def react(deps: Deps, *, team_id: str, actor_id: str, target: NudgeTarget, reaction: str) -> tuple[str, bool]:
    """Record the rep's reaction to an insight once; return the stored reaction and whether it is new.

    Only the rep the nudge was for may react: the button names a rep, never a right.
    """
    if reaction not in REACTIONS:
        raise ValueError(f"unknown reaction {reaction!r}")
    with session_scope(deps.engine) as session:
        try:
            allowed_actor(session, team_id, actor_id, Action.REACT_TO_NUDGE, target.rep_id)
        except NotAMember:
            raise NotAllowed(actor_id) from None  # nobody outside the team file has a nudge to react to
        return nudge_repo.record_reaction(
            session,
            team_id=team_id,
            rep_id=target.rep_id,
            week=target.week,
            ref=target.ref,
            reaction=reaction,
            now=deps.clock(),
        )


def sent_adoption(deps: Deps, *, team_id: str) -> dict[str, list[dict[str, object]]]:
    """Return, per rep, each insight a sent nudge carried with its adoption and lift (see nudge_adoption)."""
    with session_scope(deps.engine) as session:
        sent = nudge_repo.sent_insights(session, team_id=team_id)
        if not sent:
            return {}
        first = min(period_monday(week) for _, week, _ in sent) - dt.timedelta(weeks=WINDOW_WEEKS)
        since = dt.datetime.combine(first, dt.time(), tzinfo=dt.UTC)
        found = team_touches(session, team_id, since=since, rep_ids={rep for rep, _, _ in sent})
    tags = by_approach(deps.tuning.templates or TemplateRegistry())
    result: dict[str, list[dict[str, object]]] = {}
    for rep, week, ref in sent:
        arms = by_template if ref.kind == "template" else tags
        measured = adoption(
            found, rep=rep, stage=ref.stage, better=ref.better, arms_of=arms, week=period_monday(week)
        )
        about = {"kind": ref.kind, "stage": ref.stage.value, "better": ref.better, "worse": ref.worse}
        result.setdefault(rep, []).append(about | measured.to_json() | {"week": week})
    return result


def draft_feedback(deps: Deps, *, team_id: str, user_id: str, text: str) -> DraftScore:
    """Score a message against the team's approach rates; raise NotAMember for someone not in the team."""
    since = deps.clock() - dt.timedelta(days=deps.tuning.nudge_days)
    with session_scope(deps.engine) as session:
        allowed_actor(session, team_id, user_id, Action.SCORE_DRAFT, user_id)
        team = team_touches(session, team_id, since=since)
    rates = response_rates(team, by_approach(deps.tuning.templates or TemplateRegistry()), per_rep=False)
    return score_draft(text, rates)
