"""The fake Slack, driven by the real slack_sdk clients the bot uses."""

import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from urllib.error import URLError

import httpx
import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler, ServerErrorRetryHandler
from slack_sdk.webhook import WebhookClient

from bot.fake_slack import FakeSlack

TOKEN = "xoxb-fake-token"
MODAL = {"type": "modal", "title": {"type": "plain_text", "text": "Log"}, "blocks": []}
HOME = {"type": "home", "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "hi"}}]}


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack(TOKEN) as running:
        yield running


@pytest.fixture
def client(fake: FakeSlack) -> WebClient:
    return WebClient(token=TOKEN, base_url=fake.api_url, retry_handlers=[])


def error_of(raised: pytest.ExceptionInfo[SlackApiError]) -> str:
    return str(raised.value.response["error"])


# Recording


def test_a_posted_message_is_recorded_with_its_arguments_and_bearer_token(
    fake: FakeSlack, client: WebClient
) -> None:
    client.chat_postMessage(channel="C111", text="Week 3 logged")

    [call] = fake.calls("chat.postMessage")
    assert call.args == {"channel": "C111", "text": "Week 3 logged"}
    assert call.headers["authorization"] == f"Bearer {TOKEN}"
    assert call.ok
    assert call.status == 200
    assert call.fault is None


def test_posting_to_a_user_id_answers_with_their_dm_channel(client: WebClient) -> None:
    response = client.chat_postMessage(channel="U111", text="hello")

    assert response["channel"] == "DU111"
    assert client.conversations_open(users="U111")["channel"]["id"] == "DU111"


def test_message_timestamps_are_unique_and_increasing(client: WebClient) -> None:
    stamps = [client.chat_postMessage(channel="C111", text=str(n))["ts"] for n in range(5)]

    assert stamps[0] == "1700000000.000100"
    assert stamps == sorted(stamps, key=float)
    assert len(set(stamps)) == 5


def test_calls_can_be_filtered_by_method_and_cleared(fake: FakeSlack, client: WebClient) -> None:
    client.auth_test()
    client.chat_postMessage(channel="C111", text="a")

    assert [call.method for call in fake.calls()] == ["auth.test", "chat.postMessage"]
    assert len(fake.calls("auth.test")) == 1
    fake.clear()
    assert fake.calls() == []


def test_auth_test_names_the_bot_and_the_team(client: WebClient) -> None:
    response = client.auth_test()

    assert (response["team_id"], response["user_id"], response["bot_id"]) == ("T111", "UBOT", "BBOT")
    assert response["url"].startswith("https://")


def test_wait_for_sees_calls_made_from_another_thread(fake: FakeSlack, client: WebClient) -> None:
    later = threading.Timer(0.1, lambda: client.chat_postMessage(channel="C111", text="late"))
    later.start()

    calls = fake.wait_for("chat.postMessage", timeout=2)
    later.join()

    assert calls[0].args["text"] == "late"


def test_wait_for_reports_what_did_arrive_when_calls_are_missing(fake: FakeSlack, client: WebClient) -> None:
    client.auth_test()

    with pytest.raises(AssertionError, match=r"expected 2 views.open call\(s\).*received: auth.test x1"):
        fake.wait_for("views.open", count=2, timeout=0.1)


# Arguments and errors


@pytest.mark.parametrize(
    ("method", "args", "missing"),
    [
        ("chat.postMessage", {"text": "no channel"}, "channel"),
        ("chat.postEphemeral", {"channel": "C111", "text": "no user"}, "user"),
        ("chat.update", {"channel": "C111", "text": "no ts"}, "ts"),
        ("views.open", {"view": MODAL}, "trigger_id"),
        ("views.push", {"view": MODAL}, "trigger_id"),
        ("views.publish", {"view": HOME}, "user_id"),
        ("views.open", {"trigger_id": "t"}, "view"),
        ("files.getUploadURLExternal", {"filename": "a.csv"}, "length"),
        ("users.info", {}, "user"),
    ],
)
def test_missing_required_arguments_raise_slack_api_error_naming_the_field(
    client: WebClient, method: str, args: dict[str, object], missing: str
) -> None:
    with pytest.raises(SlackApiError) as raised:
        client.api_call(method, json=args)

    assert error_of(raised) == "invalid_arguments"
    assert raised.value.response["response_metadata"]["messages"] == [
        f"[ERROR] missing required field: {missing}"
    ]


def test_views_update_needs_a_view_id_or_an_external_id(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as raised:
        client.api_call("views.update", json={"view": MODAL})

    assert error_of(raised) == "invalid_arguments"
    assert client.views_update(external_id="log-1", view=MODAL)["ok"]


def test_a_message_without_text_or_blocks_is_refused_with_no_text(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as raised:
        client.api_call("chat.postMessage", json={"channel": "C111"})

    assert error_of(raised) == "no_text"


def test_more_than_fifty_blocks_in_a_message_are_refused(client: WebClient) -> None:
    blocks = [{"type": "divider"}] * 51

    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="C111", text="long", blocks=blocks)

    assert error_of(raised) == "invalid_blocks"


def test_a_view_of_the_wrong_type_is_refused(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as raised:
        client.views_publish(user_id="U111", view=MODAL)

    assert error_of(raised) == "invalid_arguments"


def test_views_accept_json_objects_and_json_strings_alike(fake: FakeSlack, client: WebClient) -> None:
    as_object = client.views_open(trigger_id="t1", view=MODAL)
    as_text = client.api_call("views.open", params={"trigger_id": "t2", "view": json.dumps(MODAL)})

    assert as_object["view"]["title"] == as_text["view"]["title"] == MODAL["title"]
    assert as_object["view"]["id"] != as_text["view"]["id"]
    assert [call.args["view"] for call in fake.calls("views.open")] == [MODAL, MODAL]


def test_blocks_sent_as_json_text_are_recorded_as_objects(fake: FakeSlack, client: WebClient) -> None:
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*hi*"}}]

    client.api_call(
        "chat.postMessage", params={"channel": "C111", "text": "hi", "blocks": json.dumps(blocks)}
    )

    assert fake.calls("chat.postMessage")[0].args["blocks"] == blocks


def test_malformed_json_in_a_form_encoded_view_is_refused_as_invalid_arguments(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as raised:
        client.api_call("views.open", params={"trigger_id": "t", "view": "{not json"})

    assert error_of(raised) == "invalid_arguments"


def test_home_tabs_publish_for_a_user(fake: FakeSlack, client: WebClient) -> None:
    response = client.views_publish(user_id="U111", view=HOME)

    assert response["view"]["type"] == "home"
    assert fake.calls("views.publish")[0].args["user_id"] == "U111"


def test_ephemeral_messages_and_updates_answer_like_slack(client: WebClient) -> None:
    ephemeral = client.chat_postEphemeral(channel="C111", user="U111", text="only you")
    posted = client.chat_postMessage(channel="C111", text="v1")
    updated = client.chat_update(channel="C111", ts=posted["ts"], text="v2")

    assert ephemeral["message_ts"]
    assert (updated["ts"], updated["text"]) == (posted["ts"], "v2")


def test_a_wrong_token_is_refused_with_invalid_auth(fake: FakeSlack) -> None:
    stranger = WebClient(token="xoxb-wrong", base_url=fake.api_url)

    with pytest.raises(SlackApiError) as raised:
        stranger.chat_postMessage(channel="C111", text="hi")

    assert error_of(raised) == "invalid_auth"
    assert fake.calls("chat.postMessage")[0].error == "invalid_auth"


def test_a_missing_token_is_refused_with_not_authed(fake: FakeSlack) -> None:
    with pytest.raises(SlackApiError) as raised:
        WebClient(base_url=fake.api_url).auth_test()

    assert error_of(raised) == "not_authed"


def test_unknown_methods_are_refused_with_unknown_method(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as raised:
        client.api_call("chat.teleport", json={"channel": "C111"})

    assert error_of(raised) == "unknown_method"
    assert raised.value.response.status_code == 200


def test_unreadable_bodies_get_an_error_and_the_fake_keeps_serving(
    fake: FakeSlack, client: WebClient
) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}

    broken = httpx.post(fake.api_url + "chat.postMessage", content=b"{oops", headers=headers)

    assert broken.json() == {"ok": False, "error": "invalid_json"}
    assert client.auth_test()["ok"]


# Users


def test_users_info_describes_configured_users_and_defaults_others(
    fake: FakeSlack, client: WebClient
) -> None:
    fake.set_user("U222", tz="Europe/Berlin", name="Ada Lovelace")

    configured = client.users_info(user="U222")["user"]
    default = client.users_info(user="U333")["user"]

    assert (configured["tz"], configured["real_name"], configured["is_bot"]) == (
        "Europe/Berlin",
        "Ada Lovelace",
        False,
    )
    assert configured["tz_offset"] in (3600, 7200)
    assert default["tz"] == "America/New_York"
    assert default["tz_offset"] in (-18000, -14400)


def test_strict_users_are_not_found_unless_configured() -> None:
    with FakeSlack(TOKEN, strict_users=True) as fake:
        fake.set_user("U111", name="Known Rep")
        client = WebClient(token=TOKEN, base_url=fake.api_url)

        assert client.users_info(user="U111")["user"]["real_name"] == "Known Rep"
        with pytest.raises(SlackApiError) as raised:
            client.users_info(user="U999")

    assert error_of(raised) == "user_not_found"


# Injected faults


def test_an_injected_429_reaches_the_client_with_retry_after(fake: FakeSlack, client: WebClient) -> None:
    fake.fail_next("chat.postMessage", status=429, retry_after=7)

    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="C111", text="hi")

    assert raised.value.response.status_code == 429
    assert raised.value.response.headers["Retry-After"] == "7"
    assert error_of(raised) == "ratelimited"
    [call] = fake.calls("chat.postMessage")
    assert (call.status, call.fault, call.ok) == (429, "fail_next", False)


def test_the_rate_limit_retry_handler_waits_out_an_injected_429(fake: FakeSlack) -> None:
    retrying = WebClient(
        token=TOKEN, base_url=fake.api_url, retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=1)]
    )
    fake.fail_next("chat.postMessage", status=429, retry_after=1)

    started = time.monotonic()
    response = retrying.chat_postMessage(channel="C111", text="hi")

    assert response["ok"]
    assert time.monotonic() - started >= 1.0
    assert [call.status for call in fake.calls("chat.postMessage")] == [429, 200]


def test_the_server_error_retry_handler_recovers_from_a_503(fake: FakeSlack) -> None:
    retrying = WebClient(
        token=TOKEN, base_url=fake.api_url, retry_handlers=[ServerErrorRetryHandler(max_retry_count=2)]
    )
    fake.fail_next("views.open", status=503, times=2)

    response = retrying.views_open(trigger_id="t", view=MODAL)

    assert response["ok"]
    assert [call.status for call in fake.calls("views.open")] == [503, 503, 200]


def test_a_5xx_without_a_retry_handler_surfaces_as_slack_api_error(
    fake: FakeSlack, client: WebClient
) -> None:
    fake.fail_next("auth.test", status=500)

    with pytest.raises(SlackApiError) as raised:
        client.auth_test()

    assert raised.value.response.status_code == 500
    assert error_of(raised) == "internal_error"


def test_an_injected_error_answers_ok_false_with_status_200(fake: FakeSlack, client: WebClient) -> None:
    fake.fail_next("chat.postMessage", status=200, error="channel_not_found")

    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="C404", text="hi")

    assert (raised.value.response.status_code, error_of(raised)) == (200, "channel_not_found")


