import pathlib

import pytest
import yaml

from coaching.errors import Code, FieldProblem, problem
from coaching.templates import OPPOSITES, derive_tags, parse_registry

ISSUE_LED = (
    "Hi {{first_name}},\n"
    "Saw your note about hiring five reps this quarter. Ramping them fast is usually your biggest risk.\n"
    "Is that a priority for you right now?"
)
PRODUCT_LED = (
    "Hello,\n"
    "We just launched our new platform. Our product has features for forecasting, and we integrate with "
    "everything. " + "It is trusted by teams of every size across many industries and regions. " * 8
)


def test_an_issue_led_opener_is_brief_personal_and_asks_a_question() -> None:
    derived = derive_tags(ISSUE_LED)
    assert derived.tags == {"issue-led", "brief", "personalized", "asks-question"}
    assert derived.questions == 1 and derived.buyer_words > derived.product_words


def test_a_product_led_pitch_is_long_generic_and_asks_nothing() -> None:
    derived = derive_tags(PRODUCT_LED)
    assert derived.tags == {"product-led", "long", "generic", "no-question"}
    assert derived.words > 90


def test_the_greeting_merge_field_alone_is_not_personalization() -> None:
    assert "generic" in derive_tags("Hi {{first_name}},\nWe help teams sell.").tags
    assert "personalized" in derive_tags("Hi {{first_name}},\nHow is {{company}} hiring?").tags


def test_an_even_opening_gets_neither_lead_tag() -> None:
    tags = derive_tags("We help you.").tags
    assert not tags & {"issue-led", "product-led"}


def test_the_registry_overrules_derived_tags_and_fills_in_missing_bodies() -> None:
    registry = parse_registry(
        {
            "templates": [
                {"name": "pitch", "tags": ["issue-led"], "body": PRODUCT_LED},
                {"name": "call", "tags": ["brief"]},
            ]
        }
    )
    assert registry.tags_for("pitch") == {"issue-led", "long", "generic", "no-question"}
    assert registry.tags_for("call") == {"brief"}
    assert registry.tags_for("call", PRODUCT_LED) == {"product-led", "brief", "generic", "no-question"}
    assert registry.tags_for("unknown") == frozenset()
    assert "issue-led" in registry.tags_for("unknown", ISSUE_LED)


def test_bad_registries_name_the_field() -> None:
    with pytest.raises(FieldProblem) as err:
        parse_registry(
            {"templates": [{"name": "a", "tags": ["brief", "long"]}, {"name": "b", "tags": ["Bad"]}]}
        )
    assert err.value.problems[0] == problem(Code.TAGS_CONTRADICT, "templates[0]", tags=["brief", "long"])
    assert err.value.problems[1].path == "templates[1].tags[0]"
    with pytest.raises(FieldProblem) as twice:
        parse_registry({"templates": [{"name": "a"}, {"name": "a"}]})
    assert twice.value.problems == [problem(Code.TEMPLATE_NAMES_REPEATED, "")]
    with pytest.raises(FieldProblem) as listed:
        parse_registry(["a"])
    assert listed.value.problems == [problem(Code.NOT_A_REGISTRY, "")]


def test_the_example_registry_parses_and_its_bodies_agree_with_its_tags() -> None:
    path = pathlib.Path(__file__).resolve().parents[2] / "examples" / "templates.yml"
    registry = parse_registry(yaml.safe_load(path.read_text(encoding="utf-8")))
    for template in registry.templates:
        if template.body:
            derived = derive_tags(template.body).tags
            assert not {OPPOSITES[t] for t in template.tags if t in OPPOSITES} & derived, template.name
    assert registry.tags_for("cold-call-script") == {"issue-led"}
