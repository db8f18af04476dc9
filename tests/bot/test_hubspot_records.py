"""HubSpot's activity records through the CRM v3 search endpoint (calls, meetings, deals), with answers
shaped from HubSpot's search reference: filters, sorting, `after` paging, empty and malformed results."""

import datetime as dt
import json
from typing import Any

import httpx
import respx

from bot.connectors.hubspot import HubSpotClient
from bot.testing.fake_hubspot import FakeHubSpot
from coaching.crm import RecordKind

API = "https://api.hubapi.com"
SINCE = dt.datetime(2026, 11, 2, tzinfo=dt.UTC)


def call(id_: int, modified: str = "2026-11-03T10:00:00.000Z") -> dict[str, Any]:
    props = {
        "hs_timestamp": "2026-11-03T09:30:00.000Z",
        "hs_lastmodifieddate": modified,
        "hs_call_disposition": "f240bbac-87c9-4f6e-bf70-924b57d47db7",  # HubSpot's id for "Connected"
        "hs_call_direction": "OUTBOUND",
        "hubspot_owner_id": "7",
    }
    return {"id": str(id_), "properties": props, "createdAt": props["hs_timestamp"], "archived": False}


def answer(results: list[dict[str, Any]], after: str | None = None) -> httpx.Response:
    paging = {"paging": {"next": {"after": after, "link": "?after=" + after}}} if after else {}
    return httpx.Response(200, json={"total": len(results), "results": results} | paging)


def ms(when: dt.datetime) -> str:
    return str(int(when.timestamp() * 1000))


def client() -> HubSpotClient:
    return HubSpotClient("pat-1", sleep=lambda _: None)


def test_calls_are_searched_by_owner_and_last_modified_time_and_paged_with_after() -> None:
    answers = iter([answer([call(1)], "1"), answer([call(2)])])
    with respx.mock(base_url=API) as mock:
        route = mock.post("/crm/v3/objects/calls/search").mock(side_effect=lambda _: next(answers))
        pages = list(client().record_pages(RecordKind.CALL, since=SINCE, owner_ids=["7", "8"]))
    first, second = (json.loads(c.request.content) for c in route.calls)
    assert first["filterGroups"] == [
        {
            "filters": [
                {"propertyName": "hs_lastmodifieddate", "operator": "GTE", "value": ms(SINCE)},
                {"propertyName": "hubspot_owner_id", "operator": "IN", "values": ["7", "8"]},
            ]
        }
    ]
    # The next page starts from the newest change read (keyset), so a record changed meanwhile skips none.
    assert "after" not in first and "after" not in second and first["limit"] == 100
    assert second["filterGroups"][0]["filters"][0]["value"] == ms(dt.datetime(2026, 11, 3, 10, tzinfo=dt.UTC))
    assert "hs_call_disposition" in first["properties"]
    record = pages[0].records[0]
    assert (record.id, record.kind, record.owner_id) == ("1", RecordKind.CALL, "7")
    assert record.occurred_at == dt.datetime(2026, 11, 3, 9, 30, tzinfo=dt.UTC)
    assert record.modified_at == dt.datetime(2026, 11, 3, 10, tzinfo=dt.UTC)


def test_a_deal_is_placed_in_a_week_by_its_create_date_and_an_empty_search_is_one_empty_page() -> None:
    deal = {"id": "55", "properties": {"createdate": "2026-11-04T12:00:00Z", "amount": "12000",
            "hs_lastmodifieddate": "1793707200000", "hubspot_owner_id": "7"}}  # fmt: skip
    with respx.mock(base_url=API) as mock:
        mock.post("/crm/v3/objects/deals/search").mock(return_value=answer([deal]))
        mock.post("/crm/v3/objects/meetings/search").respond(json={"total": 0, "results": []})
        (deals,) = client().record_pages(RecordKind.DEAL, since=SINCE)
        (meetings,) = client().record_pages(RecordKind.MEETING, since=SINCE)
    assert deals.records[0].occurred_at == dt.datetime(2026, 11, 4, 12, tzinfo=dt.UTC)
    assert deals.records[0].properties["amount"] == "12000" and meetings.records == []


def test_a_large_result_is_searched_again_from_the_newest_change_read_not_by_a_deep_offset() -> None:
    bodies: list[dict[str, Any]] = []
    answers = iter([answer([call(1, "2026-11-05T00:00:00Z")], "9950"), answer([call(2)])])

    def handler(request: httpx.Request) -> httpx.Response:
        bodies.append(json.loads(request.content))
        return next(answers)

    with respx.mock(base_url=API) as mock:
        mock.post("/crm/v3/objects/calls/search").mock(side_effect=handler)
        pages = list(client().record_pages(RecordKind.CALL, since=SINCE))
    assert len(pages) == 2 and "after" not in bodies[1]
    assert bodies[1]["filterGroups"][0]["filters"][0]["value"] == ms(dt.datetime(2026, 11, 5, tzinfo=dt.UTC))


def test_a_record_that_changes_while_the_sync_pages_through_skips_no_other_record() -> None:
    fake = FakeHubSpot()
    base = int(SINCE.timestamp() * 1000)
    for n in range(10):
        fake.put(
            "calls", f"c{n}", hs_timestamp=str(base), hs_lastmodifieddate=str(base + n), hubspot_owner_id="7"
        )

    def change_the_first(_: str, request_number: int) -> None:
        if request_number == 2:  # after the first page: c0 changes, moving to the end of the order
            fake.put(
                "calls",
                "c0",
                hs_timestamp=str(base),
                hs_lastmodifieddate=str(base + 99),
                hubspot_owner_id="7",
            )

    fake.on_search = change_the_first
    client = HubSpotClient(
        "pat-1", sleep=lambda _: None, page_size=3, http=httpx.Client(transport=fake.transport())
    )
    read = [r.id for page in client.record_pages(RecordKind.CALL, since=SINCE) for r in page.records]
    assert sorted(set(read)) == [f"c{n}" for n in range(10)]
    assert len(read) == 11  # c0 twice: before and after its change; storage keeps its latest state
