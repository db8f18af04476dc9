"""Queries about many reps send their ids as one parameter (`storage.db.one_of`): the same rows as an IN
list, on both databases, for none, a few, repeats, unknown ids and thousands."""

import datetime as dt

from sqlalchemy import Engine, event

from coaching.activity import Enrollment
from coaching.team import Person, Role
from storage.db import session_scope
from storage.repo import people, plans
from tests.storage.test_people_and_plans_repo import NOW, TEAM, plan_source, save

REPS = [f"U{n:05d}" for n in range(1500)]  # many more than `storage.db.FEW`


def _team(engine: Engine) -> None:
    save(engine, plan_source())
    with session_scope(engine) as session:
        team = [Person(slack_id="U0MGR", name="Max", role=Role.MANAGER)]
        team += [Person(slack_id=r, name=f"Rep {r}", role=Role.REP, manager="U0MGR") for r in REPS]
        people.upsert_people(session, team_id=TEAM, people=team, now=NOW)
        for n, rep in enumerate(REPS[:40]):
            start = dt.date(2026, 9, 1) + dt.timedelta(days=n)
            enrollment = Enrollment(rep, "tiny", 1, start)
            plans.enroll(session, team_id=TEAM, enrollment=enrollment, by="U0MGR", now=NOW)


def test_rows_of_listed_reps_are_those_of_an_in_list(engine: Engine) -> None:
    _team(engine)
    with session_scope(engine) as session:
        assert people.members(session, team_id=TEAM, slack_ids=[]) == []
        assert plans.team_enrollments(session, team_id=TEAM, rep_ids=[]) == []
        few = people.members(session, team_id=TEAM, slack_ids=["U00003", "U00003", "U0MGR", "UNKNOWN"])
        assert sorted(m.slack_id for m in few) == ["U00003", "U0MGR"]
        everyone = people.members(session, team_id=TEAM, slack_ids={*REPS, "UNKNOWN"})
        assert {m.slack_id for m in everyone} == set(REPS)
        enrolled = plans.team_enrollments(session, team_id=TEAM, rep_ids=REPS[30:])
        assert sorted(e.rep_id for e, _ in enrolled) == REPS[30:40]
        assert all(plan.id == "tiny" for _, plan in enrolled)


def test_thousands_of_ids_are_one_bound_parameter(engine: Engine) -> None:
    _team(engine)
    sent: list[object] = []

    def record(_conn: object, _cursor: object, statement: str, parameters: object, *_: object) -> None:
        if "person" in statement:
            sent.append(parameters)

    event.listen(engine, "before_cursor_execute", record)
    with session_scope(engine) as session:
        people.members(session, team_id=TEAM, slack_ids=REPS)
    event.remove(engine, "before_cursor_execute", record)
    (parameters,) = sent
    assert isinstance(parameters, dict | tuple) and len(parameters) == 2  # the workspace and the list
