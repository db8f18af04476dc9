"""A leader's Home that scales: org counts, the reps who need attention first, managers in summary, with
filters and pages, worked out from the same Home data every tab reads (no extra queries).

The filters and pages live in the Home tab's controls (`HomeState`, as JSON in each option and button):
Slack sends them back with every click, so the server keeps no per-person view state.
"""

import dataclasses
import datetime as dt
import json
import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from bot.services.home import Home, TeamLine
from coaching.status import Status

PAGE = 25  # rows per page: two lists of 25 stay far under Slack's 100 blocks per Home tab
LOW_EARLY_CALL = 0.5  # an on-track rep whose early call is under this still needs a look
RISK_ORDER = {Status.BEHIND: 0, Status.AT_RISK: 1}
FILTERS = ("plan", "manager", "hire_class", "segment")


@dataclass(frozen=True)
class HomeState:
    """The filters and pages a leader's Home is drawn with."""

    plan: str | None = None
    manager: str | None = None
    hire_class: str | None = None  # YYYY-MM of the ramp's start
    segment: str | None = None
    page: int = 0  # of the reps needing attention
    manager_page: int = 0

    def paged(self, field: str, page: int) -> "HomeState":
        """Return this state on another page of one list (`page` or `manager_page`)."""
        if field == "page":
            return dataclasses.replace(self, page=page)
        return dataclasses.replace(self, manager_page=page)

    def to_json(self) -> str:
        short = {"p": self.plan, "m": self.manager, "c": self.hire_class, "s": self.segment}
        data = {k: v for k, v in short.items() if v} | {"pg": self.page, "mp": self.manager_page}
        return json.dumps(data, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str | None) -> "HomeState":
        """Return the state a control carried; a bad or missing value is the unfiltered first page."""
        try:
            data = json.loads(text or "{}")
            pages = (max(0, int(data.get("pg", 0))), max(0, int(data.get("mp", 0))))
        except (ValueError, TypeError, AttributeError):
            return cls()
        text_of = {k: v if isinstance(v := data.get(k), str) else None for k in ("p", "m", "c", "s")}
        return cls(text_of["p"], text_of["m"], text_of["c"], text_of["s"], *pages)


def hire_class(start: dt.date | None) -> str | None:
    """Return a ramp's hire class: the month it started (YYYY-MM)."""
    return f"{start:%Y-%m}" if start else None


@dataclass(frozen=True)
class ManagerSummary:
    manager_id: str
    name: str
    reps: int
    on_track: int
    reviews_overdue: int


@dataclass(frozen=True)
class Options:
    """What each filter can be set to, from the reps the leader may see."""

    plans: tuple[str, ...]
    managers: tuple[tuple[str, str], ...]  # (id, name), by name
    hire_classes: tuple[str, ...]  # newest first
    segments: tuple[str, ...]


@dataclass(frozen=True)
class LeaderHome:
    state: HomeState
    counts: dict[str, int]  # on track, at risk, behind, on leave, decisions due
    attention: tuple[TeamLine, ...]  # this page
    attention_total: int
    managers: tuple[ManagerSummary, ...]  # this page
    managers_total: int
    options: Options
    today: dt.date


def _matches(line: TeamLine, state: HomeState) -> bool:
    return (
        (state.plan is None or line.plan_id == state.plan)
        and (state.manager is None or line.rep.manager_id == state.manager)
        and (state.hire_class is None or hire_class(line.start) == state.hire_class)
        and (state.segment is None or line.segment == state.segment)
    )


