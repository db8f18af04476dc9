"""`/ramp digest` end to end: a leader sees the digest now, only to them; a rep is refused."""

from tests.e2e.conftest import RunningBot
from tests.e2e.test_log_command import reply_text


def test_a_leader_sees_the_digest_ephemerally(running_bot: RunningBot) -> None:
    answer, url = running_bot.command("/ramp", "digest", user="U0LEAD")
    assert answer.status_code == 200
    text = reply_text(running_bot, url)  # also checks the answer is ephemeral
    assert "Ramp digest 2026-W47" in text and "2 reps ramping" in text
    assert "Riley Rep" in text and "Ecosystem signal" in text
    assert running_bot.fake.calls("chat.postMessage") == []


def test_a_rep_is_refused_with_a_clear_message(running_bot: RunningBot) -> None:
    _, url = running_bot.command("/ramp", "digest")
    assert "Only managers, leaders and admins can see a ramp digest" in reply_text(running_bot, url)


def test_a_manager_sees_the_digest_of_their_own_tree(running_bot: RunningBot) -> None:
    answer, url = running_bot.command("/ramp", "digest", user="U0MGR1")
    assert answer.status_code == 200
    text = reply_text(running_bot, url)
    assert "Ramp digest 2026-W47" in text and "2 reps ramping" in text and "Sam Seller" in text
