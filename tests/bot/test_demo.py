"""The demo plays the example org's 90 days, tells the story, writes the chart and an HTML transcript of
every message, does the same every time, and leaves nothing running."""

import datetime as dt
import io
import socket
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from rich.console import Console

from bot.demo import org, run_demo
from bot.demo.transcript import message_html, transcript_html
from bot.demo.world import Received


@dataclass(frozen=True)
class DemoRun:
    shown: str
    folder: Path
    slack_url: str
    threads_before: set[str]


def _run(folder: Path) -> DemoRun:
    before = {t.name for t in threading.enumerate()}
    urls: list[str] = []
    buffer = io.StringIO()
    run_demo(
        Console(file=buffer, width=100, color_system=None),
        out=folder,
        tune_slack=lambda fake: urls.append(fake.root_url),
    )
    return DemoRun(buffer.getvalue(), folder, urls[0], before)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[DemoRun, DemoRun]:
    return _run(tmp_path_factory.mktemp("first")), _run(tmp_path_factory.mktemp("second"))


def test_two_runs_write_the_same_transcript_and_tell_the_same_story(runs: tuple[DemoRun, DemoRun]) -> None:
    first, second = runs
    assert (first.folder / "transcript.html").read_text() == (second.folder / "transcript.html").read_text()
    assert first.shown.replace(str(first.folder), "") == second.shown.replace(str(second.folder), "")


def test_the_folder_holds_the_chart_and_a_transcript_with_each_personas_messages(
    runs: tuple[DemoRun, DemoRun],
) -> None:
    folder = runs[0].folder
    assert (folder / "chart.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    page = (folder / "transcript.html").read_text()
    for person, name in org.NAMES.items():
        assert f'<h2 id="{person}">{name} (' in page
    leader = page.split(f'<h2 id="{org.LEADER}">')[1].split("<h2")[0]
    assert leader.count("Ramp digest · 2026-W") == 14 and "ramp-digest-2026-W50.png" in leader
    assert "Reviews due today" not in page or '<span class="btn primary">Start review</span>' in page
    assert "Time to log week 13 of your ramp" in page and "Logged. <b>Week 13 of 13</b>" in page
    assert "Week 7 (from Oct 19) is not logged yet" in page  # Eli on leave, Dev who never logs
    assert "Checkpoint decision: <b>start a performance plan</b>" in page  # Dev at day 60
    assert "Checkpoint decision: <b>extend the ramp</b>" in page  # Cara at day 60
    assert "Your messaging this week" in page and "Last week's experiment" in page
    assert page.count("reply to Confirm (the CRM&#x27;s numbers)") == 26  # Ben and Gus, every week


def _cards(page: str, person: str) -> list[str]:
    """Return the transcript's message cards of one person, in the order received."""
    section = page.split(f'<h2 id="{person}">')[1].split("<h2")[0]
    return section.split('<div class="msg">')[1:]


def test_eli_goes_on_leave_and_no_check_in_reaches_him_during_it(runs: tuple[DemoRun, DemoRun]) -> None:
    page = (runs[0].folder / "transcript.html").read_text()
    mia, eli = _cards(page, "U0MGR2"), _cards(page, "U0ELI")
    assert any("Recorded @Eli Leave's leave from Mon Oct 12, 2026 to Sun Nov 1, 2026" in c for c in mia)
    assert any("Home tab" in c and "On leave until Sun Nov 1" in c for c in eli)
    during = [
        c for c in eli if any(f"{d} 2026," in c for d in ("Oct 12", "Oct 16", "Oct 19", "Oct 23", "Oct 30"))
    ]
    assert not any("Time to log" in c for c in during)
    assert any("Time to log week 5" in c for c in eli) and any("Time to log week 9" in c for c in eli)


def test_fay_parts_ways_at_day_60_and_nothing_reaches_her_after(runs: tuple[DemoRun, DemoRun]) -> None:
    page = (runs[0].folder / "transcript.html").read_text()
    fay = _cards(page, "U0FAY")
    assert "Checkpoint decision: <b>part ways</b>" in fay[-1] and "Mon Nov 2 2026" in fay[-1]
    assert "Fay Gone: Part ways (Nov 2)" in page  # in the leader's digest
    assert "Fay Gone" in runs[0].shown and "messages reached Fay Gone" in runs[0].shown


def test_a_manager_confirms_a_milestone_and_posts_a_1_1_agenda(runs: tuple[DemoRun, DemoRun]) -> None:
    page = (runs[0].folder / "transcript.html").read_text()
    homes = [c for c in _cards(page, "U0MGR1") if "Tue Sep 22 2026" in c and "Home tab" in c]
    pending = "Ava Star</b> · Day 14: Completed product certification"
    assert len(homes) == 2 and pending in homes[0] and pending not in homes[1]
    max_cards = _cards(page, "U0MGR1")
    assert any("group DM" in c and "1:1 agenda: Ben Slow and Max Manager" in c for c in max_cards)
    assert any("Posted to your DM with Ben Slow." in c for c in max_cards)
    assert "1:1 agenda: Ben Slow and Max Manager" in runs[0].shown


def test_the_story_shows_the_leader_a_manager_and_two_reps_and_names_the_folder(
    runs: tuple[DemoRun, DemoRun],
) -> None:
    first = runs[0]
    for person in (org.LEADER, org.SHOWN_MANAGER, *org.SHOWN_REPS):
        assert org.NAMES[person] in first.shown
    assert "14 weekly digests arrived" in first.shown and "Review: Ben Slow" in first.shown
    assert "Home tab" in first.shown and "Your review with Max Manager" in first.shown
    assert "Their Home tab is the cockpit" in first.shown and "On leave until" in first.shown
    assert "From HubSpot:" in first.shown and "[Confirm]" in first.shown
    assert str(first.folder / "transcript.html") in first.shown.replace("\n", "")


def test_nothing_is_left_running(runs: tuple[DemoRun, DemoRun]) -> None:
    for done in runs:
        left = {t.name for t in threading.enumerate() if t.is_alive()} - done.threads_before
        assert not left
        parts = urlsplit(done.slack_url)
        with pytest.raises(OSError), socket.create_connection((parts.hostname, parts.port), timeout=1):
            pass


def test_the_transcript_escapes_what_messages_say_and_draws_buttons_and_fields() -> None:
    at = dt.datetime(2026, 9, 11, 21, tzinfo=dt.UTC)
    blocks: list[dict[str, Any]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": "*Hi* <@U0AVA> &lt;script&gt;alert(1)"}},
        {"type": "section", "fields": [{"type": "plain_text", "text": "<img src=x onerror=alert(1)>"}]},
        {"type": "actions", "elements": [{"type": "button", "text": {"type": "plain_text", "text": "Go"}}]},
    ]
    card = message_html(Received("U0AVA", at, "DM", "hi", blocks))
    assert "<b>Hi</b> @Ava Star &lt;script&gt;alert(1)" in card
    assert "&lt;img src=x onerror=alert(1)&gt;" in card and "<img" not in card
    assert '<span class="btn ">Go</span>' in card and "Fri Sep 11 2026, 17:00 EDT" in card
    page = transcript_html([Received("U0AVA", at, "DM", "<b>raw</b>")])
    assert "&lt;b&gt;raw&lt;/b&gt;" in page and "<b>raw</b>" not in page
