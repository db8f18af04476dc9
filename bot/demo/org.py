"""The demo's example organisation and its 90 days: who works there, what each rep logs every week, the
outreach their sequencing tool exports, and what the managers write in reviews. Everything comes from a
fixed seed, so every run tells the same story."""

import csv
import datetime as dt
import io
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from coaching.plans import RampPlan

TEAM = "T0DEMO"
START = dt.date(2026, 9, 7)  # the hire class's first Monday; day 90 is Dec 5
END = dt.date(2026, 12, 7)  # the Monday after the ramp: the last digest
SEED = 20
LEADER = "U0LEAD"
MANAGERS = ("U0MGR1", "U0MGR2")
METRICS = ("calls", "emails", "conversations", "meetings", "demos", "proposals", "pipeline")

# A pace is a share of the plan's weekly target, per metric, in a given ramp week (1-based).
Pace = Callable[[int, str], float]


@dataclass(frozen=True)
class Rep:
    slack_id: str
    name: str
    manager: str
    tz: str
    story: str  # one line, shown in the terminal's cast list
    pace: Pace
    logs: Callable[[int], bool]  # whether the rep logs ramp week N
    pain_first: float  # share of their openers that lead with the buyer's issue (the rest: product tours)
    assessment: str  # what the manager writes in reviews (a coaching.review_form.Assessment value)


def _star(_week: int, _metric: str) -> float:
    return 1.25


def _slow_starter(week: int, _metric: str) -> float:
    return 0.5 if week <= 4 else min(1.1, 0.5 + 0.15 * (week - 4))


def _stalls_at_proposals(_week: int, metric: str) -> float:
    return 0.0 if metric == "proposals" else 1.05


def _steady(_week: int, _metric: str) -> float:
    return 0.97


def _struggles(_week: int, _metric: str) -> float:
    return 0.6


def _always(_week: int) -> bool:
    return True


REPS = (
    Rep("U0AVA", "Ava Star", "U0MGR1", "America/New_York", "the star", _star, _always, 0.8, "on track"),
    Rep(
        "U0BEN",
        "Ben Slow",
        "U0MGR1",
        "America/New_York",
        "a slow starter who recovers",
        _slow_starter,
        _always,
        0.5,
        "needs support",
    ),
    Rep(
        "U0CARA",
        "Cara Stall",
        "U0MGR1",
        "America/New_York",
        "stalls between demos and proposals",
        _stalls_at_proposals,
        _always,
        0.3,
        "needs support",
    ),
    Rep(
        "U0DEV",
        "Dev Never",
        "U0MGR1",
        "America/New_York",
        "never logs",
        _steady,
        lambda _week: False,
        0.2,
        "at risk",
    ),
    Rep(
        "U0ELI",
        "Eli Leave",
        "U0MGR2",
        "America/Chicago",
        "on leave in weeks 6 to 8",
        _steady,
        lambda week: week not in (6, 7, 8),
        0.4,
        "on track",
    ),
    Rep(
        "U0FAY",
        "Fay Gone",
        "U0MGR2",
        "America/Chicago",
        "let go at the day-60 checkpoint (part ways)",
        _struggles,
        lambda week: week <= 8,
        0.1,
        "at risk",
    ),
    Rep("U0GUS", "Gus Steady", "U0MGR2", "America/Chicago", "steady", _steady, _always, 0.5, "on track"),
    Rep(
        "U0HANA",
        "Hana Late",
        "U0MGR2",
        "America/Chicago",
        "a little behind all along",
        lambda _w, _m: 0.8,
        _always,
        0.3,
        "needs support",
    ),
)
NAMES = {LEADER: "Dana Lead", "U0MGR1": "Max Manager", "U0MGR2": "Mia Manager"} | {
    r.slack_id: r.name for r in REPS
}
ZONES = {LEADER: "America/New_York", "U0MGR1": "America/New_York", "U0MGR2": "America/Chicago"} | {
    r.slack_id: r.tz for r in REPS
}
# Reps whose calls, meetings and deals HubSpot counts: they confirm those in one click, then /log the rest.
CRM_REPS = ("U0BEN", "U0GUS")
CRM_MAPPING = {
    "metrics": {
        "calls": {"records": "call"},
        "meetings": {"records": "meeting"},
        "pipeline": {"records": "deal", "sum": "amount"},
    }
}
# Who the terminal story follows: the leader, one manager and two of that manager's reps.
SHOWN_MANAGER = "U0MGR1"
SHOWN_REPS = ("U0BEN", "U0CARA")


