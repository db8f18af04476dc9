"""`rampcoach team import --sync FILE [--yes]`: list who would be added, changed, moved and offboarded."""

from pathlib import Path

from bot.cli.common import out, problems, read
from bot.deps import Deps
from bot.services import roster_sync
from coaching.errors import FieldProblem
from coaching.roster_sync import SyncPlan


def team_sync_command(deps: Deps, team_id: str, file: Path, *, apply: bool) -> None:
    """Show the sync; apply it only when asked (`--yes`)."""
    try:
        result = roster_sync.team_sync(deps, team_id=team_id, source=read(file), apply=apply)
    except FieldProblem as error:
        problems(file, error)
    _show(result.plan)
    if result.plan.empty:
        out.print("The stored team already matches the file.")
    elif result.applied:
        out.print(
            f"Applied: {result.people_changed} people and {result.enrollments_changed} enrollments "
            f"created or changed, {len(result.plan.offboarded)} reps offboarded."
        )
    else:
        out.print("Nothing was changed. Run again with --yes to apply this.")


def _show(plan: SyncPlan) -> None:
    for title, names in (
        ("Added", plan.added),
        ("Changed (name or role)", plan.changed),
        ("Moved", [f"{p}: {old or '—'} → {new or '—'}" for p, old, new in plan.moved]),
        ("Offboarded (absent from the file)", plan.offboarded),
        ("Absent but kept (not reps)", plan.kept),
    ):
        if names:
            out.print(f"{title} ({len(names)}): {', '.join(names)}", highlight=False)
