"""The test helpers sign and shape requests the way Slack does, checked against slack_sdk's verifier."""

import json
import time
from urllib.parse import parse_qs

import httpx
from slack_sdk.signature import SignatureVerifier

from bot.testing import payloads
from bot.testing.signing import SlackPoster, SlackSigner

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"


def verifies(body: str, headers: dict[str, str], secret: str = SECRET) -> bool:
    return SignatureVerifier(secret).is_valid_request(body, headers)


def test_signed_headers_pass_slack_sdks_signature_verifier() -> None:
    body = payloads.slash_command("/log", "week 3", response_url="http://127.0.0.1/response/x")

    assert verifies(body, SlackSigner(SECRET).headers(body))


def test_the_signature_matches_slacks_documented_example() -> None:
    # From Slack's "Verifying requests from Slack" guide.
    body = (
        "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
        "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
        "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
        "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
    )

    signature = SlackSigner(SECRET).signature(body, 1531420618)

    assert signature == "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"


def test_a_tampered_body_or_another_secret_fails_verification() -> None:
    body = payloads.event_callback(payloads.app_home_opened())
    headers = SlackSigner(SECRET).headers(body)

    assert not verifies(body + " ", headers)
    assert not verifies(body, headers, secret="another-secret")


def test_an_old_timestamp_is_stale_to_the_verifier() -> None:
    body = payloads.url_verification()

    assert not verifies(body, SlackSigner(SECRET).headers(body, timestamp=int(time.time()) - 600))


def test_a_slash_command_body_carries_the_fields_slack_sends() -> None:
    body = payloads.slash_command("/log", "calls 12", response_url="http://fake/response/1")

    fields = {name: values[0] for name, values in parse_qs(body).items()}

    assert fields["command"] == "/log"
    assert fields["text"] == "calls 12"
    assert (fields["team_id"], fields["user_id"], fields["channel_id"]) == ("T111", "U111", "C111")
    assert fields["response_url"] == "http://fake/response/1"
    assert fields["trigger_id"]


def test_interactive_payloads_are_json_in_a_payload_form_field() -> None:
    clicked = payloads.block_actions([payloads.button("log_week", "3")], response_url="http://fake/r")
    submitted = payloads.view_submission("log_modal", {"calls": {"calls_input": payloads.text_input("12")}})

    action = json.loads(parse_qs(clicked)["payload"][0])
    view = json.loads(parse_qs(submitted)["payload"][0])

    assert (action["type"], action["actions"][0]["action_id"], action["user"]["id"]) == (
        "block_actions",
        "log_week",
        "U111",
    )
    assert view["view"]["callback_id"] == "log_modal"
    assert view["view"]["state"]["values"]["calls"]["calls_input"]["value"] == "12"


def test_an_event_callback_wraps_the_event_with_its_id_and_team() -> None:
    body = json.loads(payloads.event_callback(payloads.app_home_opened(user_id="U222"), event_id="Ev9"))

    assert (body["type"], body["event_id"], body["team_id"]) == ("event_callback", "Ev9", "T111")
    assert body["event"]["user"] == "U222"


def test_the_poster_sends_signed_requests_with_the_content_type_and_retry_headers() -> None:
    seen: list[httpx.Request] = []

    def app(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200)

    body = payloads.event_callback(payloads.app_home_opened())
    url = "http://app.test/slack/events"
    with SlackPoster(url, SECRET, transport=httpx.MockTransport(app)) as poster:
        poster.post_json(body, retry_num=1)
        poster.post_json(body, signature="v0=forged")
        poster.post_form(payloads.slash_command("/ramp", "", response_url="http://fake/r"))

    signed, forged, form = seen
    assert str(signed.url) == url
    assert signed.headers["content-type"] == payloads.JSON
    assert form.headers["content-type"] == payloads.FORM
    assert signed.headers["x-slack-retry-num"] == "1"
    assert verifies(signed.content.decode(), dict(signed.headers))
    assert not verifies(forged.content.decode(), dict(forged.headers))
