import pytest

from coaching.draft_score import score_draft
from coaching.response_stats import ResponseRate, wilson_interval
from coaching.touches import Stage


def team_rate(arm: str, responses: int, touches: int, stage: Stage | None = None) -> ResponseRate:
    return ResponseRate(
        None, stage, arm, responses, touches, responses / touches, *wilson_interval(responses, touches)
    )


RATES = [
    team_rate("issue-led", 44, 200),
    team_rate("product-led", 16, 200),
    team_rate("brief", 30, 200),
    team_rate("long", 28, 200),
    team_rate("asks-question", 5, 10),
    team_rate("no-question", 50, 300),
]
PRODUCT_DRAFT = "Hello,\nWe built our platform for sales teams. Our features save time. Can I show you?"


def test_a_product_led_draft_is_told_what_the_team_sees() -> None:
    score = score_draft(PRODUCT_DRAFT, RATES)
    assert score.derived.tags == {"product-led", "brief", "asks-question", "generic"}
    by_tag = {c.tag: c for c in score.comparisons}
    lead = by_tag["product-led"]
    assert (lead.tag_rate, lead.tag_n, lead.opposite, lead.opposite_rate, lead.opposite_n) == (
        0.08,
        200,
        "issue-led",
        0.22,
        200,
    )
    assert lead.probability is not None and lead.probability < 0.05
    assert lead.suggestion == (
        "Consider making it issue-led: team product-led messages got a reply 8% of the time (n=200), "
        "issue-led ones 22% (n=200). Try to open with the buyer's issue instead of the product."
    )
    assert by_tag["brief"].suggestion.startswith(
        "No clear difference yet: team brief messages got a reply 15%"
    )
    assert by_tag["asks-question"].probability is None
    assert by_tag["asks-question"].suggestion.startswith("Not enough team data yet")
    assert by_tag["generic"].tag_rate is None and "0 and 0 touches" in by_tag["generic"].suggestion


def test_a_winning_tag_is_kept_and_stages_are_respected() -> None:
    issue_draft = "Hi Sam,\nYour team is hiring fast. Ramping your new reps is your biggest challenge."
    by_tag = {c.tag: c for c in score_draft(issue_draft, RATES).comparisons}
    assert by_tag["issue-led"].suggestion.startswith("Keep it issue-led:")
    assert by_tag["issue-led"].probability == pytest.approx(1.0, abs=1e-3)
    staged = score_draft(issue_draft, RATES, stage=Stage.OPENER)
    assert all(c.tag_rate is None for c in staged.comparisons)
