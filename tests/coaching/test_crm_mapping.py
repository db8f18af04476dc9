"""The CRM mapping: validation with field paths, counting and summing records, and matching owners."""

import datetime as dt
from pathlib import Path

import pytest
import yaml

from bot.views.problems import problem_texts
from coaching.crm import CrmOwner, CrmRecord, RecordKind
from coaching.crm_mapping import metric_values, owner_people, parse_mapping
from coaching.errors import FieldProblem

AT = dt.datetime(2026, 11, 3, 9, tzinfo=dt.UTC)
EXAMPLE = Path(__file__).parents[2] / "examples" / "crm-mapping.yml"


def record(id_: str, kind: RecordKind, **props: str) -> CrmRecord:
    return CrmRecord(id_, kind, "7", AT, AT, props)


def test_the_example_mapping_is_valid_and_names_the_properties_each_kind_needs() -> None:
    mapping = parse_mapping(yaml.safe_load(EXAMPLE.read_text()))
    assert set(mapping.metrics) == {"calls", "conversations", "emails", "meetings", "demos", "pipeline"}
    assert mapping.properties(RecordKind.DEAL) == ["amount"]
    assert mapping.properties(RecordKind.MEETING) == ["hs_activity_type", "hs_meeting_outcome"]


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"metrics": {"calls": {"records": "tweet"}}}, "metrics.calls.records: should be 'call'"),
        ({"metrics": {"calls": {"records": "call", "wher": {}}}}, "metrics.calls.wher: not a field we know"),
        ({"metrics": {}}, "metrics: should have at least 1 item"),
        ({"metrics": {"Calls!": {"records": "call"}}}, "metrics.Calls!.[key]: should match"),
        ({"metrics": {"calls": {"records": "call"}}, "owners": {"7": "riley"}}, "owners.7: should match"),
        ({"metrics": {"pipeline": {"records": "deal", "sum": "a b"}}}, "metrics.pipeline.sum: should match"),
        ([1, 2], "(top level): expected a mapping with metrics"),
    ],
)
def test_a_bad_mapping_names_the_field_at_fault(data: object, problem: str) -> None:
    with pytest.raises(FieldProblem) as caught:
        parse_mapping(data)
    texts = problem_texts(caught.value.problems)
    assert any(t.startswith(problem) for t in texts), texts


def test_records_are_counted_or_summed_when_every_filter_matches_ignoring_case() -> None:
    mapping = parse_mapping(
        {
            "metrics": {
                "calls": {"records": "call"},
                "conversations": {"records": "call", "where": {"hs_call_disposition": ["connected", "LM"]}},
                "demos": {"records": "meeting", "where": {"outcome": "completed", "type": "Demo"}},
                "pipeline": {"records": "deal", "sum": "amount"},
                "proposals": {"records": "deal", "where": {"won": True}},
            }
        }
    )
    records = [
        record("1", RecordKind.CALL, hs_call_disposition="Connected"),
        record("2", RecordKind.CALL, hs_call_disposition="No answer"),
        record("3", RecordKind.MEETING, outcome="COMPLETED", type="demo "),
        record("4", RecordKind.MEETING, outcome="COMPLETED", type="Discovery"),
        record("5", RecordKind.DEAL, amount="12000.50", won="true"),
        record("6", RecordKind.DEAL, amount="not a number"),
        record("7", RecordKind.DEAL),
    ]
    assert metric_values(mapping, records) == {
        "calls": 2, "conversations": 1, "demos": 1, "pipeline": 12000.5, "proposals": 1,
    }  # fmt: skip
    assert metric_values(mapping, []) == dict.fromkeys(mapping.metrics, 0.0)


def test_owners_match_by_override_then_email_and_the_rest_are_reported_not_guessed() -> None:
    mapping = parse_mapping(
        {"metrics": {"calls": {"records": "call"}}, "owners": {"31337": "U0REP1", "Old@Acme.com": "U0REP2"}}
    )
    owners = [
        CrmOwner("31337", "someone@else.com"),
        CrmOwner("8", "old@acme.com"),
        CrmOwner("9", "Sam@Acme.com"),
        CrmOwner("10", "stranger@acme.com"),
        CrmOwner("11", None),
    ]
    matched, unmatched = owner_people(mapping, owners, {"sam@acme.com": "U0REP3", "": "U0NOBODY"})
    assert matched == {"31337": "U0REP1", "8": "U0REP2", "9": "U0REP3"}
    assert [o.id for o in unmatched] == ["10", "11"]
