"""The App Home tab."""

from slack_sdk.models.blocks import Block, DividerBlock, HeaderBlock, MarkdownTextObject, SectionBlock
from slack_sdk.models.views import View

from bot.views.activity import week_blocks
from coaching.activity import WeekSummary


def rep_home(summary: WeekSummary) -> View:
    """Return a rep's Home tab: this week against the plan."""
    blocks: list[Block] = [HeaderBlock(text="Your ramp"), *week_blocks(summary)]
    return View(type="home", blocks=blocks)


def plain_home(message: str) -> View:
    """Return a Home tab that only explains something (not set up, not enrolled)."""
    return View(
        type="home",
        blocks=[
            HeaderBlock(text="Ramp Coach"),
            DividerBlock(),
            SectionBlock(text=MarkdownTextObject(text=message)),
        ],
    )
