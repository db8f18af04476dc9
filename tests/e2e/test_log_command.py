"""`/log calls=12 emails=30` end to end: signed request, ack, storage, and the rep's ephemeral answer."""

import datetime as dt
import json
import time

from coaching.activity import Enrollment, WeekLog
from storage.db import session_scope
from storage.repo import activity, plans
from tests.e2e.conftest import REP, TEAM, RunningBot

MONDAY = dt.date(2026, 11, 16)


def stored_weeks(bot: RunningBot, rep: str = REP) -> list[WeekLog]:
    with session_scope(bot.deps.engine) as session:
        return activity.week_logs(session, team_id=TEAM, rep_id=rep)


def reply_text(bot: RunningBot, response_url: str) -> str:
    call = bot.reply_to(response_url)
    assert call.args.get("response_type", "ephemeral") == "ephemeral"
    texts = [call.args.get("text", "")]
    for block in call.args.get("blocks") or []:
        texts.append((block.get("text") or {}).get("text", ""))
        texts.extend(e.get("text", "") for e in block.get("elements", []))
    return "\n".join(texts)


def test_a_rep_logs_this_weeks_numbers_and_sees_them_against_the_plan(running_bot: RunningBot) -> None:
    answer, url = running_bot.command("/log", "calls=12 emails=30")
    assert answer.status_code == 200
    text = reply_text(running_bot, url)
    assert "Week 7 of 13" in text
    assert "Calls: *12* of 55" in text
    assert "Meetings booked: not logged" in text
    assert stored_weeks(running_bot) == [WeekLog(MONDAY, {"calls": 12.0, "emails": 30.0})]
    home = running_bot.fake.wait_for("views.publish")[-1]
    assert home.args["user_id"] == REP and "Calls" in json.dumps(home.args["view"])


def test_last_week_goes_to_the_previous_monday(running_bot: RunningBot) -> None:
    _, url = running_bot.command("/log", "last week calls=40")
    assert "Week 6 of 13" in reply_text(running_bot, url)
    assert stored_weeks(running_bot) == [WeekLog(MONDAY - dt.timedelta(weeks=1), {"calls": 40.0})]


def test_an_unknown_metric_is_refused_with_a_hint_and_nothing_is_stored(
    running_bot: RunningBot,
) -> None:
    _, url = running_bot.command("/log", "calls=12 meetngs=5")
    text = reply_text(running_bot, url)
    assert "Nothing was logged" in text
    assert "did you mean meetings?" in text
    assert stored_weeks(running_bot) == []


def test_negative_and_non_numeric_values_are_each_explained(running_bot: RunningBot) -> None:
    _, url = running_bot.command("/log", "calls=-3 emails=lots")
    text = reply_text(running_bot, url)
    assert "calls: -3 is negative" in text
    assert "emails: `lots` is not a number" in text
    assert stored_weeks(running_bot) == []


def test_someone_who_is_not_enrolled_cannot_log(running_bot: RunningBot) -> None:
    _, url = running_bot.command("/log", "calls=12", user="U0MGR1")
    assert "not enrolled in a ramp plan" in reply_text(running_bot, url)
    assert stored_weeks(running_bot, "U0MGR1") == []


def test_a_stranger_is_told_to_ask_for_access(running_bot: RunningBot) -> None:
    _, url = running_bot.command("/log", "calls=12", user="U0NOBODY")
    assert "not set up in Ramp Coach" in reply_text(running_bot, url)


def test_echoed_input_cannot_ping_the_channel(running_bot: RunningBot) -> None:
    _, url = running_bot.command("/log", "<!channel>=3")
    text = reply_text(running_bot, url)
    assert "<!channel>" not in text
    assert "&lt;!channel&gt;" in text


def test_ramp_status_shows_the_week(running_bot: RunningBot) -> None:
    running_bot.command("/log", "calls=12")
    _, url = running_bot.command("/ramp", "status")
    assert "Calls: *12* of 55" in reply_text(running_bot, url)


def test_a_forged_signature_is_refused_with_401_and_nothing_is_stored(running_bot: RunningBot) -> None:
    answer = running_bot.poster.post_form(
        "command=%2Flog&text=calls%3D12&user_id=U0REP1&team_id=T111", signature="v0=" + "0" * 64
    )
    assert answer.status_code == 401
    time.sleep(0.2)
    assert stored_weeks(running_bot) == []


