"""The HubSpot sync on a mocked transport: paging, rate limits, retries, malformed pages and resuming."""

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from sqlalchemy import Engine

from bot.connectors.hubspot import HubSpotClient
from bot.deps import Deps, SettableClock
from bot.services.hubspot_sync import BEGINNING, OVERLAP, SyncReport, sync_hubspot
from bot.testing.fake_hubspot import FakeHubSpot
from coaching.team import Person, Role
from coaching.touches import Outcome
from storage import migrate
from storage.db import make_engine, session_scope
from storage.repo import connectors, people
from storage.repo.touches import team_touches

API = "https://api.hubapi.com"
TEAM = "T111"
NOW = dt.datetime(2026, 11, 20, 12, tzinfo=dt.UTC)
Handler = Callable[[httpx.Request], httpx.Response]


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    url = f"sqlite:///{tmp_path / 'hubspot.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with session_scope(engine) as session:
        people.ensure_workspace(session, team_id=TEAM, now=NOW)
        riley = Person(slack_id="U0REP1", name="Riley", role=Role.REP, email="riley@example.com")
        people.upsert_people(session, team_id=TEAM, people=[riley], now=NOW)
    yield engine
    engine.dispose()


@dataclass
class FakeTime:
    """A monotonic clock that only moves when the client sleeps: waits are recorded, not slept."""

    now: float = 1000.0
    sleeps: list[float] = field(default_factory=list)

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 3))
        self.now += seconds

    def monotonic(self) -> float:
        return self.now


def email(
    id_: int,
    direction: str = "EMAIL",
    owner: str = "7",
    thread: str = "th1",
    minute: int = 0,
    status: str = "SENT",
    modified: str | None = None,
) -> dict[str, object]:
    sent = f"2026-11-02T09:{minute:02d}:00.000Z"
    changed = dt.datetime.fromisoformat(modified or sent)
    return {
        "id": str(id_),
        "properties": {
            "hs_timestamp": sent,
            "hs_lastmodifieddate": str(int(changed.timestamp() * 1000)),  # HubSpot also answers in ms
            "hs_email_subject": "Quick question" if direction == "EMAIL" else "Re: Quick question",
            "hs_email_text": "Hi Sam, how do you ramp new reps today?",
            "hs_email_direction": direction,
            "hubspot_owner_id": owner,
            "hs_email_status": status,
            "hs_email_thread_id": thread,
        },
        "archived": False,
    }


def page(results: list[dict[str, object]], after: str | None) -> httpx.Response:
    # The search endpoint's shape: total, results, and paging.next.after only while more remain.
    paging = {"paging": {"next": {"after": after, "link": "..."}}} if after else {}
    return httpx.Response(200, json={"total": 3, "results": results} | paging)


# An opener by Riley, an opener by someone unknown, then Riley's buyer replying: two pages of two.
EMAILS = [
    email(1, minute=0),
    email(2, owner="8", thread="th2", minute=1),
    email(3, "INCOMING_EMAIL", minute=30),
]


def search(request: httpx.Request) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(request.content)
    return body


def since_ms(request: httpx.Request) -> int:
    return int(search(request)["filterGroups"][0]["filters"][0]["value"])


def hubspot_with(emails: list[dict[str, Any]]) -> Handler:
    """Answer searches from these emails as HubSpot does: filtered, sorted by last change, paged."""
    fake = FakeHubSpot()
    for e in emails:
        fake.put("emails", e["id"], **e["properties"])

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.headers["Authorization"] == "Bearer pat-1"
        assert search(request)["sorts"] == [{"propertyName": "hs_lastmodifieddate", "direction": "ASCENDING"}]
        return fake.handle(request)

    return handler


def mock_api(mock: respx.MockRouter, emails: Handler) -> respx.Route:
    owners = [{"id": "7", "email": "Riley@Example.com"}, {"id": "8", "email": "gone@example.com"}]
    mock.get("/crm/v3/owners").respond(json={"results": owners})
    return mock.post("/crm/v3/objects/emails/search").mock(side_effect=emails)


def sync(engine: Engine, time_: FakeTime | None = None) -> SyncReport:
    time_ = time_ or FakeTime()
    client = HubSpotClient("pat-1", sleep=time_.sleep, monotonic=time_.monotonic, page_size=2)
    return sync_hubspot(Deps(engine=engine, clock=SettableClock(NOW), crm=client), team_id=TEAM)


def stored(engine: Engine) -> list[tuple[str, Outcome, int]]:
    with session_scope(engine) as session:
        return [(t.rep, t.outcome, t.step) for t in team_touches(session, TEAM)]


