"""Asking the permission table from a service: load who is asking and the reporting line, then `can`.

Every service that acts for a person goes through here, so the rules stay in coaching/policy.py alone.
"""

from collections.abc import Collection, Iterator, Mapping
from functools import cached_property

import structlog
from sqlmodel import Session

from bot.deps import Deps
from bot.services.errors import NotAllowed, NotAMember
from coaching.policy import ORG, Action, ReportingLine, Subject, beyond_own_tree, can, permitted
from coaching.team import Member, Role
from storage.db import session_scope
from storage.repo import people

log = structlog.get_logger("rampcoach.access")


def member(session: Session, team_id: str, user_id: str) -> Member:
    """Return the stored person; raise NotAMember if the user is not in the workspace's team file."""
    found = people.get_member(session, team_id=team_id, slack_id=user_id)
    if found is None:
        raise NotAMember(user_id)
    return found


class _StoredLine(Mapping[str, str | None]):
    """A workspace's manager map, read the first time a rule needs it: self-only checks (a rep logging
    their own week, on the busiest path) never need it."""

    def __init__(self, session: Session, team_id: str) -> None:
        self._session, self._team_id = session, team_id

    @cached_property
    def _manager_of(self) -> dict[str, str | None]:
        return people.manager_map(self._session, team_id=self._team_id)

    def __getitem__(self, person: str) -> str | None:
        return self._manager_of[person]

    def __iter__(self) -> Iterator[str]:
        return iter(self._manager_of)

    def __len__(self) -> int:
        return len(self._manager_of)


def reporting_line(session: Session, team_id: str) -> ReportingLine:
    """Return the workspace's reporting line for the permission table, read from storage when needed."""
    return ReportingLine(_StoredLine(session, team_id))


def require(session: Session, actor: Member, action: Action, subject: Subject) -> None:
    """Return if the table lets the actor do this to the subject; raise NotAllowed (and log it) if not."""
    if not can(actor, action, subject, reporting_line(session, actor.team_id)):
        log.warning("refused", team_id=actor.team_id, user_id=actor.slack_id, action=action, subject=subject)
        raise NotAllowed(str(subject))


def allowed_actor(session: Session, team_id: str, actor_id: str, action: Action, subject: Subject) -> Member:
    """Return the acting member if they may do this to the subject; raise NotAMember or NotAllowed."""
    actor = member(session, team_id, actor_id)
    require(session, actor, action, subject)
    return actor


def permitted_reps(session: Session, actor: Member, action: Action) -> dict[str, str | None]:
    """Return the reps of the actor's workspace that the actor may do `action` to, each with their manager.

    A manager among thousands of reps reads only their own tree (one recursive query); the whole org's
    lines (three plain columns) are read only for someone the table lets reach beyond their tree.
    """
    return Reach(session, actor).permitted(action)


class Reach:
    """The reps an actor may act on, for several actions at once: a leader's Home asks three questions
    (see, confirm milestones, see the early call) about the same 2,000-rep tree, read here once."""

    def __init__(self, session: Session, actor: Member) -> None:
        self._session, self.actor = session, actor

    @cached_property
    def _tree_members(self) -> dict[str, Member]:
        actor = self.actor
        found = people.members_below(self._session, team_id=actor.team_id, manager_id=actor.slack_id)
        return {m.slack_id: m for m in found}

    @cached_property
    def _below(self) -> dict[str, tuple[Role, str | None]]:
        return {person: (m.role, m.manager_id) for person, m in self._tree_members.items()}

    @cached_property
    def _org(self) -> dict[str, tuple[Role, str | None]]:
        return people.reporting_lines(self._session, team_id=self.actor.team_id)

    @cached_property
    def _tree(self) -> tuple[ReportingLine, list[str]]:
        actor = self.actor
        return _shaped(self._below | {actor.slack_id: (actor.role, actor.manager_id)})

    @cached_property
    def _whole(self) -> tuple[ReportingLine, list[str]]:
        return _shaped(self._org)

    def permitted(self, action: Action) -> dict[str, str | None]:
        """Return the reps the actor may do `action` to, each with their manager (see `permitted_reps`)."""
        actor = self.actor
        beyond = beyond_own_tree(actor, action, has_reports=bool(self._below))
        line, reps = self._whole if beyond else self._tree
        return {rep: line.manager_of[rep] for rep in permitted(actor, action, reps, line)}

    def members(self, slack_ids: Collection[str]) -> list[Member]:
        """Return these people of the actor's workspace: from the actor's tree, read already, when they are
        all in it (a leader's reps and their managers), else read."""
        known = self._tree_members | {self.actor.slack_id: self.actor}
        if all(person in known for person in slack_ids):
            return [known[person] for person in slack_ids]
        return people.members(self._session, team_id=self.actor.team_id, slack_ids=slack_ids)


def _shaped(lines: dict[str, tuple[Role, str | None]]) -> tuple[ReportingLine, list[str]]:
    """Return the reporting line of these people, and which of them are reps."""
    line = ReportingLine({person: manager for person, (_, manager) in lines.items()})
    return line, [person for person, (role, _) in lines.items() if role is Role.REP]


OPERATOR_ID = "cli"  # the admin audit trail names command-line acts by this id


def operator(team_id: str) -> Member:
    """Return who a command-line command acts as: whoever runs it holds the database, so an admin."""
    return Member(team_id, OPERATOR_ID, "command line", Role.ADMIN, None, None)


def require_operator(deps: Deps, team_id: str, action: Action, subject: Subject = ORG) -> None:
    """Ask the table whether the command line may do `action`; raise NotAllowed if not.

    The command line has no Slack user to check: it asks as the operator, an admin, so the table stays
    the one place that says what an admin, and so the operator, may do.
    """
    with session_scope(deps.engine) as session:
        require(session, operator(team_id), action, subject)
