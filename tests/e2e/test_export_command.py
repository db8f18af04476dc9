"""`/ramp export` end to end: a manager gets their team's logs as a CSV file in a DM; a rep is refused."""

import csv
import io

from tests.e2e.conftest import REP, RunningBot
from tests.e2e.test_log_command import reply_text


def test_a_manager_gets_their_teams_logs_as_a_csv_file_in_a_dm(running_bot: RunningBot) -> None:
    running_bot.command("/log", "calls=12 emails=30")
    running_bot.fake.wait_for("views.publish")  # the log is stored before its Home tab is republished
    answer, url = running_bot.command("/ramp", "export", user="U0MGR1")
    assert answer.status_code == 200
    assert "Sent you the export (1 row)" in reply_text(running_bot, url)
    (complete,) = running_bot.fake.wait_for("files.completeUploadExternal")
    assert complete.args["channel_id"] == "DU0MGR1"
    assert running_bot.fake.calls("conversations.open")[-1].args["users"] == "U0MGR1"
    (content,) = running_bot.fake.uploaded_files().values()
    rows = list(csv.DictReader(io.StringIO(content.decode())))
    assert [(r["rep_id"], r["rep_name"], r["manager_name"], r["calls"], r["emails"]) for r in rows] == [
        (REP, "Riley Rep", "Max Manager", "12", "30")
    ]
    assert list(running_bot.fake.uploaded_file_names().values())[0].endswith(".csv")


def test_a_rep_is_refused_and_nothing_is_uploaded(running_bot: RunningBot) -> None:
    running_bot.command("/log", "calls=12")
    _, url = running_bot.command("/ramp", "export")
    assert "Only managers, leaders and admins can export logs" in reply_text(running_bot, url)
    assert running_bot.fake.calls("files.getUploadURLExternal") == []
    assert running_bot.fake.uploaded_files() == {}


def test_a_stranger_is_told_to_ask_for_access(running_bot: RunningBot) -> None:
    _, url = running_bot.command("/ramp", "export", user="U0NOBODY")
    assert "not set up in Ramp Coach" in reply_text(running_bot, url)


def test_a_manager_gets_the_reviews_of_their_reps_and_a_rep_is_refused(running_bot: RunningBot) -> None:
    from tests.e2e.test_reviews import good_review, open_modal, stored, submit

    assert submit(running_bot, open_modal(running_bot), good_review()) == {}
    assert stored(running_bot)
    _, url = running_bot.command("/ramp", "export reviews", user="U0MGR1")
    assert "Sent you the export (1 row)" in reply_text(running_bot, url)
    (content,) = running_bot.fake.uploaded_files().values()
    (row,) = list(csv.DictReader(io.StringIO(content.decode())))
    assert (row["rep_id"], row["author_name"], row["assessment"]) == (REP, "Max Manager", "needs support")
    assert "second contact" in row["action_items"]
    assert list(running_bot.fake.uploaded_file_names().values())[0].startswith("ramp-reviews-")
    _, url = running_bot.command("/ramp", "export reviews")
    assert "Only managers, leaders and admins can export reviews" in reply_text(running_bot, url)