def test_a_stale_timestamp_is_refused_with_401(running_bot: RunningBot) -> None:
    answer = running_bot.poster.post_form(
        "command=%2Flog&text=calls%3D12&user_id=U0REP1&team_id=T111", timestamp=int(time.time()) - 6 * 60
    )
    assert answer.status_code == 401


def test_the_home_tab_shows_the_rep_their_week(running_bot: RunningBot) -> None:
    running_bot.command("/log", "calls=12")
    assert running_bot.open_home().status_code == 200
    view = running_bot.fake.wait_for("views.publish")[-1].args["view"]
    assert view["type"] == "home"
    assert "Calls" in str(view["blocks"])


def test_a_slow_slack_call_in_one_listener_does_not_delay_the_next_ack(running_bot: RunningBot) -> None:
    running_bot.fake.delay("views.publish", 3.0)
    started = time.perf_counter()
    assert running_bot.open_home().status_code == 200
    answer, url = running_bot.command("/log", "calls=12")
    elapsed = time.perf_counter() - started
    assert answer.status_code == 200
    assert elapsed < 1.0, f"both acks took {elapsed:.2f} s while views.publish was slow"
    assert "Calls: *12*" in reply_text(running_bot, url)
    running_bot.fake.wait_for("views.publish", timeout=10)


def enrollment_of(bot: RunningBot, rep: str) -> Enrollment | None:
    with session_scope(bot.deps.engine) as session:
        return plans.get_enrollment(session, team_id=TEAM, rep_id=rep)


def test_a_manager_enrolls_their_rep_on_a_plan(running_bot: RunningBot) -> None:
    _, url = running_bot.command("/ramp", "enroll <@U0REP2|sam> plan=ae-90 start=2026-11-09", user="U0MGR1")
    assert "Enrolled <@U0REP2> on *Account Executive 90-day ramp*" in reply_text(running_bot, url)
    assert enrollment_of(running_bot, "U0REP2") == Enrollment("U0REP2", "ae-90", 1, dt.date(2026, 11, 9))


def test_a_rep_cannot_enroll_anyone(running_bot: RunningBot) -> None:
    _, url = running_bot.command("/ramp", "enroll <@U0REP2|sam> plan=ae-90 start=2026-11-09", user="U0REP1")
    assert "Only the rep's manager" in reply_text(running_bot, url)
    assert enrollment_of(running_bot, "U0REP2") == Enrollment("U0REP2", "ae-90", 1, dt.date(2026, 11, 2))


def test_an_unknown_plan_is_named_with_the_plans_there_are(running_bot: RunningBot) -> None:
    _, url = running_bot.command("/ramp", "enroll <@U0REP2> plan=ae-60 start=2026-11-09", user="U0LEAD")
    text = reply_text(running_bot, url)
    assert "there is no plan `ae-60` (plans: ae-90)" in text and "Nothing was changed" in text


def home_text(bot: RunningBot, user: str) -> str:
    """Open `user`'s Home tab and return the blocks published for them (other users' publishes ignored)."""
    seen = len(bot.fake.calls("views.publish"))
    bot.open_home(user)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        mine = [c for c in bot.fake.calls("views.publish")[seen:] if c.args["user_id"] == user]
        if mine:
            return json.dumps(mine[-1].args["view"]["blocks"])
        time.sleep(0.01)
    raise AssertionError(f"no Home tab published for {user}")


def test_a_managers_home_shows_one_line_per_rep(running_bot: RunningBot) -> None:
    running_bot.command("/log", "last week calls=60 emails=150")
    text = home_text(running_bot, "U0MGR1")
    assert "Your team" in text
    assert "*Riley Rep* \\u00b7 day 47" in text and "last logged Nov 9" in text
    assert "*Sam Seller*" in text


def test_a_leaders_home_counts_the_org_and_sums_up_each_manager(running_bot: RunningBot) -> None:
    text = home_text(running_bot, "U0LEAD")
    assert "Your org" in text and "*Managers* (1)" in text and "*Max Manager* \\u00b7 2 reps" in text


def test_a_reps_home_shows_their_milestones(running_bot: RunningBot) -> None:
    text = home_text(running_bot, REP)
    assert "Milestones" in text and "8 meetings booked" in text
    assert "last weeks \\u2014 \\u2192 \\u2014 \\u2192 \\u2014" in text  # three weeks, none logged yet
    assert '"action_id": "open_log_modal"' in text
