"""`rampcoach team import --sync FILE`: make the stored team match the file, shown first, applied on --yes."""

from dataclasses import dataclass

from bot.deps import Deps
from bot.services import setup
from bot.services.access import OPERATOR_ID
from bot.services.roster import offboard
from coaching.roster import Change, RosterChange
from coaching.roster_sync import SyncPlan, sync_plan
from coaching.team import parse_team
from storage.db import session_scope
from storage.repo import roster

SYNC_REASON = "absent from the team file (team import --sync)"


@dataclass(frozen=True)
class Synced:
    plan: SyncPlan
    applied: bool
    people_changed: int = 0
    enrollments_changed: int = 0


def team_sync(deps: Deps, *, team_id: str, source: str, apply: bool) -> Synced:
    """Return what syncing to the file would do; with `apply`, do it: import, then offboard the absent reps.

    Raise FieldProblem for a bad file (nothing changes then).
    """
    team = parse_team(setup.load_yaml(source))
    with session_scope(deps.engine) as session:
        plan = sync_plan(roster.stored_team(session, team_id=team_id), team)
    if not apply:
        return Synced(plan, applied=False)
    imported = setup.import_team(deps, team_id=team_id, source=source)
    with session_scope(deps.engine) as session:
        for rep, old, new in plan.moved:
            detail = f"from {old or 'nobody'} to {new or 'nobody'}"
            change = RosterChange(rep, OPERATOR_ID, Change.MOVE, detail, "team import --sync", deps.clock())
            roster.record(session, team_id=team_id, change=change)
    for rep in plan.offboarded:
        offboard(deps, team_id=team_id, actor_id=None, rep_id=rep, reason=SYNC_REASON)
    return Synced(plan, True, imported.people_changed, imported.enrollments_changed)


def absent_from(deps: Deps, *, team_id: str, source: str) -> int:
    """Return how many people on the roster are not in the team file (an import without --sync keeps them)."""
    wanted = {p.slack_id for p in parse_team(setup.load_yaml(source))}
    with session_scope(deps.engine) as session:
        stored = roster.stored_team(session, team_id=team_id)
    return sum(1 for s in stored.values() if s.slack_id not in wanted and not s.left)
