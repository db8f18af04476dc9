"""The decisions part of the leader digest: checkpoint decisions due this week, those made last week,
and the ramps that ended (completed, extended, not retained) with their final attainment."""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from coaching.decisions import StoredDecision
from coaching.review_form import Decision

WEEK = dt.timedelta(days=7)
ENDED_BY = {Decision.GRADUATE: "completed", Decision.EXTEND: "extended", Decision.PART_WAYS: "not_retained"}


@dataclass(frozen=True)
class DueDecision:
    rep_id: str
    checkpoint: int
    due: dt.date


@dataclass(frozen=True)
class MadeDecision:
    rep_id: str
    decision: StoredDecision


@dataclass(frozen=True)
class EndedRamp:
    rep_id: str
    outcome: str  # completed, extended or not_retained (worded in bot/views/digest.py)
    on: dt.date
    attainment: float | None


@dataclass(frozen=True)
class DecisionDigest:
    due: list[DueDecision]
    made: list[MadeDecision]
    ended: list[EndedRamp]


def decision_digest(
    today: dt.date,
    due: Sequence[DueDecision],
    decided: Mapping[str, Sequence[StoredDecision]],
    ramp_ends: Mapping[str, dt.date],
    attainment: Mapping[str, float | None],
) -> DecisionDigest:
    """Return what the digest opens with on `today`.

    `due`: checkpoint reviews due; `ramp_ends`: each rep's last ramp day (after extensions), so a ramp
    that reached its end last week with no decision counts as completed.
    """
    last_week = today - WEEK
    made = [
        MadeDecision(rep, d)
        for rep, decisions in decided.items()
        for d in decisions
        if last_week <= d.on < today
    ]
    ended = [
        EndedRamp(m.rep_id, ENDED_BY[m.decision.decision.kind], m.decision.on, attainment.get(m.rep_id))
        for m in made
        if m.decision.decision.kind in ENDED_BY
    ]
    by_decision = {e.rep_id for e in ended} | {rep for rep, ds in decided.items() if _ended(ds)}
    ended += [
        EndedRamp(rep, "completed", end, attainment.get(rep))
        for rep, end in ramp_ends.items()
        if last_week <= end < today and rep not in by_decision
    ]
    this_week = [d for d in due if d.due < today + WEEK]
    return DecisionDigest(
        sorted(this_week, key=lambda d: (d.due, d.rep_id)),
        sorted(made, key=lambda m: (m.decision.on, m.rep_id)),
        sorted(ended, key=lambda e: (e.on, e.rep_id)),
    )


def _ended(decisions: Sequence[StoredDecision]) -> bool:
    return any(d.decision.kind in (Decision.GRADUATE, Decision.PART_WAYS) for d in decisions)
