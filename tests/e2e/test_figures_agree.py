"""Issue 13's consistency test: every surface shows the same figures for the same rep at the same instant.

Three reps in three time zones log a few weeks through signed `/log` commands, with a week skipped,
metrics left blank, zeros and a late edit. Then, at one instant, the `/log` reply, the rep's and the
manager's Home tabs, the review modal, the digest line, `rampcoach status --json` and the logs export
are read, and each figure (day N, week W, attainment, status, trend, projection) must agree to the
precision shown, and equal the pure `ramp_status` of the exported logs. On SQLite and PostgreSQL.

The CLI reads the real clock, so the test runs at the real instant, with start dates relative to it.
"""

import datetime as dt
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from typer.testing import CliRunner

from bot.app import build_app, listener_executor
from bot.cli import cli
from bot.deps import Deps, SettableClock
from bot.fake_slack import FakeSlack
from bot.server import serving_in_background
from bot.services import setup
from bot.settings import Settings
from bot.testing.signing import SlackPoster
from bot.views.figures import status_text
from bot.views.status_table import percent
from coaching.activity import Enrollment, WeekLog
from coaching.plans import parse_plan
from coaching.status import RampStatus, ramp_status
from coaching.weeks import local_today
from storage import migrate
from storage.db import make_engine
from tests.e2e.conftest import SECRET, TEAM, RunningBot
from tests.e2e.test_log_command import home_text, reply_text
from tests.e2e.test_reviews import MANAGER, open_modal

ROOT = Path(__file__).resolve().parents[2]
PLAN = parse_plan(yaml.safe_load((ROOT / "plans" / "ae-90.yml").read_text()))
LEADER = "U0LEAD"
# rep id -> (name, time zone, days since the start, weeks back logged with /log then, the late edit)
REPS: dict[str, tuple[str, str, int, dict[int, str], str]] = {
    "U0REP1": (
        "Riley Rep",
        "America/Chicago",
        45,
        {
            6: "calls=30 emails=70 conversations=5 meetings=2 demos=0 proposals=0 pipeline=20000",
            5: "calls=40 emails=80 conversations=6 meetings=2 demos=1 proposals=0 pipeline=25000",
            # week 4 back is not logged; pipeline is left blank in the last three
            3: "calls=50 emails=100 conversations=8 meetings=3 demos=1 proposals=0",
            2: "calls=55 emails=110 conversations=9 meetings=3 demos=2 proposals=0",
            1: "calls=20 emails=50 conversations=4 meetings=1 demos=1 proposals=0",
        },
        "last week calls=60 meetings=5",
    ),
    "U0REP2": (
        "Sam Seller",
        "Europe/Berlin",
        33,
        {
            4: "calls=60 emails=150 conversations=12 meetings=5 demos=1 proposals=0 pipeline=40000",
            3: "meetings=4",
            1: "calls=80 emails=160 conversations=14 meetings=6 demos=2 proposals=1 pipeline=50000",
        },
        "last week pipeline=30000",
    ),
    "U0REP3": (
        "Kai Closer",
        "Asia/Tokyo",
        22,
        {2: "calls=0 emails=0 conversations=0 meetings=0", 1: "calls=70 emails=0 meetings=3"},
        "calls=12",  # this week: it counts once the week has ended
    ),
}


def team_yaml(today: dt.date) -> str:
    people: list[dict[str, Any]] = [
        {"slack_id": LEADER, "name": "Dana Lead", "role": "leader", "tz": "America/New_York"},
        {"slack_id": MANAGER, "name": "Max Manager", "role": "manager", "manager": LEADER, "tz": "UTC"},
    ]
    for rep, (name, tz, days, _, _) in REPS.items():
        start = (today - dt.timedelta(days=days)).isoformat()
        people.append(
            {
                "slack_id": rep,
                "name": name,
                "role": "rep",
                "manager": MANAGER,
                "plan": "ae-90",
                "start": start,
            }
            | {"tz": tz}
        )
    return yaml.safe_dump({"people": people})


