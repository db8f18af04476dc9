"""The permission table, tested from itself: every action has a row, and every action x relation is asked.

The org (subject: Riley, U0REP):
  Lee (leader) > Dee (manager) > Max (manager) > Riley, Pat (reps);  Mia (manager) > Olu (rep)
  Sol (leader with nobody below: leads the whole org);  Ada (admin, outside the line)
"""

from collections.abc import Iterator, Mapping

import pytest

from coaching.policy import (
    ORG,
    TABLE,
    Action,
    Relation,
    ReportingLine,
    Subject,
    SubjectKind,
    beyond_own_tree,
    can,
    early_call_action,
    permitted,
    relations,
)
from coaching.team import Member, Role

MANAGER_OF: dict[str, str | None] = {
    "U0LEE": None,
    "U0DEE": "U0LEE",
    "U0MAX": "U0DEE",
    "U0REP": "U0MAX",
    "U0PAT": "U0MAX",
    "U0MIA": None,
    "U0OLU": "U0MIA",
    "U0SOL": None,
    "U0ADA": None,
}
ROLES = {
    "U0LEE": Role.LEADER,
    "U0DEE": Role.MANAGER,
    "U0MAX": Role.MANAGER,
    "U0REP": Role.REP,
    "U0PAT": Role.REP,
    "U0MIA": Role.MANAGER,
    "U0OLU": Role.REP,
    "U0SOL": Role.LEADER,
    "U0ADA": Role.ADMIN,
}
LINE = ReportingLine(MANAGER_OF)
SUBJECT = "U0REP"
# For each relation, someone who holds exactly that one to Riley (or, for org-wide actions, to the org).
TO_RILEY = {
    Relation.SELF: "U0REP",
    Relation.MANAGER: "U0MAX",
    Relation.ABOVE: "U0DEE",
    Relation.LEADER: "U0SOL",
    Relation.ADMIN: "U0ADA",
    Relation.NONE: "U0PAT",
}
TO_ORG = {
    Relation.ADMIN: "U0ADA",
    Relation.LEADER: "U0LEE",
    Relation.TEAM_MANAGER: "U0MAX",
    Relation.NONE: "U0REP",
}
ORG_ONLY = {Relation.TEAM_MANAGER}


# The table as a reviewer reads it: a change of who may do what is a change here too, on purpose.
# Columns: self, admin, direct manager, manager up the line, leader of the tree, manager of a team (org).
GRID = """
log                   x . . . . .
view_status           x x x x x .
enroll                . x x x x .
review                . x x x . .
read_reviews          x x x x x .
amend_review          x x . . . .
complete_action_item  x x x x . .
react_to_nudge        x . . . . .
score_draft           x . . . . .
view_nudges           x x x x x .
confirm_milestone     . x x x x .
decide_checkpoint     . x x x . .
view_early_call       . x x x x .
view_early_call_leaders . x . . x .
pause                 . x x x x .
record_leave          x x x x x .
offboard              . x x x x .
reactivate            . x x x x .
move                  . x x x x .
replan                . x x x x .
remind                . x x x x .
post_agenda           . x x x . .
forget                . x . . . .
export_logs           . x . . x x
export_reviews        . x . . x x
export_roster         . x . . x .
export_deliveries     . x . . . .
export_admin_actions  . x . . . .
see_digest            . x . . x x
see_cohorts           . x . . x .
calibration           . x . . x .
import_team           . x . . . .
import_plan           . x . . . .
import_activity       . x . . . .
import_touches        . x . . . .
"""
COLUMNS = [
    Relation.SELF,
    Relation.ADMIN,
    Relation.MANAGER,
    Relation.ABOVE,
    Relation.LEADER,
    Relation.TEAM_MANAGER,
]


def grid() -> dict[str, frozenset[Relation]]:
    rows = [line.split() for line in GRID.strip().splitlines()]
    return {
        row[0]: frozenset(c for c, mark in zip(COLUMNS, row[1:], strict=True) if mark == "x") for row in rows
    }


