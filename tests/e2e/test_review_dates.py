"""A review date that has passed reads "overdue" wherever it is shown (issue 13, defect 6)."""

import datetime as dt

from bot.views.review_messages import next_review_phrase
from tests.e2e.conftest import RunningBot
from tests.e2e.test_log_command import home_text


def test_a_past_review_date_is_overdue_today_is_due_and_a_later_one_is_next() -> None:
    today = dt.date(2026, 10, 30)
    assert next_review_phrase(dt.date(2026, 10, 19), today) == "review overdue since Mon Oct 19"
    assert next_review_phrase(today, today) == "review due today"
    assert next_review_phrase(dt.date(2026, 11, 2), today) == "next review: Mon Nov 2"


def test_a_reps_home_says_their_review_is_overdue_not_next(running_bot: RunningBot) -> None:
    # Friday Nov 20: Riley (started Oct 5) has had no review since the first was due on Mon Oct 19.
    text = home_text(running_bot, "U0REP1")
    assert "Review overdue since Mon Oct 19" in text and "Next review" not in text


def test_a_managers_home_shows_each_reps_overdue_review(running_bot: RunningBot) -> None:
    text = home_text(running_bot, "U0MGR1")
    assert "*Riley Rep* \\u00b7 day 47" in text and "review overdue since Mon Oct 19" in text
    assert "review overdue since Mon Nov 16" in text  # Sam started Nov 2


def test_a_reviewed_rep_sees_their_next_review_date(running_bot: RunningBot) -> None:
    running_bot.clock.now = dt.datetime(2026, 10, 14, 15, 0, tzinfo=dt.UTC)  # before Riley's first review
    assert "Next review: Mon Oct 19" in home_text(running_bot, "U0REP1")
