"""Every act of an admin on someone else's data is on the audit trail; other people's acts are not."""

import datetime as dt
from pathlib import Path

from sqlalchemy import Engine

from bot.deps import Deps, SettableClock
from bot.services import enrolment, export, reviews, setup
from coaching.review_form import RawReview
from coaching.team import Person, Role
from storage.db import session_scope
from storage.repo import admin_audit, people
from storage.repo.forget import FORGOTTEN, forget_person
from tests.storage.test_forget import mentions

ROOT = Path(__file__).resolve().parents[2]
TEAM = "T111"
NOW = dt.datetime(2026, 11, 20, 15, tzinfo=dt.UTC)
REVIEW = RawReview(
    {str(n): "3" for n in range(5)},
    None,
    None,
    None,
    "Joined two calls: clear discovery, but every deal has a single contact and no dated next step.",
    "needs support",
    "continue",
    None,
    None,
)


def seeded(engine: Engine) -> Deps:
    deps = Deps(engine=engine, clock=SettableClock(NOW))
    setup.import_plan(deps, team_id=TEAM, source=(ROOT / "plans" / "ae-90.yml").read_text())
    setup.import_team(deps, team_id=TEAM, source=(ROOT / "examples" / "team.yml").read_text())
    with session_scope(engine) as session:
        admin = Person(slack_id="U0ADMIN", name="Ada Admin", role=Role.ADMIN)
        people.upsert_people(session, team_id=TEAM, people=[admin], now=NOW)
    return deps


def trail(deps: Deps) -> list[tuple[str, str, str | None]]:
    with session_scope(deps.engine) as session:
        return [(a.actor_id, a.action, a.subject_id) for a in admin_audit.actions(session, team_id=TEAM)]


def test_an_admins_acts_on_others_are_audited_and_a_managers_are_not(engine: Engine) -> None:
    deps = seeded(engine)
    enrolment.enroll_from_text(
        deps, team_id=TEAM, actor_id="U0MGR1", text="<@U0REP2> plan=ae-90 start=2026-11-09"
    )
    assert trail(deps) == []
    enrolment.enroll_from_text(
        deps, team_id=TEAM, actor_id="U0ADMIN", text="<@U0REP2> plan=ae-90 start=2026-11-16"
    )
    reviews.submit_review(
        deps, team_id=TEAM, actor_id="U0ADMIN", rep_id="U0REP1", opened_at=None, raw=REVIEW, done_ids=[]
    )
    export.visible_log_export(deps, team_id=TEAM, viewer_id="U0ADMIN")
    assert trail(deps) == [
        ("U0ADMIN", "enroll", "U0REP2"),
        ("U0ADMIN", "review", "U0REP1"),
        ("U0ADMIN", "export logs", None),
    ]
    rows = export.admin_action_export(deps, team_id=TEAM)
    assert rows.columns == ["at", "actor_id", "action", "subject_id", "detail"]
    assert rows.rows[0][4] == "plan=ae-90 v1 start=2026-11-16"


def test_forgetting_an_admin_keeps_the_trail_without_their_name(engine: Engine) -> None:
    deps = seeded(engine)
    enrolment.enroll_from_text(
        deps, team_id=TEAM, actor_id="U0ADMIN", text="<@U0REP2> plan=ae-90 start=2026-11-16"
    )
    with session_scope(engine) as session:
        forget_person(session, team_id=TEAM, slack_id="U0ADMIN")
    assert mentions(engine, "U0ADMIN") == []
    assert trail(deps) == [(FORGOTTEN, "enroll", "U0REP2")]
