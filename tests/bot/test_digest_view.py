"""The digest's Slack messages: one message for a small cohort, a thread within Slack's limits for a large
one; the CSV table and the chart."""

import csv
import dataclasses
import datetime as dt
import io
import json

from bot.services.digest import DigestData, PlanCurve
from bot.views.digest import digest_messages, is_split, size, table_csv
from bot.views.digest_chart import chart_png
from coaching.digest import RepInput, build_digest
from coaching.status import Status
from tests.coaching.test_digest import status

STATES = [Status.ON_TRACK, Status.AT_RISK, Status.BEHIND]


def data(reps: int) -> DigestData:
    inputs = [
        RepInput(
            f"U{n:05d}",
            f"Rep Number {n}",
            f"Manager {n // 8}",
            status(f"U{n:05d}", STATES[n % 3], stall="meetings → demos" if n % 2 else None),
            status(f"U{n:05d}", STATES[(n + 1) % 3]),
        )
        for n in range(reps)
    ]
    curves = [(f"Rep Number {n}", [0.0, 0.05 * (1 + n % 3), 0.1 * (1 + n % 3)]) for n in range(reps)]
    plans = [PlanCurve("AE 90", [0.0, 0.06, 0.15, 0.25], 0.9, 0.7)]
    return DigestData("T111", "2026-W48", dt.date(2026, 11, 23), build_digest(inputs), curves, plans)


def texts(blocks: list[dict[str, object]]) -> list[str]:
    return [str(b["text"]["text"]) for b in blocks if isinstance(b.get("text"), dict)]  # type: ignore[index]


def test_a_small_cohort_is_one_message_with_every_section_in_order() -> None:
    (message,) = digest_messages(data(4))
    text, blocks = message
    assert text == "Ramp digest 2026-W48: 4 reps ramping (2 on track, 1 at risk, 1 behind)"
    body = "\n".join(texts([b.to_dict() for b in blocks]))
    titles = ["Ramp digest", "Cohort", "At risk or behind", "Milestones this week", "Reviews by manager"]
    titles += ["Ecosystem signal", "Messaging: what is winning"]
    assert [body.index(t) for t in titles] == sorted(body.index(t) for t in titles)
    assert "No reviews were due or done" in body and "No outreach touches in the last four weeks" in body
    assert "probably a process, enablement or marketing problem" in body


def test_a_300_rep_cohort_splits_into_a_thread_that_respects_slacks_limits() -> None:
    messages = digest_messages(data(300))
    assert is_split(messages) and len(messages) > 2
    head_text, head = messages[0]
    assert "300 reps ramping" in head_text
    assert "*300 reps ramping*" in texts([b.to_dict() for b in head])[0]
    lines = 0
    for _, blocks in messages:
        assert len(blocks) <= 50 and size(blocks) <= 13_000
        for text in texts([b.to_dict() for b in blocks]):
            assert len(text) <= 3000
            assert max(len(line) for line in text.splitlines()) <= 200  # one short line per rep
        lines += sum(t.count("· trend") for t in texts([b.to_dict() for b in blocks]))
    assert lines == 300  # every rep, once


def test_the_csv_holds_the_whole_table_one_row_per_rep() -> None:
    rows = list(csv.DictReader(io.StringIO(table_csv(data(300).digest))))
    assert len(rows) == 300
    assert rows[0] == {
        "rep_id": "U00000",
        "rep": "Rep Number 0",
        "manager": "Manager 0",
        "day": "45",
        "attainment": "1.000",
        "status": "on track",
        "trend": "0.900 1.000 ",
        "projection": "0.950",
    }


def test_the_chart_is_a_png_and_there_is_none_without_a_complete_week() -> None:
    png = chart_png(data(20))
    assert png is not None and png.startswith(b"\x89PNG\r\n\x1a\n")
    empty = data(0)
    assert chart_png(empty) is None
    assert json.dumps(texts([b.to_dict() for b in digest_messages(empty)[0][1]])).count("No reps") == 2


def test_hire_classes_are_compared_in_the_digest_and_drawn_one_median_curve_each() -> None:
    from coaching.cohorts import ClassMember, compare_classes

    plan = [0.0, 0.06, 0.15, 0.25]
    june = [
        ClassMember(f"J{n}", dt.date(2026, 6, 1), [0.0, 0.06, 0.15], plan, 0.9, stall="meetings")
        for n in range(3)
    ]
    sept = [ClassMember(f"S{n}", dt.date(2026, 9, 7), [0.0, 0.03], plan, 0.9) for n in range(2)]
    base = data(5)
    with_classes = dataclasses.replace(base, classes=compare_classes(june + sept))
    (message,) = digest_messages(with_classes)
    text = "\n".join(texts([b.to_dict() for b in message[1]]))
    assert "*Hire classes at ramp week 1*" in text
    assert "Jun 2026 starters (3): median 100% of plan · 100% on track · stalls at meetings" in text
    assert "Sep 2026 starters (2): median 50% of plan · 0% on track" in text
    plain = chart_png(base)
    drawn = chart_png(with_classes)
    assert plain and drawn and plain != drawn  # the class curves are drawn