def team_yaml() -> str:
    """Return the team file of the example org, as `rampcoach team import` reads it."""
    lines = [
        "people:",
        f"  - {{slack_id: {LEADER}, name: {NAMES[LEADER]}, role: leader, tz: {ZONES[LEADER]}}}",
    ]
    lines += [
        f"  - {{slack_id: {m}, name: {NAMES[m]}, role: manager, manager: {LEADER}, tz: {ZONES[m]}}}"
        for m in MANAGERS
    ]
    lines += [
        f"  - {{slack_id: {r.slack_id}, name: {r.name}, role: rep, email: {r.slack_id.lower()}@example.com, "
        f"manager: {r.manager}, plan: ae-90, start: {START.isoformat()}, tz: {r.tz}}}"
        for r in REPS
    ]
    return "\n".join(lines) + "\n"


# Demos turn into proposals a little more often than the plan expects, except where a rep stalls there.
CONVERTS = {"proposals": 1.4}


def week_values(plan: RampPlan, rep: Rep, week: int) -> dict[str, int]:
    """Return what a rep did in ramp week N: the plan's targets at the rep's pace, with some noise."""
    rng = random.Random(f"{SEED}-{rep.slack_id}-{week}")  # noqa: S311 (a seeded story, not a secret)
    values = {}
    for key in METRICS:
        target = plan.metric(key).target_for(week)
        value = round(target * rep.pace(week, key) * rng.uniform(0.85, 1.15) * CONVERTS.get(key, 1))
        values[key] = round(value, -3) if key == "pipeline" else value
    return values


def week_log(plan: RampPlan, rep: Rep, week: int, *, skip: Iterable[str] = ()) -> str:
    """Return the `/log` text of a rep's ramp week, leaving out the metrics in `skip` (the CRM's)."""
    return " ".join(f"{k}={v}" for k, v in week_values(plan, rep, week).items() if k not in skip)


# The team's template registry (as in examples/templates.yml, without bodies): its tags name each
# approach. Buyers answer the brief, issue-led opener about three times as often as the long product
# tour, and the nudges should find it.
TEMPLATES = {
    "templates": [
        {"name": "issue-opener-short", "tags": ["issue-led", "brief", "personalized"]},
        {"name": "product-opener-long", "tags": ["product-led", "long", "generic"]},
    ]
}
REPLY_RATE = {"issue-opener-short": 0.16, "product-opener-long": 0.05}
TOUCHES_PER_WEEK = 20


def touches_csv(rep: Rep, monday: dt.date) -> str:
    """Return the CSV a sequencing tool exports for a rep's outreach in the week starting `monday`."""
    rng = random.Random(f"{SEED}-touches-{rep.slack_id}-{monday}")  # noqa: S311 (a seeded story)
    out = io.StringIO()
    writer = csv.writer(out)
    # No bodies: the registry's tags name the approach, as when a team keeps its templates there.
    writer.writerow(["rep", "sent_at", "channel", "step", "template", "subject", "outcome"])
    for n in range(TOUCHES_PER_WEEK):
        template = "issue-opener-short" if rng.random() < rep.pain_first else "product-opener-long"
        sent = dt.datetime.combine(monday + dt.timedelta(days=n % 5), dt.time(14, n), tzinfo=dt.UTC)
        roll = rng.random()
        rate = REPLY_RATE[template]
        outcome = "meeting_booked" if roll < rate / 3 else "reply" if roll < rate else "none"
        subject = f"Ramp at account {n}"
        writer.writerow([rep.slack_id, sent.isoformat(), "email", 1, template, subject, outcome])
    return out.getvalue()