def test_fail_next_applies_to_exactly_the_next_n_calls_of_that_method(
    fake: FakeSlack, client: WebClient
) -> None:
    fake.fail_next("auth.test", status=200, error="account_inactive", times=2)
    client.chat_postMessage(channel="C111", text="unaffected")

    outcomes = []
    for _ in range(3):
        try:
            outcomes.append(client.auth_test()["ok"])
        except SlackApiError as failed:
            outcomes.append(failed.response["error"])

    assert outcomes == ["account_inactive", "account_inactive", True]


def test_a_delayed_method_answers_late_and_others_do_not(fake: FakeSlack, client: WebClient) -> None:
    fake.delay("users.info", 0.3)

    started = time.monotonic()
    client.users_info(user="U111")
    slow = time.monotonic() - started
    started = time.monotonic()
    client.auth_test()
    fast = time.monotonic() - started
    fake.delay("users.info", 0)
    started = time.monotonic()
    client.users_info(user="U111")

    assert slow >= 0.3
    assert fast < 0.3
    assert time.monotonic() - started < 0.3


def test_a_client_that_times_out_during_a_delay_fails_and_the_call_is_still_recorded(fake: FakeSlack) -> None:
    impatient = WebClient(token=TOKEN, base_url=fake.api_url, timeout=0.2, retry_handlers=[])  # type: ignore[arg-type]
    fake.delay("chat.postMessage", 0.5)

    with pytest.raises((TimeoutError, URLError)):
        impatient.chat_postMessage(channel="C111", text="hi")

    assert fake.wait_for("chat.postMessage", timeout=2)[0].args["text"] == "hi"