def test_the_table_grants_exactly_what_the_reviewed_grid_says() -> None:
    assert {action.value: rule.allowed for action, rule in TABLE.items()} == grid()


def member(slack_id: str) -> Member:
    return Member("T1", slack_id, slack_id, ROLES[slack_id], MANAGER_OF[slack_id], None)


def cases() -> Iterator[tuple[Action, Relation]]:
    for action, rule in TABLE.items():
        shown = TO_ORG if rule.subject is SubjectKind.ORG else TO_RILEY
        for relation in shown:
            yield action, relation


def test_every_action_has_exactly_one_row() -> None:
    assert set(TABLE) == set(Action)


def test_each_row_grants_only_relations_that_exist_for_its_kind_of_subject() -> None:
    for action, rule in TABLE.items():
        meaningful = set(TO_ORG) if rule.subject is SubjectKind.ORG else set(TO_RILEY)
        assert rule.allowed <= meaningful - {Relation.NONE}, action
        assert rule.allowed, f"{action} is allowed to nobody"


def test_the_matrix_names_every_relation() -> None:
    assert set(TO_RILEY) | set(TO_ORG) == set(Relation)


@pytest.mark.parametrize(("who", "relation"), [(w, r) for r, w in TO_RILEY.items()])
def test_each_person_in_the_matrix_holds_exactly_their_relation_to_riley(
    who: str, relation: Relation
) -> None:
    assert relations(member(who), SUBJECT, LINE) == {relation}


@pytest.mark.parametrize(("who", "relation"), [(w, r) for r, w in TO_ORG.items()])
def test_each_person_in_the_matrix_holds_exactly_their_relation_to_the_org(
    who: str, relation: Relation
) -> None:
    assert relations(member(who), ORG, LINE) == {relation}


@pytest.mark.parametrize(("action", "relation"), list(cases()))
def test_can_answers_what_the_table_says(action: Action, relation: Relation) -> None:
    rule = TABLE[action]
    on_org = rule.subject is SubjectKind.ORG
    actor = member((TO_ORG if on_org else TO_RILEY)[relation])
    subject: Subject = ORG if on_org else SUBJECT
    assert can(actor, action, subject, LINE) is (relation in rule.allowed)


PERSON_ACTIONS = [a for a, rule in TABLE.items() if rule.subject is SubjectKind.PERSON]
LOOPED = ReportingLine(MANAGER_OF | {"U0MIA": "U0OLU"})  # bad data: Mia and Olu manage each other


@pytest.mark.parametrize("line", [LINE, LOOPED], ids=["tree", "loop"])
@pytest.mark.parametrize("action", PERSON_ACTIONS)
def test_permitted_answers_what_can_says_for_everyone(action: Action, line: ReportingLine) -> None:
    everyone = [*MANAGER_OF, "U0GHOST"]
    for actor in map(member, MANAGER_OF):
        expected = {s for s in everyone if can(actor, action, s, line)}
        assert permitted(actor, action, everyone, line) == expected, actor.slack_id


@pytest.mark.parametrize("action", PERSON_ACTIONS)
def test_an_actor_not_reaching_beyond_their_tree_is_allowed_nothing_outside_it(action: Action) -> None:
    for actor in map(member, MANAGER_OF):
        below = LINE.depths_below(actor.slack_id)
        if beyond_own_tree(actor, action, has_reports=bool(below)):
            continue
        outside = set(MANAGER_OF) - set(below) - {actor.slack_id}
        assert permitted(actor, action, outside, LINE) == set(), actor.slack_id


def test_a_leader_with_a_tree_leads_it_and_nobody_outside_it() -> None:
    lee = member("U0LEE")
    assert relations(lee, SUBJECT, LINE) == {Relation.ABOVE, Relation.LEADER}
    assert relations(lee, "U0OLU", LINE) == {Relation.NONE}
    assert can(lee, Action.READ_REVIEWS, SUBJECT, LINE)
    assert not can(lee, Action.READ_REVIEWS, "U0OLU", LINE)


