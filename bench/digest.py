"""Time the leader digest end to end from the database, for 50, 500 and 5,000 reps (issue 20).

Each size gets its own SQLite database seeded as bench/status.py seeds it (every week of a 13-week ramp
logged on 8 metrics) plus one leader, and is timed as the Monday send builds the digest: the status
queries, the digest, its Slack messages (and CSV when split) and the chart PNG. The first run computes each
rep's facts and caches them for the week; the headline figure is that cold run, the warm one is printed
too. The last line is one JSON object with digest_50_s, digest_500_s and digest_5000_s (target: 500 reps
under 2 s).
"""

import json
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/status.py's seeding
from status import NOW, TEAM, _person, seed  # noqa: E402

from bot.deps import Deps, SettableClock  # noqa: E402
from bot.services.digest import leader_digest  # noqa: E402
from bot.views.digest import digest_messages, is_split, table_csv  # noqa: E402
from bot.views.digest_chart import chart_png  # noqa: E402
from storage import migrate  # noqa: E402
from storage.db import make_engine, session_scope  # noqa: E402
from storage.tables import PersonRow  # noqa: E402

# Each size and the key its figure has in the last line (the digest issue names them).
KEYS = {50: "digest_50_s", 500: "digest_500_s", 5000: "digest_5000_s"}
LEADER = "UL00001"
TARGET_500_S = 2.0


def send_ready_digest(deps: Deps) -> int:
    """Build what the Monday send posts for the leader; return the size of the chart, to use the result."""
    data = leader_digest(deps, team_id=TEAM, leader_id=LEADER)
    if data is None:
        raise SystemExit("the leader should see every rep")
    messages = digest_messages(data)
    if is_split(messages):
        table_csv(data.digest)
    return len(chart_png(data) or b"")


def measure(reps: int, folder: Path) -> dict[str, float]:
    url = f"sqlite:///{folder / f'digest-{reps}.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    seed(engine, reps)
    with session_scope(engine) as session:
        session.execute(insert(PersonRow), [_person(LEADER, "leader", None)])
    deps = Deps(engine=engine, clock=SettableClock(NOW))
    started = time.perf_counter()
    send_ready_digest(deps)
    cold = time.perf_counter() - started
    started = time.perf_counter()
    send_ready_digest(deps)
    warm = time.perf_counter() - started
    engine.dispose()
    return {"cold_s": round(cold, 3), "warm_s": round(warm, 3)}


def main() -> None:
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        for reps, key in KEYS.items():
            figures = measure(reps, Path(folder))
            results[key] = figures["cold_s"]
            results[key.replace("_s", "_warm_s")] = figures["warm_s"]
            print(
                f"digest of {reps} reps from the database: {figures['cold_s']} s ({figures['warm_s']} s warm)"
            )
    verdict = "met" if results["digest_500_s"] < TARGET_500_S else "NOT met"
    print(f"target: 500 reps under {TARGET_500_S} s: {verdict}")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
