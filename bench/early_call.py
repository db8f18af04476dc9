"""Is the early call right? (issue 15) Simulated cohorts with known outcomes, judged at day 30, 45 and 60.

Each regime (steady reps, late bloomers, early stallers, noisy loggers with missed weeks) is a workspace of
500 reps on the shipped plans (plans/*.yml), simulated by bench/early_call_sim.py. Their weeks are stored
in SQLite and read back through the real service (`bot.services.early_call.team_early_calls`), the same code
`rampcoach status --json` runs; the truth is each ramp's final status (`coaching.early_call.made_it`).

The baseline is today's straight-line projection (`RampStatus.projection`), read as a chance with a
logistic curve centred on the plan's on-track threshold (scale 0.1 of attainment). For honesty the JSON also
gives `baseline_fitted_brier_45`: the projection after the best Platt scaling fitted on the outcomes
themselves (in sample), an upper bound on what any recalibration of the baseline could reach.

The last line is one JSON object with, per day, auc_N, ece_N, brier_N, baseline_brier_N and baseline_auc_N.
"""

import dataclasses
import datetime as dt
import json
import math
import random
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import Engine, insert

sys.path.insert(0, str(Path(__file__).resolve().parent))
import yaml  # noqa: E402
from early_call_sim import REGIMES, START, Regime, simulate_rep  # noqa: E402

from bot.deps import Deps, SettableClock  # noqa: E402
from bot.services.early_call import team_early_calls  # noqa: E402
from bot.services.status import statuses_on  # noqa: E402
from coaching.activity import Enrollment, WeekLog  # noqa: E402
from coaching.calibration import Pair, auc, brier, expected_calibration_error, fit_calibration  # noqa: E402
from coaching.early_call import made_it  # noqa: E402
from coaching.plans import RampPlan, parse_plan  # noqa: E402
from coaching.ramp_facts import complete_weeks, trend_window  # noqa: E402
from coaching.team import Person, Role  # noqa: E402
from storage import migrate  # noqa: E402
from storage.db import make_engine, session_scope  # noqa: E402
from storage.repo import people, plans  # noqa: E402
from storage.tables import ActivityRow, WeekLogRow  # noqa: E402

REPS = 500
DAYS = (30, 45, 60)
ROOT = Path(__file__).resolve().parents[1]
NOW = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)


def shipped_plans() -> list[tuple[RampPlan, str]]:
    files = sorted((ROOT / "plans").glob("*.yml"))
    return [(parse_plan(yaml.safe_load(f.read_text())), f.read_text()) for f in files]


def seed(
    engine: Engine,
    team: str,
    regime: Regime,
    rng: random.Random,
    kept: dict[str, tuple[RampPlan, list[WeekLog]]],
) -> dict[str, bool]:
    """Store a cohort of simulated reps; return whether each ramp ends on track (the known truth)."""
    shipped = shipped_plans()
    truth: dict[str, bool] = {}
    week_rows: list[dict[str, object]] = []
    value_rows: list[dict[str, object]] = []
    with session_scope(engine) as session:
        people.ensure_workspace(session, team_id=team, now=NOW)
        for plan, source in shipped:
            plans.save_plan(session, team_id=team, plan=plan, source=source, now=NOW)
        reps = [f"U{n:06d}" for n in range(REPS)]
        people.upsert_people(
            session,
            team_id=team,
            people=[Person(slack_id=r, name=r, role=Role.REP, tz="UTC") for r in reps],
            now=NOW,
        )
        for n, rep in enumerate(reps):
            plan = shipped[n % len(shipped)][0]
            enrollment = Enrollment(rep, plan.id, plan.version, START)
            plans.enroll(session, team_id=team, enrollment=enrollment, by="bench", now=NOW)
            logs = simulate_rep(plan, regime, rng)
            kept[rep] = (plan, logs)
            truth[rep] = bool(made_it(plan, enrollment, logs))
            _rows(team, rep, logs, week_rows, value_rows)
        session.execute(insert(WeekLogRow), week_rows)
        session.execute(insert(ActivityRow), value_rows)
    return truth


def _rows(
    team: str, rep: str, logs: list[WeekLog], weeks: list[dict[str, object]], values: list[dict[str, object]]
) -> None:
    for log in logs:
        weeks.append(
            {
                "team_id": team,
                "rep_id": rep,
                "week_start": log.week_start,
                "updated_by": rep,
                "updated_at": NOW,
            }
        )
        values.extend(
            {
                "team_id": team,
                "rep_id": rep,
                "week_start": log.week_start,
                "metric": key,
                "value": value,
                "updated_by": rep,
                "updated_at": NOW,
            }
            for key, value in log.values.items()
        )


