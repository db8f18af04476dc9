"""Weekly messaging nudges in Slack: who gets one, what it says at send time, reactions, and adoption."""

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel import Session

from bot.deps import DEFAULT_TZ, Deps
from bot.services.access import allowed_actor, reporting_line
from bot.services.checkins import period_monday
from bot.services.errors import NotAllowed, NotAMember
from coaching.cadence import Outreacher, Schedules, due_nudges
from coaching.delivery import Due
from coaching.draft_score import DraftScore, score_draft
from coaching.experiments import experiment_result, weekly_experiment
from coaching.nudge_adoption import WINDOW_WEEKS, Adoption, adoption, switched
from coaching.nudges import Encouragement, Insight, InsightRef, NudgeRules, weekly_nudges
from coaching.policy import Action, can
from coaching.response_stats import ArmsOf, by_approach, by_template, response_rates
from coaching.schedule import iso_week
from coaching.templates import OPPOSITES, TemplateRegistry
from coaching.touches import Touch
from storage.db import session_scope
from storage.repo import experiments as experiment_repo
from storage.repo import nudges as nudge_repo
from storage.repo import people, touches
from storage.repo.experiments import SKIPPED as SKIPPED
from storage.repo.experiments import StoredExperiment as StoredExperiment
from storage.repo.touches import team_touches

SNOOZE_WEEKS = 2  # a snoozed insight skips this many weekly runs
REACTIONS = ("up", "down", "snooze")


DM_INSIGHTS = 2  # a weekly DM carries at most this many insights; the Home tab shows them all
HOME_INSIGHTS = 4


@dataclass(frozen=True)
class SwitchLift:
    """A rep moved their mix toward an insight's better arm: their rate before and after the week of it."""

    rep_id: str
    ref: InsightRef
    measured: Adoption


@dataclass(frozen=True)
class WeeklyNudge:
    rep_id: str
    week: str  # ISO week label, e.g. 2026-W48
    insights: list[Insight]  # best first; the DM shows the first DM_INSIGHTS
    encouragement: Encouragement | None
    experiment: StoredExperiment | None = None  # this week's thing to try
    last_experiment: StoredExperiment | None = None  # last week's, with its result once measured
    switch: SwitchLift | None = None  # the latest switch toward a better arm, and its lift


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

    Insights the rep snoozed in the last two weeks are left out; the insights are remembered, so their
    adoption can be measured later; this week's experiment is drawn once and stored, and last week's is
    measured now that its week is over.
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
    tags = _tags(deps)
    minutes = deps.tuning.touch_minutes.of if deps.tuning.touch_minutes else None
    rules = NudgeRules(max_per_rep=HOME_INSIGHTS)
    keep = _not_snoozed(rep_id, snoozed)
    found = weekly_nudges(team, tags, rules, keep=keep, minutes_of=minutes)
    mine = next((n for n in found if n.rep == rep_id), None)
    if mine is None or not (mine.insights or mine.encouragement):
        return None
    drawn = weekly_experiment(
        team, rep=rep_id, arms_of=tags, seed=_seed(team_id, rep_id, week), arms=OPPOSITES
    )
    with session_scope(deps.engine) as session:
        nudge_repo.record_insights(
            session, team_id=team_id, rep_id=rep_id, week=week, insights=mine.insights, now=now
        )
        trying = experiment_repo.record_experiment(
            session, team_id=team_id, week=week, experiment=drawn, now=now
        ) if drawn else None  # fmt: skip
        last = _measured_last(session, team, tags, team_id=team_id, rep_id=rep_id, monday=monday)
    switch = latest_switch(deps, team_id=team_id, rep_id=rep_id, before=week)
    return WeeklyNudge(rep_id, week, mine.insights, mine.encouragement, trying, last, switch)


def _not_snoozed(rep_id: str, snoozed: set[tuple[str, str, str]]) -> Callable[[Insight], bool]:
    return lambda i: i.rep != rep_id or i.ref.pair not in snoozed


def _tags(deps: Deps) -> ArmsOf:
    return by_approach(deps.tuning.templates or TemplateRegistry())


def _seed(team_id: str, rep_id: str, week: str) -> int:
    # The same week's draw for the same rep is the same on every instance and every re-render.
    return int.from_bytes(hashlib.sha256(f"{team_id}:{rep_id}:{week}".encode()).digest()[:8], "big")


