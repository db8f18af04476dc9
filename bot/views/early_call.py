"""The early call in words: one line per rep, each reason as a short phrase, and the calibration summary."""

from collections.abc import Mapping

from coaching.calibration import MIN_RAMPS, Calibration
from coaching.early_call import EarlyCall
from coaching.early_call_reasons import Reason, ReasonKind

# Shown once per surface, where the chance first appears: it supports a conversation, it decides nothing.
COACHING_AID = (
    "The chance to finish on track is a coaching aid, not a verdict: "
    "it says where to look, and it is not shown to the rep."
)


def early_call_line(call: EarlyCall, labels: Mapping[str, str] | None = None) -> str:
    """Return e.g. "Chance to finish on track: 35% · Meetings booked 40% behind plan for 4 weeks"."""
    reasons = " · ".join(reason_text(r, labels or {}) for r in call.reasons)
    line = f"Chance to finish on track: {call.p_on_track:.0%}"
    return f"{line} · {reasons}" if reasons else line


def reason_text(reason: Reason, labels: Mapping[str, str]) -> str:
    """Return one reason as a short phrase; metric keys become the plan's labels when `labels` has them."""
    metric = labels.get(reason.metric or "", reason.metric or "")
    running = f" for {reason.weeks} weeks" if reason.weeks and reason.weeks > 1 else ""
    match reason.kind:
        case ReasonKind.METRIC_BEHIND:
            return f"{metric} {reason.pct or 0:.0%} behind plan{running}"
        case ReasonKind.METRIC_AHEAD:
            return f"{metric} {reason.pct or 0:.0%} ahead of plan{running}"
        case ReasonKind.FUNNEL_STALL:
            to = labels.get(reason.to_metric or "", reason.to_metric or "")
            against = "a cohort that converts" if reason.basis == "cohort" else "a plan that expects"
            return f"stalls at {metric} → {to} against {against} {reason.factor or 0:.1f}× better"
        case ReasonKind.MILESTONE_MISSED:
            return f"day-{reason.day} milestone missed ({reason.label})"
        case ReasonKind.MILESTONE_HIT:
            return f"day-{reason.day} milestone hit ({reason.label})"
        case ReasonKind.PACE_RISING:
            return f"pace rising {reason.weeks} weeks running"
        case ReasonKind.PACE_FALLING:
            return f"pace falling {reason.weeks} weeks running"
        case ReasonKind.FEW_WEEKS:
            return f"only {reason.weeks} weeks logged, so the chance is uncertain"


def calibration_lines(completed: int, brier: float | None, fitted: Calibration | None) -> list[str]:
    """Return the lines under the reliability table: how many ramps, the Brier score, the correction."""
    lines = [f"{completed} completed ramps; Brier score: " + ("n/a" if brier is None else f"{brier:.3f}")]
    if fitted is None:
        lines.append(f"The model is used as is: recalibration starts at {MIN_RAMPS} completed ramps.")
    else:
        lines.append(
            f"Recalibrated on {fitted.ramps} completed ramps "
            f"(slope {fitted.slope:.2f}, intercept {fitted.intercept:+.2f})."
        )
    return lines