def needs_attention(lines: list[TeamLine]) -> list[TeamLine]:
    """Return the reps to look at first: behind, then at risk, then a low early call (lowest first)."""

    def rank(line: TeamLine) -> int | None:
        if line.status is None or line.on_leave or line.ended or line.left_on:
            return None
        if line.status.status in RISK_ORDER:
            return RISK_ORDER[line.status.status]
        low = line.early_call_p is not None and line.early_call_p < LOW_EARLY_CALL
        return 2 if low else None

    def attainment(line: TeamLine) -> float:
        return (line.status.attainment if line.status else None) or 0.0

    ranked = [(r, line) for line in lines if (r := rank(line)) is not None]
    ranked.sort(key=lambda p: (p[0], p[1].early_call_p or 0.0, attainment(p[1]), p[1].rep.name))
    return [line for _, line in ranked]


def leader_home(home: Home, state: HomeState) -> LeaderHome:
    """Return the leader's Home for these filters and pages."""
    today = home.today or dt.date.min
    lines = [line for line in home.team if _matches(line, state)]
    shown = {line.rep.slack_id for line in lines}
    needs = [n for n in home.needs if n.rep_id in shown]
    attention = needs_attention(lines)
    managers = _managers(lines, {n.rep_id for n in needs if n.overdue(today)})
    page = min(state.page, _last_page(len(attention)))
    manager_page = min(state.manager_page, _last_page(len(managers)))
    state = dataclasses.replace(state, page=page, manager_page=manager_page)
    return LeaderHome(
        state,
        _counts(lines, sum(1 for n in needs if n.slot.checkpoint is not None)),
        tuple(attention[page * PAGE : (page + 1) * PAGE]),
        len(attention),
        tuple(managers[manager_page * PAGE : (manager_page + 1) * PAGE]),
        len(managers),
        _options(home.team),
        today,
    )


def _last_page(total: int) -> int:
    return max(0, math.ceil(total / PAGE) - 1)


def _counts(lines: list[TeamLine], decisions: int) -> dict[str, int]:
    active = [line for line in lines if not (line.ended or line.left_on)]
    statuses = Counter(line.status.status for line in active if line.status and not line.on_leave)
    return {
        "on track": statuses[Status.ON_TRACK],
        "at risk": statuses[Status.AT_RISK],
        "behind": statuses[Status.BEHIND],
        "on leave": sum(1 for line in active if line.on_leave),
        "decisions due": decisions,
    }


def _managers(lines: list[TeamLine], overdue: set[str]) -> list[ManagerSummary]:
    groups: dict[tuple[str, str], list[TeamLine]] = defaultdict(list)
    for line in lines:
        groups[(line.rep.manager_id or "", line.manager)].append(line)
    summaries = [
        ManagerSummary(
            manager_id,
            name,
            len(group),
            sum(1 for line in group if line.status and line.status.status is Status.ON_TRACK),
            sum(1 for line in group if line.rep.slack_id in overdue),
        )
        for (manager_id, name), group in groups.items()
    ]
    # Managers with the most late reviews and the lowest on-track share first: where to look.
    return sorted(summaries, key=lambda m: (-m.reviews_overdue, m.on_track / m.reps, m.name))


def _options(lines: tuple[TeamLine, ...]) -> Options:
    managers = {line.rep.manager_id: line.manager for line in lines if line.rep.manager_id}
    return Options(
        plans=tuple(sorted({line.plan_id for line in lines if line.plan_id})),
        managers=tuple(sorted(managers.items(), key=lambda m: (m[1], m[0]))),
        hire_classes=tuple(
            sorted({c for start in {line.start for line in lines} if (c := hire_class(start))}, reverse=True)
        ),
        segments=tuple(sorted({line.segment for line in lines if line.segment})),
    )


def manager_team(home: Home, manager_id: str) -> tuple[str, list[TeamLine]]:
    """Return a manager's name and the reps of theirs the viewer may see (riskiest first)."""
    lines = [line for line in home.team if line.rep.manager_id == manager_id]
    name = lines[0].manager if lines else manager_id
    order = {line.rep.slack_id: n for n, line in enumerate(needs_attention(lines))}
    return name, sorted(lines, key=lambda line: (order.get(line.rep.slack_id, len(order)), line.rep.name))
