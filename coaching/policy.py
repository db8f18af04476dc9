"""Who may do what to whose data: one table of actions by relations, and `can`, which reads it.

A permission question names an actor (a stored member), an action, and a subject: a person's Slack id, or
`ORG` for an org-wide action (an export, the digest), whose rows the caller then limits to the people the
actor may see. The answer depends only on how the actor relates to the subject in the reporting line,
which the caller passes in: this module does no I/O. Adding an action means adding a row to `TABLE`; the
permission-matrix tests are generated from it.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum, StrEnum
from functools import cached_property

from coaching.team import Member, Role


class Org(Enum):
    """The whole workspace as the subject of an org-wide action."""

    ORG = "org"


ORG = Org.ORG
Subject = str | Org


class Relation(StrEnum):
    """How an actor stands to a subject. An actor can hold several at once (an admin who is the manager)."""

    SELF = "self"
    ADMIN = "admin"
    MANAGER = "direct manager"
    ABOVE = "manager up the line"  # above the direct manager, at any height
    # A leader's purview is their own tree; a leader with nobody below them (the usual one-leader setup)
    # leads the whole org. Toward `ORG`, any leader.
    LEADER = "leader of the tree"
    # Toward `ORG` only: someone with the manager role, who acts on their own team's slice of the org.
    TEAM_MANAGER = "manager of a team"
    NONE = "none"


class Action(StrEnum):
    """Everything a person (or the command line) may be allowed to do; each has one row in `TABLE`."""

    LOG = "log"
    VIEW_STATUS = "view_status"
    ENROLL = "enroll"
    REVIEW = "review"  # write, draft and reschedule a review
    READ_REVIEWS = "read_reviews"
    AMEND_REVIEW = "amend_review"  # the subject is the review's author
    COMPLETE_ACTION_ITEM = "complete_action_item"
    REACT_TO_NUDGE = "react_to_nudge"
    SCORE_DRAFT = "score_draft"  # the subject is the person asking
    VIEW_NUDGES = "view_nudges"
    CONFIRM_MILESTONE = "confirm_milestone"
    DECIDE_CHECKPOINT = "decide_checkpoint"
    VIEW_EARLY_CALL = "view_early_call"
    VIEW_EARLY_CALL_LEADERS = "view_early_call_leaders"  # when the early call is for leaders only
    PAUSE = "pause"
    RECORD_LEAVE = "record_leave"
    OFFBOARD = "offboard"
    REACTIVATE = "reactivate"
    MOVE = "move"
    REPLAN = "replan"
    REMIND = "remind"
    POST_AGENDA = "post_agenda"
    FORGET = "forget"
    EXPORT_LOGS = "export_logs"
    EXPORT_REVIEWS = "export_reviews"
    EXPORT_ROSTER = "export_roster"
    EXPORT_DELIVERIES = "export_deliveries"
    EXPORT_ADMIN_ACTIONS = "export_admin_actions"
    SEE_DIGEST = "see_digest"
    SEE_COHORTS = "see_cohorts"
    CALIBRATION = "calibration"
    IMPORT_TEAM = "import_team"
    IMPORT_PLAN = "import_plan"
    IMPORT_ACTIVITY = "import_activity"
    IMPORT_TOUCHES = "import_touches"


class SubjectKind(StrEnum):
    """What an action is done to: one person, or the whole org."""

    PERSON = "person"
    ORG = "org"


@dataclass(frozen=True)
class Rule:
    """One row of the table: the kind of subject, and the relations that may do the action to it."""

    subject: SubjectKind
    allowed: frozenset[Relation]


def _person(*allowed: Relation) -> Rule:
    return Rule(SubjectKind.PERSON, frozenset(allowed))


def _org(*allowed: Relation) -> Rule:
    return Rule(SubjectKind.ORG, frozenset(allowed))


SELF, MANAGER, ABOVE, LEADER, ADMIN = (
    Relation.SELF,
    Relation.MANAGER,
    Relation.ABOVE,
    Relation.LEADER,
    Relation.ADMIN,
)
TEAM_MANAGER = Relation.TEAM_MANAGER
# Everyone in charge of a person: their line of managers, their leader, an admin.
IN_CHARGE = (MANAGER, ABOVE, LEADER, ADMIN)

TABLE: Mapping[Action, Rule] = {
    Action.LOG: _person(SELF),  # a rep logs only their own weeks
    Action.VIEW_STATUS: _person(SELF, *IN_CHARGE),
    Action.ENROLL: _person(*IN_CHARGE),
    # Writing a review is for the rep's line of managers (and admins), not for a leader outside it.
    Action.REVIEW: _person(MANAGER, ABOVE, ADMIN),
    Action.READ_REVIEWS: _person(SELF, *IN_CHARGE),
    Action.AMEND_REVIEW: _person(SELF, ADMIN),
    Action.COMPLETE_ACTION_ITEM: _person(SELF, MANAGER, ABOVE, ADMIN),
    Action.REACT_TO_NUDGE: _person(SELF),  # a nudge's buttons name a rep, never a right
    Action.SCORE_DRAFT: _person(SELF),
    Action.VIEW_NUDGES: _person(SELF, *IN_CHARGE),
    Action.CONFIRM_MILESTONE: _person(*IN_CHARGE),
    Action.DECIDE_CHECKPOINT: _person(MANAGER, ABOVE, ADMIN),
    Action.VIEW_EARLY_CALL: _person(*IN_CHARGE),  # a coaching aid for managers, never shown to the rep
    # RAMPCOACH_EARLY_CALL_VISIBLE_TO=leaders: the line of managers no longer sees it either.
    Action.VIEW_EARLY_CALL_LEADERS: _person(LEADER, ADMIN),
    Action.PAUSE: _person(*IN_CHARGE),
    Action.RECORD_LEAVE: _person(SELF, *IN_CHARGE),  # a rep may record their own leave
    Action.OFFBOARD: _person(*IN_CHARGE),
    Action.REACTIVATE: _person(*IN_CHARGE),
    Action.MOVE: _person(*IN_CHARGE),
    Action.REPLAN: _person(*IN_CHARGE),
    Action.REMIND: _person(*IN_CHARGE),
    Action.POST_AGENDA: _person(MANAGER, ABOVE, ADMIN),
    Action.FORGET: _person(ADMIN),
    Action.EXPORT_LOGS: _org(TEAM_MANAGER, LEADER, ADMIN),  # rows: the reps the actor may view
    Action.EXPORT_REVIEWS: _org(TEAM_MANAGER, LEADER, ADMIN),  # rows: the reps whose reviews they may read
    Action.EXPORT_ROSTER: _org(LEADER, ADMIN),
    Action.EXPORT_DELIVERIES: _org(ADMIN),
    Action.EXPORT_ADMIN_ACTIONS: _org(ADMIN),
    Action.SEE_DIGEST: _org(
        TEAM_MANAGER, LEADER, ADMIN
    ),  # rows: the reps the actor may view (a manager: their tree)
    Action.SEE_COHORTS: _org(LEADER, ADMIN),
    Action.CALIBRATION: _org(LEADER, ADMIN),
    Action.IMPORT_TEAM: _org(ADMIN),
    Action.IMPORT_PLAN: _org(ADMIN),
    Action.IMPORT_ACTIVITY: _org(ADMIN),
    Action.IMPORT_TOUCHES: _org(ADMIN),
}


@dataclass(frozen=True)
class ReportingLine:
    """Who reports to whom in one workspace: each person's manager (None at the top)."""

    manager_of: Mapping[str, str | None]

    @cached_property
    def managers(self) -> frozenset[str]:
        """Return everyone with at least one person reporting to them."""
        return frozenset(m for m in self.manager_of.values() if m is not None)

    def above(self, actor_id: str, subject_id: str) -> int:
        """Return how many steps above `subject_id` the actor is (1: direct manager), 0 if not above."""
        seen: set[str] = set()
        current = self.manager_of.get(subject_id)
        steps = 1
        while current is not None and current not in seen:  # a loop in bad data must not hang
            if current == actor_id:
                return steps
            seen.add(current)
            current = self.manager_of.get(current)
            steps += 1
        return 0

    @cached_property
    def _reports(self) -> dict[str, list[str]]:
        reports: dict[str, list[str]] = {}
        for person, manager in self.manager_of.items():
            if manager is not None:
                reports.setdefault(manager, []).append(person)
        return reports

    @cached_property
    def _depths(self) -> dict[str, Mapping[str, int]]:
        return {}

    def depths_below(self, actor_id: str) -> Mapping[str, int]:
        """Return everyone below the actor with how many steps below they are (1: direct reports); walked
        once per actor (a leader's Home asks three actions about the same 2,000 reps)."""
        if actor_id not in self._depths:
            self._depths[actor_id] = self._walk_down(actor_id)
        return self._depths[actor_id]

    def _walk_down(self, actor_id: str) -> dict[str, int]:
        depths: dict[str, int] = {}
        level, steps = [actor_id], 1
        while level:
            level = [p for m in level for p in self._reports.get(m, ()) if p not in depths and p != actor_id]
            depths.update((p, steps) for p in level)
            steps += 1
        return depths


