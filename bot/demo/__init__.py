"""`rampcoach demo`: an example org's 90-day ramp through the real app, a local fake Slack and a SQLite file;
the story in the terminal, and a folder with the chart and an HTML transcript of every message."""

import tempfile
from collections.abc import Callable
from pathlib import Path

from rich.console import Console

from bot.demo.run import run_ninety_days
from bot.demo.story import tell
from bot.demo.transcript import transcript_html
from bot.demo.world import running
from bot.fake_slack import FakeSlack


def run_demo(
    console: Console, *, out: Path | None = None, tune_slack: Callable[[FakeSlack], None] | None = None
) -> Path:
    """Play the 90 days, tell the story, and return the folder holding chart.png, transcript.html and the
    demo's database (a new temporary folder unless `out` is given). Nothing is left running.

    `tune_slack` may slow down or fault the fake Slack (tests use it to show the demo does not race)."""
    folder = out or Path(tempfile.mkdtemp(prefix="rampcoach-demo-"))
    folder.mkdir(parents=True, exist_ok=True)
    with (
        console.status("Playing 90 days of an AE hire class…"),
        running(folder, tune_slack=tune_slack) as world,
    ):
        run_ninety_days(world)
        uploads = world.fake.uploaded_files()
        # Names carry the ISO week (ramp-digest-2026-W50.png): the last in order is the final digest's.
        names = sorted((n, i) for i, n in world.fake.uploaded_file_names().items() if n.endswith(".png"))
        charts = [uploads[file_id] for _, file_id in names]
    if charts:
        (folder / "chart.png").write_bytes(charts[-1])
    (folder / "transcript.html").write_text(transcript_html(world.received), encoding="utf-8")
    tell(console, world.received, folder)
    return folder