def settle_past_midnight(zones: list[str]) -> dt.datetime:
    """Return the real now, waiting first if a zone is within two minutes of midnight (the CLI runs later)."""
    now = dt.datetime.now(dt.UTC)
    for zone in zones:
        local = now.astimezone(ZoneInfo(zone))
        left = (
            dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(), local.tzinfo) - local
        ).seconds
        if left < 120:
            time.sleep(left + 1)
            return dt.datetime.now(dt.UTC)
    return now


@pytest.fixture
def figures_bot(database_url: str) -> Iterator[tuple[RunningBot, str]]:
    migrate.upgrade(database_url)
    now = settle_past_midnight([tz for _, tz, *_ in REPS.values()])
    clock = SettableClock(now)
    deps = Deps(engine=make_engine(database_url), clock=clock)
    setup.import_plan(deps, team_id=TEAM, source=(ROOT / "plans" / "ae-90.yml").read_text())
    setup.import_team(deps, team_id=TEAM, source=team_yaml(now.date()))
    with FakeSlack("xoxb-e2e", team_id=TEAM) as fake:
        settings = Settings.model_validate(
            {
                "slack_bot_token": "xoxb-e2e",
                "slack_signing_secret": SECRET,
                "slack_api_url": fake.api_url,
                "database_url": database_url,
            }
        )
        executor = listener_executor()
        with (
            serving_in_background(build_app(settings, deps, http=True, executor=executor)) as events_url,
            SlackPoster(events_url, SECRET) as poster,
        ):
            yield RunningBot(fake, poster, clock, deps), database_url
        executor.shutdown(wait=True)
    deps.engine.dispose()


def log(bot: RunningBot, rep: str, text: str) -> str:
    answer, url = bot.command("/log", text, user=rep)
    assert answer.status_code == 200
    reply = reply_text(bot, url)
    assert "Logged" in reply or "No change" in reply, reply
    return reply


def cli_json(url: str, *args: str) -> Any:
    result = CliRunner().invoke(cli, list(args), env={"DATABASE_URL": url, "SLACK_TEAM_ID": TEAM})
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def texts(blocks: list[dict[str, Any]]) -> str:
    """Return every text of a view's or message's blocks, one per line."""
    found = []
    for block in blocks:
        found.append((block.get("text") or {}).get("text", ""))
        found.extend(e.get("text", "") for e in block.get("elements", []) if isinstance(e.get("text"), str))
    return "\n".join(found)


Figures = dict[str, Any]


def shown(status: RampStatus) -> Figures:
    """Return the figures as every surface shows them: whole days and weeks, whole percentages."""
    return {
        "day": str(status.day),
        "week": str(status.week),
        "attainment": percent(status.attainment),
        "status": status_text(status),
        "trend": [percent(t) for t in status.trend] or ["—"],
        "projection": percent(status.projection),
    }


def pick(pattern: str, text: str, fields: list[str], trend_sep: str) -> Figures:
    match = re.search(pattern, text)
    assert match, f"{pattern!r} not in:\n{text}"
    found = dict(zip(fields, match.groups(), strict=True))
    if "trend" in found:
        found["trend"] = [t.strip() for t in found["trend"].split(trend_sep)]
    return found


def expected_from_export(rows: list[dict[str, Any]], rep: str, now: dt.datetime) -> RampStatus:
    """Return the pure `ramp_status` of the rep's exported logs: blank cells are blanks, not zeros."""
    _, tz, days, _, _ = REPS[rep]
    today = local_today(now, tz)
    start = now.date() - dt.timedelta(days=days)
    logs = [
        WeekLog(
            dt.date.fromisoformat(row["week_start"]),
            {key: float(row[key]) for key in PLAN.keys if row.get(key) is not None},
        )
        for row in rows
        if row["rep_id"] == rep
    ]
    return ramp_status(PLAN, Enrollment(rep, PLAN.id, PLAN.version, start), logs, today)


