"""How the figures read (issue 13, defect 2 and 4): blanks named, no 0-of-0 bars, the projection explained."""

import datetime as dt
import json

from slack_sdk.models.blocks import Block

from bot.views.activity import ramp_so_far, week_blocks
from bot.views.digest import row_line
from bot.views.text import status_words
from coaching.activity import Enrollment, WeekLog, week_summary
from coaching.digest import Row
from coaching.status import ramp_status
from tests.coaching.builders import make_plan

START = dt.date(2026, 10, 5)  # a Monday
ENROLLMENT = Enrollment("U1", "tiny", 1, START)
PLAN = make_plan(
    length_days=28,
    metrics=[
        {"key": "calls", "label": "Calls", "max_per_week": 400, "target": {"full": 60}},
        {"key": "demos", "label": "Demos", "max_per_week": 40, "target": {"weekly": [0, 0, 2, 2]}},
        {"key": "pipeline", "label": "Pipeline", "max_per_week": 1e6, "target": {"full": 50000}},
    ],
)


def text(*blocks: Block) -> str:
    return json.dumps([b.to_dict() for b in blocks])


def test_a_metric_with_no_target_yet_shows_no_target_not_a_full_bar() -> None:
    summary = week_summary(PLAN, ENROLLMENT, WeekLog(START, {"calls": 60, "demos": 0}))
    shown = text(*week_blocks(summary))
    assert "Demos: *0* (no target yet)" in shown
    assert "0 of 0" not in shown and "(100%)" in shown  # calls: 60 of 60


def test_the_ramp_so_far_names_the_metric_left_blank_and_is_not_dragged_down() -> None:
    logs = [WeekLog(START, {"calls": 60, "demos": 0}), WeekLog(START + dt.timedelta(weeks=1), {"calls": 60})]
    status = ramp_status(PLAN, ENROLLMENT, logs, START + dt.timedelta(days=14))
    shown = text(ramp_so_far(status))
    assert "*100%* of plan (on track; Pipeline not logged for 2 weeks)" in shown


def test_the_projection_says_what_it_assumes() -> None:
    logs = [WeekLog(START, {"calls": 90, "pipeline": 75000})]
    status = ramp_status(PLAN, ENROLLMENT, logs, START + dt.timedelta(days=7))
    shown = text(ramp_so_far(status))
    assert "ends ~150%" in shown
    assert "plus the plan's targets for the 3 weeks left at the recent pace (150% of plan)" in shown


def test_a_digest_line_names_the_blanks_in_the_same_words() -> None:
    row = Row("U1", "Riley", "Max", 15, 1.0, "on track", [1.0, None], 0.9, (("Pipeline", 2),))
    assert "100% on track; Pipeline not logged for 2 weeks · trend 100%/— · ends ~90%" in row_line(row)


def test_many_blank_metrics_are_counted_after_the_first_two() -> None:
    blanks = [("Calls", 1), ("Emails", 1), ("Demos", 2), ("Pipeline", 1)]
    assert status_words("at risk", blanks) == (
        "at risk; Calls not logged for 1 week, Emails not logged for 1 week, 2 more metrics left blank"
    )
