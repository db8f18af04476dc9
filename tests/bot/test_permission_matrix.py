"""The permission table, asked through the services that listeners, CLI commands and jobs call.

Generated from the table: every action with a service today is tried by one person in each relation to
Riley (or to the org), and the service must allow exactly what `TABLE` says. An action without a service
must be listed in NO_SERVICE_YET, so a new action cannot slip in untested. The org is the one of
tests/coaching/test_policy.py, stored once per database.
"""

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bot.deps import Deps, SettableClock
from bot.services import (
    access,
    activity,
    cockpit,
    decisions,
    digest,
    enrolment,
    export,
    home,
    leave,
    nudges,
    review_export,
    reviews,
    roster,
    setup,
)
from bot.services.errors import NotAllowed
from coaching.early_call import EarlyCall
from coaching.errors import Code, FieldProblem
from coaching.leave import LeaveRequest, LeaveVerb
from coaching.milestone_marks import Mark
from coaching.nudges import InsightRef
from coaching.policy import ORG, TABLE, Action, Relation, Subject, SubjectKind
from coaching.review_form import RawReview, parse_review
from coaching.roster import ReplanRequest
from coaching.touches import Stage
from storage import migrate
from storage.db import make_engine, session_scope
from storage.repo import reviews as review_repo
from tests.coaching.test_policy import SUBJECT, TO_ORG, TO_RILEY

ROOT = Path(__file__).resolve().parents[2]
TEAM = "T111"
NOW = dt.datetime(2026, 11, 20, 15, tzinfo=dt.UTC)
TEAM_FILE = """
people:
  - {slack_id: U0LEE, name: Lee, role: leader}
  - {slack_id: U0DEE, name: Dee, role: manager, manager: U0LEE}
  - {slack_id: U0MAX, name: Max, role: manager, manager: U0DEE}
  - {slack_id: U0REP, name: Riley, role: rep, manager: U0MAX, plan: ae-90, start: 2026-11-02}
  - {slack_id: U0PAT, name: Pat, role: rep, manager: U0MAX, plan: ae-90, start: 2026-11-02}
  - {slack_id: U0MIA, name: Mia, role: manager}
  - {slack_id: U0OLU, name: Olu, role: rep, manager: U0MIA}
  - {slack_id: U0SOL, name: Sol, role: leader}
  - {slack_id: U0ADA, name: Ada, role: admin}
"""
EVIDENCE = "Joined two calls: clear discovery, but every deal has a single contact and no dated next step."


def raw_review(actions: str | None = None) -> RawReview:
    ratings = {str(n): "3" for n in range(5)}
    return RawReview(ratings, None, None, None, EVIDENCE, "needs support", None, actions, None)


@dataclass(frozen=True)
class Org:
    deps: Deps
    item_id: int  # an open action item of Riley's
    review_id: int  # a review Riley wrote (about Pat): Riley is its author


