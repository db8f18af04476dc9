"""The words of messaging coaching: one voice, every number from the insight, within Block Kit's limits."""

import dataclasses
import datetime as dt
import re

from bot.fake_slack.blockkit import check_message
from bot.services.nudges import DM_INSIGHTS, SwitchLift, WeeklyNudge
from bot.views.nudge_messages import (
    effort_text,
    evidence_text,
    insight_text,
    next_step,
    nudge_blocks,
    switch_text,
)
from coaching.nudge_adoption import Adoption, Window
from coaching.nudges import Insight, InsightRef
from coaching.response_stats import Tally
from coaching.touches import Stage

HELD_OUT = Insight(
    "U1", "template", Stage.OPENER, "issue-brief", "product-long", 29 / 120, 8 / 120, 120, 120, 29, 8, 0.999,
    20.0, "own", Tally(456, 2400), Tally(216, 2400), ("asks-question", "brief", "issue-led"),
)  # fmt: skip


def test_the_held_out_insight_names_the_templates_and_what_sets_them_apart() -> None:
    assert insight_text(HELD_OUT) == (
        "Your *issue-brief* openers, brief and issue-led with a question, got a reply 24% of the time "
        "(29 of 120); *product-long* got 7% (8 of 120)."
    )
    assert next_step(HELD_OUT) == "Next step: use *issue-brief* for your openers instead of *product-long*."


def test_every_number_in_the_words_comes_from_the_insight() -> None:
    words = insight_text(HELD_OUT) + evidence_text(HELD_OUT)
    numbers = {int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", words)}
    quoted = {29, 120, 8, 24, 7, 19, 9, 4800}
    assert numbers <= quoted


def test_the_evidence_says_whose_numbers_carry_it() -> None:
    assert evidence_text(HELD_OUT) == (
        "Your own numbers are enough to show this. Across the team: 19% vs 9% over 4,800 openers."
    )
    leaning = dataclasses.replace(HELD_OUT, evidence="team")
    assert evidence_text(leaning) == (
        "Your numbers are few; across the team the same difference is clear: 19% vs 9% over 4,800 openers."
    )


def test_an_approach_insight_says_what_to_do_in_plain_words() -> None:
    approach = dataclasses.replace(
        HELD_OUT, kind="approach", better="brief", worse="long", approaches=("brief", "issue-led")
    )
    assert insight_text(approach).startswith("Your brief and issue-led openers got a reply 24%")
    assert "your long and product-led ones got 7%" in insight_text(approach)
    assert (
        next_step(approach)
        == "Next step: in every one of your openers, open with the buyer's issue, not your product."
    )


def test_replies_per_hour_only_when_touches_carry_a_cost() -> None:
    assert effort_text(HELD_OUT) is None
    costed = dataclasses.replace(HELD_OUT, better_minutes=720.0, worse_minutes=120.0)
    assert effort_text(costed) == "Per hour of work: 2.4 replies against 4.0."


def test_the_dm_carries_at_most_two_insights_and_fits_block_kit() -> None:
    many = [dataclasses.replace(HELD_OUT, better=f"t{i}-" + "x" * 100, worse="y" * 120) for i in range(4)]
    measured = Adoption(dt.date(2026, 11, 9), Window(240, 120, 37), Window(100, 80, 23))
    switch = SwitchLift("U1", InsightRef("approach", Stage.OPENER, "issue-led", "product-led"), measured)
    text, blocks = nudge_blocks(WeeklyNudge("U1", "2026-W48", many, None, switch=switch))
    payload = [b.to_dict() for b in blocks]
    assert len([b for b in payload if b["type"] == "actions"]) == DM_INSIGHTS
    check_message({"channel": "D1", "text": text, "blocks": payload})  # raises on any broken limit
    assert switch_text(switch) == (
        "Since you switched to issue-led openers on Nov 9: 15% → 23% replies, about 8 more replies."
    )