def _measured_last(
    session: Session, team: list[Touch], tags: ArmsOf, *, team_id: str, rep_id: str, monday: dt.date
) -> StoredExperiment | None:
    """Return last week's experiment, measuring and storing its outcome the first time it is read."""
    last_monday = monday - dt.timedelta(weeks=1)
    last = experiment_repo.get_experiment(session, team_id=team_id, rep_id=rep_id, week=iso_week(last_monday))
    if last is None or last.result is not None or last.status == experiment_repo.SKIPPED:
        return last
    result = experiment_result(
        team, rep=rep_id, stage=last.stage, arm=last.arm, arms_of=tags, week=last_monday
    )
    experiment_repo.record_result(session, team_id=team_id, rep_id=rep_id, week=last.week, result=result)
    return dataclasses.replace(last, result=result)


def skip_experiment(deps: Deps, *, team_id: str, actor_id: str, rep_id: str, week: str) -> bool:
    """Record the rep's "not this week" for their experiment; only the rep it was for may say it."""
    with session_scope(deps.engine) as session:
        try:
            allowed_actor(session, team_id, actor_id, Action.REACT_TO_NUDGE, rep_id)
        except NotAMember:
            raise NotAllowed(actor_id) from None
        return experiment_repo.skip_experiment(session, team_id=team_id, rep_id=rep_id, week=week)


def team_experiments(deps: Deps, *, team_id: str, rep_id: str | None = None) -> list[StoredExperiment]:
    """Return the team's recorded experiments (arm, week, share, status, outcome), oldest week first."""
    with session_scope(deps.engine) as session:
        return experiment_repo.experiments(
            session, team_id=team_id, rep_ids=None if rep_id is None else [rep_id]
        )


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


def _sent_adoptions(
    deps: Deps, *, team_id: str, rep_ids: set[str] | None = None
) -> list[tuple[str, str, InsightRef, Adoption]]:
    """Return (rep, week, insight, adoption) for every insight a sent nudge carried (see nudge_adoption)."""
    with session_scope(deps.engine) as session:
        sent = [
            s
            for s in nudge_repo.sent_insights(session, team_id=team_id)
            if rep_ids is None or s[0] in rep_ids
        ]
        if not sent:
            return []
        first = min(period_monday(week) for _, week, _ in sent) - dt.timedelta(weeks=WINDOW_WEEKS)
        since = dt.datetime.combine(first, dt.time(), tzinfo=dt.UTC)
        found = team_touches(session, team_id, since=since, rep_ids={rep for rep, _, _ in sent})
    tags = _tags(deps)
    return [
        (rep, week, ref, adoption(
            found, rep=rep, stage=ref.stage, better=ref.better,
            arms_of=by_template if ref.kind == "template" else tags, week=period_monday(week),
        ))
        for rep, week, ref in sent
    ]  # fmt: skip


def sent_adoption(deps: Deps, *, team_id: str) -> dict[str, list[dict[str, object]]]:
    """Return, per rep, each insight a sent nudge carried with its adoption and lift (see nudge_adoption)."""
    result: dict[str, list[dict[str, object]]] = {}
    for rep, week, ref, measured in _sent_adoptions(deps, team_id=team_id):
        about = {"kind": ref.kind, "stage": ref.stage.value, "better": ref.better, "worse": ref.worse}
        result.setdefault(rep, []).append(about | measured.to_json() | {"week": week})
    return result


def team_switches(
    deps: Deps, *, team_id: str, rep_ids: set[str], before: str | None = None
) -> dict[str, SwitchLift]:
    """Return each rep's latest switch toward a better arm after a nudge (weeks before `before`), if any."""
    latest: dict[str, SwitchLift] = {}
    for rep, week, ref, measured in _sent_adoptions(deps, team_id=team_id, rep_ids=rep_ids):
        if (before is None or week < before) and switched(measured):
            latest[rep] = SwitchLift(rep, ref, measured)  # oldest week first: the last one wins
    return latest


def latest_switch(deps: Deps, *, team_id: str, rep_id: str, before: str) -> SwitchLift | None:
    """Return the rep's latest switch toward a better arm after a nudge sent before week `before`."""
    return team_switches(deps, team_id=team_id, rep_ids={rep_id}, before=before).get(rep_id)


def draft_feedback(deps: Deps, *, team_id: str, user_id: str, text: str) -> DraftScore:
    """Score a message against the team's approach rates; raise NotAMember for someone not in the team."""
    since = deps.clock() - dt.timedelta(days=deps.tuning.nudge_days)
    with session_scope(deps.engine) as session:
        allowed_actor(session, team_id, user_id, Action.SCORE_DRAFT, user_id)
        team = team_touches(session, team_id, since=since)
    rates = response_rates(team, by_approach(deps.tuning.templates or TemplateRegistry()), per_rep=False)
    return score_draft(text, rates)
