"""The early call on every ramp of a workspace, recalibrated on its completed ramps once there are enough."""

import datetime as dt
import hashlib
import statistics
from collections import defaultdict
from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import cast

from sqlmodel import Session

from bot.deps import Deps
from bot.services.figures_memo import data_key, engine_token, enrollments_key, remembered
from coaching.activity import Enrollment
from coaching.calibration import MIN_RAMPS, Calibration, Pair, Reliability, fit_calibration, reliability
from coaching.decisions import effective_plan, ramp_ended
from coaching.early_call import EarlyCall, calibration_pairs, early_call, ramp_end
from coaching.plans import RampPlan
from coaching.ramp_clock import RampClock, clock_for
from coaching.ramp_facts import facts_from_logs
from coaching.status import funnel_rates
from storage.db import session_scope
from storage.repo import decisions, leave
from storage.repo.early_call import RampHistory, ramp_histories, ramps_fingerprint
from storage.repo.plans import team_enrollments


def team_early_calls(
    deps: Deps, *, team_id: str, today: dt.date, rep_ids: Collection[str] | None = None
) -> dict[str, EarlyCall | None]:
    """Return each enrolled rep's (or these reps') early call on `today` (None before day 21), by rep id."""
    with session_scope(deps.engine) as session:
        return early_calls_in(
            session, team_id=team_id, today=today, rep_ids=rep_ids, holidays=deps.tuning.holidays
        )


def early_calls_in(
    session: Session,
    *,
    team_id: str,
    today: dt.date,
    rep_ids: Collection[str] | None = None,
    holidays: Collection[dt.date] = frozenset(),
    enrolled: Sequence[tuple[Enrollment, RampPlan]] | None = None,
) -> dict[str, EarlyCall | None]:
    """Return each rep's (or these reps') early call on `today` within a session; None before day 21 or
    once a decision ended the ramp. An extended ramp is called on its longer plan, and each rep's leave
    stops their ramp clock (`holidays`: the company's, which leave does not count), as in their status.

    For a few reps (a manager's Home, one review) only their weeks are read; the workspace's
    recalibration comes from `_team_calibration`, and the funnel reasons compare them with each other,
    as their statuses on that surface do. Worked out once per state of the data (`figures_memo`).
    `enrolled`: the workspace's (or at least these reps') enrollments, when the caller has read them.
    """
    asked = None if rep_ids is None else frozenset(rep_ids)
    if enrolled is None:
        enrolled = team_enrollments(session, team_id=team_id, rep_ids=rep_ids)
    ramps = enrollments_key((e, None) for e, _ in enrolled if asked is None or e.rep_id in asked)
    # For a few reps it is part of the key: other reps' finished ramps, which it is fitted on, can change
    # (a corrected start) with nothing the fingerprint counts.
    fitted = None if rep_ids is None else _team_calibration(session, team_id, today, holidays)
    key = ("early calls", *data_key(session, team_id), today, asked, ramps, tuple(sorted(holidays)), fitted)
    return dict(remembered(key, lambda: _early_calls(session, team_id, today, rep_ids, holidays, fitted)))


def _early_calls(
    session: Session,
    team_id: str,
    today: dt.date,
    rep_ids: Collection[str] | None,
    holidays: Collection[dt.date],
    fitted: Calibration | None,
) -> dict[str, EarlyCall | None]:
    """`fitted`: the workspace's recalibration, for a few reps (all reps' ramps are read to fit it)."""
    ramps = _decided(session, team_id, ramp_histories(session, team_id=team_id, rep_ids=rep_ids))
    clocks = _clocks(session, team_id, ramps, holidays)
    where = (engine_token(session), team_id)
    calibration = _fitted(where, ramps, today, clocks) if rep_ids is None else fitted
    ended = {r.enrollment.rep_id for r in ramps if r.ended}
    cohorts = _cohort_rates(ramps, today, clocks)
    return {
        r.enrollment.rep_id: None
        if r.enrollment.rep_id in ended
        else early_call(
            r.plan,
            r.enrollment,
            r.logs,
            today,
            cohorts[r.plan.id],
            calibration,
            clock=clocks[r.enrollment.rep_id],
        )
        for r in ramps
    }


def _clocks(
    session: Session, team_id: str, ramps: Sequence[RampHistory], holidays: Collection[dt.date]
) -> dict[str, RampClock]:
    """Return each ramp's clock, by rep id: the rep's leave stops it (see `coaching.ramp_clock`)."""
    away = leave.periods(session, team_id=team_id)  # a workspace's leave is a few rows: read them all
    return {
        r.enrollment.rep_id: clock_for(r.enrollment.start, away.get(r.enrollment.rep_id, ()), holidays)
        for r in ramps
    }


def _fitted(
    where: tuple[int, str], ramps: Sequence[RampHistory], today: dt.date, clocks: Mapping[str, RampClock]
) -> Calibration | None:
    """`where`: the database (its engine's token) and the workspace."""
    pairs, completed = _pairs(where, ramps, today, clocks)
    return fit_calibration(pairs, ramps=completed)


