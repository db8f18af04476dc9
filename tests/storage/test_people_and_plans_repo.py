import datetime as dt

import pytest
import yaml
from sqlalchemy import Engine

from coaching.activity import Enrollment
from coaching.plans import parse_plan
from coaching.team import Member, Person, Role
from storage.db import session_scope
from storage.repo import people, plans
from storage.repo.plans import PlanVersionConflict

TEAM = "T111"
NOW = dt.datetime(2026, 11, 20, 12, tzinfo=dt.UTC)
SOURCE = """
id: tiny
version: {version}
name: Tiny plan
metrics:
  - {{key: calls, label: Calls, max_per_week: 500, target: {{full: {full}}}}}
"""


def plan_source(version: int = 1, full: int = 50) -> str:
    return SOURCE.format(version=version, full=full)


def save(engine: Engine, source: str) -> bool:
    with session_scope(engine) as session:
        people.ensure_workspace(session, team_id=TEAM, now=NOW)
        return plans.save_plan(
            session, team_id=TEAM, plan=parse_plan(yaml.safe_load(source)), source=source, now=NOW
        )


def test_importing_people_twice_changes_nothing_the_second_time(engine: Engine) -> None:
    team = [
        Person(slack_id="U0MGR", name="Max", role=Role.MANAGER),
        Person(slack_id="U0REP", name="Riley", role=Role.REP, manager="U0MGR", tz="America/Chicago"),
    ]
    with session_scope(engine) as session:
        people.ensure_workspace(session, team_id=TEAM, now=NOW)
        assert people.upsert_people(session, team_id=TEAM, people=team, now=NOW) == 2
    with session_scope(engine) as session:
        assert people.upsert_people(session, team_id=TEAM, people=team, now=NOW) == 0
        assert people.get_member(session, team_id=TEAM, slack_id="U0REP") == Member(
            TEAM, "U0REP", "Riley", Role.REP, "U0MGR", "America/Chicago"
        )


def test_a_plan_version_is_stored_once_and_never_rewritten(engine: Engine) -> None:
    assert save(engine, plan_source()) is True
    assert save(engine, plan_source()) is False
    with pytest.raises(PlanVersionConflict):
        save(engine, plan_source(full=80))


def test_a_rep_keeps_the_plan_version_they_were_enrolled_on(engine: Engine) -> None:
    save(engine, plan_source())
    with session_scope(engine) as session:
        people.upsert_people(
            session, team_id=TEAM, people=[Person(slack_id="U0REP", name="R", role=Role.REP)], now=NOW
        )
        plans.enroll(
            session,
            team_id=TEAM,
            enrollment=Enrollment("U0REP", "tiny", 1, dt.date(2026, 11, 2)),
            by="U0MGR",
            now=NOW,
        )
    save(engine, plan_source(version=2, full=80))
    with session_scope(engine) as session:
        enrollment = plans.get_enrollment(session, team_id=TEAM, rep_id="U0REP")
        latest = plans.latest_plan(session, team_id=TEAM, plan_id="tiny")
        kept = plans.get_plan(session, team_id=TEAM, plan_id="tiny", version=1)
    assert enrollment == Enrollment("U0REP", "tiny", 1, dt.date(2026, 11, 2))
    assert latest is not None and latest.version == 2
    assert kept is not None and kept.metrics[0].target.full == 50


def test_a_changed_enrollment_keeps_the_day_the_rep_joined(engine: Engine) -> None:
    # Reviews are owed from when Ramp Coach first knew the rep (issue 13, defect 5): a later move to
    # another plan version or start date must not forgive the reviews missed in between.
    save(engine, plan_source())
    save(engine, plan_source(version=2, full=80))
    later = NOW + dt.timedelta(days=30)
    with session_scope(engine) as session:
        people.upsert_people(
            session, team_id=TEAM, people=[Person(slack_id="U0REP", name="R", role=Role.REP)], now=NOW
        )
        for version, when in ((1, NOW), (2, later)):
            enrollment = Enrollment("U0REP", "tiny", version, dt.date(2026, 11, 2))
            assert plans.enroll(session, team_id=TEAM, enrollment=enrollment, by="U0MGR", now=when)
    with session_scope(engine) as session:
        (subject,) = plans.review_subjects(session, team_id=TEAM, rep_ids=["U0REP"])
    assert subject.enrollment.plan_version == 2 and subject.enrolled_at == NOW


def test_below_finds_reports_at_every_depth_and_survives_a_cycle(engine: Engine) -> None:
    team = [
        Person(slack_id="U0VP", name="Vic", role=Role.LEADER, manager="U0REP2"),  # a cycle through a rep
        Person(slack_id="U0MGR", name="Max", role=Role.MANAGER, manager="U0VP"),
        Person(slack_id="U0REP1", name="Riley", role=Role.REP, manager="U0MGR"),
        Person(slack_id="U0REP2", name="Sam", role=Role.REP, manager="U0VP"),
        Person(slack_id="U0ELSE", name="Eve", role=Role.REP),
    ]
    with session_scope(engine) as session:
        people.ensure_workspace(session, team_id=TEAM, now=NOW)
        people.upsert_people(session, team_id=TEAM, people=team, now=NOW)
        people.ensure_workspace(session, team_id="T222", now=NOW)
        people.upsert_people(
            session,
            team_id="T222",
            people=[Person(slack_id="U0X", name="X", role=Role.REP, manager="U0MGR")],
            now=NOW,
        )
        assert people.below(session, team_id=TEAM, manager_id="U0MGR") == {"U0REP1": (Role.REP, "U0MGR")}
        assert set(people.below(session, team_id=TEAM, manager_id="U0VP")) == {
            "U0MGR",
            "U0REP1",
            "U0REP2",
            "U0VP",
        }
        assert people.below(session, team_id=TEAM, manager_id="U0REP1") == {}


def test_a_replay_key_is_claimed_once_across_instances_and_released_after_a_failure(engine: Engine) -> None:
    from storage.repo import seen

    with session_scope(engine) as session:
        assert seen.first_time(session, key="sig:abc", now=NOW)
    with session_scope(engine) as session:  # another instance, same database
        assert not seen.first_time(session, key="sig:abc", now=NOW)
        seen.release(session, key="sig:abc")
    with session_scope(engine) as session:
        assert seen.first_time(session, key="sig:abc", now=NOW)
        assert seen.forget_before(session, before=NOW + dt.timedelta(seconds=1)) == 1
