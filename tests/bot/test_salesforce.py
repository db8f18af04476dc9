"""The Salesforce connector against respx, answers shaped from the REST API reference: sign-in (JWT
bearer and client credentials), SOQL paging with nextRecordsUrl, empty and malformed pages, an expired
session, 5xx and the daily request limit."""

import base64
import datetime as dt
import json
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest
import respx
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from bot.connectors.base import RateLimited
from bot.connectors.salesforce import SalesforceClient, SalesforceError
from bot.connectors.salesforce_auth import ClientCredentials, JwtBearer
from coaching.crm import RecordKind

LOGIN = "https://login.salesforce.com"
INSTANCE = "https://acme.my.salesforce.com"
QUERY = "/services/data/v60.0/query"
SINCE = dt.datetime(2026, 11, 2, tzinfo=dt.UTC)
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
PEM = KEY.private_bytes(
    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
)


def token(access: str = "00Dxx0000001gPL!AQ4AQ.first") -> httpx.Response:
    return httpx.Response(
        200,
        json={
            "access_token": access,
            "scope": "api",
            "instance_url": INSTANCE,
            "id": f"{LOGIN}/id/00Dxx0000001gPLEAY/005xx000001SwiUAAS",
            "token_type": "Bearer",
        },
    )


def task(id_: str, subtype: str = "Call", modified: str = "2026-11-03T10:00:00.000+0000") -> dict[str, Any]:
    return {
        "attributes": {"type": "Task", "url": f"/services/data/v60.0/sobjects/Task/{id_}"},
        "Id": id_,
        "OwnerId": "005xx000001SwiUAAS",
        "TaskSubtype": subtype,
        "CallType": "Outbound",
        "CallDisposition": "Connected",
        "Status": "Completed",
        "Subject": "Call",
        "Type": "Call",
        "CompletedDateTime": "2026-11-03T09:30:00.000+0000",
        "CreatedDate": "2026-11-03T09:00:00.000+0000",
        "LastModifiedDate": modified,
    }


def query_page(records: list[dict[str, Any]], next_url: str | None = None) -> httpx.Response:
    body: dict[str, Any] = {"totalSize": 3, "done": next_url is None, "records": records}
    return httpx.Response(200, json=body | ({"nextRecordsUrl": next_url} if next_url else {}))


def client(sleeps: list[float] | None = None) -> SalesforceClient:
    grant = JwtBearer("3MVG9.client", "riley@acme.com", PEM, LOGIN, now=lambda: 1_800_000_000)
    return SalesforceClient(grant, sleep=(sleeps if sleeps is not None else []).append)


def test_the_jwt_bearer_assertion_is_signed_rs256_for_the_app_the_user_and_the_login_server() -> None:
    with respx.mock() as mock:
        sign_in = mock.post(f"{LOGIN}/services/oauth2/token").mock(return_value=token())
        mock.get(f"{INSTANCE}{QUERY}").mock(return_value=query_page([]))
        assert client().owners() == []
    form = parse_qs(sign_in.calls[0].request.content.decode())
    assert form["grant_type"] == ["urn:ietf:params:oauth:grant-type:jwt-bearer"]
    header, claims, signature = form["assertion"][0].split(".")
    assert json.loads(_unb64(header)) == {"alg": "RS256"}
    assert json.loads(_unb64(claims)) == {
        "iss": "3MVG9.client", "sub": "riley@acme.com", "aud": LOGIN, "exp": 1_800_000_180,
    }  # fmt: skip
    KEY.public_key().verify(
        _unb64(signature), f"{header}.{claims}".encode(), padding.PKCS1v15(), hashes.SHA256()
    )


def test_client_credentials_sign_in_at_the_org_domain_and_queries_carry_the_token() -> None:
    grant = ClientCredentials("3MVG9.client", "s3cret", INSTANCE)
    with respx.mock() as mock:
        sign_in = mock.post(f"{INSTANCE}/services/oauth2/token").mock(return_value=token("tok-cc"))
        route = mock.get(f"{INSTANCE}{QUERY}").mock(return_value=query_page([]))
        list(SalesforceClient(grant).record_pages(RecordKind.CALL, since=SINCE))
    assert parse_qs(sign_in.calls[0].request.content.decode()) == {
        "grant_type": ["client_credentials"], "client_id": ["3MVG9.client"], "client_secret": ["s3cret"],
    }  # fmt: skip
    assert route.calls[0].request.headers["Authorization"] == "Bearer tok-cc"


def test_pages_follow_next_records_url_in_last_modified_order_for_the_owners_asked() -> None:
    next_url = f"{QUERY}/01gxx0000002AbC-2000"
    with respx.mock() as mock:
        mock.post(f"{LOGIN}/services/oauth2/token").mock(return_value=token())
        first = mock.get(f"{INSTANCE}{QUERY}").mock(return_value=query_page([task("00Txx01")], next_url))
        second = mock.get(f"{INSTANCE}{next_url}").mock(return_value=query_page([task("00Txx02")]))
        pages = list(client().record_pages(RecordKind.CALL, since=SINCE, owner_ids=["005xx000001SwiUAAS"]))
    soql = first.calls[0].request.url.params["q"]
    assert "FROM Task WHERE TaskSubtype = 'Call' AND LastModifiedDate >= 2026-11-02T00:00:00Z" in soql
    assert soql.endswith("AND OwnerId IN ('005xx000001SwiUAAS') ORDER BY LastModifiedDate, Id")
    assert second.call_count == 1 and [len(p.records) for p in pages] == [1, 1]
    record = pages[0].records[0]
    assert (record.id, record.kind, record.owner_id) == ("00Txx01", RecordKind.CALL, "005xx000001SwiUAAS")
    assert record.occurred_at == dt.datetime(2026, 11, 3, 9, 30, tzinfo=dt.UTC)
    assert record.properties["CallDisposition"] == "Connected" and "attributes" not in record.properties


