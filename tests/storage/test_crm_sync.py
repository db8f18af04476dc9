"""The CRM sync on SQLite and PostgreSQL, with an in-memory CRM behind the connector interface: weeks in
the rep's own zone, proposals beside the log, records counted once, typed numbers never overwritten."""

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import pytest
import yaml
from sqlalchemy import Engine

from bot.connectors.base import RateLimited, RecordPage
from bot.deps import Deps, SettableClock
from bot.services.crm_sync import CRM_ACTOR, OVERLAP, CrmSyncReport, Disagreement, sync_crm
from coaching.activity import Enrollment, WeekLog
from coaching.crm import CrmOwner, CrmRecord, RecordKind
from coaching.crm_mapping import parse_mapping
from coaching.team import Person, Role
from storage.db import session_scope
from storage.repo import activity, crm, people, plans
from tests.coaching.builders import make_plan, plan_dict

TEAM = "T111"
REP = "U0REP1"
NOW = dt.datetime(2026, 11, 13, 12, tzinfo=dt.UTC)  # a Friday
MONDAY = dt.date(2026, 11, 9)
MAPPING = parse_mapping(
    {
        "metrics": {
            "calls": {"records": "call"},
            "meetings": {"records": "meeting", "where": {"outcome": "COMPLETED"}},
            "pipeline": {"records": "deal", "sum": "amount"},
        }
    }
)


@dataclass
class FakeCrm:
    """A CRM in memory: records by key, served modified-since, oldest change first, two per page."""

    records: dict[tuple[RecordKind, str], CrmRecord] = field(default_factory=dict)
    owner_list: list[CrmOwner] = field(default_factory=list)
    asked_since: list[dt.datetime] = field(default_factory=list)
    fail_after: int | None = None  # pages served before the daily limit runs out
    name: str = "HubSpot"
    key: str = "hubspot"

    def owners(self) -> list[CrmOwner]:
        return self.owner_list

    def record_pages(
        self,
        kind: RecordKind,
        *,
        since: dt.datetime,
        owner_ids: Sequence[str] | None = None,
        properties: Sequence[str] = (),  # noqa: ARG002 (the fake keeps every property)
    ) -> Iterator[RecordPage]:
        self.asked_since.append(since)
        found = sorted(
            (r for r in self.records.values() if r.kind == kind and r.modified_at >= since),
            key=lambda r: (r.modified_at, r.id),
        )
        found = [r for r in found if owner_ids is None or r.owner_id in owner_ids]
        for start in range(0, max(len(found), 1), 2):
            if self.fail_after is not None and self.fail_after <= 0:
                raise RateLimited("HubSpot's daily API limit is used up")
            if self.fail_after is not None:
                self.fail_after -= 1
            yield RecordPage(found[start : start + 2])

    def put(self, id_: str, kind: RecordKind, at: dt.datetime, modified: dt.datetime, **props: str) -> None:
        self.records[(kind, id_)] = CrmRecord(id_, kind, "7", at, modified, props)


@pytest.fixture
def deps(engine: Engine) -> Deps:
    with session_scope(engine) as session:
        people.ensure_workspace(session, team_id=TEAM, now=NOW)
        riley = Person(slack_id=REP, name="Riley", role=Role.REP, tz="America/Los_Angeles")
        people.upsert_people(session, team_id=TEAM, people=[riley], now=NOW)
        plans.save_plan(session, team_id=TEAM, plan=make_plan(), source=yaml.safe_dump(plan_dict()), now=NOW)
        enrollment = Enrollment(REP, "tiny", 1, dt.date(2026, 10, 5))
        plans.enroll(session, team_id=TEAM, enrollment=enrollment, by="U0MGR", now=NOW)
    return Deps(engine=engine, clock=SettableClock(NOW))


def fake_crm() -> FakeCrm:
    owners = [CrmOwner("7", "riley@acme.com"), CrmOwner("8", "gone@acme.com")]
    return FakeCrm(owner_list=owners)


def slack_lookup(email: str) -> str | None:
    return {"riley@acme.com": REP}.get(email)  # users.lookupByEmail, as a table


def sync(deps: Deps, source: FakeCrm, **options: object) -> CrmSyncReport:
    return sync_crm(
        deps,
        team_id=TEAM,
        connector=source,
        mapping=MAPPING,
        lookup_email=slack_lookup,
        **options,  # type: ignore[arg-type]
    )


def at(day: int, hour: int) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, tzinfo=dt.UTC)


def proposal(deps: Deps, week: dt.date = MONDAY) -> crm.Proposal | None:
    with session_scope(deps.engine) as session:
        return crm.get_proposal(session, team_id=TEAM, rep_id=REP, week_start=week)