def early_call_action(visible_to: str) -> Action:
    """Return the action that decides who sees the early call under RAMPCOACH_EARLY_CALL_VISIBLE_TO."""
    return Action.VIEW_EARLY_CALL_LEADERS if visible_to == "leaders" else Action.VIEW_EARLY_CALL


def relations(actor: Member, subject: Subject, line: ReportingLine) -> frozenset[Relation]:
    """Return every relation the actor holds to the subject ({NONE} when there is none)."""
    standing = _Standing(actor, subject, line)
    found = frozenset(r for r in Relation if standing.holds(r))
    return found or frozenset({Relation.NONE})


@dataclass(frozen=True)
class _Standing:
    """The actor as seen from one subject. The walk up the reporting line is done at most once, and
    only for a relation that needs it: a self-only check never reads the line at all."""

    actor: Member
    subject: Subject
    line: ReportingLine
    known_steps: int | None = None  # given when the caller walked the line already

    @cached_property
    def steps(self) -> int:
        if self.known_steps is not None or self.subject is ORG:
            return self.known_steps or 0
        return self.line.above(self.actor.slack_id, self.subject)

    def holds(self, relation: Relation) -> bool:
        role = self.actor.role
        if self.subject is ORG:
            by_role = {Role.ADMIN: ADMIN, Role.LEADER: LEADER, Role.MANAGER: TEAM_MANAGER}
            return by_role.get(role) is relation
        if relation is SELF:
            return self.actor.slack_id == self.subject
        if relation is ADMIN:
            return role is Role.ADMIN
        if relation is MANAGER:
            return self.steps == 1
        if relation is ABOVE:
            return self.steps > 1
        if relation is LEADER:
            return role is Role.LEADER and (self.actor.slack_id not in self.line.managers or self.steps > 0)
        return False  # TEAM_MANAGER is about the org; NONE is what is left when nothing holds


