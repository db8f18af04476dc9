"""The HubSpot sync on a mocked transport: paging, rate limits, retries, malformed pages and resuming."""

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
import respx
from sqlalchemy import Engine

from bot.connectors.hubspot import HubSpotClient
from bot.deps import Deps, SettableClock
from bot.services.hubspot_sync import SyncReport, sync_hubspot
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


def email(
    id_: int, direction: str = "EMAIL", owner: str = "7", thread: str = "th1", minute: int = 0
) -> dict[str, object]:
    return {
        "id": str(id_),
        "properties": {
            "hs_timestamp": f"2026-11-02T09:{minute:02d}:00.000Z",
            "hs_email_subject": "Quick question" if direction == "EMAIL" else "Re: Quick question",
            "hs_email_text": "Hi Sam, how do you ramp new reps today?",
            "hs_email_direction": direction,
            "hubspot_owner_id": owner,
            "hs_email_status": "SENT",
            "hs_email_thread_id": thread,
        },
    }


def page(results: list[dict[str, object]], after: str | None) -> httpx.Response:
    paging = {"paging": {"next": {"after": after, "link": "..."}}} if after else {}
    return httpx.Response(200, json={"results": results} | paging)


# Three pages: an opener by Riley, an opener by someone unknown, then Riley's buyer replying.
PAGES: dict[str | None, httpx.Response] = {
    None: page([email(1, minute=0)], "2"),
    "2": page([email(2, owner="8", thread="th2", minute=1)], "3"),
    "3": page([email(3, direction="INCOMING_EMAIL", minute=30)], None),
}


def emails_by_cursor(pages: dict[str | None, httpx.Response]) -> Handler:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.headers["Authorization"] == "Bearer pat-1"
        return pages[request.url.params.get("after")]

    return handler


def mock_api(mock: respx.MockRouter, emails: Handler) -> respx.Route:
    owners = [{"id": "7", "email": "Riley@Example.com"}, {"id": "8", "email": "gone@example.com"}]
    mock.get("/crm/v3/owners").respond(json={"results": owners})
    return mock.get("/crm/v3/objects/emails").mock(side_effect=emails)


def sync(engine: Engine, sleeps: list[float] | None = None) -> SyncReport:
    client = HubSpotClient("pat-1", sleep=(sleeps if sleeps is not None else []).append)
    return sync_hubspot(Deps(engine=engine, clock=SettableClock(NOW), crm=client), team_id=TEAM)


def stored(engine: Engine) -> list[tuple[str, Outcome, int]]:
    with session_scope(engine) as session:
        return [(t.rep, t.outcome, t.step) for t in team_touches(session, TEAM)]


def cursor(engine: Engine) -> str | None:
    with session_scope(engine) as session:
        return connectors.get_state(session, team_id=TEAM, connector="hubspot").cursor


def test_pages_are_read_to_the_end_and_a_reply_on_a_later_page_is_credited(engine: Engine) -> None:
    with respx.mock(base_url=API) as mock:
        route = mock_api(mock, emails_by_cursor(PAGES))
        report = sync(engine)
    assert report.error is None and report.pages == 3 and route.call_count == 3
    assert (report.added, report.replies_credited) == (1, 1)
    assert report.unmatched == {"gone@example.com": 1}
    assert stored(engine) == [("U0REP1", Outcome.REPLY, 1)]
    assert cursor(engine) == "3"  # the last page's own cursor: the next run re-reads it for new emails
    with respx.mock(base_url=API) as mock:
        mock_api(mock, emails_by_cursor(PAGES))
        again = sync(engine)
    assert (again.pages, again.added, again.replies_credited) == (1, 0, 0)


def test_a_429_waits_as_long_as_retry_after_says_then_succeeds(engine: Engine) -> None:
    answers = iter([httpx.Response(429, headers={"Retry-After": "7"}), page([email(1)], None)])
    sleeps: list[float] = []
    with respx.mock(base_url=API) as mock:
        mock_api(mock, lambda _: next(answers))
        report = sync(engine, sleeps)
    assert report.error is None and report.added == 1 and sleeps == [7.0]


def test_a_500_is_retried_with_exponential_backoff_and_then_given_up(engine: Engine) -> None:
    answers = iter([httpx.Response(500), httpx.Response(502), page([email(1)], None)])
    sleeps: list[float] = []
    with respx.mock(base_url=API) as mock:
        mock_api(mock, lambda _: next(answers))
        assert sync(engine, sleeps).added == 1
    assert sleeps == [1.0, 2.0]
    with respx.mock(base_url=API) as mock:
        route = mock_api(mock, lambda _: httpx.Response(503))
        report = sync(engine, sleeps := [])
    assert route.call_count == 5 and sleeps == [1.0, 2.0, 4.0, 8.0]
    assert report.error == "GET /crm/v3/objects/emails: gave up after 5 attempts (HTTP 503)"


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ({"results": [{"id": "9"}]}, "results[0].properties: this field is required"),
        ({"results": "nope"}, "results: should be a list"),
        (
            {"results": [email(9) | {"properties": {"hs_timestamp": "yesterday"}}]},
            "'yesterday' is not a timestamp",
        ),
    ],
)
def test_a_malformed_page_stops_the_run_names_the_problem_and_stores_nothing_of_it(
    engine: Engine, body: dict[str, object], reason: str
) -> None:
    pages = {None: page([email(1)], "2"), "2": httpx.Response(200, json=body)}
    with respx.mock(base_url=API) as mock:
        mock_api(mock, emails_by_cursor(pages))
        report = sync(engine)
    assert report.error is not None and reason in report.error
    assert report.pages == 1 and stored(engine) == [("U0REP1", Outcome.NONE, 1)]
    assert cursor(engine) == "2"


def test_a_run_that_fails_mid_way_resumes_at_the_page_that_failed(engine: Engine) -> None:
    failing = dict(PAGES) | {"3": httpx.Response(500)}
    with respx.mock(base_url=API) as mock:
        mock_api(mock, emails_by_cursor(failing))
        first = sync(engine)
    assert first.error is not None and "after=3" in first.error and first.pages == 2
    assert stored(engine) == [("U0REP1", Outcome.NONE, 1)] and cursor(engine) == "3"
    seen: list[str | None] = []

    def recording(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.params.get("after"))
        return PAGES[request.url.params.get("after")]

    with respx.mock(base_url=API) as mock:
        mock_api(mock, recording)
        second = sync(engine)
    assert seen == ["3"] and second.error is None and second.replies_credited == 1
    assert stored(engine) == [("U0REP1", Outcome.REPLY, 1)]


def test_a_refused_token_is_reported_without_retrying(engine: Engine) -> None:
    with respx.mock(base_url=API) as mock:
        mock.get("/crm/v3/owners").respond(401, json={"message": "bad token"})
        report = sync(engine)
    assert report.error is not None and "check HUBSPOT_TOKEN" in report.error
