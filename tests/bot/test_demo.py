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