def can(actor: Member, action: Action, subject: Subject, line: ReportingLine) -> bool:
    """Return whether the actor may do `action` to the subject, by the table.

    Raise ValueError when the subject is of the wrong kind for the action (a person for an org-wide
    action, or the reverse): that is a bug in the caller, not a refusal.
    """
    rule = TABLE[action]
    kind = SubjectKind.ORG if subject is ORG else SubjectKind.PERSON
    if kind is not rule.subject:
        raise ValueError(f"{action} is about {rule.subject.value}, not {kind.value}")
    return _allowed(_Standing(actor, subject, line), rule)


def permitted(actor: Member, action: Action, subjects: Iterable[str], line: ReportingLine) -> set[str]:
    """Return the people among `subjects` the actor may do `action` to: what `can` says of each.

    A leader's Home asks this for the whole org, so the answer is worked out once per standing toward
    someone else (not below, directly below, further below), and the line is walked once, down from the
    actor, only when those answers differ.
    """
    rule = TABLE[action]
    if rule.subject is not SubjectKind.PERSON:
        raise ValueError(f"{action} is about {rule.subject.value}, not person")
    me = actor.slack_id
    wanted = set(subjects)
    shapes = {steps: _allowed(_Standing(actor, "", line, known_steps=steps), rule) for steps in (0, 1, 2)}
    if all(shapes.values()):  # allowed whatever the standing: an admin, or a leader of the whole org
        found = wanted - {me}
    elif shapes[1] == shapes[2]:  # the same answer at any depth below: asked per relation, not per person
        below = line.depths_below(me).keys()
        found = ((wanted & below if shapes[1] else set()) | (wanted - below if shapes[0] else set())) - {me}
    else:
        depths = line.depths_below(me)
        found = {s for s in wanted if s != me and shapes[min(depths.get(s, 0), 2)]}
    return found | ({me} if me in wanted and can(actor, action, me, line) else set())


def _allowed(standing: _Standing, rule: Rule) -> bool:
    # Cheap relations first (self, admin): a check that they settle never reads the reporting line.
    return any(standing.holds(r) for r in Relation if r in rule.allowed)


def beyond_own_tree(actor: Member, action: Action, *, has_reports: bool) -> bool:
    """Return whether the actor may do `action` to anyone besides themselves and the people below them.

    When not, a caller may load only the actor's own tree before asking: for a manager among thousands
    of reps, that is one small query instead of the whole org.
    """
    allowed = TABLE[action].allowed
    if actor.role is Role.ADMIN and ADMIN in allowed:
        return True
    return actor.role is Role.LEADER and LEADER in allowed and not has_reports