EVIDENCE = {
    "on track": "Listened to two discovery calls and read five opportunities: clear buyer issues, "
    "a dated next step in each, and the CRM is current the same day.",
    "needs support": "Joined three calls this period: discovery is solid, but deals stop after the demo "
    "because no close plan or proposal date is agreed with the buyer.",
    "at risk": "Looked at the ramp numbers and the CRM with the rep: activity is far below plan, few "
    "conversations turn into meetings, and the weekly numbers are often missing.",
}
RATINGS = {"on track": 4, "needs support": 3, "at risk": 2}
FOCUS = {
    "on track": "Keep multi-threading; share the pain-first opener with the team.",
    "needs support": "Agree a dated next step and a proposal date at the end of every demo.",
    "at risk": "Daily call blocks with the manager; log every Friday.",
}
ACTION = {
    "on track": "rep: present one won-deal story at the team meeting by {due}",
    "needs support": "rep: send two proposals with a close plan by {due}",
    "at risk": "rep: log the last two weeks and book four meetings by {due}",
}


def review_answers(rep: Rep, today: dt.date, checkpoint: int | None) -> dict[str, str | None]:
    """Return what the manager enters in the review modal, by block id (ratings as `rating:N`)."""
    assessment = rep.assessment
    if rep.slack_id == "U0BEN" and today > START + dt.timedelta(days=45):
        assessment = "on track"  # Ben has recovered by the second half of the ramp
    decision: dict[str, str | None] = {}
    if checkpoint:
        decision = checkpoint_decision(rep, today, checkpoint)
    due = (today + dt.timedelta(days=7)).isoformat()
    answers: dict[str, str | None] = {f"rating:{n}": str(RATINGS[assessment]) for n in range(5)}
    if rep.slack_id == "U0CARA":
        answers["rating:3"] = "1"  # "Builds a mutual close plan": where Cara's deals stop
    return (
        answers
        | {
            "people": FOCUS[assessment],
            "evidence": EVIDENCE[assessment],
            "assessment": assessment,
            "actions": ACTION[assessment].format(due=due),
        }
        | decision
    )


# The day-60 calls the story makes; every other checkpoint continues the ramp.
DAY_60 = {
    "U0FAY": (
        "part ways",
        "Far below plan since week 2 and no change after two reviews; we agreed to part ways.",
    ),
    "U0CARA": (
        "extend the ramp",
        "Activity is on plan but no proposals yet; four more weeks to close the gap.",
    ),
    "U0DEV": ("start a performance plan", "No weekly numbers logged in two months despite two reviews."),
}


CONTINUE_WHY = {
    "on track": "On the plan's pace for this checkpoint; keep going.",
    "needs support": "Behind in places, but the gaps are known and coached in the action items.",
    "at risk": "Far below plan, but early: the action items decide the next checkpoint.",
}


def checkpoint_decision(rep: Rep, today: dt.date, checkpoint: int) -> dict[str, str | None]:
    """Return the modal's decision inputs the manager fills at a checkpoint, by block id."""
    kind, why = DAY_60.get(rep.slack_id, ("", "")) if checkpoint == 60 else ("", "")
    if not kind:
        return {"decision": "continue", "decision_why": CONTINUE_WHY[rep.assessment]}
    answers: dict[str, str | None] = {"decision": kind, "decision_why": why}
    if kind == "extend the ramp":
        answers["decision_weeks"] = "4"
    if kind == "start a performance plan":
        week, month = today + dt.timedelta(days=7), today + dt.timedelta(days=28)
        answers["decision_goals"] = (
            f"Log every Friday by {week.isoformat()}\nBook 6 meetings by {month.isoformat()}"
        )
        answers["decision_by"] = month.isoformat()
    return answers