# Rate limits


def test_a_rate_limited_method_answers_429_once_its_window_is_full(
    fake: FakeSlack, client: WebClient
) -> None:
    # 2 calls a minute, 60 times faster: 2 calls a second.
    fake.rate_limit("users.info", per_minute=2, speedup=60)
    client.users_info(user="U111")
    client.users_info(user="U111")

    with pytest.raises(SlackApiError) as raised:
        client.users_info(user="U111")

    headers = raised.value.response.headers
    wait_ms = int(headers["X-Fake-Retry-After-Ms"])
    assert headers["Retry-After"] == "1"
    assert 0 < wait_ms <= 1000
    time.sleep(wait_ms / 1000)
    assert client.users_info(user="U111")["ok"]
    assert [call.fault for call in fake.calls("users.info")] == [None, None, "rate_limit", None]


def test_chat_post_message_is_limited_per_channel(fake: FakeSlack, client: WebClient) -> None:
    fake.rate_limit("chat.postMessage", per_minute=1000, speedup=2)
    client.chat_postMessage(channel="C111", text="first")

    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="C111", text="too soon")

    assert raised.value.response.status_code == 429
    assert client.chat_postMessage(channel="C222", text="other channel")["ok"]


def test_random_429s_follow_the_seed() -> None:
    def statuses(seed: int) -> list[int]:
        with FakeSlack(TOKEN) as fake:
            fake.rate_limit("auth.test", per_minute=10_000, random_429=0.5, seed=seed)
            for _ in range(20):
                httpx.post(fake.api_url + "auth.test", headers={"Authorization": f"Bearer {TOKEN}"})
            return [call.status for call in fake.calls()]

    first = statuses(seed=7)

    assert first == statuses(seed=7)
    assert 0 < first.count(429) < 20