def resume_point(engine: Engine) -> dt.datetime | None:
    with session_scope(engine) as session:
        return connectors.get_state(session, team_id=TEAM, connector="hubspot").last_seen_at


def test_pages_are_read_to_the_end_and_a_reply_on_a_later_page_is_credited(engine: Engine) -> None:
    with respx.mock(base_url=API) as mock:
        route = mock_api(mock, hubspot_with(EMAILS))
        report = sync(engine)
    assert report.error is None and report.pages == 2 and route.call_count == 2
    # The second page is searched from the newest change read, not by offset (keyset paging).
    assert since_ms(route.calls[1].request) == int(
        dt.datetime(2026, 11, 2, 9, 1, tzinfo=dt.UTC).timestamp() * 1000
    )
    assert since_ms(route.calls[0].request) == int(BEGINNING.timestamp() * 1000)
    assert (report.added, report.replies_credited) == (1, 1)
    assert report.unmatched == {"gone@example.com": 1}
    assert stored(engine) == [("U0REP1", Outcome.REPLY, 1)]
    newest = dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC)
    assert resume_point(engine) == newest
    with respx.mock(base_url=API) as mock:
        route = mock_api(mock, hubspot_with(EMAILS))
        again = sync(engine)
    # The next run reads from a little before the newest change it stored, and stores nothing twice.
    assert since_ms(route.calls[0].request) == int((newest - OVERLAP).timestamp() * 1000)
    assert (again.pages, again.added, again.replies_credited) == (1, 0, 0)
    assert stored(engine) == [("U0REP1", Outcome.REPLY, 1)]


def test_an_email_that_was_scheduled_when_read_is_counted_once_when_it_is_sent(engine: Engine) -> None:
    scheduled = email(1, status="SCHEDULED", modified="2026-11-02T08:00:00Z")
    sent = email(1, status="SENT", modified="2026-11-02T09:05:00Z")
    for results in ([scheduled], [sent], [sent]):  # the third run re-reads it in its overlap window
        with respx.mock(base_url=API) as mock:
            mock_api(mock, lambda _, r=results: page(r, None))  # type: ignore[misc]
            assert sync(engine).error is None
    assert stored(engine) == [("U0REP1", Outcome.NONE, 1)]


def test_a_429_waits_as_long_as_retry_after_says_then_succeeds(engine: Engine) -> None:
    answers = iter([httpx.Response(429, headers={"Retry-After": "7"}), page([email(1)], None)])
    time_ = FakeTime()
    with respx.mock(base_url=API) as mock:
        mock_api(mock, lambda _: next(answers))
        report = sync(engine, time_)
    assert report.error is None and report.added == 1 and time_.sleeps == [7.0]


def ten_secondly() -> httpx.Response:
    body = {
        "status": "error",
        "message": "You have reached your ten_secondly_rolling limit.",
        "errorType": "RATE_LIMIT",
        "correlationId": "c0ffee00-0000-4000-8000-000000000000",
        "policyName": "TEN_SECONDLY_ROLLING",
    }
    return httpx.Response(429, json=body, headers={"X-HubSpot-RateLimit-Interval-Milliseconds": "10000"})


def test_the_ten_second_limit_waits_until_the_window_has_passed_not_a_constant_second(engine: Engine) -> None:
    time_ = FakeTime()
    answers = iter([ten_secondly(), page([email(1)], None)])

    def handler(_: httpx.Request) -> httpx.Response:
        time_.now += 0.5  # the owners call was at t=1000: the window holds it until t=1010
        return next(answers)

    with respx.mock(base_url=API) as mock:
        mock_api(mock, handler)
        report = sync(engine, time_)
    assert report.error is None and report.added == 1
    assert time_.sleeps == [9.5]


def test_a_429_while_the_window_still_has_room_waits_briefly_and_longer_each_time(engine: Engine) -> None:
    room = ten_secondly()
    room.headers["X-HubSpot-RateLimit-Remaining"] = "60"  # HubSpot says the window is not full
    answers = iter([room, room, page([email(1)], None)])
    time_ = FakeTime()
    with respx.mock(base_url=API) as mock:
        mock_api(mock, lambda _: next(answers))
        report = sync(engine, time_)
    assert report.error is None and report.added == 1 and time_.sleeps == [0.1, 0.4]