def seed(deps: Deps) -> Org:
    setup.import_plan(deps, team_id=TEAM, source=(ROOT / "plans" / "ae-90.yml").read_text())
    setup.import_team(deps, team_id=TEAM, source=TEAM_FILE)
    stored = reviews.submit_review(
        deps,
        team_id=TEAM,
        actor_id="U0ADA",
        rep_id=SUBJECT,
        opened_at=None,
        raw=raw_review("rep: add a second contact in five deals by 2026-12-04"),
        done_ids=[],
    )
    tasks = [str(n) for n in range(5)]
    # Storage does not ask who may write; the service would refuse Riley, which is what AMEND tests.
    by_riley = parse_review(raw_review(), tasks, checkpoint=False, today=NOW.date())
    with session_scope(deps.engine) as session:
        review_id = review_repo.save_review(
            session,
            team_id=TEAM,
            rep_id="U0PAT",
            author_id=SUBJECT,
            slot=None,
            checkpoint=None,
            review=by_riley,
            seconds=None,
            now=NOW,
        )
    return Org(deps, stored.actions[0].id, review_id)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def org(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Org]:
    """One stored org per database for the whole matrix (migrating once per case would take minutes)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('matrix') / 'matrix.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    migrate.upgrade(url)
    deps = Deps(engine=make_engine(url), clock=SettableClock(NOW))
    yield seed(deps)
    deps.engine.dispose()
    if request.param == "postgresql":
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()


Try = Callable[[Org, str], object]  # does the action as the actor; raises NotAllowed when refused


def _visible(org: Org, actor: str) -> None:
    with session_scope(org.deps.engine) as session:
        viewer = access.member(session, TEAM, actor)
        if SUBJECT not in home.visible_reps(session, viewer):
            raise NotAllowed(actor)


def _react(org: Org, actor: str) -> object:
    ref = InsightRef("approach", Stage.OPENER, "brief", "long")
    target = nudges.NudgeTarget(SUBJECT, "2026-W47", ref)
    return nudges.react(org.deps, team_id=TEAM, actor_id=actor, target=target, reaction="up")


def _sees_call(visible_to: str) -> Try:
    def sees(org: Org, actor: str) -> None:
        deps = dataclasses.replace(
            org.deps, tuning=dataclasses.replace(org.deps.tuning, early_call_visible_to=visible_to)
        )
        with session_scope(deps.engine) as session:
            viewer = access.member(session, TEAM, actor)
            calls = {SUBJECT: EarlyCall(0.5, 40, (), 0.5)}
            if SUBJECT not in decisions.visible_calls_of(deps, session, viewer, [SUBJECT], calls):
                raise NotAllowed(actor)

    return sees


def _offboard(org: Org, actor: str) -> object:
    """Offboard Riley as the actor, then put them back (as the admin): the org is shared by every case."""
    roster.offboard(org.deps, team_id=TEAM, actor_id=actor, rep_id=SUBJECT, reason="")
    return roster.reactivate(org.deps, team_id=TEAM, actor_id="U0ADA", rep_id=SUBJECT, reason="")


def _reactivate(org: Org, actor: str) -> object:
    roster.offboard(org.deps, team_id=TEAM, actor_id="U0ADA", rep_id=SUBJECT, reason="")
    try:
        return roster.reactivate(org.deps, team_id=TEAM, actor_id=actor, rep_id=SUBJECT, reason="")
    finally:
        roster.reactivate(org.deps, team_id=TEAM, actor_id="U0ADA", rep_id=SUBJECT, reason="")


def _move(org: Org, actor: str) -> object:
    """Move Riley to Dee as the actor, then back under Max (as the admin)."""
    roster.move(org.deps, team_id=TEAM, actor_id=actor, rep_id=SUBJECT, manager_id="U0DEE", reason="")
    return roster.move(
        org.deps, team_id=TEAM, actor_id="U0ADA", rep_id=SUBJECT, manager_id="U0MAX", reason=""
    )


def _leave(org: Org, actor: str) -> object:
    """Record a leave of Riley's as the actor, then cancel it (as the admin)."""
    spring = LeaveRequest(SUBJECT, LeaveVerb.RECORD, dt.date(2027, 3, 1), dt.date(2027, 3, 5))
    leave.change_leave(org.deps, team_id=TEAM, actor_id=actor, request=spring)
    cancel = LeaveRequest(SUBJECT, LeaveVerb.END)
    return leave.change_leave(org.deps, team_id=TEAM, actor_id="U0ADA", request=cancel)


def _replan(org: Org, actor: str) -> object:
    """Replan Riley onto a plan that does not exist: who may is asked first, and the org (shared by the
    module's tests) stays as it is."""
    nowhere = ReplanRequest(SUBJECT, "no-such-plan", None, keep_day=False)
    try:
        return roster.replan(org.deps, team_id=TEAM, actor_id=actor, request=nowhere)
    except FieldProblem as refused:
        assert refused.problems[0].code is Code.NO_SUCH_PLAN  # noqa: S101 (past the permission check)
        return refused


