"""Ramp status at scale (issue 5): 5,000 reps with 13 weeks of logs on 8 metrics, on SQLite and PostgreSQL.

Times the status of every rep, of one rep, and one manager's Home view (25 reps). The last line is one
JSON object: {"sqlite": {...}, "postgresql": {...}}.
"""

import datetime as dt
import json
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml
from sqlalchemy import Engine, delete, insert

from bot.deps import Deps, SettableClock
from bot.services.home import home_for
from bot.services.status import team_status
from bot.views.home import home_view
from storage import migrate
from storage.db import make_engine, session_scope
from storage.tables import ActivityRow, EnrollmentRow, PersonRow, PlanRow, RampFactsRow, WeekLogRow, Workspace

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.support.postgres import throwaway_postgres  # noqa: E402

REPS = 5000
PER_MANAGER = 25
WEEKS = 13
TEAM = "T0STATUS"
START = dt.date(2026, 8, 3)
NOW = dt.datetime(2026, 11, 20, 18, tzinfo=dt.UTC)  # after 15 complete weeks: the whole 13-week ramp
METRICS = ["calls", "emails", "linkedin", "conversations", "meetings", "demos", "proposals", "pipeline"]
PLAN = {
    "id": "bench-90",
    "version": 1,
    "name": "Benchmark plan",
    "metrics": [
        {"key": k, "label": k.title(), "max_per_week": 1e7, "target": {"full": 10 * (i + 1)}}
        for i, k in enumerate(METRICS)
    ],
    "milestones": [
        {"day": 30, "kind": "threshold", "metric": "meetings", "at_least": 20, "label": "20 meetings"}
    ],
    "funnel": [
        {"metric": "conversations"},
        {"metric": "meetings", "expected_conversion": 0.4},
        {"metric": "demos", "expected_conversion": 0.6},
        {"metric": "proposals", "expected_conversion": 0.5},
    ],
}


def seed(engine: Engine, count: int = REPS) -> None:
    """Store `count` reps (25 a manager) with every week of the ramp logged; bench/digest.py uses it too."""
    rng = random.Random(5)  # noqa: S311 (not crypto)
    at = NOW
    managers = [f"UM{n:05d}" for n in range(max(1, count // PER_MANAGER))]
    reps = [f"UR{n:05d}" for n in range(count)]
    with session_scope(engine) as session:
        session.execute(insert(Workspace), [{"team_id": TEAM, "name": "", "created_at": at}])
        session.execute(
            insert(PlanRow),
            [
                {
                    "team_id": TEAM,
                    "plan_id": "bench-90",
                    "version": 1,
                    "name": "Bench",
                    "source": yaml.safe_dump(PLAN),
                    "imported_at": at,
                }
            ],
        )
        people = [_person(m, "manager", None) for m in managers]
        people += [_person(r, "rep", managers[i // PER_MANAGER]) for i, r in enumerate(reps)]
        session.execute(insert(PersonRow), people)
        session.execute(
            insert(EnrollmentRow),
            [
                {
                    "team_id": TEAM,
                    "rep_id": r,
                    "plan_id": "bench-90",
                    "plan_version": 1,
                    "start_date": START,
                    "enrolled_by": "bench",
                    "enrolled_at": at,
                }
                for r in reps
            ],
        )
        weeks = [START + dt.timedelta(weeks=w) for w in range(WEEKS)]
        session.execute(
            insert(WeekLogRow),
            [
                {
                    "team_id": TEAM,
                    "rep_id": r,
                    "week_start": w,
                    "note": None,
                    "updated_by": r,
                    "updated_at": at,
                }
                for r in reps
                for w in weeks
            ],
        )
        for chunk in range(0, count, 500):
            session.execute(
                insert(ActivityRow),
                [
                    {
                        "team_id": TEAM,
                        "rep_id": r,
                        "week_start": w,
                        "metric": k,
                        "value": float(rng.randint(0, 100)),
                        "updated_by": r,
                        "updated_at": at,
                    }
                    for r in reps[chunk : chunk + 500]
                    for w in weeks
                    for k in METRICS
                ],
            )


def _person(slack_id: str, role: str, manager: str | None) -> dict[str, object]:
    return {
        "team_id": TEAM,
        "slack_id": slack_id,
        "name": slack_id,
        "role": role,
        "manager_id": manager,
        "tz": "UTC",
        "tz_from_admin": True,
        "updated_at": NOW,
    }


def best_of(runs: int, action: Callable[[], object]) -> float:
    """Return the fastest of `runs` timings in seconds (the machine is shared and noisy)."""
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return min(timings)


def measure(url: str) -> dict[str, float]:
    migrate.upgrade(url)
    engine = make_engine(url)
    started = time.perf_counter()
    seed(engine)
    took = time.perf_counter() - started
    print(f"  seeded {REPS} reps x {WEEKS} weeks x {len(METRICS)} metrics in {took:.1f} s")
    deps = Deps(engine=engine, clock=SettableClock(NOW))
    # The first run computes every rep's facts and caches them for the week; later runs read the cache
    # until a rep logs again. Both figures are reported.
    cold = best_of(1, lambda: team_status(deps, team_id=TEAM))
    everyone = best_of(3, lambda: team_status(deps, team_id=TEAM))
    with session_scope(engine) as session:
        session.execute(delete(RampFactsRow))
    one_cold = best_of(1, lambda: home_for(deps, team_id=TEAM, user_id="UR00042"))
    one = best_of(20, lambda: home_for(deps, team_id=TEAM, user_id="UR00042"))
    manager = best_of(20, lambda: home_view(home_for(deps, team_id=TEAM, user_id="UM00007")).to_dict())
    engine.dispose()
    return {
        "all_reps_s": round(everyone, 3),
        "all_reps_cold_s": round(cold, 3),
        "one_rep_cold_ms": round(one_cold * 1000, 2),
        "one_rep_ms": round(one * 1000, 2),
        "home_view_ms": round(manager * 1000, 2),
    }


def main() -> None:
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        print("sqlite")
        results["sqlite"] = measure(f"sqlite:///{Path(folder) / 'status.db'}")
    with throwaway_postgres() as url:
        print("postgresql")
        results["postgresql"] = measure(url)
    for name, figures in results.items():
        print(
            f"{name}: all {REPS} reps {figures['all_reps_s']} s ({figures['all_reps_cold_s']} s cold), "
            f"one rep {figures['one_rep_ms']} ms ({figures['one_rep_cold_ms']} ms cold), "
            f"a manager's Home view ({PER_MANAGER} reps) {figures['home_view_ms']} ms"
        )
    print(json.dumps(results))


if __name__ == "__main__":
    main()