def test_requests_are_paced_by_the_remaining_count_so_the_limit_is_not_hit(engine: Engine) -> None:
    time_ = FakeTime()
    spent = {"X-HubSpot-RateLimit-Remaining": "0", "X-HubSpot-RateLimit-Interval-Milliseconds": "10000"}
    with respx.mock(base_url=API) as mock:
        owners = [{"id": "7", "email": "riley@example.com"}]
        mock.get("/crm/v3/owners").respond(json={"results": owners}, headers=spent)
        route = mock.post("/crm/v3/objects/emails/search").respond(json={"results": [email(1)]})
        report = sync(engine, time_)
    assert report.error is None and route.call_count == 1 and time_.sleeps == [10.0]


def test_the_daily_limit_stops_at_once_keeps_the_place_and_says_when_to_try_again(engine: Engine) -> None:
    daily = {"status": "error", "message": "You have reached your daily limit.", "policyName": "DAILY"}
    with respx.mock(base_url=API) as mock:
        mock_api(mock, hubspot_with(EMAILS))
        sync(engine)
    before = resume_point(engine)
    time_ = FakeTime()
    with respx.mock(base_url=API) as mock:
        route = mock_api(mock, lambda _: httpx.Response(429, json=daily))
        report = sync(engine, time_)
    assert route.call_count == 1 and time_.sleeps == []
    assert report.error is not None and "daily API limit" in report.error and "after midnight" in report.error
    assert resume_point(engine) == before


def test_a_500_is_retried_with_exponential_backoff_and_then_given_up(engine: Engine) -> None:
    answers = iter([httpx.Response(500), httpx.Response(502), page([email(1)], None)])
    time_ = FakeTime()
    with respx.mock(base_url=API) as mock:
        mock_api(mock, lambda _: next(answers))
        assert sync(engine, time_).added == 1
    assert time_.sleeps == [1.0, 2.0]
    time_ = FakeTime()
    with respx.mock(base_url=API) as mock:
        route = mock_api(mock, lambda _: httpx.Response(503))
        report = sync(engine, time_)
    assert route.call_count == 5 and time_.sleeps == [1.0, 2.0, 4.0, 8.0]
    assert report.error == "POST /crm/v3/objects/emails/search: gave up after 5 attempts (HTTP 503)"


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ({"results": [{"id": "9"}]}, "results[0].properties: this field is required"),
        ({"results": "nope"}, "results: should be a list"),
    ],
)
def test_a_malformed_page_stops_the_run_names_the_problem_and_stores_nothing_of_it(
    engine: Engine, body: dict[str, object], reason: str
) -> None:
    answers = iter([page([email(1)], "1"), httpx.Response(200, json=body)])
    with respx.mock(base_url=API) as mock:
        mock_api(mock, lambda _: next(answers))
        report = sync(engine)
    assert report.error is not None and reason in report.error
    assert report.pages == 1 and stored(engine) == [("U0REP1", Outcome.NONE, 1)]


def test_a_malformed_record_is_skipped_with_its_reason_and_the_rest_of_the_page_is_stored(
    engine: Engine,
) -> None:
    bad = email(9)
    bad["properties"] = {**bad["properties"], "hs_timestamp": "yesterday"}  # type: ignore[dict-item]
    with respx.mock(base_url=API) as mock:
        mock_api(mock, lambda _: page([bad, email(1)], None))
        report = sync(engine)
    assert report.error is None and report.added == 1
    assert report.skipped == ["email 9: hs_timestamp 'yesterday' is not a timestamp"]


def test_a_run_that_fails_mid_way_resumes_from_the_last_stored_page(engine: Engine) -> None:
    answers = iter([page(EMAILS[:2], "2"), *[httpx.Response(500)] * 5])
    with respx.mock(base_url=API) as mock:
        mock_api(mock, lambda _: next(answers))
        first = sync(engine)
    assert first.error is not None and "gave up" in first.error and first.pages == 1
    assert stored(engine) == [("U0REP1", Outcome.NONE, 1)]
    assert resume_point(engine) == dt.datetime(2026, 11, 2, 9, 1, tzinfo=dt.UTC)
    with respx.mock(base_url=API) as mock:
        mock_api(mock, hubspot_with(EMAILS))
        second = sync(engine)
    assert second.error is None and second.replies_credited == 1
    assert stored(engine) == [("U0REP1", Outcome.REPLY, 1)]


def test_a_refused_token_is_reported_without_retrying(engine: Engine) -> None:
    with respx.mock(base_url=API) as mock:
        mock.get("/crm/v3/owners").respond(401, json={"message": "bad token"})
        report = sync(engine)
    assert report.error is not None and "check HUBSPOT_TOKEN" in report.error
