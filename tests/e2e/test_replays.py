"""A signed request replayed inside its 5-minute window, or an event Slack retries, has no second effect."""

import time

from bot.testing.payloads import event_callback, slash_command
from tests.e2e.conftest import REP, TEAM, RunningBot


def test_a_replayed_command_runs_once(running_bot: RunningBot) -> None:
    response_url = running_bot.fake.response_url("replayed")
    body = slash_command("/log", "calls=12", user_id=REP, team_id=TEAM, response_url=response_url)
    sent_at = int(time.time())
    first = running_bot.poster.post_form(body, timestamp=sent_at)
    replay = running_bot.poster.post_form(body, timestamp=sent_at)
    assert (first.status_code, replay.status_code) == (200, 200)
    running_bot.reply_to(response_url)
    time.sleep(0.3)  # time for a second run to show up, if there were one
    assert len(running_bot.fake.calls("response_url")) == 1


def test_an_event_retried_by_slack_is_handled_once(running_bot: RunningBot) -> None:
    event = {"type": "app_home_opened", "user": REP, "tab": "home", "channel": "D0HOME"}
    body = event_callback(event, event_id="Ev0RETRY", team_id=TEAM)
    assert running_bot.poster.post_json(body).status_code == 200
    assert running_bot.poster.post_json(body, retry_num=1).status_code == 200
    running_bot.fake.wait_for("views.publish")
    time.sleep(0.3)
    assert len(running_bot.fake.calls("views.publish")) == 1
    # A different event (a new id) is handled as usual.
    running_bot.open_home()
    running_bot.fake.wait_for("views.publish", count=2)


def test_a_key_whose_request_failed_is_released_for_slacks_retry() -> None:
    from bot.replays import SeenKeys

    clock = [0.0]
    keys = SeenKeys(clock=lambda: clock[0])
    assert keys.first_time("event:T1:Ev1") and not keys.first_time("event:T1:Ev1")
    keys.release("event:T1:Ev1")
    assert keys.first_time("event:T1:Ev1")
    clock[0] += 601  # past the window, a key is forgotten on its own
    assert keys.first_time("event:T1:Ev1")
