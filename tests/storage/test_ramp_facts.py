"""The aggregate queries agree with the pure reference (`facts_from_logs`) for any logs, starts and days."""

import datetime as dt

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, delete, update
from sqlmodel import select

from coaching.activity import Enrollment, WeekLog
from coaching.plans import RampPlan, parse_plan
from coaching.ramp_facts import RampFacts, facts_from_logs
from coaching.team import Person, Role
from coaching.weeks import week_start
from storage.db import session_scope
from storage.repo import activity, people, plans
from storage.repo.ramp_facts import aggregate_facts, ramp_facts
from storage.tables import ActivityAuditRow, ActivityRow, EnrollmentRow, RampFactsRow, WeekLogRow
from tests.coaching.builders import plan_dict

TEAM = "T111"
REPS = ["U0REP1", "U0REP2", "U0REP3"]
NOW = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)
PLAN_DICT = plan_dict(
    length_days=42,
    milestones=[
        {"day": 10, "kind": "threshold", "metric": "meetings", "at_least": 4, "label": "4 meetings"},
        {"day": 20, "kind": "confirm", "label": "Certified"},
        {"day": 31, "kind": "threshold", "metric": "calls", "at_least": 100, "label": "100 calls"},
    ],
)
PLAN = parse_plan(PLAN_DICT)

values = st.dictionaries(
    st.sampled_from(["calls", "meetings", "pipeline"]),
    st.integers(0, 400).map(lambda n: n / 2),  # halves add up exactly in binary floating point
)
ramps = st.tuples(
    st.dates(dt.date(2026, 9, 1), dt.date(2026, 11, 30)),
    st.dictionaries(st.integers(-2, 9), values, max_size=8),
)


def seed(engine: Engine, plan: RampPlan) -> None:
    with session_scope(engine) as session:
        people.ensure_workspace(session, team_id=TEAM, now=NOW)
        people.upsert_people(
            session, team_id=TEAM, people=[Person(slack_id=r, name=r, role=Role.REP) for r in REPS], now=NOW
        )
        plans.save_plan(session, team_id=TEAM, plan=plan, source=yaml.safe_dump(PLAN_DICT), now=NOW)


def reset(engine: Engine) -> None:
    with session_scope(engine) as session:
        for table in (ActivityAuditRow, ActivityRow, WeekLogRow, EnrollmentRow, RampFactsRow):
            session.execute(delete(table))


def store(engine: Engine, rep: str, start: dt.date, weeks: dict[int, dict[str, float]]) -> list[WeekLog]:
    logs = [WeekLog(week_start(start) + dt.timedelta(weeks=n), v) for n, v in sorted(weeks.items())]
    with session_scope(engine) as session:
        plans.enroll(session, team_id=TEAM, enrollment=Enrollment(rep, "tiny", 1, start), by="U0MGR", now=NOW)
        for log in logs:
            activity.write_week(session, team_id=TEAM, rep_id=rep, log=log, actor=rep, source="test", now=NOW)
    return logs


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    reps=st.lists(ramps, min_size=1, max_size=len(REPS)),
    today=st.dates(dt.date(2026, 9, 1), dt.date(2027, 2, 1)),
)
def test_the_database_sums_what_the_reference_sums(
    engine: Engine,
    reps: list[tuple[dt.date, dict[int, dict[str, float]]]],
    today: dt.date,
) -> None:
    always = 1  # the database's sums and the cache, for any number of reps
    if not plans_seeded(engine):
        seed(engine, PLAN)
    reset(engine)
    expected: dict[str, RampFacts] = {}
    enrolled = []
    for rep, (start, weeks) in zip(REPS, reps, strict=False):
        logs = store(engine, rep, start, weeks)
        enrollment = Enrollment(rep, "tiny", 1, start)
        enrolled.append((enrollment, PLAN))
        expected[rep] = facts_from_logs(PLAN, enrollment, logs, today)
    with session_scope(engine) as session:
        assert aggregate_facts(session, team_id=TEAM, enrolled=enrolled, today=today) == expected
    with session_scope(engine) as session:  # computed, then from the cache, for one rep or all
        assert ramp_facts(session, team_id=TEAM, enrolled=enrolled[:1], today=today, cache_from=always) == {
            enrolled[0][0].rep_id: expected[enrolled[0][0].rep_id]
        }
        assert (
            ramp_facts(session, team_id=TEAM, enrolled=enrolled, today=today, cache_from=always) == expected
        )
    with session_scope(engine) as session:
        assert (
            ramp_facts(session, team_id=TEAM, enrolled=enrolled, today=today, cache_from=always) == expected
        )


def plans_seeded(engine: Engine) -> bool:
    with session_scope(engine) as session:
        return plans.latest_plan(session, team_id=TEAM, plan_id="tiny") is not None