_CALIBRATIONS: dict[tuple[object, ...], Calibration | None] = {}
_KEPT = 256
_MISSING = object()


def _team_calibration(
    session: Session, team_id: str, today: dt.date, holidays: Collection[dt.date]
) -> Calibration | None:
    """Return the workspace's recalibration on `today`, fitted once per day and state of the data it is
    fitted on.

    Fitting reads every completed ramp's weeks, seconds in a large org: a Home must not do that on each
    render, nor each time a rep in the middle of their ramp logs. The key holds the database, the day,
    the ramps that may have ended (an extension or leave only makes a ramp end later) and a fingerprint
    of their logs, decisions and leave, so any change to those fits again; while fewer than MIN_RAMPS
    ramps can have ended there is nothing to fit.
    """
    ended = [e for e, plan in team_enrollments(session, team_id=team_id) if ramp_end(plan, e) <= today]
    if len(ended) < MIN_RAMPS:
        return None
    key = (
        engine_token(session),
        team_id,
        today,
        tuple(sorted(holidays)),
        enrollments_key((e, None) for e in ended),
        *ramps_fingerprint(session, team_id=team_id, rep_ids=[e.rep_id for e in ended]),
    )
    # One lookup, and the fit returned from here: another thread may clear the kept ones at any point.
    found: Calibration | None | object = _CALIBRATIONS.get(key, _MISSING)
    if found is _MISSING:
        ramps = _decided(session, team_id, ramp_histories(session, team_id=team_id))
        clocks = _clocks(session, team_id, ramps, holidays)
        found = _fitted((engine_token(session), team_id), ramps, today, clocks)
        if len(_CALIBRATIONS) >= _KEPT:
            _CALIBRATIONS.clear()
        _CALIBRATIONS[key] = found
    return cast(Calibration | None, found)


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
        clocks = _clocks(session, team_id, ramps, deps.tuning.holidays)
        where = (engine_token(session), team_id)
    pairs, completed = _pairs(where, ramps, today, clocks)
    return CalibrationReport(completed, reliability(pairs), fit_calibration(pairs, ramps=completed))


def _pairs(
    where: tuple[int, str], ramps: Sequence[RampHistory], today: dt.date, clocks: Mapping[str, RampClock]
) -> tuple[list[Pair], int]:
    """Return the (score, outcome) pairs of the ramps ended by `today` (leave ends a ramp later), and how
    many ramps gave any."""
    pairs: list[Pair] = []
    completed = 0
    for r in ramps:
        clock = clocks[r.enrollment.rep_id]
        if ramp_end(r.plan, r.enrollment, clock) > today:
            continue
        found = _ramp_pairs(where, r, clock)
        completed += bool(found)
        pairs += found
    return pairs, completed


_PAIRS: dict[Hashable, list[Pair]] = {}
_PAIRS_KEPT = 50_000  # finished ramps' pairs, of every workspace served; cleared wholesale when full


def _ramp_pairs(where: tuple[int, str], ramp: RampHistory, clock: RampClock) -> list[Pair]:
    """Return a finished ramp's calibration pairs, kept by all they are worked out from.

    The recalibration is fitted again every day and after any change to a finished ramp, from thousands
    of them in a large org, which rarely change: each one's pairs are worked out once. An extended plan
    is its plan version made longer (`effective_plan`): its id, version and length name it, within one
    database (`where`: its engine's token and the workspace); another may hold other content under them.
    """
    plan, enrollment = ramp.plan, ramp.enrollment
    # The logs by a digest, not themselves: kilobytes a ramp, for thousands of ramps.
    weeks = repr([(w.week_start, sorted(w.values.items()), w.note) for w in ramp.logs])
    logs = hashlib.blake2b(weeks.encode(), digest_size=16).digest()
    key = (where, plan.id, plan.version, plan.length_days, enrollment, clock, logs)
    found = _PAIRS.get(key)
    if found is None:
        found = calibration_pairs(plan, enrollment, ramp.logs, clock=clock)
        if len(_PAIRS) >= _PAIRS_KEPT:
            _PAIRS.clear()
        _PAIRS[key] = found
    return found


def _cohort_rates(
    ramps: Sequence[RampHistory], today: dt.date, clocks: Mapping[str, RampClock]
) -> dict[str, dict[str, float]]:
    """Return each plan's median conversion per funnel stage, as the status compares each rep with."""
    samples: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for r in ramps:
        totals = facts_from_logs(r.plan, r.enrollment, r.logs, today, clocks[r.enrollment.rep_id]).totals
        for stage, rate in funnel_rates(r.plan, totals).items():
            samples[r.plan.id][stage].append(rate)
    rates: dict[str, dict[str, float]] = defaultdict(dict)
    for plan_id, stages in samples.items():
        rates[plan_id] = {stage: statistics.median(values) for stage, values in stages.items()}
    return rates
