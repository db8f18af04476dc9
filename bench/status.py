"""Ramp status at scale (issue 5): 5,000 reps with 13 weeks of logs on 8 metrics, on SQLite and PostgreSQL.

Times the status of every rep, of one rep, and one manager's Home view (25 reps); and (issue 19) a
leader's Home over a tree of 300 and of 2,000 reps, and a manager's Home with one rep's page and 1:1
agenda. These are warm: drawn again while the data stays the same (a click on a filter or a page), when
the Home is kept by the data's revision; the 2,000-rep leader's Home is also timed right after a change,
when it is worked out again. The last line is one JSON object: {"sqlite": {...}, "postgresql": {...}}.
"""

import datetime as dt
import json
import random
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import yaml
from sqlalchemy import Engine, delete, insert

from bot.deps import Deps, SettableClock
from bot.services.cockpit import rep_page
from bot.services.home import home_for
from bot.services.status import team_status
from bot.views.cockpit import rep_page_modal
from bot.views.home import home_view
from coaching.activity import WeekLog
from storage import migrate
from storage.db import make_engine, session_scope
from storage.repo import activity
from storage.tables import ActivityRow, EnrollmentRow, PersonRow, PlanRow, RampFactsRow, WeekLogRow, Workspace

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.support.postgres import throwaway_postgres  # noqa: E402

REPS = 5000
PER_MANAGER = 25
# Two leaders over parts of the org: 12 managers (300 reps) and 80 managers (2,000 reps).
LEADERS = {"UL00300": range(0, 12), "UL02000": range(12, 92)}
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
        boss = {n: leader for leader, span in LEADERS.items() for n in span}
        people = [_person(leader, "leader", None) for leader in LEADERS]
        people += [_person(m, "manager", boss.get(n)) for n, m in enumerate(managers)]
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
    cockpit = best_of(10, lambda: manager_cockpit(deps))
    leaders = {n: best_of(5, partial(leader_home, deps, n)) for n in LEADERS}
    logged, corrected = after_changes(deps, "UL02000")  # last: they change the data
    engine.dispose()
    return {
        "all_reps_s": round(everyone, 3),
        "all_reps_cold_s": round(cold, 3),
        "one_rep_cold_ms": round(one_cold * 1000, 2),
        "one_rep_ms": round(one * 1000, 2),
        "home_view_ms": round(manager * 1000, 2),
        "manager_home_ms": round(cockpit * 1000, 2),
        "leader_home_300_ms": round(leaders["UL00300"] * 1000, 2),
        "leader_home_2000_ms": round(leaders["UL02000"] * 1000, 2),
        "leader_home_2000_after_log_ms": round(logged * 1000, 2),
        "leader_home_2000_after_refit_ms": round(corrected * 1000, 2),
    }


def manager_cockpit(deps: Deps) -> None:
    """A manager's Home tab, then one rep's page with the 1:1 agenda, as the manager sees them."""
    home_view(home_for(deps, team_id=TEAM, user_id="UM00007")).to_dict()
    rep_page_modal(rep_page(deps, team_id=TEAM, actor_id="UM00007", rep_id="UR00180")).to_dict()


def leader_home(deps: Deps, leader: str) -> None:
    """A leader's Home tab over their tree, drawn as Block Kit."""
    home_view(home_for(deps, team_id=TEAM, user_id=leader)).to_dict()


def after_changes(deps: Deps, leader: str) -> tuple[float, float]:
    """Return how long the leader's Home takes right after data changed, when the kept Home and figures
    are worked out again (the warm figures are the renders between changes): the fastest of three after
    a new hire in the middle of their ramp logged (the usual change), and one after a week of a finished
    ramp was corrected (the early call's recalibration on finished ramps is fitted again)."""
    hire, start = "UR09999", NOW.date() - dt.timedelta(days=30)
    with session_scope(deps.engine) as session:
        session.execute(insert(PersonRow), [_person(hire, "rep", "UM00020")])  # below UL02000
        row = {"team_id": TEAM, "rep_id": hire, "plan_id": "bench-90", "plan_version": 1}
        session.execute(
            insert(EnrollmentRow), [row | {"start_date": start, "enrolled_by": "b", "enrolled_at": NOW}]
        )
    leader_home(deps, leader)
    monday = start - dt.timedelta(days=start.weekday())
    logged = min(_after_log(deps, leader, hire, monday + dt.timedelta(weeks=n), n) for n in range(3))
    return logged, _after_log(deps, leader, "UR00500", START, 0)


def _after_log(deps: Deps, leader: str, rep: str, week: dt.date, n: int) -> float:
    with session_scope(deps.engine) as session:
        log = WeekLog(week, {"calls": float(n + 1)})
        activity.write_week(session, team_id=TEAM, rep_id=rep, log=log, actor=rep, source="bench", now=NOW)
    return best_of(1, partial(leader_home, deps, leader))


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
            f"a manager's Home view ({PER_MANAGER} reps) {figures['home_view_ms']} ms, "
            f"with a rep page and agenda {figures['manager_home_ms']} ms, "
            f"a leader's Home at 300 reps {figures['leader_home_300_ms']} ms, "
            f"at 2,000 reps {figures['leader_home_2000_ms']} ms "
            f"({figures['leader_home_2000_after_log_ms']} ms right after a new hire logged, "
            f"{figures['leader_home_2000_after_refit_ms']} ms after a finished ramp's week was corrected)"
        )
    print(json.dumps(results))


if __name__ == "__main__":
    main()
