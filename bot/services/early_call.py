"""The early call on every ramp of a workspace, recalibrated on its completed ramps once there are enough."""

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session

from bot.deps import Deps
from coaching.calibration import Calibration, Pair, Reliability, fit_calibration, reliability
from coaching.decisions import effective_plan, ramp_ended
from coaching.early_call import EarlyCall, calibration_pairs, early_call, ramp_end
from coaching.ramp_facts import facts_from_logs
from coaching.status import funnel_rates
from storage.db import session_scope
from storage.repo import decisions
from storage.repo.early_call import RampHistory, ramp_histories


def team_early_calls(deps: Deps, *, team_id: str, today: dt.date) -> dict[str, EarlyCall | None]:
    """Return each enrolled rep's early call on `today` (None before day 21), by rep id."""
    with session_scope(deps.engine) as session:
        return early_calls_in(session, team_id=team_id, today=today)


def early_calls_in(session: Session, *, team_id: str, today: dt.date) -> dict[str, EarlyCall | None]:
    """Return each rep's early call on `today` within a session; None before day 21 or once a decision
    ended the ramp. An extended ramp is called on its longer plan."""
    ramps = _decided(session, team_id, ramp_histories(session, team_id=team_id))
    ended = {r.enrollment.rep_id for r in ramps if r.ended}
    pairs, completed = _pairs(ramps, today)
    calibration = fit_calibration(pairs, ramps=completed)
    cohorts = _cohort_rates(ramps, today)
    return {
        r.enrollment.rep_id: None
        if r.enrollment.rep_id in ended
        else early_call(r.plan, r.enrollment, r.logs, today, cohorts[r.plan.id], calibration)
        for r in ramps
    }


@dataclass(frozen=True)
class _Decided(RampHistory):
    ended: bool = False


def _decided(session: Session, team_id: str, ramps: Sequence[RampHistory]) -> list[_Decided]:
    """Return the ramps as their decisions left them: extended plans, and which ones ended."""
    decided = decisions.decisions(session, team_id=team_id)
    return [
        _Decided(
            r.enrollment,
            effective_plan(r.plan, decided.get(r.enrollment.rep_id, [])),
            r.logs,
            ramp_ended(decided.get(r.enrollment.rep_id, [])) is not None,
        )
        for r in ramps
    ]


@dataclass(frozen=True)
class CalibrationReport:
    """How well the model's score matched the completed ramps of a workspace."""

    completed: int  # ramps that ended with something logged
    table: Reliability  # of the model's own score on days 30, 45 and 60 of those ramps
    calibration: Calibration | None  # the correction in use (None: fewer than 20 completed ramps)


def calibration_report(deps: Deps, *, team_id: str, today: dt.date) -> CalibrationReport:
    """Return the reliability table and Brier score of the early call on the workspace's completed ramps."""
    with session_scope(deps.engine) as session:
        ramps = ramp_histories(session, team_id=team_id)
    pairs, completed = _pairs(ramps, today)
    return CalibrationReport(completed, reliability(pairs), fit_calibration(pairs, ramps=completed))


def _pairs(ramps: Sequence[RampHistory], today: dt.date) -> tuple[list[Pair], int]:
    """Return the (score, outcome) pairs of the ramps ended by `today`, and how many ramps gave any."""
    pairs: list[Pair] = []
    completed = 0
    for r in ramps:
        if ramp_end(r.plan, r.enrollment) > today:
            continue
        found = calibration_pairs(r.plan, r.enrollment, r.logs)
        completed += bool(found)
        pairs += found
    return pairs, completed


def _cohort_rates(ramps: Sequence[RampHistory], today: dt.date) -> dict[str, dict[str, float]]:
    """Return each plan's median conversion per funnel stage, as the status compares each rep with."""
    samples: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for r in ramps:
        totals = facts_from_logs(r.plan, r.enrollment, r.logs, today).totals
        for stage, rate in funnel_rates(r.plan, totals).items():
            samples[r.plan.id][stage].append(rate)
    rates: dict[str, dict[str, float]] = defaultdict(dict)
    for plan_id, stages in samples.items():
        rates[plan_id] = {stage: statistics.median(values) for stage, values in stages.items()}
    return rates