def test_an_empty_result_is_one_empty_page() -> None:
    with respx.mock() as mock:
        mock.post(f"{LOGIN}/services/oauth2/token").mock(return_value=token())
        mock.get(f"{INSTANCE}{QUERY}").respond(json={"totalSize": 0, "done": True, "records": []})
        pages = list(client().record_pages(RecordKind.MEETING, since=SINCE))
    assert [p.records for p in pages] == [[]]


def test_a_malformed_record_is_skipped_with_a_reason_and_a_malformed_page_is_an_error() -> None:
    broken = task("00Txx09") | {"LastModifiedDate": "yesterday"}
    with respx.mock() as mock:
        mock.post(f"{LOGIN}/services/oauth2/token").mock(return_value=token())
        mock.get(f"{INSTANCE}{QUERY}").mock(return_value=query_page([broken, task("00Txx01")]))
        (page,) = client().record_pages(RecordKind.CALL, since=SINCE)
    assert [r.id for r in page.records] == ["00Txx01"]
    assert page.skipped == ["call 00Txx09: no Id, CompletedDateTime or LastModifiedDate"]
    with respx.mock() as mock:
        mock.post(f"{LOGIN}/services/oauth2/token").mock(return_value=token())
        mock.get(f"{INSTANCE}{QUERY}").respond(json={"done": True, "records": "nope"})
        with pytest.raises(SalesforceError, match="records: should be a list"):
            list(client().record_pages(RecordKind.CALL, since=SINCE))


EXPIRED = httpx.Response(
    401, json=[{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}]
)


def test_an_expired_session_signs_in_again_once_and_then_gives_up() -> None:
    answers = iter([EXPIRED, query_page([task("00Txx01")])])
    with respx.mock() as mock:
        sign_in = mock.post(f"{LOGIN}/services/oauth2/token").mock(side_effect=[token("old"), token("new")])
        route = mock.get(f"{INSTANCE}{QUERY}").mock(side_effect=lambda _: next(answers))
        (page,) = client().record_pages(RecordKind.CALL, since=SINCE)
    assert sign_in.call_count == 2 and [r.id for r in page.records] == ["00Txx01"]
    assert route.calls[1].request.headers["Authorization"] == "Bearer new"
    with respx.mock() as mock:
        sign_in = mock.post(f"{LOGIN}/services/oauth2/token").mock(return_value=token())
        mock.get(f"{INSTANCE}{QUERY}").mock(return_value=EXPIRED)
        with pytest.raises(SalesforceError, match="refused the session \\(INVALID_SESSION_ID\\)"):
            list(client().record_pages(RecordKind.CALL, since=SINCE))
    assert sign_in.call_count == 2


def test_a_refused_sign_in_names_salesforces_reason() -> None:
    refused = {"error": "invalid_grant", "error_description": "user hasn't approved this consumer"}
    with respx.mock() as mock:
        mock.post(f"{LOGIN}/services/oauth2/token").respond(400, json=refused)
        with pytest.raises(SalesforceError, match="invalid_grant: user hasn't approved this consumer"):
            client().owners()


def test_5xx_is_retried_with_backoff_and_the_daily_limit_stops_at_once() -> None:
    sleeps: list[float] = []
    answers = iter([httpx.Response(503), httpx.Response(500), query_page([task("00Txx01")])])
    with respx.mock() as mock:
        mock.post(f"{LOGIN}/services/oauth2/token").mock(return_value=token())
        mock.get(f"{INSTANCE}{QUERY}").mock(side_effect=lambda _: next(answers))
        (page,) = client(sleeps).record_pages(RecordKind.CALL, since=SINCE)
    assert sleeps == [1.0, 2.0] and len(page.records) == 1
    limit = [{"message": "TotalRequests Limit exceeded.", "errorCode": "REQUEST_LIMIT_EXCEEDED"}]
    with respx.mock() as mock:
        mock.post(f"{LOGIN}/services/oauth2/token").mock(return_value=token())
        route = mock.get(f"{INSTANCE}{QUERY}").respond(403, json=limit)
        with pytest.raises(RateLimited, match="daily API request limit"):
            list(client().record_pages(RecordKind.DEAL, since=SINCE))
    assert route.call_count == 1


def test_owner_ids_that_are_not_salesforce_ids_never_reach_a_query() -> None:
    with pytest.raises(SalesforceError, match="is not a Salesforce user id"):
        list(client().record_pages(RecordKind.CALL, since=SINCE, owner_ids=["x') OR Id != ('"]))


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
