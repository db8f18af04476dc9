import datetime as dt

import pytest
from pydantic import ValidationError

from coaching.errors import Code, problem
from coaching.touch_csv import parse_touches_csv
from coaching.touches import Channel, Outcome, Stage, Touch

HEADER = "rep,sent_at,channel,step,template,subject,body,outcome\n"


def test_good_rows_become_touches() -> None:
    text = HEADER + (
        'U0REP1,2026-11-02T09:30:00+01:00,email,1,issue-opener,Quick q,"Hi Sam,\nSaw your post.",reply\n'
        "rep@example.com,2026-11-03T10:00:00Z,Call,2,call-script,,,\n"
    )
    result = parse_touches_csv(text)
    assert result.problems == []
    first, second = result.touches
    assert first.rep == "U0REP1" and first.channel is Channel.EMAIL and first.outcome is Outcome.REPLY
    assert first.sent_at == dt.datetime(2026, 11, 2, 8, 30, tzinfo=dt.UTC)
    assert first.body == "Hi Sam,\nSaw your post." and first.stage is Stage.OPENER
    assert second.outcome is Outcome.NONE and second.subject is None and second.stage is Stage.FOLLOW_UP


def test_a_bad_row_is_reported_with_its_line_and_the_rest_still_load() -> None:
    text = HEADER + (
        'U1,2026-11-02T09:30:00Z,email,1,a,s,"two\nlines",none\n'  # lines 2-3
        "U1,2026-11-02T09:30:00,email,1,a,s,,none\n"  # line 4: no time zone
        "U1,2026-11-02T09:31:00Z,fax,x,a,s,,maybe\n"  # line 5: three problems, reported together
        "U1,2026-11-02T09:32:00Z,linkedin,3,b,,,positive reply\n"  # line 6
    )
    result = parse_touches_csv(text)
    assert [t.template for t in result.touches] == ["a", "b"]
    assert result.touches[1].outcome is Outcome.POSITIVE_REPLY
    assert [p.line for p in result.problems] == [4, 5]
    assert [p.code for p in result.problems[0].problems] == [Code.NO_TIME_ZONE_OFFSET]
    assert [p.path for p in result.problems[1].problems] == ["step", "outcome", "channel"]


def test_a_pydantic_problem_names_the_column() -> None:
    result = parse_touches_csv(HEADER + "U1,2026-11-02T09:30:00Z,fax,1,a,,,\n")
    (problem,) = result.problems
    assert problem.line == 2 and [p.path for p in problem.problems] == ["channel"]


def test_a_column_map_reads_other_headers() -> None:
    text = (
        "Owner,When,Type,Step #,Sequence Template,Result\nU1,2026-11-02T09:30:00Z,email,1,a,meeting_booked\n"
    )
    columns = {"rep": "owner", "sent_at": "When", "channel": "Type", "step": "Step #"}
    result = parse_touches_csv(text, columns | {"template": "Sequence Template", "outcome": "Result"})
    assert result.problems == [] and result.touches[0].outcome is Outcome.MEETING_BOOKED


def test_missing_columns_stop_the_import_at_line_one() -> None:
    result = parse_touches_csv("rep,sent_at,channel\nU1,2026-11-02T09:30:00Z,email\n")
    assert result.touches == []
    (problem,) = result.problems
    assert problem.line == 1 and problem.problems[0].code is Code.MISSING_COLUMNS
    assert [name for name, _ in problem.problems[0].params["columns"]] == ["step", "template"]


def test_an_empty_file_and_an_unknown_mapping_are_problems() -> None:
    assert parse_touches_csv("").problems[0].problems == (problem(Code.FILE_EMPTY),)
    unknown = parse_touches_csv(HEADER, {"owner": "rep"}).problems[0].problems
    assert unknown == (problem(Code.UNKNOWN_COLUMNS, columns=["owner"]),)


def test_a_repeated_row_is_skipped_and_keys_are_stable_across_imports() -> None:
    row = "U1,2026-11-02T09:30:00Z,email,1,a,Hello,body,reply\n"
    same_instant = "U1,2026-11-02T10:30:00+01:00,email,1,a,Hello,other body,none\n"
    result = parse_touches_csv(HEADER + row + same_instant)
    assert len(result.touches) == 1 and result.touches[0].outcome is Outcome.REPLY
    assert result.problems[0].line == 3 and result.problems[0].problems == (
        problem(Code.TOUCH_REPEATED, first=2),
    )
    assert parse_touches_csv(HEADER + row).touches[0].key == result.touches[0].key


def test_a_later_row_with_a_better_outcome_updates_the_touch_instead_of_being_refused() -> None:
    sent = "U1,2026-11-02T09:30:00Z,email,1,a,Hello,body,none\n"
    replied = "U1,2026-11-02T09:30:00Z,email,1,a,Hello,body,reply\n"
    result = parse_touches_csv(HEADER + sent + replied)
    assert [t.outcome for t in result.touches] == [Outcome.REPLY]
    assert result.problems == []
    assert [(u.line, u.problems) for u in result.updates] == [
        (3, (problem(Code.TOUCH_IMPROVED, first=2, outcome=Outcome.REPLY),))
    ]
    assert result.lines == {result.touches[0].key: 2}


def test_the_key_changes_with_each_identifying_field() -> None:
    base = Touch(
        rep="U1", sent_at=dt.datetime(2026, 11, 2, tzinfo=dt.UTC), channel=Channel.EMAIL, step=1, template="a"
    )
    changes: list[dict[str, object]] = [
        {"rep": "U2"},
        {"sent_at": dt.datetime(2026, 11, 3, tzinfo=dt.UTC)},
        {"channel": Channel.CALL},
        {"step": 2},
        {"template": "b"},
        {"subject": "Hi"},
    ]
    keys = {base.key} | {base.model_copy(update=c).key for c in changes}
    assert len(keys) == len(changes) + 1
    assert base.model_copy(update={"outcome": Outcome.REPLY, "body": "x"}).key == base.key


def test_a_touch_needs_an_aware_time_and_a_real_rep() -> None:
    with pytest.raises(ValidationError):
        Touch(
            rep=" ",
            sent_at=dt.datetime(2026, 11, 2, tzinfo=dt.UTC),
            channel=Channel.EMAIL,
            step=1,
            template="a",
        )
    with pytest.raises(ValidationError):
        Touch(rep="U1", sent_at=dt.datetime(2026, 11, 2), channel=Channel.EMAIL, step=1, template="a")  # noqa: DTZ001


def test_outcomes_are_ordered_for_response_definitions() -> None:
    assert Outcome.MEETING_BOOKED.at_least(Outcome.REPLY)
    assert not Outcome.REPLY.at_least(Outcome.POSITIVE_REPLY)
    assert Outcome.NONE.at_least(Outcome.NONE)


def test_each_touch_keeps_the_line_it_came_from() -> None:
    text = (
        HEADER + 'U1,2026-11-02T09:30:00Z,email,1,a,s,"two\nlines",\nU1,2026-11-02T09:31:00Z,email,1,a,,,\n'
    )
    result = parse_touches_csv(text)
    assert [result.lines[t.key] for t in result.touches] == [2, 4]
