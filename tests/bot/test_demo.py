"""The demo runs end to end and shows what Riley saw: confirmations, a refusal, the Home tab and the DMs."""

import io

from rich.console import Console

from bot.demo import run_demo


def test_the_demo_shows_logging_the_check_in_and_the_reminder() -> None:
    buffer = io.StringIO()
    run_demo(Console(file=buffer, width=100, color_system=None))
    shown = buffer.getvalue()
    assert shown.count("Logged. Week") == 4
    assert "did you mean emails?" in shown
    assert "Riley's Home tab" in shown
    assert "Time to log week 5 of your ramp" in shown
    assert "Week 5 (from Nov 2) is not logged yet" in shown


def test_the_home_tab_shown_is_the_one_published_after_the_last_log_even_when_slack_is_slow() -> None:
    buffer = io.StringIO()
    # Home publishes answer late, as in a busy workspace: reading the last one without waiting for
    # the publish that follows the log would show week 3 or older (issue 13, defect 11).
    run_demo(
        Console(file=buffer, width=100, color_system=None),
        tune_slack=lambda fake: fake.delay("views.publish", 0.3),
    )
    shown = buffer.getvalue()
    home = shown[shown.index("Riley's Home tab") : shown.index("The next week")]
    assert "Week 4 of 13" in home
    assert "Pipeline created: 45,000" in home
