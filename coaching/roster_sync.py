"""`team import --sync`: what making the stored team match a team file would do, worked out before
anything is applied, so the admin sees it first."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from coaching.team import Person, Role


@dataclass(frozen=True)
class Stored:
    """A person as stored: what a team file can change, and whether they have left."""

    slack_id: str
    name: str
    role: Role
    manager_id: str | None
    left: bool


@dataclass(frozen=True)
class SyncPlan:
    added: list[str]  # in the file, not stored
    changed: list[str]  # stored and in the file, with another name or role
    moved: list[tuple[str, str | None, str | None]]  # (person, manager now, manager in the file)
    offboarded: list[str]  # reps stored and on the roster, absent from the file
    kept: list[str]  # others absent from the file: only reps are offboarded

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.moved or self.offboarded)


def sync_plan(stored: Mapping[str, Stored], wanted: Sequence[Person]) -> SyncPlan:
    """Return what syncing `stored` to the team file `wanted` adds, changes, moves and offboards."""
    in_file = {p.slack_id for p in wanted}
    added = [p.slack_id for p in wanted if p.slack_id not in stored]
    known = [(stored[p.slack_id], p) for p in wanted if p.slack_id in stored]
    changed = [p.slack_id for s, p in known if (s.name, s.role) != (p.name, p.role)]
    moved = [(p.slack_id, s.manager_id, p.manager) for s, p in known if s.manager_id != p.manager]
    absent = [s for s in stored.values() if s.slack_id not in in_file and not s.left]
    offboarded = sorted(s.slack_id for s in absent if s.role is Role.REP)
    kept = sorted(s.slack_id for s in absent if s.role is not Role.REP)
    return SyncPlan(sorted(added), sorted(changed), sorted(moved, key=lambda m: m[0]), offboarded, kept)