def test_every_surface_shows_the_same_figures_for_a_rep(figures_bot: tuple[RunningBot, str]) -> None:
    bot, url = figures_bot
    now = bot.clock.now
    for rep, (_, _, days, weeks, _) in REPS.items():
        for back, text in sorted(weeks.items(), reverse=True):
            assert back * 7 < days
            bot.clock.now = now - dt.timedelta(weeks=back)
            log(bot, rep, text)
    bot.clock.now = now
    replies = {rep: log(bot, rep, edit) for rep, (*_, edit) in REPS.items()}  # the late edits

    manager_home = texts(json.loads(home_text(bot, MANAGER)))
    digest_answer, digest_url = bot.command("/ramp", "digest", user=LEADER)
    assert digest_answer.status_code == 200
    digest = reply_text(bot, digest_url)
    statuses = {s["rep_id"]: s for s in cli_json(url, "status", "--json")}
    exported = cli_json(url, "export", "logs", "--format", "json")

    for rep, (name, *_) in REPS.items():
        expected = shown(expected_from_export(exported, rep, now))
        ramp_line = (
            r"Day (\d+) · week (\d+) of 13 · ramp so far: \*([^*]+)\* of plan \(([^)]+)\) · "
            r"last weeks (.+?) · ends ~(\S+%)"
        )
        fields = ["day", "week", "attainment", "status", "trend", "projection"]
        surfaces = {
            "/log reply": pick(ramp_line, replies[rep], fields, " → "),
            "rep's Home tab": pick(ramp_line, texts(json.loads(home_text(bot, rep))), fields, " → "),
            "manager's Home tab": pick(
                rf"\*{name}\* · day (\d+) · (\S+) · (.+?) · trend (.+?) · last logged",
                manager_home,
                ["day", "attainment", "status", "trend"],
                " ",
            ),
            "review modal": pick(
                r"day (\d+) · week (\d+) of 13\nAttainment \*([^*]+)\* \(([^)]+)\) · "
                r"trend (.+?) · ends ~(\S+%)",
                texts(open_modal(bot, rep)["blocks"]),
                fields,
                " ",
            ),
            "digest": pick(
                rf"\*{name}\* · Max Manager · day (\d+) · (\S+) (.+?) · trend (.+?) · ends ~(\S+%)",
                digest,
                ["day", "attainment", "status", "trend", "projection"],
                "/",
            ),
        }
        row = statuses[rep]
        surfaces["status --json"] = {
            "day": str(row["day"]),
            "week": str(row["week"]),
            "attainment": percent(row["attainment"]),
            "status": row["status"],  # the status word; the blanks are in its metrics
            "trend": [percent(t) for t in row["trend"]] or ["—"],
            "projection": percent(row["projection"]),
        }
        for surface, figures in surfaces.items():
            wanted = {k: v for k, v in expected.items() if k in figures}
            if surface == "status --json":
                wanted["status"] = wanted["status"].split(";")[0]
            assert figures == wanted, f"{name} on the {surface}"

        trend_weeks = [r for r in exported if r["rep_id"] == rep]
        by_week = {r["ramp_week"]: r["week_attainment"] for r in trend_weeks}
        complete = int(expected["week"]) - 1
        from_export = [percent(by_week.get(w)) for w in range(max(1, complete - 2), complete + 1)]
        assert from_export == expected["trend"], f"{name}'s trend from the logs export"

    riley = statuses["U0REP1"]
    assert [m["blank_weeks"] for m in riley["metrics"] if m["key"] == "pipeline"] == [3]
    assert "Pipeline created not logged for 3 weeks" in replies["U0REP1"]
    assert any(r["rep_id"] == "U0REP1" and r["pipeline"] is None for r in exported)


def test_the_log_reply_and_the_home_tab_show_the_same_ramp_so_far(running_bot: RunningBot) -> None:
    """Issue 13, defect 3: the /log reply said 70% while the Home tab said 74%, with different trends."""
    log(running_bot, "U0REP1", "last week calls=60 emails=150 conversations=15 meetings=6 pipeline=60000")
    reply = log(running_bot, "U0REP1", "calls=5 emails=10")  # this week, just begun
    home = texts(json.loads(home_text(running_bot, "U0REP1")))
    so_far = r"(?i)ramp so far: \*([^*]+)\* of plan \(([^)]+)\) · last weeks ([^·]+)"
    assert pick(so_far, reply, ["attainment", "status", "trend"], " → ") == pick(
        so_far, home, ["attainment", "status", "trend"], " → "
    )