SERVICES: dict[Action, Try] = {
    Action.REPLAN: _replan,
    Action.RECORD_LEAVE: _leave,
    Action.MOVE: _move,
    Action.OFFBOARD: _offboard,
    Action.REACTIVATE: _reactivate,
    Action.CONFIRM_MILESTONE: lambda org, actor: decisions.mark_milestone(
        org.deps,
        team_id=TEAM,
        actor_id=actor,
        rep_id=SUBJECT,
        label="Completed product certification",  # day 14: due on Riley's day 19
        mark=Mark.NOT_YET,
    ),
    Action.DECIDE_CHECKPOINT: lambda org, actor: decisions.decide(
        org.deps,
        team_id=TEAM,
        actor_id=actor,
        rep_id=SUBJECT,
        kind="continue",
        why="Early days: pace is close to the plan, keep coaching discovery.",
    ),
    Action.VIEW_EARLY_CALL: _sees_call("managers"),
    Action.VIEW_EARLY_CALL_LEADERS: _sees_call("leaders"),
    Action.VIEW_STATUS: _visible,
    Action.ENROLL: lambda org, actor: enrolment.enroll_from_text(
        org.deps, team_id=TEAM, actor_id=actor, text=f"<@{SUBJECT}> plan=ae-90 start=2026-11-02"
    ),
    Action.REVIEW: lambda org, actor: reviews.reviewable_name(
        org.deps, team_id=TEAM, actor_id=actor, rep_id=SUBJECT
    ),
    Action.READ_REVIEWS: lambda org, actor: reviews.own_reviews(
        org.deps, team_id=TEAM, actor_id=actor, rep_id=SUBJECT
    ),
    Action.AMEND_REVIEW: lambda org, actor: reviews.review_to_amend(
        org.deps, team_id=TEAM, actor_id=actor, review_id=org.review_id
    ),
    Action.COMPLETE_ACTION_ITEM: lambda org, actor: reviews.mark_action_done(
        org.deps, team_id=TEAM, actor_id=actor, action_id=org.item_id
    ),
    Action.REACT_TO_NUDGE: _react,
    Action.EXPORT_LOGS: lambda org, actor: export.visible_log_export(org.deps, team_id=TEAM, viewer_id=actor),
    Action.SEE_DIGEST: lambda org, actor: digest.viewer_digest(org.deps, team_id=TEAM, viewer_id=actor),
    Action.EXPORT_REVIEWS: lambda org, actor: review_export.visible_review_export(
        org.deps, team_id=TEAM, viewer_id=actor
    ),
    Action.REMIND: lambda org, actor: cockpit.remind(org.deps, team_id=TEAM, actor_id=actor, rep_id=SUBJECT),
    Action.POST_AGENDA: lambda org, actor: cockpit.agenda_for_posting(
        org.deps, team_id=TEAM, actor_id=actor, rep_id=SUBJECT
    ),
    # These services act on the asker's own data: the only relation a request can express is self.
    Action.LOG: lambda org, actor: activity.log_from_text(
        org.deps, team_id=TEAM, actor_id=actor, text="calls=3"
    ),
    Action.SCORE_DRAFT: lambda org, actor: nudges.draft_feedback(
        org.deps, team_id=TEAM, user_id=actor, text="Quick question about your Q1 pipeline."
    ),
}
SELF_ONLY = {Action.LOG, Action.SCORE_DRAFT}
NO_SERVICE_YET = {
    Action.VIEW_NUDGES,  # asked by the scheduled nudge for its own rep; nothing to refuse a person yet
    Action.PAUSE,
    Action.SEE_COHORTS,
    Action.CALIBRATION,
    Action.IMPORT_ACTIVITY,
}
# Only the command line does these today; it asks as the operator (an admin), not as a Slack user.
ASKED_AS_OPERATOR: dict[Action, Subject] = {
    Action.IMPORT_PLAN: ORG,
    Action.IMPORT_TEAM: ORG,
    Action.IMPORT_TOUCHES: ORG,
    Action.EXPORT_DELIVERIES: ORG,
    Action.EXPORT_ADMIN_ACTIONS: ORG,
    Action.EXPORT_ROSTER: ORG,
    Action.FORGET: SUBJECT,
}


def cases() -> Iterator[tuple[Action, Relation]]:
    for action in SERVICES:
        people = TO_ORG if TABLE[action].subject is SubjectKind.ORG else TO_RILEY
        for relation in people:
            if action not in SELF_ONLY or relation is Relation.SELF:
                yield action, relation


def test_every_action_is_tried_through_its_service_or_listed_as_having_none_yet() -> None:
    groups = [set(SERVICES), set(ASKED_AS_OPERATOR), NO_SERVICE_YET]
    assert sum(map(len, groups)) == len(set(Action))
    assert set.union(*groups) == set(Action)


@pytest.mark.parametrize("action", [*ASKED_AS_OPERATOR, Action.EXPORT_LOGS, Action.SEE_DIGEST])
def test_the_command_line_may_do_what_the_table_lets_an_admin_do(org: Org, action: Action) -> None:
    subject = ASKED_AS_OPERATOR.get(action, ORG)
    assert Relation.ADMIN in TABLE[action].allowed
    access.require_operator(org.deps, TEAM, action, subject)


def test_the_command_line_is_refused_what_no_admin_may_do(org: Org) -> None:
    with pytest.raises(NotAllowed):
        access.require_operator(org.deps, TEAM, Action.LOG, SUBJECT)


@pytest.mark.parametrize(("action", "relation"), list(cases()))
def test_the_service_allows_what_the_table_says(org: Org, action: Action, relation: Relation) -> None:
    rule = TABLE[action]
    actor = (TO_ORG if rule.subject is SubjectKind.ORG else TO_RILEY)[relation]
    try:
        SERVICES[action](org, actor)
        allowed = True
    except NotAllowed:
        allowed = False
    assert allowed is (relation in rule.allowed)


def test_a_leader_with_a_tree_may_not_enroll_or_read_reviews_outside_it(org: Org) -> None:
    """Lee leads Dee's tree, not Mia's team: as on Lee's Home, in the digest and in exports."""
    with pytest.raises(NotAllowed):
        enrolment.enroll_from_text(
            org.deps, team_id=TEAM, actor_id="U0LEE", text="<@U0OLU> plan=ae-90 start=2026-11-02"
        )
    with pytest.raises(NotAllowed):
        reviews.own_reviews(org.deps, team_id=TEAM, actor_id="U0LEE", rep_id="U0OLU")
    assert reviews.own_reviews(org.deps, team_id=TEAM, actor_id="U0LEE", rep_id=SUBJECT)
