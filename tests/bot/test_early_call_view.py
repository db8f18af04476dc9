"""The early call in words: one line per rep with its reasons, and the calibration summary."""

import pytest

from bot.views.early_call import COACHING_AID, calibration_lines, early_call_line, reason_text
from coaching.calibration import Calibration
from coaching.early_call import EarlyCall
from coaching.early_call_reasons import Reason, ReasonKind

LABELS = {"meetings": "Meetings booked", "demos": "Demos"}


@pytest.mark.parametrize(
    ("reason", "text"),
    [
        (
            Reason(ReasonKind.METRIC_BEHIND, 1, False, metric="meetings", pct=0.4, weeks=4),
            "Meetings booked 40% behind plan for 4 weeks",
        ),
        (
            Reason(ReasonKind.METRIC_AHEAD, 1, True, metric="demos", pct=0.25, weeks=1),
            "Demos 25% ahead of plan",
        ),
        (
            Reason(
                ReasonKind.FUNNEL_STALL,
                1,
                False,
                metric="meetings",
                to_metric="demos",
                factor=2.0,
                basis="cohort",
            ),
            "stalls at Meetings booked → Demos against a cohort that converts 2.0× better",
        ),
        (
            Reason(ReasonKind.MILESTONE_MISSED, 1, False, day=30, label="8 meetings booked"),
            "day-30 milestone missed (8 meetings booked)",
        ),
        (Reason(ReasonKind.PACE_RISING, 1, True, weeks=3), "pace rising 3 weeks running"),
        (Reason(ReasonKind.PACE_FALLING, 1, False, weeks=2), "pace falling 2 weeks running"),
        (Reason(ReasonKind.FEW_WEEKS, 1, None, weeks=2), "only 2 weeks logged, so the chance is uncertain"),
    ],
)
def test_each_reason_reads_as_a_short_phrase(reason: Reason, text: str) -> None:
    assert reason_text(reason, LABELS) == text


def test_the_line_gives_the_chance_and_the_reasons() -> None:
    call = EarlyCall(0.35, 45, (Reason(ReasonKind.METRIC_BEHIND, 1, False, metric="meetings", pct=0.4),), 0.3)
    assert early_call_line(call, LABELS) == "Chance to finish on track: 35% · Meetings booked 40% behind plan"
    assert early_call_line(EarlyCall(0.9, 45, (), 0.9)) == "Chance to finish on track: 90%"
    assert "coaching aid, not a verdict" in COACHING_AID


def test_the_calibration_summary_says_whether_the_model_was_recalibrated() -> None:
    assert calibration_lines(3, 0.1234, None) == [
        "3 completed ramps; Brier score: 0.123",
        "The model is used as is: recalibration starts at 20 completed ramps.",
    ]
    assert calibration_lines(25, None, Calibration(0.8, -0.1, 25))[1] == (
        "Recalibrated on 25 completed ramps (slope 0.80, intercept -0.10)."
    )