@pytest.mark.parametrize("cache_from", [1, 100])  # the database's sums and cache, or the Python path
def test_the_same_rep_id_in_two_workspaces_never_mixes(engine: Engine, cache_from: int) -> None:
    start, today = dt.date(2026, 10, 5), dt.date(2026, 10, 28)
    expected = {}
    for team, calls in (("T111", 10.0), ("T999", 70.0)):
        with session_scope(engine) as session:
            people.ensure_workspace(session, team_id=team, now=NOW)
            people.upsert_people(
                session, team_id=team, people=[Person(slack_id="U0REP1", name="R", role=Role.REP)], now=NOW
            )
            plans.save_plan(session, team_id=team, plan=PLAN, source=yaml.safe_dump(PLAN_DICT), now=NOW)
            plans.enroll(
                session, team_id=team, enrollment=Enrollment("U0REP1", "tiny", 1, start), by="U0MGR", now=NOW
            )
            log = WeekLog(start, {"calls": calls})
            activity.write_week(
                session, team_id=team, rep_id="U0REP1", log=log, actor="U0REP1", source="t", now=NOW
            )
        expected[team] = facts_from_logs(PLAN, Enrollment("U0REP1", "tiny", 1, start), [log], today)
    enrolled = [(Enrollment("U0REP1", "tiny", 1, start), PLAN)]
    for _ in range(2):  # computed, then (with the cache) read back
        for team in ("T111", "T999"):
            with session_scope(engine) as session:
                assert ramp_facts(
                    session, team_id=team, enrolled=enrolled, today=today, cache_from=cache_from
                ) == {"U0REP1": expected[team]}


def test_logging_a_week_drops_the_reps_cached_facts(engine: Engine) -> None:
    seed(engine, PLAN)
    start = dt.date(2026, 10, 5)
    store(engine, "U0REP1", start, {0: {"calls": 10}})
    enrolled = [(Enrollment("U0REP1", "tiny", 1, start), PLAN)]
    today = dt.date(2026, 10, 20)
    with session_scope(engine) as session:
        assert ramp_facts(session, team_id=TEAM, enrolled=enrolled, today=today, cache_from=1).popitem()[
            1
        ].totals == {"calls": 10.0}
    with session_scope(engine) as session:
        activity.write_week(
            session,
            team_id=TEAM,
            rep_id="U0REP1",
            log=WeekLog(dt.date(2026, 10, 5), {"calls": 25}),
            actor="U0REP1",
            source="test",
            now=NOW,
        )
    with session_scope(engine) as session:
        assert ramp_facts(session, team_id=TEAM, enrolled=enrolled, today=today, cache_from=1).popitem()[
            1
        ].totals == {"calls": 25.0}
        # A new week or another enrollment never reads the old week's entry.
        later = ramp_facts(
            session, team_id=TEAM, enrolled=enrolled, today=today + dt.timedelta(weeks=1), cache_from=1
        )
        assert later["U0REP1"].logged == frozenset({0})


def test_a_few_reps_are_summed_from_their_logs_and_not_cached(engine: Engine) -> None:
    seed(engine, PLAN)
    start = dt.date(2026, 10, 5)
    logs = store(engine, "U0REP1", start, {0: {"calls": 10}, 1: {"calls": 5, "meetings": 1}})
    enrolled = [(Enrollment("U0REP1", "tiny", 1, start), PLAN)]
    today = dt.date(2026, 10, 20)
    with session_scope(engine) as session:
        assert ramp_facts(session, team_id=TEAM, enrolled=enrolled, today=today) == {
            "U0REP1": facts_from_logs(PLAN, enrolled[0][0], logs, today)
        }
        assert [row.facts for row in session.exec(select(RampFactsRow))] == ["{}"]  # only the log's mark


def test_facts_summed_before_a_log_are_not_written_back_over_it(engine: Engine) -> None:
    from storage.repo import facts_cache

    seed(engine, PLAN)
    start = dt.date(2026, 10, 5)
    store(engine, "U0REP1", start, {0: {"calls": 10}})
    enrollment = Enrollment("U0REP1", "tiny", 1, start)
    monday = dt.date(2026, 10, 19)
    stale = RampFacts(logged=frozenset({0}), totals={"calls": 10.0}, milestone_totals=(10.0, 0.0, 0.0))
    for earlier_row in (False, True):
        with session_scope(engine) as session:  # a batch reads the cache...
            _, versions = facts_cache.cached(session, TEAM, [(enrollment, PLAN)], monday)
        with session_scope(engine) as session:  # ...the rep logs meanwhile...
            facts_cache.forget(session, team_id=TEAM, rep_id="U0REP1")
        with session_scope(engine) as session:  # ...and the batch stores what it summed before the log
            facts_cache.store(session, TEAM, [(enrollment, stale)], monday, versions)
        with session_scope(engine) as session:
            found, _ = facts_cache.cached(session, TEAM, [(enrollment, PLAN)], monday)
        assert found == {}, f"stale facts written back (a row existed before: {earlier_row})"


def test_facts_cached_before_blank_metrics_were_tracked_are_summed_again(engine: Engine) -> None:
    """A row cached by an older version has no per-metric weeks: reading it would count blanks as zeros."""
    from storage.repo import facts_cache

    seed(engine, PLAN)
    start, today = dt.date(2026, 10, 5), dt.date(2026, 10, 20)
    logs = store(engine, "U0REP1", start, {0: {"calls": 10}, 1: {"calls": 5, "meetings": 1}})
    enrollment = Enrollment("U0REP1", "tiny", 1, start)
    old = (
        '{"logged":[0,1],"totals":{"calls":15.0,"meetings":1.0},"recent":{},"milestones":[0,0,0],"last":null}'
    )
    with session_scope(engine) as session:
        session.execute(
            update(RampFactsRow)
            .values(week=week_start(today), plan_id="tiny", plan_version=1, start_date=start)
            .values(facts=old)
        )
    with session_scope(engine) as session:
        found = ramp_facts(session, team_id=TEAM, enrolled=[(enrollment, PLAN)], today=today, cache_from=1)
    assert found == {"U0REP1": facts_from_logs(PLAN, enrollment, logs, today)}
    assert found["U0REP1"].metric_weeks == {"calls": frozenset({0, 1}), "meetings": frozenset({1})}
    assert facts_cache.decode(old) is None
