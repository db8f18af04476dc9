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
    assert lead.verdict == "switch" and score.advice == [lead]
    assert by_tag["brief"].verdict == "unclear"
    assert by_tag["asks-question"].probability is None
    assert by_tag["asks-question"].verdict == "short" and by_tag["asks-question"].min_touches == 30
    assert by_tag["generic"].tag_rate is None and by_tag["generic"].verdict == "short"


def test_a_winning_tag_is_kept_and_stages_are_respected() -> None:
    issue_draft = "Hi Sam,\nYour team is hiring fast. Ramping your new reps is your biggest challenge."
    by_tag = {c.tag: c for c in score_draft(issue_draft, RATES).comparisons}
    assert by_tag["issue-led"].verdict == "keep"
    assert by_tag["issue-led"].probability == pytest.approx(1.0, abs=1e-3)
    staged = score_draft(issue_draft, RATES, stage=Stage.OPENER)
    assert all(c.tag_rate is None for c in staged.comparisons)


@pytest.mark.parametrize(
    ("draft", "details"),
    [
        ("Hi Ana,\nsaw Acme is hiring three SDRs. Is ramp time on your mind?", {"company", "trigger"}),
        ("Hi Ana,\nCongrats on the Series B. How are you staffing the new pipeline?", {"trigger", "mention"}),
        ("Hi Ana,\nNoticed Globex just opened a Berlin office.", {"company", "mention"}),
        ("Hi Ana,\nYour new role at the bank must be busy.", {"trigger"}),
    ],
)
def test_a_personal_detail_about_the_buyers_company_or_role_makes_a_draft_personalized(
    draft: str, details: set[str]
) -> None:
    score = score_draft(draft, RATES)
    assert "personalized" in score.derived.tags
    assert details <= score.derived.details


def test_our_own_launch_and_a_first_name_are_not_personal_details() -> None:
    score = score_draft("Hi {{first_name}},\nWe launched our new platform. We saw great results.", RATES)
    assert "generic" in score.derived.tags and score.derived.details == frozenset()
