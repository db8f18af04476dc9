"""Every parser of outside input, fed hostile input: each answer is a value or a clear, named refusal.

Huge inputs, unicode and control characters, SQL and mrkdwn injection, and wrong types never crash a
parser with anything but its documented error, and echoed text is escaped so it cannot ping or link.
"""

import datetime as dt
from typing import Any

import httpx
import pytest
import respx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.connectors.hubspot import HubSpotClient, HubSpotError
from bot.views.problems import problem_texts, row_text
from bot.views.text import escape
from coaching.enroll_text import parse_enroll_text, parse_mention
from coaching.errors import FieldProblem, FormProblems
from coaching.log_form import parse_form
from coaching.log_text import parse_log_text
from coaching.outreach_counts import parse_counts
from coaching.plans import parse_plan
from coaching.review_form import RawReview, parse_review
from coaching.team import parse_team
from coaching.templates import derive_tags, parse_registry
from coaching.touch_csv import parse_touches_csv
from tests.coaching.builders import make_plan

PLAN = make_plan()
NASTY = [
    "",
    " ",
    "\x00\x01\x1b[31m",
    "calls=1e308",
    "calls=nan",
    "calls=-0",
    "calls=1' OR '1'='1",
    "'; DROP TABLE activity; --",
    "<!channel> <!here> <@U123> <https://evil.example|click>",
    "*bold* _it_ ~st~ `code` ```block```",
    "\u202e\u200b\ufeff",
    "💥" * 3000,
    "x" * 100_000,
    "calls=" + "9" * 5000,
]
texts = st.one_of(st.sampled_from(NASTY), st.text(max_size=3000))
wild = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=50),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=5),
    max_leaves=20,
)


@given(texts)
def test_slash_command_text_is_parsed_or_refused_by_name(text: str) -> None:
    for parse in (lambda t: parse_log_text(t, PLAN), parse_enroll_text, parse_mention):
        try:
            parse(text)
        except FieldProblem as problem:
            assert problem.problems and all(len(p) < 400 for p in problem_texts(problem.problems))


@given(st.dictionaries(st.sampled_from(["calls", "meetings", "pipeline", "other"]), st.none() | texts), texts)
def test_log_modal_values_are_stored_or_refused_field_by_field(raw: dict[str, str | None], note: str) -> None:
    week = dt.date(2026, 11, 16)
    try:
        log = parse_form(PLAN, week, [week], raw, note)
    except FormProblems as problems:
        assert problems.errors and set(problems.errors) <= {"calls", "meetings", "pipeline", "note", "week"}
    else:
        assert all(0 <= v <= 1e6 for v in log.values.values())


@given(texts, texts, st.sampled_from(["on track", "at risk", "bogus", ""]))
def test_review_fields_are_refused_field_by_field(evidence: str, actions: str, assessment: str) -> None:
    raw = RawReview({"0": "5"}, evidence, None, None, evidence, assessment, None, actions, None)
    try:
        review = parse_review(raw, ["Discovery"], checkpoint=False, today=dt.date(2026, 11, 26))
    except FormProblems as problems:
        assert problems.errors
    else:
        assert len(review.actions) <= 3 and len(review.evidence) >= 80


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(texts, max_size=9), max_size=6))
def test_csv_rows_go_in_or_are_reported_with_their_line(rows: list[list[str]]) -> None:
    header = "rep,sent_at,channel,step,template,subject,body,outcome"
    lines = [header] + [",".join('"' + cell.replace('"', '""') + '"' for cell in row) for row in rows]
    result = parse_touches_csv("\n".join(lines))
    assert all(problem.line >= 2 and row_text(problem) for problem in result.problems)


@given(wild)
def test_plan_team_and_template_yaml_of_any_shape_is_refused_by_path(data: Any) -> None:
    for parse in (parse_plan, parse_team, parse_registry):
        try:
            parse(data)
        except FieldProblem as problem:
            assert problem.problems and all(problem_texts(problem.problems))  # every error has words


@given(texts)
def test_outreach_counts_are_parsed_or_refused_line_by_line(text: str) -> None:
    try:
        counts = parse_counts(text)
    except FieldProblem as problem:
        assert problem.problems
    else:
        assert all(0 <= replies <= sent <= 2000 for sent, replies in counts.values())


@given(texts)
def test_body_tags_are_derived_from_any_text(body: str) -> None:
    tags = derive_tags(body)
    assert tags.words >= 0 and tags.questions >= 0


@given(texts)
def test_echoed_text_cannot_ping_link_or_mention(text: str) -> None:
    safe = escape(text)
    assert "<" not in safe and ">" not in safe


@pytest.mark.parametrize(
    "payload",
    [
        "not json at all",
        '{"results": "nope"}',
        '{"results": [{"id": 1, "properties": null}]}',
        '{"results": [], "paging": {"next": {"after": ["x"]}}}',
        "[]",
    ],
)
def test_a_malformed_crm_response_is_a_clear_error(payload: str) -> None:
    with respx.mock(base_url="https://api.hubapi.com", assert_all_called=False) as mock:
        mock.post("/crm/v3/objects/emails/search").mock(return_value=httpx.Response(200, text=payload))
        client = HubSpotClient("pat-test", sleep=lambda _: None)
        with pytest.raises(HubSpotError) as caught:
            list(client.email_pages(dt.datetime(2026, 1, 1, tzinfo=dt.UTC), {}))
    assert str(caught.value)
