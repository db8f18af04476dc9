"""Forgetting a person leaves no row that names them, and nobody else's data is lost."""

import datetime as dt
from pathlib import Path

from sqlalchemy import Engine, select
from sqlmodel import SQLModel

from bot.deps import Deps, SettableClock
from bot.services import decisions, reviews, roster, setup
from coaching.activity import WeekLog
from coaching.milestone_marks import Mark
from coaching.review_form import RawReview
from storage.db import session_scope
from storage.repo import activity
from storage.repo.forget import FORGOTTEN, forget_person

ROOT = Path(__file__).resolve().parents[2]
TEAM = "T111"
NOW = dt.datetime(2026, 11, 20, 15, tzinfo=dt.UTC)
REVIEW = RawReview(
    {str(n): "4" for n in range(5)},
    "Coach multi-threading",
    None,
    None,
    "Joined two calls and read the CRM notes: discovery is strong, follow-up is slow on every deal.",
    "on track",
    "continue",
    "rep: follow up within a day by 2026-12-04",
    None,
)


def mentions(engine: Engine, slack_id: str) -> list[str]:
    """Return `table.column` for every stored value that contains the id."""
    found = []
    with session_scope(engine) as session:
        for table in SQLModel.metadata.sorted_tables:
            for row in session.execute(select(table)):
                found += [
                    f"{table.name}.{k}"
                    for k, v in row._mapping.items()
                    if isinstance(v, str) and slack_id in v
                ]
    return found


def seed(engine: Engine) -> Deps:
    deps = Deps(engine=engine, clock=SettableClock(NOW))
    setup.import_plan(deps, team_id=TEAM, source=(ROOT / "plans" / "ae-90.yml").read_text())
    setup.import_team(deps, team_id=TEAM, source=(ROOT / "examples" / "team.yml").read_text())
    with session_scope(engine) as session:
        for rep in ("U0REP1", "U0REP2"):
            log = WeekLog(dt.date(2026, 11, 9), {"calls": 40}, "a note")
            activity.write_week(session, team_id=TEAM, rep_id=rep, log=log, actor=rep, source="test", now=NOW)
    for rep in ("U0REP1", "U0REP2"):
        reviews.submit_review(
            deps, team_id=TEAM, actor_id="U0MGR1", rep_id=rep, opened_at=None, raw=REVIEW, done_ids=[]
        )
        why = "Discovery is strong; keep the ramp as planned and coach follow-up speed."
        made = decisions.decide(deps, team_id=TEAM, actor_id="U0MGR1", rep_id=rep, kind="continue", why=why)
        decisions.amend_decision(deps, team_id=TEAM, actor_id="U0MGR1", decision_id=made.id, text=why)
        label = "Completed product certification"
        decisions.mark_milestone(
            deps, team_id=TEAM, actor_id="U0MGR1", rep_id=rep, label=label, mark=Mark.CONFIRMED
        )
        roster.offboard(deps, team_id=TEAM, actor_id="U0MGR1", rep_id=rep, reason="left")
        roster.reactivate(deps, team_id=TEAM, actor_id="U0MGR1", rep_id=rep, reason="back")
    return deps


def test_forgetting_a_rep_removes_every_row_about_them_and_nothing_else(engine: Engine) -> None:
    seed(engine)
    before = mentions(engine, "U0REP2")
    with session_scope(engine) as session:
        report = forget_person(session, team_id=TEAM, slack_id="U0REP1")
    assert mentions(engine, "U0REP1") == []
    assert report["person.slack_id"] == 1 and report["activity.rep_id"] == 1 and report["review.rep_id"] == 1
    assert report["roster_change.person_id"] == 2
    assert mentions(engine, "U0REP2") == before


def test_forgetting_a_manager_keeps_their_reviews_of_others_without_their_name(engine: Engine) -> None:
    deps = seed(engine)
    with session_scope(engine) as session:
        report = forget_person(session, team_id=TEAM, slack_id="U0MGR1")
    assert mentions(engine, "U0MGR1") == []
    assert report["review.author_id (anonymized)"] == 2 and report["person.manager_id (cleared)"] == 2
    assert report["checkpoint_decision.decided_by (anonymized)"] == 2
    assert report["milestone_mark.marked_by (anonymized)"] == 2
    assert report["roster_change.actor_id (anonymized)"] == 4
    stored = reviews.own_reviews(deps, team_id=TEAM, actor_id="U0REP2", rep_id="U0REP2")
    assert [r.author_id for r in stored] == [FORGOTTEN]