def judge(
    deps: Deps,
    team: str,
    truth: dict[str, bool],
    day: int,
    kept: dict[str, tuple[RampPlan, list[WeekLog]]],
) -> tuple[list[Pair], list[Pair], list[Pair]]:
    """Return the (chance, outcome) pairs on ramp day `day` of the early call, of the baseline the issue
    names (the straight-line projection Ramp Coach showed before issue 13), and of today's projection,
    which follows the plan's curve (both read as a chance the same way)."""
    today = START + dt.timedelta(days=day - 1)
    calls = team_early_calls(deps, team_id=team, today=today)
    model = [(call.p_on_track, truth[rep]) for rep, call in calls.items() if call is not None]
    # The status as every surface shows it on that day (noon UTC; the reps' zone is UTC).
    at = dt.datetime.combine(today, dt.time(12), tzinfo=dt.UTC)
    statuses = statuses_on(dataclasses.replace(deps, clock=SettableClock(at)), team_id=team)
    goal = {rep: plan.thresholds.on_track for rep, (plan, _) in kept.items()}
    curve = [(_squash((s.projection or 0.0) - goal[s.rep_id]), truth[s.rep_id]) for s in statuses]
    line = [
        (_squash((straight_line(plan, logs, today) or 0.0) - goal[rep]), truth[rep])
        for rep, (plan, logs) in kept.items()
        if rep in truth
    ]
    return model, line, curve


def straight_line(plan: RampPlan, logs: list[WeekLog], today: dt.date) -> float | None:
    """Return the old projection: what is logged in ended weeks plus the weeks left at the average of the
    last three ended weeks logged, over the whole plan's targets (each metric capped at 200%)."""
    complete = complete_weeks(plan, START, today)
    ended = {
        (log.week_start - START).days // 7: log
        for log in logs
        if (log.week_start - START).days // 7 < complete
    }
    recent = [ended[i].values for i in trend_window(complete) if i in ended]
    if not recent:
        return None
    left = plan.weeks - complete
    targets = plan.cumulative_targets[plan.weeks]
    total = score = 0.0
    for key, weight, target in zip(plan.keys, plan.weights, targets, strict=True):
        if target:
            done = sum(log.values.get(key, 0.0) for log in ended.values())
            pace = sum(v.get(key, 0.0) for v in recent) / len(recent)
            total += weight
            score += weight * min((done + left * pace) / target, 2.0)
    return score / total if total else None


def _squash(gap: float) -> float:
    return 1 / (1 + math.exp(-gap / 0.1))


def figures(model: list[Pair], baseline: list[Pair], curve: list[Pair]) -> dict[str, float]:
    fitted = fit_calibration(baseline, ramps=len(baseline))
    best = [(fitted.apply(s), hit) for s, hit in baseline] if fitted else baseline
    return {
        "auc": auc(model),
        "ece": expected_calibration_error(model),
        "brier": brier(model),
        "baseline_auc": auc(baseline),
        "baseline_ece": expected_calibration_error(baseline),
        "baseline_brier": brier(baseline),
        "baseline_fitted_brier": brier(best),
        "projection_auc": auc(curve),
        "projection_brier": brier(curve),
        "made_it": sum(hit for _, hit in model) / len(model),
    }


def main() -> None:
    started = time.perf_counter()
    rng = random.Random(15)  # noqa: S311 (a simulation, not crypto)
    pooled: dict[int, tuple[list[Pair], list[Pair], list[Pair]]] = {day: ([], [], []) for day in DAYS}
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'early_call.db'}"
        migrate.upgrade(url)
        engine = make_engine(url)
        deps = Deps(engine=engine, clock=SettableClock(NOW))
        for n, regime in enumerate(REGIMES):
            team = f"T0BENCH{n}"
            kept: dict[str, tuple[RampPlan, list[WeekLog]]] = {}
            truth = seed(engine, team, regime, rng, kept)
            for day in DAYS:
                model, baseline, curve = judge(deps, team, truth, day, kept)
                pooled[day][0].extend(model)
                pooled[day][1].extend(baseline)
                pooled[day][2].extend(curve)
                _report(f"{regime.name:>15} day {day}", figures(model, baseline, curve))
        engine.dispose()
    result: dict[str, float] = {}
    for day in DAYS:
        found = figures(*pooled[day])
        _report(f"{'all regimes':>15} day {day}", found)
        result |= {f"{name}_{day}": round(value, 4) for name, value in found.items()}
    result["reps"] = len(pooled[DAYS[0]][0])
    result["brier_gain_45"] = round(1 - result["brier_45"] / result["baseline_brier_45"], 4)
    # Against the projection shown since issue 13 (it follows the plan's curve) the gain is much smaller.
    result["projection_brier_gain_45"] = round(1 - result["brier_45"] / result["projection_brier_45"], 4)
    result["seconds"] = round(time.perf_counter() - started, 1)
    met = result["auc_45"] >= 0.85 and result["ece_45"] <= 0.05 and result["brier_gain_45"] >= 0.2
    verdict = "met" if met else "NOT met"
    print(f"targets at day 45 (AUC >= 0.85, ECE <= 0.05, Brier >= 20% better than baseline): {verdict}")
    print(json.dumps(result))


def _report(label: str, f: dict[str, float]) -> None:
    print(
        f"{label}: AUC {f['auc']:.3f}  ECE {f['ece']:.3f}  Brier {f['brier']:.3f}  |  baseline AUC "
        f"{f['baseline_auc']:.3f}  ECE {f['baseline_ece']:.3f}  Brier {f['baseline_brier']:.3f} "
        f"(fitted {f['baseline_fitted_brier']:.3f})  |  curve projection Brier {f['projection_brier']:.3f}  "
        f"|  made it {f['made_it']:.0%}"
    )


if __name__ == "__main__":
    main()