def test_records_fill_the_reps_own_week_as_a_proposal_and_unmatched_owners_are_reported(deps: Deps) -> None:
    source = fake_crm()
    source.put("c1", RecordKind.CALL, at(10, 15), at(10, 15))
    source.put("c2", RecordKind.CALL, at(16, 6), at(16, 6))  # Sunday 22:00 in Los Angeles: this week
    source.put("c3", RecordKind.CALL, at(9, 6), at(9, 6))  # Sunday night before: last week
    source.put("d1", RecordKind.DEAL, at(11, 18), at(11, 18), amount="12000")
    report = sync(deps, source)
    assert report.error is None and report.records == 4
    assert [o.id for o in report.unmatched] == ["8"]
    assert report.weeks[REP][MONDAY] == {"calls": 2.0, "meetings": 0.0, "pipeline": 12000.0}
    stored = proposal(deps)
    assert stored is not None and stored.connector == "hubspot" and stored.synced_at == NOW
    assert stored.values == {"calls": 2.0, "meetings": 0.0, "pipeline": 12000.0}
    with session_scope(deps.engine) as session:
        assert activity.get_week(session, team_id=TEAM, rep_id=REP, week_start=MONDAY) is None
    assert source.asked_since[0] == NOW - dt.timedelta(weeks=5)


def test_a_record_that_changes_status_between_two_syncs_is_counted_once(deps: Deps) -> None:
    source = fake_crm()
    source.put("m1", RecordKind.MEETING, at(10, 17), at(10, 17), outcome="SCHEDULED")
    source.put("c1", RecordKind.CALL, at(10, 15), at(10, 15))
    sync(deps, source)
    assert proposal(deps).values["meetings"] == 0  # type: ignore[union-attr]
    source.put("m1", RecordKind.MEETING, at(10, 17), at(11, 9), outcome="COMPLETED")
    deps.clock.now = NOW + dt.timedelta(hours=1)  # type: ignore[attr-defined]
    second = sync(deps, source)
    # The second run reads each kind (call, deal, meeting) from a little before the newest change stored.
    assert source.asked_since[-3] == at(10, 15) - OVERLAP and source.asked_since[-1] == at(10, 17) - OVERLAP
    assert second.changed == 1 and proposal(deps).values == {  # type: ignore[union-attr]
        "calls": 1.0, "meetings": 1.0, "pipeline": 0.0,
    }  # fmt: skip
    sync(deps, source)  # read again in the overlap window: still once
    assert proposal(deps).values["meetings"] == 1 and proposal(deps).values["calls"] == 1  # type: ignore[union-attr]


def test_a_typed_number_is_never_overwritten_and_a_later_disagreeing_sync_is_recorded(deps: Deps) -> None:
    with session_scope(deps.engine) as session:
        activity.write_week(
            session, team_id=TEAM, rep_id=REP, log=WeekLog(MONDAY, {"calls": 50.0}), actor=REP,
            source="modal", now=NOW,
        )  # fmt: skip
    source = fake_crm()
    source.put("c1", RecordKind.CALL, at(10, 15), at(10, 15))
    report = sync(deps, source, auto_confirm=True)
    assert report.disagreements == [Disagreement(REP, MONDAY, "calls", 50.0, 1.0)]
    with session_scope(deps.engine) as session:
        week = activity.get_week(session, team_id=TEAM, rep_id=REP, week_start=MONDAY)
        trail = activity.audit_trail(session, team_id=TEAM, rep_id=REP)
    assert week is not None and week.values == {"calls": 50.0, "meetings": 0.0, "pipeline": 0.0}
    assert proposal(deps).values["calls"] == 1.0  # type: ignore[union-attr]
    assert {(e.change.field, e.source, e.changed_by) for e in trail if e.source == "crm"} == {
        ("meetings", "crm", CRM_ACTOR), ("pipeline", "crm", CRM_ACTOR),
    }  # fmt: skip


def test_auto_confirmed_values_follow_later_syncs_and_without_the_setting_nothing_is_logged(
    deps: Deps,
) -> None:
    source = fake_crm()
    source.put("c1", RecordKind.CALL, at(10, 15), at(10, 15))
    assert sync(deps, source).confirmed == 0
    first = sync(deps, source, auto_confirm=True)
    source.put("c2", RecordKind.CALL, at(11, 15), at(11, 15))
    second = sync(deps, source, auto_confirm=True)
    assert (first.confirmed, second.confirmed) == (3, 1) and second.disagreements == []
    with session_scope(deps.engine) as session:
        week = activity.get_week(session, team_id=TEAM, rep_id=REP, week_start=MONDAY)
    assert week is not None and week.values["calls"] == 2.0


def test_a_dry_run_stores_nothing(deps: Deps) -> None:
    source = fake_crm()
    source.put("c1", RecordKind.CALL, at(10, 15), at(10, 15))
    report = sync(deps, source, dry_run=True)
    assert report.weeks[REP][MONDAY]["calls"] == 1.0 and proposal(deps) is None
    assert sync(deps, source).changed == 3  # the real run still reads from the start


def test_the_daily_limit_stops_the_run_and_the_next_one_resumes_after_what_was_stored(deps: Deps) -> None:
    source = fake_crm()
    for n in range(5):
        source.put(f"c{n}", RecordKind.CALL, at(10, 10 + n), at(10, 10 + n))
    source.fail_after = 1
    report = sync(deps, source)
    assert report.error is not None and "daily" in report.error and report.records == 2
    assert proposal(deps).values["calls"] == 2  # type: ignore[union-attr]
    source.fail_after = None
    assert sync(deps, source).error is None
    assert source.asked_since[-3] == at(10, 11) - OVERLAP
    assert proposal(deps).values["calls"] == 5  # type: ignore[union-attr]