def test_a_leader_with_nobody_below_them_leads_the_whole_org_but_writes_no_review() -> None:
    sol = member("U0SOL")
    assert permitted(sol, Action.VIEW_STATUS, ["U0REP", "U0PAT", "U0OLU"], LINE) == {
        "U0REP",
        "U0PAT",
        "U0OLU",
    }
    assert not can(sol, Action.REVIEW, SUBJECT, LINE)


def test_an_admin_who_is_also_the_manager_holds_both_relations() -> None:
    line = ReportingLine({"U0REP": "U0ADA", "U0ADA": None})
    assert relations(member("U0ADA"), SUBJECT, line) == {Relation.MANAGER, Relation.ADMIN}


def test_a_manager_of_another_team_may_not_touch_riley() -> None:
    mia = member("U0MIA")
    assert relations(mia, SUBJECT, LINE) == {Relation.NONE}
    assert not any(can(mia, a, SUBJECT, LINE) for a, r in TABLE.items() if r.subject is SubjectKind.PERSON)


def test_the_rep_never_sees_the_early_call_about_themselves() -> None:
    assert not can(member("U0REP"), Action.VIEW_EARLY_CALL, SUBJECT, LINE)


def test_with_the_early_call_for_leaders_only_the_line_of_managers_no_longer_sees_it() -> None:
    action = early_call_action("leaders")
    assert not can(member("U0MAX"), action, SUBJECT, LINE) and not can(member("U0REP"), action, SUBJECT, LINE)
    assert can(member("U0LEE"), action, SUBJECT, LINE) and can(member("U0ADA"), action, SUBJECT, LINE)
    assert early_call_action("managers") is Action.VIEW_EARLY_CALL


def test_a_rep_may_record_their_own_leave_but_not_offboard_or_move_anyone() -> None:
    riley = member("U0REP")
    assert can(riley, Action.RECORD_LEAVE, SUBJECT, LINE)
    for action in (Action.OFFBOARD, Action.REACTIVATE, Action.MOVE, Action.REPLAN, Action.PAUSE):
        assert not can(riley, action, SUBJECT, LINE) and not can(riley, action, "U0PAT", LINE)


def test_asking_about_the_wrong_kind_of_subject_is_a_bug_not_a_refusal() -> None:
    with pytest.raises(ValueError, match="export_logs is about org"):
        can(member("U0ADA"), Action.EXPORT_LOGS, SUBJECT, LINE)
    with pytest.raises(ValueError, match="review is about person"):
        can(member("U0ADA"), Action.REVIEW, ORG, LINE)


class Unreadable(Mapping[str, str | None]):
    def __getitem__(self, key: str) -> str | None:
        raise AssertionError("the reporting line was read")

    def __iter__(self) -> Iterator[str]:
        raise AssertionError("the reporting line was read")

    def __len__(self) -> int:
        raise AssertionError("the reporting line was read")


def test_a_self_only_check_never_reads_the_reporting_line() -> None:
    assert can(member("U0REP"), Action.LOG, SUBJECT, ReportingLine(Unreadable()))


def test_a_loop_in_the_reporting_line_does_not_hang() -> None:
    line = ReportingLine({"U0A": "U0B", "U0B": "U0A"})
    assert line.above("U0X", "U0A") == 0 and line.depths_below("U0A") == {"U0B": 1}
    assert relations(member("U0MAX"), "U0A", line) == {Relation.NONE}


def test_someone_not_in_the_line_is_nobodys_report() -> None:
    assert relations(member("U0MAX"), "U0GHOST", LINE) == {Relation.NONE}
    assert relations(member("U0SOL"), "U0GHOST", LINE) == {Relation.LEADER}
