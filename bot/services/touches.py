"""Importing outreach touches from a CSV file, and the messaging nudges they support."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from bot.deps import Deps
from coaching.errors import Code
from coaching.nudges import RepNudges, weekly_nudges
from coaching.rep_match import match_reps
from coaching.response_stats import by_approach
from coaching.templates import TemplateRegistry
from coaching.touch_csv import RowProblem, one_per_touch, parse_touches_csv
from storage.db import session_scope
from storage.repo import people
from storage.repo.touches import SaveReport, save_touches, team_touches

CSV_SOURCE = "csv"


@dataclass(frozen=True)
class CsvImport:
    saved: SaveReport
    problems: list[RowProblem]  # rows not stored (bad, repeated, naming nobody), by line
    updates: list[RowProblem]  # later rows that improved an earlier row's touch, by line
    readable: bool  # False when not one row could be read (no header, missing columns, empty)


def import_touches_csv(
    deps: Deps, *, team_id: str, text: str, columns: Mapping[str, str] | None = None
) -> CsvImport:
    """Store the good rows of a touches CSV; report every row not stored, with its line and reason."""
    parsed = parse_touches_csv(text, columns)
    now = deps.clock()
    with session_scope(deps.engine) as session:
        people.ensure_workspace(session, team_id=team_id, now=now)
        directory = people.rep_directory(session, team_id=team_id)
        found = match_reps(parsed.touches, directory)
        # Matching names the rep by Slack id, so two rows naming one rep by email and by id meet here.
        lines = [parsed.lines[t.key] for t in parsed.touches if directory.find(t.rep) is not None]
        merged = one_per_touch(list(zip(lines, found.matched, strict=True)))
        saved = save_touches(
            session, team_id, merged.touches, CSV_SOURCE, now, keep_text=deps.tuning.keep_message_text
        )
    unmatched = [
        RowProblem.one(parsed.lines[t.key], Code.REP_UNKNOWN, "rep", rep=t.rep) for t in found.unmatched
    ]
    header_failed = not parsed.touches and any(p.line == 1 for p in parsed.problems)
    problems = sorted(parsed.problems + merged.problems + unmatched, key=lambda p: p.line)
    updates = sorted(parsed.updates + merged.updates, key=lambda p: p.line)
    return CsvImport(saved, problems, updates, readable=not header_failed)


def team_nudges(
    deps: Deps,
    *,
    team_id: str,
    registry: TemplateRegistry | None,
    days: int,
    rep_id: str | None = None,
) -> list[RepNudges]:
    """Return what `weekly_nudges` would send now, from the team's touches of the last `days` days.

    The whole team's touches are read even for one rep, since the rest of the team sets each rep's prior.
    Without a registry, approach tags come from the message bodies alone.
    """
    since = deps.clock() - dt.timedelta(days=days)
    with session_scope(deps.engine) as session:
        touches = team_touches(session, team_id, since=since)
    nudges = weekly_nudges(touches, by_approach(registry or TemplateRegistry()))
    return [n for n in nudges if rep_id is None or n.rep == rep_id]
