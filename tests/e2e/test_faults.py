"""When the database is down, a command or a click is still acked and the person is told, in plain words."""

from bot.app import build_app, listener_executor
from bot.deps import Deps
from bot.fake_slack import FakeSlack
from bot.server import serving_in_background
from bot.settings import Settings
from bot.testing.payloads import block_actions, slash_command
from bot.testing.signing import SlackPoster
from bot.views import ids
from storage.db import make_engine

SECRET = "fault-secret"


def test_a_command_is_acked_and_answered_when_the_database_is_unreachable() -> None:
    engine = make_engine("postgresql://nobody@127.0.0.1:1/nothing")
    with FakeSlack("xoxb-fault") as fake:
        settings = Settings.model_validate(
            {"slack_bot_token": "xoxb-fault", "slack_signing_secret": SECRET, "slack_api_url": fake.api_url}
        )
        app = build_app(settings, Deps(engine=engine), http=True)
        with serving_in_background(app) as url, SlackPoster(url, SECRET) as poster:
            body = slash_command("/log", "calls=3", response_url=fake.response_url("down"))
            answer = poster.post_form(body)
            reply = fake.wait_for("response_url", timeout=10)[0]
    engine.dispose()
    assert answer.status_code == 200
    assert "can't reach its database right now, so nothing was saved" in reply.args["text"]


def test_a_button_clicked_while_the_database_is_down_gets_a_dm_saying_so() -> None:
    engine = make_engine("postgresql://nobody@127.0.0.1:1/nothing")
    with FakeSlack("xoxb-fault") as fake:
        settings = Settings.model_validate(
            {"slack_bot_token": "xoxb-fault", "slack_signing_secret": SECRET, "slack_api_url": fake.api_url}
        )
        executor = listener_executor()
        app = build_app(settings, Deps(engine=engine), http=True, executor=executor)
        with serving_in_background(app) as url, SlackPoster(url, SECRET) as poster:
            action = {"type": "button", "action_id": ids.OPEN_PAST_WEEKS, "block_id": "b", "value": ""}
            answer = poster.post_form(block_actions([action], user_id="U0REP1", channel_id=None))
            (dm,) = fake.wait_for("chat.postMessage", timeout=10)
        executor.shutdown(wait=True)
    engine.dispose()
    assert answer.status_code == 200
    assert dm.args["channel"] == "U0REP1" and "can't reach its database" in dm.args["text"]
