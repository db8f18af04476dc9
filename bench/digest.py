"""Time the leader digest for 5,000 reps: the pure digest, its Slack messages and CSV, and the chart.

Statuses are synthetic (no database): this measures the digest's own work, not the status queries that
bench/status.py times. The last line is one JSON object.
"""

import datetime as dt
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for the test helpers' status builder

from bot.services.digest import DigestData, PlanCurve  # noqa: E402
from bot.views.digest import digest_messages, table_csv  # noqa: E402
from bot.views.digest_chart import chart_png  # noqa: E402
from coaching.digest import RepInput, build_digest  # noqa: E402
from coaching.status import Status  # noqa: E402
from tests.coaching.test_digest import status  # noqa: E402

REPS = 5000
STATES = [Status.ON_TRACK, Status.AT_RISK, Status.BEHIND]


def main() -> None:
    reps = [
        RepInput(
            f"U{n:05d}",
            f"Rep {n}",
            f"Manager {n // 8}",
            status(f"U{n:05d}", STATES[n % 3], stall="meetings → demos" if n % 4 == 0 else None),
            status(f"U{n:05d}", STATES[(n + 1) % 3]),
        )
        for n in range(REPS)
    ]
    started = time.perf_counter()
    digest = build_digest(reps)
    built = time.perf_counter()
    curves = [(r.name, [0.0, 0.04, 0.09, 0.15, 0.2, 0.26, 0.31]) for r in reps]
    data = DigestData(
        "T1", "2026-W48", dt.date(2026, 11, 23), digest, curves, [PlanCurve("AE", [0.0] * 7, 0.9, 0.7)]
    )
    messages = digest_messages(data)
    table_csv(digest)
    rendered = time.perf_counter()
    png = chart_png(data) or b""
    charted = time.perf_counter()
    figures = {
        "reps": REPS,
        "build_s": round(built - started, 3),
        "messages": len(messages),
        "render_s": round(rendered - built, 3),
        "chart_s": round(charted - rendered, 3),
        "chart_kb": round(len(png) / 1024),
    }
    print(
        f"digest of {REPS} reps: built in {figures['build_s']} s, {len(messages)} messages in "
        f"{figures['render_s']} s, chart in {figures['chart_s']} s ({figures['chart_kb']} KB)"
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