# Uploads and response URLs


def test_files_upload_v2_delivers_the_bytes_and_completes_the_upload(
    fake: FakeSlack, client: WebClient
) -> None:
    response = client.files_upload_v2(
        content=b"rep,calls\nU111,12\n", filename="week3.csv", title="Week 3", channel="C111"
    )

    file_id = response["file"]["id"]
    assert fake.uploaded_files() == {file_id: b"rep,calls\nU111,12\n"}
    assert fake.uploaded_file_names() == {file_id: "week3.csv"}
    assert response["file"]["title"] == "Week 3"
    assert fake.calls("files.completeUploadExternal")[0].args["channel_id"] == "C111"
    assert [call.method for call in fake.calls()] == [
        "files.getUploadURLExternal",
        "upload",
        "files.completeUploadExternal",
    ]


def test_completing_an_upload_whose_bytes_never_arrived_is_refused(client: WebClient) -> None:
    issued = client.files_getUploadURLExternal(filename="a.txt", length=3)

    with pytest.raises(SlackApiError) as raised:
        client.files_completeUploadExternal(files=[{"id": issued["file_id"]}])

    assert error_of(raised) == "file_not_found"


def test_posts_to_a_response_url_are_recorded_by_name(fake: FakeSlack) -> None:
    webhook = WebhookClient(fake.response_url("log-command-1"))

    answer = webhook.send(text="Logged week 3", response_type="ephemeral")

    assert (answer.status_code, answer.body) == (200, "ok")
    [call] = fake.calls("response_url")
    assert call.args == {"text": "Logged week 3", "response_type": "ephemeral"}
    assert call.path == "/response/log-command-1"


def test_a_failing_response_url_can_be_injected(fake: FakeSlack) -> None:
    fake.fail_next("response_url", status=404, error="expired_url")

    answer = WebhookClient(fake.response_url("old")).send(text="too late")

    assert answer.status_code == 404


# Housekeeping


def test_the_fake_prints_nothing(
    fake: FakeSlack, client: WebClient, capfd: pytest.CaptureFixture[str]
) -> None:
    client.auth_test()
    with pytest.raises(SlackApiError):
        client.api_call("nope.nope")
    httpx.get(fake.root_url + "/elsewhere")

    assert capfd.readouterr() == ("", "")


def test_each_fake_listens_on_its_own_ephemeral_port() -> None:
    with FakeSlack() as one, FakeSlack() as two:
        assert one.api_url != two.api_url
        assert one.api_url.startswith("http://127.0.0.1:")
        assert one.api_url.endswith("/api/")


def test_the_cli_prints_its_api_url_and_serves_it() -> None:
    command = [sys.executable, "-m", "bot.fake_slack", "--port", "0", "--token", TOKEN]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:  # noqa: S603 (our own module)
        try:
            assert process.stdout is not None
            api_url = process.stdout.readline().strip()
            answer = WebClient(token=TOKEN, base_url=api_url).auth_test()
        finally:
            process.terminate()

    assert answer["ok"]
